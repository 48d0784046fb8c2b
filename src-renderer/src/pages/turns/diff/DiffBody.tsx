/**
 * The content of a turn diff, shared by the diff page and the replay card: the A/B summary, then what
 * differs — world, events, narrative — and the timings.
 */
import type { TurnDiff } from '../../../../../src-shared/domain/turn';
import { DiffSummary } from './DiffSummary';
import { EventDiff } from './EventDiff';
import { NarrativeDiff } from './NarrativeDiff';
import { TimingBars } from './TimingBars';
import { WorldChangesTable } from './WorldChangesTable';

export function DiffBody({ diff, compact = false }: { diff: TurnDiff; compact?: boolean }) {
  return (
    <div className={`diff-body${compact ? ' compact' : ''}`} data-testid="diff-body">
      <DiffSummary diff={diff} />
      <section className="diff-section" aria-labelledby="diff-world-title">
        <h3 className="section-title" id="diff-world-title">
          World after the turn <span className="count">{diff.world.changes.length}</span>
        </h3>
        <WorldChangesTable changes={diff.world.changes} truncated={diff.world.truncated} />
      </section>
      <section className="diff-section" aria-labelledby="diff-events-title">
        <h3 className="section-title" id="diff-events-title">
          Events
        </h3>
        <EventDiff events={diff.events} />
      </section>
      <section className="diff-section" aria-labelledby="diff-narrative-title">
        <h3 className="section-title" id="diff-narrative-title">
          Narrative
        </h3>
        <NarrativeDiff narrative={diff.narrative} aNumber={diff.a.number} bNumber={diff.b.number} />
      </section>
      <section className="diff-section" aria-labelledby="diff-timings-title">
        <h3 className="section-title" id="diff-timings-title">
          Phase timings
        </h3>
        <TimingBars timings={diff.timings} />
      </section>
    </div>
  );
}
