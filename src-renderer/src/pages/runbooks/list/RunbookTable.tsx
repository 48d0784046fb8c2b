/**
 * The runbooks as a table: title and summary, the alerts each covers and its tags (chips that search for
 * themselves), where its text comes from, its version and how many steps it has.
 */
import type { RunbookSummary } from '../../../../../src-shared/domain/runbooks';
import { Badge } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { originLabel, shortVersionLabel, stepCounts } from '../runbook-labels';
import { runbooksHref } from '../runbooks-route';

interface RunbookTableProps {
  runbooks: readonly RunbookSummary[];
  /** A chip was pressed: search for its word. */
  onPick(word: string): void;
}

export function RunbookTable({ runbooks, onPick }: RunbookTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table runbook-table">
        <thead>
          <tr>
            <th scope="col">Runbook</th>
            <th scope="col">Alerts</th>
            <th scope="col">Tags</th>
            <th scope="col">Version</th>
            <th scope="col" className="right">
              Steps
            </th>
          </tr>
        </thead>
        <tbody>
          {runbooks.map((runbook) => {
            const origin = originLabel(runbook.origin);
            return (
              <tr key={runbook.slug} data-testid="runbook-row" data-slug={runbook.slug}>
                <td className="wrap">
                  <a className="runbook-title-link" href={runbooksHref.runbook(runbook.slug)} data-testid="runbook-link">
                    {runbook.title}
                  </a>
                  {runbook.summary && <p className="runbook-row-summary muted">{runbook.summary}</p>}
                </td>
                <td>
                  <ChipList words={runbook.alerts} onPick={onPick} kind="alert" />
                </td>
                <td>
                  <ChipList words={runbook.tags} onPick={onPick} kind="tag" />
                </td>
                <td className="nowrap">
                  <Badge tone={origin.tone} title={origin.title} value={runbook.origin} testId="runbook-origin">
                    {origin.text}
                  </Badge>{' '}
                  <span
                    className="muted num"
                    title={runbook.updatedAt ? `by ${runbook.updatedBy}, ${formatDateTime(runbook.updatedAt)}` : undefined}
                  >
                    {shortVersionLabel(runbook.version)}
                  </span>
                </td>
                <td className="right muted nowrap">{stepCounts(runbook)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ChipList({ words, onPick, kind }: { words: readonly string[]; onPick(word: string): void; kind: 'alert' | 'tag' }) {
  if (words.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="chips runbook-chips">
      {words.map((word) => (
        <li key={word}>
          <button
            type="button"
            className={`chip runbook-chip runbook-chip-${kind}`}
            onClick={() => onPick(word)}
            title={`Show runbooks for ${word}`}
          >
            {word}
          </button>
        </li>
      ))}
    </ul>
  );
}
