/**
 * The default, offline provider (SPEC section 1, Providers): text composed from the world state, token
 * counts estimated from lengths, latency and faults drawn from distributions. Everything is drawn from
 * the request's seed (with its operation, phase and agent), so the same request with the same seed gives
 * the same response, the same latency and the same fault, always: that is what makes replay exact.
 *
 * The seed feeds three independent streams (text, latency, fault), so enabling a fault drill or changing
 * the latency distribution never changes the words a seed writes. A story directive adds one sentence
 * acknowledging it, drawn from its own stream, and changes nothing else.
 */
import { z } from 'zod';
import type { NarrativeDepth } from '../../../../src-shared/domain/turn-configuration';
import { createSeededRandom, type SeededRandom } from '../seeded-random';
import { delay, waitForAbort } from './abortable-delay';
import { withOutputGuardNote } from './output-guard-note';
import { type AiProvider, type AiRequest, type AiResponse, ProviderError } from './provider';
import { decideFault, SimulatedFaults } from './simulated-faults';
import { latencyFor, SimulatedLatency, sampleLatencyMs } from './simulated-latency';
import { composeBrief, composeNarrative } from './simulated-text';
import { CHARS_PER_TOKEN, estimatePromptTokens, estimateTokens, truncateToTokens } from './token-estimate';

export const SimulatedProviderOptions = z.strictObject({
  /** Latency distribution, for every operation or per operation; default realistic (see simulated-latency.ts). */
  latency: SimulatedLatency.optional(),
  /** Fault injection per phase, for drills; default none. */
  faults: SimulatedFaults.optional(),
});
export type SimulatedProviderOptions = z.output<typeof SimulatedProviderOptions>;
export type SimulatedProviderOptionsInput = z.input<typeof SimulatedProviderOptions>;

/** Model names of the simulated provider by narrative depth (priced in the default price table). */
export const SIMULATED_MODELS: Record<NarrativeDepth, string> = {
  basic: 'sim-basic',
  standard: 'sim-standard',
  detailed: 'sim-detailed',
  comprehensive: 'sim-comprehensive',
};

/** The seed key of one call: the phases' seed plus what distinguishes calls that might share it. */
function callKey(request: AiRequest): string {
  return [request.seed, request.operation, request.phase, request.agent?.id ?? ''].join('|');
}

export class SimulatedProvider implements AiProvider {
  readonly name = 'simulated';
  readonly options: SimulatedProviderOptions;

  constructor(options: SimulatedProviderOptionsInput = {}) {
    this.options = SimulatedProviderOptions.parse(options);
  }

  async complete(request: AiRequest, signal: AbortSignal): Promise<AiResponse> {
    const what = `simulated ${request.operation}${request.agent ? ` for ${request.agent.id}` : ''}`;
    const root = createSeededRandom(callKey(request));
    const fault = decideFault(this.options.faults, request.phase, root.fork('fault'));
    const drawnMs = sampleLatencyMs(latencyFor(this.options.latency, request.operation), root.fork('latency'));
    const latencyMs = drawnMs + (fault.kind === 'slow' ? fault.extraMs : 0);
    // Written before waiting: composing is pure and fast, and a bad request should fail without delay.
    const text = this.write(request, root.fork('text'));

    if (fault.kind === 'timeout') await waitForAbort(signal, what);
    await delay(latencyMs, signal, what);
    if (fault.kind === 'error') {
      throw new ProviderError(
        'error',
        `${what} failed: injected fault (errorRate of phase ${request.phase}); turn fault injection off to stop it`,
        {
          retryable: true,
        },
      );
    }
    // World state can hold anything a campaign editor typed, so simulated text is checked like a model's.
    return withOutputGuardNote({
      text,
      model: request.model,
      inputTokens: estimatePromptTokens(request.messages),
      outputTokens: estimateTokens(text),
      latencyMs,
    });
  }

  private write(request: AiRequest, random: SeededRandom): string {
    // Aim for 50-80% of the token budget, like a model that rarely runs into max_tokens; truncation below
    // is only the hard guarantee.
    const budgetChars = Math.floor(request.maxTokens * CHARS_PER_TOKEN * (0.5 + 0.3 * random.next()));
    let text: string;
    if (request.operation === 'subjective_brief') {
      if (!request.agent) {
        throw new ProviderError(
          'error',
          `subjective_brief request for phase ${request.phase} names no agent; the phase must pass request.agent`,
        );
      }
      text = composeBrief(request.agent, request.world, random, budgetChars, request.directive);
    } else {
      text = composeNarrative(request.world, request.events ?? [], random, budgetChars, request.directive);
    }
    return truncateToTokens(text, request.maxTokens);
  }
}
