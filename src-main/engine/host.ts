/**
 * Composition root of the engine: opens the database, builds every service, wires the handler table
 * of the contract and starts the periodic producers. Faces (Electron, serve, CLI) call createHost and
 * talk to the result only through `rpc` and `topics`.
 */
import { join } from 'node:path';
import { channels, type Face } from '../../src-shared/contract';
import { primaryRole } from '../../src-shared/rbac';
import { createAlertHandlers } from './alerts/alert-handlers';
import { type AlertHostOptions, createAlerting, startAlerting, stopAlerting } from './alerts/alert-host';
import { startCheckpointer } from './db/checkpointer';
import { type Db, openDatabase } from './db/database';
import { createGroupCommit } from './db/group-commit';
import { ensureInstance } from './db/instance';
import { type Logger, silentLogger } from './logger';
import { createNotificationHandlers } from './notifications/notification-handlers';
import { createNotificationService, type NotificationOptions, type NotificationService } from './notifications/notification-service';
import { type CampaignRepository, createCampaignRepository } from './orchestrator/campaign-repository';
import { PHASE_TABLE } from './orchestrator/phases';
import {
  createProvider,
  DEFAULT_PRICE_TABLE,
  ProviderConfig,
  type ProviderConfigInput,
  priceCall,
  SIMULATED_MODELS,
} from './orchestrator/providers';
import { storeCredentialSource } from './orchestrator/providers/credential-source';
import { combineObservers, NO_OBSERVER } from './orchestrator/turn-observer';
import { createTurnRepository, type TurnRepository } from './orchestrator/turn-repository';
import { createTurnRunner, type TurnRunner } from './orchestrator/turn-runner';
import { createTurnHandlers } from './orchestrator/turn-service';
import { type BackupHostOptions, type BackupService, createBackupService } from './reports/backup';
import { createBackupHandlers } from './reports/backup-handlers';
import { startBackupSchedule } from './reports/backup-schedule';
import { createDashboardExportHandlers, createDashboardExports } from './reports/dashboard-exports';
import { holdDataDir } from './reports/data-dir-lock';
import { createDataExportHandlers, createDataExportService } from './reports/export-handlers';
import { createReportHandlers, createReportService } from './reports/report-service';
import { createRetention, type Retention } from './reports/retention';
import { createRpc, type HandlerTable, type Rpc, type ScopeResolver } from './rpc';
import { createRunbookHandlers } from './runbooks/runbook-handlers';
import { createRunbookRepository } from './runbooks/runbook-repository';
import { createRunbookService } from './runbooks/runbook-service';
import { shippedRunbooks } from './runbooks/shipped-runbooks';
import { type AuditLog, createAuditHandlers, createAuditLog } from './security/audit-log';
import { createAuthHandlers } from './security/auth-handlers';
import { createCredentialHandlers } from './security/credential-handlers';
import type { CredentialStore } from './security/credentials';
import { createKeychainCredentialStore } from './security/keychain-credentials';
import { createTokenService, type TokenService } from './security/token-service';
import { createRuntimeMonitor, type RuntimeMonitor } from './system/runtime-monitor';
import { createSystemService, type SystemService } from './system/system-service';
import { circuitBreakerReporter, createMetrics, type Metrics } from './telemetry/metrics';
import { metricCatalog, registryTypeOf } from './telemetry/metrics-catalog';
import { createMetricsHistory, type MetricsHistory } from './telemetry/metrics-history';
import { createMetricsQuery } from './telemetry/metrics-query';
import { createMetricsRecorder, DEFAULT_RECORDER_INTERVAL_MS } from './telemetry/metrics-recorder';
import { registerStorageGauges } from './telemetry/storage-gauges';
import { createTraceHandlers } from './telemetry/trace-service';
import { createTraceStore, type TraceStore } from './telemetry/trace-store';
import { createTracing, type Tracing } from './telemetry/tracing';
import { turnMetricsObserver } from './telemetry/turn-metrics';
import { createTopicBus, type TopicBus } from './topic-bus';
import { registerTrustGauges, trustChangeCounter } from './trust/trust-gauges';
import { createTrustHandlers } from './trust/trust-handlers';
import { createTrustService } from './trust/trust-service';

