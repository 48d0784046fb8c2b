import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src-main/engine/telemetry/metrics';
import { prometheusText } from '../../../src-main/engine/telemetry/prometheus-text';

function richRegistry(): Registry {
  const registry = new Registry();
  const registers = [registry];
  const counter = new Counter({ name: 'c_total', help: 'a counter with a \\ and a\nnewline', labelNames: ['path', 'code'], registers });
  counter.inc({ path: 'plain', code: '200' });
  counter.inc({ path: 'quote " back \\ slash\nnewline', code: '500' }, 3);
  counter.labels('bound', '201').inc(2);
  const gauge = new Gauge({ name: 'g', help: 'a gauge', labelNames: ['n'], registers });
  gauge.set({ n: 1 }, 0.1 + 0.2);
  gauge.set({ n: 'nan' }, Number.NaN);
  gauge.set({ n: 'inf' }, Number.POSITIVE_INFINITY);
  gauge.set({ n: 'minus' }, Number.NEGATIVE_INFINITY);
  new Gauge({ name: 'g_unlabelled', help: 'never set', registers });
  const histogram = new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['phase'], buckets: [0.5, 1], registers });
  histogram.observe({ phase: 'a' }, 0.7);
  histogram.observe({ phase: 'b' }, 3);
  histogram.observe({ phase: 'a' }, 0.2);
  const summary = new Summary({ name: 's', help: 's', labelNames: ['k'], percentiles: [0.5, 0.9], registers });
  summary.observe({ k: 'x' }, 4);
  summary.observe({ k: 'x' }, 8);
  return registry;
}

describe('prometheusText', () => {
  it("writes exactly what prom-client's registry.metrics() writes", async () => {
    const registry = richRegistry();
    const expected = await registry.metrics();
    expect(await prometheusText(registry)).toBe(expected);
    // Second scrape: label sets now come from the cache.
    expect(await prometheusText(registry)).toBe(expected);
  });

  it('leaves registries with default labels to prom-client', async () => {
    const registry = richRegistry();
    registry.setDefaultLabels({ instance: 'x"y' });
    expect(await prometheusText(registry)).toBe(await registry.metrics());
  });

  it('matches the engine registry line for line (process and Node samples dropped: they change between reads)', async () => {
    const { registry, turnsTotal, turnDuration } = createMetrics();
    turnsTotal.inc({ status: 'completed', participants_range: '2-3' });
    turnDuration.observe({ phase: 'all', participants_count: '3', ai_enabled: 'true' }, 1.2);
    // Their HELP and TYPE lines stay; which active-resource types exist, and their values, move (and the
    // engine's RSS gauge is read at collection too).
    const drop = (text: string) => text.replace(/^(?:process_|nodejs_|novel_engine_memory_usage_bytes ).*\n/gm, '');
    expect(drop(await prometheusText(registry))).toBe(drop(await registry.metrics()));
  });
});
