/**
 * The manual-review queue that compensated turns fill: open items with a resolve form (a note is
 * required), resolved items with who resolved them and how.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { RefreshIcon } from '../../../shell/icons';
import { type ReviewFilter, useReviewQueueStore } from '../../../stores/review-queue-store';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { ReviewItemCard } from './ReviewItemCard';

const FILTERS: { id: ReviewFilter; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'all', label: 'All' },
];

export function ReviewQueueView() {
  const bridge = useBridge();
  const filter = useReviewQueueStore((store) => store.filter);
  const list = useReviewQueueStore((store) => store.list);

  useEffect(() => {
    void useReviewQueueStore.getState().load(bridge);
    // Campaign names for the items.
    if (!useTurnRunStore.getState().campaigns.data) void useTurnRunStore.getState().loadCampaigns(bridge);
  }, [bridge]);

  const actions = (
    <>
      <fieldset className="segmented" aria-label="Which reviews">
        {FILTERS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            className="segmented-option"
            aria-pressed={filter === id}
            onClick={() => useReviewQueueStore.getState().setFilter(bridge, id)}
            data-testid={`reviews-filter-${id}`}
          >
            {label}
          </button>
        ))}
      </fieldset>
      <button
        type="button"
        className="button small"
        onClick={() => void useReviewQueueStore.getState().load(bridge)}
        disabled={list.loading}
        data-testid="reviews-refresh"
      >
        <RefreshIcon />
        Refresh
      </button>
    </>
  );

  const reviews = list.data ?? [];
  return (
    <Card id="review-queue" title="Review queue" actions={actions}>
      {list.error && <InlineError error={list.error} testId="reviews-error" stale={list.data !== null} />}
      {!list.data && !list.error && <Pending>Loading reviews…</Pending>}
      {list.data && reviews.length === 0 && (
        <p className="muted" data-testid="reviews-empty">
          {filter === 'open'
            ? 'Nothing to review. A turn that fails in world update or event integration, or fails critically, opens an item here.'
            : 'No reviews.'}
        </p>
      )}
      {reviews.length > 0 && (
        <ul className="review-list" data-testid="review-list">
          {reviews.map((review) => (
            <ReviewItemCard key={review.id} review={review} />
          ))}
        </ul>
      )}
    </Card>
  );
}
