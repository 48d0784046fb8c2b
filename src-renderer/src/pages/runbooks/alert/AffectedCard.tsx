/**
 * What the incident touches, live: the turns of its window (since an hour before the alert became
 * active, or the last 24 hours without an alert), failed ones marked — what re-run and open-trace act on —
 * or, for a runbook that releases agents, the agents in quarantine now.
 */
import type { TurnSummary } from '../../../../../src-shared/domain/turn';
import type { Loadable } from '../../../stores/loadable';
import { Badge, type BadgeTone, Card, InlineError, Pending } from '../../../ui/Card';
import { formatClock, formatCost, formatMs } from '../../../ui/format-units';
import { statusLabel } from '../../turns/turn-labels';
import { turnsHref } from '../../turns/turns-route';
import { type AgentCandidate, isFailedTurn } from '../view/step-actions';

const SHOWN_TURNS = 8;

function statusTone(status: string): BadgeTone {
  if (status === 'completed') return 'ok';
  if (status === 'running') return 'info';
  if (status === 'cancelled') return 'neutral';
  return 'error';
}

export function AffectedTurns({ turns, withAlert }: { turns: Loadable<TurnSummary[]>; withAlert: boolean }) {
  const all = turns.data ?? [];
  const failed = all.filter(isFailedTurn).length;
  const title = withAlert ? 'Turns around the alert' : 'Turns of the last 24 hours';
  return (
    <Card
      id="affected-turns"
      title={title}
      actions={
        turns.data && (
          <span className="muted" data-testid="affected-failed-count">
            {failed} of {all.length} failed
          </span>
        )
      }
    >
      {turns.error && <InlineError error={turns.error} testId="affected-turns-error" stale={turns.data !== null} />}
      {!turns.data && !turns.error && <Pending>Loading turns…</Pending>}
      {turns.data && all.length === 0 && <p className="muted">No turn in this window.</p>}
      {all.length > 0 && (
        <div className="table-scroll">
          <table className="data-table runbook-turns">
            <thead>
              <tr>
                <th scope="col">Turn</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col" className="right">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {all.slice(0, SHOWN_TURNS).map((turn) => (
                <tr key={turn.id} data-testid="affected-turn" data-status={turn.status} data-turn-id={turn.id}>
                  <td className="nowrap">
                    <a href={turnsHref.turn(turn.id)} title={`${turn.campaignId}, AI cost ${formatCost(turn.totalAiCost)}`}>
                      #{turn.number}
                    </a>
                  </td>
                  <td>
                    <Badge tone={statusTone(turn.status)} value={turn.status}>
                      {statusLabel(turn.status)}
                    </Badge>
                    {turn.failureReason && (
                      <div className="runbook-turn-failure" title={turn.failureMessage ?? undefined}>
                        <code>{turn.failureReason}</code>
                        {turn.failedPhase && <span className="muted"> in {turn.failedPhase}</span>}
                      </div>
                    )}
                  </td>
                  <td className="num nowrap">{formatClock(turn.startedAt)}</td>
                  <td className="num right">{turn.durationMs === null ? '—' : formatMs(turn.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {all.length > SHOWN_TURNS && (
        <p className="muted">
          {all.length - SHOWN_TURNS} more in the <a href={turnsHref.history()}>turn history</a>.
        </p>
      )}
    </Card>
  );
}

export function QuarantinedAgents({ agents }: { agents: Loadable<AgentCandidate[]> }) {
  const list = agents.data ?? [];
  return (
    <Card id="affected-agents" title="Agents in quarantine">
      {agents.error && <InlineError error={agents.error} testId="affected-agents-error" stale={agents.data !== null} />}
      {!agents.data && !agents.error && <Pending>Loading agents…</Pending>}
      {agents.data && list.length === 0 && (
        <p className="muted" data-testid="affected-agents-none">
          No agent is quarantined now.
        </p>
      )}
      {list.length > 0 && (
        <ul className="plain-list">
          {list.map((agent) => (
            <li key={`${agent.campaignId}/${agent.agentId}`} data-testid="affected-agent" data-agent-id={agent.agentId}>
              <strong>{agent.name}</strong> <span className="muted">({agent.campaignName})</span> — trust{' '}
              <span className="num text-error">{Math.round(agent.score)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
