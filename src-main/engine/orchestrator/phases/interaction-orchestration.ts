/**
 * Phase 3, interaction_orchestration (SPEC section 1): plans the turn's interaction sessions among the
 * non-quarantined participants (rules/interaction-planning.ts) and resolves each from the PRNG seeded by
 * (seed, turn, pair, phase) (rules/interaction-resolution.ts). Interactions are recorded in the state;
 * their events and world impacts come in event_integration. Succeeds when completed / max(1,
 * opportunities) > 0.3, or when there was no opportunity at all.
 *
 * Trust (SPEC section 5), under the turn's policy: before planning, the conflict risk of every candidate
 * pair is assessed and the riskier agent of a pair above the threshold is quarantined, so it sits out;
 * after resolution each completed interaction adjusts its participants' scores (a fall below the
 * threshold quarantines). The changes land in the world this phase returns and, itemized, in
 * `trustChanges`, which the orchestrator records as history in the phase's transaction.
 */

import { DEFAULT_TRUST_POLICY_RULES } from '../../../../src-shared/domain/trust-vocabulary';
import type { Interaction } from '../../../../src-shared/domain/turn';
import type { Agent } from '../../../../src-shared/domain/world';
import { interveneOnConflictRisk } from '../../trust/conflict-risk';
import { adjustmentsForInteractions, applyAdjustments } from '../../trust/trust-adjustments';
import {
  COMPLETION_THRESHOLD,
  completionRatio,
  countedOpportunities,
  type Opportunity,
  orchestrationSucceeded,
  pairKey,
  planInteractions,
} from '../rules/interaction-planning';
import { resolveInteraction } from '../rules/interaction-resolution';
import { seededRandom } from '../rules/seeded-random';
import { throwIfCancelled } from './cancellation';
import { type Phase, type PhaseContext, PhaseFailure } from './phase';

function runSession(session: Opportunity, agents: ReadonlyMap<string, Agent>, context: PhaseContext): Interaction {
  const [firstId, secondId] = session.participants;
  const first = agents.get(firstId);
  const second = agents.get(secondId);
  const resolution =
    first && second
      ? resolveInteraction(
          session,
          first,
          second,
          seededRandom(context.seed, context.turnNumber, pairKey(firstId, secondId), 'interaction_orchestration'),
        )
      : { completed: false, outcome: null, winner: null, loser: null, benefit: null };
  return {
    id: context.newId('interaction'),
    type: session.type,
    participants: [firstId, secondId],
    proximity: session.proximity,
    priority: session.priority,
    subject: session.subject,
    ...resolution,
  };
}

export const interactionOrchestration: Phase = async (state, context) => {
  throwIfCancelled(context.signal, 'interaction_orchestration');
  const rules = context.trustPolicy?.rules ?? DEFAULT_TRUST_POLICY_RULES;
  const participants = new Set(context.participants);
  const intervention = interveneOnConflictRisk(state.world, context.participants, rules);
  const agents = intervention.world.agents.filter((agent) => participants.has(agent.id) && !agent.quarantined);
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  const plan = planInteractions(agents, context.config.maxConcurrentOperations);

  const interactions: Interaction[] = [];
  for (const session of plan.sessions) {
    throwIfCancelled(context.signal, 'interaction_orchestration');
    interactions.push(runSession(session, byId, context));
  }

  const completed = interactions.filter((interaction) => interaction.completed).length;
  const counted = countedOpportunities(plan);
  if (!orchestrationSucceeded(completed, counted)) {
    const percent = Math.round(completionRatio(completed, counted) * 100);
    throw new PhaseFailure(
      'validation',
      `interaction_orchestration completed ${completed} of ${counted} interaction opportunities (${percent}%, more than ${COMPLETION_THRESHOLD * 100}% needed); raise maxConcurrentOperations or check the participants' state`,
    );
  }

  // Interactions are this phase's output; their events are generated in event_integration.
  const trust = applyAdjustments(intervention.world, adjustmentsForInteractions(interactions, rules), rules);
  return {
    state: { ...state, world: trust.world, interactions: [...state.interactions, ...interactions] },
    eventsProcessed: plan.opportunities.length,
    eventsGenerated: interactions.length,
    trustChanges: [...intervention.changes, ...trust.changes],
  };
};
