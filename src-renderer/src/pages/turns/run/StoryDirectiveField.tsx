/**
 * The story directive of the run panel: a story master's instruction for the turn ("the storm breaks
 * tonight") that reaches the AI prompts. The engine's prompt guard refuses instructions aimed at the
 * model itself; its reason shows under the field.
 */
import type { CSSProperties } from 'react';
import { STORY_DIRECTIVE_MAX_LENGTH } from '../../../../../src-shared/domain/turn-vocabulary';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { STORY_DIRECTIVE_LABEL } from './run-form';

/** The hint on the left, the character count on the right. */
const HINT_ROW: CSSProperties = { display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 12 };

export function StoryDirectiveField() {
  const text = useTurnRunStore((store) => store.form.storyDirective ?? '');
  const error = useTurnRunStore((store) => store.fieldErrors.storyDirective);
  const describedBy = error ? 'error-storyDirective hint-storyDirective' : 'hint-storyDirective';
  return (
    <div className={`field story-directive${error ? ' field-invalid' : ''}`}>
      <label htmlFor="field-storyDirective">
        {STORY_DIRECTIVE_LABEL} <span className="muted">(optional)</span>
      </label>
      <textarea
        id="field-storyDirective"
        rows={3}
        value={text}
        maxLength={STORY_DIRECTIVE_MAX_LENGTH}
        placeholder="e.g. The storm breaks tonight."
        onChange={(event) => useTurnRunStore.getState().setStoryDirective(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        data-testid="field-storyDirective"
      />
      <p className="field-hint" style={HINT_ROW}>
        <span id="hint-storyDirective">What should happen this turn; the AI weaves it into the briefs and the narrative.</span>
        <span className="num nowrap" data-testid="story-directive-count" title="characters used">
          {text.length}/{STORY_DIRECTIVE_MAX_LENGTH}
        </span>
      </p>
      {error && (
        <p className="field-error" id="error-storyDirective" data-testid="field-error-storyDirective">
          {error}
        </p>
      )}
    </div>
  );
}
