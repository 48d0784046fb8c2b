/**
 * The rule editor: the rule being edited (`rules.get`, with the version it started from), its form, the
 * live preview (`rules.preview`, asked again a moment after each change that affects it: the compared
 * series, the threshold and where the rule would have been pending and firing over the chosen hours),
 * saving with the version it edited (`rules.save`, so a newer save elsewhere is not overwritten) and
 * deleting after a confirmation (`rules.delete`).
 */
import { create } from 'zustand';
import type { RuleInfo, RulesPreviewResponse } from '../../../src-shared/domain/alerts';
import { ContractError, type ErrorIssue } from '../../../src-shared/errors';
import type { Bridge } from '../bridge';
import {
  buildRule,
  issuesToFields,
  newRuleForm,
  previewable,
  type RuleField,
  type RuleFieldErrors,
  type RuleForm,
  ruleToForm,
} from '../pages/alerts/rules/rule-form';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export const PREVIEW_HOURS = [1, 3, 6, 12, 24, 72, 168] as const;
const PREVIEW_DEBOUNCE_MS = 500;

export interface PreviewAnswer {
  response: RulesPreviewResponse;
  startMs: number;
  endMs: number;
}

interface AlertRuleEditorStore {
  /** The rule's name as stored; null for a new rule. */
  editing: string | null;
  info: Loadable<RuleInfo>;
  form: RuleForm;
  /** Fields the user has changed: their own checks show at once, the rest after a save attempt. */
  touched: ReadonlySet<RuleField>;
  submitted: boolean;
  /** The engine's messages per field, from the last preview or save. */
  serverErrors: RuleFieldErrors;
  /** Engine issues that fit no field. */
  otherIssues: ErrorIssue[];
  previewHours: number;
  preview: Loadable<PreviewAnswer>;
  saving: boolean;
  saveError: ErrorView | null;
  savedAt: number | null;
  confirmingDelete: boolean;
  deleting: boolean;
  deleteError: ErrorView | null;
  open(bridge: Bridge, name: string | null): Promise<void>;
  update(bridge: Bridge, field: RuleField | null, change: (form: RuleForm) => RuleForm): void;
  setPreviewHours(bridge: Bridge, hours: number): void;
  runPreview(bridge: Bridge): Promise<void>;
  save(bridge: Bridge): Promise<RuleInfo | null>;
  askDelete(confirming: boolean): void;
  remove(bridge: Bridge): Promise<boolean>;
}

export const useAlertRuleEditorStore = create<AlertRuleEditorStore>()((set, get) => {
  const begin = createLatestGate();
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  const schedulePreview = (bridge: Bridge) => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void get().runPreview(bridge), PREVIEW_DEBOUNCE_MS);
  };
  const fresh = {
    touched: new Set<RuleField>(),
    submitted: false,
    serverErrors: {},
    otherIssues: [],
    preview: idleLoadable<PreviewAnswer>(),
    saving: false,
    saveError: null,
    savedAt: null,
    confirmingDelete: false,
    deleting: false,
    deleteError: null,
  };
  return {
    editing: null,
    info: idleLoadable(),
    form: newRuleForm(),
    ...fresh,
    previewHours: 6,
    async open(bridge, name) {
      clearTimeout(previewTimer);
      const isLatest = begin('open');
      set({ editing: name, form: newRuleForm(), info: name ? loadingFrom(idleLoadable()) : idleLoadable(), ...fresh, touched: new Set() });
      if (!name) return;
      try {
        const info = await bridge.invoke('rules.get', { name });
        if (!isLatest()) return;
        set({ info: loadedWith(info), form: ruleToForm(info.rule) });
        void get().runPreview(bridge);
      } catch (error) {
        if (isLatest()) set({ info: failedFrom(get().info, error) });
      }
    },
    update(bridge, field, change) {
      const { serverErrors, touched } = get();
      const nextErrors = { ...serverErrors };
      if (field) delete nextErrors[field];
      set({
        form: change(get().form),
        touched: field ? new Set([...touched, field]) : touched,
        serverErrors: nextErrors,
        saveError: null,
        savedAt: null,
      });
      schedulePreview(bridge);
    },
    setPreviewHours(bridge, hours) {
      set({ previewHours: hours });
      void get().runPreview(bridge);
    },
    async runPreview(bridge) {
      clearTimeout(previewTimer);
      const { form, previewHours } = get();
      const built = buildRule(form);
      if (!previewable(built.errors)) {
        set({ preview: idleLoadable() });
        return;
      }
      const isLatest = begin('preview');
      const endMs = Date.now();
      const startMs = endMs - previewHours * 3_600_000;
      set({ preview: loadingFrom(get().preview) });
      try {
        const response = await bridge.invoke('rules.preview', {
          rule: built.rule,
          start: new Date(startMs).toISOString(),
          end: new Date(endMs).toISOString(),
        });
        if (isLatest()) set({ preview: loadedWith({ response, startMs, endMs }) });
      } catch (error) {
        if (!isLatest()) return;
        const issues = error instanceof ContractError ? (error.issues ?? []) : [];
        const { fields } = issuesToFields(issues, form.kind);
        set({ preview: failedFrom(get().preview, error), serverErrors: { ...get().serverErrors, ...fields } });
      }
    },
    async save(bridge) {
      const { form, info, editing } = get();
      const built = buildRule(form);
      if (Object.keys(built.errors).length > 0) {
        set({
          submitted: true,
          saveError: { code: 'invalid_request', message: 'some fields need attention; see the messages next to them' },
        });
        return null;
      }
      set({ saving: true, submitted: true, saveError: null, otherIssues: [] });
      try {
        const answer = await bridge.invoke('rules.save', {
          name: form.name,
          rule: built.rule,
          // Renaming saves a new rule; the version guards only an edit of the same rule.
          ...(info.data && editing === form.name ? { expectedVersion: info.data.version } : {}),
        });
        set({
          saving: false,
          info: loadedWith(answer.rule),
          editing: answer.rule.rule.name,
          form: ruleToForm(answer.rule.rule),
          savedAt: Date.now(),
        });
        return answer.rule;
      } catch (error) {
        const issues = error instanceof ContractError ? (error.issues ?? []) : [];
        const { fields, rest } = issuesToFields(issues, form.kind);
        set({ saving: false, serverErrors: fields, otherIssues: rest, saveError: toErrorView(error) });
        return null;
      }
    },
    askDelete(confirming) {
      set({ confirmingDelete: confirming, deleteError: null });
    },
    async remove(bridge) {
      const { editing } = get();
      if (!editing) return false;
      set({ deleting: true, deleteError: null });
      try {
        await bridge.invoke('rules.delete', { name: editing });
        set({ deleting: false, confirmingDelete: false });
        return true;
      } catch (error) {
        set({ deleting: false, deleteError: toErrorView(error) });
        return false;
      }
    },
  };
});
