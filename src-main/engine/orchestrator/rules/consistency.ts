/**
 * Consistency checks of SPEC section 1.
 *
 * World (world_update): every number finite, no resource above its max or below 0, no duplicate agent,
 * every participant an agent of the world. Any of these is critical — the phase fails and the turn is
 * compensated with a manual review.
 *
 * Events (event_integration): a timestamp on every event, no event spanning more than 3600 s, no
 * participant that is not an agent of the world, and no contradictory events on the same pair in one turn
 * (a conflict_resolution together with a cooperation_success, agent_agreement or agent_compromise).
 */
import type { EventType, TurnEvent } from '../../../../src-shared/domain/turn';
import type { WorldState } from '../../../../src-shared/domain/world';
import { pairKey } from './interaction-planning';

export interface WorldIssue {
  severity: 'critical' | 'warning';
  agentId: string | null;
  message: string;
}

export function checkWorldConsistency(world: WorldState, participants: readonly string[]): WorldIssue[] {
  const issues: WorldIssue[] = [];
  const critical = (agentId: string | null, message: string) => issues.push({ severity: 'critical', agentId, message });
  if (!Number.isFinite(world.timeS) || world.timeS < 0) critical(null, `world time ${world.timeS} is not a finite non-negative number`);
  const seen = new Set<string>();
  for (const agent of world.agents) {
    if (seen.has(agent.id)) critical(agent.id, `agent "${agent.id}" appears more than once`);
    seen.add(agent.id);
    if (!Number.isFinite(agent.position.x) || !Number.isFinite(agent.position.y)) {
      critical(agent.id, `agent "${agent.id}" has a non-finite position (${agent.position.x}, ${agent.position.y})`);
    }
    for (const [name, resource] of Object.entries(agent.resources)) {
      if (!Number.isFinite(resource.value) || resource.value < 0) {
        critical(agent.id, `agent "${agent.id}" resource "${name}" is ${resource.value}, not a non-negative number`);
      } else if (resource.value > resource.max) {
        critical(agent.id, `agent "${agent.id}" resource "${name}" is ${resource.value}, above its max ${resource.max}`);
      }
    }
    for (const effect of agent.statusEffects) {
      if (!Number.isFinite(effect.remainingS) || effect.remainingS <= 0) {
        critical(agent.id, `agent "${agent.id}" keeps status effect "${effect.name}" with ${effect.remainingS} s remaining`);
      }
    }
  }
  for (const id of participants) {
    if (!seen.has(id)) critical(id, `participant "${id}" is not an agent of the world`);
  }
  return issues;
}

export type EventViolationKind = 'missing_timestamp' | 'span_too_long' | 'unknown_participant' | 'contradictory_events';

export interface EventViolation {
  kind: EventViolationKind;
  eventIds: string[];
  message: string;
}

/** An event may span at most an hour of world time. */
export const MAX_EVENT_SPAN_S = 3600;

const HOSTILE: ReadonlySet<EventType> = new Set(['conflict_resolution']);
const FRIENDLY: ReadonlySet<EventType> = new Set(['cooperation_success', 'agent_agreement', 'agent_compromise']);

export function checkEventConsistency(events: readonly TurnEvent[], world: WorldState): EventViolation[] {
  const violations: EventViolation[] = [];
  const known = new Set(world.agents.map((agent) => agent.id));
  for (const event of events) {
    if (event.timestampS === null || !Number.isFinite(event.timestampS)) {
      violations.push({ kind: 'missing_timestamp', eventIds: [event.id], message: `event ${event.id} (${event.type}) has no timestamp` });
    }
    if (event.spanS > MAX_EVENT_SPAN_S) {
      violations.push({
        kind: 'span_too_long',
        eventIds: [event.id],
        message: `event ${event.id} (${event.type}) spans ${event.spanS} s, more than ${MAX_EVENT_SPAN_S} s`,
      });
    }
    for (const participant of event.participants) {
      if (!known.has(participant)) {
        violations.push({
          kind: 'unknown_participant',
          eventIds: [event.id],
          message: `event ${event.id} (${event.type}) names "${participant}", who is not an agent of the world`,
        });
      }
    }
  }

  const byPair = new Map<string, TurnEvent[]>();
  for (const event of events) {
    if (event.participants.length !== 2) continue;
    const key = pairKey(event.participants[0] as string, event.participants[1] as string);
    byPair.set(key, [...(byPair.get(key) ?? []), event]);
  }
  for (const [key, pairEvents] of byPair) {
    const hostile = pairEvents.filter((event) => HOSTILE.has(event.type));
    const friendly = pairEvents.filter((event) => FRIENDLY.has(event.type));
    if (hostile.length > 0 && friendly.length > 0) {
      const [a, b] = key.split('|');
      violations.push({
        kind: 'contradictory_events',
        eventIds: [...hostile, ...friendly].map((event) => event.id),
        message: `${a} and ${b} have both ${hostile[0]?.type} and ${friendly[0]?.type} in one turn`,
      });
    }
  }
  return violations;
}
