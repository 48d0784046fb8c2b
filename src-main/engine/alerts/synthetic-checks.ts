/**
 * Synthetic checks (issue 6, item 5): so a broken setup is noticed before a story master runs a turn.
 *
 * - canary_turn: every interval, for each campaign, a whole turn through the real pipeline (five phases,
 *   saga, SQLite commits) with the simulated provider at no latency — run by a runner of its own on a
 *   scratch in-memory database holding a copy of the campaign's current world. The campaign's world,
 *   its turn numbers, the turn list, the turn metrics and trust are never touched, and a story master's
 *   turn is never refused because of a canary; a campaign with a turn running is skipped.
 * - ai_provider: a one-token completion asked of the configured AI provider (free with the simulated
 *   one), under a 30 s timeout.
 *
 * Results are metrics (bounded labels: the check's name): novel_engine_synthetic_check_success{check}
 * (1 passed, 0 failed), novel_engine_synthetic_check_duration_seconds{check} and
 * novel_engine_synthetic_checks_total{check,result}; the default rules SyntheticCanaryFailing and
 * AiProviderProbeFailing alert on them.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { OverallStatus } from '../../../src-shared/domain/turn';
import { openScratchDatabase } from '../db/database';
import type { Logger } from '../logger';
import { type CampaignRepository, createCampaignRepository } from '../orchestrator/campaign-repository';
import { PHASE_TABLE } from '../orchestrator/phases';
import { type AiProvider, createProvider, DEFAULT_PRICE_TABLE, priceCall, SIMULATED_MODELS } from '../orchestrator/providers';
import { createTurnRepository } from '../orchestrator/turn-repository';
import { createTurnRunner } from '../orchestrator/turn-runner';

export const SYNTHETIC_CHECKS = ['canary_turn', 'ai_provider'] as const;
export type SyntheticCheck = (typeof SYNTHETIC_CHECKS)[number];

export const DEFAULT_CANARY_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_PROBE_INTERVAL_MS = 5 * 60_000;
const PROBE_TIMEOUT_MS = 30_000;
/** A canary turn that has not finished by then counts as failed. */
const CANARY_TIMEOUT_MS = 60_000;
const SUCCESSFUL: readonly OverallStatus[] = ['completed', 'partially_completed'];

export interface SyntheticOptions {
  /** Default true where the host runs periodic work. */
  enabled?: boolean;
  canaryIntervalMs?: number;
  probeIntervalMs?: number;
}

export interface SyntheticDeps {
  campaigns: CampaignRepository;
  /** Whether a campaign has a turn running now (the canary waits for the next interval). */
  isCampaignBusy(campaignId: string): boolean;
  /** The configured AI provider (the one turns use by default). */
  provider: AiProvider;
  registry: Registry;
  logger: Logger;
  /** The better-sqlite3 binding the engine's database uses (the Electron build in the desktop face). */
  nativeBinding?: string | undefined;
}

export interface CheckResult {
  check: SyntheticCheck;
  success: boolean;
  durationS: number;
  /** Why it failed (campaign and turn status, or the provider's error). */
  detail: string | null;
}

function registerSyntheticMetrics(registry: Registry) {
  const registers = [registry];
  for (const name of [
    'novel_engine_synthetic_check_success',
    'novel_engine_synthetic_check_duration_seconds',
    'novel_engine_synthetic_checks_total',
  ]) {
    registry.removeSingleMetric(name);
  }
  return {
    success: new Gauge({
      name: 'novel_engine_synthetic_check_success',
      help: 'Whether the last synthetic check passed (1) or failed (0), by check: canary_turn, ai_provider',
      labelNames: ['check'] as const,
      registers,
    }),
    duration: new Gauge({
      name: 'novel_engine_synthetic_check_duration_seconds',
      help: 'How long the last synthetic check took, by check',
      labelNames: ['check'] as const,
      registers,
    }),
    total: new Counter({
      name: 'novel_engine_synthetic_checks_total',
      help: 'Synthetic checks run, by check and result (success, failure)',
      labelNames: ['check', 'result'] as const,
      registers,
    }),
  };
}

