/**
 * The diff of two turns on its own page (`#/turns/diff/<a>/<b>`): world after, events, narrative, cost
 * and per-phase timings, A on the left.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { diffKey, useTurnDiffStore } from '../../../stores/turn-diff-store';
import { Badge, Card, InlineError, Pending } from '../../../ui/Card';
import { turnsHref } from '../turns-route';
import { DiffBody } from './DiffBody';

export function DiffView({ a, b }: { a: string; b: string }) {
  const bridge = useBridge();
  const diff = useTurnDiffStore((store) => store.diffs[diffKey(a, b)]);

  useEffect(() => {
    void useTurnDiffStore.getState().loadDiff(bridge, a, b);
  }, [bridge, a, b]);

  const data = diff?.data;
  const actions = (
    <>
      {data && (
        <Badge tone={data.identical ? 'ok' : 'warning'} testId="diff-identical" value={String(data.identical)}>
          {data.identical ? 'identical' : 'differs'}
        </Badge>
      )}
      <a className="button small" href={turnsHref.diff(b, a)} data-testid="diff-swap">
        Swap A and B
      </a>
    </>
  );

  return (
    <div className="diff-page" data-testid="diff-view">
      <p className="breadcrumb">
        <a href={turnsHref.history()}>History</a> <span aria-hidden="true">›</span> Diff
      </p>
      <Card id="diff-card" title={data ? `Turn ${data.a.number} ↔ Turn ${data.b.number}` : 'Diff of two turns'} actions={actions}>
        {diff?.error && <InlineError error={diff.error} testId="diff-error" stale={data !== null && data !== undefined} />}
        {!data && !diff?.error && <Pending>Comparing the two turns…</Pending>}
        {data && <DiffBody diff={data} />}
      </Card>
    </div>
  );
}
