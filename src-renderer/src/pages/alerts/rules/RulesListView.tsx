/**
 * The alert rules: each with its current alerts (firing and pending counts), severity, condition in one
 * line, `for`, the health of its last evaluation (with the error when it failed) and when that was. A
 * text filter narrows by name, group or condition; "New rule" opens the editor.
 */
import { useEffect, useMemo, useState } from 'react';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertRulesStore } from '../../../stores/alert-rules-store';
import { Badge, Card, Pending } from '../../../ui/Card';
import { formatAge, formatDateTime } from '../../../ui/format-units';
import { RefreshButton } from '../../../ui/RefreshButton';
import { useNow } from '../../../ui/use-now';
import { AccessNote, LoadError } from '../AccessNotices';
import { SEVERITY_ORDER, SEVERITY_TONE } from '../alert-labels';
import { alertsHref } from '../alerts-route';
import { conditionText } from './rule-summary';

const HEALTH_TONE = { ok: 'ok', error: 'error', unknown: 'neutral' } as const;

export function RulesListView() {
  const bridge = useBridge();
  const list = useAlertRulesStore((store) => store.list);
  const access = useAdminAccess('Creating and editing rules');
  const [filter, setFilter] = useState('');
  const now = useNow(5000);

  useEffect(() => {
    const store = useAlertRulesStore.getState();
    void store.load(bridge);
    return store.follow(bridge);
  }, [bridge]);

  const rules = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const stateRank = (firing: number, pending: number) => (firing > 0 ? 0 : pending > 0 ? 1 : 2);
    return (list.data ?? [])
      .filter((info) => {
        const text = `${info.rule.name} ${info.rule.group} ${info.rule.severity} ${conditionText(info.rule)}`.toLowerCase();
        return words.every((word) => text.includes(word));
      })
      .sort(
        (a, b) =>
          stateRank(a.firing, a.pending) - stateRank(b.firing, b.pending) ||
          SEVERITY_ORDER.indexOf(a.rule.severity) - SEVERITY_ORDER.indexOf(b.rule.severity) ||
          a.rule.name.localeCompare(b.rule.name),
      );
  }, [list.data, filter]);

  const actions = (
    <>
      <label className="inline-field">
        <span className="visually-hidden">Filter rules</span>
        <input
          type="search"
          placeholder="Filter rules"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          data-testid="rules-filter"
        />
      </label>
      {access.allowed ? (
        <a className="button small primary" href={alertsHref.newRule()} data-testid="rule-new">
          New rule
        </a>
      ) : (
        <button type="button" className="button small primary" disabled title={access.reason ?? undefined} data-testid="rule-new">
          New rule
        </button>
      )}
      <RefreshButton onRefresh={() => void useAlertRulesStore.getState().load(bridge)} loading={list.loading} testId="rules-refresh" />
    </>
  );

  return (
    <Card id="rules-card" title={list.data ? `Rules (${list.data.length})` : 'Rules'} actions={actions}>
      <AccessNote reason={access.reason} testId="rules-access" />
      {list.error && <LoadError error={list.error} testId="rules-error" stale={list.data !== null} />}
      {!list.data && !list.error && <Pending>Loading rules…</Pending>}
      {list.data && rules.length === 0 && (
        <p className="empty-state" data-testid="rules-empty">
          {list.data.length === 0
            ? 'No rules. The default rules ship with the console; create one with “New rule”.'
            : 'No rule matches the filter.'}
        </p>
      )}
      {rules.length > 0 && (
        <div className="table-scroll">
          <table className="data-table rules-table" data-testid="rules-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Alerts</th>
                <th scope="col">Severity</th>
                <th scope="col">Condition</th>
                <th scope="col">For</th>
                <th scope="col">Health</th>
                <th scope="col">Last evaluation</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((info) => (
                <tr
                  key={info.rule.name}
                  data-testid="rule-row"
                  data-rule={info.rule.name}
                  data-health={info.health}
                  className={info.rule.enabled ? undefined : 'row-disabled'}
                >
                  <td>
                    <a href={alertsHref.rule(info.rule.name)} className="rule-name" data-testid="rule-open">
                      {info.rule.name}
                    </a>
                    <span className="muted rule-meta">
                      {info.rule.alertname && info.rule.alertname !== info.rule.name ? `alert ${info.rule.alertname} · ` : ''}
                      {info.rule.group} · {info.rule.kind}
                      {info.source === 'default' ? ' · shipped' : ''}
                      {info.rule.enabled ? '' : ' · disabled'}
                    </span>
                  </td>
                  <td className="nowrap" data-testid="rule-alerts">
                    {info.firing > 0 && (
                      <Badge tone="error" value="firing">
                        {info.firing} firing
                      </Badge>
                    )}{' '}
                    {info.pending > 0 && (
                      <Badge tone="warning" value="pending">
                        {info.pending} pending
                      </Badge>
                    )}
                    {info.firing === 0 && info.pending === 0 && <span className="muted">{info.rule.enabled ? 'inactive' : 'off'}</span>}
                  </td>
                  <td>
                    <Badge tone={SEVERITY_TONE[info.rule.severity]} value={info.rule.severity}>
                      {info.rule.severity}
                    </Badge>
                  </td>
                  <td className="wrap">
                    <code className="rule-condition">{conditionText(info.rule)}</code>
                  </td>
                  <td className="num nowrap">{info.rule.for}</td>
                  <td>
                    <Badge tone={HEALTH_TONE[info.health]} value={info.health} testId="rule-health" title={info.lastError ?? undefined}>
                      {info.health}
                    </Badge>
                    {info.lastError && <span className="rule-error">{info.lastError}</span>}
                  </td>
                  <td className="nowrap num">
                    {info.lastEvaluatedAt ? (
                      <time dateTime={info.lastEvaluatedAt} title={formatDateTime(info.lastEvaluatedAt)}>
                        {formatAge(Date.parse(info.lastEvaluatedAt), now)}
                      </time>
                    ) : (
                      <span className="muted">not yet</span>
                    )}
                    {info.evaluationMs !== null && <span className="muted"> · {info.evaluationMs.toFixed(1)} ms</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
