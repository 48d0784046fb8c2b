/**
 * The campaign's trust at a glance: how many agents, how many sit in quarantine, the mean score, the
 * changes and anomalies in the range, and how the scores spread over the bands (0–29 is where
 * quarantine happens with the default policy).
 */

import type { TrustAnalytics } from '../../../../src-shared/domain/trust';
import type { TrustAgents } from '../../stores/trust-overview-store';
import { Card, Stat } from '../../ui/Card';

const BAND_TONE: Record<string, string> = { critical: 'red', low: 'orange', fair: 'yellow', high: 'green' };

export function TrustSummaryCard({ agents, analytics }: { agents: TrustAgents; analytics: TrustAnalytics | null }) {
  const count = agents.agents.length;
  const quarantined = agents.agents.filter((agent) => agent.quarantined).length;
  const mean = count === 0 ? 0 : agents.agents.reduce((sum, agent) => sum + agent.score, 0) / count;
  const largest = Math.max(1, ...(analytics?.distribution.map((band) => band.count) ?? [1]));
  return (
    <Card
      id="trust-summary"
      className="trust-summary"
      title="Trust at a glance"
      actions={<span className="card-meta">policy v{agents.policyVersion}</span>}
    >
      <div className="stats">
        <Stat label="Agents" value={count} testId="trust-stat-agents" />
        <Stat
          label="Quarantined"
          value={<span className={quarantined > 0 ? 'text-error' : undefined}>{quarantined}</span>}
          testId="trust-stat-quarantined"
        />
        <Stat label="Mean score" value={mean.toFixed(1)} detail="of 100" testId="trust-stat-mean" />
        <Stat
          label="Changes"
          value={analytics?.deltaStats.count ?? '—'}
          detail={analytics && analytics.anomalies.length > 0 ? `${analytics.anomalies.length} stand out` : 'none stand out'}
          testId="trust-stat-changes"
        />
      </div>
      <h3 className="section-title">Score distribution</h3>
      {analytics ? (
        <ul className="trust-bands" data-testid="trust-distribution" aria-label="Agents per score band">
          {analytics.distribution.map((band) => (
            <li key={band.band} className="trust-band" data-band={band.band} data-count={band.count}>
              <span className="trust-band-label num">{band.label}</span>
              <span className="trust-band-track" aria-hidden="true">
                <span
                  className={`trust-band-bar band-${BAND_TONE[band.band] ?? 'blue'}`}
                  style={{ width: `${(band.count / largest) * 100}%` }}
                />
              </span>
              <span className="trust-band-count num">
                {band.count} {band.count === 1 ? 'agent' : 'agents'}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">The distribution loads with the analytics.</p>
      )}
    </Card>
  );
}
