/**
 * The agents in quarantine: why and since when, each with a Release button for those who may release
 * (campaign.write in this campaign, a story master). Releasing asks for a confirmation first; it is
 * audited, and the agent takes part in interactions again from the next turn with its score as it is.
 */
import type { ConflictRisk, TrustAgent } from '../../../../src-shared/domain/trust';
import { TRUST_REASON_LABELS } from '../../../../src-shared/domain/trust-vocabulary';
import { useBridge } from '../../bridge-context';
import { useTrustOverviewStore } from '../../stores/trust-overview-store';
import { Card } from '../../ui/Card';
import { formatDateTime } from '../../ui/format-units';
import { InlineConfirm } from '../settings/InlineConfirm';
import { formatDelta } from './trust-chart-option';

interface TrustQuarantinesCardProps {
  agents: readonly TrustAgent[];
  mayRelease: boolean;
  /** Conflict risks as they would be after a release, to warn of an intervention at the next turn. */
  risks: readonly ConflictRisk[];
  penalty: number;
}

/** The pair above the threshold a released agent would stand in, if any. */
function riskAfterRelease(agentId: string, risks: readonly ConflictRisk[]): ConflictRisk | undefined {
  return risks.find((risk) => risk.aboveThreshold && risk.riskier === agentId && risk.participants.includes(agentId));
}

export function TrustQuarantinesCard({ agents, mayRelease, risks, penalty }: TrustQuarantinesCardProps) {
  const bridge = useBridge();
  const confirming = useTrustOverviewStore((store) => store.confirmingRelease);
  const releasing = useTrustOverviewStore((store) => store.releasing);
  const releaseError = useTrustOverviewStore((store) => store.releaseError);
  const released = useTrustOverviewStore((store) => store.released);
  const store = useTrustOverviewStore.getState;
  const quarantined = agents.filter((agent) => agent.quarantined);
  const releasedName = released ? (agents.find((agent) => agent.agentId === released)?.name ?? released) : null;

  return (
    <Card id="trust-quarantines" title="Quarantine" actions={<span className="card-meta">{quarantined.length} sitting out</span>}>
      {releasedName && (
        <p className="trust-released" role="status" data-testid="trust-released">
          {releasedName} was released and takes part again from the next turn.
        </p>
      )}
      {quarantined.length === 0 ? (
        <p className="trust-empty" data-testid="trust-quarantines-empty">
          No agent is in quarantine. An agent whose score falls below the policy's threshold, or the riskier of a pair about to clash, sits
          out interactions here until a story master releases it.
        </p>
      ) : (
        <ul className="plain-list trust-quarantine-list" data-testid="trust-quarantine-list">
          {quarantined.map((agent) => {
            const error = releaseError?.agentId === agent.agentId ? releaseError.error : null;
            const cause = agent.lastChange?.quarantined ? agent.lastChange : null;
            const danger = riskAfterRelease(agent.agentId, risks);
            const rival = danger ? danger.participants.find((id) => id !== agent.agentId) : undefined;
            return (
              <li key={agent.agentId} className="trust-quarantine" data-testid="trust-quarantine" data-agent-id={agent.agentId}>
                <div className="trust-quarantine-head">
                  <div>
                    <strong>{agent.name}</strong> <span className="num">score {agent.score}</span>
                    <span className="trust-agent-role">
                      {cause ? (
                        <>
                          {TRUST_REASON_LABELS[cause.reason]} · <time dateTime={cause.at}>{formatDateTime(cause.at)}</time>
                        </>
                      ) : (
                        agent.role
                      )}
                    </span>
                  </div>
                  {confirming !== agent.agentId && (
                    <button
                      type="button"
                      className="button small"
                      disabled={!mayRelease}
                      title={
                        mayRelease
                          ? `Release ${agent.name} from quarantine`
                          : 'Releasing an agent needs campaign.write in this campaign (a story master)'
                      }
                      aria-label={`Release ${agent.name}`}
                      onClick={() => store().askRelease(agent.agentId)}
                      data-testid="trust-release"
                    >
                      Release
                    </button>
                  )}
                </div>
                {confirming === agent.agentId && (
                  <InlineConfirm
                    confirmLabel="Release agent"
                    busyLabel="Releasing…"
                    busy={releasing === agent.agentId}
                    onConfirm={() => void store().release(bridge, agent.agentId)}
                    onCancel={() => store().askRelease(null)}
                    testId="trust-release-confirm"
                  >
                    Release <strong>{agent.name}</strong>? It takes part in interactions again from the next turn, with its score of{' '}
                    <span className="num">{agent.score}</span>; a further fall in trust quarantines it again. The release is audited.
                    {danger && rival && (
                      <strong className="trust-release-warning" data-testid="trust-release-warning">
                        {' '}
                        It stands near {agents.find((candidate) => candidate.agentId === rival)?.name ?? rival} with a conflict risk of{' '}
                        {danger.risk.toFixed(2)}: unless they part, the next turn quarantines it again, at a further {formatDelta(penalty)}.
                      </strong>
                    )}
                  </InlineConfirm>
                )}
                {error && (
                  <p className="text-error" role="alert" data-testid="trust-release-error">
                    {error.code}: {error.message}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!mayRelease && quarantined.length > 0 && (
        <p className="muted" data-testid="trust-release-denied">
          You can see quarantines but not release agents: that needs campaign.write in this campaign.
        </p>
      )}
    </Card>
  );
}
