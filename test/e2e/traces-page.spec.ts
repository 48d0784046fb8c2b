/**
 * The Traces page of the headless console against a real engine. Before `serve` starts, its data dir
 * gets, through the built engine's own trace store (createHost opens the database, so migrations run),
 * a 10,000-span turn-shaped trace (test/fixtures/synthetic-trace.ts) and a small one with a
 * compensation, an error and a span whose parent is missing. Then: search, open and scroll the big
 * trace, collapse and expand by keyboard, the span detail's GenAI tab with prompt text, a deep link to
 * a span, the minimap, critical path and in-trace search, and turn -> trace -> turn with a turn run
 * from the UI (the tail sampler always keeps those).
 *
 * Tests share one server and run in file order (workers: 1); each opens a fresh page.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import type { TraceDetail, TraceSpan } from '../../src-shared/domain/trace';
import { MARKUP_IN_PROMPT, syntheticTrace } from '../fixtures/synthetic-trace';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, seededDataDir, startServe } from './serve-process';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const screenshotDir = resolve(repoRoot, 'test-results/screenshots');
const BIG_SPANS = 10_000;
const QUIET_TRACES = 30;
/** A turn with the simulated provider's realistic latency takes a few seconds. */
const TURN_TIMEOUT_MS = 30_000;

let server: ServeProcess;
let big: TraceDetail;
let small: TraceDetail;

/** The small trace: a failed, compensated turn in 40 spans, one of them orphaned. */
function compensatedTrace(startMs: number): TraceDetail {
  const trace = syntheticTrace({ spanCount: 40, seed: 77, startMs, turnId: '11111111-2222-4333-8444-555555555555' });
  const root = trace.spans[0] as TraceSpan;
  const end = root.startMs + root.durationMs;
  const extra: TraceSpan[] = [
    {
      spanId: 'c0ffee0000000001',
      parentSpanId: root.spanId,
      name: 'novel_engine.compensation.rollback_world_state',
      kind: 'internal',
      startMs: end - 2,
      durationMs: 1.5,
      status: 'error',
      statusMessage: 'rollback found the world changed',
      attributes: { 'compensation.type': 'rollback_world_state' },
      events: [
        {
          name: 'exception',
          timeMs: end - 0.6,
          attributes: {
            'exception.type': 'ConsistencyError',
            'exception.message': 'world_after differs',
            'exception.stacktrace': 'ConsistencyError: world_after differs\n    at rollback (saga.ts:1:1)',
          },
        },
      ],
    },
    {
      spanId: 'c0ffee0000000002',
      parentSpanId: 'ffffffffffffffff',
      name: 'api.turns.run',
      kind: 'server',
      startMs: root.startMs - 1,
      durationMs: 0.8,
      status: 'ok',
      statusMessage: null,
      attributes: { 'user.id': 'desktop', 'authz.permission': 'orchestration.turn.execute', 'authz.granted': true },
      events: [],
    },
  ];
  return {
    ...trace,
    spans: [...trace.spans, ...extra],
    spanCount: trace.spans.length + 2,
    errorCount: trace.errorCount + 1,
    status: 'error',
    keptReason: 'error',
  };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(screenshotDir, { recursive: true });
  const dataDir = await seededDataDir('traces', (host) => {
    // Recent enough for the trace retention (7 days), which prunes at start.
    big = syntheticTrace({ spanCount: BIG_SPANS, seed: 42, startMs: Date.now() - 3_600_000 });
    small = compensatedTrace(Date.now() - 1_800_000);
    // Older, quiet turns: enough for the results to need a second page.
    const quiet = Array.from({ length: QUIET_TRACES }, (_, k) =>
      syntheticTrace({ spanCount: 10, seed: 500 + k, startMs: Date.now() - 7_200_000 - k * 60_000 }),
    );
    host.services.traces.insert([big, small, ...quiet]);
  });
  server = await startServe({ dataDir });
});

test.afterAll(async () => {
  await server?.cleanup();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

async function openTrace(page: Page, traceId: string, spanId?: string): Promise<void> {
  await page.goto(`${server.url}/#/traces/${traceId}${spanId ? `/${spanId}` : ''}`);
  await expect(page.getByTestId('trace-view')).toHaveAttribute('data-ready', 'true');
}

/** The span index of a span id in the fixture (the waterfall's row ids are span indices). */
const spanIndex = (trace: TraceDetail, spanId: string) => trace.spans.findIndex((span) => span.spanId === spanId);

async function shot(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage });
}