/** One canary turn on a copy of the campaign's world in a scratch database; resolves with the turn's status. */
async function canaryTurn(
  campaign: { id: string; name: string; description: string; world: unknown },
  logger: Logger,
  nativeBinding: string | undefined,
): Promise<OverallStatus> {
  const db = openScratchDatabase({ nativeBinding });
  try {
    const campaigns = createCampaignRepository(db);
    campaigns.insert(campaign as Parameters<CampaignRepository['insert']>[0]);
    const provider = createProvider({ kind: 'simulated', latency: { kind: 'none' } });
    const runner = createTurnRunner({
      db,
      campaigns,
      turns: createTurnRepository(db),
      phases: PHASE_TABLE,
      defaultProvider: () => provider,
      cost: (model, inputTokens, outputTokens) => priceCall(DEFAULT_PRICE_TABLE, model, inputTokens, outputTokens).cost,
      models: SIMULATED_MODELS,
      onProgress: () => {},
      logger,
    });
    const started = runner.start({ campaignId: campaign.id, origin: 'synthetic', startedBy: 'synthetic:canary' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<OverallStatus>((resolve) => {
      timer = setTimeout(() => {
        runner.cancel(started.turnId, 'synthetic canary timeout');
        resolve('cancelled');
      }, CANARY_TIMEOUT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([started.done, timeout]);
    } finally {
      clearTimeout(timer);
      await runner.close();
    }
  } finally {
    db.close();
  }
}

export function createSyntheticChecks(deps: SyntheticDeps, options: SyntheticOptions = {}) {
  const { campaigns, logger } = deps;
  const metrics = registerSyntheticMetrics(deps.registry);
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  const last = new Map<SyntheticCheck, CheckResult>();

  function report(result: CheckResult): CheckResult {
    metrics.success.set({ check: result.check }, result.success ? 1 : 0);
    metrics.duration.set({ check: result.check }, result.durationS);
    metrics.total.inc({ check: result.check, result: result.success ? 'success' : 'failure' });
    last.set(result.check, result);
    if (!result.success) logger.warn({ check: result.check, detail: result.detail }, 'synthetic check failed');
    return result;
  }

  /** One canary turn per campaign (those without a running turn); passes when every one completed. */
  async function runCanary(): Promise<CheckResult | null> {
    const began = performance.now();
    const failures: string[] = [];
    let ran = 0;
    for (const summary of campaigns.list()) {
      // A canary turn at zero latency never waits on I/O: without this, every campaign's canary would run
      // back to back in one macrotask, holding turns and requests in flight for the whole loop.
      await new Promise((resolve) => setImmediate(resolve));
      if (stopped) return null;
      if (deps.isCampaignBusy(summary.id)) continue;
      const campaign = campaigns.get(summary.id);
      if (!campaign) continue;
      ran += 1;
      try {
        const status = await canaryTurn(
          { id: campaign.id, name: campaign.name, description: campaign.description, world: campaign.world },
          logger,
          deps.nativeBinding,
        );
        if (!SUCCESSFUL.includes(status)) failures.push(`${campaign.id}: turn ${status}`);
      } catch (error) {
        failures.push(`${campaign.id}: ${(error as Error).message}`);
      }
    }
    if (ran === 0) return null;
    return report({
      check: 'canary_turn',
      success: failures.length === 0,
      durationS: (performance.now() - began) / 1000,
      detail: failures.length > 0 ? failures.join('; ') : null,
    });
  }

  async function probeProvider(): Promise<CheckResult | null> {
    const first = campaigns.list()[0];
    const campaign = first ? campaigns.get(first.id) : undefined;
    if (!campaign) return null;
    const began = performance.now();
    try {
      await deps.provider.complete(
        {
          phase: 'narrative_integration',
          operation: 'narrative',
          model: SIMULATED_MODELS.basic,
          messages: [{ role: 'user', content: 'Reply with OK.' }],
          maxTokens: 1,
          temperature: 0,
          seed: 'synthetic-probe',
          world: campaign.world,
        },
        AbortSignal.timeout(PROBE_TIMEOUT_MS),
      );
      return report({ check: 'ai_provider', success: true, durationS: (performance.now() - began) / 1000, detail: null });
    } catch (error) {
      return report({
        check: 'ai_provider',
        success: false,
        durationS: (performance.now() - began) / 1000,
        detail: (error as Error).message,
      });
    }
  }

  function guarded<T>(work: () => Promise<T>): Promise<T | null> {
    const running = work().catch((error: unknown) => {
      logger.error({ err: error }, 'synthetic check crashed');
      return null;
    });
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    return running;
  }

  function every(intervalMs: number, work: () => Promise<unknown>, firstAfterMs: number): void {
    let busy = false;
    const run = () => {
      if (busy || stopped) return;
      busy = true;
      void guarded(work).finally(() => {
        busy = false;
      });
    };
    const first = setTimeout(run, firstAfterMs);
    first.unref();
    const timer = setInterval(run, intervalMs);
    timer.unref();
    timers.push(first, timer);
  }

  return {
    runCanary: () => guarded(runCanary),
    probeProvider: () => guarded(probeProvider),
    /** The last result of each check. */
    last: (): CheckResult[] => [...last.values()],
    start(): void {
      if (options.enabled === false) return;
      // First runs shortly after start, so a broken setup shows within a minute rather than an interval.
      every(options.canaryIntervalMs ?? DEFAULT_CANARY_INTERVAL_MS, runCanary, 20_000);
      every(options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS, probeProvider, 10_000);
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.length = 0;
      await Promise.all([...inFlight]);
    },
  };
}

export type SyntheticChecks = ReturnType<typeof createSyntheticChecks>;
