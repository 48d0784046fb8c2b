/**
 * The run panel's data: campaigns and their agents, the form, the errors of the last attempt and the
 * turn started from this console. Kept while the console is open, so leaving the Turns page and coming
 * back finds the form as it was.
 */
import { create } from 'zustand';
import type { CampaignSummary } from '../../../src-shared/contract';
import type { Agent } from '../../../src-shared/domain/world';
import { ContractError } from '../../../src-shared/errors';
import type { Bridge } from '../bridge';
import {
  applyPreset,
  type ConfigField,
  type ConfigFields,
  defaultParticipants,
  type FieldErrors,
  initialFields,
  type PresetChoice,
  placeIssues,
  type RunForm,
  runRequestFromForm,
} from '../pages/turns/run/run-form';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export interface StartedTurn {
  turnId: string;
  number: number;
  campaignId: string;
}

interface TurnRunStore {
  campaigns: Loadable<CampaignSummary[]>;
  agents: Record<string, Loadable<Agent[]>>;
  form: RunForm;
  /** False until the user changes the participants; until then they follow the campaign's defaults. */
  participantsTouched: boolean;
  fieldErrors: FieldErrors;
  /** Counts the runs refused with field errors, so the panel can bring the first one into view each time. */
  refusals: number;
  formError: ErrorView | null;
  starting: boolean;
  current: StartedTurn | null;
  loadCampaigns(bridge: Bridge): Promise<void>;
  loadAgents(bridge: Bridge, campaignId: string): Promise<void>;
  selectCampaign(bridge: Bridge, campaignId: string): void;
  toggleParticipant(agentId: string): void;
  setParticipants(agentIds: readonly string[]): void;
  selectPreset(preset: PresetChoice): void;
  setField<K extends ConfigField>(key: K, value: ConfigFields[K]): void;
  /** The story directive as typed (the engine guards it when the turn runs). */
  setStoryDirective(text: string): void;
  resetConfiguration(): void;
  run(bridge: Bridge): Promise<StartedTurn | null>;
}

export const useTurnRunStore = create<TurnRunStore>()((set, get) => {
  const begin = createLatestGate();

  /** Errors of a field go away as soon as the user edits it. */
  const withoutError = (key: keyof FieldErrors): FieldErrors => {
    const { [key]: _removed, ...rest } = get().fieldErrors;
    return rest;
  };

  const applyDefaultParticipants = (campaignId: string) => {
    const { form, participantsTouched, agents } = get();
    const loaded = agents[campaignId]?.data;
    if (form.campaignId === campaignId && !participantsTouched && loaded) {
      set({ form: { ...form, participants: defaultParticipants(loaded) } });
    }
  };

  return {
    campaigns: idleLoadable(),
    agents: {},
    form: { campaignId: '', participants: [], preset: '', fields: initialFields(), storyDirective: '' },
    participantsTouched: false,
    fieldErrors: {},
    refusals: 0,
    formError: null,
    starting: false,
    current: null,

    async loadCampaigns(bridge) {
      const isLatest = begin('campaigns');
      set({ campaigns: loadingFrom(get().campaigns) });
      try {
        const { campaigns } = await bridge.invoke('campaigns.list', {});
        if (!isLatest()) return;
        set({ campaigns: loadedWith(campaigns) });
        const first = campaigns[0];
        if (first && !campaigns.some((campaign) => campaign.id === get().form.campaignId)) get().selectCampaign(bridge, first.id);
      } catch (error) {
        if (isLatest()) set({ campaigns: failedFrom(get().campaigns, error) });
      }
    },

    async loadAgents(bridge, campaignId) {
      const isLatest = begin(`agents:${campaignId}`);
      set({ agents: { ...get().agents, [campaignId]: loadingFrom(get().agents[campaignId]) } });
      try {
        const { agents } = await bridge.invoke('agents.list', { campaignId });
        if (!isLatest()) return;
        set({ agents: { ...get().agents, [campaignId]: loadedWith(agents) } });
        applyDefaultParticipants(campaignId);
      } catch (error) {
        if (isLatest()) set({ agents: { ...get().agents, [campaignId]: failedFrom(get().agents[campaignId], error) } });
      }
    },

    selectCampaign(bridge, campaignId) {
      const { form } = get();
      if (form.campaignId === campaignId) return;
      set({ form: { ...form, campaignId, participants: [] }, participantsTouched: false, fieldErrors: withoutError('participants') });
      applyDefaultParticipants(campaignId);
      void get().loadAgents(bridge, campaignId);
    },

    toggleParticipant(agentId) {
      const { form } = get();
      const participants = form.participants.includes(agentId)
        ? form.participants.filter((id) => id !== agentId)
        : [...form.participants, agentId];
      set({ form: { ...form, participants }, participantsTouched: true, fieldErrors: withoutError('participants') });
    },

    setParticipants(agentIds) {
      set({ form: { ...get().form, participants: [...agentIds] }, participantsTouched: true, fieldErrors: withoutError('participants') });
    },

    selectPreset(preset) {
      const { form } = get();
      set({ form: { ...form, preset, fields: applyPreset(form.fields, form.preset, preset) }, fieldErrors: {} });
    },

    setField(key, value) {
      const { form } = get();
      set({ form: { ...form, fields: { ...form.fields, [key]: value } }, fieldErrors: withoutError(key) });
    },

    setStoryDirective(text) {
      set({ form: { ...get().form, storyDirective: text }, fieldErrors: withoutError('storyDirective') });
    },

    resetConfiguration() {
      const { form } = get();
      set({ form: { ...form, preset: '', fields: initialFields(), storyDirective: '' }, fieldErrors: {}, formError: null });
    },

    async run(bridge) {
      const { form } = get();
      const built = runRequestFromForm(form);
      if (!built.ok) {
        set({ fieldErrors: built.errors, formError: null, refusals: get().refusals + 1 });
        return null;
      }
      set({ starting: true, fieldErrors: {}, formError: null });
      try {
        const { turnId, number } = await bridge.invoke('turns.run', built.request);
        const started = { turnId, number, campaignId: form.campaignId };
        set({ starting: false, current: started });
        return started;
      } catch (error) {
        const { fieldErrors, unplaced } = placeIssues(error instanceof ContractError ? (error.issues ?? []) : []);
        const placed = Object.keys(fieldErrors).length > 0;
        // The message names the first field; when every issue sits beside its field it need not repeat.
        const formError = !placed || unplaced.length > 0 ? toErrorView(error) : null;
        set({ starting: false, fieldErrors, formError, refusals: get().refusals + (placed ? 1 : 0) });
        return null;
      }
    },
  };
});
