/**
 * On a finished turn: a link to its kept trace, found with `traces.search({ turnId })`. A turn whose
 * trace the tail sampler dropped says so instead; a failed lookup shows its typed error code.
 */
import { useEffect } from 'react';
import { useBridge } from '../../bridge-context';
import { TracesIcon } from '../../shell/icons';
import { useTraceLookupStore } from '../../stores/trace-lookup-store';
import { tracesHref } from './traces-route';

export function TurnTraceLink({ turnId }: { turnId: string }) {
  const bridge = useBridge();
  const lookup = useTraceLookupStore((store) => store.byTurn[turnId]);

  useEffect(() => {
    void useTraceLookupStore.getState().lookup(bridge, turnId);
  }, [bridge, turnId]);

  if (lookup?.data) {
    return (
      <a
        className="button small"
        href={tracesHref.trace(lookup.data.traceId)}
        data-testid="turn-trace-link"
        data-trace-id={lookup.data.traceId}
      >
        <TracesIcon />
        Trace
      </a>
    );
  }
  if (lookup?.error) {
    return (
      <span className="muted turn-trace-note" title={lookup.error.message} data-testid="turn-trace-unavailable">
        Trace unavailable ({lookup.error.code})
      </span>
    );
  }
  if (!lookup || lookup.loading) {
    return (
      <span className="muted turn-trace-note" aria-busy="true" data-testid="turn-trace-pending">
        Looking for the trace…
      </span>
    );
  }
  return (
    <span className="muted turn-trace-note" title="The tail sampler kept no trace of this turn" data-testid="turn-trace-none">
      No trace kept
    </span>
  );
}
