import { describe, expect, it } from 'vitest';
import {
  applyScaleAndDenominator,
  hasNoValues,
  latestPoint,
  latestRows,
  legendName,
  querySeries,
  sumByInstant,
} from '../../../../src-shared/charts/panel-data';
import type { PanelQuery } from '../../../../src-shared/domain/dashboard';

const T = 1_700_000_000_000;
const series = (labels: Record<string, string>, values: (number | null)[]) => ({
  labels,
  points: values.map((value, index): [number, number | null] => [T + index * 60_000, value]),
});
const query = (overrides: Partial<PanelQuery> = {}): PanelQuery => ({
  ref: 'A',
  metric: 'novel_engine_turns_total',
  matchers: [],
  fn: 'rate',
  windowS: 300,
  scale: 1,
  ...overrides,
});

describe('applyScaleAndDenominator', () => {
  it('multiplies every value by the scale (a per-second rate shown per hour)', () => {
    const [scaled] = applyScaleAndDenominator([series({}, [0.5, null, 0.002])], 3600);
    expect(scaled?.points.map(([, value]) => value)).toEqual([1800, null, 7.2]);
  });

  it('divides by the denominator summed over its series at the same instant, then scales (success rate in percent)', () => {
    const completed = [series({ status: 'completed' }, [3, 0, 1])];
    const all = [series({ status: 'completed' }, [3, 0, 1]), series({ status: 'failed' }, [1, 2, null])];
    const [rate] = applyScaleAndDenominator(completed, 100, all);
    expect(rate?.points.map(([, value]) => value)).toEqual([75, 0, 100]);
  });

  it('leaves no value where the denominator is zero, null or missing (no turns is not a 0% success rate)', () => {
    const numerator = [series({}, [0, 1, 2])];
    const denominator = [{ labels: {}, points: [[T, 0] as [number, number], [T + 60_000, null] as [number, null]] }];
    const [ratio] = applyScaleAndDenominator(numerator, 100, denominator);
    expect(ratio?.points.map(([, value]) => value)).toEqual([null, null, null]);
  });

  it('keeps labels and instants', () => {
    const [scaled] = applyScaleAndDenominator([series({ model: 'sim-standard' }, [1])], 2);
    expect(scaled).toEqual({ labels: { model: 'sim-standard' }, points: [[T, 2]] });
  });
});

describe('sumByInstant', () => {
  it('sums non-null values per instant and keeps an all-null instant null', () => {
    const sums = sumByInstant([series({}, [1, null, null]), series({}, [2, 5, null])]);
    expect([...sums.values()]).toEqual([3, 5, null]);
  });
});

describe('querySeries', () => {
  it('names series from the legend template and applies the query scale and denominator', () => {
    const drawn = querySeries(
      query({
        legend: '{{status}}',
        scale: 100,
        denominator: { metric: 'novel_engine_turns_total', matchers: [], fn: 'rate', windowS: 300 },
      }),
      [series({ status: 'completed' }, [1])],
      [series({ status: 'completed' }, [1]), series({ status: 'failed' }, [3])],
    );
    expect(drawn).toEqual([{ key: 'A{status=completed}', name: 'completed', labels: { status: 'completed' }, points: [[T, 25]] }]);
  });

  it('shows no values when a query with a denominator got no denominator series', () => {
    const drawn = querySeries(
      query({ denominator: { metric: 'x', matchers: [], fn: 'rate', windowS: 300 } }),
      [series({}, [1])],
      undefined,
    );
    expect(hasNoValues(drawn)).toBe(true);
  });
});

describe('legendName', () => {
  it('fills {{label}} from the labels, falls back to the label set, then to the metric', () => {
    expect(legendName('{{model}} {{token_type}}', { model: 'sim-fast', token_type: 'input' }, 'm')).toBe('sim-fast input');
    expect(legendName('{{ missing }}', {}, 'metric_name')).toBe('metric_name');
    expect(legendName(undefined, { a: '1', b: '2' }, 'm')).toBe('{a="1", b="2"}');
    expect(legendName(undefined, {}, 'metric_name')).toBe('metric_name');
  });
});

describe('latest values', () => {
  it('takes the newest non-null point', () => {
    expect(latestPoint(series({}, [1, 2, null]).points)).toEqual({ at: T + 60_000, value: 2 });
    expect(latestPoint(series({}, [null]).points)).toBeNull();
  });

  it('orders rows largest first, series without values last', () => {
    const drawn = querySeries(query({ legend: '{{s}}' }), [series({ s: 'a' }, [1]), series({ s: 'b' }, [null]), series({ s: 'c' }, [7])]);
    expect(latestRows(drawn).map((row) => [row.name, row.value])).toEqual([
      ['c', 7],
      ['a', 1],
      ['b', null],
    ]);
  });

  it('calls a panel empty only when no series has a value', () => {
    expect(hasNoValues([])).toBe(true);
    expect(hasNoValues(querySeries(query(), [series({}, [null, null])]))).toBe(true);
    expect(hasNoValues(querySeries(query(), [series({}, [null, 0])]))).toBe(false);
  });
});
