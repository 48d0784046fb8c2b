/**
 * The Refresh button of a card or toolbar: reloads its data, disabled and marked busy while a load runs.
 */
import { RefreshIcon } from '../shell/icons';

export interface RefreshButtonProps {
  onRefresh(): void;
  loading: boolean;
  testId: string;
}

export function RefreshButton({ onRefresh, loading, testId }: RefreshButtonProps) {
  return (
    <button type="button" className="button small" onClick={onRefresh} disabled={loading} aria-busy={loading} data-testid={testId}>
      <RefreshIcon />
      Refresh
    </button>
  );
}
