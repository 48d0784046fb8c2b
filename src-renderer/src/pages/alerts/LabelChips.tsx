/**
 * An alert's or a silence's labels as compact `name=value` chips. With `onPick`, each chip is a button
 * that adds it to the list's matcher filter (as in Alertmanager's UI).
 */
import type { LabelMatcher } from '../../../../src-shared/domain/metrics-query';
import { sortedLabels } from './alert-labels';

interface LabelChipsProps {
  labels: Record<string, string>;
  /** Labels not to show (e.g. alertname and severity, shown elsewhere in the row). */
  hide?: readonly string[];
  onPick?: (label: string, value: string) => void;
  testId?: string;
}

export function LabelChips({ labels, hide = [], onPick, testId }: LabelChipsProps) {
  const entries = sortedLabels(labels).filter(([key]) => !hide.includes(key));
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="label-chips" data-testid={testId}>
      {entries.map(([key, value]) => (
        <li key={key}>
          {onPick ? (
            <button
              type="button"
              className="label-chip"
              onClick={() => onPick(key, value)}
              title={`Filter by ${key}="${value}"`}
              data-testid="label-chip"
            >
              <span className="label-chip-key">{key}</span>=<span className="label-chip-value">{value}</span>
            </button>
          ) : (
            <span className="label-chip" data-testid="label-chip">
              <span className="label-chip-key">{key}</span>=<span className="label-chip-value">{value}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function MatcherChips({ matchers, testId }: { matchers: readonly LabelMatcher[]; testId?: string }) {
  return (
    <ul className="label-chips" data-testid={testId}>
      {matchers.map((matcher, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a silence may repeat a matcher; the position tells them apart.
        <li key={`${matcher.label}${matcher.op}${index}`}>
          <span className="label-chip" data-testid="matcher-chip">
            <span className="label-chip-key">{matcher.label}</span>
            <span className="label-chip-op">{matcher.op}</span>
            <span className="label-chip-value">{matcher.value === '' ? '""' : matcher.value}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
