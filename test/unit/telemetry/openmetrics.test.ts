/**
 * The OpenMetrics exposition derived from prom-client's Prometheus text: counter families lose `_total`
 * in HELP/TYPE, bucket lines carry the latest trace_id exemplar of their bucket, `# EOF` ends it, and a
 * strict OpenMetrics parser (Debian's python3-prometheus-client) accepts the result.
 */
import { spawnSync } from 'node:child_process';
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createExemplarStore, toOpenMetrics, wantsOpenMetrics } from '../../../src-main/engine/telemetry/openmetrics';

const BUCKETS = [0.1, 0.5, 1, 2];

async function exposition() {
  const registry = new Registry();
  const histogram = new Histogram({ name: 'demo_seconds', help: 'demo', labelNames: ['phase'], buckets: BUCKETS, registers: [registry] });
  const counter = new Counter({ name: 'demo_events_total', help: 'events "quoted"', labelNames: ['kind'], registers: [registry] });
  const exemplars = createExemplarStore();
  histogram.observe({ phase: 'a' }, 0.3);
  exemplars.record('demo_seconds', BUCKETS, { phase: 'a' }, 0.3, '0af7651916cd43dd8448eb211c80319c');
  histogram.observe({ phase: 'a' }, 7);
  exemplars.record('demo_seconds', BUCKETS, { phase: 'a' }, 7, 'b7ad6b7169203331b7ad6b7169203331');
  histogram.observe({ phase: 'b' }, 1);
  counter.inc({ kind: 'x' }, 3);
  return toOpenMetrics(await registry.metrics(), exemplars, new Set(['demo_seconds']));
}

/** Parses with prometheus_client's strict OpenMetrics parser; returns its families or throws its error. */
function parseStrictly(
  text: string,
): { name: string; type: string; samples: { name: string; labels: Record<string, string>; exemplar: string | null }[] }[] {
  const script = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": family.name, "type": family.type, "samples": [
        {"name": s.name, "labels": s.labels, "exemplar": s.exemplar.labels["trace_id"] if s.exemplar else None} for s in family.samples]})
print(json.dumps(out))
`;
  const result = spawnSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`OpenMetrics parser rejected the exposition:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('toOpenMetrics', () => {
  it('is valid OpenMetrics with exemplars on the buckets the traced observations fell into', async () => {
    const text = await exposition();
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE demo_events counter');
    expect(text).toContain('demo_events_total{kind="x"} 3');
    const families = parseStrictly(text);
    const histogram = families.find((family) => family.name === 'demo_seconds');
    expect(histogram?.type).toBe('histogram');
    const withExemplar = histogram?.samples.filter((sample) => sample.exemplar !== null) ?? [];
    expect(withExemplar.map((sample) => [sample.labels.phase, sample.labels.le, sample.exemplar])).toEqual([
      ['a', '0.5', '0af7651916cd43dd8448eb211c80319c'],
      ['a', '+Inf', 'b7ad6b7169203331b7ad6b7169203331'],
    ]);
    expect(families.find((family) => family.name === 'demo_events')?.type).toBe('counter');
  });

  it('keeps the latest exemplar of a bucket', () => {
    const store = createExemplarStore();
    store.record('m', BUCKETS, { phase: 'a' }, 0.2, 'one');
    store.record('m', BUCKETS, { phase: 'a' }, 0.4, 'two');
    expect(store.lookup('m_bucket', { le: '0.5', phase: 'a' })?.traceId).toBe('two');
    expect(store.lookup('m_bucket', { le: '0.1', phase: 'a' })).toBeUndefined();
  });
});

describe('wantsOpenMetrics', () => {
  it.each([
    [
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      true,
    ],
    ['text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.2', false],
    ['text/plain', false],
    ['*/*', false],
    [undefined, false],
    ['application/openmetrics-text; q=0', false],
  ])('%s -> %s', (accept, expected) => {
    expect(wantsOpenMetrics(accept)).toBe(expected);
  });
});
