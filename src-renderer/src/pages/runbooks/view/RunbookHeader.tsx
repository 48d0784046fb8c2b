/**
 * The head of a runbook: its title and summary, where its text comes from and its version, the alerts
 * it covers and its tags, and the way to its editor and history.
 */
import type { ReactNode } from 'react';
import type { RunbookDetail } from '../../../../../src-shared/domain/runbooks';
import { Badge } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { originLabel, shortVersionLabel } from '../runbook-labels';

interface RunbookHeaderProps {
  runbook: RunbookDetail;
  actions?: ReactNode;
  /** A line under the title (an earlier version, an editing note). */
  note?: ReactNode;
}

export function RunbookHeader({ runbook, actions, note }: RunbookHeaderProps) {
  const origin = originLabel(runbook.origin);
  return (
    <header className="runbook-header" data-testid="runbook-header" data-slug={runbook.slug} data-version={runbook.version}>
      <div className="runbook-header-main">
        <h2 className="runbook-title" data-testid="runbook-title">
          {runbook.title}
        </h2>
        {runbook.summary && <p className="runbook-summary">{runbook.summary}</p>}
        <div className="runbook-meta">
          <Badge tone={origin.tone} title={origin.title} value={runbook.origin} testId="runbook-origin">
            {origin.text}
          </Badge>
          <span className="muted num" data-testid="runbook-version">
            {shortVersionLabel(runbook.version)}
            {runbook.updatedAt && ` · ${runbook.updatedBy}, ${formatDateTime(runbook.updatedAt)}`}
          </span>
          {runbook.alerts.length > 0 && (
            <span className="runbook-meta-list">
              <span className="muted">alerts</span>
              {runbook.alerts.map((alert) => (
                <code key={alert}>{alert}</code>
              ))}
            </span>
          )}
          {runbook.tags.length > 0 && (
            <span className="runbook-meta-list">
              <span className="muted">tags</span>
              {runbook.tags.map((tag) => (
                <span key={tag} className="chip">
                  {tag}
                </span>
              ))}
            </span>
          )}
        </div>
        {note}
      </div>
      {actions && <div className="button-row runbook-header-actions">{actions}</div>}
    </header>
  );
}
