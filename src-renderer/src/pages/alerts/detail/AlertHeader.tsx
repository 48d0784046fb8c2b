/**
 * The top of an alert's detail: its state, severity and name, the summary and description filled in at
 * the last evaluation, its markers, and the responder's actions — acknowledge (with an optional comment),
 * silence, open the runbook (with this alert as its context) and open the rule.
 */
import { useId } from 'react';
import type { AlertDetail } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertDetailStore } from '../../../stores/alert-detail-store';
import { Badge } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { SafeMarkdown } from '../../../ui/SafeMarkdown';
import { AccessNote, LoadError } from '../AccessNotices';
import { SEVERITY_TONE, STATE_TONE } from '../alert-labels';
import { alertsHref, runbookHref } from '../alerts-route';
import { AlertMarkers } from '../list/AlertMarkers';
import { IncidentReportButtons } from './IncidentReportButtons';

interface AlertHeaderProps {
  detail: AlertDetail;
  silencing: boolean;
  onSilence(): void;
}

export function AlertHeader({ detail, silencing, onSilence }: AlertHeaderProps) {
  const bridge = useBridge();
  const { alert } = detail;
  const comment = useAlertDetailStore((store) => store.ackComment);
  const acking = useAlertDetailStore((store) => store.acking);
  const ackError = useAlertDetailStore((store) => store.ackError);
  const silenceAccess = useAdminAccess('Silencing');
  const commentId = useId();
  const runbook = alert.annotations.runbook ?? '';
  const active = alert.state === 'firing' || alert.state === 'pending';

  return (
    <section className={`card alert-header severity-${alert.severity}`} aria-labelledby="alert-title" data-testid="alert-header">
      <div className="alert-header-main">
        <div className="alert-header-badges">
          <Badge tone={STATE_TONE[alert.state]} value={alert.state} testId="alert-detail-state">
            {alert.state}
          </Badge>
          <Badge tone={SEVERITY_TONE[alert.severity]} value={alert.severity} testId="alert-detail-severity">
            {alert.severity}
          </Badge>
          <AlertMarkers alert={alert} dashWhenNone={false} />
        </div>
        <h2 id="alert-title" className="alert-title" data-testid="alert-title">
          {alert.labels.alertname ?? alert.ruleName}
        </h2>
        {(alert.labels.alertname ?? alert.ruleName) !== alert.ruleName && <p className="muted">Raised by the rule {alert.ruleName}</p>}
        {alert.annotations.summary ? (
          <p className="alert-header-summary" data-testid="alert-summary">
            {alert.annotations.summary}
          </p>
        ) : (
          <p className="muted">This rule has no summary annotation.</p>
        )}
        {alert.annotations.description && (
          <SafeMarkdown text={alert.annotations.description} className="alert-description" testId="alert-description" />
        )}
        {alert.silencedBy.length > 0 && (
          <p className="alert-muted-note" data-testid="alert-silenced-note">
            Silenced: no notification is sent while {alert.silencedBy.length === 1 ? 'silence' : 'silences'}{' '}
            {alert.silencedBy.map((id, index) => (
              <span key={id}>
                {index > 0 && ', '}
                <a href={alertsHref.silences()}>
                  <code>{id}</code>
                </a>
              </span>
            ))}{' '}
            {alert.silencedBy.length === 1 ? 'is' : 'are'} active.
          </p>
        )}
        {alert.acknowledged && (
          <p className="alert-ack-note" data-testid="alert-ack-note">
            Acknowledged by <strong>{alert.acknowledged.username}</strong> at {formatDateTime(alert.acknowledged.at)}
            {alert.acknowledged.comment && <>: “{alert.acknowledged.comment}”</>}
          </p>
        )}
      </div>
      <div className="alert-header-actions">
        <div className="button-row">
          {runbook ? (
            <a className="button primary" href={runbookHref(runbook, alert.fingerprint)} data-testid="alert-runbook-link">
              Open runbook
            </a>
          ) : (
            <span className="muted" data-testid="alert-no-runbook">
              No runbook linked
            </span>
          )}
          <button
            type="button"
            className="button"
            onClick={onSilence}
            disabled={!silenceAccess.allowed || silencing}
            title={silenceAccess.reason ?? 'Mute notifications for alerts with these labels for a while'}
            data-testid="alert-silence"
          >
            Silence…
          </button>
          <a className="button" href={alertsHref.rule(alert.ruleName)} data-testid="alert-rule-link">
            Rule
          </a>
        </div>
        <IncidentReportButtons alert={alert} />
        <AccessNote reason={silenceAccess.reason} testId="alert-silence-access" />
        {active && !alert.acknowledged && (
          <form
            className="ack-form"
            onSubmit={(event) => {
              event.preventDefault();
              void useAlertDetailStore.getState().acknowledge(bridge);
            }}
            data-testid="ack-form"
          >
            <label htmlFor={commentId} className="visually-hidden">
              Acknowledgement comment
            </label>
            <input
              id={commentId}
              type="text"
              maxLength={2000}
              placeholder="Comment (optional)"
              value={comment}
              onChange={(event) => useAlertDetailStore.getState().setAckComment(event.target.value)}
              data-testid="ack-comment"
            />
            <button type="submit" className="button" disabled={acking} aria-busy={acking} data-testid="ack-submit">
              {acking ? 'Acknowledging…' : 'Acknowledge'}
            </button>
          </form>
        )}
        {ackError && <LoadError error={ackError} testId="ack-error" stale={false} />}
      </div>
    </section>
  );
}
