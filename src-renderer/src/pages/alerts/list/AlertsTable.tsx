/**
 * One row per alert, most urgent first as the engine lists them: state and severity badges, the alert
 * (its name links to the detail, its summary below), its labels, the value at the last evaluation, how
 * long it has been in its state, and the markers that say whether anyone will be told (silenced,
 * inhibited) or already is on it (acknowledged, escalated).
 */
import type { Alert } from '../../../../../src-shared/domain/alerts';
import { Badge } from '../../../ui/Card';
import { formatDateTime, formatDuration } from '../../../ui/format-units';
import { formatAlertValue, SEVERITY_TONE, STATE_TONE } from '../alert-labels';
import { alertsHref } from '../alerts-route';
import { LabelChips } from '../LabelChips';
import { AlertMarkers } from './AlertMarkers';

interface AlertsTableProps {
  alerts: readonly Alert[];
  now: number;
  onPickLabel(label: string, value: string): void;
}

export function AlertsTable({ alerts, now, onPickLabel }: AlertsTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table alerts-table" data-testid="alerts-table">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            <th scope="col">Labels</th>
            <th scope="col" className="right">
              Value
            </th>
            <th scope="col">For</th>
            <th scope="col">Markers</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => {
            const summary = alert.annotations.summary ?? '';
            const alertname = alert.labels.alertname ?? alert.ruleName;
            const muted = alert.silencedBy.length > 0 || alert.inhibitedBy.length > 0;
            return (
              <tr
                key={alert.fingerprint}
                data-testid="alert-row"
                data-fingerprint={alert.fingerprint}
                data-rule={alert.ruleName}
                data-state={alert.state}
                data-muted={muted}
                className={muted ? 'alert-row-muted' : undefined}
              >
                <td>
                  <Badge tone={STATE_TONE[alert.state]} value={alert.state} testId="alert-state">
                    {alert.state}
                  </Badge>
                </td>
                <td>
                  <Badge tone={SEVERITY_TONE[alert.severity]} value={alert.severity} testId="alert-severity">
                    {alert.severity}
                  </Badge>
                </td>
                <td className="alert-name-cell">
                  <a href={alertsHref.alert(alert.fingerprint)} className="alert-name" data-testid="alert-open">
                    {alertname}
                  </a>
                  {alertname !== alert.ruleName && <span className="alert-summary">rule {alert.ruleName}</span>}
                  {summary && <span className="alert-summary">{summary}</span>}
                </td>
                <td>
                  <LabelChips labels={alert.labels} hide={['alertname', 'severity']} onPick={onPickLabel} />
                </td>
                <td className="right num" data-testid="alert-value">
                  {formatAlertValue(alert.value)}
                </td>
                <td className="nowrap num">
                  <time dateTime={alert.since} title={`${alert.state} since ${formatDateTime(alert.since)}`}>
                    {formatDuration((now - Date.parse(alert.since)) / 1000)}
                  </time>
                  <span className="muted alert-since"> since {formatDateTime(alert.since).slice(11, 16)}</span>
                </td>
                <td>
                  <AlertMarkers alert={alert} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