/** Screenshots in the light theme, then the dark one. */
async function shotBothThemes(page: Page, name: string): Promise<void> {
  await shot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(100);
  await shot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
}

const waterfall = (page: Page) => page.getByTestId('waterfall');
const scroller = (page: Page) => page.getByTestId('waterfall-scroll');
const row = (page: Page, spanId: string) => page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`);

test('searches the kept traces by status, span name and turn, and shows typed errors', async ({ page }) => {
  const problems = collectPageProblems(page, [/status of 400/, /status of 404/]);
  await signIn(page);
  await page.getByTestId('nav-traces').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Traces');
  const results = page.getByTestId('trace-result');
  const result = (trace: TraceDetail) => page.locator(`[data-testid="trace-result"][data-trace-id="${trace.traceId}"]`);
  // The console's own API calls are traced too (api.<channel>), so other traces may be listed beside the two seeded.
  await expect(result(big)).toContainText('10,000');
  await expect(result(big)).toHaveAttribute('data-status', 'error');
  await expect(result(small)).toContainText('novel_engine.turn_execution');
  await expect(page.getByTestId('trace-results-range')).toHaveText(/^Traces 1–\d+ of \d+$/);
  await shotBothThemes(page, 'traces-search');

  // A page holds 25; the rest are one click away.
  await expect(page.getByTestId('trace-results-range')).toHaveText(/^Traces 1–25 of \d+$/);
  await expect(page.getByTestId('trace-results-prev')).toBeDisabled();
  await page.getByTestId('trace-results-next').click();
  await expect(page.getByTestId('trace-results-range')).toHaveText(/^Traces 26–\d+ of \d+$/);
  await expect(page.getByTestId('trace-results-prev')).toBeEnabled();

  // Only failed turns, newest first: the small one started later.
  await page.getByTestId('trace-filter-spanName').fill('turn_execution');
  await page.getByTestId('trace-filter-status').selectOption('error');
  await page.getByTestId('trace-search-submit').click();
  await expect(results).toHaveCount(2);
  await expect(results.first()).toHaveAttribute('data-trace-id', small.traceId);
  await expect(page.getByTestId('trace-results-range')).toHaveText('Traces 1–2 of 2');

  await page.getByTestId('trace-filter-spanName').fill('compensation');
  await page.getByTestId('trace-search-submit').click();
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveAttribute('data-trace-id', small.traceId);

  await page.getByTestId('trace-search-reset').click();
  await expect(page.getByTestId('trace-filter-spanName')).toHaveValue('');
  await expect(page.getByTestId('trace-filter-status')).toHaveValue('');
  await expect(result(big)).toBeVisible();
  await page.getByTestId('trace-filter-turnId').fill(big.turnId ?? '');
  await page.getByTestId('trace-filter-minDurationMs').fill('60000');
  await page.keyboard.press('Enter');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveAttribute('data-trace-id', big.traceId);

  // A bad value is named beside its field and nothing is sent.
  await page.getByTestId('trace-filter-minCost').fill('-2');
  await page.getByTestId('trace-search-submit').click();
  await expect(page.getByTestId('trace-filter-error-minCost')).toHaveText(/at least 0/);
  await expect(page.getByTestId('trace-filter-minCost')).toHaveAttribute('aria-invalid', 'true');

  // The engine's typed errors: a malformed trace id, then one that is not kept.
  await page.goto(`${server.url}/#/traces/not-a-trace-id`);
  await expect(page.getByTestId('trace-error')).toContainText('invalid_request');
  await page.goto(`${server.url}/#/traces/${'0'.repeat(32)}`);
  await expect(page.getByTestId('trace-error')).toContainText('not_found');
  expect(problems).toEqual([]);
});

