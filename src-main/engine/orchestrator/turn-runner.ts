/**
 * Runs turns: the five phases in order, each under its timeout and the turn's deadline, each phase's
 * output committed in one SQLite transaction; on a failure that ends the turn, the saga plan executed
 * step by step (each step its own transaction, each recorded). One running turn per campaign.
 * Cancellation aborts the running phase at once. Turns left `running` by a crash become `interrupted`
 * and are compensated at the next start.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { issuesOf } from '../../../src-shared/contract';
import type { CompensationType, FailureReason, OverallStatus, PhaseResult, TurnProgress } from '../../../src-shared/domain/turn';

export type { TurnProgress };

import { DEFAULT_TRUST_POLICY_RULES } from '../../../src-shared/domain/trust-vocabulary';
import {
  type NarrativeDepth,
  PHASES,
  type PhaseName,
  TurnConfiguration,
  type TurnConfigurationInput,
} from '../../../src-shared/domain/turn-configuration';
import type { WorldState } from '../../../src-shared/domain/world';
import { ContractError } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { GroupCommit } from '../db/group-commit';
import type { Logger } from '../logger';
import { adjustmentsForAiFailures, applyAdjustments } from '../trust/trust-adjustments';
import type { TurnTrust, TurnTrustPolicy } from '../trust/trust-service';
import type { CampaignRepository } from './campaign-repository';
import { type PhaseContext, PhaseFailure, type PhaseTable, type TurnState } from './phases/phase';
import { type AiProvider, ProviderError } from './providers/provider';
import { type CompensationStep, failureEndsTurn, planCompensation } from './saga-planner';
import { NO_OBSERVER, type ObservedTurn, promptText, type TurnObserver } from './turn-observer';
import type { TurnRepository, TurnRow } from './turn-repository';

export interface StartTurnRequest {
  campaignId: string;
  configuration?: TurnConfigurationInput | undefined;
  participants?: string[] | undefined;
  origin: string;
  startedBy: string;
  replayOf?: string | null;
  /** Defaults to the runner's default provider. */
  provider?: AiProvider;
  /** Settings of `provider` stored with the turn (never secrets); defaults to the runner's. */
  providerConfig?: unknown;
  /**
   * A replay: runs on this input world instead of the campaign's and never changes the campaign; it
   * takes the original's number `turnNumber`, from which its randomness derives, so the same seed
   * reproduces the turn.
   */
  detached?: { world: WorldState; turnNumber: number };
}

export interface TurnRunnerDeps {
  db: Db;
  /**
   * Group commit (db/group-commit.ts): the turn's row and each phase commit are atomic units in it, and
   * a turn flushes before it reports its end; whoever hands a turn id out flushes first (rpc does before
   * every answer). A turn whose group fails to commit ends failed (settleBroken). Without group commit,
   * every unit is its own transaction.
   */
  commits?: GroupCommit;
  campaigns: CampaignRepository;
  turns: TurnRepository;
  phases: PhaseTable;
  defaultProvider: () => AiProvider;
  /** Settings of the default provider, stored with each turn for replays. */
  defaultProviderConfig?: unknown;
  /** Dollars for a call of `model` with these token counts (the price table). */
  cost(model: string, inputTokens: number, outputTokens: number): number;
  models: Record<NarrativeDepth, string>;
  onProgress(progress: TurnProgress): void;
  /** Telemetry's view of every turn; default none. */
  observer?: TurnObserver;
  /** The trust store (SPEC section 5): the policy a turn runs under, its changes as history, their undoing. */
  trust?: TurnTrust;
  logger: Logger;
  now?: () => number;
}

interface ActiveTurn {
  id: string;
  campaignId: string;
  /** The turn's number in its campaign (a replay has its original's): randomness and ids derive from it. */
  number: number;
  /** A replay, which never writes the campaign's world. */
  detached: boolean;
  observed: ObservedTurn;
  /** Taken when the turn starts; absent without a trust store (the phases then use SPEC's defaults). */
  trustPolicy: TurnTrustPolicy | undefined;
  controller: AbortController;
  done: Promise<OverallStatus>;
}

/** Compensation steps that also undo the turn's trust changes (the first one that runs does it). */
const REVERTS_TRUST: ReadonlySet<CompensationType> = new Set(['rollback_world_state', 'cancel_interactions']);

