/**
 * Changes that stand out in the range — a delta at least 2.5 standard deviations from the range's mean —
 * and the policy in force (its version, the deltas per outcome and the thresholds).
 */
import type { TrustAnalytics, TrustPolicy } from '../../../../src-shared/domain/trust';
import { TRUST_REASON_LABELS, TRUST_RULE_LABELS, type TrustPolicyRules } from '../../../../src-shared/domain/trust-vocabulary';
import { Card } from '../../ui/Card';
import { formatDateTime } from '../../ui/format-units';
import { formatDelta } from './trust-chart-option';

const SHOWN = 6;
const DELTA_RULES: (keyof TrustPolicyRules)[] = [
  'conflictLoser',
  'conflictWinner',
  'cooperation',
  'agreement',
  'compromise',
  'deadlock',
  'exchange',
  'aiFailure',
];

export function TrustAnomaliesCard({ analytics, names }: { analytics: TrustAnalytics; names: ReadonlyMap<string, string> }) {
  const { anomalies, deltaStats } = analytics;
  return (
    <Card
      id="trust-anomalies"
      title="Changes that stand out"
      actions={
        <span className="card-meta">
          mean {formatDelta(Math.round(deltaStats.mean * 10) / 10)} · σ {deltaStats.stddev.toFixed(1)} over {deltaStats.count}
        </span>
      }
    >
      {anomalies.length === 0 ? (
        <p className="trust-empty" data-testid="trust-anomalies-empty">
          No change in this range stands out from the others (|z| ≥ 2.5, with at least 5 changes to compare).
        </p>
      ) : (
        <ul className="plain-list" data-testid="trust-anomalies">
          {anomalies.slice(0, SHOWN).map(({ entry, z }) => (
            <li key={entry.id} className="trust-anomaly" data-testid="trust-anomaly">
              <span>
                <strong>{names.get(entry.agentId) ?? entry.agentId}</strong> {TRUST_REASON_LABELS[entry.reason]}{' '}
                <span className="num">{formatDelta(entry.delta)}</span>
                <span className="trust-agent-role">
                  {entry.turnNumber !== null ? `turn ${entry.turnNumber} · ` : ''}
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                </span>
              </span>
              <span className="num trust-z" title="z-score of this change's delta">
                z {z.toFixed(1)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function TrustPolicyCard({ policy }: { policy: TrustPolicy }) {
  const { rules } = policy;
  return (
    <Card
      id="trust-policy"
      title={`Policy, version ${policy.version}`}
      actions={<span className="card-meta">applies to turns started after it</span>}
    >
      <dl className="trust-policy" data-testid="trust-policy">
        {DELTA_RULES.map((key) => (
          <div key={key} className="trust-policy-rule">
            <dt className="trust-policy-name">{TRUST_RULE_LABELS[key]}</dt>
            <dd className={`trust-policy-value num ${rules[key] < 0 ? 'text-error' : rules[key] > 0 ? 'text-ok' : 'muted'}`}>
              {formatDelta(rules[key])}
            </dd>
          </div>
        ))}
        <div className="trust-policy-rule">
          <dt className="trust-policy-name">{TRUST_RULE_LABELS.quarantineBelow}</dt>
          <dd className="trust-policy-value num">{rules.quarantineBelow}</dd>
        </div>
        <div className="trust-policy-rule">
          <dt className="trust-policy-name">{TRUST_RULE_LABELS.quarantinePenalty}</dt>
          <dd className="trust-policy-value num text-error">{formatDelta(rules.quarantinePenalty)}</dd>
        </div>
        <div className="trust-policy-rule">
          <dt className="trust-policy-name">{TRUST_RULE_LABELS.interventionRisk}</dt>
          <dd className="trust-policy-value num">{rules.interventionRisk}</dd>
        </div>
      </dl>
      <p className="muted trust-policy-note">
        Set by {policy.createdBy} on {formatDateTime(policy.createdAt)}
        {policy.note ? ` — ${policy.note}` : ''}.
      </p>
    </Card>
  );
}
