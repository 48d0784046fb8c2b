/**
 * One step of a runbook's checklist. A plain step is a checkbox, ticked on the incident for everyone;
 * an action step is a button that runs a console action after a confirmation naming what will happen,
 * disabled — with the reason shown — when the caller lacks its permission or the incident offers
 * nothing to act on. Either shows who took it, when, and what came of it.
 */
import { useId, useRef, useState } from 'react';
import type { RunbookStep } from '../../../../../src-shared/domain/runbook-vocabulary';
import { RUNBOOK_ACTIONS } from '../../../../../src-shared/domain/runbook-vocabulary';
import type { StepRecord } from '../../../../../src-shared/domain/runbooks';
import { useBridge } from '../../../bridge-context';
import { useRunbookStepsStore } from '../../../stores/runbook-steps-store';
import { RunbookMarkdown } from '../RunbookMarkdown';
import { StepConfirm } from './StepConfirm';
import {
  type AgentCandidate,
  actionAvailability,
  actionPlan,
  checkAvailability,
  releaseCandidates,
  type StepContext,
} from './step-actions';
import { actionBusyLabel, actionButtonLabel, recordLine, stepState } from './step-labels';
import { checkStep, type StepTarget, takeActionStep } from './take-step';

interface StepRowProps {
  step: RunbookStep;
  target: StepTarget;
  context: StepContext;
  record: StepRecord | undefined;
}

export function StepRow({ step, target, context, record }: StepRowProps) {
  const state = stepState(record);
  return (
    <li
      className={`runbook-step runbook-step-${state}`}
      data-testid="runbook-step"
      data-step-key={step.key}
      data-state={state}
      data-action={step.action?.name}
    >
      {step.action ? (
        <ActionStep step={step} target={target} context={context} state={state} />
      ) : (
        <CheckStep step={step} target={target} context={context} state={state} />
      )}
      {step.detail && <RunbookMarkdown text={step.detail} className="runbook-step-detail" />}
      {record && record.outcome !== 'unchecked' && (
        <p
          className={`runbook-step-record ${record.outcome === 'failed' ? 'text-error' : 'muted'}`}
          data-testid="step-record"
          title={record.at}
        >
          {recordLine(record)}
        </p>
      )}
      <StepOutcomeLine stepKey={step.key} />
    </li>
  );
}

function CheckStep({ step, target, context, state }: { step: RunbookStep; target: StepTarget; context: StepContext; state: string }) {
  const bridge = useBridge();
  const busy = useRunbookStepsStore((store) => store.busy[step.key] ?? false);
  const availability = checkAvailability(context);
  const reasonId = useId();
  // The tick shows at once; it stays only if the record is saved (a failure puts it back and says why).
  const [pending, setPending] = useState<boolean | null>(null);
  const toggle = (checked: boolean) => {
    setPending(checked);
    void checkStep(bridge, target, step, context, checked).finally(() => setPending(null));
  };
  return (
    <div className="runbook-step-head">
      <input
        type="checkbox"
        className="runbook-step-check"
        checked={pending ?? state === 'done'}
        disabled={!availability.enabled || busy}
        aria-describedby={availability.enabled ? undefined : reasonId}
        aria-labelledby={`${reasonId}-text`}
        title={availability.enabled ? undefined : availability.reason}
        onChange={(event) => toggle(event.target.checked)}
        data-testid="step-check"
      />
      <RunbookMarkdown text={step.text} inline className="runbook-step-text" testId="step-text" />
      <span id={`${reasonId}-text`} className="visually-hidden">
        {step.text}
      </span>
      {!availability.enabled && (
        <span id={reasonId} className="visually-hidden">
          {availability.reason}
        </span>
      )}
    </div>
  );
}

function ActionStep({ step, target, context, state }: { step: RunbookStep; target: StepTarget; context: StepContext; state: string }) {
  const bridge = useBridge();
  const action = step.action;
  const busy = useRunbookStepsStore((store) => store.busy[step.key] ?? false);
  const [confirming, setConfirming] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    setConfirming(false);
    // The button was disabled while the confirmation showed; focus goes back to it once it is not.
    requestAnimationFrame(() => buttonRef.current?.focus());
  };
  const candidates = action ? releaseCandidates(action, context) : [];
  const [picked, setPicked] = useState<string>('');
  const agent: AgentCandidate | null =
    candidates.find((candidate) => `${candidate.campaignId}/${candidate.agentId}` === picked) ??
    (candidates.length === 1 ? (candidates[0] ?? null) : null);
  const reasonId = useId();
  if (!action) return null;
  const availability = actionAvailability(action, context, agent);
  const label = actionButtonLabel(action);
  const run = () => {
    setConfirming(false);
    void takeActionStep(bridge, target, step, context, agent);
  };
  return (
    <>
      <div className="runbook-step-head">
        <span className={`runbook-step-mark runbook-step-mark-${state}`} aria-hidden="true">
          {state === 'done' ? '✓' : state === 'failed' ? '✗' : '▸'}
        </span>
        <RunbookMarkdown text={step.text} inline className="runbook-step-text" testId="step-text" />
        <div className="runbook-step-controls">
          {candidates.length > 1 && (
            <label className="inline-field">
              <span className="visually-hidden">Agent to release</span>
              <select value={picked} onChange={(event) => setPicked(event.target.value)} disabled={busy} data-testid="step-agent">
                <option value="">choose an agent…</option>
                {candidates.map((candidate) => (
                  <option key={`${candidate.campaignId}/${candidate.agentId}`} value={`${candidate.campaignId}/${candidate.agentId}`}>
                    {candidate.name} ({candidate.campaignName}, trust {Math.round(candidate.score)})
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            ref={buttonRef}
            type="button"
            className={`button small${RUNBOOK_ACTIONS[action.name].mutates ? '' : ' runbook-step-open'}`}
            disabled={!availability.enabled || busy || confirming}
            aria-busy={busy}
            aria-describedby={availability.enabled ? undefined : reasonId}
            onClick={() => (RUNBOOK_ACTIONS[action.name].mutates ? setConfirming(true) : run())}
            data-testid="step-action"
          >
            {busy ? actionBusyLabel(action) : label}
          </button>
        </div>
      </div>
      {!availability.enabled && (
        <p id={reasonId} className="runbook-step-reason muted" data-testid="step-disabled-reason">
          {availability.reason}
        </p>
      )}
      {confirming && availability.enabled && (
        <StepConfirm plan={actionPlan(action, context, agent)} confirmLabel={label} onConfirm={run} onCancel={cancel} />
      )}
    </>
  );
}

function StepOutcomeLine({ stepKey }: { stepKey: string }) {
  const outcome = useRunbookStepsStore((store) => store.outcomes[stepKey]);
  if (!outcome) return null;
  return (
    <>
      {outcome.error && (
        <p className="runbook-step-error text-error" role="alert" data-testid="step-error">
          <code className="inline-error-code">{outcome.error.code}</code> {outcome.error.message}
        </p>
      )}
      {outcome.recordError && (
        <p className="runbook-step-error text-error" role="alert" data-testid="step-record-error">
          Not recorded on the incident: <code className="inline-error-code">{outcome.recordError.code}</code> {outcome.recordError.message}
        </p>
      )}
      {outcome.href && !outcome.error && (
        <a className="runbook-step-result" href={outcome.href} data-testid="step-result-link">
          Open the result
        </a>
      )}
    </>
  );
}
