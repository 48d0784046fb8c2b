/**
 * The waterfall: one row per span on screen (virtualized with @tanstack/react-virtual, so 50,000 spans
 * cost the same DOM as 40), each indented by depth with its bar on the trace's shared time axis, beside
 * the minimap that doubles as its scrollbar. Rows are memoized and take every handler from the store,
 * so scrolling renders only rows that come into view, and hover is CSS alone.
 *
 * Keyboard (the rows are one focusable tree): ↑/↓ move, ←/→ collapse/expand (or go to the parent /
 * first child), Home/End, PageUp/PageDown, Enter opens the span's detail, Escape closes it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type PointerEvent, type ReactNode, type RefObject, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { type SpanTree, spanCategory } from '../../../../../src-shared/domain/trace-analysis';
import { useTraceViewStore } from '../../../stores/trace-view-store';
import { Minimap } from './Minimap';
import { ROW_FLAGS, WaterfallRow } from './WaterfallRow';
import { type AxisTick, axisTicks, formatTick, ROW_HEIGHT } from './waterfall-geometry';
import { rowDomId, WATERFALL_SCROLL_ID } from './waterfall-ids';

export function Waterfall({ tree }: { tree: SpanTree }) {
  const rows = useTraceViewStore((store) => store.rows);
  const rowOf = useTraceViewStore((store) => store.rowOf);
  const collapsed = useTraceViewStore((store) => store.collapsed);
  const selected = useTraceViewStore((store) => store.selected);
  const active = useTraceViewStore((store) => store.active);
  const search = useTraceViewStore((store) => store.search);
  const searchMode = useTraceViewStore((store) => store.searchMode);
  const currentMatch = useTraceViewStore((store) => store.currentMatch);
  const showCritical = useTraceViewStore((store) => store.showCritical);
  const critical = useTraceViewStore((store) => store.critical);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // 8 rows (192 px) each side: more than a fast wheel moves in a frame, few enough to keep a jump cheap.
    overscan: 8,
  });

  const zoom = useTraceViewStore((store) => store.zoom);
  const axisStartMs = zoom?.startMs ?? tree.startMs;
  const axisMs = Math.max((zoom?.endMs ?? tree.endMs) - axisStartMs, 0);
  const ticks = useMemo(() => axisTicks(axisStartMs - tree.startMs, axisMs, 6), [axisStartMs, axisMs, tree]);
  const tickStep =
    ticks.length > 1 ? (ticks[1] as (typeof ticks)[number]).offsetMs - (ticks[0] as (typeof ticks)[number]).offsetMs : axisMs;
  const searching = search !== null && search.terms.length > 0;

  const reveal = useTraceViewStore((store) => store.reveal);
  useFirstPaintMark(tree);
  // A reveal request centres its row; then the keyboard's row stays in view (scrolling to the nearest
  // edge). In this order, a span that is both is centred.
  useKeepInView(scrollRef, rowOf, reveal.span, true, reveal.seq);
  useKeepInView(scrollRef, rowOf, active, false, 0);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const store = useTraceViewStore.getState();
    if (rows.length === 0) return;
    const current = store.active >= 0 && (rowOf[store.active] as number) >= 0 ? store.active : -1;
    const row = current >= 0 ? (rowOf[current] as number) : -1;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const go = (targetRow: number) => store.setActive(rows[Math.max(0, Math.min(rows.length - 1, targetRow))] as number);
    const hasChildren = current >= 0 && (tree.childCount[current] as number) > 0;
    switch (event.key) {
      case 'ArrowDown':
        go(row + 1);
        break;
      case 'ArrowUp':
        go(row < 0 ? 0 : row - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'PageDown':
        go(row + page);
        break;
      case 'PageUp':
        go(row - page);
        break;
      case 'ArrowRight':
        if (current < 0) go(0);
        else if (hasChildren && store.collapsed[current]) store.setCollapsed(current, false);
        else if (hasChildren && tree.parent[rows[row + 1] as number] === current) go(row + 1);
        break;
      case 'ArrowLeft': {
        if (current < 0) go(0);
        else if (hasChildren && !store.collapsed[current]) store.setCollapsed(current, true);
        else {
          const parent = tree.parent[current] as number;
          if (parent >= 0 && (rowOf[parent] as number) >= 0) store.setActive(parent);
        }
        break;
      }
      case 'Enter':
      case ' ':
        if (current >= 0) store.select(current);
        else go(0);
        break;
      case 'Escape':
        if (store.selected < 0) return;
        store.select(-1);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const items = virtualizer.getVirtualItems();
  const activeRow = active >= 0 ? (rowOf[active] as number) : -1;
  const filtering = searchMode === 'filter' && searching;

  return (
    <div className="waterfall" data-testid="waterfall" data-rows={rows.length}>
      <div className="waterfall-main">
        <div className="waterfall-axis" aria-hidden="true">
          <div className="waterfall-axis-label">
            Span <span className="muted">· {rows.length.toLocaleString('en-US')} rows</span>
          </div>
          <ZoomAxis axisStartMs={axisStartMs} axisMs={axisMs}>
            {ticks.map((tick, index) => (
              <span key={tick.offsetMs} className="waterfall-tick" style={{ left: `${tick.at * 100}%` }}>
                {tickLabel(ticks, index, tickStep)}
              </span>
            ))}
          </ZoomAxis>
        </div>
        <div
          id={WATERFALL_SCROLL_ID}
          className="waterfall-scroll"
          ref={scrollRef}
          role="tree"
          aria-label="Spans of the trace"
          aria-activedescendant={activeRow >= 0 ? rowDomId(active) : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onFocus={() => {
            const store = useTraceViewStore.getState();
            if (store.active < 0 && rows.length > 0) store.setActive(store.selected >= 0 ? store.selected : (rows[0] as number));
          }}
          data-testid="waterfall-scroll"
        >
          <div className="waterfall-rows" style={{ height: virtualizer.getTotalSize() }}>
            <div className="waterfall-grid">
              {ticks.map((tick) => (
                <span key={tick.offsetMs} className="waterfall-gridline" style={{ left: `${tick.at * 100}%` }} />
              ))}
            </div>
            {items.map((item) => {
              const span = rows[item.index] as number;
              // Keys are slots, not spans: the rows on screen are a contiguous range, so index mod its
              // length is unique, and a row that scrolls out hands its DOM to the one scrolling in
              // (an update of a few attributes instead of unmounting and mounting a row).
              const slot = item.index % items.length;
              let flags = 0;
              if (span === selected) flags |= ROW_FLAGS.selected;
              if (span === active) flags |= ROW_FLAGS.active;
              if (collapsed[span]) flags |= ROW_FLAGS.collapsed;
              if (searching && !filtering && search.mask[span]) flags |= ROW_FLAGS.match;
              if (span === currentMatch) flags |= ROW_FLAGS.currentMatch;
              if (filtering && !search.mask[span]) flags |= ROW_FLAGS.context;
              if (showCritical && critical) flags |= critical.onPath[span] ? ROW_FLAGS.critical : ROW_FLAGS.offPath;
              if (tree.orphan[span]) flags |= ROW_FLAGS.orphan;
              return (
                <WaterfallRow
                  key={slot}
                  span={span}
                  data={tree.spans[span] as (typeof tree.spans)[number]}
                  category={spanCategory((tree.spans[span] as (typeof tree.spans)[number]).name)}
                  top={item.start}
                  depth={tree.depth[span] as number}
                  childCount={tree.childCount[span] as number}
                  hiddenCount={collapsed[span] ? (tree.descendants[span] as number) : 0}
                  axisStartMs={axisStartMs}
                  axisMs={axisMs}
                  flags={flags}
                  segments={showCritical ? critical?.segments.get(span) : undefined}
                />
              );
            })}
          </div>
        </div>
      </div>
      <Minimap tree={tree} rows={rows} scrollRef={scrollRef} />
    </div>
  );
}

/**
 * Marks `trace:painted` once the first frame with this trace's rows is on screen: the frame's
 * requestAnimationFrame runs before its paint, and a message posted from it is handled after.
 */
