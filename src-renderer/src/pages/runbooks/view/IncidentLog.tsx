/**
 * Everything recorded on the incident, oldest first: who took which step of which runbook, when, and what
 * came of it — including steps of other runbooks and of earlier versions that no longer exist.
 */
import type { StepRecord } from '../../../../../src-shared/domain/runbooks';
import { Card } from '../../../ui/Card';
import { formatClock } from '../../../ui/format-units';
import { RunbookMarkdown } from '../RunbookMarkdown';

export function IncidentLog({ records, incidentId }: { records: readonly StepRecord[]; incidentId: string }) {
  return (
    <Card
      id="incident-log"
      title="Incident log"
      actions={
        <code className="muted" title="incident id">
          {incidentId}
        </code>
      }
    >
      {records.length === 0 ? (
        <p className="muted" data-testid="incident-log-empty">
          No step recorded on this incident yet. Ticked steps and actions taken here are kept with it, for everyone working it.
        </p>
      ) : (
        <ol className="incident-log">
          {records.map((record) => (
            <li key={record.id} data-testid="incident-log-entry" data-outcome={record.outcome}>
              <span className="num muted" title={record.at}>
                {formatClock(record.at)}
              </span>{' '}
              <strong>{record.actor}</strong> <span className="muted">({record.role})</span>{' '}
              {record.outcome === 'done' ? 'did' : record.outcome === 'failed' ? 'tried' : 'unchecked'} “
              <RunbookMarkdown text={record.stepText} inline />”{record.slug && <span className="muted"> · {record.slug}</span>}
              {record.detail && <span className={record.outcome === 'failed' ? 'text-error' : 'muted'}> — {record.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