test('opens the 10,000-span trace, renders only the rows in view, and scrolls to the end', async ({ page }) => {
  const problems = collectPageProblems(page);
  await signIn(page);
  await page.goto(`${server.url}/#/traces`);
  await page.locator(`[data-trace-id="${big.traceId}"] [data-testid="trace-result-open"]`).click();
  await expect(page.getByTestId('trace-view')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('trace-span-count')).toHaveText('10,000');
  await expect(waterfall(page)).toHaveAttribute('data-rows', String(BIG_SPANS));
  await expect(row(page, big.spans[0]!.spanId)).toBeVisible();
  // Virtualized: a screenful of rows plus overscan, not 10,000.
  expect(await page.getByTestId('span-row').count()).toBeLessThan(80);
  await expect(page.getByTestId('waterfall-ticks').locator('.waterfall-tick').first()).toHaveText('0');
  await shotBothThemes(page, 'traces-waterfall');

  // Scroll to the very end: the last span in tree order is the narrative call's output guard.
  await scroller(page).evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  const last = big.spans.at(-1)!;
  await expect(row(page, last.spanId)).toBeVisible();
  expect(await page.getByTestId('span-row').count()).toBeLessThan(80);
  // And back to the middle through the minimap: a click centres the frame there.
  const box = (await page.getByTestId('minimap').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const middle = await scroller(page).evaluate((element) => element.scrollTop / (element.scrollHeight - element.clientHeight));
  expect(middle).toBeGreaterThan(0.35);
  expect(middle).toBeLessThan(0.65);
  expect(problems).toEqual([]);
});

test('collapses and expands by keyboard, and all at once', async ({ page }) => {
  const problems = collectPageProblems(page);
  await signIn(page);
  await openTrace(page, big.traceId);
  const briefPhase = big.spans.find((span) => span.name === 'novel_engine.phase.subjective_brief')!;
  const briefRow = row(page, briefPhase.spanId);
  const below = big.spans.filter((span) => span.parentSpanId === briefPhase.spanId).length * 4;

  await scroller(page).focus();
  await page.keyboard.press('Home');
  await expect(row(page, big.spans[0]!.spanId)).toHaveClass(/is-active/);
  // Root, world_update, subjective_brief.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(briefRow).toHaveClass(/is-active/);
  await expect(briefRow).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('ArrowLeft');
  await expect(briefRow).toHaveAttribute('aria-expanded', 'false');
  await expect(waterfall(page)).toHaveAttribute('data-rows', String(BIG_SPANS - below));
  await expect(briefRow.locator('.span-hidden-count')).toHaveText(`+${below.toLocaleString('en-US')}`);
  // Left again goes to the parent (the root), right comes back down to the first child.
  await page.keyboard.press('ArrowLeft');
  await expect(row(page, big.spans[0]!.spanId)).toHaveClass(/is-active/);
  await page.keyboard.press('ArrowRight');
  await expect(row(page, big.spans.find((span) => span.name === 'novel_engine.phase.world_update')!.spanId)).toHaveClass(/is-active/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(briefRow).toHaveAttribute('aria-expanded', 'true');
  await expect(waterfall(page)).toHaveAttribute('data-rows', String(BIG_SPANS));
  // Enter opens the detail of the span the keyboard is on.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('span-detail')).toHaveAttribute('data-span-id', briefPhase.spanId);
  await expect(page).toHaveURL(new RegExp(`#/traces/${big.traceId}/${briefPhase.spanId}$`));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('span-detail')).toHaveCount(0);

  // Collapse all leaves the root open on its five phases (and the keyboard on a visible row).
  await page.getByTestId('collapse-all').click();
  await expect(waterfall(page)).toHaveAttribute('data-rows', '6');
  await expect(briefRow).toHaveAttribute('aria-expanded', 'false');
  await shot(page, 'traces-collapsed-light');
  // A mouse click on a toggle opens one span.
  await briefRow.getByTestId('span-toggle').click();
  await expect(waterfall(page)).toHaveAttribute('data-rows', String(6 + below / 4));
  await page.getByTestId('expand-all').click();
  await expect(waterfall(page)).toHaveAttribute('data-rows', String(BIG_SPANS));
  expect(problems).toEqual([]);
});

test('shows an AI span’s GenAI tab with its prompt and completion as plain text, and exceptions', async ({ page }) => {
  const problems = collectPageProblems(page);
  await signIn(page);
  await openTrace(page, big.traceId);
  await page.getByTestId('trace-find').fill('generate_narrative');
  await page.getByTestId('trace-find').press('Enter');
  const narrative = big.spans.find((span) => span.name === 'ai_gateway.generate_narrative')!;
  await expect(page.getByTestId('trace-find-count')).toHaveText('1 of 1');
  const detail = page.getByTestId('span-detail');
  await expect(detail).toHaveAttribute('data-span-id', narrative.spanId);
  await expect(row(page, narrative.spanId)).toBeInViewport();

  // An AI call opens on its GenAI tab.
  await expect(page.getByTestId('span-tab-genai')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('genai-model')).toHaveText(String(narrative.attributes['gen_ai.request.model']));
  await expect(page.getByTestId('genai-system')).toHaveText('simulated');
  await expect(page.getByTestId('genai-agent')).toHaveText('narrator');
  await expect(page.getByTestId('genai-tokens')).toContainText(`${narrative.attributes['gen_ai.usage.input_tokens']} in`);
  await expect(page.getByTestId('genai-cost')).toHaveText(/^\$/);
  const prompt = page.getByTestId('genai-prompt');
  await expect(prompt).toContainText(MARKUP_IN_PROMPT);
  // Text only: the markup is characters on screen, never elements (no <b>, no <img>, no <script>).
  expect(await prompt.evaluate((element) => element.childElementCount)).toBe(0);
  expect(await detail.locator('b, img, script').count()).toBe(0);
  await expect(page.getByTestId('genai-completion')).toContainText('resolves to move north');
  await shotBothThemes(page, 'traces-span-genai');

  await page.getByTestId('span-tab-attributes').click();
  await expect(page.getByTestId('span-attributes')).toContainText('gen_ai.usage.output_tokens');
  await page.getByTestId('span-tab-events').click();
  await expect(page.getByTestId('span-event')).toHaveCount(2);

  // A failed AI call: its exception, with type, message and stack.
  const failed = big.spans.find((span) => span.name.startsWith('ai_gateway.') && span.status === 'error')!;
  await openTrace(page, big.traceId, failed.spanId);
  await page.getByTestId('span-tab-exceptions').click();
  await expect(page.getByTestId('span-exception')).toContainText('ProviderTimeoutError');
  await expect(page.getByTestId('span-status')).toHaveText('error');
  await expect(page.getByTestId('genai-no-completion')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a deep link selects its span, scrolled into view, and the selection follows the address bar', async ({ page }) => {
  const problems = collectPageProblems(page);
  await signIn(page);
  const deep = big.spans[Math.floor(BIG_SPANS * 0.7)]!;
  await openTrace(page, big.traceId, deep.spanId);
  await expect(page.getByTestId('span-detail')).toHaveAttribute('data-span-id', deep.spanId);
  await expect(row(page, deep.spanId)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, deep.spanId)).toBeInViewport();
  await expect(page.getByTestId('span-id')).toHaveText(deep.spanId);
  // Its parent is one click away, and the address follows the selection.
  await page.getByTestId('span-parent').click();
  await expect(page.getByTestId('span-detail')).toHaveAttribute('data-span-id', deep.parentSpanId ?? '');
  await expect(page).toHaveURL(new RegExp(`/${deep.parentSpanId}$`));
  // Back to the first link, typed into the address bar.
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/traces/${big.traceId}/${deep.spanId}`);
  await expect(page.getByTestId('span-detail')).toHaveAttribute('data-span-id', deep.spanId);

  // A deep link into a collapsed-away span opens its ancestors.
  await page.getByTestId('collapse-all').click();
  await expect(waterfall(page)).toHaveAttribute('data-rows', '6');
  const leaf = big.spans.find((span) => span.name === 'output_guard.check')!;
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/traces/${big.traceId}/${leaf.spanId}`);
  await expect(row(page, leaf.spanId)).toHaveAttribute('aria-selected', 'true');
  expect(spanIndex(big, leaf.spanId)).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});

