/**
 * Story arcs of SPEC section 1: conflict_resolution -> character_conflict, cooperation_success ->
 * alliance_building, agent_agreement -> relationship_development. A turn's arcs are those of its events,
 * each once, in the order of this table.
 */
import type { EventType, TurnEvent } from '../../../../src-shared/domain/turn';

export const STORY_ARCS = [
  ['conflict_resolution', 'character_conflict'],
  ['cooperation_success', 'alliance_building'],
  ['agent_agreement', 'relationship_development'],
] as const satisfies ReadonlyArray<readonly [EventType, string]>;

export type StoryArc = (typeof STORY_ARCS)[number][1];

export function storyArcsOf(events: readonly Pick<TurnEvent, 'type'>[]): StoryArc[] {
  const types = new Set(events.map((event) => event.type));
  return STORY_ARCS.filter(([type]) => types.has(type)).map(([, arc]) => arc);
}
