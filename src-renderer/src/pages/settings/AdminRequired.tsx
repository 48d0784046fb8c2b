/**
 * What a caller without story.admin sees instead of tokens, credentials and the audit log: which role
 * it has, which it needs, and how to get in as an admin. The channels answer 403 `forbidden`; this
 * says so in words rather than showing three broken views.
 */
import type { WhoAmI } from '../../../../src-shared/domain/security';
import { primaryRole } from '../../../../src-shared/rbac';
import { KeyIcon } from '../../shell/icons';
import { roleLabel } from './identity-labels';

export function AdminRequired({ identity, message }: { identity: WhoAmI | null; message?: string }) {
  return (
    <section className="notice-panel" data-testid="settings-admin-required" aria-labelledby="admin-required-title">
      <div className="notice-panel-title">
        <KeyIcon />
        <h2 id="admin-required-title">These settings require the admin role</h2>
      </div>
      <p>
        Tokens, credentials and the audit log need the <code className="nowrap">story.admin</code> permission, which only the admin role
        holds.{' '}
        {identity && (
          <>
            You are signed in as <strong>{identity.username}</strong> with the role <strong>{roleLabel(primaryRole(identity))}</strong>.
          </>
        )}
      </p>
      {message && <p className="muted">The engine answered: {message}</p>}
      <p className="muted">
        Ask an admin for a token with the admin role, or open the login URL that <code className="nowrap">novel-console serve</code> printed
        on the machine that runs it.
      </p>
    </section>
  );
}
