/**
 * The manual-review queue (`reviews.list`) and the resolve form of each open item: its note, whether
 * it is being sent, and the error of the last attempt.
 */
import { create } from 'zustand';
import type { ReviewItem } from '../../../src-shared/domain/turn';
import type { Bridge } from '../bridge';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export type ReviewFilter = 'open' | 'resolved' | 'all';

export interface ResolveDraft {
  note: string;
  sending: boolean;
  /** A note left blank, or the engine's refusal. */
  error: ErrorView | null;
}

interface ReviewQueueStore {
  filter: ReviewFilter;
  list: Loadable<ReviewItem[]>;
  /** Open items, for the tab's count; refreshed with every load. */
  openCount: number | null;
  drafts: Record<string, ResolveDraft>;
  load(bridge: Bridge): Promise<void>;
  setFilter(bridge: Bridge, filter: ReviewFilter): void;
  setNote(reviewId: string, note: string): void;
  resolve(bridge: Bridge, reviewId: string): Promise<boolean>;
}

const EMPTY_DRAFT: ResolveDraft = { note: '', sending: false, error: null };

export const useReviewQueueStore = create<ReviewQueueStore>()((set, get) => {
  const begin = createLatestGate();
  const patchDraft = (reviewId: string, patch: Partial<ResolveDraft>) =>
    set({ drafts: { ...get().drafts, [reviewId]: { ...(get().drafts[reviewId] ?? EMPTY_DRAFT), ...patch } } });

  return {
    filter: 'open',
    list: idleLoadable(),
    openCount: null,
    drafts: {},
    async load(bridge) {
      const isLatest = begin('list');
      const { filter } = get();
      set({ list: loadingFrom(get().list) });
      try {
        const [{ reviews }, open] = await Promise.all([
          bridge.invoke('reviews.list', { status: filter, limit: 200 }),
          filter === 'open' ? null : bridge.invoke('reviews.list', { status: 'open', limit: 500 }),
        ]);
        if (!isLatest()) return;
        set({ list: loadedWith(reviews), openCount: (open?.reviews ?? reviews).length });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    setFilter(bridge, filter) {
      set({ filter });
      void get().load(bridge);
    },
    setNote(reviewId, note) {
      patchDraft(reviewId, { note, error: null });
    },
    async resolve(bridge, reviewId) {
      const note = (get().drafts[reviewId]?.note ?? '').trim();
      if (note === '') {
        patchDraft(reviewId, {
          error: { code: 'invalid_request', message: 'A resolution note is required: say what you checked or changed.' },
        });
        return false;
      }
      patchDraft(reviewId, { sending: true, error: null });
      try {
        await bridge.invoke('reviews.resolve', { reviewId, resolution: note });
        const { [reviewId]: _sent, ...drafts } = get().drafts;
        set({ drafts });
        await get().load(bridge);
        return true;
      } catch (error) {
        patchDraft(reviewId, { sending: false, error: toErrorView(error) });
        return false;
      }
    },
  };
});