test('the minimap shows the window and drags it; critical path and in-trace filter', async ({ page }) => {
  const problems = collectPageProblems(page);
  await signIn(page);
  await openTrace(page, big.traceId);
  const minimap = page.getByTestId('minimap');
  const frame = page.getByTestId('minimap-frame');
  const frameBefore = (await frame.boundingBox())!;
  const mapBox = (await minimap.boundingBox())!;
  expect(frameBefore.y).toBeLessThan(mapBox.y + 4);
  // Drag the frame down a quarter of the map: the waterfall follows.
  await page.mouse.move(frameBefore.x + frameBefore.width / 2, frameBefore.y + frameBefore.height / 2);
  await page.mouse.down();
  await page.mouse.move(frameBefore.x + frameBefore.width / 2, frameBefore.y + mapBox.height / 4, { steps: 8 });
  await page.mouse.up();
  const fraction = await scroller(page).evaluate((element) => element.scrollTop / (element.scrollHeight - element.clientHeight));
  expect(fraction).toBeGreaterThan(0.18);
  expect(fraction).toBeLessThan(0.32);
  const frameAfter = (await frame.boundingBox())!;
  expect(frameAfter.y).toBeGreaterThan(frameBefore.y + mapBox.height / 6);
  // The canvas drew something: not every pixel is blank.
  const inked = await page.locator('.minimap-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) count++;
    return count;
  });
  expect(inked).toBeGreaterThan(200);
  await minimap.screenshot({ path: resolve(screenshotDir, 'traces-minimap-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(100);
  await minimap.screenshot({ path: resolve(screenshotDir, 'traces-minimap-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Critical path: the root and the last phase are on it; an early brief call is not.
  await page.getByTestId('critical-path-toggle').click();
  await expect(page.getByTestId('critical-path-toggle')).toHaveAttribute('aria-pressed', 'true');
  await scroller(page).evaluate((element) => {
    element.scrollTop = 0;
  });
  await expect(row(page, big.spans[0]!.spanId)).toHaveClass(/is-critical/);
  const narrativePhase = big.spans.find((span) => span.name === 'novel_engine.phase.narrative_integration')!;
  await openTrace(page, big.traceId, narrativePhase.spanId);
  await expect(row(page, narrativePhase.spanId)).toHaveClass(/is-critical/);
  await expect(page.getByTestId('span-critical')).toContainText('of this span is on it');
  await shot(page, 'traces-critical-path-light');

  // In-trace search: highlight, then filter down to the matches and their ancestors.
  await page.getByTestId('trace-find').fill('ProviderTimeoutError');
  await expect(page.getByTestId('trace-find-count')).toHaveAttribute('data-count', String(big.errorCount / 2));
  await page.getByTestId('trace-find-filter').click();
  const matches = big.errorCount / 2;
  // Each failed call plus its phase (and the interaction session for some) and the root.
  const rows = Number(await waterfall(page).getAttribute('data-rows'));
  expect(rows).toBeGreaterThan(matches);
  expect(rows).toBeLessThan(matches * 2 + 4);
  await page.getByTestId('trace-find-next').click();
  await expect(page.getByTestId('trace-find-count')).toHaveText(`1 of ${matches}`);
  await page.getByTestId('trace-find-prev').click();
  await expect(page.getByTestId('trace-find-count')).toHaveText(`${matches} of ${matches}`);
  await shot(page, 'traces-search-filter-light');
  await page.getByTestId('trace-find-highlight').click();
  await expect(waterfall(page)).toHaveAttribute('data-rows', String(BIG_SPANS));
  expect(problems).toEqual([]);
});

test('zooms the time axis onto a span or a dragged stretch, and back to the whole trace', async ({ page }) => {
  const problems = collectPageProblems(page);
  await signIn(page);
  const narrativePhase = big.spans.find((span) => span.name === 'novel_engine.phase.narrative_integration')!;
  await openTrace(page, big.traceId, narrativePhase.spanId);
  const firstTick = page.getByTestId('waterfall-ticks').locator('.waterfall-tick').first();
  await expect(firstTick).toHaveText('0');
  await page.getByTestId('span-zoom').click();
  await expect(page.getByTestId('trace-zoom')).toBeVisible();
  await expect(firstTick).not.toHaveText('0');
  // The span fills about nine tenths of the axis (5% margin each side).
  const timeline = (await row(page, narrativePhase.spanId).locator('.waterfall-timeline').boundingBox())!;
  const bar = (await row(page, narrativePhase.spanId).locator('.span-bar').boundingBox())!;
  expect(bar.width / timeline.width).toBeGreaterThan(0.85);
  // A span before the window has no bar, only a pointer to where it lies.
  const worldUpdate = big.spans.find((span) => span.name === 'novel_engine.phase.world_update')!;
  await scroller(page).evaluate((element) => {
    element.scrollTop = 0;
  });
  await expect(row(page, worldUpdate.spanId).locator('.span-outside-before')).toHaveText(/^◂ /);
  await expect(row(page, worldUpdate.spanId).locator('.span-bar')).toHaveCount(0);
  await shot(page, 'traces-zoomed-light');

  await page.getByTestId('zoom-reset').click();
  await expect(page.getByTestId('trace-zoom')).toHaveCount(0);
  await expect(firstTick).toHaveText('0');
  // Dragging from a fifth of the axis back past its start zooms onto the first fifth.
  const axis = (await page.getByTestId('waterfall-ticks').boundingBox())!;
  await page.mouse.move(axis.x + axis.width * 0.2, axis.y + axis.height / 2);
  await page.mouse.down();
  await page.mouse.move(axis.x - 10, axis.y + axis.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('trace-zoom')).toContainText('Showing 0 –');
  await expect(row(page, worldUpdate.spanId).locator('.span-bar')).toHaveCount(1);
  const frame = (await page.getByTestId('minimap-frame').boundingBox())!;
  const map = (await page.getByTestId('minimap').boundingBox())!;
  expect(frame.width).toBeLessThan(map.width * 0.4);
  expect(problems).toEqual([]);
});

test('marks a span whose parent is missing and lists the compensation with its exception', async ({ page }) => {
  const problems = collectPageProblems(page);
  await signIn(page);
  await openTrace(page, small.traceId);
  const orphan = row(page, 'c0ffee0000000002');
  await expect(orphan.locator('.span-orphan')).toHaveText('no parent');
  await expect(orphan).toHaveAttribute('aria-level', '1');
  await orphan.click();
  await expect(page.getByTestId('span-detail')).toContainText('ffffffffffffffff — not in this trace');
  // The compensation is the last row: found by the in-trace search, which selects it and scrolls to it.
  await page.getByTestId('trace-find').fill('rollback_world_state');
  await page.getByTestId('trace-find').press('Enter');
  await expect(page.getByTestId('span-detail')).toHaveAttribute('data-span-id', 'c0ffee0000000001');
  await expect(row(page, 'c0ffee0000000001')).toBeInViewport();
  await expect(page.getByTestId('span-status')).toHaveText('error');
  await page.getByTestId('span-tab-exceptions').click();
  await expect(page.getByTestId('span-exception')).toContainText('ConsistencyError');
  await shotBothThemes(page, 'traces-small-exception');
  expect(problems).toEqual([]);
});

test('goes from a turn run in the UI to its trace and back', async ({ page }) => {
  test.setTimeout(90_000);
  const problems = collectPageProblems(page);
  await signIn(page);
  await page.getByTestId('nav-turns').click();
  await expect(page.getByTestId('participant-list')).toBeVisible();
  await page.getByTestId('run-turn').click();
  const view = page.getByTestId('turn-view');
  await expect(view).toHaveAttribute('data-turn-id', /.+/);
  const turnId = (await view.getAttribute('data-turn-id')) ?? '';
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'completed', { timeout: TURN_TIMEOUT_MS });

  // A turn started from the console is always kept: its trace link appears once the trace is written.
  const link = page.getByTestId('turn-trace-link');
  await expect(link).toBeVisible({ timeout: 15_000 });
  await link.click();
  await expect(page.getByTestId('trace-view')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('trace-header')).toContainText('novel_engine.turn_execution');
  for (const phase of ['world_update', 'subjective_brief', 'interaction_orchestration', 'event_integration', 'narrative_integration']) {
    await expect(page.locator(`[data-testid="span-row"]`, { hasText: `novel_engine.phase.${phase}` })).toHaveCount(1);
  }
  await expect(page.locator('[data-testid="span-row"]', { hasText: 'ai_gateway.' }).first()).toBeVisible();
  await shot(page, 'traces-ui-turn-light');

  await page.getByTestId('trace-turn-link').click();
  await expect(page).toHaveURL(new RegExp(`#/turns/${turnId}$`));
  await expect(page.getByTestId('turn-view')).toHaveAttribute('data-turn-id', turnId);
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'completed');
  expect(problems).toEqual([]);
});
