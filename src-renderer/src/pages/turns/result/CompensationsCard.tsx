/**
 * The saga's compensation steps, in the order they ran: live from `turn.progress` while the turn is
 * being compensated (outcome not known yet), then the stored records with their outcome and detail. The
 * steps run within milliseconds of each other, so their instant is in the row's title, not a column.
 */
import { Badge, Card } from '../../../ui/Card';
import { formatClock } from '../../../ui/format-units';
import type { LiveCompensation } from '../live/phase-steps';
import { PHASE_LABEL } from '../turn-labels';

export function CompensationsCard({ compensations, live }: { compensations: readonly LiveCompensation[]; live: boolean }) {
  const failed = compensations.filter((step) => step.success === false).length;
  return (
    <Card
      id="compensations-card"
      title="Compensation"
      className="card-wide"
      actions={
        <span className="card-meta" data-testid="compensation-count">
          {compensations.length} step{compensations.length === 1 ? '' : 's'}
          {failed > 0 ? `, ${failed} failed` : ''}
          {live ? ' · live' : ''}
        </span>
      }
    >
      <div className="table-scroll">
        <table className="data-table" data-testid="compensation-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Step</th>
              <th scope="col">Undoes</th>
              <th scope="col">Outcome</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {compensations.map((step) => (
              <tr
                key={`${step.seq}-${step.type}`}
                data-testid="compensation-row"
                data-type={step.type}
                title={`${step.type} at ${formatClock(step.at)} (${step.at})`}
              >
                <td className="num">{step.seq + 1}</td>
                <td>
                  <code>{step.type}</code>
                </td>
                <td>{step.phase ? PHASE_LABEL[step.phase] : <span className="muted">—</span>}</td>
                <td>
                  {step.success === null ? (
                    <Badge tone="neutral">reported</Badge>
                  ) : (
                    <Badge tone={step.success ? 'ok' : 'error'} value={String(step.success)}>
                      {step.success ? 'success' : 'failed'}
                    </Badge>
                  )}
                </td>
                <td className="wrap">{step.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
