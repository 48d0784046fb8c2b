/**
 * One review item: why it was opened, for which turn, and either the resolve form or its resolution.
 */
import type { ReviewItem } from '../../../../../src-shared/domain/turn';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { Badge } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { turnsHref } from '../turns-route';
import { ResolveForm } from './ResolveForm';

export function ReviewItemCard({ review }: { review: ReviewItem }) {
  const campaign = useTurnRunStore((store) => store.campaigns.data?.find((candidate) => candidate.id === review.campaignId));
  return (
    <li className="review-item" data-testid="review-item" data-review-id={review.id} data-status={review.status}>
      <div className="review-head">
        <Badge tone={review.status === 'open' ? 'warning' : 'ok'} value={review.status} testId="review-status">
          {review.status}
        </Badge>
        <Badge tone={review.severity === 'critical' ? 'error' : 'neutral'} value={review.severity}>
          {review.severity}
        </Badge>
        <a href={turnsHref.turn(review.turnId)} data-testid="review-turn-link">
          Open turn
        </a>
        <span className="muted">
          {campaign?.name ?? review.campaignId} · opened{' '}
          <time dateTime={review.createdAt} title={review.createdAt}>
            {formatDateTime(review.createdAt)}
          </time>
        </span>
      </div>
      <p className="review-reason" data-testid="review-reason">
        {review.reason}
      </p>
      {review.status === 'open' ? (
        <ResolveForm reviewId={review.id} />
      ) : (
        <div className="review-resolution" data-testid="review-resolution">
          <p>{review.resolution}</p>
          <p className="muted">
            Resolved by {review.resolvedBy ?? 'unknown'}
            {review.resolvedAt && (
              <>
                {' '}
                at{' '}
                <time dateTime={review.resolvedAt} title={review.resolvedAt}>
                  {formatDateTime(review.resolvedAt)}
                </time>
              </>
            )}
          </p>
        </div>
      )}
    </li>
  );
}
