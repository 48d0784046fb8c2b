/**
 * One trace (`#/traces/<traceId>[/<spanId>]`): its summary with the way back to its turn, the toolbar
 * (collapse, critical path, in-trace search), the waterfall with its minimap, and the selected span's
 * detail. The selection and the address bar follow each other: a span in the hash is selected (a deep
 * link), and selecting a span replaces the hash without adding a history entry.
 */
import { useEffect } from 'react';
import type { TraceDetail } from '../../../../../src-shared/domain/trace';
import { SPAN_CATEGORIES, type SpanTree } from '../../../../../src-shared/domain/trace-analysis';
import { useBridge } from '../../../bridge-context';
import { ErrorBoundary } from '../../../shell/ErrorBoundary';
import { useTraceViewStore } from '../../../stores/trace-view-store';
import { Badge, InlineError, Pending } from '../../../ui/Card';
import { formatCost, formatCount, formatDateTime, formatElapsedMs } from '../../../ui/format-units';
import { turnsHref } from '../../turns/turns-route';
import { KEPT_REASON_HINT, KEPT_REASON_LABEL } from '../search/trace-filters';
import { TraceExportButton } from '../TraceDataButtons';
import { tracesHref } from '../traces-route';
import { SpanDetail } from './SpanDetail';
import { TraceToolbar } from './TraceToolbar';
import { Waterfall } from './Waterfall';

export function TraceView({ traceId, spanId }: { traceId: string; spanId: string | null }) {
  const bridge = useBridge();
  const loadedId = useTraceViewStore((store) => store.traceId);
  const trace = useTraceViewStore((store) => store.trace);
  const tree = useTraceViewStore((store) => store.tree);
  const selected = useTraceViewStore((store) => store.selected);
  const ready = loadedId === traceId && tree !== null && trace.data !== null;

  useEffect(() => {
    void useTraceViewStore.getState().open(bridge, traceId);
  }, [bridge, traceId]);

  // Address bar -> selection (a deep link, or back/forward).
  useEffect(() => {
    if (ready) useTraceViewStore.getState().selectById(spanId);
  }, [ready, spanId]);

  // Selection -> address bar, replacing the entry so selecting spans does not fill the history.
  useEffect(
    () =>
      useTraceViewStore.subscribe((state, previous) => {
        if (state.selected === previous.selected || !state.tree || state.traceId !== traceId) return;
        const id = state.selected >= 0 ? (state.tree.spans[state.selected]?.spanId ?? null) : null;
        const href = tracesHref.trace(traceId, id);
        if (window.location.hash !== href) window.location.replace(href);
      }),
    [traceId],
  );

  return (
    <div className="trace-view" data-testid="trace-view" data-trace-id={traceId} data-ready={ready}>
      <p className="breadcrumb">
        <a href={tracesHref.search()}>Traces</a> <span aria-hidden="true">›</span> <span className="mono">{traceId}</span>
      </p>
      {trace.error && <InlineError error={trace.error} testId="trace-error" stale={false} />}
      {!ready && !trace.error && <Pending>Loading the trace…</Pending>}
      {ready && trace.data && tree && (
        <>
          <TraceHeader trace={trace.data} tree={tree} />
          <TraceToolbar />
          <div className={`trace-main${selected >= 0 ? ' has-detail' : ''}`}>
            <ErrorBoundary scope="the waterfall" resetKey={traceId}>
              <Waterfall tree={tree} />
            </ErrorBoundary>
            {selected >= 0 && (
              <ErrorBoundary scope="the span detail" resetKey={String(selected)}>
                <SpanDetail tree={tree} span={selected} />
              </ErrorBoundary>
            )}
          </div>
        </>
      )}
    </div>
  );
}

function TraceHeader({ trace, tree }: { trace: TraceDetail; tree: SpanTree }) {
  const root = tree.root >= 0 ? tree.spans[tree.root] : undefined;
  const rootTurn = root?.attributes['turn.id'];
  const turnId = typeof rootTurn === 'string' ? rootTurn : trace.turnId;
  const orphans = tree.orphanCount;
  return (
    <section className="card trace-header" aria-label="Trace summary" data-testid="trace-header">
      <div className="trace-header-title">
        <h2 className="card-title">
          <code>{trace.rootName}</code>
        </h2>
        <Badge tone={trace.status === 'error' ? 'error' : 'ok'} value={trace.status} testId="trace-status">
          {trace.status}
        </Badge>
        {turnId && (
          <a className="button small" href={turnsHref.turn(turnId)} data-testid="trace-turn-link" title={`turn ${turnId}`}>
            Open the turn
          </a>
        )}
        <TraceExportButton
          request={{ traceId: trace.traceId }}
          title="Download this trace as OTLP JSON (ExportTraceServiceRequest), for Jaeger or the OpenTelemetry Collector"
          testId="trace-export-otlp"
        />
      </div>
      <div className="trace-header-row">
        <dl className="trace-facts">
          <Fact label="Duration" value={formatElapsedMs(trace.durationMs)} testId="trace-duration" />
          <Fact label="Spans" value={formatCount(tree.size)} testId="trace-span-count" />
          <Fact
            label="Errors"
            value={formatCount(tree.errorCount)}
            testId="trace-error-count"
            tone={tree.errorCount > 0 ? 'error' : undefined}
          />
          <Fact label="AI cost" value={formatCost(trace.cost)} testId="trace-cost" />
          <Fact label="Depth" value={String(tree.maxDepth + 1)} />
          <Fact label="Started" value={formatDateTime(trace.startedAt)} title={trace.startedAt} />
          <Fact label="Kept because" value={KEPT_REASON_LABEL[trace.keptReason]} title={KEPT_REASON_HINT[trace.keptReason]} />
          {orphans > 0 && (
            <Fact label="Without parent" value={formatCount(orphans)} tone="warning" title="spans whose parent is not in the trace" />
          )}
        </dl>
        <SpanLegend />
      </div>
    </section>
  );
}

function Fact({
  label,
  value,
  testId,
  tone,
  title,
}: {
  label: string;
  value: string;
  testId?: string;
  tone?: 'error' | 'warning';
  title?: string;
}) {
  return (
    <div className="trace-fact">
      <dt className="trace-fact-label">{label}</dt>
      <dd className={`trace-fact-value num${tone ? ` text-${tone}` : ''}`} data-testid={testId} title={title}>
        {value}
      </dd>
    </div>
  );
}

const CATEGORY_LABEL: Record<(typeof SPAN_CATEGORIES)[number], string> = {
  turn: 'turn',
  phase: 'phase',
  ai: 'AI call',
  compensation: 'compensation',
  api: 'API',
  other: 'other',
};

/** What the bar colours mean. */
function SpanLegend() {
  return (
    <ul className="span-legend" aria-label="Bar colours">
      {SPAN_CATEGORIES.map((category) => (
        <li key={category}>
          <span className={`swatch cat-${category}`} aria-hidden="true" />
          {CATEGORY_LABEL[category]}
        </li>
      ))}
      <li>
        <span className="swatch swatch-error" aria-hidden="true" />
        error
      </li>
      <li>
        <span className="swatch swatch-critical" aria-hidden="true" />
        critical path
      </li>
    </ul>
  );
}
