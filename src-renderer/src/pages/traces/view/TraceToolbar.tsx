/**
 * Above the waterfall: expand or collapse every span, show the critical path, and search inside the
 * trace — highlighting the matches or filtering the rows down to them (with their ancestors), with the
 * match count and next/previous (Enter / Shift+Enter in the box). Typing is debounced: at 50,000 spans
 * a search takes tens of milliseconds, too much for every keystroke.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { type SearchMode, useTraceViewStore } from '../../../stores/trace-view-store';
import { formatTick } from './waterfall-geometry';

const SEARCH_DEBOUNCE_MS = 180;

export function TraceToolbar() {
  const showCritical = useTraceViewStore((store) => store.showCritical);
  const query = useTraceViewStore((store) => store.query);
  const search = useTraceViewStore((store) => store.search);
  const searchMode = useTraceViewStore((store) => store.searchMode);
  const currentMatch = useTraceViewStore((store) => store.currentMatch);
  const zoom = useTraceViewStore((store) => store.zoom);
  const traceStartMs = useTraceViewStore((store) => store.tree?.startMs ?? 0);
  const [draft, setDraft] = useState(query);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const store = useTraceViewStore.getState;

  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (text: string) => {
    clearTimeout(timer.current);
    if (text !== store().query) store().setQuery(text);
  };
  const onChange = (text: string) => {
    setDraft(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(text), SEARCH_DEBOUNCE_MS);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit(draft);
      store().stepMatch(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && draft) {
      event.preventDefault();
      setDraft('');
      commit('');
    }
  };

  const matchCount = search?.matches.length ?? 0;
  const position = currentMatch >= 0 && search ? search.matches.indexOf(currentMatch) : -1;
  const countText = !search
    ? ''
    : matchCount === 0
      ? 'No matches'
      : position >= 0
        ? `${position + 1} of ${matchCount}`
        : `${matchCount} matches`;

  return (
    <div className="trace-toolbar" data-testid="trace-toolbar">
      <div className="button-row compact">
        <button type="button" className="button small" onClick={() => store().setAllCollapsed(false)} data-testid="expand-all">
          Expand all
        </button>
        <button type="button" className="button small" onClick={() => store().setAllCollapsed(true)} data-testid="collapse-all">
          Collapse all
        </button>
        <button
          type="button"
          className="button small toggle-button"
          aria-pressed={showCritical}
          onClick={() => store().setShowCritical(!showCritical)}
          data-testid="critical-path-toggle"
          title="The chain of spans that decides the trace's duration"
        >
          <span className="swatch swatch-critical" aria-hidden="true" />
          Critical path
        </button>
        {zoom && (
          <span className="trace-zoom" data-testid="trace-zoom">
            <span className="num">
              Showing {formatTick(zoom.startMs - traceStartMs, (zoom.endMs - zoom.startMs) / 60)} –{' '}
              {formatTick(zoom.endMs - traceStartMs, (zoom.endMs - zoom.startMs) / 60)}
            </span>
            <button type="button" className="button small" onClick={() => store().setZoom(null)} data-testid="zoom-reset">
              Whole trace
            </button>
          </span>
        )}
      </div>
      <search className="trace-find" aria-label="Find spans in this trace">
        <input
          type="search"
          value={draft}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Find: name, key=value, text"
          aria-label="Find spans"
          spellCheck={false}
          data-testid="trace-find"
        />
        <fieldset className="segmented" aria-label="Search mode">
          {(['highlight', 'filter'] as SearchMode[]).map((mode) => (
            <button
              key={mode}
              type="button"
              className="segmented-option"
              aria-pressed={searchMode === mode}
              onClick={() => store().setSearchMode(mode)}
              data-testid={`trace-find-${mode}`}
            >
              {mode === 'highlight' ? 'Highlight' : 'Filter'}
            </button>
          ))}
        </fieldset>
        <span className="trace-find-count num" aria-live="polite" data-testid="trace-find-count" data-count={matchCount}>
          {countText}
        </span>
        <button
          type="button"
          className="button small"
          onClick={() => store().stepMatch(-1)}
          disabled={matchCount === 0}
          aria-label="Previous match"
          data-testid="trace-find-prev"
        >
          ‹ Prev
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => store().stepMatch(1)}
          disabled={matchCount === 0}
          aria-label="Next match"
          data-testid="trace-find-next"
        >
          Next ›
        </button>
      </search>
    </div>
  );
}
