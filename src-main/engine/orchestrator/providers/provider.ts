/**
 * The AI provider seam of the orchestrator. Phases ask for a completion with the structured context the
 * prompt was built from (so the simulated provider can write plausible text offline); providers return
 * text and token usage, and cost is computed from the price table, never by the provider. Every
 * provider's answer is checked by the output guard (security/prompt-guard.ts) before a phase uses it.
 */

import type { TurnEvent } from '../../../../src-shared/domain/turn';
import type { PhaseName } from '../../../../src-shared/domain/turn-configuration';
import type { Agent, WorldState } from '../../../../src-shared/domain/world';

export type AiOperation = 'subjective_brief' | 'narrative';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface AiRequest {
  phase: PhaseName;
  operation: AiOperation;
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  /** Deterministic seed of this call: the simulated provider draws everything from it. */
  seed: string;
  /** The agent a brief is for (attributed AI failures cost it trust). */
  agent?: Agent;
  world: WorldState;
  /** Events of this turn so far (the narrative must mention one). */
  events?: TurnEvent[];
  /** The turn's story directive (already guarded and in `messages`), for providers that write from structure. */
  directive?: string;
  /** W3C traceparent of the calling span, forwarded by network providers. */
  traceparent?: string;
}

export interface AiResponse {
  text: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Time spent in the provider (network or simulated latency), for "orchestration overhead" figures. */
  latencyMs: number;
  /**
   * Set when the output guard found script content in `text` (the reason): the text stays as the model
   * wrote it, so the stored transcript shows what was flagged, and the phase uses a safe fallback instead.
   */
  outputGuard?: string;
}

export class ProviderError extends Error {
  readonly kind: 'error' | 'timeout' | 'rate_limited' | 'circuit_open' | 'malformed' | 'cancelled';
  readonly retryable: boolean;

  constructor(kind: ProviderError['kind'], message: string, options?: { retryable?: boolean; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.kind = kind;
    this.retryable = options?.retryable ?? false;
  }
}

export interface AiProvider {
  readonly name: string;
  complete(request: AiRequest, signal: AbortSignal): Promise<AiResponse>;
}
