/**
 * Phase 5, narrative_integration (SPEC section 1): one narrative for the turn, from the model chosen by
 * depth, with max_tokens 300/800/1500/3000 by depth plus min(50 x events, 500). It must have >= 50
 * characters, >= 20 words and mention at least one event of the turn (rules/text-validation.ts), else the
 * phase fails. Story arcs come from the turn's events (rules/story-arcs.ts). With AI integration disabled
 * the narrative is rule-based, deterministic and valid, and the provider is never called. The turn's
 * story directive goes into the prompt; a provider answer with script content is replaced by the
 * rule-based narrative (phases/model-output.ts).
 */
import { narrativeMaxTokens } from '../rules/max-tokens';
import { narrativeMessages } from '../rules/prompt-templates';
import { RULE_BASED_SOURCE, ruleBasedNarrative } from '../rules/rule-based-text';
import { storyArcsOf } from '../rules/story-arcs';
import { validateNarrative } from '../rules/text-validation';
import { throwIfCancelled } from './cancellation';
import { GUARDED_SOURCE, guardedText } from './model-output';
import { type Narrative, type Phase, PhaseFailure } from './phase';

export const narrativeIntegration: Phase = async (state, context) => {
  throwIfCancelled(context.signal, 'narrative_integration');
  const { world, events } = state;
  const depth = context.config.narrativeAnalysisDepth;

  let text: string;
  let source: string;
  if (!context.config.aiIntegrationEnabled) {
    text = ruleBasedNarrative(world, events, context.turnNumber);
    source = RULE_BASED_SOURCE;
  } else {
    const directive = context.config.storyDirective;
    const maxTokens = narrativeMaxTokens(depth, events.length);
    const response = await context.callAi({
      phase: 'narrative_integration',
      operation: 'narrative',
      model: context.models[depth],
      messages: narrativeMessages(world, events, depth, context.turnNumber, directive),
      maxTokens,
      temperature: context.config.aiTemperature,
      seedKey: 'narrative',
      world,
      events: [...events],
      ...(directive ? { directive } : {}),
    });
    throwIfCancelled(context.signal, 'narrative_integration');
    const guarded = guardedText(response, maxTokens, () => ruleBasedNarrative(world, events, context.turnNumber));
    text = guarded.text.trim();
    source = guarded.flagged === null ? context.provider.name : GUARDED_SOURCE;
  }

  const names = new Map(world.agents.map((agent) => [agent.id, agent.name]));
  const validation = validateNarrative(text, events, names);
  if (!validation.valid) {
    throw new PhaseFailure(
      'validation',
      `narrative_integration produced an invalid narrative (${validation.problems.join('; ')}); check the provider and model settings, or run with AI integration disabled`,
    );
  }

  const narrative: Narrative = {
    text,
    valid: true,
    storyArcs: storyArcsOf(events),
    mentionedEventIds: validation.mentionedEventIds,
    source,
  };
  return { state: { ...state, narrative }, eventsProcessed: events.length, eventsGenerated: 0 };
};
