/**
 * Taking a step: run its action (if it has one) through the bridge, then record the outcome on the
 * incident — done with what the action did, or failed with why — so every responder's checklist shows
 * it. A plain step is only recorded (done, or unchecked again). Without an incident the action still
 * runs, but nothing is recorded: there is no incident to keep it with.
 */
import type { RunbookStep } from '../../../../../src-shared/domain/runbook-vocabulary';
import type { Bridge } from '../../../bridge';
import { useRunbookIncidentStore } from '../../../stores/runbook-incident-store';
import { useRunbookStepsStore } from '../../../stores/runbook-steps-store';
import { toErrorView } from '../../../ui/error-view';
import { type AgentCandidate, runAction, type StepContext, type StepMeta } from './step-actions';

export interface StepTarget {
  slug: string;
  title: string;
  /** The runbook version the step was read from (records name it). */
  version: number;
}

function alertNameOf(context: StepContext): string | undefined {
  const alert = context.incident?.alert;
  return alert ? (alert.labels.alertname ?? alert.ruleName) : undefined;
}

export async function takeActionStep(
  bridge: Bridge,
  target: StepTarget,
  step: RunbookStep,
  context: StepContext,
  agent: AgentCandidate | null,
): Promise<void> {
  const action = step.action;
  if (!action) return;
  const store = useRunbookStepsStore.getState();
  store.setBusy(step.key, true);
  store.setOutcome(step.key, null);
  const meta: StepMeta = { slug: target.slug, title: target.title, stepText: step.text };
  let href: string | null = null;
  let navigate = false;
  let outcome: 'done' | 'failed' = 'done';
  let detail = '';
  let error = null;
  try {
    const result = await runAction(bridge, action, context, agent, meta);
    ({ href, navigate, detail } = result);
    if (context.incident) useRunbookIncidentStore.getState().expectChange();
  } catch (caught) {
    outcome = 'failed';
    error = toErrorView(caught);
    detail = `${error.code}: ${error.message}`;
  }
  let recordError = null;
  const incident = context.incident;
  if (incident) {
    try {
      const alertName = alertNameOf(context);
      await store.record(bridge, {
        incidentId: incident.id,
        ...(alertName ? { alertName } : {}),
        slug: target.slug,
        version: target.version,
        stepKey: step.key,
        outcome,
        detail: detail.slice(0, 1000),
      });
    } catch (caught) {
      recordError = toErrorView(caught);
    }
  }
  useRunbookStepsStore.getState().setOutcome(step.key, { href, error, recordError });
  useRunbookStepsStore.getState().setBusy(step.key, false);
  if (navigate && href && outcome === 'done') window.location.hash = href;
}

/** Ticks a plain step (done) or takes the tick back (unchecked). */
export async function checkStep(
  bridge: Bridge,
  target: StepTarget,
  step: RunbookStep,
  context: StepContext,
  checked: boolean,
): Promise<void> {
  const incident = context.incident;
  if (!incident) return;
  const store = useRunbookStepsStore.getState();
  store.setBusy(step.key, true);
  try {
    const alertName = alertNameOf(context);
    await store.record(bridge, {
      incidentId: incident.id,
      ...(alertName ? { alertName } : {}),
      slug: target.slug,
      version: target.version,
      stepKey: step.key,
      outcome: checked ? 'done' : 'unchecked',
      detail: '',
    });
    useRunbookStepsStore.getState().setOutcome(step.key, null);
  } catch (caught) {
    useRunbookStepsStore.getState().setOutcome(step.key, { href: null, error: null, recordError: toErrorView(caught) });
  } finally {
    useRunbookStepsStore.getState().setBusy(step.key, false);
  }
}
