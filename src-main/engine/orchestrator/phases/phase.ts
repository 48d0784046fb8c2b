/**
 * The shape every phase has: a function from the turn's state so far and a context to the next state.
 * Phases are pure apart from the provider calls they make through the context; the orchestrator
 * persists each phase's output in one transaction and undoes it by saga compensation.
 */

import type { TrustPolicyRules } from '../../../../src-shared/domain/trust-vocabulary';
import type { Brief, FailureReason, Interaction, TurnEvent } from '../../../../src-shared/domain/turn';
import type { NarrativeDepth, PhaseName, TurnConfiguration } from '../../../../src-shared/domain/turn-configuration';
import type { WorldState } from '../../../../src-shared/domain/world';
import type { TrustChange } from '../../trust/trust-adjustments';
import type { AiProvider, AiRequest, AiResponse } from '../providers/provider';

export interface Narrative {
  text: string;
  valid: boolean;
  /** Story arcs of SPEC: conflict_resolution -> character_conflict, cooperation_success -> alliance_building, agent_agreement -> relationship_development. */
  storyArcs: string[];
  /** Ids of the events the narrative mentions. */
  mentionedEventIds: string[];
  /** rule-based when AI is disabled, else the provider's name (as Brief.source). */
  source?: string;
}

/** Everything a turn has produced so far; each phase returns a new one and never mutates its input. */
export interface TurnState {
  world: WorldState;
  briefs: Brief[];
  interactions: Interaction[];
  events: TurnEvent[];
  narrative: Narrative | null;
}

export interface PhaseOutput {
  state: TurnState;
  eventsProcessed: number;
  eventsGenerated: number;
  /** Trust changes the phase made to the world, itemized with their reasons, for the trust store's history. */
  trustChanges?: TrustChange[];
}

/** A phase that did not succeed; `critical` makes compensation trigger a manual review. */
export class PhaseFailure extends Error {
  readonly reason: FailureReason;
  readonly critical: boolean;

  constructor(reason: FailureReason, message: string, options?: { critical?: boolean; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PhaseFailure';
    this.reason = reason;
    this.critical = options?.critical ?? false;
  }
}

export interface PhaseContext {
  turnId: string;
  /** 1-based number of the turn within its campaign. */
  turnNumber: number;
  config: TurnConfiguration;
  /** Ids of the agents taking part (already filtered for quarantine and limits). */
  participants: readonly string[];
  seed: number;
  /** Model names by narrative depth, from settings. */
  models: Record<NarrativeDepth, string>;
  signal: AbortSignal;
  /**
   * Calls the provider for this phase: checks the cost cap first (throws PhaseFailure 'cost_cap'),
   * records tokens, cost and the transcript, and maps provider errors to PhaseFailure 'provider_error'.
   */
  callAi(request: Omit<AiRequest, 'seed'> & { seedKey: string }): Promise<AiResponse>;
  /** Deterministic ids: the same turn replayed produces the same ids. */
  newId(prefix: string): string;
  provider: AiProvider;
  /** The trust policy the turn runs under (SPEC section 5); absent = version 1, SPEC's defaults. */
  trustPolicy?: { version: number; rules: TrustPolicyRules };
}

export type Phase = (state: TurnState, context: PhaseContext) => Promise<PhaseOutput>;

export type PhaseTable = Record<PhaseName, Phase>;
