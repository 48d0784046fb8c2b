/**
 * Agent names for the ids a turn stores. A turn keeps ids only; names come from the campaign's agents
 * as they are now, and an id the campaign no longer has is shown as it is.
 */

export type NameOf = (agentId: string) => string;

export function nameLookup(agents: readonly { id: string; name: string }[] | null | undefined): NameOf {
  const names = new Map((agents ?? []).map((agent) => [agent.id, agent.name]));
  return (agentId) => names.get(agentId) ?? agentId;
}

/** `Aria Vell, Borin Thale and 4 more` for lists that must stay on one line. */
export function joinNames(ids: readonly string[], nameOf: NameOf, max = 3): string {
  const names = ids.map(nameOf);
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
