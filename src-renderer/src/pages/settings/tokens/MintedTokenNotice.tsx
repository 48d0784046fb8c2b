/**
 * The token just minted, shown this once: a read-only field to copy it from, what it grants and until
 * when, and a dismiss. The console never stores the value; once dismissed (or the view is left) it is
 * gone for good.
 */
import { useEffect, useRef, useState } from 'react';
import { KeyIcon } from '../../../shell/icons';
import { campaignName, useSettingsIdentityStore } from '../../../stores/settings-identity-store';
import { useTokensStore } from '../../../stores/tokens-store';
import { formatDateTime } from '../../../ui/format-units';
import { roleLabel } from '../identity-labels';

type CopyState = 'idle' | 'copied' | 'failed';

export function MintedTokenNotice() {
  const minted = useTokensStore((store) => store.minted);
  const campaigns = useSettingsIdentityStore((store) => store.campaigns.data);
  const fieldRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  // A new token takes the focus, selected, so Ctrl+C copies it straight away.
  useEffect(() => {
    setCopy('idle');
    if (minted) {
      fieldRef.current?.focus();
      fieldRef.current?.select();
    }
  }, [minted]);

  if (!minted) return null;
  const { token, info } = minted;

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopy('copied');
    } catch {
      // No clipboard access (permissions, an insecure origin): leave the text selected for Ctrl+C.
      fieldRef.current?.focus();
      fieldRef.current?.select();
      setCopy('failed');
    }
  };

  return (
    <section className="minted-token" aria-labelledby="minted-token-title" data-testid="minted-token" data-token-id={info.id}>
      <div className="minted-token-head">
        <KeyIcon />
        <h2 id="minted-token-title">
          New {roleLabel(info.role)} token{info.label ? ` for “${info.label}”` : ''}
        </h2>
      </div>
      <p className="minted-token-warning" data-testid="minted-token-warning">
        <strong>Copy it now; it will not be shown again.</strong> The console keeps only the token’s id, so nobody can display it later — if
        it is lost, mint a new one and revoke this one.
      </p>
      <div className="minted-token-row">
        <label htmlFor="minted-token-value" className="visually-hidden">
          The new token
        </label>
        <input
          id="minted-token-value"
          ref={fieldRef}
          type="text"
          className="minted-token-value"
          value={token}
          readOnly
          autoComplete="off"
          spellCheck={false}
          onFocus={(event) => event.target.select()}
          data-testid="minted-token-value"
        />
        <button type="button" className="button primary" onClick={() => void onCopy()} data-testid="minted-token-copy">
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="minted-token-status" aria-live="polite" data-testid="minted-token-copy-status">
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'failed' && 'The clipboard is not available here: the token is selected, press Ctrl+C (⌘C) to copy it.'}
      </p>
      <p className="muted">
        {roleLabel(info.role)} · {info.campaignId ? `campaign ${campaignName(campaigns, info.campaignId)}` : 'every campaign'} · expires{' '}
        <time dateTime={info.expiresAt} title={info.expiresAt}>
          {formatDateTime(info.expiresAt)}
        </time>
        {' · '}send it as <code className="nowrap">Authorization: Bearer &lt;token&gt;</code>
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => useTokensStore.getState().dismissMinted()}
          data-testid="minted-token-dismiss"
        >
          I have copied it — hide the token
        </button>
      </div>
    </section>
  );
}
