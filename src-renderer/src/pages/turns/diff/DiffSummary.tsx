/**
 * A and B side by side: which turn, its status, cost and tokens, with the differences in between.
 */
import type { TurnDiff, TurnSummary } from '../../../../../src-shared/domain/turn';
import { Badge } from '../../../ui/Card';
import { formatCost, formatCostDelta, formatCount, formatCountDelta, formatDateTime, formatElapsedMs } from '../../../ui/format-units';
import { OVERALL_STATUS_TONE, statusLabel } from '../turn-labels';
import { turnsHref } from '../turns-route';

function Side({ label, turn, testId }: { label: 'A' | 'B'; turn: TurnSummary; testId: string }) {
  return (
    <div className="diff-side" data-testid={testId}>
      <div className="diff-side-head">
        <span className="diff-side-label">{label}</span>
        <a href={turnsHref.turn(turn.id)}>Turn {turn.number}</a>
        <Badge tone={OVERALL_STATUS_TONE[turn.status]} value={turn.status}>
          {statusLabel(turn.status)}
        </Badge>
        {turn.replayOf && <Badge tone="neutral">replay</Badge>}
      </div>
      <dl className="diff-figures">
        <dt>AI cost</dt>
        <dd className="num" data-testid={`${testId}-cost`}>
          {formatCost(turn.totalAiCost)}
        </dd>
        <dt>Tokens</dt>
        <dd className="num">
          {formatCount(turn.tokensIn)} in · {formatCount(turn.tokensOut)} out
        </dd>
        <dt>Duration</dt>
        <dd className="num">{turn.durationMs === null ? '—' : formatElapsedMs(turn.durationMs)}</dd>
        <dt>Seed · provider</dt>
        <dd className="num">
          {turn.seed} · {turn.provider}
        </dd>
        <dt>Started</dt>
        <dd className="num">{formatDateTime(turn.startedAt)}</dd>
      </dl>
    </div>
  );
}

export function DiffSummary({ diff }: { diff: TurnDiff }) {
  return (
    <div className="diff-summary">
      <Side label="A" turn={diff.a} testId="diff-a" />
      <div className="diff-delta" data-testid="diff-delta">
        <span className="diff-delta-label">B − A</span>
        <span className="num" data-testid="diff-cost-delta">
          {formatCostDelta(diff.cost.delta)}
        </span>
        <span className="num muted">
          tokens {formatCountDelta(diff.cost.tokensInDelta)} in · {formatCountDelta(diff.cost.tokensOutDelta)} out
        </span>
      </div>
      <Side label="B" turn={diff.b} testId="diff-b" />
    </div>
  );
}
