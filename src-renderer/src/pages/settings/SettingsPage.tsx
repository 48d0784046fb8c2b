/**
 * The Settings page: who is signed in, then tokens (mint, list, revoke), credentials in the OS keychain
 * and the hash-chained audit log. All three need story.admin: a caller without it gets one clear notice
 * instead of the views. Which view shows comes from the hash (settings-route.ts).
 */
import { type ReactNode, useEffect, useMemo } from 'react';
import { SECURITY_ADMIN_PERMISSION } from '../../../../src-shared/rbac';
import { useBridge } from '../../bridge-context';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { hashSegments, useHash } from '../../shell/hash-route';
import { useSettingsIdentityStore } from '../../stores/settings-identity-store';
import { Pending } from '../../ui/Card';
import { AdminRequired } from './AdminRequired';
import { AuditView } from './audit/AuditView';
import { BackupsView } from './backups/BackupsView';
import { CredentialsView } from './credentials/CredentialsView';
import { IdentitySummary } from './IdentitySummary';
import { SettingsTabs } from './SettingsTabs';
import { parseSettingsRoute, type SettingsRoute, settingsHref } from './settings-route';
import { TokensView } from './tokens/TokensView';

export function SettingsPage() {
  const bridge = useBridge();
  const hash = useHash();
  const route = useMemo(() => parseSettingsRoute(hashSegments(hash).slice(1)), [hash]);
  const identity = useSettingsIdentityStore((store) => store.identity);

  useEffect(() => {
    void useSettingsIdentityStore.getState().load(bridge);
  }, [bridge]);

  // Until whoami answers the views wait; if it fails they still open and show their own errors.
  const isAdmin = identity.data ? identity.data.permissions.includes(SECURITY_ADMIN_PERMISSION) : null;
  let body: ReactNode;
  if (isAdmin === false) body = <AdminRequired identity={identity.data} />;
  else if (isAdmin === null && !identity.error) body = <Pending>Loading settings…</Pending>;
  else {
    body = (
      <>
        <SettingsTabs route={route} />
        <ErrorBoundary scope="this view of the Settings page" resetKey={hash}>
          <RouteView route={route} />
        </ErrorBoundary>
      </>
    );
  }

  return (
    <div className="settings-page">
      <IdentitySummary />
      {body}
    </div>
  );
}

function RouteView({ route }: { route: SettingsRoute }) {
  switch (route.view) {
    case 'tokens':
      return <TokensView />;
    case 'credentials':
      return <CredentialsView />;
    case 'audit':
      return <AuditView />;
    case 'backups':
      return <BackupsView />;
    case 'unknown':
      return (
        <section className="notice-panel" data-testid="settings-view-not-found">
          <h2>No Settings view at “{route.path}”</h2>
          <p>
            The link may be mistyped or from a newer console. <a href={settingsHref.tokens()}>Go to Tokens</a>.
          </p>
        </section>
      );
  }
}
