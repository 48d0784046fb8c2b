/**
 * Phase 2, subjective_brief (SPEC section 1): one brief per non-quarantined participant, written by the
 * provider from a prompt template chosen by depth, with max_tokens by depth. A brief is valid with >= 10
 * characters and >= 5 words; the phase succeeds when more than half are valid (a turn with no one to brief
 * succeeds with none). A provider error on one agent's call makes that brief invalid rather than failing the
 * phase outright; a cost-cap failure or cancellation stops the phase. With AI integration disabled every
 * brief is rule-based, deterministic and valid, and the provider is never called. The turn's story
 * directive goes into every brief's prompt; a provider answer with script content is replaced by the
 * rule-based brief (phases/model-output.ts).
 */
import type { Brief } from '../../../../src-shared/domain/turn';
import type { Agent } from '../../../../src-shared/domain/world';
import { briefMaxTokens } from '../rules/max-tokens';
import { briefMessages } from '../rules/prompt-templates';
import { RULE_BASED_SOURCE, ruleBasedBrief } from '../rules/rule-based-text';
import { isValidBrief } from '../rules/text-validation';
import { cancellationOf, throwIfCancelled } from './cancellation';
import { GUARDED_SOURCE, guardedText } from './model-output';
import { type Phase, type PhaseContext, PhaseFailure, type TurnState } from './phase';

/** The agents that get a brief: participants of the world that are not quarantined, in participant order. */
export function briefedAgents(state: TurnState, context: PhaseContext): Agent[] {
  const byId = new Map(state.world.agents.map((agent) => [agent.id, agent]));
  return context.participants.map((id) => byId.get(id)).filter((agent): agent is Agent => agent !== undefined && !agent.quarantined);
}

/**
 * Runs `work` over the items with at most `limit` in flight; results keep the items' order. After the
 * first failure no new item starts, and a failure is thrown once the calls in flight have settled, so
 * the phase never ends with a provider call still running.
 */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  const rejection = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (rejection) throw rejection.reason;
  return results;
}

interface BriefAttempt {
  brief: Brief;
  providerError: string | null;
}

async function aiBrief(agent: Agent, state: TurnState, context: PhaseContext): Promise<BriefAttempt> {
  const depth = context.config.narrativeAnalysisDepth;
  try {
    throwIfCancelled(context.signal, 'subjective_brief');
    const directive = context.config.storyDirective;
    const maxTokens = briefMaxTokens(depth);
    const response = await context.callAi({
      phase: 'subjective_brief',
      operation: 'subjective_brief',
      model: context.models[depth],
      messages: briefMessages(agent, state.world, depth, directive),
      maxTokens,
      temperature: context.config.aiTemperature,
      seedKey: agent.id,
      agent,
      world: state.world,
      ...(directive ? { directive } : {}),
    });
    const guarded = guardedText(response, maxTokens, () => ruleBasedBrief(agent, state.world));
    const text = guarded.text.trim();
    const source = guarded.flagged === null ? context.provider.name : GUARDED_SOURCE;
    return { brief: { agentId: agent.id, text, valid: isValidBrief(text), source }, providerError: null };
  } catch (error) {
    if (context.signal.aborted) throw cancellationOf(context.signal, 'subjective_brief');
    if (error instanceof PhaseFailure && error.reason === 'provider_error') {
      return { brief: { agentId: agent.id, text: '', valid: false, source: context.provider.name }, providerError: error.message };
    }
    throw error;
  }
}

export const subjectiveBrief: Phase = async (state, context) => {
  throwIfCancelled(context.signal, 'subjective_brief');
  const agents = briefedAgents(state, context);

  let attempts: BriefAttempt[];
  if (!context.config.aiIntegrationEnabled) {
    attempts = agents.map((agent) => {
      const text = ruleBasedBrief(agent, state.world);
      return { brief: { agentId: agent.id, text, valid: isValidBrief(text), source: RULE_BASED_SOURCE }, providerError: null };
    });
  } else {
    attempts = await mapWithConcurrency(agents, context.config.maxConcurrentOperations, (agent) => aiBrief(agent, state, context));
  }
  throwIfCancelled(context.signal, 'subjective_brief');

  const briefs = attempts.map((attempt) => attempt.brief);
  const valid = briefs.filter((brief) => brief.valid).length;
  if (briefs.length > 0 && valid <= briefs.length / 2) {
    const providerErrors = attempts.filter((attempt) => attempt.providerError !== null).length;
    throw new PhaseFailure(
      'validation',
      `subjective_brief produced ${valid} valid brief${valid === 1 ? '' : 's'} of ${briefs.length} (more than half must have >= 10 characters and >= 5 words${
        providerErrors > 0 ? `; ${providerErrors} provider call${providerErrors === 1 ? '' : 's'} failed` : ''
      }); check the provider and model settings, or run with AI integration disabled`,
    );
  }

  return {
    state: { ...state, briefs: [...state.briefs, ...briefs] },
    eventsProcessed: agents.length,
    eventsGenerated: briefs.length,
  };
};
