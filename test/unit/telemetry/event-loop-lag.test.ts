/**
 * Event-loop delay gauges read from fixed windows: reading them (a scrape, a recorder snapshot) never
 * resets them, so two readers see the same values, and a stall shows in the window it happened in.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerEventLoopLag } from '../../../src-main/engine/telemetry/event-loop-lag';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

async function value(registry: Registry, name: string): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  return (await metric?.get())?.values[0]?.value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy: the event loop cannot run.
  }
}

describe('registerEventLoopLag', () => {
  it('gives every reader the same window, and shows a 150 ms stall in the window that had it', async () => {
    const registry = new Registry();
    // Windows rotate at 400, 800, 1200 ms...: the first read falls mid-second-window (the stall's window is
    // the last complete one), the last read mid-fourth (two quiet windows later).
    stop = registerEventLoopLag(registry, { windowMs: 400, resolutionMs: 5 });
    await sleep(50);
    stall(150);
    await sleep(400);
    const first = await value(registry, 'nodejs_eventloop_lag_max_seconds');
    const second = await value(registry, 'nodejs_eventloop_lag_max_seconds');
    expect(first).toBeGreaterThanOrEqual(0.14);
    expect(second).toBe(first);
    // Two quiet windows later the stall has rotated out.
    await sleep(800);
    expect(await value(registry, 'nodejs_eventloop_lag_max_seconds')).toBeLessThan(0.14);
    expect(await value(registry, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
  });

  it('replaces prom-client gauges of the same names, one metric each', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    stop = registerEventLoopLag(registry);
    const help = (await registry.getMetricsAsJSON()).find((metric) => metric.name === 'nodejs_eventloop_lag_p99_seconds')?.help;
    expect(help).toContain('last complete window');
    const names = registry.getMetricsAsArray().map((metric) => metric.name);
    const lagNames = names.filter((name) => name.startsWith('nodejs_eventloop_lag_'));
    // The seven window statistics and the plain lag gauge, once each.
    expect(new Set(lagNames).size).toBe(lagNames.length);
    expect(lagNames.sort()).toEqual([
      'nodejs_eventloop_lag_max_seconds',
      'nodejs_eventloop_lag_mean_seconds',
      'nodejs_eventloop_lag_min_seconds',
      'nodejs_eventloop_lag_p50_seconds',
      'nodejs_eventloop_lag_p90_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_stddev_seconds',
    ]);
  });

  it('answers nodejs_eventloop_lag_seconds at once, with the window mean, where prom-client waited a loop turn', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    stop = registerEventLoopLag(registry, { windowMs: 200, resolutionMs: 5 });
    await sleep(50);
    stall(60);
    await sleep(250);
    let immediateRan = false;
    setImmediate(() => {
      immediateRan = true;
    });
    const lag = await value(registry, 'nodejs_eventloop_lag_seconds');
    // prom-client's collect awaited a setImmediate: the one scheduled above would have run first.
    expect(immediateRan).toBe(false);
    expect(lag).toBe(await value(registry, 'nodejs_eventloop_lag_mean_seconds'));
    expect(lag).toBeGreaterThan(0);
  });
});
