/**
 * max_tokens of the AI calls by narrative depth (SPEC section 1): briefs 200/500/1000/2000; the narrative
 * 300/800/1500/3000 plus min(50 x events, 500).
 */
import type { NarrativeDepth } from '../../../../src-shared/domain/turn-configuration';

export const BRIEF_MAX_TOKENS: Record<NarrativeDepth, number> = { basic: 200, standard: 500, detailed: 1000, comprehensive: 2000 };
export const NARRATIVE_MAX_TOKENS: Record<NarrativeDepth, number> = { basic: 300, standard: 800, detailed: 1500, comprehensive: 3000 };
export const TOKENS_PER_EVENT = 50;
export const EVENT_TOKEN_BONUS_CAP = 500;

export function briefMaxTokens(depth: NarrativeDepth): number {
  return BRIEF_MAX_TOKENS[depth];
}

export function narrativeMaxTokens(depth: NarrativeDepth, eventCount: number): number {
  return NARRATIVE_MAX_TOKENS[depth] + Math.min(TOKENS_PER_EVENT * Math.max(0, eventCount), EVENT_TOKEN_BONUS_CAP);
}
