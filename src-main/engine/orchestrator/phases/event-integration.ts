/**
 * Phase 4, event_integration (SPEC section 1): maps every completed interaction of the turn to its event
 * (rules/event-mapping.ts), checks those events' consistency (rules/consistency.ts) and fails on any
 * violation, else applies their world impacts — relationships, confidence, cooperation experience and a
 * memory per participant (rules/world-impacts.ts) — to a new world. The world_update events are not
 * re-checked here: world_time_advanced legitimately spans the whole time advance, which may exceed an hour.
 */
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import { checkEventConsistency } from '../rules/consistency';
import { eventFromInteraction } from '../rules/event-mapping';
import { applyEventImpacts } from '../rules/world-impacts';
import { throwIfCancelled } from './cancellation';
import { type Phase, PhaseFailure } from './phase';

export const eventIntegration: Phase = async (state, context) => {
  throwIfCancelled(context.signal, 'event_integration');
  const events: TurnEvent[] = [];
  for (const interaction of state.interactions) {
    if (!interaction.completed || interaction.outcome === null) continue;
    const event = eventFromInteraction(interaction, state.world, {
      id: context.newId('event'),
      worldTimeAdvance: context.config.worldTimeAdvance,
    });
    if (event) events.push(event);
  }

  const violations = checkEventConsistency(events, state.world);
  if (violations.length > 0) {
    throw new PhaseFailure(
      'consistency',
      `event_integration found ${violations.length} inconsistent event${violations.length === 1 ? '' : 's'} (${violations
        .map((violation) => violation.message)
        .join('; ')}); the turn's world changes are rolled back for review`,
    );
  }

  throwIfCancelled(context.signal, 'event_integration');
  const world = applyEventImpacts(state.world, events, state.interactions, context.turnNumber);
  return {
    state: { ...state, world, events: [...state.events, ...events] },
    eventsProcessed: state.interactions.length,
    eventsGenerated: events.length,
  };
};
