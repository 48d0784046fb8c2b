/**
 * One span of the waterfall: its name indented by depth with a collapse toggle, and its bar on the time
 * axis with the duration beside it. Memoized on plain props (state packed in one `flags` number), and
 * its handlers read the store when called, so a row renders only when its own state changes.
 */
import { memo } from 'react';
import type { TraceSpan } from '../../../../../src-shared/domain/trace';
import type { SpanCategory } from '../../../../../src-shared/domain/trace-analysis';
import { useTraceViewStore } from '../../../stores/trace-view-store';
import { formatElapsedMs } from '../../../ui/format-units';
import { type BarGeometry, barGeometry } from './waterfall-geometry';
import { rowDomId } from './waterfall-ids';

export const ROW_FLAGS = {
  selected: 1,
  active: 2,
  collapsed: 4,
  match: 8,
  currentMatch: 16,
  /** Shown only as the ancestor of a match while the search filters. */
  context: 32,
  critical: 64,
  offPath: 128,
  orphan: 256,
} as const;

/** Indentation per level, capped so a very deep span still leaves room for its name. */
const INDENT_PX = 14;
const MAX_INDENT_LEVELS = 16;

interface WaterfallRowProps {
  span: number;
  data: TraceSpan;
  category: SpanCategory;
  top: number;
  depth: number;
  childCount: number;
  /** Spans hidden below this one while it is collapsed. */
  hiddenCount: number;
  axisStartMs: number;
  axisMs: number;
  flags: number;
  /** Critical-path stretches of this span, [start, end, …] in epoch ms. */
  segments: number[] | undefined;
}

export const WaterfallRow = memo(function WaterfallRow(props: WaterfallRowProps) {
  const { span, data, category, top, depth, childCount, hiddenCount, axisStartMs, axisMs, flags, segments } = props;
  const bar = barGeometry(data.startMs, data.durationMs, axisStartMs, axisMs);
  const collapsed = (flags & ROW_FLAGS.collapsed) !== 0;
  const isError = data.status === 'error';
  const classes = ['waterfall-row', `cat-${category}`];
  if (isError) classes.push('is-error');
  if (flags & ROW_FLAGS.selected) classes.push('is-selected');
  if (flags & ROW_FLAGS.active) classes.push('is-active');
  if (flags & ROW_FLAGS.match) classes.push('is-match');
  if (flags & ROW_FLAGS.currentMatch) classes.push('is-current-match');
  if (flags & ROW_FLAGS.context) classes.push('is-context');
  if (flags & ROW_FLAGS.critical) classes.push('is-critical');
  if (flags & ROW_FLAGS.offPath) classes.push('is-off-path');
  const indent = Math.min(depth, MAX_INDENT_LEVELS) * INDENT_PX;
  const duration = formatElapsedMs(data.durationMs);

  return (
    // biome-ignore lint/a11y/useFocusableInteractive: the tree container holds focus and points at this row with aria-activedescendant.
    // biome-ignore lint/a11y/useKeyWithClickEvents: the tree container handles the keyboard for every row.
    <div
      id={rowDomId(span)}
      className={classes.join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={childCount > 0 ? !collapsed : undefined}
      aria-selected={(flags & ROW_FLAGS.selected) !== 0}
      onClick={() => useTraceViewStore.getState().select(span)}
      data-testid="span-row"
      data-span-id={data.spanId}
    >
      <div className="waterfall-label" style={{ paddingLeft: indent + 4 }}>
        {childCount > 0 ? (
          <button
            type="button"
            className="span-toggle"
            tabIndex={-1}
            aria-label={collapsed ? `Expand ${data.name}` : `Collapse ${data.name}`}
            onClick={(event) => {
              event.stopPropagation();
              useTraceViewStore.getState().setCollapsed(span, !collapsed);
            }}
            data-testid="span-toggle"
          />
        ) : (
          <span className="span-toggle-space" />
        )}
        {depth > MAX_INDENT_LEVELS && <span className="span-depth">{depth}</span>}
        <span className="span-name" title={data.name}>
          {data.name}
        </span>
        {hiddenCount > 0 && (
          <span className="span-hidden-count" title={`${hiddenCount.toLocaleString('en-US')} spans below, collapsed`}>
            +{hiddenCount.toLocaleString('en-US')}
          </span>
        )}
        {(flags & ROW_FLAGS.orphan) !== 0 && (
          <span className="span-orphan" title={`parent span ${data.parentSpanId ?? ''} is not in this trace`}>
            no parent
          </span>
        )}
      </div>
      <div className="waterfall-timeline">
        {bar.outside ? (
          // Zoomed past this span: say which way it lies instead of drawing it.
          <span className={`span-duration span-outside-${bar.outside}`}>
            {bar.outside === 'before' ? `◂ ${duration}` : `${duration} ▸`}
          </span>
        ) : (
          <TimelineBar bar={bar} title={`${data.name} · ${duration}${isError ? ' · error' : ''}`} segments={segments} duration={duration} />
        )}
      </div>
    </div>
  );
});

function TimelineBar({
  bar,
  title,
  segments,
  duration,
}: {
  bar: BarGeometry;
  title: string;
  segments: number[] | undefined;
  duration: string;
}) {
  return (
    <>
      <div className="span-bar" style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }} title={title}>
        {segments && <CriticalSegments segments={segments} fromMs={bar.visibleStartMs} toMs={bar.visibleEndMs} />}
      </div>
      <span
        className={`span-duration label-${bar.label}`}
        style={
          bar.label === 'right'
            ? { left: `${(bar.left + bar.width) * 100}%` }
            : { right: `${(1 - (bar.label === 'left' ? bar.left : bar.left + bar.width)) * 100}%` }
        }
      >
        {duration}
      </span>
    </>
  );
}

/** The span's stretches of the critical path, placed on the part of the span its bar shows. */
function CriticalSegments({ segments, fromMs, toMs }: { segments: number[]; fromMs: number; toMs: number }) {
  const parts: { left: number; width: number }[] = [];
  const length = toMs > fromMs ? toMs - fromMs : 1;
  for (let k = 0; k < segments.length; k += 2) {
    const from = Math.max(fromMs, segments[k] as number);
    const to = Math.min(toMs, segments[k + 1] as number);
    if (to > from) parts.push({ left: (from - fromMs) / length, width: (to - from) / length });
  }
  return (
    <>
      {parts.map((part) => (
        <span key={part.left} className="span-critical" style={{ left: `${part.left * 100}%`, width: `${part.width * 100}%` }} />
      ))}
    </>
  );
}
