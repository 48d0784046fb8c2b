/**
 * Metrics files (SPEC section 8): CSV fields quoted per RFC 4180 so any label value reads back intact;
 * OpenMetrics families typed once, counters under their name without _total, a histogram's point as
 * its buckets by le then _sum and _count at one timestamp (seconds), `# EOF` last.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import {
  createMetricSampleReader,
  csvField,
  csvRow,
  formatValue,
  metricsCsvChunks,
  openMetricsChunks,
} from '../../../src-main/engine/reports/metrics-export';
import { createMetricsHistory } from '../../../src-main/engine/telemetry/metrics-history';
import { parseCsv } from '../../fixtures/csv';
import { tempDataDir } from '../../fixtures/temp-data-dir';

describe('CSV fields', () => {
  it('quotes only what needs it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvRow(['x', ''])).toBe('x,\r\n');
  });

  it('reads back any rows of any text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\r', '\n', '\u2028') }), { minLength: 2, maxLength: 5 }),
          { maxLength: 5 },
        ),
        (rows) => {
          expect(parseCsv(rows.map(csvRow).join(''))).toEqual(rows);
        },
      ),
    );
  });

  it('writes special values as OpenMetrics does', () => {
    expect([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0.25, 3].map(formatValue)).toEqual([
      '+Inf',
      '-Inf',
      'NaN',
      '0.25',
      '3',
    ]);
  });
});

describe('files of the metrics history', () => {
  const T = Date.UTC(2026, 10, 20, 10);
  let db: Db;
  let cleanup: () => void;

  beforeAll(() => {
    const dir = tempDataDir('novel-console-metrics-export-');
    cleanup = dir.cleanup;
    db = openDatabase({ path: join(dir.dir, 'm.db') }).db;
    const history = createMetricsHistory(db, { now: () => T + 3600_000 });
    for (let step = 0; step < 3; step++) {
      history.appendSnapshot(T + step * 15_000, [
        { name: 'jobs_total', type: 'counter', labels: { queue: 'a,b' }, value: step * 2 },
        { name: 'depth', type: 'gauge', labels: {}, value: 1.5 + step },
        { name: 'lat_seconds_bucket', metric: 'lat_seconds', type: 'histogram', labels: { le: '0.1' }, value: step },
        { name: 'lat_seconds_bucket', metric: 'lat_seconds', type: 'histogram', labels: { le: '+Inf' }, value: step + 1 },
        { name: 'lat_seconds_sum', metric: 'lat_seconds', type: 'histogram', labels: {}, value: step * 0.5 },
        { name: 'lat_seconds_count', metric: 'lat_seconds', type: 'histogram', labels: {}, value: step + 1 },
      ]);
    }
  });

  afterAll(() => {
    db.close();
    cleanup();
  });

  const range = () => ({ sinceMs: T, untilMs: T + 15_000 });

  it('writes OpenMetrics in family, label set, time order', () => {
    const text = [
      ...openMetricsChunks(createMetricSampleReader(db), range(), (metric) => (metric === 'depth' ? 'Queue "depth"\nnow' : undefined)),
    ].join('');
    expect(text).toBe(
      [
        '# TYPE depth gauge',
        '# HELP depth Queue \\"depth\\"\\nnow',
        'depth 1.5 1795168800',
        'depth 2.5 1795168815',
        '# TYPE jobs counter',
        '# HELP jobs jobs_total (recorded by novel-console)',
        'jobs_total{queue="a,b"} 0 1795168800',
        'jobs_total{queue="a,b"} 2 1795168815',
        '# TYPE lat_seconds histogram',
        '# HELP lat_seconds lat_seconds (recorded by novel-console)',
        'lat_seconds_bucket{le="0.1"} 0 1795168800',
        'lat_seconds_bucket{le="+Inf"} 1 1795168800',
        'lat_seconds_sum 0 1795168800',
        'lat_seconds_count 1 1795168800',
        'lat_seconds_bucket{le="0.1"} 1 1795168815',
        'lat_seconds_bucket{le="+Inf"} 2 1795168815',
        'lat_seconds_sum 0.5 1795168815',
        'lat_seconds_count 2 1795168815',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes CSV with one column per label name and ISO timestamps', () => {
    const rows = parseCsv(
      [...metricsCsvChunks(createMetricSampleReader(db), { ...range(), metrics: ['jobs_total', 'lat_seconds'] })].join(''),
    );
    expect(rows[0]).toEqual(['metric', 'le', 'queue', 'timestamp', 'value']);
    expect(rows).toContainEqual(['jobs_total', '', 'a,b', '2026-11-20T10:00:15.000Z', '2']);
    expect(rows).toContainEqual(['lat_seconds_bucket', '+Inf', '', '2026-11-20T10:00:00.000Z', '1']);
    expect(rows).toHaveLength(1 + 2 + 2 * 4);
  });
});

describe('ranges past the raw retention', () => {
  it('answers the 5-minute rollups (last value, at the bucket start) where raw samples are gone', () => {
    const dir = tempDataDir('novel-console-metrics-export-rollup-');
    const { db } = openDatabase({ path: join(dir.dir, 'm.db') });
    try {
      const T = Date.UTC(2026, 0, 1);
      const history = createMetricsHistory(db, { rawRetentionMs: 3600_000, now: () => T + 2 * 3600_000 });
      // Two hours of a gauge every minute: the first hour leaves the raw retention.
      for (let minute = 0; minute < 120; minute++)
        history.appendSnapshot(T + minute * 60_000, [{ name: 'depth', type: 'gauge', value: minute }]);
      history.maintain(T + 2 * 3600_000);
      const rows = parseCsv([...metricsCsvChunks(createMetricSampleReader(db), { sinceMs: T, untilMs: T + 2 * 3600_000 })].join(''));
      const points = rows.slice(1).map((row) => [Date.parse(row[1] as string), Number(row[2])]);
      // 12 rollups (0..55 min, value = the bucket's last minute), then the raw minutes 60..119.
      expect(points.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, bucket) => [T + bucket * 300_000, bucket * 5 + 4]));
      expect(points.slice(12)).toEqual(Array.from({ length: 60 }, (_, k) => [T + (60 + k) * 60_000, 60 + k]));
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});
