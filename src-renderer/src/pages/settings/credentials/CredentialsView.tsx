/**
 * The Credentials view: every secret the console keeps, set or not and from where, never a value.
 * Without a keychain a banner says what is missing and the controls stay off.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { useCredentialsStore } from '../../../stores/credentials-store';
import { useSettingsIdentityStore } from '../../../stores/settings-identity-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { RefreshButton } from '../../../ui/RefreshButton';
import { AdminRequired } from '../AdminRequired';
import { CredentialRow } from './CredentialRow';
import { KeychainBanner } from './KeychainBanner';

export function CredentialsView() {
  const bridge = useBridge();
  const list = useCredentialsStore((store) => store.list);
  const identity = useSettingsIdentityStore((store) => store.identity.data);

  useEffect(() => {
    void useCredentialsStore.getState().load(bridge);
    // A half-typed secret must not wait in memory for the next visit.
    return () => useCredentialsStore.getState().edit(null);
  }, [bridge]);

  if (list.error?.code === 'forbidden') return <AdminRequired identity={identity} message={list.error.message} />;

  const actions = (
    <RefreshButton onRefresh={() => void useCredentialsStore.getState().load(bridge)} loading={list.loading} testId="credentials-refresh" />
  );
  const footer = list.data && (
    <span>
      Values are kept in the OS keychain (Secret Service) and never shown; an environment variable may supply one on a headless server.
    </span>
  );

  return (
    <div className="settings-view">
      {list.data && !list.data.keychainAvailable && <KeychainBanner problem={list.data.keychainProblem} />}
      <Card id="credentials-card" title="Credentials" actions={actions} footer={footer}>
        {list.error && <InlineError error={list.error} testId="credentials-error" stale={list.data !== null} />}
        {!list.data && !list.error && <Pending>Loading credentials…</Pending>}
        {list.data && list.data.credentials.length === 0 && (
          <p className="muted" data-testid="credentials-empty">
            This engine keeps no credentials.
          </p>
        )}
        {list.data && list.data.credentials.length > 0 && (
          <ul className="credential-list" data-testid="credential-list">
            {list.data.credentials.map((credential) => (
              <CredentialRow key={credential.name} credential={credential} keychainAvailable={list.data?.keychainAvailable ?? false} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
