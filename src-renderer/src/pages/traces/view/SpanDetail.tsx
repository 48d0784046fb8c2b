/**
 * The selected span: what it is and where it sits (duration, offset, parent, critical-path share), then
 * tabs for its attributes, events, exceptions and — for an AI call — the GenAI view. Prompt and
 * completion are model text: they are rendered as text nodes only, never parsed as HTML.
 */
import { type KeyboardEvent, useMemo, useRef } from 'react';
import type { TraceSpan } from '../../../../../src-shared/domain/trace';
import { type SpanTree, spanCategory } from '../../../../../src-shared/domain/trace-analysis';
import { type DetailTab, useTraceViewStore } from '../../../stores/trace-view-store';
import { Badge, KeyValueList, type KeyValueRow } from '../../../ui/Card';
import { formatCost, formatCount, formatElapsedMs } from '../../../ui/format-units';
import { attributeRows, exceptionsOf, type GenAiView, genAiOf } from './span-detail';
import { formatOffset } from './waterfall-geometry';

const TAB_LABEL: Record<DetailTab, string> = {
  attributes: 'Attributes',
  events: 'Events',
  exceptions: 'Exceptions',
  genai: 'GenAI',
};

export function SpanDetail({ tree, span }: { tree: SpanTree; span: number }) {
  const data = tree.spans[span] as TraceSpan;
  const chosenTab = useTraceViewStore((store) => store.detailTab);
  const showCritical = useTraceViewStore((store) => store.showCritical);
  const segments = useTraceViewStore((store) => (store.showCritical ? store.critical?.segments.get(span) : undefined));
  const genAi = useMemo(() => genAiOf(data), [data]);
  const exceptions = useMemo(() => exceptionsOf(data), [data]);
  const attributes = useMemo(() => attributeRows(data.attributes), [data]);
  const tabs: DetailTab[] = genAi ? ['genai', 'attributes', 'events', 'exceptions'] : ['attributes', 'events', 'exceptions'];
  const tab: DetailTab = chosenTab && tabs.includes(chosenTab) ? chosenTab : (tabs[0] as DetailTab);
  const counts: Record<DetailTab, number | null> = {
    attributes: attributes.length,
    events: data.events.length,
    exceptions: exceptions.length,
    genai: null,
  };
  const tabRefs = useRef<Partial<Record<DetailTab, HTMLButtonElement | null>>>({});
  const parent = tree.parent[span] as number;
  const criticalMs = segments ? segments.reduce((sum, value, k) => (k % 2 === 1 ? sum + value - (segments[k - 1] as number) : sum), 0) : 0;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const at = tabs.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? tabs[(at + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(at - 1 + tabs.length) % tabs.length]
          : null;
    if (!next) return;
    event.preventDefault();
    useTraceViewStore.getState().setDetailTab(next);
    tabRefs.current[next]?.focus();
  };

  const meta: KeyValueRow[] = [
    { key: 'duration', label: 'Duration', value: formatElapsedMs(data.durationMs), testId: 'span-duration' },
    { key: 'start', label: 'Starts at', value: `+${formatOffset(data.startMs - tree.startMs)} into the trace` },
    { key: 'kind', label: 'Kind', value: `${data.kind} · ${spanCategory(data.name)}` },
    { key: 'id', label: 'Span id', value: data.spanId, mono: true, testId: 'span-id' },
    {
      key: 'parent',
      label: 'Parent',
      value:
        parent >= 0 ? (
          <button
            type="button"
            className="link-button"
            onClick={() => useTraceViewStore.getState().select(parent)}
            data-testid="span-parent"
          >
            {(tree.spans[parent] as TraceSpan).name}
          </button>
        ) : data.parentSpanId ? (
          <span className="text-warning">{data.parentSpanId} — not in this trace</span>
        ) : (
          <span className="muted">none (root)</span>
        ),
    },
  ];
  if (data.statusMessage) meta.push({ key: 'status', label: 'Status message', value: data.statusMessage });
  if (showCritical) {
    meta.push({
      key: 'critical',
      label: 'Critical path',
      value: criticalMs > 0 ? `${formatElapsedMs(criticalMs)} of this span is on it` : 'not on the critical path',
      testId: 'span-critical',
    });
  }

  return (
    <section className="card span-detail" aria-labelledby="span-detail-title" data-testid="span-detail" data-span-id={data.spanId}>
      <header className="card-header span-detail-header">
        <h2 id="span-detail-title" className="card-title span-detail-title">
          <code>{data.name}</code>
        </h2>
        <div className="card-actions">
          <Badge
            tone={data.status === 'error' ? 'error' : data.status === 'ok' ? 'ok' : 'neutral'}
            value={data.status}
            testId="span-status"
          >
            {data.status}
          </Badge>
          <button
            type="button"
            className="button small"
            onClick={() => useTraceViewStore.getState().zoomToSpan(span)}
            title="Zoom the time axis onto this span"
            data-testid="span-zoom"
          >
            Zoom to span
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => useTraceViewStore.getState().select(-1)}
            aria-label="Close the span detail"
            data-testid="span-detail-close"
          >
            Close
          </button>
        </div>
      </header>
      <div className="card-body span-detail-body">
        <KeyValueList rows={meta} />
        <div className="tabs" role="tablist" aria-label="Span detail">
          {tabs.map((id) => (
            <button
              key={id}
              ref={(element) => {
                tabRefs.current[id] = element;
              }}
              type="button"
              role="tab"
              id={`span-tab-${id}`}
              className="tab"
              aria-selected={id === tab}
              aria-controls={`span-panel-${id}`}
              tabIndex={id === tab ? 0 : -1}
              onClick={() => useTraceViewStore.getState().setDetailTab(id)}
              onKeyDown={onTabKey}
              data-testid={`span-tab-${id}`}
            >
              {TAB_LABEL[id]}
              {counts[id] !== null && (
                <span className={`tab-count${id === 'exceptions' && exceptions.length > 0 ? ' is-error' : ''}`}>{counts[id]}</span>
              )}
            </button>
          ))}
        </div>
        <div
          className="tab-panel"
          role="tabpanel"
          id={`span-panel-${tab}`}
          aria-labelledby={`span-tab-${tab}`}
          data-testid={`span-panel-${tab}`}
        >
          {tab === 'attributes' && <AttributesPanel rows={attributes} />}
          {tab === 'events' && <EventsPanel span={data} />}
          {tab === 'exceptions' && <ExceptionsPanel span={data} exceptions={exceptions} />}
          {tab === 'genai' && genAi && <GenAiPanel view={genAi} />}
        </div>
      </div>
    </section>
  );
}