function useFirstPaintMark(tree: SpanTree) {
  useEffect(() => {
    const traceId = useTraceViewStore.getState().traceId;
    let cancelled = false;
    const frame = requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (!cancelled) performance.mark('trace:painted', { detail: { traceId, spans: tree.size } });
        channel.port1.close();
      };
      channel.port2.postMessage(null);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
    };
  }, [tree]);
}

/**
 * Scrolls so span's row is in view (centred when `center`), whenever `span` or `request` changes — not
 * when the rows change, so collapsing elsewhere never yanks the view away.
 */
function useKeepInView(scrollRef: RefObject<HTMLDivElement | null>, rowOf: Int32Array, span: number, center: boolean, request: number) {
  const rowOfRef = useRef(rowOf);
  rowOfRef.current = rowOf;
  // biome-ignore lint/correctness/useExhaustiveDependencies: request is the trigger: the same span revealed again scrolls again.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || span < 0) return;
    const row = rowOfRef.current[span] ?? -1;
    if (row < 0) return;
    const top = row * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    if (top >= element.scrollTop && bottom <= element.scrollTop + element.clientHeight) return;
    if (center) element.scrollTop = top - element.clientHeight / 2 + ROW_HEIGHT / 2;
    else element.scrollTop = top < element.scrollTop ? top : bottom - element.clientHeight;
  }, [scrollRef, span, center, request]);
}

