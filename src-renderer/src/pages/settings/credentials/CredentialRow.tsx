/**
 * One secret: its name and meaning, whether it is set and where the value comes from (the keychain or
 * an environment variable) — never the value — with set/replace and delete.
 */
import type { CredentialInfo } from '../../../../../src-shared/domain/security';
import { useBridge } from '../../../bridge-context';
import { useCredentialsStore } from '../../../stores/credentials-store';
import { Badge } from '../../../ui/Card';
import { InlineConfirm } from '../InlineConfirm';
import { CredentialForm } from './CredentialForm';

/** What replacing a secret breaks, where that is more than the obvious. */
const REPLACE_WARNING: Record<string, string> = {
  'auth.jwtSigningKey':
    'Every token signed with the old key stops working at once, this console’s session included. It must be base64url, at least 32 bytes.',
};

/** What deleting a secret breaks, beyond "whatever uses it". */
const DELETE_WARNING: Record<string, string> = {
  'auth.jwtSigningKey': 'Every token signed with it stops working, this console’s session included.',
};

function sourceText(credential: CredentialInfo): string {
  if (credential.source === 'keychain') return 'from the OS keychain';
  if (credential.source === 'environment') return `from the environment variable ${credential.environmentVariable ?? ''}`.trim();
  return credential.environmentVariable ? `may also come from the environment variable ${credential.environmentVariable}` : '';
}

export function CredentialRow({ credential, keychainAvailable }: { credential: CredentialInfo; keychainAvailable: boolean }) {
  const bridge = useBridge();
  const editing = useCredentialsStore((store) => store.editing === credential.name);
  const confirmingDelete = useCredentialsStore((store) => store.confirmingDelete === credential.name);
  const deleting = useCredentialsStore((store) => store.deleting === credential.name);
  const actionError = useCredentialsStore((store) => (store.actionError?.name === credential.name ? store.actionError.error : null));
  const lastChange = useCredentialsStore((store) => (store.lastChange?.name === credential.name ? store.lastChange.action : null));
  const store = useCredentialsStore.getState;
  const inKeychain = credential.set && credential.source === 'keychain';
  const disabledReason = keychainAvailable ? undefined : 'the OS keychain is not available';

  return (
    <li
      className="credential"
      data-testid="credential-row"
      data-name={credential.name}
      data-set={credential.set}
      data-source={credential.source ?? 'none'}
    >
      <div className="credential-head">
        <div className="credential-name">
          <code>{credential.name}</code>
          <span className="credential-description">{credential.description}</span>
        </div>
        <div className="credential-state">
          <Badge tone={credential.set ? 'ok' : 'neutral'} value={credential.set ? 'set' : 'not-set'} testId="credential-status">
            {credential.set ? 'set' : 'not set'}
          </Badge>
          <span className="credential-source" data-testid="credential-source">
            {sourceText(credential)}
          </span>
        </div>
        <div className="button-row compact credential-actions">
          {!editing && (
            <button
              type="button"
              className="button small"
              onClick={() => store().edit(credential.name)}
              disabled={!keychainAvailable}
              title={disabledReason}
              aria-label={`${credential.set ? 'Replace' : 'Set'} ${credential.name}`}
              data-testid="credential-edit"
            >
              {credential.set ? 'Replace' : 'Set'}
            </button>
          )}
          <button
            type="button"
            className="button small danger"
            onClick={() => store().askDelete(credential.name)}
            disabled={!keychainAvailable || !inKeychain || confirmingDelete}
            title={disabledReason ?? (inKeychain ? undefined : 'nothing stored in the keychain')}
            aria-label={`Delete ${credential.name}`}
            data-testid="credential-delete"
          >
            Delete
          </button>
        </div>
      </div>
      {credential.source === 'environment' && (
        <p className="field-hint">
          The environment variable is set where the engine was started; change or unset it there. A value saved here goes to the keychain.
        </p>
      )}
      {editing && (
        <CredentialForm
          name={credential.name}
          replacing={credential.set}
          {...(REPLACE_WARNING[credential.name] ? { warning: REPLACE_WARNING[credential.name] } : {})}
        />
      )}
      {confirmingDelete && (
        <InlineConfirm
          confirmLabel="Delete secret"
          busyLabel="Deleting…"
          busy={deleting}
          onConfirm={() => void store().remove(bridge, credential.name)}
          onCancel={() => store().askDelete(null)}
          testId="credential-delete-confirm"
        >
          Delete <code>{credential.name}</code> from the OS keychain? Whatever uses it stops working until it is set again.
          {DELETE_WARNING[credential.name] && <strong className="text-error"> {DELETE_WARNING[credential.name]}</strong>}
        </InlineConfirm>
      )}
      {actionError && (
        <p className="field-error" role="alert" data-testid="credential-error">
          <code>{actionError.code}</code> {actionError.message}
        </p>
      )}
      {lastChange && (
        <p className="credential-done text-ok" role="status" data-testid="credential-done">
          {lastChange === 'set' ? 'Saved to the OS keychain.' : 'Deleted from the OS keychain.'}
        </p>
      )}
    </li>
  );
}
