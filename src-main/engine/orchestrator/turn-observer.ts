/**
 * What the runner tells the rest of the engine while a turn runs: telemetry (metrics now, spans later)
 * listens here, so the orchestrator never imports a telemetry library.
 */
import type { CompensationType, OverallStatus, PhaseResult, TurnEvent } from '../../../src-shared/domain/turn';
import type { PhaseName } from '../../../src-shared/domain/turn-configuration';

export interface ObservedTurn {
  id: string;
  campaignId: string;
  participants: number;
  aiEnabled: boolean;
  origin: string;
  /** The turn's trace id once the tracing observer has started its root span (exemplars use it). */
  traceId?: string;
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

export interface TurnObserver {
  turnStarted(turn: ObservedTurn): void;
  /** A phase ended (succeeded or failed); `events` are the events it produced. */
  phaseEnded(turn: ObservedTurn, result: PhaseResult, events: readonly TurnEvent[]): void;
  aiCall(turn: ObservedTurn, call: ObservedAiCall): void;
  compensation(turn: ObservedTurn, type: CompensationType, success: boolean): void;
  turnEnded(turn: ObservedTurn, outcome: { status: OverallStatus; durationMs: number; totalAiCost: number }): void;
}

export const NO_OBSERVER: TurnObserver = {
  turnStarted() {},
  phaseEnded() {},
  aiCall() {},
  compensation() {},
  turnEnded() {},
};
