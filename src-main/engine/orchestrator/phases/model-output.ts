/**
 * The output guard between a provider's answer and the phase that uses it (issue 5 item 7): the text is
 * length-bounded and stripped of control characters, and an answer with script content is replaced by the
 * phase's rule-based text (which the phase still validates) — see security/prompt-guard.ts. Pure, so a
 * replay of the same answers gives the same briefs and narrative.
 */
import { type GuardedOutput, guardModelOutput } from '../../security/prompt-guard';
import type { AiResponse } from '../providers/provider';
import { RULE_BASED_SOURCE } from '../rules/rule-based-text';

/**
 * Characters allowed per requested token: twice the ~4 of English text (providers/token-estimate.ts), so a
 * model that keeps to max_tokens is never cut, and one that ignores it cannot flood the turn.
 */
export const OUTPUT_CHARS_PER_TOKEN = 8;

/** The source of a brief or narrative whose model text the guard replaced. */
export const GUARDED_SOURCE = `${RULE_BASED_SOURCE} (output guard)`;

export function guardedText(response: AiResponse, maxTokens: number, fallback: () => string): GuardedOutput {
  return guardModelOutput(response.text, { maxLength: maxTokens * OUTPUT_CHARS_PER_TOKEN, fallback });
}
