/**
 * The world model of SPEC section 1: a campaign's world state with its agents (characters), NPCs and
 * environment features. Plain data, validated by zod at every boundary; the phases are pure functions
 * over it.
 */
import { z } from 'zod';

export const Position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

export const Resource = z.strictObject({
  value: z.number().finite().nonnegative(),
  max: z.number().finite().nonnegative(),
  regenPerS: z.number().finite().nonnegative(),
});
export type Resource = z.infer<typeof Resource>;

export const StatusEffect = z.strictObject({ name: z.string().min(1), remainingS: z.number().finite().nonnegative() });
export type StatusEffect = z.infer<typeof StatusEffect>;

export const GOAL_TYPES = ['exclusive', 'shared', 'personal'] as const;
export const Goal = z.strictObject({
  type: z.enum(GOAL_TYPES),
  /** Id of a feature (place or object) of the world the goal is about; agents move toward it. */
  target: z.string().min(1),
});
export type Goal = z.infer<typeof Goal>;

export const AgentId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _');

export const Agent = z.strictObject({
  id: AgentId,
  name: z.string().min(1).max(120),
  role: z.string().min(1).max(120),
  position: Position,
  /** Distance units per second. */
  speed: z.number().finite().nonnegative(),
  /** How hard the agent pushes in a conflict; the stronger action wins. */
  strength: z.number().finite().nonnegative(),
  resources: z.record(z.string(), Resource),
  statusEffects: z.array(StatusEffect),
  goals: z.array(Goal),
  inventory: z.array(z.string()),
  needs: z.array(z.string()),
  /** 0..100, starts at 100 (the trust store owns changes). */
  trust: z.number().min(0).max(100),
  quarantined: z.boolean(),
  /** Relationship to other agents, -1..1, changed by event integration. */
  relationships: z.record(z.string(), z.number().min(-1).max(1)),
  confidence: z.number().min(0).max(1),
  cooperationExperience: z.number().int().nonnegative(),
  /** Short recent memories that feed the subjective brief; newest last. */
  memories: z.array(z.string()),
});
export type Agent = z.infer<typeof Agent>;

export const Feature = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.string().min(1),
  position: Position,
});
export type Feature = z.infer<typeof Feature>;

export const Npc = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  position: Position,
  disposition: z.enum(['friendly', 'neutral', 'hostile']),
});
export type Npc = z.infer<typeof Npc>;

export const WorldState = z.strictObject({
  /** Seconds since the campaign began. */
  timeS: z.number().finite().nonnegative(),
  weather: z.string(),
  features: z.array(Feature),
  npcs: z.array(Npc),
  agents: z.array(Agent),
});
export type WorldState = z.infer<typeof WorldState>;

export const Campaign = z.strictObject({
  id: AgentId,
  name: z.string().min(1).max(200),
  description: z.string().max(4000),
  world: WorldState,
});
export type Campaign = z.infer<typeof Campaign>;
