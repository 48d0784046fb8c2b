/**
 * waterfall: the Traces page with 10,000- and 50,000-span traces, in Chromium (/usr/bin/chromium) against
 * the built `novel-console serve` (issue 4: fetched and first painted <= 300 ms at 10,000 spans and
 * <= 1.5 s at 50,000; scrolling frames under 16 ms at the median).
 *
 * 1. seed: turn-shaped traces (test/fixtures/synthetic-trace.ts) written through the built engine's trace
 *    store (out/main/engine.js createHost, so migrations run), before the server starts.
 * 2. open: from the search view, the hash is set to the trace; the page's own Performance marks give the
 *    split — trace:fetch-start, trace:fetched (JSON parsed), trace:analysed (span tree and rows),
 *    trace:painted (first frame with rows, after paint) — and the resource timing of POST /rpc/traces.get
 *    splits the fetch into server time (request sent -> first byte) and transfer. Sizes alternate (the
 *    view keeps one trace, so each open is a real fetch); the first open of each size is reported apart
 *    (cold: the server's first zod validation and JIT), the figure is the median of the rest.
 * 3. scroll: the waterfall scrolled from a requestAnimationFrame loop: not at all (idle: the measure's
 *    floor), 120 px per frame (a fast wheel), then jumps of 40 rows per frame (minimap scrubbing). A frame's main-thread time is measured from its
 *    rAF timestamp (frame start) to a message posted from the rAF callback (handled after the frame's
 *    style, layout and paint). rAF intervals over 1.5 × 16.7 ms count as dropped frames.
 * 4. server split: in this process, the same trace through the built engine's store: store.get (SQLite
 *    row + decode), the contract's response validation (TraceDetail.safeParse, what engine/rpc.ts runs on
 *    every response) and JSON.stringify, with the response size.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { TraceDetail } from '../src-shared/domain/trace';
import { CHROMIUM_LAUNCH_OPTIONS } from '../test/fixtures/chromium';
import { syntheticTrace } from '../test/fixtures/synthetic-trace';
import { ENGINE_PATH, median, percentile, printTable, REPO_ROOT, removeDir, round, spawnServer, tempDataDir } from './lib';

export const name = 'waterfall';
export const description =
  'Traces page: 10,000/50,000-span trace fetched and first painted (<= 300 ms / <= 1.5 s), scroll frame times (< 16 ms median)';

const SIZES = [10_000, 50_000] as const;
const OPENS_PER_SIZE = 6;
const SCROLL_FRAMES = 240;
const SCROLL_STEP_PX = 120;
const JUMP_ROWS = 40;
const ROW_HEIGHT = 24;

/**
 * What the functions run in the page (page.evaluate) use of the browser. This project's Node typecheck
 * has no DOM library, so the browser's globals are named here and reached through globalThis.
 */
interface PageGlobals {
  document: { querySelector(selector: string): { scrollTop: number; scrollHeight: number; clientHeight: number } | null };
  location: { hash: string };
  requestAnimationFrame(callback: (timestamp: number) => void): number;
}
interface ResourceTiming {
  name: string;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  encodedBodySize: number;
  transferSize: number;
}
interface BrowserPort {
  onmessage: (() => void) | null;
  postMessage(message: null): void;
  close(): void;
}
interface LongFrameObserver {
  observe(options: { type: string }): void;
  disconnect(): void;
}

interface EngineHost {
  services: { traces: { insert(traces: TraceDetail[]): void; get(traceId: string): TraceDetail | null } };
  close(): Promise<void>;
}
type CreateHost = (options: {
  dataDir: string;
  face: 'cli';
  telemetry: { tracing: boolean; recorder: { enabled: boolean } };
}) => EngineHost;

async function engine(): Promise<{ createHost: CreateHost }> {
  return (await import(pathToFileURL(ENGINE_PATH).href)) as { createHost: CreateHost };
}

interface OpenFigures {
  totalMs: number;
  serverMs: number;
  transferMs: number;
  parseMs: number;
  analysisMs: number;
  paintMs: number;
  bytes: number;
}