function AttributesPanel({ rows }: { rows: { key: string; value: string }[] }) {
  if (rows.length === 0) return <p className="muted">This span has no attributes.</p>;
  return (
    <dl className="attr-list" data-testid="span-attributes">
      {rows.map((row) => (
        <div key={row.key} className="attr-item">
          <dt className="attr-key">{row.key}</dt>
          <dd className="attr-value plain-text">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function EventsPanel({ span }: { span: TraceSpan }) {
  if (span.events.length === 0) return <p className="muted">This span recorded no events.</p>;
  return (
    <ol className="span-events">
      {span.events.map((event, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: events have no id and never reorder.
        <li key={index} className="span-event" data-testid="span-event">
          <div className="span-event-head">
            <code>{event.name}</code>
            <span className="muted num">+{formatOffset(event.timeMs - span.startMs)}</span>
          </div>
          {Object.keys(event.attributes).length > 0 && (
            <dl className="span-event-attributes">
              {attributeRows(event.attributes).map((row) => (
                <div key={row.key}>
                  <dt>
                    <code className="attr-key">{row.key}</code>
                  </dt>
                  <dd className="span-event-value plain-text">{row.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}

function ExceptionsPanel({ span, exceptions }: { span: TraceSpan; exceptions: ReturnType<typeof exceptionsOf> }) {
  if (exceptions.length === 0) {
    return (
      <p className="muted">
        {span.status === 'error'
          ? `No exception was recorded; the span ended with an error status${span.statusMessage ? `: ${span.statusMessage}` : ''}.`
          : 'No exception was recorded on this span.'}
      </p>
    );
  }
  return (
    <ol className="span-exceptions">
      {exceptions.map((exception, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: exceptions have no id and never reorder.
        <li key={index} className="span-exception" data-testid="span-exception">
          <p>
            <strong className="text-error">{exception.type}</strong>{' '}
            <span className="muted num">+{formatOffset(exception.timeMs - span.startMs)}</span>
          </p>
          {exception.message && <p className="plain-text">{exception.message}</p>}
          {exception.stacktrace && <pre className="plain-text stacktrace">{exception.stacktrace}</pre>}
        </li>
      ))}
    </ol>
  );
}

function GenAiPanel({ view }: { view: GenAiView }) {
  const rows: KeyValueRow[] = [
    { key: 'model', label: 'Model', value: view.model ?? '—', mono: true, testId: 'genai-model' },
    { key: 'system', label: 'System', value: view.system ?? '—', testId: 'genai-system' },
    { key: 'agent', label: 'Agent', value: view.agent ?? '—', testId: 'genai-agent' },
    {
      key: 'tokens',
      label: 'Tokens',
      value: `${view.inputTokens === null ? '—' : formatCount(view.inputTokens)} in · ${view.outputTokens === null ? '—' : formatCount(view.outputTokens)} out`,
      testId: 'genai-tokens',
    },
    { key: 'cost', label: 'Cost', value: view.cost === null ? '—' : formatCost(view.cost), testId: 'genai-cost' },
  ];
  return (
    <div className="genai">
      <KeyValueList rows={rows} />
      <h3 className="section-title">Prompt</h3>
      {view.prompt === null ? (
        <p className="muted">No prompt was recorded.</p>
      ) : (
        <pre className="plain-text genai-text" data-testid="genai-prompt">
          {view.prompt}
        </pre>
      )}
      <h3 className="section-title">Completion</h3>
      {view.completion === null ? (
        <p className="muted" data-testid="genai-no-completion">
          No completion was recorded.
        </p>
      ) : (
        <pre className="plain-text genai-text" data-testid="genai-completion">
          {view.completion}
        </pre>
      )}
    </div>
  );
}
