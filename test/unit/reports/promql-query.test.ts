/**
 * Panel queries as PromQL (the Grafana export) and back (the import): the PromQL a Prometheus server
 * answers like metrics.query, and every query we write reads back to the same query.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PromqlParseError, panelQueryPromql, parsePanelPromql, promDuration } from '../../../src-main/engine/reports/promql-query';
import { PanelQuery } from '../../../src-shared/domain/dashboard';
import { METRIC_FUNCTIONS } from '../../../src-shared/domain/metrics-query';

const query = (input: Record<string, unknown>) => PanelQuery.parse({ ref: 'A', ...input });

describe('PromQL of a panel query', () => {
  it('writes a per-hour rate summed by labels', () => {
    expect(panelQueryPromql(query({ metric: 'novel_engine_turns_total', fn: 'rate', windowS: 900, by: ['status'], scale: 3600 }))).toBe(
      'sum by (status) (rate(novel_engine_turns_total[15m])) * 3600',
    );
  });

  it('writes a ratio as a division by the summed denominator', () => {
    expect(
      panelQueryPromql(
        query({
          metric: 'novel_engine_turns_total',
          matchers: [{ label: 'status', op: '=', value: 'completed' }],
          fn: 'rate',
          windowS: 3600,
          by: [],
          scale: 100,
          denominator: { metric: 'novel_engine_turns_total', fn: 'rate', windowS: 3600, by: [] },
        }),
      ),
    ).toBe('sum(rate(novel_engine_turns_total{status="completed"}[1h])) / scalar(sum(rate(novel_engine_turns_total[1h]))) * 100');
  });

  it('writes a histogram quantile over the bucket rates summed by le', () => {
    expect(
      panelQueryPromql(query({ metric: 'novel_engine_turn_duration_seconds', fn: 'quantile', q: 0.95, windowS: 300, by: ['phase'] })),
    ).toBe('histogram_quantile(0.95, sum by (le, phase) (rate(novel_engine_turn_duration_seconds_bucket[5m])))');
  });

  it('writes gauges over their window and escapes regular expressions', () => {
    expect(
      panelQueryPromql(
        query({
          metric: 'process_resident_memory_bytes',
          fn: 'max',
          windowS: 60,
          matchers: [{ label: 'job', op: '=~', value: 'a\\d+|"b"' }],
        }),
      ),
    ).toBe('max_over_time(process_resident_memory_bytes{job=~"a\\\\d+|\\"b\\""}[1m])');
    expect(promDuration(86_400)).toBe('1d');
    expect(promDuration(5400)).toBe('90m');
    expect(promDuration(45)).toBe('45s');
  });
});

describe('reading PromQL back', () => {
  it("reads Grafana's `sum(…) by (…)` spelling and a bare selector", () => {
    expect(parsePanelPromql('sum(increase(x_total{a!="b"}[1h30m])) by (c)')).toMatchObject({
      metric: 'x_total',
      fn: 'increase',
      windowS: 5400,
      by: ['c'],
      matchers: [{ label: 'a', op: '!=', value: 'b' }],
      scale: 1,
    });
    expect(parsePanelPromql('up')).toMatchObject({ metric: 'up', fn: 'last', windowS: 300, matchers: [] });
  });

  it('refuses what has no equivalent, saying what it met', () => {
    expect(() => parsePanelPromql('avg(rate(x[5m]))')).toThrow(PromqlParseError);
    expect(() => parsePanelPromql('avg(rate(x[5m]))')).toThrow(/aggregation avg has no equivalent/);
    expect(() => parsePanelPromql('deriv(x[5m])')).toThrow(/function deriv/);
    expect(() => parsePanelPromql('rate(x[5m]) + 1')).toThrow(/unexpected "\+"/);
    expect(() => parsePanelPromql('rate(x[5m])) ')).toThrow(/unexpected text after the query/);
  });

  const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/);
  const matcher = fc.record({
    label: name,
    op: fc.constantFrom('=', '!=', '=~', '!~'),
    value: fc.string({ maxLength: 12 }),
  });
  const metricQuery = fc
    .record({
      metric: name,
      matchers: fc.array(matcher, { maxLength: 3 }),
      fn: fc.constantFrom(...METRIC_FUNCTIONS),
      q: fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100),
      windowS: fc.integer({ min: 1, max: 90 * 86_400 }),
      by: fc.option(
        fc.uniqueArray(
          name.filter((label) => label !== 'le'),
          { maxLength: 3 },
        ),
        { nil: undefined },
      ),
    })
    .map(({ q, by, ...rest }) => ({ ...rest, ...(rest.fn === 'quantile' ? { q } : {}), ...(by !== undefined ? { by } : {}) }));

  it('reads back every query it writes (fast-check)', () => {
    fc.assert(
      fc.property(
        metricQuery,
        fc.option(metricQuery, { nil: undefined }),
        fc.constantFrom(1, 100, 3600, 0.5),
        (numerator, denominator, scale) => {
          // The denominator divides by its total, whatever its own grouping: written and read as by [].
          const normalized = denominator && denominator.fn !== 'quantile' ? { ...denominator, by: [] } : denominator;
          const original = query({ ...numerator, scale, ...(normalized ? { denominator: normalized } : {}) });
          const { ref: _ref, ...expected } = original;
          expect(parsePanelPromql(panelQueryPromql(original))).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
