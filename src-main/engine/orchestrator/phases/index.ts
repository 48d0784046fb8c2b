/**
 * The five phases of SPEC section 1, by name, in the order the orchestrator runs them (PHASES).
 */
import { eventIntegration } from './event-integration';
import { interactionOrchestration } from './interaction-orchestration';
import { narrativeIntegration } from './narrative-integration';
import type { PhaseTable } from './phase';
import { subjectiveBrief } from './subjective-brief';
import { worldUpdate } from './world-update';

export const PHASE_TABLE: PhaseTable = {
  world_update: worldUpdate,
  subjective_brief: subjectiveBrief,
  interaction_orchestration: interactionOrchestration,
  event_integration: eventIntegration,
  narrative_integration: narrativeIntegration,
};

export { eventIntegration, interactionOrchestration, narrativeIntegration, subjectiveBrief, worldUpdate };
