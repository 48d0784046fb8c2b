/**
 * What the runner tells the rest of the engine while a turn runs: telemetry (metrics, spans) listens
 * here, so the orchestrator never imports a telemetry library. The runner calls each hook at the moment
 * it happens, so an observer can take real start and end times. Hooks marked optional are for observers
 * that need timings (tracing); the others get the outcome only.
 */
import type { CompensationType, OverallStatus, PhaseResult, TurnEvent } from '../../../src-shared/domain/turn';
import type { NarrativeDepth, PhaseName } from '../../../src-shared/domain/turn-configuration';

export interface ObservedTurn {
  id: string;
  campaignId: string;
  participants: number;
  aiEnabled: boolean;
  origin: string;
  narrativeDepth: NarrativeDepth;
  /** The turn's trace id (32 hex digits) once a tracing observer has seen turnStarted; observers after it can use it (exemplars). */
  traceId?: string;
  /** The id of the turn's root span, set with traceId. */
  spanId?: string;
}

export interface ObservedAiCall {
  provider: string;
  model: string;
  phase: PhaseName;
  success: boolean;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

/** An AI call about to be made. */
export interface AiCallStart {
  provider: string;
  model: string;
  phase: PhaseName;
  operation: string;
  agentId: string | null;
  /** The call's seed: with the turn id it names the call's stored transcript. */
  seed: string;
  /** The prompt as sent: promptText of the request's messages. */
  prompt: () => string;
}

/** A request's messages as one text, each with its role (how spans show a prompt; transcripts rebuild it the same way). */
export function promptText(messages: readonly { role: string; content: string }[]): string {
  return messages.map((message) => `${message.role}: ${message.content}`).join('\n\n');
}

/** How an AI call ended, for the observer that started it. */
export interface AiCallEnd extends ObservedAiCall {
  completion: string | null;
  error: unknown;
}

/** What an observer returns for an AI call it follows: the W3C traceparent to send, and its end. */
export interface AiCallScope {
  traceparent?: string | undefined;
  ended(call: AiCallEnd): void;
}

export interface TurnOutcome {
  status: OverallStatus;
  durationMs: number;
  totalAiCost: number;
  /** Successful phases / 5. */
  completion: number;
}

export interface TurnObserver {
  /**
   * Runs the turn's work (everything after turnStarted) inside the observer's context for that turn — the
   * tracing observer's trace scope, so log lines written meanwhile carry the turn's trace_id.
   */
  inScope?<T>(turn: ObservedTurn, work: () => T): T;
  turnStarted(turn: ObservedTurn): void;
  phaseStarted?(turn: ObservedTurn, phase: PhaseName, order: number): void;
  /** A phase ended (succeeded or failed); `events` are the events it produced; `failure` why it failed. */
  phaseEnded(turn: ObservedTurn, result: PhaseResult, events: readonly TurnEvent[], failure?: Error): void;
  aiCallStarted?(turn: ObservedTurn, call: AiCallStart): AiCallScope | undefined;
  aiCall(turn: ObservedTurn, call: ObservedAiCall): void;
  compensationStarted?(turn: ObservedTurn, type: CompensationType, phase: PhaseName | null): void;
  compensation(turn: ObservedTurn, type: CompensationType, success: boolean, detail?: string): void;
  turnEnded(turn: ObservedTurn, outcome: TurnOutcome): void;
}

export const NO_OBSERVER: TurnObserver = {
  turnStarted() {},
  phaseEnded() {},
  aiCall() {},
  compensation() {},
  turnEnded() {},
};

/** One observer that calls each of `observers` in order (tracing first, so later ones see turn.traceId). */
export function combineObservers(...observers: TurnObserver[]): TurnObserver {
  if (observers.length === 0) return NO_OBSERVER;
  if (observers.length === 1) return observers[0] as TurnObserver;
  const phaseStartedBy = observers.filter((observer) => observer.phaseStarted);
  const aiCallStartedBy = observers.filter((observer) => observer.aiCallStarted);
  const compensationStartedBy = observers.filter((observer) => observer.compensationStarted);
  const scopedBy = observers.filter((observer) => observer.inScope);
  return {
    inScope<T>(turn: ObservedTurn, work: () => T): T {
      return scopedBy.reduceRight<() => T>((inner, observer) => () => observer.inScope?.(turn, inner) ?? inner(), work)();
    },
    turnStarted(turn) {
      for (const observer of observers) observer.turnStarted(turn);
    },
    phaseStarted(turn, phase, order) {
      for (const observer of phaseStartedBy) observer.phaseStarted?.(turn, phase, order);
    },
    phaseEnded(turn, result, events, failure) {
      for (const observer of observers) observer.phaseEnded(turn, result, events, failure);
    },
    aiCallStarted(turn, call) {
      const scopes: AiCallScope[] = [];
      for (const observer of aiCallStartedBy) {
        const scope = observer.aiCallStarted?.(turn, call);
        if (scope) scopes.push(scope);
      }
      if (scopes.length <= 1) return scopes[0];
      return {
        traceparent: scopes.find((scope) => scope.traceparent)?.traceparent,
        ended(end) {
          for (const scope of scopes) scope.ended(end);
        },
      };
    },
    aiCall(turn, call) {
      for (const observer of observers) observer.aiCall(turn, call);
    },
    compensationStarted(turn, type, phase) {
      for (const observer of compensationStartedBy) observer.compensationStarted?.(turn, type, phase);
    },
    compensation(turn, type, success, detail) {
      for (const observer of observers) observer.compensation(turn, type, success, detail);
    },
    turnEnded(turn, outcome) {
      for (const observer of observers) observer.turnEnded(turn, outcome);
    },
  };
}