export const DATABASE_FILE = 'novel-console.db';

export interface HostOptions {
  dataDir: string;
  face: Face;
  electronVersion?: string | null;
  /** better-sqlite3 binary for a non-Node runtime (the desktop face's Electron build). */
  sqliteNativeBinding?: string | undefined;
  /** Period of system.tick; default 5 s. */
  tickIntervalMs?: number;
  /** The AI provider turns use unless a turn names another; default the simulated one. */
  provider?: ProviderConfigInput;
  logger?: Logger;
  /** Observability switches (issue 4); everything on by default. */
  telemetry?: TelemetryOptions;
  /** Environment read for secrets supplied by variables (NOVEL_CONSOLE_JWT_SECRET, …); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** [issue 6: notifications] the desktop face's notifier (desktop channels), retry and polling of the delivery outbox. */
  notifications?: NotificationOptions;
  /** [issue 6: alerts] evaluation timing, the engine's clock (tests), links, synthetic checks. */
  alerts?: AlertHostOptions;
  /** [issue 7: backups] default schedule and retention windows (until saved in settings), check timing. */
  backups?: BackupHostOptions;
}

export interface TelemetryOptions {
  /** Turns observed into the Prometheus metrics; default true (off only to measure telemetry's cost). */
  metrics?: boolean;
  /** Spans for turns and API calls, tail-sampled and kept in SQLite; default true. */
  tracing?: boolean;
  /** Also export kept spans over OTLP/HTTP to this URL (e.g. http://127.0.0.1:4318/v1/traces). */
  otlpEndpoint?: string;
  /** The metrics history recorder; default on, every 15 s. */
  recorder?: { enabled?: boolean; intervalMs?: number; rawRetentionMs?: number; rollupRetentionMs?: number };
}

export interface Services {
  system: SystemService;
  runtime: RuntimeMonitor;
  campaigns: CampaignRepository;
  turns: TurnRepository;
  runner: TurnRunner;
  metrics: Metrics;
  /** The recorded samples behind metrics.query; seeding and benches append to it directly. */
  metricsHistory: MetricsHistory;
  traces: TraceStore;
  /** Null when telemetry.tracing is false. */
  tracing: Tracing | null;
  /** JWT minting and verification (the HTTP faces authenticate through it). */
  tokens: TokenService;
  /** Secrets in the OS keychain. */
  credentials: CredentialStore;
  audit: AuditLog;
  /** Alert notification delivery: the NotificationSink the alert engine enqueues into (issue 6). */
  notifications: NotificationService;
  /** The alert engine (rules, alerts, silences, routes; tick() in tests) and the synthetic checks (issue 6). */
  alerts: ReturnType<typeof createAlerting>['engine'];
  synthetic: ReturnType<typeof createAlerting>['synthetic'];
  /** [issue 7: backups] online backups of the database and their settings. */
  backups: BackupService;
  /** [issue 7: backups] retention jobs for samples, traces, alert history and logs. */
  retention: Retention;
}

export interface Host {
  rpc: Rpc;
  topics: TopicBus;
  services: Services;
  db: Db;
  dataDir: string;
  databasePath: string;
  logger: Logger;
  /** False once close() has begun: readiness probes answer 503 from then on. */
  isOpen(): boolean;
  /** Interrupts running turns (they are compensated), then closes the database. */
  close(): Promise<void>;
}

/** The provider settings stored with each turn: everything but secrets (which never sit in settings). */
function storedProviderConfig(input: ProviderConfigInput | undefined): unknown {
  const parsed = ProviderConfig.safeParse(input ?? { kind: 'simulated' });
  return parsed.success ? parsed.data : {};
}