/** Opens a trace from the search view; the figures of that open from the page's marks. */
async function openTrace(page: Page, baseUrl: string, traceId: string): Promise<OpenFigures> {
  await page.goto(`${baseUrl}/#/traces`);
  await page.getByTestId('trace-results-table').waitFor();
  await page.evaluate((id) => {
    performance.clearMarks();
    performance.clearResourceTimings();
    performance.mark('bench:navigate');
    (globalThis as unknown as PageGlobals).location.hash = `#/traces/${id}`;
  }, traceId);
  await page.waitForFunction(
    (id) =>
      performance.getEntriesByName('trace:painted').some((mark) => (mark as { detail?: { traceId?: string } }).detail?.traceId === id),
    traceId,
    { timeout: 60_000, polling: 10 },
  );
  return page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime ?? Number.NaN;
    const resource = (performance.getEntriesByType('resource') as unknown as ResourceTiming[])
      .filter((entry) => entry.name.includes('/rpc/traces.get'))
      .at(-1) as ResourceTiming;
    return {
      totalMs: at('trace:painted') - at('bench:navigate'),
      serverMs: resource.responseStart - resource.requestStart,
      transferMs: resource.responseEnd - resource.responseStart,
      parseMs: at('trace:fetched') - resource.responseEnd,
      analysisMs: at('trace:analysed') - at('trace:fetched'),
      paintMs: at('trace:painted') - at('trace:analysed'),
      bytes: resource.encodedBodySize || resource.transferSize,
    };
  });
}

interface ScrollFigures {
  frameMs: number[];
  intervalsMs: number[];
  longFrames: number;
}

/** Scrolls the waterfall `frames` frames, `stepPx` per frame, measuring each frame (see the file comment). */
async function scroll(page: Page, frames: number, stepPx: number): Promise<ScrollFigures> {
  return page.evaluate(
    ({ frames, stepPx }) =>
      new Promise<ScrollFigures>((resolve) => {
        const browser = globalThis as unknown as PageGlobals;
        const element = browser.document.querySelector('[data-testid="waterfall-scroll"]');
        if (!element) throw new Error('no waterfall on the page');
        element.scrollTop = 0;
        const frameMs: number[] = [];
        const intervalsMs: number[] = [];
        let longFrames = 0;
        const observer = (PerformanceObserver as unknown as { supportedEntryTypes: string[] }).supportedEntryTypes.includes(
          'long-animation-frame',
        )
          ? (new PerformanceObserver((list) => {
              longFrames += list.getEntries().length;
            }) as unknown as LongFrameObserver)
          : null;
        observer?.observe({ type: 'long-animation-frame' });
        let previous = 0;
        let done = 0;
        const channel = new MessageChannel();
        const port1 = channel.port1 as unknown as BrowserPort;
        const port2 = channel.port2 as unknown as BrowserPort;
        const starts: number[] = [];
        port1.onmessage = () => {
          frameMs.push(performance.now() - (starts.shift() as number));
          done++;
          if (done === frames) {
            observer?.disconnect();
            port1.close();
            resolve({ frameMs, intervalsMs, longFrames });
          }
        };
        const tick = (timestamp: number) => {
          if (previous > 0) intervalsMs.push(timestamp - previous);
          previous = timestamp;
          starts.push(timestamp);
          const max = element.scrollHeight - element.clientHeight;
          element.scrollTop = element.scrollTop + stepPx > max ? 0 : element.scrollTop + stepPx;
          port2.postMessage(null);
          if (starts.length + done < frames) browser.requestAnimationFrame(tick);
        };
        browser.requestAnimationFrame(tick);
      }),
    { frames, stepPx },
  );
}

function serverSplit(host: EngineHost, traceId: string, runs: number) {
  const get: number[] = [];
  const validate: number[] = [];
  const stringify: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const trace = host.services.traces.get(traceId);
    get.push(performance.now() - started);
    started = performance.now();
    const checked = TraceDetail.safeParse(trace);
    validate.push(performance.now() - started);
    if (!checked.success) throw new Error(`the stored trace ${traceId} fails the contract's schema`);
    started = performance.now();
    bytes = JSON.stringify(checked.data).length;
    stringify.push(performance.now() - started);
  }
  return {
    getMs: median(get),
    validateMs: median(validate),
    stringifyMs: median(stringify),
    firstValidateMs: validate[0] as number,
    bytes,
  };
}

