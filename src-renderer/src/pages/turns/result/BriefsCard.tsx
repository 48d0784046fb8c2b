/**
 * The subjective brief of each participant, with its validity and source. Briefs come from a model, so
 * they are rendered only as plain text (React text nodes, never HTML); a brief the output guard replaced
 * says so in its source. Briefs invalidated by compensation stay readable, struck through.
 */
import type { TurnDetail } from '../../../../../src-shared/domain/turn';
import { Badge, Card } from '../../../ui/Card';
import type { StepStatus } from '../turn-labels';
import { emptyOutputText } from './empty-output';
import type { NameOf } from './participant-names';

interface BriefsCardProps {
  briefs: TurnDetail['briefs'];
  nameOf: NameOf;
  phaseStatus: StepStatus | undefined;
}

export function BriefsCard({ briefs, nameOf, phaseStatus }: BriefsCardProps) {
  const valid = briefs.filter((brief) => brief.valid).length;
  const invalidated = briefs.filter((brief) => brief.invalidated).length;
  return (
    <Card
      id="briefs-card"
      title="Subjective briefs"
      actions={
        <span className="card-meta">
          {valid} of {briefs.length} valid
          {invalidated > 0 && `, ${invalidated} invalidated`}
        </span>
      }
    >
      {briefs.length === 0 && <p className="muted">{emptyOutputText('briefs', phaseStatus)}</p>}
      {briefs.length > 0 && (
        <ul className="output-list" data-testid="brief-list">
          {briefs.map((brief) => (
            <li
              key={brief.agentId}
              className={`output-item${brief.invalidated ? ' is-removed' : ''}`}
              data-testid="brief-item"
              data-invalidated={brief.invalidated}
            >
              <details>
                <summary className="output-head">
                  <strong>{nameOf(brief.agentId)}</strong>
                  <Badge tone={brief.valid ? 'ok' : 'error'} value={brief.valid ? 'valid' : 'invalid'}>
                    {brief.valid ? 'valid' : 'invalid'}
                  </Badge>
                  <span className="muted" data-testid="brief-source">
                    {brief.source}
                  </span>
                  <span className="brief-preview muted">{brief.text}</span>
                  {brief.invalidated && (
                    <span className="removed-note" data-testid="brief-invalidated-note">
                      Invalidated by compensation
                    </span>
                  )}
                </summary>
                <p className={`brief-text${brief.invalidated ? ' removed' : ''}`}>{brief.text}</p>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
