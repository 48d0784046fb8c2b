/**
 * The steps taken on the incident a runbook is open for: the records (`runbooks.steps.list`, kept live by
 * `runbooks.step.recorded`), which step's action is running, and the last result or error of each in
 * this view. Recording goes through `runbooks.steps.record`, which the rpc audits.
 */
import { create } from 'zustand';
import type { StepRecord } from '../../../src-shared/domain/runbooks';
import type { Bridge } from '../bridge';
import type { ErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export interface RecordInput {
  incidentId: string;
  alertName?: string;
  slug: string;
  version: number;
  stepKey: string;
  outcome: 'done' | 'failed' | 'unchecked';
  detail: string;
}

/** What the last run of a step in this view gave: a link to its result, or why it failed. */
export interface StepOutcome {
  href: string | null;
  error: ErrorView | null;
  /** Set when the action worked but its record could not be saved. */
  recordError: ErrorView | null;
}

interface RunbookStepsStore {
  incidentId: string | null;
  records: Loadable<StepRecord[]>;
  /** Step keys whose action or record is in flight. */
  busy: Record<string, boolean>;
  outcomes: Record<string, StepOutcome>;
  load(bridge: Bridge, incidentId: string | null): Promise<void>;
  /** A record pushed by runbooks.step.recorded (or answered to our own call), merged once. */
  merge(record: StepRecord): void;
  record(bridge: Bridge, input: RecordInput): Promise<StepRecord>;
  setBusy(stepKey: string, busy: boolean): void;
  setOutcome(stepKey: string, outcome: StepOutcome | null): void;
}

export const useRunbookStepsStore = create<RunbookStepsStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    incidentId: null,
    records: idleLoadable(),
    busy: {},
    outcomes: {},
    async load(bridge, incidentId) {
      if (incidentId !== get().incidentId) set({ incidentId, records: idleLoadable(), busy: {}, outcomes: {} });
      if (incidentId === null) return;
      const isLatest = begin('records');
      set({ records: loadingFrom(get().records) });
      try {
        const { records } = await bridge.invoke('runbooks.steps.list', { incidentId });
        if (isLatest() && get().incidentId === incidentId) set({ records: loadedWith(records) });
      } catch (error) {
        if (isLatest()) set({ records: failedFrom(get().records, error) });
      }
    },
    merge(record) {
      const { incidentId, records } = get();
      if (record.incidentId !== incidentId || !records.data) return;
      if (records.data.some((known) => known.id === record.id)) return;
      set({ records: { ...records, data: [...records.data, record].sort((a, b) => a.id - b.id) } });
    },
    async record(bridge, input) {
      const { record } = await bridge.invoke('runbooks.steps.record', input);
      get().merge(record);
      return record;
    },
    setBusy(stepKey, busy) {
      set({ busy: { ...get().busy, [stepKey]: busy } });
    },
    setOutcome(stepKey, outcome) {
      const outcomes = { ...get().outcomes };
      if (outcome === null) delete outcomes[stepKey];
      else outcomes[stepKey] = outcome;
      set({ outcomes });
    },
  };
});
