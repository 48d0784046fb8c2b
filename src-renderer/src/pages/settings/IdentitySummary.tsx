/**
 * The strip at the top of Settings: who the console is signed in as (`auth.whoami`), with which role,
 * over which campaigns, and how (a token, a console session or the local operator).
 */
import { primaryRole } from '../../../../src-shared/rbac';
import { campaignName, useSettingsIdentityStore } from '../../stores/settings-identity-store';
import { InlineError, Pending } from '../../ui/Card';
import { identityKindLabel, roleLabel } from './identity-labels';

export function IdentitySummary() {
  const identity = useSettingsIdentityStore((store) => store.identity);
  const campaigns = useSettingsIdentityStore((store) => store.campaigns.data);

  if (!identity.data) {
    return (
      <section className="settings-identity" aria-label="Signed in as" data-testid="settings-identity">
        {identity.error ? (
          <InlineError error={identity.error} testId="settings-identity-error" stale={false} />
        ) : (
          <Pending>Asking the engine who you are…</Pending>
        )}
      </section>
    );
  }

  const who = identity.data;
  const scoped = who.campaignAccess ? Object.keys(who.campaignAccess) : null;
  const otherRoles = who.roles.filter((role) => role !== primaryRole(who));
  return (
    <section className="settings-identity" aria-label="Signed in as" data-testid="settings-identity">
      <dl className="settings-identity-facts">
        <div>
          <dt className="settings-identity-label">Signed in as</dt>
          <dd className="settings-identity-value" data-testid="whoami-user" title={who.userId}>
            {who.username}
          </dd>
        </div>
        <div>
          <dt className="settings-identity-label">Role</dt>
          <dd className="settings-identity-value" data-testid="whoami-role">
            {roleLabel(primaryRole(who))}
            {otherRoles.length > 0 && <span className="muted"> (also {otherRoles.map(roleLabel).join(', ')})</span>}
          </dd>
        </div>
        <div>
          <dt className="settings-identity-label">Scope</dt>
          <dd className="settings-identity-value" data-testid="whoami-scope">
            {scoped === null
              ? 'every campaign'
              : scoped.length === 0
                ? 'no campaign'
                : scoped.map((id) => campaignName(campaigns, id)).join(', ')}
          </dd>
        </div>
        <div>
          <dt className="settings-identity-label">Through</dt>
          <dd className="settings-identity-value" data-testid="whoami-kind">
            {identityKindLabel(who.kind)}
          </dd>
        </div>
      </dl>
    </section>
  );
}
