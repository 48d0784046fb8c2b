/**
 * Every agent of the campaign: score (with a meter), trend over the range, cooperation and conflict
 * rates, its last change and whether it is in quarantine. Choosing an agent opens its history below.
 */
import type { TrustAgent } from '../../../../src-shared/domain/trust';
import { TRUST_REASON_LABELS, trustBandOf } from '../../../../src-shared/domain/trust-vocabulary';
import { Badge } from '../../ui/Card';
import { formatAge, formatPercent } from '../../ui/format-units';
import { useNow } from '../../ui/use-now';
import { TrustSparkline } from './TrustSparkline';
import { formatDelta } from './trust-chart-option';

interface TrustAgentsTableProps {
  agents: readonly TrustAgent[];
  selected: string | undefined;
  onSelect(agentId: string): void;
}

function rateTitle(part: number, whole: number, what: string): string {
  return whole === 0 ? 'no interaction in this range' : `${part} of ${whole} interactions were ${what}`;
}

export function TrustAgentsTable({ agents, selected, onSelect }: TrustAgentsTableProps) {
  const now = useNow(30_000);
  return (
    <div className="table-scroll">
      <table className="data-table trust-agents-table" data-testid="trust-agents-table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Score</th>
            <th scope="col">Trend</th>
            <th scope="col" className="right">
              Cooperation
            </th>
            <th scope="col" className="right">
              Conflict
            </th>
            <th scope="col">Last change</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => {
            const last = agent.lastChange;
            const isSelected = agent.agentId === selected;
            return (
              <tr
                key={agent.agentId}
                data-testid="trust-agent-row"
                data-agent-id={agent.agentId}
                data-score={agent.score}
                data-quarantined={agent.quarantined}
                aria-selected={isSelected}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="link-button trust-agent-name"
                    aria-pressed={isSelected}
                    onClick={() => onSelect(agent.agentId)}
                    title={`Show ${agent.name}'s history`}
                    data-testid="trust-agent-select"
                  >
                    {agent.name}
                  </button>
                  <span className="trust-agent-role">{agent.role}</span>
                </th>
                <td>
                  <span className="trust-score">
                    <span className={`trust-score-value num band-${trustBandOf(agent.score)}`} data-testid="trust-agent-score">
                      {agent.score}
                    </span>
                    <span className="trust-meter" aria-hidden="true">
                      <span className={`trust-meter-fill band-${trustBandOf(agent.score)}`} style={{ width: `${agent.score}%` }} />
                    </span>
                  </span>
                </td>
                <td>
                  <TrustSparkline trend={agent.trend} name={agent.name} />
                </td>
                <td className="num right" title={rateTitle(agent.rates.cooperations, agent.rates.interactions, 'cooperation')}>
                  {agent.rates.interactions === 0 ? <span className="muted">—</span> : formatPercent(agent.rates.cooperationRate)}
                </td>
                <td className="num right" title={rateTitle(agent.rates.conflicts, agent.rates.interactions, 'conflicts')}>
                  {agent.rates.interactions === 0 ? <span className="muted">—</span> : formatPercent(agent.rates.conflictRate)}
                </td>
                <td className="trust-last-change">
                  {last ? (
                    <>
                      <span>
                        {TRUST_REASON_LABELS[last.reason]} <span className="num">{formatDelta(last.delta)}</span>
                      </span>
                      <time className="trust-agent-role" dateTime={last.at} title={last.at}>
                        {formatAge(Date.parse(last.at), now)}
                      </time>
                    </>
                  ) : (
                    <span className="muted">no change yet</span>
                  )}
                </td>
                <td>
                  {agent.quarantined ? (
                    <Badge tone="error" value="quarantined" testId="trust-agent-status">
                      quarantined
                    </Badge>
                  ) : (
                    <Badge tone="ok" value="active" testId="trust-agent-status">
                      active
                    </Badge>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
