/**
 * The trace search: filters (time range, status, minimum duration and cost, campaign, turn, span name),
 * then the kept traces newest first, a page at a time. A trace opens in the waterfall.
 */
import { type FormEvent, type ReactNode, useEffect } from 'react';
import type { TracesExportRequest } from '../../../../../src-shared/domain/data-exports';
import { useBridge } from '../../../bridge-context';
import { TRACE_PAGE_SIZE, useTraceSearchStore } from '../../../stores/trace-search-store';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { Pager, pageRange } from '../../../ui/Pager';
import { RefreshButton } from '../../../ui/RefreshButton';
import { useTraceExport, useTraceImport } from '../TraceDataButtons';
import { TraceResultsTable } from './TraceResultsTable';
import { TIME_RANGES, type TimeRangeId, type TraceFilterField, type TraceFilterForm, type TraceSearchFilters } from './trace-filters';

export function TraceSearchView() {
  const bridge = useBridge();
  const form = useTraceSearchStore((store) => store.form);
  const fieldErrors = useTraceSearchStore((store) => store.fieldErrors);
  const results = useTraceSearchStore((store) => store.results);
  const offset = useTraceSearchStore((store) => store.offset);
  const applied = useTraceSearchStore((store) => store.applied);
  const rangeExport = useTraceExport({
    request: rangeExportRequest(applied),
    title:
      'Download every kept trace started in the searched time range (and campaign) as OTLP JSON, for Jaeger or the OpenTelemetry Collector',
    testId: 'trace-range-export-otlp',
  });
  const traceImport = useTraceImport(() => void useTraceSearchStore.getState().refresh(bridge));
  const campaigns = useTurnRunStore((store) => store.campaigns.data);
  const store = useTraceSearchStore.getState;

  useEffect(() => {
    void useTraceSearchStore.getState().refresh(bridge);
    if (!useTurnRunStore.getState().campaigns.data) void useTurnRunStore.getState().loadCampaigns(bridge);
  }, [bridge]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void store().search(bridge);
  };
  const text = (key: TraceFilterField) => ({
    id: `trace-filter-${key}`,
    value: form[key],
    onChange: (event: { target: { value: string } }) => store().setField(key, event.target.value as never),
    'aria-invalid': fieldErrors[key] ? true : undefined,
    'aria-describedby': fieldErrors[key] ? `trace-filter-error-${key}` : undefined,
    'data-testid': `trace-filter-${key}`,
  });

  const total = results.data?.total ?? 0;
  const shown = results.data?.traces.length ?? 0;
  const footer = results.data && (
    <Pager
      range={pageRange('Traces', offset, shown, total, 'No traces')}
      offset={offset}
      shown={shown}
      total={total}
      pageSize={TRACE_PAGE_SIZE}
      loading={results.loading}
      onOffset={(next) => void store().setOffset(bridge, next)}
      testId="trace-results"
    />
  );

  return (
    <div className="trace-search">
      <form className="card trace-filters" onSubmit={submit} aria-label="Trace filters" data-testid="trace-filters" noValidate>
        <div className="trace-filter-grid">
          <Filter id="range" label="Time" error={fieldErrors.range}>
            <select {...text('range')} onChange={(event) => store().setField('range', event.target.value as TimeRangeId)}>
              {TIME_RANGES.map((range) => (
                <option key={range.id} value={range.id}>
                  {range.label}
                </option>
              ))}
            </select>
          </Filter>
          {form.range === 'custom' && (
            <>
              <Filter id="since" label="From" error={fieldErrors.since}>
                <input type="datetime-local" step="1" {...text('since')} />
              </Filter>
              <Filter id="until" label="To" error={fieldErrors.until}>
                <input type="datetime-local" step="1" {...text('until')} />
              </Filter>
            </>
          )}
          <Filter id="status" label="Status" error={fieldErrors.status}>
            <select {...text('status')} onChange={(event) => store().setField('status', event.target.value as TraceFilterForm['status'])}>
              <option value="">any</option>
              <option value="ok">ok</option>
              <option value="error">error</option>
            </select>
          </Filter>
          <Filter id="minDurationMs" label="Min duration (ms)" error={fieldErrors.minDurationMs}>
            <input type="number" min="0" step="any" inputMode="decimal" placeholder="0" {...text('minDurationMs')} />
          </Filter>
          <Filter id="minCost" label="Min AI cost ($)" error={fieldErrors.minCost}>
            <input type="number" min="0" step="any" inputMode="decimal" placeholder="0" {...text('minCost')} />
          </Filter>
          <Filter id="campaignId" label="Campaign" error={fieldErrors.campaignId}>
            <select {...text('campaignId')}>
              <option value="">any</option>
              {(campaigns ?? []).map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.name}
                </option>
              ))}
            </select>
          </Filter>
          <Filter id="turnId" label="Turn id" error={fieldErrors.turnId}>
            <input type="text" spellCheck={false} placeholder="any" {...text('turnId')} />
          </Filter>
          <Filter id="spanName" label="Span name contains" error={fieldErrors.spanName}>
            <input type="text" spellCheck={false} placeholder="e.g. compensation" {...text('spanName')} />
          </Filter>
        </div>
        <div className="trace-filter-actions">
          <button type="submit" className="button primary small" disabled={results.loading} data-testid="trace-search-submit">
            Search
          </button>
          <button type="button" className="button small" onClick={() => void store().resetForm(bridge)} data-testid="trace-search-reset">
            Clear filters
          </button>
        </div>
      </form>

      <Card
        id="trace-results"
        title="Kept traces"
        actions={
          <>
            {rangeExport.button}
            {traceImport.button}
            <RefreshButton onRefresh={() => void store().refresh(bridge)} loading={results.loading} testId="trace-results-refresh" />
          </>
        }
        footer={footer}
      >
        {rangeExport.feedback}
        {traceImport.feedback}
        {results.error && <InlineError error={results.error} testId="trace-results-error" stale={results.data !== null} />}
        {!results.data && !results.error && <Pending>Searching traces…</Pending>}
        {results.data && results.data.traces.length === 0 && (
          <p className="muted" data-testid="trace-results-empty">
            No kept trace matches these filters. The tail sampler keeps every trace with an error, slow ones, turns started from the
            console, half the costly ones and a tenth of the rest.
          </p>
        )}
        {results.data && results.data.traces.length > 0 && <TraceResultsTable traces={results.data.traces} campaigns={campaigns ?? []} />}
      </Card>
    </div>
  );
}

/** The export of the search on screen: its time range and campaign ("any time" = from the epoch). */
function rangeExportRequest(applied: TraceSearchFilters | null): TracesExportRequest {
  return {
    since: applied?.since ?? new Date(0).toISOString(),
    ...(applied?.until ? { until: applied.until } : {}),
    ...(applied?.campaignId ? { campaignId: applied.campaignId } : {}),
  };
}

function Filter({ id, label, error, children }: { id: TraceFilterField; label: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={`trace-filter-${id}`}>{label}</label>
      {children}
      {error && (
        <p className="field-error" id={`trace-filter-error-${id}`} data-testid={`trace-filter-error-${id}`}>
          {error}
        </p>
      )}
    </div>
  );
}
