/**
 * Minted tokens (`tokens.list`, `tokens.mint`, `tokens.revoke`): the list and its "include expired and
 * revoked" toggle, the mint form, the token just minted (held in memory only until dismissed or the view
 * closes: it is shown once) and the revocation waiting for its confirmation.
 */
import { create } from 'zustand';
import type { TokenInfo } from '../../../src-shared/domain/security';
import { ContractError } from '../../../src-shared/errors';
import type { Role } from '../../../src-shared/rbac';
import type { Bridge } from '../bridge';
import { DEFAULT_TTL, type LifetimeChoice, resolveLifetime } from '../pages/settings/tokens/token-lifetime';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export interface MintForm {
  role: Role;
  /** '' = every campaign. */
  campaignId: string;
  lifetime: LifetimeChoice;
  customTtl: string;
  label: string;
}

export type MintField = 'role' | 'campaignId' | 'ttl' | 'label';

export interface MintedToken {
  token: string;
  info: TokenInfo;
}

interface TokensStore {
  includeInactive: boolean;
  list: Loadable<TokenInfo[]>;
  form: MintForm;
  fieldErrors: Partial<Record<MintField, string>>;
  mintError: ErrorView | null;
  minting: boolean;
  minted: MintedToken | null;
  /** The token whose revoke button asks "are you sure?". */
  confirmingRevoke: string | null;
  revoking: string | null;
  revokeError: { tokenId: string; error: ErrorView } | null;
  load(bridge: Bridge): Promise<void>;
  setIncludeInactive(bridge: Bridge, include: boolean): void;
  setField<K extends keyof MintForm>(key: K, value: MintForm[K]): void;
  mint(bridge: Bridge): Promise<MintedToken | null>;
  dismissMinted(): void;
  askRevoke(tokenId: string | null): void;
  revoke(bridge: Bridge, tokenId: string): Promise<boolean>;
}

/** Least privilege first: the form starts at the smallest role and the default lifetime. */
export const INITIAL_MINT_FORM: MintForm = { role: 'player', campaignId: '', lifetime: DEFAULT_TTL, customTtl: '', label: '' };

const FIELD_OF_ISSUE: Record<string, MintField> = { role: 'role', campaignId: 'campaignId', ttl: 'ttl', label: 'label' };

export const useTokensStore = create<TokensStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    includeInactive: false,
    list: idleLoadable(),
    form: INITIAL_MINT_FORM,
    fieldErrors: {},
    mintError: null,
    minting: false,
    minted: null,
    confirmingRevoke: null,
    revoking: null,
    revokeError: null,
    async load(bridge) {
      const isLatest = begin('list');
      set({ list: loadingFrom(get().list) });
      try {
        const answer = await bridge.invoke('tokens.list', { includeInactive: get().includeInactive });
        if (isLatest()) set({ list: loadedWith(answer.tokens) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    setIncludeInactive(bridge, include) {
      set({ includeInactive: include });
      void get().load(bridge);
    },
    setField(key, value) {
      const field: MintField = key === 'lifetime' || key === 'customTtl' ? 'ttl' : key;
      const { [field]: _cleared, ...fieldErrors } = get().fieldErrors;
      set({ form: { ...get().form, [key]: value }, fieldErrors, mintError: null });
    },
    async mint(bridge) {
      const { form } = get();
      const lifetime = resolveLifetime(form.lifetime, form.customTtl);
      if ('error' in lifetime) {
        set({ fieldErrors: { ...get().fieldErrors, ttl: lifetime.error } });
        return null;
      }
      set({ minting: true, mintError: null, fieldErrors: {} });
      try {
        const answer = await bridge.invoke('tokens.mint', {
          role: form.role,
          ...(form.campaignId ? { campaignId: form.campaignId } : {}),
          ttl: lifetime.ttl,
          label: form.label.trim(),
        });
        set({ minting: false, minted: answer, form: { ...INITIAL_MINT_FORM, lifetime: form.lifetime, customTtl: form.customTtl } });
        void get().load(bridge);
        return answer;
      } catch (error) {
        const view = toErrorView(error);
        const issues = error instanceof ContractError ? (error.issues ?? []) : [];
        const fieldErrors: Partial<Record<MintField, string>> = {};
        for (const issue of issues) {
          const field = FIELD_OF_ISSUE[issue.field.split('.')[0] ?? ''];
          if (field) fieldErrors[field] = issue.message;
        }
        set({ minting: false, fieldErrors, mintError: Object.keys(fieldErrors).length > 0 ? null : view });
        return null;
      }
    },
    dismissMinted() {
      set({ minted: null });
    },
    askRevoke(tokenId) {
      set({ confirmingRevoke: tokenId, revokeError: null });
    },
    async revoke(bridge, tokenId) {
      set({ revoking: tokenId, revokeError: null });
      try {
        await bridge.invoke('tokens.revoke', { tokenId });
        set({ revoking: null, confirmingRevoke: null });
        await get().load(bridge);
        return true;
      } catch (error) {
        set({ revoking: null, revokeError: { tokenId, error: toErrorView(error) } });
        return false;
      }
    },
  };
});