/**
 * The time axis, where dragging across a stretch zooms the waterfall onto it (the toolbar resets the
 * zoom; the span detail zooms onto a span from the keyboard). The selection band is moved by style
 * writes while dragging; only the release changes state.
 */
function ZoomAxis({ axisStartMs, axisMs, children }: { axisStartMs: number; axisMs: number; children: ReactNode }) {
  const bandRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ from: number; to: number; width: number } | null>(null);
  const fractionAt = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { fraction: Math.min(1, Math.max(0, (event.clientX - rect.left) / Math.max(rect.width, 1))), width: rect.width };
  };
  const paint = (from: number, to: number) => {
    const band = bandRef.current;
    if (!band) return;
    band.style.display = 'block';
    band.style.left = `${Math.min(from, to) * 100}%`;
    band.style.width = `${Math.abs(to - from) * 100}%`;
  };
  const hideBand = () => {
    drag.current = null;
    if (bandRef.current) bandRef.current.style.display = 'none';
  };
  return (
    <div
      className="waterfall-axis-ticks"
      data-testid="waterfall-ticks"
      title="Drag across the axis to zoom in"
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        const { fraction, width } = fractionAt(event);
        drag.current = { from: fraction, to: fraction, width };
        event.currentTarget.setPointerCapture(event.pointerId);
        paint(fraction, fraction);
      }}
      onPointerMove={(event) => {
        if (!drag.current) return;
        drag.current.to = fractionAt(event).fraction;
        paint(drag.current.from, drag.current.to);
      }}
      onPointerUp={() => {
        const current = drag.current;
        hideBand();
        // A click (under 4 px of travel) is not a zoom.
        if (!current || Math.abs(current.to - current.from) * current.width < 4) return;
        const from = Math.min(current.from, current.to);
        const to = Math.max(current.from, current.to);
        useTraceViewStore.getState().setZoom({ startMs: axisStartMs + from * axisMs, endMs: axisStartMs + to * axisMs });
      }}
      onPointerCancel={hideBand}
    >
      {children}
      <div ref={bandRef} className="zoom-band" />
    </div>
  );
}

/**
 * A tick's label. Zoomed far into a long trace, labels like `2 m 11.4 s` would not fit between ticks:
 * then the first tick carries the full offset and the others count from it (`+200 ms`).
 */
function tickLabel(ticks: readonly AxisTick[], index: number, stepMs: number): string {
  const tick = ticks[index] as AxisTick;
  const first = ticks[0] as AxisTick;
  const full = formatTick(tick.offsetMs, stepMs);
  if (index === 0 || formatTick(first.offsetMs, stepMs).length <= 8) return full;
  return `+${formatTick(tick.offsetMs - first.offsetMs, stepMs)}`;
}
