/**
 * The alerts: a tab per state with its count (firing first, then pending, resolved, all), filters
 * (severity, label matchers, muted, acknowledged, free-text search) and one row per alert. Live: the
 * page follows `alerts.changed`, so alerts appear, move between tabs and resolve without a reload.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Severity } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { type MuteFilter, type StateTab, searchAlerts, useAlertListStore } from '../../../stores/alert-list-store';
import { Card, Pending } from '../../../ui/Card';
import { formatAge } from '../../../ui/format-units';
import { RefreshButton } from '../../../ui/RefreshButton';
import { useNow } from '../../../ui/use-now';
import { LoadError } from '../AccessNotices';
import { LISTED_STATES, SEVERITY_ORDER } from '../alert-labels';
import { alertsHref } from '../alerts-route';
import { formatMatcher } from '../label-matchers';
import { AlertsTable } from './AlertsTable';

const TABS: readonly StateTab[] = ['active', ...LISTED_STATES, 'all'];
const TAB_LABEL: Record<StateTab, string> = { active: 'Active', firing: 'Firing', pending: 'Pending', resolved: 'Resolved', all: 'All' };
const EMPTY_TEXT: Record<StateTab, string> = {
  active: 'Nothing is firing or pending: every rule’s condition is clear.',
  firing: 'Nothing is firing.',
  pending: 'Nothing is pending: no rule’s condition holds right now.',
  resolved: 'No alert has resolved yet.',
  all: 'No alerts yet: no rule’s condition has held since the console started recording.',
};

export function AlertsListView() {
  const bridge = useBridge();
  const filters = useAlertListStore((store) => store.filters);
  const list = useAlertListStore((store) => store.list);
  const matcherError = useAlertListStore((store) => store.matcherError);
  const lastEventAt = useAlertListStore((store) => store.lastEventAt);
  const now = useNow(5000);
  const [matcherDraft, setMatcherDraft] = useState(filters.matcherText);
  const store = useAlertListStore.getState;

  useEffect(() => setMatcherDraft(filters.matcherText), [filters.matcherText]);

  // The page keeps the list live while it is open; coming back to this view shows the newest at once, and
  // a slow refresh keeps the values (which change without a transition) current.
  useEffect(() => {
    void useAlertListStore.getState().load(bridge);
    const timer = setInterval(() => void useAlertListStore.getState().load(bridge), 30_000);
    return () => clearInterval(timer);
  }, [bridge]);

  const counts = list.data?.counts;
  const shown = useMemo(() => searchAlerts(list.data?.alerts ?? [], filters.search), [list.data, filters.search]);
  const filtered = filters.severity !== '' || filters.matcherText.trim() !== '' || filters.mute !== 'all' || filters.hideAcknowledged;

  const applyMatchers = () => {
    if (matcherDraft !== filters.matcherText) store().setFilters(bridge, { matcherText: matcherDraft });
  };
  const pickLabel = (label: string, value: string) => {
    const added = formatMatcher({ label, op: '=', value });
    const text = filters.matcherText
      .trim()
      .replace(/^\{|\}$/g, '')
      .trim();
    if (text.includes(added)) return;
    store().setFilters(bridge, { matcherText: `{${text ? `${text}, ` : ''}${added}}` });
  };

  const tabs = (
    <fieldset className="segmented" data-testid="alert-state-tabs">
      <legend className="visually-hidden">Alert state</legend>
      {TABS.map((tab) => {
        const count = counts
          ? tab === 'all'
            ? counts.firing + counts.pending + counts.resolved
            : tab === 'active'
              ? counts.firing + counts.pending
              : counts[tab]
          : null;
        return (
          <button
            key={tab}
            type="button"
            className={`segmented-option state-${tab}`}
            aria-pressed={filters.tab === tab}
            onClick={() => store().setFilters(bridge, { tab })}
            data-testid={`alert-tab-${tab}`}
          >
            {TAB_LABEL[tab]}
            <span className="segmented-count num" data-testid={`alert-count-${tab}`}>
              {count ?? '…'}
            </span>
          </button>
        );
      })}
    </fieldset>
  );

  const footer = (
    <span className="live-note" data-testid="alerts-live-note">
      <span className="live-dot" aria-hidden="true" />
      Live: updates after every evaluation.
      {lastEventAt !== null && <> Last change {formatAge(lastEventAt, now)}.</>}
      {list.data && list.data.total > list.data.alerts.length && (
        <>
          {' '}
          Showing the first {list.data.alerts.length} of {list.data.total}; narrow the filters to see the rest.
        </>
      )}
    </span>
  );

  return (
    <div className="alerts-list-view">
      <Card
        id="alerts-card"
        title="Alerts"
        actions={<RefreshButton onRefresh={() => void store().load(bridge)} loading={list.loading} testId="alerts-refresh" />}
        footer={footer}
      >
        {tabs}
        <div className="filters alert-filters">
          <label className="inline-field">
            <span>Severity</span>
            <select
              value={filters.severity}
              onChange={(event) => store().setFilters(bridge, { severity: event.target.value as Severity | '' })}
              data-testid="alerts-filter-severity"
            >
              <option value="">all</option>
              {SEVERITY_ORDER.map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field matcher-filter">
            <span>Labels</span>
            <input
              type="text"
              value={matcherDraft}
              placeholder='{participants_range="4-5"}'
              onChange={(event) => setMatcherDraft(event.target.value)}
              onBlur={applyMatchers}
              onKeyDown={(event) => {
                if (event.key === 'Enter') applyMatchers();
              }}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={matcherError ? true : undefined}
              aria-describedby={matcherError ? 'alerts-matcher-error' : 'alerts-matcher-hint'}
              data-testid="alerts-filter-matchers"
            />
          </label>
          <label className="inline-field">
            <span>Muted</span>
            <select
              value={filters.mute}
              onChange={(event) => store().setFilters(bridge, { mute: event.target.value as MuteFilter })}
              data-testid="alerts-filter-muted"
            >
              <option value="all">all</option>
              <option value="unmuted" title="Neither silenced nor inhibited: these notify">
                notifying
              </option>
              <option value="muted" title="Silenced or inhibited">
                muted
              </option>
            </select>
          </label>
          <label className="inline-field">
            <input
              type="checkbox"
              checked={filters.hideAcknowledged}
              onChange={(event) => store().setFilters(bridge, { hideAcknowledged: event.target.checked })}
              data-testid="alerts-filter-unacked"
            />
            <span>Hide acknowledged</span>
          </label>
          <label className="inline-field search-filter">
            <span>Search</span>
            <input
              type="search"
              value={filters.search}
              placeholder="name, label or summary"
              onChange={(event) => store().setFilters(bridge, { search: event.target.value })}
              data-testid="alerts-search"
            />
          </label>
          {(filtered || filters.search !== '') && (
            <button
              type="button"
              className="button small"
              onClick={() =>
                store().setFilters(bridge, { severity: '', matcherText: '', mute: 'all', hideAcknowledged: false, search: '' })
              }
              data-testid="alerts-filter-clear"
            >
              Clear filters
            </button>
          )}
        </div>
        {matcherError ? (
          <p className="field-error" id="alerts-matcher-error" role="alert" data-testid="alerts-matcher-error">
            {matcherError}
          </p>
        ) : (
          <p className="field-hint" id="alerts-matcher-hint">
            Labels: Prometheus matchers such as <code>{'{severity="critical", participants_range=~"4-5|6-10"}'}</code>; press Enter to
            apply, or click a label in the table.
          </p>
        )}
        {list.error && <LoadError error={list.error} testId="alerts-error" stale={list.data !== null} />}
        {!list.data && !list.error && <Pending>Loading alerts…</Pending>}
        {list.data && shown.length === 0 && (
          <div className="empty-state" data-testid="alerts-empty">
            <p>
              {filtered || filters.search
                ? `No ${filters.tab === 'all' ? '' : `${filters.tab} `}alerts match these filters.`
                : EMPTY_TEXT[filters.tab]}
            </p>
            {!filtered && !filters.search && (
              <p className="muted">
                Rules are evaluated on the recorded metrics; see them and their last evaluation under <a href={alertsHref.rules()}>Rules</a>
                .
              </p>
            )}
          </div>
        )}
        {shown.length > 0 && <AlertsTable alerts={shown} now={now} onPickLabel={pickLabel} />}
      </Card>
    </div>
  );
}
