/**
 * How the host builds and runs the alert engine and the synthetic checks (host.ts calls these at its
 * `[issue 6: alerts]` markers, so its own wiring stays a few lines). Evaluation follows the metrics
 * recorder: after every snapshot (the `metrics.tick` topic), so the evaluation interval is the recorder's
 * (default 15 s, `serve --metrics-interval`); `alerts.evaluationIntervalMs` puts it on a timer of its own.
 * Without a running recorder and without that option, nothing periodic starts (the CLI's one-shot commands).
 */
import { identityForRole } from '../../../src-shared/rbac';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { CampaignRepository } from '../orchestrator/campaign-repository';
import type { AiProvider } from '../orchestrator/providers';
import type { TurnRepository } from '../orchestrator/turn-repository';
import type { MetricsHistory } from '../telemetry/metrics-history';
import type { MetricsQueryService } from '../telemetry/metrics-query';
import type { TopicBus } from '../topic-bus';
import { type AlertEngine, createAlertEngine } from './alert-engine';
import type { NotificationSink } from './notification';
import { createSyntheticChecks, type SyntheticChecks, type SyntheticOptions } from './synthetic-checks';

export interface AlertHostOptions {
  /** Periodic evaluation, dispatch and synthetic checks; default true. Off, the channels still answer and tick() still works. */
  enabled?: boolean;
  /** Evaluate on this timer instead of after every metrics snapshot. */
  evaluationIntervalMs?: number;
  /** Clock of the alert engine (tests step it); default Date.now. */
  now?: () => number;
  /** Base URL of the console in notification links (generatorURL, runbook_url); default http://127.0.0.1:9464. */
  externalUrl?: string;
  synthetic?: SyntheticOptions;
}

export interface AlertingDeps {
  db: Db;
  metricsQuery: MetricsQueryService;
  metricsHistory: MetricsHistory;
  recorderIntervalMs: number;
  topics: TopicBus;
  logger: Logger;
  sink: NotificationSink & { listChannels?(): { id: string }[] };
  /** The alert-history retention window (Settings -> Backups), read at each maintenance. */
  historyRetentionMs?: () => number;
  campaigns: CampaignRepository;
  turns: TurnRepository;
  runner: { running(): { campaignId: string }[] };
  provider: AiProvider;
  registry: Parameters<typeof createSyntheticChecks>[0]['registry'];
  /** The better-sqlite3 binding of the engine's database (the canary's scratch database uses it too). */
  nativeBinding?: string | undefined;
}

const ALERT_ENGINE_IDENTITY = identityForRole('system:alerts', 'admin');

export function createAlerting(deps: AlertingDeps, options: AlertHostOptions = {}): { engine: AlertEngine; synthetic: SyntheticChecks } {
  const engine = createAlertEngine({
    db: deps.db,
    metricsQuery: deps.metricsQuery,
    history: deps.metricsHistory,
    logger: deps.logger,
    publish: (changed) => deps.topics.publish('alerts.changed', changed),
    evaluationStepS: deps.recorderIntervalMs / 1000,
    sink: deps.sink,
    ...(deps.sink.listChannels ? { receivers: () => (deps.sink.listChannels?.() ?? []).map((channel) => channel.id) } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.externalUrl ? { externalUrl: options.externalUrl } : {}),
    ...(deps.historyRetentionMs ? { historyRetentionMs: deps.historyRetentionMs } : {}),
  });
  const synthetic = createSyntheticChecks(
    {
      campaigns: deps.campaigns,
      isCampaignBusy: (campaignId) =>
        deps.runner.running().some((turn) => turn.campaignId === campaignId) || deps.turns.runningOn(campaignId).length > 0,
      provider: deps.provider,
      registry: deps.registry,
      logger: deps.logger,
      nativeBinding: deps.nativeBinding,
    },
    options.synthetic,
  );
  return { engine, synthetic };
}

/** Starts evaluation (after each metrics snapshot, or on its timer), dispatch and the synthetic checks. */
export function startAlerting(
  alerting: { engine: AlertEngine; synthetic: SyntheticChecks },
  topics: TopicBus,
  recorderRunning: boolean,
  options: AlertHostOptions = {},
): void {
  if (options.enabled === false) return;
  // Without a recorder (the CLI's one-shot commands) no new samples arrive to evaluate or to record the
  // synthetic checks in: nothing periodic starts unless an evaluation interval is given.
  if (!recorderRunning && options.evaluationIntervalMs === undefined) return;
  alerting.engine.start(
    recorderRunning && options.evaluationIntervalMs === undefined
      ? {
          onSnapshot: (listener) =>
            topics.subscribe(ALERT_ENGINE_IDENTITY, 'metrics.tick', (tick) =>
              // An injected clock (tests) keeps its own time; otherwise the evaluation is stamped with the snapshot's.
              listener(options.now ? undefined : Date.parse((tick as { at: string }).at)),
            ),
        }
      : { evaluationIntervalMs: options.evaluationIntervalMs },
  );
  alerting.synthetic.start();
}

export async function stopAlerting(alerting: { engine: AlertEngine; synthetic: SyntheticChecks }): Promise<void> {
  alerting.engine.stop();
  await alerting.synthetic.stop();
}
