/**
 * Per-phase results of a turn: status, duration, events processed and generated, AI cost, tokens and the
 * error of a failed phase on a line of its own. Phases the turn never reached read "not run".
 */

import { Fragment } from 'react';
import type { PhaseResult } from '../../../../../src-shared/domain/turn';
import { Badge } from '../../../ui/Card';
import { formatCost, formatCount, formatElapsedMs } from '../../../ui/format-units';
import { PHASE_LABEL, STEP_STATUS_TONE, statusLabel } from '../turn-labels';
import type { PhaseStep } from './phase-steps';

interface PhaseTableProps {
  steps: readonly PhaseStep[];
  results: readonly PhaseResult[];
}

export function PhaseTable({ steps, results }: PhaseTableProps) {
  const byPhase = new Map(results.map((result) => [result.phase, result]));
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="phase-table">
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Status</th>
            <th scope="col" className="right">
              Duration
            </th>
            <th scope="col" className="right" title="events processed → generated">
              Events
            </th>
            <th scope="col" className="right">
              AI cost
            </th>
            <th scope="col" className="right" title="tokens in / out">
              Tokens
            </th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => {
            const result = byPhase.get(step.phase);
            return (
              <Fragment key={step.phase}>
                <tr data-testid={`phase-row-${step.phase}`} data-status={step.status} className={step.error ? 'has-error' : undefined}>
                  <th scope="row" title={step.phase}>
                    {PHASE_LABEL[step.phase]}
                  </th>
                  <td>
                    <Badge tone={STEP_STATUS_TONE[step.status]} value={step.status}>
                      {statusLabel(step.status)}
                    </Badge>
                  </td>
                  <td className="right num">{step.durationMs !== null ? formatElapsedMs(step.durationMs) : '—'}</td>
                  <td className="right num">{result ? `${result.eventsProcessed} → ${result.eventsGenerated}` : '—'}</td>
                  <td className="right num">{step.aiCost !== null ? formatCost(step.aiCost) : '—'}</td>
                  <td className="right num">
                    {step.tokensIn !== null && step.tokensOut !== null
                      ? `${formatCount(step.tokensIn)} / ${formatCount(step.tokensOut)}`
                      : '—'}
                  </td>
                </tr>
                {step.error && (
                  <tr className="error-row">
                    <td colSpan={6} data-testid={`phase-error-${step.phase}`}>
                      {step.error}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
