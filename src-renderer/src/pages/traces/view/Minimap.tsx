/**
 * The minimap: the whole trace in one canvas — time across, every row top to bottom — drawn as a
 * density picture (minimapGrid: how many bars cross each pixel), so 50,000 spans read as clearly as 50
 * and cost one ImageData write. Errors show red, search matches as ticks on the right edge. A frame
 * marks the rows in view; dragging it (or clicking anywhere) scrolls the waterfall, so it is also the
 * waterfall's scrollbar. The frame follows scrolling by a style write, never a React render.
 */
import { type KeyboardEvent, type PointerEvent, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { minimapGrid, type SpanTree } from '../../../../../src-shared/domain/trace-analysis';
import { useThemeStore } from '../../../stores/theme-store';
import { useTraceViewStore } from '../../../stores/trace-view-store';
import { ROW_HEIGHT } from './waterfall-geometry';
import { WATERFALL_SCROLL_ID } from './waterfall-ids';

/** Cells across and down are capped: beyond this the picture gains nothing and costs memory. */
const MAX_COLUMNS = 320;
const MAX_BANDS = 2400;
/** A short trace draws each row this fraction of its waterfall height (so 13 rows are not 13 huge blocks). */
const MINIMAP_ROW_SCALE = 0.25;
/** The frame never gets thinner than this, however many rows there are. */
const MIN_FRAME_PX = 10;

interface MinimapProps {
  tree: SpanTree;
  rows: Int32Array;
  scrollRef: RefObject<HTMLDivElement | null>;
}

export function Minimap({ tree, rows, scrollRef }: MinimapProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0, ratio: 1 });
  const theme = useThemeStore((store) => store.theme);
  const search = useTraceViewStore((store) => store.search);
  const rowOf = useTraceViewStore((store) => store.rowOf);
  const selected = useTraceViewStore((store) => store.selected);
  const zoom = useTraceViewStore((store) => store.zoom);
  // The frame's width is the time window the waterfall shows (all of it unless zoomed).
  const traceMs = Math.max(tree.endMs - tree.startMs, 1e-9);
  const frameLeft = zoom ? (zoom.startMs - tree.startMs) / traceMs : 0;
  const frameWidth = zoom ? (zoom.endMs - zoom.startMs) / traceMs : 1;

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const measure = () => {
      const rect = box.getBoundingClientRect();
      setSize((previous) => {
        const next = { width: Math.floor(rect.width), height: Math.floor(rect.height), ratio: window.devicePixelRatio || 1 };
        return previous.width === next.width && previous.height === next.height && previous.ratio === next.ratio ? previous : next;
      });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  const grid = useMemo(() => {
    if (size.width === 0 || size.height === 0 || rows.length === 0) return null;
    const columns = Math.min(MAX_COLUMNS, Math.round(size.width * size.ratio));
    const bands = Math.min(MAX_BANDS, Math.round(size.height * size.ratio));
    // Two device pixels at least per bar: a 1 ms call in a 2-minute turn is far below one pixel.
    return minimapGrid(tree, rows, columns, bands, 2);
  }, [tree, rows, size]);

  // Draw the density picture, then the markers, whenever the data, the size or the theme changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: theme is read through the CSS variables it switches.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !grid) return;
    canvas.width = Math.round(size.width * size.ratio);
    canvas.height = Math.round(size.height * size.ratio);
    const context = canvas.getContext('2d');
    if (!context) return;
    const styles = getComputedStyle(canvas);
    const ink = rgbOf(context, styles.getPropertyValue('--minimap-ink'));
    const error = rgbOf(context, styles.getPropertyValue('--span-error'));
    const image = new ImageData(grid.columns, grid.bands);
    const pixels = image.data;
    const scale = Math.log1p(Math.max(1, grid.max));
    for (let cell = 0; cell < grid.counts.length; cell++) {
      const count = grid.counts[cell] as number;
      if (count === 0) continue;
      const color = (grid.errors[cell] as number) > 0 ? error : ink;
      const offset = cell * 4;
      pixels[offset] = color[0];
      pixels[offset + 1] = color[1];
      pixels[offset + 2] = color[2];
      pixels[offset + 3] = Math.round(255 * (0.28 + (0.72 * Math.log1p(count)) / scale));
    }
    const source = document.createElement('canvas');
    source.width = grid.columns;
    source.height = grid.bands;
    source.getContext('2d')?.putImageData(image, 0, 0);
    // Rows keep the waterfall's proportions: a trace shorter than the minimap fills only its top part.
    const rowHeight = canvas.height / Math.max(rows.length, canvas.height / (ROW_HEIGHT * size.ratio * MINIMAP_ROW_SCALE));
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(source, 0, 0, canvas.width, rowHeight * rows.length);

    if (search && search.matches.length > 0) {
      context.fillStyle = styles.getPropertyValue('--minimap-match').trim() || '#e0a800';
      const tick = Math.max(2, rowHeight);
      for (const span of search.matches) {
        const row = rowOf[span] ?? -1;
        if (row >= 0) context.fillRect(canvas.width - 5 * size.ratio, row * rowHeight, 5 * size.ratio, tick);
      }
    }
    if (selected >= 0 && (rowOf[selected] ?? -1) >= 0) {
      context.fillStyle = styles.getPropertyValue('--accent').trim() || '#2f62d6';
      context.fillRect(0, (rowOf[selected] as number) * rowHeight, canvas.width, Math.max(2 * size.ratio, rowHeight));
    }
  }, [grid, size, rows, search, rowOf, selected, theme]);

  // How far the frame can move (px): dragging maps the pointer through it.
  const travelRef = useRef(0);
  // The frame follows the waterfall's scroll position.
  // biome-ignore lint/correctness/useExhaustiveDependencies: new rows change the scroll height, a new size the minimap's; both move the frame.
  useEffect(() => {
    const scroller = scrollRef.current;
    const frame = frameRef.current;
    const box = boxRef.current;
    if (!scroller || !frame || !box) return;
    const place = () => {
      const height = box.clientHeight;
      // The same scale the picture is drawn at: one row is rowCss pixels, the picture rowCss × rows tall.
      const rowCss = height / Math.max(rows.length, height / (ROW_HEIGHT * MINIMAP_ROW_SCALE));
      const frameHeight = Math.min(height, Math.max(MIN_FRAME_PX, (scroller.clientHeight / ROW_HEIGHT) * rowCss));
      const travel = Math.max(scroller.scrollHeight - scroller.clientHeight, 1);
      const room = Math.max(0, rowCss * rows.length - frameHeight);
      travelRef.current = room;
      frame.style.transform = `translateY(${(Math.min(scroller.scrollTop, travel) / travel) * room}px)`;
      frame.style.height = `${frameHeight}px`;
      box.setAttribute('aria-valuenow', String(Math.round((scroller.scrollTop / travel) * 100)));
    };
    place();
    scroller.addEventListener('scroll', place, { passive: true });
    const observer = new ResizeObserver(place);
    observer.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', place);
      observer.disconnect();
    };
  }, [scrollRef, rows, size]);

  const drag = useRef<{ grab: number } | null>(null);
  const scrollTo = (clientY: number, grab: number) => {
    const scroller = scrollRef.current;
    const box = boxRef.current;
    const frame = frameRef.current;
    if (!scroller || !box || !frame) return;
    const rect = box.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (clientY - rect.top - grab) / Math.max(travelRef.current, 1)));
    scroller.scrollTop = fraction * (scroller.scrollHeight - scroller.clientHeight);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const frame = frameRef.current;
    if (!frame || event.button !== 0) return;
    const frameRect = frame.getBoundingClientRect();
    const inside = event.clientY >= frameRect.top && event.clientY <= frameRect.bottom;
    const grab = inside ? event.clientY - frameRect.top : frameRect.height / 2;
    drag.current = { grab };
    event.currentTarget.setPointerCapture(event.pointerId);
    if (!inside) scrollTo(event.clientY, grab);
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) scrollTo(event.clientY, drag.current.grab);
  };
  const endDrag = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const page = scroller.clientHeight;
    const steps: Record<string, number> = { ArrowDown: page / 4, ArrowUp: -page / 4, PageDown: page, PageUp: -page };
    if (event.key === 'Home') scroller.scrollTop = 0;
    else if (event.key === 'End') scroller.scrollTop = scroller.scrollHeight;
    else if (steps[event.key] !== undefined) scroller.scrollTop += steps[event.key] as number;
    else return;
    event.preventDefault();
  };

  return (
    <div
      ref={boxRef}
      className="minimap"
      role="scrollbar"
      aria-label="Minimap of the whole trace: drag to scroll"
      aria-controls={WATERFALL_SCROLL_ID}
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onKeyDown={onKeyDown}
      data-testid="minimap"
    >
      <canvas ref={canvasRef} className="minimap-canvas" style={{ width: size.width, height: size.height }} />
      <div
        ref={frameRef}
        className="minimap-frame"
        style={{ left: `${frameLeft * 100}%`, width: `max(4px, ${frameWidth * 100}%)`, right: 'auto' }}
        data-testid="minimap-frame"
      />
    </div>
  );
}

/** A CSS colour as [r, g, b]: the canvas normalises any colour it is given to #rrggbb. */
function rgbOf(context: CanvasRenderingContext2D, color: string): [number, number, number] {
  context.fillStyle = '#000000';
  context.fillStyle = color.trim() || '#000000';
  const normalised = String(context.fillStyle);
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normalised);
  if (match)
    return [Number.parseInt(match[1] as string, 16), Number.parseInt(match[2] as string, 16), Number.parseInt(match[3] as string, 16)];
  const parts = /(\d+)\D+(\d+)\D+(\d+)/.exec(normalised);
  return parts ? [Number(parts[1]), Number(parts[2]), Number(parts[3])] : [0, 0, 0];
}
