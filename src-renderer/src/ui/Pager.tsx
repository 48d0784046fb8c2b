/**
 * The footer of a paged, newest-first list: what is shown ("Turns 1–50 of 212") and Newer / Older
 * buttons, disabled at either end and while a page loads. Test ids are `<testId>-range`, `-prev`, `-next`.
 */
import type { ReactNode } from 'react';
import { formatCount } from './format-units';

export interface PagerProps {
  /** What the page shows, e.g. `Turns 1–50 of 212`. */
  range: ReactNode;
  offset: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  pageSize: number;
  loading: boolean;
  onOffset(offset: number): void;
  testId: string;
}

export function Pager({ range, offset, shown, total, pageSize, loading, onOffset, testId }: PagerProps) {
  return (
    <div className="pager">
      <span data-testid={`${testId}-range`}>{range}</span>
      <div className="button-row">
        <button
          type="button"
          className="button small"
          disabled={offset === 0 || loading}
          onClick={() => onOffset(Math.max(0, offset - pageSize))}
          data-testid={`${testId}-prev`}
        >
          Newer
        </button>
        <button
          type="button"
          className="button small"
          disabled={offset + shown >= total || loading}
          onClick={() => onOffset(offset + pageSize)}
          data-testid={`${testId}-next`}
        >
          Older
        </button>
      </div>
    </div>
  );
}

/** `Turns 1–50 of 212`, or the empty text when there is nothing. */
export function pageRange(noun: string, offset: number, shown: number, total: number, empty: string): string {
  if (total === 0) return empty;
  return `${noun} ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`;
}
