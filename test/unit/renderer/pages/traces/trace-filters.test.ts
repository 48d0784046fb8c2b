import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, searchFiltersFromForm } from '../../../../../src-renderer/src/pages/traces/search/trace-filters';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

describe('searchFiltersFromForm', () => {
  it('sends nothing for an empty form', () => {
    expect(searchFiltersFromForm(EMPTY_FILTERS, NOW)).toEqual({ filters: {}, errors: null });
  });

  it('turns a "last …" range into a since instant and keeps the other filters', () => {
    const result = searchFiltersFromForm(
      {
        ...EMPTY_FILTERS,
        range: '1h',
        status: 'error',
        minDurationMs: '250',
        minCost: '0.5',
        campaignId: 'c1',
        turnId: ' t-1 ',
        spanName: ' compensation ',
      },
      NOW,
    );
    expect(result).toEqual({
      filters: {
        since: '2026-03-01T11:00:00.000Z',
        status: 'error',
        minDurationMs: 250,
        minCost: 0.5,
        campaignId: 'c1',
        turnId: 't-1',
        spanName: 'compensation',
      },
      errors: null,
    });
  });

  it('names each bad field and sends nothing', () => {
    const result = searchFiltersFromForm({ ...EMPTY_FILTERS, minDurationMs: '-1', minCost: 'abc', spanName: 'x'.repeat(201) }, NOW);
    expect(result.filters).toBeNull();
    expect(result.errors).toEqual({
      minDurationMs: 'Min duration must be a number of at least 0',
      minCost: 'Min cost must be a number of at least 0',
      spanName: 'Span name is at most 200 characters',
    });
  });

  it('reads a custom range in local time and refuses one that ends before it starts', () => {
    const ok = searchFiltersFromForm({ ...EMPTY_FILTERS, range: 'custom', since: '2026-02-01T08:00', until: '2026-02-02T08:00' }, NOW);
    expect(ok.filters?.since).toBe(new Date('2026-02-01T08:00').toISOString());
    expect(ok.filters?.until).toBe(new Date('2026-02-02T08:00').toISOString());
    const backwards = searchFiltersFromForm(
      { ...EMPTY_FILTERS, range: 'custom', since: '2026-02-02T08:00', until: '2026-02-01T08:00' },
      NOW,
    );
    expect(backwards.errors).toEqual({ until: 'To must not be before From' });
    expect(searchFiltersFromForm({ ...EMPTY_FILTERS, range: 'custom', since: 'soon' }, NOW).errors).toEqual({
      since: 'From is not a date and time',
    });
  });
});
