/**
 * The manual reviews this turn opened (SPEC: trigger_manual_review), with a way to the queue.
 */
import type { ReviewItem } from '../../../../../src-shared/domain/turn';
import { Badge, Card } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { turnsHref } from '../turns-route';

export function TurnReviewsCard({ reviews }: { reviews: readonly ReviewItem[] }) {
  return (
    <Card
      id="turn-reviews"
      title="Manual reviews"
      actions={
        <a className="button small" href={turnsHref.reviews()}>
          Open review queue
        </a>
      }
    >
      <ul className="plain-list">
        {reviews.map((review) => (
          <li key={review.id} className="review-line" data-testid="turn-review">
            <Badge tone={review.status === 'open' ? 'warning' : 'ok'} value={review.status}>
              {review.status}
            </Badge>
            <Badge tone={review.severity === 'critical' ? 'error' : 'neutral'} value={review.severity}>
              {review.severity}
            </Badge>
            <span className="review-reason">{review.reason}</span>
            <span className="muted">
              {review.status === 'resolved' && review.resolvedAt
                ? `resolved ${formatDateTime(review.resolvedAt)} by ${review.resolvedBy ?? 'unknown'}: ${review.resolution ?? ''}`
                : `opened ${formatDateTime(review.createdAt)}`}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
