/**
 * What the Alerts page says about permissions: the notice shown instead of the page to a caller without
 * metrics.view, the error of a call the engine refused (403 reads as a sentence, not a code), and the
 * note beside an edit action the caller's role cannot use.
 */
import type { WhoAmI } from '../../../../src-shared/domain/security';
import { primaryRole } from '../../../../src-shared/rbac';
import { KeyIcon } from '../../shell/icons';
import { InlineError } from '../../ui/Card';
import type { ErrorView } from '../../ui/error-view';
import { roleLabel } from '../settings/identity-labels';

export function ViewPermissionRequired({ identity }: { identity: WhoAmI }) {
  return (
    <section className="notice-panel" data-testid="alerts-view-required" aria-labelledby="alerts-view-required-title">
      <div className="notice-panel-title">
        <KeyIcon />
        <h2 id="alerts-view-required-title">Alerts need the metrics.view permission</h2>
      </div>
      <p>
        Alerts, silences, rules and notification channels are part of monitoring, which the developer and admin roles see. You are signed in
        as <strong>{identity.username}</strong> with the role <strong>{roleLabel(primaryRole(identity))}</strong>.
      </p>
      <p className="muted">Runbooks stay open to every role. Ask an admin for a developer or admin token to see the alerts.</p>
    </section>
  );
}

/** An error of a load or an action: `forbidden` in words (with the permission's owner), anything else as the typed code. */
export function LoadError({ error, testId, stale }: { error: ErrorView; testId: string; stale: boolean }) {
  if (error.code === 'forbidden') {
    return (
      <div className="inline-error" role="alert" data-testid={testId} data-code="forbidden">
        <KeyIcon />
        <div>
          <p>
            <strong>Not allowed.</strong> Your role does not include this: {error.message}
          </p>
          <p className="muted">Ask an admin for a token with the developer or admin role.</p>
        </div>
      </div>
    );
  }
  return <InlineError error={error} testId={testId} stale={stale} />;
}

/** The reason an edit action is disabled, shown once above the actions it concerns. */
export function AccessNote({ reason, testId }: { reason: string | null; testId: string }) {
  if (!reason) return null;
  return (
    <p className="access-note" data-testid={testId}>
      <KeyIcon />
      <span>{reason}</span>
    </p>
  );
}
