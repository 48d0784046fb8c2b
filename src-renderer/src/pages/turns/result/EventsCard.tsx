/**
 * The events of the turn in the order they happened. Events removed by compensation stay listed,
 * struck through, so the story master sees what the failed turn had produced; events of a phase whose
 * effect a world rollback undid (world_update keeps its events) say so.
 */
import type { TurnDetail } from '../../../../../src-shared/domain/turn';
import type { PhaseName } from '../../../../../src-shared/domain/turn-configuration';
import { Card } from '../../../ui/Card';
import { formatDuration } from '../../../ui/format-units';
import { PHASE_LABEL } from '../turn-labels';
import { joinNames, type NameOf } from './participant-names';

interface EventsCardProps {
  events: TurnDetail['events'];
  nameOf: NameOf;
  /** Phases whose effects compensation undid: their events no longer hold even when not removed. */
  compensatedPhases: ReadonlySet<PhaseName>;
}

export function EventsCard({ events, nameOf, compensatedPhases }: EventsCardProps) {
  const removed = events.filter((event) => event.removed).length;
  return (
    <Card
      id="events-card"
      title="Events"
      actions={
        <span className="card-meta" data-testid="events-count">
          {events.length} event{events.length === 1 ? '' : 's'}
          {removed > 0 && `, ${removed} removed`}
        </span>
      }
    >
      {events.length === 0 && <p className="muted">No events.</p>}
      {events.length > 0 && (
        <ol className="output-list" data-testid="event-list">
          {events.map((event) => (
            <li
              key={event.id}
              className={`output-item${event.removed ? ' is-removed' : ''}`}
              data-testid="event-item"
              data-removed={event.removed}
            >
              <div className="output-head">
                <span className="chip mono">{event.type}</span>
                <span className="muted">{PHASE_LABEL[event.phase]}</span>
                <span className="muted num" title={`world time ${event.timestampS ?? 'missing'} s, spans ${event.spanS} s`}>
                  {event.timestampS === null ? 'no timestamp' : `at ${formatDuration(event.timestampS)}`}
                </span>
              </div>
              <p className={event.removed ? 'removed' : undefined}>{event.description}</p>
              {event.participants.length > 0 && <p className="output-sub muted">{joinNames(event.participants, nameOf, 6)}</p>}
              {event.removed && (
                <p className="removed-note" data-testid="event-removed-note">
                  Removed by compensation
                </p>
              )}
              {!event.removed && compensatedPhases.has(event.phase) && (
                <p className="undone-note" data-testid="event-undone-note">
                  Undone: compensation rolled the world back
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
