import { describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY, latencyFor, sampleLatencyMs } from '../../../src-main/engine/orchestrator/providers/simulated-latency';
import { createSeededRandom } from '../../../src-main/engine/orchestrator/seeded-random';

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

describe('simulated latency', () => {
  it('draws a lognormal with the configured median and p95', () => {
    const draws = Array.from({ length: 4000 }, (_, index) =>
      sampleLatencyMs({ kind: 'lognormal', medianMs: 400, p95Ms: 1000 }, createSeededRandom(`latency-${index}`)),
    );
    expect(percentile(draws, 0.5)).toBeGreaterThan(370);
    expect(percentile(draws, 0.5)).toBeLessThan(430);
    expect(percentile(draws, 0.95)).toBeGreaterThan(900);
    expect(percentile(draws, 0.95)).toBeLessThan(1100);
  });

  it('clamps the tail at 1.5 x p95 by default, or at maxMs', () => {
    const wide = Array.from({ length: 2000 }, (_, index) =>
      sampleLatencyMs({ kind: 'lognormal', medianMs: 100, p95Ms: 1000 }, createSeededRandom(`tail-${index}`)),
    );
    expect(Math.max(...wide)).toBe(1500);
    const capped = Array.from({ length: 500 }, (_, index) =>
      sampleLatencyMs({ kind: 'lognormal', medianMs: 100, p95Ms: 1000, maxMs: 300 }, createSeededRandom(`cap-${index}`)),
    );
    expect(Math.max(...capped)).toBe(300);
  });

  it('returns fixed and zero latencies as configured', () => {
    const random = createSeededRandom('x');
    expect(sampleLatencyMs({ kind: 'fixed', ms: 250 }, random)).toBe(250);
    expect(sampleLatencyMs({ kind: 'none' }, random)).toBe(0);
  });

  it('defaults to realistic latency, slower for narratives than for briefs', () => {
    expect(latencyFor(undefined, 'subjective_brief')).toEqual(DEFAULT_LATENCY.subjective_brief);
    expect(latencyFor(undefined, 'narrative')).toEqual(DEFAULT_LATENCY.narrative);
    const brief = DEFAULT_LATENCY.subjective_brief;
    const narrative = DEFAULT_LATENCY.narrative;
    expect(brief.kind === 'lognormal' && narrative.kind === 'lognormal' && narrative.medianMs > brief.medianMs).toBe(true);
  });

  it('applies one distribution to every operation, or fills missing operations with the default', () => {
    expect(latencyFor({ kind: 'none' }, 'narrative')).toEqual({ kind: 'none' });
    expect(latencyFor({ subjective_brief: { kind: 'none' } }, 'narrative')).toEqual(DEFAULT_LATENCY.narrative);
  });
});
