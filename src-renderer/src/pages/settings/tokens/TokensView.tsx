/**
 * The Tokens view: the mint form, the token just minted (shown once), and the list of tokens with the
 * "include expired and revoked" toggle. Leaving the view forgets a minted token not yet dismissed.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { useSettingsIdentityStore } from '../../../stores/settings-identity-store';
import { useTokensStore } from '../../../stores/tokens-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { RefreshButton } from '../../../ui/RefreshButton';
import { AdminRequired } from '../AdminRequired';
import { MintedTokenNotice } from './MintedTokenNotice';
import { MintTokenForm } from './MintTokenForm';
import { TokensTable } from './TokensTable';

export function TokensView() {
  const bridge = useBridge();
  const list = useTokensStore((store) => store.list);
  const includeInactive = useTokensStore((store) => store.includeInactive);
  const identity = useSettingsIdentityStore((store) => store.identity.data);
  const store = useTokensStore.getState;

  useEffect(() => {
    void useTokensStore.getState().load(bridge);
    return () => useTokensStore.getState().dismissMinted();
  }, [bridge]);

  if (list.error?.code === 'forbidden') return <AdminRequired identity={identity} message={list.error.message} />;

  const actions = (
    <div className="filters">
      <label className="inline-field">
        <input
          type="checkbox"
          checked={includeInactive}
          onChange={(event) => store().setIncludeInactive(bridge, event.target.checked)}
          data-testid="tokens-include-inactive"
        />
        <span>Include expired and revoked</span>
      </label>
      <RefreshButton onRefresh={() => void store().load(bridge)} loading={list.loading} testId="tokens-refresh" />
    </div>
  );

  const count = list.data?.length ?? 0;
  const footer = list.data && (
    <span data-testid="tokens-count">
      {count === 0 ? 'No tokens' : `${count} ${includeInactive ? '' : 'active '}token${count === 1 ? '' : 's'}`} · a token’s value is never
      stored, only its id
    </span>
  );

  return (
    <div className="settings-view">
      <MintTokenForm />
      <MintedTokenNotice />
      <Card id="tokens-card" title="Tokens" actions={actions} footer={footer}>
        {list.error && <InlineError error={list.error} testId="tokens-error" stale={list.data !== null} />}
        {!list.data && !list.error && <Pending>Loading tokens…</Pending>}
        {list.data && list.data.length === 0 && (
          <p className="muted" data-testid="tokens-empty">
            {includeInactive ? 'No token has been minted yet.' : 'No active tokens. Mint one above, or include expired and revoked ones.'}
          </p>
        )}
        {list.data && list.data.length > 0 && <TokensTable tokens={list.data} />}
      </Card>
    </div>
  );
}
