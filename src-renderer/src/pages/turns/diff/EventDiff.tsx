/**
 * Events only in A, only in B, and how many both turns share.
 */
import type { TurnDiff, TurnEvent } from '../../../../../src-shared/domain/turn';

function EventColumn({ title, events, testId }: { title: string; events: readonly TurnEvent[]; testId: string }) {
  return (
    <div className="diff-column" data-testid={testId}>
      <h4 className="diff-column-title">
        {title} <span className="count">{events.length}</span>
      </h4>
      {events.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="output-list">
          {events.map((event) => (
            <li key={event.id} className="output-item">
              <div className="output-head">
                <span className="chip mono">{event.type}</span>
              </div>
              <p>{event.description}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function EventDiff({ events }: { events: TurnDiff['events'] }) {
  return (
    <>
      <p className="muted" data-testid="diff-events-common">
        {events.common} event{events.common === 1 ? '' : 's'} in both turns.
      </p>
      <div className="diff-columns">
        <EventColumn title="Only in A" events={events.onlyA} testId="diff-events-only-a" />
        <EventColumn title="Only in B" events={events.onlyB} testId="diff-events-only-b" />
      </div>
    </>
  );
}
