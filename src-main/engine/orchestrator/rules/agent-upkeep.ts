/**
 * Per-participant upkeep of SPEC section 1 (world_update): status effects tick down by the seconds that
 * pass and are dropped once expired; resources regenerate regen_per_s x seconds, up to their max.
 * A resource already above its max is left as it is, so the consistency check reports it instead of the
 * update hiding it.
 */
import type { Resource, StatusEffect } from '../../../../src-shared/domain/world';

export function tickStatusEffects(effects: readonly StatusEffect[], seconds: number): StatusEffect[] {
  return effects.map((effect) => ({ ...effect, remainingS: effect.remainingS - seconds })).filter((effect) => effect.remainingS > 0);
}

export function regenerateResource(resource: Resource, seconds: number): Resource {
  if (resource.value >= resource.max) return { ...resource };
  return { ...resource, value: Math.min(resource.max, resource.value + resource.regenPerS * seconds) };
}

export function regenerateResources(resources: Readonly<Record<string, Resource>>, seconds: number): Record<string, Resource> {
  return Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, regenerateResource(resource, seconds)]));
}
