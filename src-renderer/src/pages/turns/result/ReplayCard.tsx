/**
 * The last replay of this turn: while it runs, the engine's refusal if any, or the replay's diff with
 * the original — identical when the turn reproduces bit for bit.
 */

import type { Loadable } from '../../../stores/loadable';
import type { ReplayOutcome } from '../../../stores/turn-diff-store';
import { Badge, Card, InlineError, Pending } from '../../../ui/Card';
import { DiffBody } from '../diff/DiffBody';
import { turnsHref } from '../turns-route';

interface ReplayCardProps {
  turnId: string;
  replay: Loadable<ReplayOutcome> & { mode: ReplayOutcome['mode'] };
}

export function ReplayCard({ turnId, replay }: ReplayCardProps) {
  const outcome = replay.data;
  const actions = outcome && (
    <>
      <Badge tone={outcome.diff.identical ? 'ok' : 'warning'} testId="replay-identical" value={String(outcome.diff.identical)}>
        {outcome.diff.identical ? 'identical' : 'differs'}
      </Badge>
      <a className="button small" href={turnsHref.turn(outcome.replayTurnId)} data-testid="replay-open">
        Open replay turn
      </a>
      <a className="button small" href={turnsHref.diff(turnId, outcome.replayTurnId)} data-testid="replay-full-diff">
        Full diff
      </a>
    </>
  );
  return (
    <Card id="replay-card" title={`Replay (${replay.mode})`} actions={actions} className="card-wide">
      {replay.loading && <Pending>Replaying the turn from its recorded input…</Pending>}
      {replay.error && <InlineError error={replay.error} testId="replay-error" stale={false} />}
      {outcome && <DiffBody diff={outcome.diff} compact />}
    </Card>
  );
}