/** Which campaign a turn, trace or review item belongs to, for campaign-scoped tokens. */
function scopeResolver(db: Db): ScopeResolver {
  const statements = {
    turn: db.prepare('SELECT campaign_id AS campaignId FROM turns WHERE id = ?'),
    trace: db.prepare('SELECT campaign_id AS campaignId FROM traces WHERE trace_id = ?'),
    review: db.prepare('SELECT campaign_id AS campaignId FROM review_queue WHERE id = ?'),
  };
  return (kind, id) => (statements[kind].get(id) as { campaignId: string | null } | undefined)?.campaignId;
}

export function createHost(options: HostOptions): Host {
  const startedAtMs = Date.now();
  const logger = options.logger ?? silentLogger();
  const databasePath = join(options.dataDir, DATABASE_FILE);
  // This host marks the data dir as in use before it opens the database, until after it closes it:
  // `restore` refuses while any console holds it.
  const dataDirLock = holdDataDir(options.dataDir, { nativeBinding: options.sqliteNativeBinding });
  let opened: ReturnType<typeof openDatabase>;
  try {
    opened = openDatabase({ path: databasePath, nativeBinding: options.sqliteNativeBinding });
  } catch (error) {
    dataDirLock.release();
    throw error;
  }
  const { db, appliedMigrations } = opened;
  const instance = ensureInstance(db, `novel-console ${options.face}`);
  const checkpointer = startCheckpointer({ db, path: databasePath, nativeBinding: options.sqliteNativeBinding, logger });
  const commits = createGroupCommit(db);
  if (appliedMigrations.length > 0) logger.info({ databasePath, appliedMigrations }, 'database migrated');

  const topics = createTopicBus(logger);
  const runtime = createRuntimeMonitor(startedAtMs);
  const system = createSystemService({
    db,
    face: options.face,
    dataDir: options.dataDir,
    databasePath,
    startedAtMs,
    electronVersion: options.electronVersion ?? null,
  });

  const campaigns = createCampaignRepository(db);
  const seeded = campaigns.seedDefaults();
  if (seeded > 0) logger.info({ seeded }, 'default campaigns loaded');
  const turns = createTurnRepository(db);
  const metrics = createMetrics();
  const recorderOptions = options.telemetry?.recorder ?? {};
  const recorderIntervalMs = recorderOptions.intervalMs ?? DEFAULT_RECORDER_INTERVAL_MS;
  const metricsHistory = createMetricsHistory(db, {
    ...(recorderOptions.rawRetentionMs !== undefined ? { rawRetentionMs: recorderOptions.rawRetentionMs } : {}),
    ...(recorderOptions.rollupRetentionMs !== undefined ? { rollupRetentionMs: recorderOptions.rollupRetentionMs } : {}),
  });
  registerStorageGauges(metrics.registry, metricsHistory);
  const metricsQuery = createMetricsQuery(metricsHistory, {
    minStepS: Math.max(1, Math.round(recorderIntervalMs / 1000)),
    registryType: registryTypeOf(metrics.registry),
  });
  const traces = createTraceStore(db);
  const tracing =
    options.telemetry?.tracing === false
      ? null
      : createTracing({ store: traces, metrics, logger, otlpEndpoint: options.telemetry?.otlpEndpoint });
  const metricsObserver = options.telemetry?.metrics === false ? NO_OBSERVER : turnMetricsObserver(metrics);
  // Secrets: the OS keychain (per database instance), environment variables as the headless fallback.
  const credentials = createKeychainCredentialStore({ instanceId: instance.instanceId, env: options.env ?? process.env, logger });
  const tokens = createTokenService({ db, credentials, env: options.env ?? process.env });
  const audit = createAuditLog(db);
  // A network provider reads its key from the keychain on every call; its circuit breaker shows on
  // /metrics and the Operational dashboard.
  const provider = createProvider(
    options.provider,
    options.provider?.kind === 'openai-compatible'
      ? { onCircuitStateChange: circuitBreakerReporter(metrics, 'ai_provider'), credentials: storeCredentialSource(credentials) }
      : {},
  );
  // [issue 6: trust] the trust service is built here, before the runner whose turns it observes.
  const trust = createTrustService({
    db,
    campaigns,
    turns,
    logger,
    count: trustChangeCounter(metrics),
    publish: (changed) => topics.publish('trust.changed', changed),
  });
  trust.sync();
  registerTrustGauges(metrics, trust, campaigns);
  const runner = createTurnRunner({
    db,
    commits,
    campaigns,
    turns,
    phases: PHASE_TABLE,
    defaultProvider: () => provider,
    defaultProviderConfig: storedProviderConfig(options.provider),
    cost: (model, inputTokens, outputTokens) => priceCall(DEFAULT_PRICE_TABLE, model, inputTokens, outputTokens).cost,
    models: SIMULATED_MODELS,
    onProgress: (progress) => topics.publish('turn.progress', progress),
    // Tracing first: it sets turn.traceId, which the metrics observer attaches as an exemplar.
    observer: tracing ? combineObservers(tracing.turnObserver, metricsObserver) : metricsObserver,
    trust,
    logger,
  });
  // [issue 6: alerts] the alert engine (over metricsQuery), [issue 6: notifications] the delivery outbox
  // and its channels, [issue 6: runbooks] the runbook store are built here.
  // [issue 6: notifications] built before the alert engine, which enqueues into it (services.notifications is the
  // NotificationSink; the alert engine hands itself back with notifications.setAlertSource for Alertmanager re-sends).
  // Alert history (transitions, notifications, settled outbox rows) is kept as long as Settings -> Backups says.
  const alertHistoryMs = () => backups.settings().retention.alertsDays * 86_400_000;
  const notifications = createNotificationService({
    retentionMs: alertHistoryMs,
    ...options.notifications,
    db,
    credentials,
    metrics,
    topics,
    logger,
  });
  // [issue 6: alerts] rules over the metrics history; notifications go into delivery's outbox.
  const alertDeps = {
    db,
    metricsQuery,
    metricsHistory,
    recorderIntervalMs,
    topics,
    logger,
    sink: notifications,
    campaigns,
    turns,
    historyRetentionMs: alertHistoryMs,
  };
  const alerting = createAlerting(
    { ...alertDeps, runner, provider, registry: metrics.registry, nativeBinding: options.sqliteNativeBinding },
    options.alerts,
  );
  notifications.setAlertSource(alerting.engine.source);
  const runbooks = createRunbookService({ repository: createRunbookRepository(db), shipped: shippedRunbooks(), topics });
  // Exports, reports and backups (issue 7).
  const dashboardExports = createDashboardExports({ db, metricsQuery, now: () => metricsHistory.now() });
  const backups = createBackupService({
    db,
    dataDir: options.dataDir,
    databasePath,
    nativeBinding: options.sqliteNativeBinding,
    audit,
    registry: metrics.registry,
    logger,
    ...(options.backups?.defaults ? { defaults: options.backups.defaults } : {}),
    ...(options.backups?.pace ? { pace: options.backups.pace } : {}),
  });
  const retention = createRetention({
    db,
    dataDir: options.dataDir,
    history: metricsHistory,
    traces,
    backups,
    registry: metrics.registry,
    logger,
  });
  const reports = createReportService({
    turns,
    campaigns,
    traces,
    trust: trust.repository,
    flushTraces: tracing ? () => tracing.flush() : undefined,
    alerts: alerting.engine,
    runbooks,
    audit,
  });
  const recovered = runner.recoverInterrupted();
  if (recovered > 0) logger.warn({ recovered }, 'turns interrupted by the last shutdown were compensated');

  const handlers: HandlerTable = {
    'system.health': () => system.health(),
    'system.info': () => system.info(),
    // Observability (issue 4): the metrics history, the dashboard definitions and the kept traces.
    'metrics.query': (request) => metricsQuery.query(request),
    'metrics.catalog': () => ({ metrics: metricCatalog(metrics.registry) }),
    // [issue 7: dashboards] shipped and imported dashboards.
    'dashboards.list': () => ({ dashboards: dashboardExports.list(), importedIds: dashboardExports.importedIds() }),
    ...createTraceHandlers(traces),
    // Security (issue 5): identity and tokens, keychain credentials, the audit log.
    ...createAuthHandlers(tokens, campaigns),
    ...createCredentialHandlers(credentials),
    ...createAuditHandlers(audit),
    // [issue 6] trust, alerts, notifications and runbooks handlers go here, one spread line each.
    ...createTrustHandlers(trust),
    ...createNotificationHandlers(notifications),
    ...createRunbookHandlers(runbooks),
    ...createAlertHandlers(alerting.engine),
    ...createDashboardExportHandlers(dashboardExports),
    ...createBackupHandlers(backups, retention),
    ...createReportHandlers(reports),
    ...createDataExportHandlers(createDataExportService({ db, traces, audit, registry: metrics.registry })),
    ...createTurnHandlers({
      campaigns,
      turns,
      runner,
      simulatedReplayProvider: (stored) => {
        // The original's simulated settings (its faults replay too), without its latency; anything else
        // (a network provider) replays on the default simulated provider.
        const parsed = ProviderConfig.safeParse(stored);
        return createProvider(
          parsed.success && parsed.data.kind === 'simulated'
            ? { ...parsed.data, latency: { kind: 'none' } }
            : { kind: 'simulated', latency: { kind: 'none' } },
        );
      },
    }),
  };
  const rpc = createRpc({
    handlers,
    logger,
    table: channels,
    tracer: tracing?.rpcTracer,
    scopes: scopeResolver(db),
    audit: (record) => audit.append(record),
    onDenied: (permission, identity) => metrics.authorizationFailures.inc({ permission, user_role: primaryRole(identity) }),
    commit: commits.flush,
  });

  const publishTick = () => topics.publish('system.tick', runtime.sample());
  const tickTimer = setInterval(publishTick, options.tickIntervalMs ?? 5000);
  tickTimer.unref();
  // A first tick soon after start, so a view opened at once has values to show.
  const firstTick = setTimeout(publishTick, 200);
  firstTick.unref();

  const recorder = createMetricsRecorder({
    history: metricsHistory,
    registry: metrics.registry,
    intervalMs: recorderIntervalMs,
    logger,
    onSnapshot: (tick) => topics.publish('metrics.tick', tick),
  });
  if (recorderOptions.enabled !== false) recorder.start();
  // [issue 6] periodic work (alert evaluation, delivery, synthetic checks) starts here.
  notifications.start();
  startAlerting(alerting, topics, recorderOptions.enabled !== false, options.alerts);
  // The backup schedule and the retention jobs (issue 7).
  const backupSchedule = startBackupSchedule({
    backups,
    logger,
    since: instance.createdAt,
    ...(options.backups?.checkIntervalMs ? { checkIntervalMs: options.backups.checkIntervalMs } : {}),
  });
  const stopRetention = options.backups?.retentionJobs === false ? () => {} : retention.start(options.backups?.retentionIntervalMs);

  let open = true;
  return {
    rpc,
    topics,
    services: {
      system,
      runtime,
      campaigns,
      turns,
      runner,
      metrics,
      metricsHistory,
      traces,
      tracing,
      tokens,
      credentials,
      audit,
      notifications,
      alerts: alerting.engine,
      synthetic: alerting.synthetic,
      backups,
      retention,
    },
    db,
    dataDir: options.dataDir,
    databasePath,
    logger,
    isOpen: () => open,
    async close() {
      if (!open) return;
      open = false;
      clearInterval(tickTimer);
      clearTimeout(firstTick);
      // [issue 6] alert evaluation, delivery and synthetic checks stop here, before the runner.
      trust.close();
      await stopAlerting(alerting);
      backupSchedule.stop();
      stopRetention();
      await Promise.all([backups.close(), retention.idle()]);
      await notifications.stop();
      await runner.close();
      await recorder.stop();
      // Kept traces still queued are written before the database closes.
      await tracing?.close();
      commits.close();
      topics.close();
      runtime.close();
      metrics.close();
      await checkpointer.close();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (error) {
        logger.warn({ err: error }, 'final WAL checkpoint failed; SQLite replays the WAL at the next open');
      }
      db.close();
      dataDirLock.release();
    },
  };
}