export async function run(): Promise<Record<string, number>> {
  if (!existsSync(ENGINE_PATH)) throw new Error(`${relative(REPO_ROOT, ENGINE_PATH)} is missing: run npm run build first`);
  const dataDir = tempDataDir('waterfall');
  const { createHost } = await engine();
  const traces = SIZES.map((spanCount, index) =>
    syntheticTrace({ spanCount, seed: 100 + index, startMs: Date.now() - (index + 1) * 600_000 }),
  );
  const seeding = createHost({ dataDir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } } });
  try {
    seeding.services.traces.insert(traces);
  } finally {
    await seeding.close();
  }

  const server = spawnServer(dataDir);
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const figures: Record<string, number> = {};
  try {
    const { url, token } = await server.login;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx compiles this file with esbuild's keepNames, which wraps named functions in __name(); the
    // functions sent to page.evaluate carry those calls into the page, so the page gets the helper too.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await page.goto(`${url}/?token=${token}`);
    await page.getByTestId('connection-status').waitFor();

    const opens = new Map<number, OpenFigures[]>(SIZES.map((size) => [size, []]));
    for (let round_ = 0; round_ < OPENS_PER_SIZE; round_++) {
      for (const [index, size] of SIZES.entries()) {
        opens.get(size)?.push(await openTrace(page, url, (traces[index] as TraceDetail).traceId));
      }
    }
    const openRows: (string | number)[][] = [];
    for (const size of SIZES) {
      const [cold, ...warm] = opens.get(size) ?? [];
      const med = (key: keyof OpenFigures) => round(median(warm.map((figure) => figure[key])));
      openRows.push([
        size.toLocaleString('en-US'),
        round(cold?.totalMs ?? 0),
        round(cold?.serverMs ?? 0),
        med('totalMs'),
        round(Math.max(...warm.map((figure) => figure.totalMs))),
        med('serverMs'),
        med('transferMs'),
        med('parseMs'),
        med('analysisMs'),
        med('paintMs'),
        round((warm[0]?.bytes ?? 0) / 1e6, 2),
      ]);
      const key = size === 10_000 ? '10k' : '50k';
      figures[`open${key}Ms`] = med('totalMs');
      figures[`open${key}ColdMs`] = round(cold?.totalMs ?? 0);
      figures[`open${key}ServerMs`] = med('serverMs');
      figures[`open${key}TransferMs`] = med('transferMs');
      figures[`open${key}ParseMs`] = med('parseMs');
      figures[`open${key}AnalysisMs`] = med('analysisMs');
      figures[`open${key}PaintMs`] = med('paintMs');
    }
    console.log(`open: ${OPENS_PER_SIZE} opens per size from the search view, alternating sizes; median of all but the first (cold)`);
    printTable(
      ['spans', 'cold ms', 'cold server', 'median ms', 'max ms', 'server', 'transfer', 'parse', 'tree+rows', 'render+paint', 'MB'],
      openRows,
    );

    const scrollRows: (string | number)[][] = [];
    for (const [index, size] of SIZES.entries()) {
      await openTrace(page, url, (traces[index] as TraceDetail).traceId);
      await page.waitForTimeout(300);
      for (const [pattern, step] of [
        ['idle', 0],
        ['wheel', SCROLL_STEP_PX],
        ['scrub', JUMP_ROWS * ROW_HEIGHT],
      ] as const) {
        const result = await scroll(page, SCROLL_FRAMES, step);
        const sorted = [...result.frameMs].sort((a, b) => a - b);
        const dropped = result.intervalsMs.filter((interval) => interval > 25).length;
        scrollRows.push([
          size.toLocaleString('en-US'),
          pattern,
          round(median(result.frameMs), 2),
          round(percentile(sorted, 95), 2),
          round(sorted.at(-1) ?? 0, 2),
          round(median(result.intervalsMs), 2),
          `${dropped}/${result.intervalsMs.length}`,
          result.longFrames,
        ]);
        if (pattern === 'idle') continue;
        const key = `${pattern}${size === 10_000 ? '10k' : '50k'}`;
        figures[`${key}FrameMedianMs`] = round(median(result.frameMs), 2);
        figures[`${key}FrameP95Ms`] = round(percentile(sorted, 95), 2);
        figures[`${key}DroppedFrames`] = dropped;
      }
    }
    console.log('');
    console.log(
      `scroll: ${SCROLL_FRAMES} frames each; idle = no scrolling (the measure's floor), wheel = ${SCROLL_STEP_PX} px per frame, scrub = ${JUMP_ROWS} rows per frame`,
    );
    printTable(
      ['spans', 'pattern', 'frame median ms', 'p95', 'max', 'rAF interval median', 'dropped (> 25 ms)', 'long frames (> 50 ms)'],
      scrollRows,
    );
  } finally {
    await browser.close();
    await server.stop();
  }

  const host = createHost({ dataDir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } } });
  const serverRows: (string | number)[][] = [];
  try {
    for (const [index, size] of SIZES.entries()) {
      const split = serverSplit(host, (traces[index] as TraceDetail).traceId, 7);
      serverRows.push([
        size.toLocaleString('en-US'),
        round(split.getMs),
        round(split.firstValidateMs),
        round(split.validateMs),
        round(split.stringifyMs),
        round(split.bytes / 1e6, 2),
      ]);
      const key = size === 10_000 ? '10k' : '50k';
      figures[`server${key}GetMs`] = round(split.getMs);
      figures[`server${key}ValidateMs`] = round(split.validateMs);
      figures[`server${key}StringifyMs`] = round(split.stringifyMs);
      figures[`response${key}Bytes`] = split.bytes;
    }
  } finally {
    await host.close();
    removeDir(dataDir);
  }
  console.log('');
  console.log('server split (in process, built engine store + the contract schema): median of 7');
  printTable(['spans', 'store.get ms', 'first validate ms', 'validate ms', 'stringify ms', 'JSON MB'], serverRows);
  return figures;
}
