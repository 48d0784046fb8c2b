/**
 * Conflict risk of each pair that could meet now (goals, proximity, trust), highest first, against the
 * policy's intervention threshold: above it, the riskier agent is quarantined before the next
 * interactions.
 */
import type { ConflictRisk } from '../../../../src-shared/domain/trust';
import { Card } from '../../ui/Card';

const SHOWN = 6;

interface TrustRiskCardProps {
  risks: readonly ConflictRisk[];
  threshold: number;
  names: ReadonlyMap<string, string>;
  quarantined: ReadonlySet<string>;
}

export function TrustRiskCard({ risks, threshold, names, quarantined }: TrustRiskCardProps) {
  const name = (id: string) => names.get(id) ?? id;
  return (
    <Card id="trust-risk" title="Conflict risk now" actions={<span className="card-meta">intervention above {threshold}</span>}>
      {risks.length === 0 ? (
        <p className="trust-empty" data-testid="trust-risk-empty">
          No two agents stand close enough to meet, so no pair carries a conflict risk.
        </p>
      ) : (
        <ul className="plain-list trust-risks" data-testid="trust-risks">
          {risks.slice(0, SHOWN).map((risk) => {
            const [a, b] = risk.participants;
            const above = risk.risk > threshold;
            const sittingOut = risk.participants
              .filter((id) => quarantined.has(id))
              .map(name)
              .join(' and ');
            return (
              <li
                key={`${a}|${b}`}
                className={`trust-risk ${risk.inQuarantine ? 'in-quarantine' : ''}`}
                data-testid="trust-risk"
                data-above={above}
                data-in-quarantine={risk.inQuarantine}
              >
                <span className="trust-risk-pair">
                  {name(a)} &amp; {name(b)}
                  <span className="trust-agent-role">
                    goals {risk.goalTension} · proximity {risk.proximity.toFixed(2)} · distrust {risk.distrust.toFixed(2)}
                    {risk.inQuarantine
                      ? ` · ${sittingOut} in quarantine${above ? `; once released, ${name(risk.riskier)} would sit out again` : ''}`
                      : above
                        ? ` · ${name(risk.riskier)} would sit out`
                        : ''}
                  </span>
                </span>
                <span className="trust-risk-meter" aria-hidden="true">
                  <span
                    className={`trust-risk-fill ${above ? 'band-critical' : risk.risk > threshold - 0.1 ? 'band-low' : 'band-high'}`}
                    style={{ width: `${risk.risk * 100}%` }}
                  />
                  <span className="trust-risk-mark" style={{ left: `${Math.min(1, threshold) * 100}%` }} />
                </span>
                <span className={`num trust-risk-value ${above ? 'text-error' : ''}`}>{risk.risk.toFixed(2)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
