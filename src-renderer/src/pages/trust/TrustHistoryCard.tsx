/**
 * One agent's trust history over the page's range: the chart (each change a point; hovering one says its
 * reason, the change and the turn) and the list of changes, newest first, each linked to its turn.
 * Reloads when the agent, the range or the campaign's trust changes.
 */
import { lazy, type ReactNode, Suspense, useEffect, useMemo, useState } from 'react';
import type { TrustAgent, TrustHistoryEntry } from '../../../../src-shared/domain/trust';
import { TRUST_REASON_LABELS } from '../../../../src-shared/domain/trust-vocabulary';
import { useBridge } from '../../bridge-context';
import { useThemeStore } from '../../stores/theme-store';
import { useTrustHistoryStore } from '../../stores/trust-history-store';
import { useTrustOverviewStore } from '../../stores/trust-overview-store';
import { Card, InlineError, Pending } from '../../ui/Card';
import { formatDateTime } from '../../ui/format-units';
import { readChartColors } from '../dashboards/chart-colors';
import { loadChartView } from '../dashboards/PanelCard';
import { turnsHref } from '../turns/turns-route';
import { formatDelta, historyChartOption, historyPoints } from './trust-chart-option';

const ChartView = lazy(loadChartView);
/** Changes listed under the chart before "show all". */
const LISTED = 8;

interface TrustHistoryCardProps {
  agents: readonly TrustAgent[];
  agent: TrustAgent;
  threshold: number;
}

export function TrustHistoryCard({ agents, agent, threshold }: TrustHistoryCardProps) {
  const bridge = useBridge();
  const campaignId = useTrustOverviewStore((store) => store.campaignId);
  const range = useTrustOverviewStore((store) => store.range);
  const lastChangeAt = useTrustOverviewStore((store) => store.lastChangeAt);
  const history = useTrustHistoryStore((store) => store.history);
  const theme = useThemeStore((store) => store.theme);
  const [showAll, setShowAll] = useState(false);
  const [painted, setPainted] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a change announced for the campaign (lastChangeAt) reloads the history too.
  useEffect(() => {
    void useTrustHistoryStore.getState().load(bridge, campaignId, agent.agentId, range);
  }, [bridge, campaignId, agent.agentId, range, lastChangeAt]);

  const mine = history.data?.agentId === agent.agentId && history.data.campaignId === campaignId ? history.data : null;
  const entries = mine?.entries ?? [];
  const points = useMemo(() => historyPoints(entries, agent.score), [entries, agent.score]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the colours come from the stylesheet of the theme on screen.
  const option = useMemo(() => historyChartOption(points, threshold, readChartColors()), [points, threshold, theme]);
  const newestFirst = [...entries].reverse();
  const listed = showAll ? newestFirst : newestFirst.slice(0, LISTED);

  let body: ReactNode;
  if (!mine) {
    body = history.error ? (
      <InlineError error={history.error} testId="trust-history-error" stale={false} />
    ) : (
      <Pending>Loading history…</Pending>
    );
  } else if (entries.length === 0) {
    body = (
      <p className="trust-empty" data-testid="trust-history-empty">
        {agent.name}'s trust did not change in this range: it stands at <strong className="num">{agent.score}</strong>. Changes come from
        the interactions of turns, AI failures, quarantines and releases.
      </p>
    );
  } else {
    body = (
      <>
        <div className="trust-chart" data-testid="trust-history-chart" data-points={points.length} data-painted={painted}>
          <Suspense fallback={<p className="dash-state">Loading chart…</p>}>
            <ChartView
              option={option}
              label={`${agent.name}'s trust: ${points.length - 1} changes from ${points[0]?.score} to ${points.at(-1)?.score}`}
              onPainted={() => setPainted(true)}
              testId="trust-history-canvas"
            />
          </Suspense>
        </div>
        <div className="table-scroll">
          <table className="data-table trust-history-table" data-testid="trust-history-table">
            <caption className="visually-hidden">{agent.name}'s trust changes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
                <th scope="col" className="right">
                  Change
                </th>
                <th scope="col">Score</th>
                <th scope="col">Turn</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((entry) => (
                <HistoryRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
        {newestFirst.length > LISTED && (
          <button type="button" className="link-button" onClick={() => setShowAll(!showAll)} data-testid="trust-history-all">
            {showAll ? `Show the last ${LISTED}` : `Show all ${newestFirst.length} changes`}
          </button>
        )}
        {mine.total > entries.length && (
          <p className="muted">
            The chart shows the newest {entries.length} of {mine.total} changes in this range.
          </p>
        )}
      </>
    );
  }

  return (
    <Card
      id="trust-history"
      title={`History of ${agent.name}`}
      className="card-wide"
      actions={
        <label className="inline-field">
          <span>Agent</span>
          <select
            value={agent.agentId}
            onChange={(event) => useTrustOverviewStore.getState().selectAgent(event.target.value)}
            data-testid="trust-history-agent"
          >
            {agents.map((candidate) => (
              <option key={candidate.agentId} value={candidate.agentId}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {body}
    </Card>
  );
}

function HistoryRow({ entry }: { entry: TrustHistoryEntry }) {
  const tone = entry.delta < 0 ? 'text-error' : entry.delta > 0 ? 'text-ok' : 'muted';
  return (
    <tr data-testid="trust-history-row" data-reason={entry.reason}>
      <td className="nowrap num">
        <time dateTime={entry.at} title={entry.at}>
          {formatDateTime(entry.at)}
        </time>
      </td>
      <td className="wrap">
        {TRUST_REASON_LABELS[entry.reason]}
        {entry.detail && <span className="trust-agent-role">{entry.detail}</span>}
      </td>
      <td className={`num right ${tone}`}>{formatDelta(entry.delta)}</td>
      <td className="nowrap num">
        {entry.oldScore} → {entry.newScore}
        {entry.quarantined !== entry.wasQuarantined && (
          <span className="trust-agent-role">{entry.quarantined ? 'quarantined' : 'released'}</span>
        )}
      </td>
      <td className="nowrap">
        {entry.turnId ? (
          <a href={turnsHref.turn(entry.turnId)}>turn {entry.turnNumber ?? entry.turnId.slice(0, 8)}</a>
        ) : (
          <span className="muted">{entry.actor ? `by ${entry.actor}` : '—'}</span>
        )}
      </td>
    </tr>
  );
}
