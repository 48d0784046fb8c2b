/**
 * The turn's narrative as sanitized Markdown (ui/SafeMarkdown.tsx): it comes from a model, so whatever
 * HTML it holds shows as text and only http(s) links survive. A narrative reverted by compensation stays
 * readable, struck through.
 */
import type { TurnDetail } from '../../../../../src-shared/domain/turn';
import { Badge, Card } from '../../../ui/Card';
import { SafeMarkdown } from '../../../ui/SafeMarkdown';
import type { StepStatus } from '../turn-labels';
import { emptyOutputText } from './empty-output';

interface NarrativeCardProps {
  narrative: TurnDetail['narrative'];
  events: TurnDetail['events'];
  /** The narrative phase's state, for what to say while there is no narrative. */
  phaseStatus: StepStatus | undefined;
}

export function NarrativeCard({ narrative, events, phaseStatus }: NarrativeCardProps) {
  const mentioned = new Set(narrative?.mentionedEventIds ?? []);
  const mentionedTypes = [...new Set(events.filter((event) => mentioned.has(event.id)).map((event) => event.type))];
  const actions = narrative && (
    <>
      {narrative.reverted && (
        <Badge tone="warning" testId="narrative-reverted">
          reverted
        </Badge>
      )}
      <Badge tone={narrative.valid ? 'ok' : 'error'} value={narrative.valid ? 'valid' : 'invalid'}>
        {narrative.valid ? 'valid' : 'invalid'}
      </Badge>
    </>
  );
  return (
    <Card id="narrative-card" title="Narrative" actions={actions} className="card-wide">
      {!narrative && (
        <p className="muted" data-testid="narrative-empty">
          {emptyOutputText('narrative', phaseStatus)}
        </p>
      )}
      {narrative && (
        <>
          <SafeMarkdown text={narrative.text} className={`narrative-text${narrative.reverted ? ' removed' : ''}`} testId="narrative-text" />
          {narrative.reverted && (
            <p className="removed-note" data-testid="narrative-reverted-note">
              Reverted by compensation: this narrative is no longer part of the story.
            </p>
          )}
          <div className="meta-row">
            {narrative.storyArcs.length > 0 && (
              <span>
                Story arcs:{' '}
                <span className="chips inline" data-testid="narrative-arcs">
                  {narrative.storyArcs.map((arc) => (
                    <span key={arc} className="chip mono">
                      {arc}
                    </span>
                  ))}
                </span>
              </span>
            )}
            <span className="muted">
              Mentions {narrative.mentionedEventIds.length} event{narrative.mentionedEventIds.length === 1 ? '' : 's'}
              {mentionedTypes.length > 0 && ` (${mentionedTypes.join(', ')})`}
            </span>
          </div>
        </>
      )}
    </Card>
  );
}