const TERMINAL_STATUS: Partial<Record<FailureReason, OverallStatus>> = { cancelled: 'cancelled', interrupted: 'interrupted' };

export function createTurnRunner(deps: TurnRunnerDeps) {
  const { db, campaigns, turns, logger } = deps;
  const observer = deps.observer ?? NO_OBSERVER;
  const now = deps.now ?? (() => performance.now());
  const active = new Map<string, ActiveTurn>();
  const byCampaign = new Map<string, string>();
  const commits = deps.commits;
  /** One atomic unit of a turn's writes: a savepoint in the open commit group, or its own transaction. */
  const commitUnit = <T>(turnId: string, fn: () => T): T => (commits ? commits.unit(turnId, fn) : db.transaction(fn)());
  // A group that could not commit took these turns' committed phases with it: they fail, and compensate
  // what the database still holds.
  commits?.onLost((owners, error) => {
    for (const owner of owners) {
      active
        .get(owner)
        ?.controller.abort(new PhaseFailure('internal', `the database could not commit this turn's writes: ${error.message}`));
    }
  });

  function parseConfiguration(input: TurnConfigurationInput | undefined): TurnConfiguration {
    const parsed = TurnConfiguration.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error).map((issue) => ({
        ...issue,
        field: issue.field ? `configuration.${issue.field}` : 'configuration',
      }));
      throw new ContractError('invalid_request', `invalid turn configuration at ${issues[0]?.field}: ${issues[0]?.message}`, issues);
    }
    return parsed.data;
  }

  function chooseParticipants(world: WorldState, config: TurnConfiguration, requested: string[] | undefined): string[] {
    const known = new Map(world.agents.map((agent) => [agent.id, agent]));
    const wanted = requested && requested.length > 0 ? requested : config.participants;
    const unknown = [...wanted, ...config.requiredParticipants].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new ContractError('invalid_request', `unknown participant ${unknown.map((id) => `"${id}"`).join(', ')} in this campaign`, [
        { field: 'participants', message: `not an agent of the campaign: ${unknown.join(', ')}` },
      ]);
    }
    const excluded = new Set(config.excludedParticipants);
    let chosen = wanted.length > 0 ? [...wanted] : world.agents.filter((agent) => !agent.quarantined).map((agent) => agent.id);
    for (const id of config.requiredParticipants) if (!chosen.includes(id)) chosen.unshift(id);
    chosen = chosen.filter((id) => !excluded.has(id));
    if (chosen.length > config.maxParticipants) {
      if (wanted.length > 0) {
        throw new ContractError('invalid_request', `${chosen.length} participants exceed maxParticipants ${config.maxParticipants}`, [
          { field: 'participants', message: `at most ${config.maxParticipants}` },
        ]);
      }
      chosen = chosen.slice(0, config.maxParticipants);
    }
    if (chosen.length === 0)
      throw new ContractError('invalid_request', 'no participant can take part in this turn', [
        { field: 'participants', message: 'empty' },
      ]);
    return chosen;
  }

  function start(request: StartTurnRequest): { turnId: string; number: number; done: Promise<OverallStatus> } {
    const config = parseConfiguration(request.configuration);
    const campaign = campaigns.get(request.campaignId);
    if (!campaign) throw new ContractError('not_found', `campaign "${request.campaignId}" does not exist`);
    const detached = request.detached;
    // One running turn per campaign, also across processes sharing the data dir (replays excepted:
    // they never write the campaign's world).
    const runningId = detached
      ? undefined
      : (byCampaign.get(campaign.id) ?? turns.runningOn(campaign.id).find((row) => processAlive(row.ownerPid))?.id);
    if (runningId)
      throw new ContractError('conflict', `campaign ${campaign.id} already has turn ${runningId} running; wait for it or cancel it`);
    const inputWorld = detached?.world ?? campaign.world;
    const participants = chooseParticipants(inputWorld, config, request.participants);
    const seed = config.seed ?? randomInt(0, 2 ** 32 - 1);
    const provider = request.provider ?? deps.defaultProvider();
    const id = randomUUID();
    const startedAt = new Date().toISOString();
    let trustPolicy: TurnTrustPolicy | undefined;
    // The turn's row joins the open commit group with its phases: a caller that hands the id out
    // (rpc, the CLI through rpc) flushes before it answers, so no one learns of a turn that is not durable.
    const number = commitUnit(id, () => {
      const taken = detached ? detached.turnNumber : campaigns.takeTurnNumber(campaign.id);
      turns.insertTurn({
        id,
        campaignId: campaign.id,
        number: taken,
        origin: request.origin,
        provider: provider.name,
        providerConfig: request.providerConfig ?? (request.provider ? {} : (deps.defaultProviderConfig ?? {})),
        seed,
        configuration: { ...config, seed },
        participants,
        replayOf: request.replayOf ?? null,
        startedAt,
        startedBy: request.startedBy,
        // The campaign's own world is copied from its row (the same document inputWorld was parsed from).
        world: detached ? inputWorld : 'campaign',
        worldVersion: campaign.worldVersion,
      });
      trustPolicy = deps.trust?.policyForTurn(id, request.replayOf ?? null);
      return taken;
    });
    const controller = new AbortController();
    const turn: ActiveTurn = {
      id,
      campaignId: campaign.id,
      number,
      detached: detached !== undefined,
      observed: {
        id,
        campaignId: campaign.id,
        participants: participants.length,
        aiEnabled: config.aiIntegrationEnabled,
        origin: request.origin,
        narrativeDepth: config.narrativeAnalysisDepth,
      },
      trustPolicy,
      controller,
      done: Promise.resolve('running'),
    };
    active.set(id, turn);
    if (!detached) byCampaign.set(campaign.id, id);
    observer.turnStarted(turn.observed);
    const work = async () => {
      const began = now();
      try {
        return await execute(turn, { ...config, seed }, participants, provider, inputWorld, campaign.worldVersion);
      } catch (error) {
        return settleBroken(turn, error, began);
      }
    };
    turn.done = (observer.inScope ? observer.inScope(turn.observed, work) : work()).finally(() => {
      active.delete(id);
      if (!detached) byCampaign.delete(campaign.id);
    });
    return { turnId: id, number, done: turn.done };
  }

  async function execute(
    turn: ActiveTurn,
    config: TurnConfiguration,
    participants: string[],
    provider: AiProvider,
    world: WorldState,
    startVersion: number,
  ): Promise<OverallStatus> {
    const started = now();
    const deadline = setTimeout(
      () => turn.controller.abort(new PhaseFailure('turn_timeout', `turn exceeded maxExecutionTimeMs ${config.maxExecutionTimeMs}`)),
      config.maxExecutionTimeMs,
    );
    let state: TurnState = { world, briefs: [], interactions: [], events: [], narrative: null };
    let worldVersion = startVersion;
    const committed: PhaseName[] = [];
    const totals = { cost: 0, tokensIn: 0, tokensOut: 0, providerMs: 0, transcriptSeq: 0, eventSeq: 0, succeeded: 0 };
    // Agents whose AI call failed, in the order the transcripts store them (SPEC section 5 charges them).
    const failedCallAgents: string[] = [];
    const saveTranscripts = (transcripts: Parameters<TurnRepository['saveTranscript']>[1][]) => {
      for (const transcript of inCallOrder(transcripts)) {
        turns.saveTranscript(turn.id, { ...transcript, seq: totals.transcriptSeq++ });
        if (transcript.error !== null && transcript.agentId !== null) failedCallAgents.push(transcript.agentId);
      }
    };
    let ending: { phase: PhaseName; failure: PhaseFailure } | null = null;
    let anyFailure = false;

    const progress = (
      phase: PhaseName | null,
      phaseStatus: TurnProgress['phaseStatus'],
      overallStatus: OverallStatus,
      message: string,
      compensation: CompensationType | null = null,
    ) =>
      deps.onProgress({
        turnId: turn.id,
        campaignId: turn.campaignId,
        number: turn.number,
        phase,
        phaseStatus,
        overallStatus,
        completion: totals.succeeded / PHASES.length,
        totalAiCost: totals.cost,
        compensation,
        message,
        at: new Date().toISOString(),
      });

    progress(null, null, 'running', `turn ${turn.number} started with ${participants.length} participants`);
    try {
      for (const phase of PHASES) {
        if (!config.phaseEnabled[phase]) {
          commitUnit(turn.id, () => turns.savePhase(turn.id, emptyPhase(phase, 'skipped')));
          continue;
        }
        if (turn.controller.signal.aborted) {
          const failure = reasonOf(turn.controller.signal);
          ending = { phase, failure };
          commitUnit(turn.id, () => turns.savePhase(turn.id, { ...emptyPhase(phase, 'failed'), error: failure.message }));
          break;
        }
        progress(phase, 'running', 'running', `${phase} running`);
        observer.phaseStarted?.(turn.observed, phase, PHASES.indexOf(phase) + 1);
        const phaseStarted = now();
        const usage = {
          cost: 0,
          tokensIn: 0,
          tokensOut: 0,
          providerMs: 0,
          transcripts: [] as Parameters<TurnRepository['saveTranscript']>[1][],
        };
        const phaseController = new AbortController();
        const abortPhase = () => phaseController.abort(turn.controller.signal.reason);
        turn.controller.signal.addEventListener('abort', abortPhase, { once: true });
        const phaseTimer = setTimeout(
          () => phaseController.abort(new PhaseFailure('timeout', `${phase} exceeded its timeout of ${config.phaseTimeoutsMs[phase]} ms`)),
          config.phaseTimeoutsMs[phase],
        );
        const context = phaseContext(
          turn,
          phase,
          config,
          participants,
          provider,
          phaseController.signal,
          usage,
          () => totals.cost + usage.cost,
        );
        try {
          const output = await untilAborted(deps.phases[phase](state, context), phaseController.signal);
          const result: PhaseResult = {
            phase,
            status: 'succeeded',
            durationMs: now() - phaseStarted,
            eventsProcessed: output.eventsProcessed,
            eventsGenerated: output.eventsGenerated,
            aiCost: usage.cost,
            tokensIn: usage.tokensIn,
            tokensOut: usage.tokensOut,
            error: null,
          };
          const newEvents = output.state.events.slice(state.events.length);
          commitUnit(turn.id, () => {
            if (!turn.detached && output.state.world !== state.world && !isDeepStrictEqual(output.state.world, state.world)) {
              worldVersion = campaigns.replaceWorld(turn.campaignId, output.state.world, worldVersion);
            }
            if (!turn.detached && output.trustChanges?.length) deps.trust?.record(turn, output.trustChanges);
            turns.saveBriefs(turn.id, output.state.briefs.slice(state.briefs.length));
            turns.saveInteractions(turn.id, output.state.interactions.slice(state.interactions.length));
            turns.saveEvents(turn.id, newEvents, totals.eventSeq);
            totals.eventSeq += newEvents.length;
            if (output.state.narrative && output.state.narrative !== state.narrative) turns.saveNarrative(turn.id, output.state.narrative);
            saveTranscripts(usage.transcripts);
            turns.savePhase(turn.id, result);
          });
          state = output.state;
          committed.push(phase);
          totals.succeeded += 1;
          observer.phaseEnded(turn.observed, result, newEvents);
          progress(phase, 'succeeded', 'running', `${phase} succeeded`);
        } catch (error) {
          const failure = toPhaseFailure(error, phaseController.signal);
          anyFailure = true;
          const result: PhaseResult = {
            phase,
            status: 'failed',
            durationMs: now() - phaseStarted,
            eventsProcessed: 0,
            eventsGenerated: 0,
            aiCost: usage.cost,
            tokensIn: usage.tokensIn,
            tokensOut: usage.tokensOut,
            error: `${failure.reason}: ${failure.message}`,
          };
          commitUnit(turn.id, () => {
            saveTranscripts(usage.transcripts);
            turns.savePhase(turn.id, result);
          });
          observer.phaseEnded(turn.observed, result, [], failure);
          progress(phase, 'failed', 'running', `${phase} failed (${failure.reason}): ${failure.message}`);
          if (failureEndsTurn({ phase, reason: failure.reason, critical: failure.critical }, config.failFastOnPhaseFailure)) {
            ending = { phase, failure };
            break;
          }
        } finally {
          clearTimeout(phaseTimer);
          turn.controller.signal.removeEventListener('abort', abortPhase);
          totals.cost += usage.cost;
          totals.tokensIn += usage.tokensIn;
          totals.tokensOut += usage.tokensOut;
          totals.providerMs += usage.providerMs;
        }
      }
    } finally {
      clearTimeout(deadline);
    }

    let status: OverallStatus;
    if (ending) {
      const steps = planCompensation({
        committed,
        failure: { phase: ending.phase, reason: ending.failure.reason, critical: ending.failure.critical },
        rollbackEnabled: config.rollbackEnabled,
      });
      compensate(
        turn.id,
        turn.campaignId,
        turn.detached,
        steps,
        ending,
        participants,
        (type, success, message) => {
          observer.compensation(turn.observed, type, success, message);
          progress(null, null, 'running', message, type);
        },
        (step) => observer.compensationStarted?.(turn.observed, step.type, step.phase),
      );
      status = TERMINAL_STATUS[ending.failure.reason] ?? (config.rollbackEnabled ? 'compensated' : 'failed');
    } else {
      status = anyFailure ? 'partially_completed' : 'completed';
      // SPEC section 5: a failed or timed-out AI call made for an agent costs it trust. Charged once the
      // turn has ended without a failure that ends it: a compensated turn changes no score.
      const rules = turn.trustPolicy?.rules ?? DEFAULT_TRUST_POLICY_RULES;
      const charged = applyAdjustments(state.world, adjustmentsForAiFailures(failedCallAgents, rules), rules);
      if (charged.changes.length > 0 && !turn.detached) {
        commitUnit(turn.id, () => {
          worldVersion = campaigns.replaceWorld(turn.campaignId, charged.world, worldVersion);
          deps.trust?.record(turn, charged.changes);
        });
      }
      state = { ...state, world: charged.world };
    }
    // A replay's world after is its own (the campaign's world was never touched); a turn of the campaign
    // left exactly what the campaign now holds, after its phases or its compensation.
    const detachedWorldAfter = ending !== null && config.rollbackEnabled ? world : state.world;
    const durationMs = now() - started;
    commitUnit(turn.id, () => {
      if (turn.detached) turns.setWorldAfter(turn.id, detachedWorldAfter);
      else turns.setWorldAfterFromCampaign(turn.id, turn.campaignId);
      turns.finish(turn.id, {
        status,
        finishedAt: new Date().toISOString(),
        durationMs,
        providerMs: totals.providerMs,
        completion: totals.succeeded / PHASES.length,
        totalAiCost: totals.cost,
        tokensIn: totals.tokensIn,
        tokensOut: totals.tokensOut,
        failedPhase: ending?.phase ?? null,
        failureReason: ending?.failure.reason ?? null,
        failureMessage: ending?.failure.message ?? null,
      });
    });
    // The turn's end is reported only once everything it wrote is durable.
    commits?.flush();
    observer.turnEnded(turn.observed, { status, durationMs, totalAiCost: totals.cost, completion: totals.succeeded / PHASES.length });
    progress(null, null, status, `turn ${turn.number} ${status}`);
    return status;
  }

  function phaseContext(
    turn: ActiveTurn,
    phase: PhaseName,
    config: TurnConfiguration,
    participants: string[],
    provider: AiProvider,
    signal: AbortSignal,
    usage: {
      cost: number;
      tokensIn: number;
      tokensOut: number;
      providerMs: number;
      transcripts: Parameters<TurnRepository['saveTranscript']>[1][];
    },
    spent: () => number,
  ): PhaseContext {
    let idSeq = 0;
    // Provider time is wall time with at least one call outstanding: calls of a phase run in parallel,
    // so "turn time minus provider time" is the orchestration the engine itself added.
    let outstanding = 0;
    let waitingSince = 0;
    return {
      turnId: turn.id,
      turnNumber: turn.number,
      config,
      participants,
      seed: config.seed ?? 0,
      models: deps.models,
      signal,
      provider,
      trustPolicy: turn.trustPolicy,
      newId: (prefix) => `${prefix}-${turn.number}-${PHASES.indexOf(phase) + 1}-${++idSeq}`,
      async callAi(request) {
        if (config.maxAiCost !== null && spent() >= config.maxAiCost) {
          throw new PhaseFailure('cost_cap', `AI cost ${spent().toFixed(4)} reached the cap of ${config.maxAiCost}`);
        }
        const seed = `${config.seed}:${turn.number}:${phase}:${request.seedKey}`;
        const { seedKey: _seedKey, ...rest } = request;
        const scope = observer.aiCallStarted?.(turn.observed, {
          provider: provider.name,
          model: request.model,
          phase,
          operation: request.operation,
          agentId: request.agent?.id ?? null,
          seed,
          prompt: () => promptText(request.messages),
        });
        // The call's span context travels to network providers as a W3C traceparent header.
        const full = scope?.traceparent ? { ...rest, seed, traceparent: scope.traceparent } : { ...rest, seed };
        const recorded = { phase, operation: request.operation, agentId: request.agent?.id ?? null, model: request.model, seed };
        const requestRecord = {
          model: request.model,
          messages: request.messages,
          maxTokens: request.maxTokens,
          temperature: request.temperature,
        };
        if (outstanding++ === 0) waitingSince = now();
        try {
          const response = await provider.complete(full, signal).finally(() => {
            if (--outstanding === 0) usage.providerMs += now() - waitingSince;
          });
          const cost = deps.cost(response.model, response.inputTokens, response.outputTokens);
          usage.cost += cost;
          usage.tokensIn += response.inputTokens;
          usage.tokensOut += response.outputTokens;
          const observed = {
            provider: provider.name,
            model: response.model,
            phase,
            success: true,
            inputTokens: response.inputTokens,
            outputTokens: response.outputTokens,
            cost,
          };
          scope?.ended({ ...observed, completion: response.text, error: null });
          observer.aiCall(turn.observed, observed);
          // seq is assigned at commit, so it stays dense across the phases of the turn.
          usage.transcripts.push({
            seq: 0,
            ...recorded,
            request: requestRecord,
            response,
            error: null,
            inputTokens: response.inputTokens,
            outputTokens: response.outputTokens,
            cost,
            latencyMs: response.latencyMs,
          });
          return response;
        } catch (error) {
          const observed = {
            provider: provider.name,
            model: request.model,
            phase,
            success: false,
            inputTokens: 0,
            outputTokens: 0,
            cost: 0,
          };
          scope?.ended({ ...observed, completion: null, error });
          observer.aiCall(turn.observed, observed);
          usage.transcripts.push({
            seq: 0,
            ...recorded,
            request: requestRecord,
            response: null,
            error: (error as Error).message,
            inputTokens: 0,
            outputTokens: 0,
            cost: 0,
            latencyMs: 0,
          });
          if (signal.aborted) throw reasonOf(signal);
          throw new PhaseFailure('provider_error', `${provider.name}: ${(error as Error).message}`, { cause: error });
        }
      },
    };
  }

  function compensate(
    turnId: string,
    campaignId: string,
    detached: boolean,
    steps: CompensationStep[],
    ending: { phase: PhaseName; failure: PhaseFailure },
    participants: string[],
    report: (type: CompensationType, success: boolean, message: string) => void,
    starting: (step: CompensationStep) => void = () => {},
  ): void {
    let seq = turns.compensations(turnId).length;
    for (const step of steps) {
      starting(step);
      let success = true;
      let detail = '';
      try {
        detail = commitUnit(turnId, () => {
          const done = runStep(turnId, campaignId, detached, step, ending, participants);
          // The turn's trust changes go with its interactions and its world (SPEC section 5).
          const trust = !detached && REVERTS_TRUST.has(step.type) ? deps.trust?.revertTurn(turnId, campaignId) : '';
          return trust ? `${done}; ${trust}` : done;
        });
      } catch (error) {
        success = false;
        detail = `failed: ${(error as Error).message}`;
        logger.error({ err: error, turnId, step }, 'compensation step failed');
      }
      const record = { seq: seq++, type: step.type, phase: step.phase, success, detail, at: new Date().toISOString() };
      commitUnit(turnId, () => turns.saveCompensation(turnId, record));
      report(step.type, success, `${step.type}${step.phase ? ` (${step.phase})` : ''}: ${detail}`);
    }
  }

  /**
   * A turn whose run cannot go on in memory (a crash left it `running`, or its writes could not be
   * committed): compensates what the database holds of it and ends its row with `status`.
   */
  function settleStored(row: TurnRow, failure: PhaseFailure, status: OverallStatus): void {
    const phases = turns.phases(row.id);
    const committed = phases.filter((phase) => phase.status === 'succeeded').map((phase) => phase.phase);
    const lastPhase = phases.at(-1)?.phase ?? 'world_update';
    const steps = planCompensation({
      committed,
      failure: { phase: lastPhase, reason: failure.reason, critical: false },
      rollbackEnabled: true,
    });
    const detached = row.replayOf !== null;
    const observed = {
      id: row.id,
      campaignId: row.campaignId,
      participants: row.participants.length,
      aiEnabled: row.configuration.aiIntegrationEnabled,
      origin: row.origin,
      narrativeDepth: row.configuration.narrativeAnalysisDepth,
    };
    compensate(row.id, row.campaignId, detached, steps, { phase: lastPhase, failure }, row.participants, (type, success) =>
      observer.compensation(observed, type, success),
    );
    commitUnit(row.id, () => {
      const worldAfter = detached ? turns.snapshot(row.id)?.world : campaigns.get(row.campaignId)?.world;
      if (worldAfter) turns.setWorldAfter(row.id, worldAfter);
      turns.finish(row.id, {
        status,
        finishedAt: new Date().toISOString(),
        durationMs: Date.now() - Date.parse(row.startedAt),
        providerMs: 0,
        completion: 0,
        totalAiCost: phases.reduce((sum, phase) => sum + phase.aiCost, 0),
        tokensIn: phases.reduce((sum, phase) => sum + phase.tokensIn, 0),
        tokensOut: phases.reduce((sum, phase) => sum + phase.tokensOut, 0),
        failedPhase: lastPhase,
        failureReason: failure.reason,
        failureMessage: failure.message,
      });
    });
  }

  /**
   * A turn whose run threw past its phases — a commit group that failed, taking the turn's row or its
   * phases with it, or a bug: it ends failed instead of rejecting. What the database
   * still holds of it is compensated; a turn whose own row was lost never became durable, and no one was
   * told its id (rpc commits before it answers).
   */
  function settleBroken(turn: ActiveTurn, error: unknown, started: number): OverallStatus {
    const cause = error instanceof Error ? error.message : String(error);
    const fromDatabase = typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE');
    const message = fromDatabase ? `the database could not commit this turn's writes: ${cause}` : `the turn failed unexpectedly: ${cause}`;
    logger.error({ err: error, turnId: turn.id }, 'turn failed on a database error; settling it from what is stored');
    try {
      commits?.flush();
      const row = turns.get(turn.id);
      if (row?.status === 'running') settleStored(row, new PhaseFailure('internal', message), 'failed');
      commits?.flush();
    } catch (settleError) {
      // Still failing: the row stays `running` and the next start's recovery compensates it.
      logger.error({ err: settleError, turnId: turn.id }, 'turn could not be settled; recovery at the next start will');
    }
    observer.turnEnded(turn.observed, { status: 'failed', durationMs: now() - started, totalAiCost: 0, completion: 0 });
    deps.onProgress({
      turnId: turn.id,
      campaignId: turn.campaignId,
      number: turn.number,
      phase: null,
      phaseStatus: null,
      overallStatus: 'failed',
      completion: 0,
      totalAiCost: 0,
      compensation: null,
      message: `turn ${turn.number} failed: ${message}`,
      at: new Date().toISOString(),
    });
    return 'failed';
  }

  function runStep(
    turnId: string,
    campaignId: string,
    detached: boolean,
    step: CompensationStep,
    ending: { phase: PhaseName; failure: PhaseFailure },
    participants: string[],
  ): string {
    if (step.phase) turns.markPhase(turnId, step.phase, 'compensated');
    switch (step.type) {
      case 'rollback_world_state': {
        // world_update's own events (time advanced) describe the world being rolled back: they go too.
        const undone = step.phase === 'world_update' ? turns.removePhaseEvents(turnId, 'world_update') : 0;
        const events = undone > 0 ? ` and ${undone} world update events removed` : '';
        if (detached) return `replay: the campaign's world was never changed${events}`;
        const snapshot = turns.snapshot(turnId);
        const current = campaigns.get(campaignId);
        if (!snapshot || !current) throw new Error('no snapshot of the world before this turn');
        if (isDeepStrictEqual(current.world, snapshot.world))
          return `world already as before the turn (version ${current.worldVersion})${events}`;
        const version = campaigns.replaceWorld(campaignId, snapshot.world, current.worldVersion);
        return `world restored to its state before the turn (version ${version})${events}`;
      }
      case 'invalidate_subjective_briefs':
        return `${turns.invalidateBriefs(turnId)} briefs invalidated`;
      case 'cancel_interactions':
        return `${turns.cancelInteractions(turnId)} interactions cancelled`;
      case 'remove_events':
        return `${turns.removeEvents(turnId)} events removed`;
      case 'revert_narrative_changes':
        return `${turns.revertNarrative(turnId)} narrative reverted`;
      case 'log_failure':
        logger.warn({ turnId, phase: ending.phase, reason: ending.failure.reason }, `turn failed: ${ending.failure.message}`);
        return `${ending.phase} failed (${ending.failure.reason}): ${ending.failure.message}`;
      case 'notify_participants':
        return `notified ${participants.length} participants: ${participants.join(', ')}`;
      case 'trigger_manual_review': {
        const id = randomUUID();
        turns.addReview({
          id,
          turnId,
          campaignId,
          reason: `${ending.phase} failed (${ending.failure.reason}): ${ending.failure.message}`,
          severity: ending.failure.critical ? 'critical' : 'warning',
          createdAt: new Date().toISOString(),
        });
        return `review ${id} opened`;
      }
    }
  }

  return {
    start,
    cancel(turnId: string, by: string): boolean {
      const turn = active.get(turnId);
      if (!turn) return false;
      turn.controller.abort(new PhaseFailure('cancelled', `cancelled by ${by}`));
      return true;
    },
    /** Turns a crash left `running`: mark interrupted and compensate. Returns how many. */
    recoverInterrupted(): number {
      const stranded = turns
        .running()
        .filter((row) => !active.has(row.id) && (row.ownerPid === process.pid || !processAlive(row.ownerPid)));
      const failure = new PhaseFailure('interrupted', 'the console stopped while this turn was running');
      for (const row of stranded) settleStored(row, failure, 'interrupted');
      commits?.flush();
      return stranded.length;
    },
    /** Settles when a turn of this process ends (undefined when it is not running here). */
    whenDone(turnId: string): Promise<OverallStatus> | undefined {
      return active.get(turnId)?.done;
    },
    running(): { turnId: string; campaignId: string }[] {
      return [...active.values()].map((turn) => ({ turnId: turn.id, campaignId: turn.campaignId }));
    },
    /** Cancels every running turn (graceful shutdown) and waits for their compensation. */
    async close(): Promise<void> {
      const pending = [...active.values()];
      for (const turn of pending) turn.controller.abort(new PhaseFailure('interrupted', 'the console is shutting down'));
      await Promise.allSettled(pending.map((turn) => turn.done));
    },
  };
}

