/**
 * An alert's facts: when this episode began, fired and resolved, how long it has been in its state, the
 * value against the threshold, the episode number, the last evaluation; then its labels and its
 * annotations (the runbook annotation links to the runbook).
 */
import type { AlertDetail } from '../../../../../src-shared/domain/alerts';
import { Card, KeyValueList, type KeyValueRow } from '../../../ui/Card';
import { formatDateTime, formatDuration } from '../../../ui/format-units';
import { useNow } from '../../../ui/use-now';
import { formatAlertValue, sortedLabels } from '../alert-labels';
import { runbookHref } from '../alerts-route';

function at(instant: string | null) {
  if (!instant) return <span className="muted">—</span>;
  return (
    <time dateTime={instant} title={instant}>
      {formatDateTime(instant)}
    </time>
  );
}

export function AlertFactsCard({ detail }: { detail: AlertDetail }) {
  const { alert } = detail;
  const now = useNow(5000);
  const rows: KeyValueRow[] = [
    {
      key: 'state',
      label: 'In this state for',
      value: `${formatDuration((now - Date.parse(alert.since)) / 1000)} (since ${formatDateTime(alert.since)})`,
      testId: 'alert-fact-since',
    },
    {
      key: 'value',
      label: 'Value',
      value: (
        <span className="num">
          {formatAlertValue(alert.value)}
          {detail.threshold !== null && (
            <span className="muted">
              {' '}
              (fires when {detail.comparison} {formatAlertValue(detail.threshold)})
            </span>
          )}
        </span>
      ),
      testId: 'alert-fact-value',
    },
    { key: 'active', label: 'Active since', value: at(alert.activeAt) },
    { key: 'fired', label: 'Fired at', value: at(alert.firedAt), testId: 'alert-fact-fired' },
    { key: 'resolved', label: 'Resolved at', value: at(alert.resolvedAt) },
    { key: 'episode', label: 'Episode', value: <span className="num">{alert.episode}</span> },
    { key: 'evaluated', label: 'Last evaluated', value: at(alert.lastEvaluatedAt) },
    { key: 'fingerprint', label: 'Fingerprint', value: alert.fingerprint, mono: true },
  ];
  const annotations = Object.entries(alert.annotations).filter(([key]) => key !== 'summary' && key !== 'description');
  return (
    <Card id="alert-facts" title="Details">
      <KeyValueList rows={rows} />
      <h3 className="section-title">Labels</h3>
      <dl className="kv label-list" data-testid="alert-labels">
        {sortedLabels(alert.labels).map(([key, value]) => (
          <div className="kv-row" key={key}>
            <dt className="mono">{key}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
      </dl>
      {annotations.length > 0 && (
        <>
          <h3 className="section-title">Annotations</h3>
          <dl className="kv" data-testid="alert-annotations">
            {annotations.map(([key, value]) => (
              <div className="kv-row" key={key}>
                <dt className="mono">{key}</dt>
                <dd>
                  {key === 'runbook' && value ? (
                    <a href={runbookHref(value, alert.fingerprint)} data-testid="alert-annotation-runbook">
                      {value}
                    </a>
                  ) : (
                    value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </Card>
  );
}
