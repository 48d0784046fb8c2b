/**
 * Resolves one review item with a note saying what was checked or changed; the note is required.
 */
import type { FormEvent } from 'react';
import { useBridge } from '../../../bridge-context';
import { useReviewQueueStore } from '../../../stores/review-queue-store';

export function ResolveForm({ reviewId }: { reviewId: string }) {
  const bridge = useBridge();
  const draft = useReviewQueueStore((store) => store.drafts[reviewId]);
  const noteId = `resolve-note-${reviewId}`;
  const errorId = `resolve-error-${reviewId}`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void useReviewQueueStore.getState().resolve(bridge, reviewId);
  };

  return (
    <form className="resolve-form" onSubmit={onSubmit} noValidate data-testid="resolve-form">
      <label htmlFor={noteId}>Resolution note</label>
      <textarea
        id={noteId}
        rows={2}
        required
        maxLength={4000}
        value={draft?.note ?? ''}
        placeholder="What did you check or change? e.g. corrected Aria's stamina and re-ran the turn"
        onChange={(event) => useReviewQueueStore.getState().setNote(reviewId, event.target.value)}
        aria-invalid={draft?.error ? true : undefined}
        aria-describedby={draft?.error ? errorId : undefined}
        data-testid="resolve-note"
      />
      {draft?.error && (
        <p className="field-error" id={errorId} role="alert" data-testid="resolve-error">
          {draft.error.message}
        </p>
      )}
      <div className="button-row">
        <button
          type="submit"
          className="button primary small"
          disabled={draft?.sending}
          aria-busy={draft?.sending}
          data-testid="resolve-submit"
        >
          {draft?.sending ? 'Resolving…' : 'Resolve'}
        </button>
      </div>
    </form>
  );
}
