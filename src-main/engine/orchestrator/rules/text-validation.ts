/**
 * Validation of AI text (SPEC section 1). A brief is valid with >= 10 characters and >= 5 words; a
 * narrative with >= 50 characters, >= 20 words and a mention of at least one event of the turn.
 *
 * Characters are Unicode code points of the trimmed text; words are runs of non-whitespace.
 *
 * "Mentions an event": the narrative contains the event's description (case- and whitespace-insensitive,
 * final full stop ignored), or the event has participants and the narrative names every one of them
 * (the agent's name, else its id, as a whole word, case-insensitive). An event without participants
 * (world_time_advanced) can only be mentioned by its description. A turn without any event has nothing
 * to mention, so that condition holds vacuously.
 */
import type { TurnEvent } from '../../../../src-shared/domain/turn';

export const BRIEF_MIN_CHARS = 10;
export const BRIEF_MIN_WORDS = 5;
export const NARRATIVE_MIN_CHARS = 50;
export const NARRATIVE_MIN_WORDS = 20;

export function characterCount(text: string): number {
  return [...text.trim()].length;
}

export function wordCount(text: string): number {
  return text.split(/\s+/u).filter((word) => word.length > 0).length;
}

export function isValidBrief(text: string): boolean {
  return characterCount(text) >= BRIEF_MIN_CHARS && wordCount(text) >= BRIEF_MIN_WORDS;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/gu, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function namesAsWord(text: string, name: string): boolean {
  const wanted = normalize(name);
  if (wanted.length === 0) return false;
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRegExp(wanted)}(?=$|[^\\p{L}\\p{N}_])`, 'u').test(normalize(text));
}

/** Whether the text mentions the event; `names` maps agent ids to names. */
export function mentionsEvent(text: string, event: TurnEvent, names: ReadonlyMap<string, string>): boolean {
  const description = normalize(event.description).replace(/\.$/u, '');
  if (description.length > 0 && normalize(text).includes(description)) return true;
  if (event.participants.length === 0) return false;
  return event.participants.every((id) => namesAsWord(text, names.get(id) ?? id));
}

export interface NarrativeValidation {
  valid: boolean;
  mentionedEventIds: string[];
  /** Why it is not valid, one sentence each; empty when valid. */
  problems: string[];
}

export function validateNarrative(text: string, events: readonly TurnEvent[], names: ReadonlyMap<string, string>): NarrativeValidation {
  const problems: string[] = [];
  const chars = characterCount(text);
  const words = wordCount(text);
  if (chars < NARRATIVE_MIN_CHARS) problems.push(`narrative has ${chars} characters, needs at least ${NARRATIVE_MIN_CHARS}`);
  if (words < NARRATIVE_MIN_WORDS) problems.push(`narrative has ${words} words, needs at least ${NARRATIVE_MIN_WORDS}`);
  const mentionedEventIds = events.filter((event) => mentionsEvent(text, event, names)).map((event) => event.id);
  if (events.length > 0 && mentionedEventIds.length === 0) problems.push(`narrative mentions none of the turn's ${events.length} events`);
  return { valid: problems.length === 0, mentionedEventIds, problems };
}
