/** The span schema's attribute check: OpenTelemetry attribute values pass, anything else is named. */
import { describe, expect, it } from 'vitest';
import { Attributes, TraceSpan } from '../../../src-shared/domain/trace';

const span = (attributes: unknown) => ({
  spanId: 'b7ad6b7169203331',
  parentSpanId: null,
  name: 'novel_engine.turn_execution',
  kind: 'internal',
  startMs: 1,
  durationMs: 2,
  status: 'ok',
  statusMessage: null,
  attributes,
  events: [],
});

describe('Attributes', () => {
  it.each([
    [{ 'turn.id': 't1', 'turn.total_cost': 0.4, 'turn.success': true }],
    [{ 'tags.names': ['a', 'b'], 'tags.ids': [1, 2], 'tags.flags': [true], 'tags.empty': [] }],
    [{}],
  ])('accepts %j', (attributes) => {
    expect(Attributes.safeParse(attributes).success).toBe(true);
  });

  it.each([[{ nested: { a: 1 } }], [{ mixed: [1, 'a'] }], [{ missing: null }], [{ objects: [{}] }], [['a']], [null]])(
    'refuses %j',
    (attributes) => {
      expect(Attributes.safeParse(attributes).success).toBe(false);
    },
  );

  it('names the attributes field of a span that fails', () => {
    const result = TraceSpan.safeParse(span({ bad: [1, 'x'] }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['attributes']);
    expect(result.error?.issues[0]?.message).toMatch(/attributes must map names/);
  });
});

describe('MetricsQueryResponse points', () => {
  it('accepts [ms, value | null] pairs and refuses anything else', async () => {
    const { MetricsQueryResponse } = await import('../../../src-shared/domain/metrics-query');
    const response = (points: unknown) => ({ series: [{ labels: { phase: 'total' }, points }], stepS: 60, resolution: 'raw' });
    expect(
      MetricsQueryResponse.safeParse(
        response([
          [1, 2],
          [2, null],
        ]),
      ).success,
    ).toBe(true);
    for (const bad of [[[1]], [[1, 'x']], [[Number.NaN, 1]], [[1, Number.POSITIVE_INFINITY]], [{ 0: 1, 1: 2 }], 'x']) {
      expect(MetricsQueryResponse.safeParse(response(bad)).success).toBe(false);
    }
  });
});