export type TurnRunner = ReturnType<typeof createTurnRunner>;

/**
 * Calls within a phase may run in parallel and finish in any order; transcripts are stored in a stable
 * order (by seed, which names operation and agent) so a replay records exactly the same rows.
 */
function inCallOrder<T extends { seed: string }>(transcripts: T[]): T[] {
  return [...transcripts].sort((a, b) => (a.seed < b.seed ? -1 : a.seed > b.seed ? 1 : 0));
}

/** Whether a process still exists (signal 0 probes without signalling; EPERM means it exists). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function emptyPhase(phase: PhaseName, status: PhaseResult['status']): PhaseResult {
  return { phase, status, durationMs: 0, eventsProcessed: 0, eventsGenerated: 0, aiCost: 0, tokensIn: 0, tokensOut: 0, error: null };
}

function reasonOf(signal: AbortSignal): PhaseFailure {
  return signal.reason instanceof PhaseFailure ? signal.reason : new PhaseFailure('cancelled', 'the turn was aborted');
}

function toPhaseFailure(error: unknown, signal: AbortSignal): PhaseFailure {
  if (signal.aborted) return reasonOf(signal);
  if (error instanceof PhaseFailure) return error;
  if (error instanceof ProviderError) return new PhaseFailure('provider_error', error.message, { cause: error });
  return new PhaseFailure('internal', (error as Error)?.message ?? String(error), { cause: error });
}

/** Settles with the phase, or rejects as soon as the signal aborts even if the phase ignores it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
