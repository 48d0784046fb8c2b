/**
 * The alert a runbook was opened for, live: its state and severity, the value its rule compares now
 * against the threshold, since when, whether it is silenced or acknowledged, its rule's series over the
 * last hours as a chart and its latest transitions. Refreshed by the page on every `alerts.changed`.
 */
import type { AlertDetail } from '../../../../../src-shared/domain/alerts';
import type { Loadable } from '../../../stores/loadable';
import { ALERT_CHART_HOURS } from '../../../stores/runbook-incident-store';
import { Badge, type BadgeTone, Card, InlineError, Pending } from '../../../ui/Card';
import { formatAge, formatClock } from '../../../ui/format-units';
import { useNow } from '../../../ui/use-now';
import { AlertChart } from './AlertChart';
import { formatAlertValue } from './alert-chart-option';

const STATE_TONE: Record<string, BadgeTone> = { firing: 'error', pending: 'warning', resolved: 'ok', inactive: 'neutral' };
const SEVERITY_TONE: Record<string, BadgeTone> = { critical: 'error', warning: 'warning', info: 'info' };

export function AlertContext({ fingerprint, state }: { fingerprint: string; state: Loadable<AlertDetail> }) {
  const now = useNow(5000);
  const detail = state.data;
  const forbidden = state.error?.code === 'forbidden';
  return (
    <Card
      id="alert-context"
      title="Alert"
      className="card-wide runbook-alert"
      actions={
        detail && (
          <span className="runbook-alert-badges">
            <Badge tone={SEVERITY_TONE[detail.alert.severity] ?? 'neutral'} value={detail.alert.severity} testId="alert-severity">
              {detail.alert.severity}
            </Badge>
            <Badge tone={STATE_TONE[detail.alert.state] ?? 'neutral'} value={detail.alert.state} testId="alert-state">
              {detail.alert.state}
            </Badge>
          </span>
        )
      }
    >
      {state.error &&
        (forbidden ? (
          <p className="muted" data-testid="alert-forbidden">
            Your role cannot see alerts (they need the metrics.view permission). The steps below still work where your role allows them.
          </p>
        ) : (
          <InlineError error={state.error} testId="alert-error" stale={detail !== null} />
        ))}
      {!detail && !state.error && <Pending>Loading alert {fingerprint}…</Pending>}
      {detail && <AlertFacts detail={detail} nowMs={now} />}
    </Card>
  );
}

function AlertFacts({ detail, nowMs }: { detail: AlertDetail; nowMs: number }) {
  const { alert } = detail;
  const name = alert.labels.alertname ?? alert.ruleName;
  const labels = Object.entries(alert.labels).filter(([label]) => label !== 'alertname' && label !== 'severity');
  const summary = alert.annotations.summary;
  return (
    <div className="runbook-alert-body" data-testid="alert-context-body" data-fingerprint={alert.fingerprint}>
      <div className="runbook-alert-facts">
        <p className="runbook-alert-name">
          <strong data-testid="alert-name">{name}</strong>
          {labels.map(([label, value]) => (
            <code key={label} className="runbook-alert-label">
              {label}={value}
            </code>
          ))}
        </p>
        {summary && (
          <p className="runbook-alert-summary" data-testid="alert-summary">
            {summary}
          </p>
        )}
        <dl className="kv runbook-alert-kv">
          <div className="kv-row">
            <dt>Value now</dt>
            <dd className="num" data-testid="alert-value">
              {formatAlertValue(alert.value)}
              {detail.comparison && detail.threshold !== null && (
                <span className="muted">
                  {' '}
                  (fires when {detail.comparison} {formatAlertValue(detail.threshold)})
                </span>
              )}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Active since</dt>
            <dd className="num" title={alert.activeAt}>
              {formatClock(alert.activeAt)} ({formatAge(Date.parse(alert.activeAt), nowMs)})
            </dd>
          </div>
          {alert.firedAt && (
            <div className="kv-row">
              <dt>Firing since</dt>
              <dd className="num" title={alert.firedAt}>
                {formatClock(alert.firedAt)}
              </dd>
            </div>
          )}
          {alert.resolvedAt && (
            <div className="kv-row">
              <dt>Resolved</dt>
              <dd className="num" title={alert.resolvedAt}>
                {formatClock(alert.resolvedAt)}
              </dd>
            </div>
          )}
          <div className="kv-row">
            <dt>Muted</dt>
            <dd data-testid="alert-muted">
              {alert.silencedBy.length > 0
                ? `silenced (${alert.silencedBy.length})`
                : alert.inhibitedBy.length > 0
                  ? 'inhibited by a critical alert'
                  : 'no'}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Acknowledged</dt>
            <dd data-testid="alert-ack">
              {alert.acknowledged ? `by ${alert.acknowledged.username} at ${formatClock(alert.acknowledged.at)}` : 'no'}
            </dd>
          </div>
        </dl>
        {detail.transitions.length > 0 && (
          <ol className="runbook-alert-transitions" aria-label="Latest transitions">
            {detail.transitions.slice(-4).map((transition) => (
              <li key={transition.id} className="num">
                <span className="muted">{formatClock(transition.at)}</span> {transition.from} → <strong>{transition.to}</strong>
                {transition.value !== null && <span className="muted"> at {formatAlertValue(transition.value)}</span>}
              </li>
            ))}
          </ol>
        )}
      </div>
      {detail.series && detail.series.length > 0 ? (
        <AlertChart points={detail.series} threshold={detail.threshold} hours={ALERT_CHART_HOURS} label={name} />
      ) : (
        <p className="muted runbook-alert-nochart" data-testid="alert-chart-empty">
          {detail.series
            ? 'No recorded values in the last hours.'
            : 'The rule behind this alert no longer exists, so there is no series to draw.'}
        </p>
      )}
    </div>
  );
}
