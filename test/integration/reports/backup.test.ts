/**
 * Backup, restore and retention (issue 7 point 3) on real hosts and real SQLite files: an online backup
 * taken while turns run restores into another data dir with the same answers to every query; damaged,
 * foreign or mismatched backups are refused with one clear sentence and the live database stays byte for
 * byte the same; a running console blocks a restore; the restore is audited and the chain verifies; the
 * schedule keeps the newest N; retention deletes only what is older than its window.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, DATABASE_FILE, type Host } from '../../../src-main/engine/host';
import { BackupRefusedError, restoreBackup, sidecarPath } from '../../../src-main/engine/reports/backup';
import { startBackupSchedule } from '../../../src-main/engine/reports/backup-schedule';
import { DataDirBusyError } from '../../../src-main/engine/reports/data-dir-lock';
import { identityForRole } from '../../../src-shared/rbac';
import { syntheticTrace } from '../../fixtures/synthetic-trace';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const admin = identityForRole('backup-tester', 'admin');
const operator = identityForRole('cli:backup-tester', 'admin');
const CAMPAIGN = 'ashfall-crossing';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const data = tempDataDir('novel-backup-test-');
  cleanups.push(data.cleanup);
  return data.dir;
}

function openHost(dir: string): Host {
  const host = createHost({
    dataDir: dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { recorder: { enabled: false } },
    backups: { retentionJobs: false },
  });
  cleanups.push(() => host.close());
  return host;
}

async function runTurn(host: Host, seed: number): Promise<string> {
  const { turnId, done } = host.services.runner.start({
    campaignId: CAMPAIGN,
    configuration: { seed, aiIntegrationEnabled: true },
    origin: 'test',
    startedBy: 'backup-tester',
  });
  await done;
  return turnId;
}

/** What a user sees of a database: the answers of the query channels. */
async function queryAnswers(host: Host, until: string) {
  await host.services.tracing?.flush();
  const end = new Date(Date.now() + 60_000).toISOString();
  const start = new Date(Date.now() - 3600_000).toISOString();
  const turns = await host.rpc.invoke('turns.list', { campaignId: CAMPAIGN, limit: 200 }, admin);
  const details = await Promise.all(turns.turns.map((turn) => host.rpc.invoke('turns.get', { turnId: turn.id }, admin)));
  return {
    turns,
    details,
    // Until a time before these queries: each query is itself traced.
    traces: await host.rpc.invoke('traces.search', { until, limit: 200 }, admin),
    metrics: await host.rpc.invoke('metrics.query', { metric: 'novel_engine_turns_total', fn: 'last', start, end, stepS: 60 }, admin),
    audit: await host.rpc.invoke('audit.list', { limit: 1000 }, admin),
  };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A data dir holding a small live database (a couple of turns), closed. */
async function liveDataDir(): Promise<{ dir: string; live: string }> {
  const dir = dataDir();
  const host = createHost({ dataDir: dir, face: 'headless', provider: { kind: 'simulated', latency: { kind: 'none' } } });
  await runTurn(host, 1);
  await host.close();
  return { dir, live: join(dir, DATABASE_FILE) };
}

/** A verified backup file of a fresh database with some turns, and its sidecar. */
async function backupFile(): Promise<{ file: string; source: Host }> {
  const source = openHost(dataDir());
  for (let seed = 10; seed < 13; seed++) await runTurn(source, seed);
  // An audited change, so the backup has a chain to verify.
  const { settings } = await source.rpc.invoke('backups.settings.get', {}, admin);
  await source.rpc.invoke('backups.settings.set', settings, admin);
  const { path } = await source.services.backups.create({ trigger: 'manual' });
  return { file: path, source };
}

describe('backup and restore', () => {
  it('backs up while turns run, and a restore into another data dir answers every query like the source', async () => {
    const source = openHost(dataDir());
    const { settings } = await source.rpc.invoke('backups.settings.get', {}, admin);
    await source.rpc.invoke('backups.settings.set', settings, admin);
    await source.services.metricsHistory.snapshotRegistry(source.services.metrics.registry);
    for (let seed = 0; seed < 5; seed++) await runTurn(source, seed);

    // Turns keep running while the online backup is taken.
    let running = true;
    let duringBackup = 0;
    const load = (async () => {
      for (let seed = 100; running; seed++) {
        await runTurn(source, seed);
        duringBackup++;
        // A turn without provider latency never leaves the microtask queue: let the backup's worker answer.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const before = (await source.rpc.invoke('turns.list', { campaignId: CAMPAIGN, limit: 200 }, admin)).turns.length;
    const online = await source.services.backups.create({ trigger: 'manual' });
    running = false;
    await load;
    expect(duringBackup).toBeGreaterThan(0);
    expect(readFileSync(sidecarPath(online.path), 'utf8')).toBe(`${online.backup.sha256}  ${online.backup.fileName}\n`);

    // The online copy is a consistent snapshot: integrity, chain, and every turn it holds as the source has it.
    const onlineDir = dataDir();
    restoreBackup({ file: online.path, dataDir: onlineDir, actor: operator });
    const fromOnline = openHost(onlineDir);
    const restoredTurns = (await fromOnline.rpc.invoke('turns.list', { campaignId: CAMPAIGN, limit: 200 }, admin)).turns;
    expect(restoredTurns.length).toBeGreaterThanOrEqual(before);
    for (const turn of restoredTurns.filter((t) => t.status === 'completed')) {
      expect(await fromOnline.rpc.invoke('turns.get', { turnId: turn.id }, admin)).toEqual(
        await source.rpc.invoke('turns.get', { turnId: turn.id }, admin),
      );
    }
    expect((await fromOnline.rpc.invoke('audit.verify', {}, admin)).ok).toBe(true);

    // With the source quiet, the restore answers exactly as the source does (plus the restore's audit entry).
    await source.services.metricsHistory.snapshotRegistry(source.services.metrics.registry);
    source.services.traces.insert([syntheticTrace({ spanCount: 40, seed: 7, startMs: Date.now() - 60_000 })]);
    await source.services.tracing?.flush();
    const until = new Date().toISOString();
    const atBackup = await queryAnswers(source, until);
    expect(atBackup.traces.total).toBeGreaterThan(0);
    expect(atBackup.audit.total).toBeGreaterThan(0);
    const quiet = await source.services.backups.create({ trigger: 'manual' });
    const restoredDir = dataDir();
    const result = restoreBackup({ file: quiet.path, dataDir: restoredDir, actor: operator });
    expect(result).toMatchObject({ sha256: quiet.backup.sha256, checksum: 'verified', previous: null });
    const restored = openHost(restoredDir);
    const answers = await queryAnswers(restored, until);
    expect(answers.turns).toEqual(atBackup.turns);
    expect(answers.details).toEqual(atBackup.details);
    expect(answers.traces).toEqual(atBackup.traces);
    expect(answers.metrics).toEqual(atBackup.metrics);
    const [restoreEntry, ...rest] = answers.audit.entries;
    expect(rest).toEqual(atBackup.audit.entries);
    expect(restoreEntry).toMatchObject({
      action: 'backups.restore',
      actor: 'cli:backup-tester',
      target: `backup:${quiet.backup.fileName}`,
    });
    expect(restoreEntry?.detail).toContain(`sha256 ${quiet.backup.sha256}`);
    expect(await restored.rpc.invoke('audit.verify', {}, admin)).toMatchObject({ ok: true, entries: atBackup.audit.total + 1 });
  });

  it('keeps the replaced database as a copy and removes its stale WAL', async () => {
    const { file } = await backupFile();
    const { dir, live } = await liveDataDir();
    const liveHash = sha256(live);
    writeFileSync(`${live}-shm`, 'stale');
    const result = restoreBackup({ file, dataDir: dir, actor: operator, now: () => new Date('2026-11-23T05:00:00.000Z') });
    expect(result.previous).toBe(`${DATABASE_FILE}.before-restore-2026-11-23T05-00-00-000Z`);
    expect(sha256(join(dir, result.previous as string))).toBe(liveHash);
    expect(existsSync(`${live}-shm`)).toBe(false);
    const restored = openHost(dir);
    expect((await restored.rpc.invoke('turns.list', { campaignId: CAMPAIGN }, admin)).turns).toHaveLength(3);
  });

  it('refuses truncated, byte-flipped, mismatched and foreign files with one clear sentence, leaving the live database untouched', async () => {
    const { file, source } = await backupFile();
    const { dir, live } = await liveDataDir();
    const liveHash = sha256(live);
    const work = dataDir();
    const variant = (name: string, sidecar: boolean): string => {
      const path = join(work, name);
      copyFileSync(file, path);
      if (sidecar) copyFileSync(sidecarPath(file), sidecarPath(path));
      return path;
    };
    const refusal = (path: string): string => {
      try {
        restoreBackup({ file: path, dataDir: dir, actor: operator });
      } catch (error) {
        expect(error).toBeInstanceOf(BackupRefusedError);
        const message = (error as Error).message;
        expect(message).not.toContain('\n');
        return message;
      }
      throw new Error(`${path} was restored`);
    };

    const truncated = variant('truncated.db', false);
    truncateSync(truncated, Math.floor(readFileSync(truncated).length / 2) + 100);
    expect(refusal(truncated)).toMatch(/is truncated/);

    const truncatedToPages = variant('truncated-pages.db', false);
    truncateSync(truncatedToPages, 4096 * 4);
    expect(refusal(truncatedToPages)).toMatch(/is truncated|corrupt/);

    const flipped = variant('flipped.db', true);
    const bytes = readFileSync(flipped);
    bytes[bytes.length - 3000] = (bytes[bytes.length - 3000] ?? 0) ^ 0xff;
    writeFileSync(flipped, bytes);
    expect(refusal(flipped)).toMatch(/does not match its checksum/);

    const mismatched = variant('mismatched.db', false);
    writeFileSync(sidecarPath(mismatched), `${'ab'.repeat(32)}  mismatched.db\n`);
    expect(refusal(mismatched)).toMatch(/does not match its checksum/);

    // No sidecar, one byte of an audit entry's stored hash changed: integrity_check passes, the chain does not.
    const tampered = variant('tampered.db', false);
    const firstHash = (await source.rpc.invoke('audit.list', { limit: 1000 }, admin)).entries.at(-1)?.hash as string;
    const content = readFileSync(tampered);
    const at = content.indexOf(Buffer.from(firstHash, 'latin1'));
    expect(at).toBeGreaterThan(0);
    content[at] = content[at] === 0x61 ? 0x62 : 0x61;
    writeFileSync(tampered, content);
    expect(refusal(tampered)).toMatch(/broken audit chain/);

    const text = join(work, 'notes.txt');
    writeFileSync(text, 'this is not a database\n'.repeat(50));
    expect(refusal(text)).toMatch(/not a SQLite database/);

    const foreign = join(work, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE recipes (name TEXT)');
    other.close();
    expect(refusal(foreign)).toMatch(/not a novel-console one/);

    expect(refusal(join(work, 'missing.db'))).toMatch(/does not exist/);

    expect(sha256(live)).toBe(liveHash);
    expect(readdirSync(dir).filter((name) => name.includes('restore'))).toEqual([]);
  });

  it('refuses to restore while a console holds the data dir', async () => {
    const { file } = await backupFile();
    const { dir, live } = await liveDataDir();
    const liveHash = sha256(live);
    const running = createHost({ dataDir: dir, face: 'headless', telemetry: { recorder: { enabled: false } } });
    try {
      expect(() => restoreBackup({ file, dataDir: dir, actor: operator })).toThrow(DataDirBusyError);
      expect(() => restoreBackup({ file, dataDir: dir, actor: operator })).toThrow(/is running on .*stop it/);
    } finally {
      await running.close();
    }
    expect(sha256(live)).toBe(liveHash);
    // Once it has stopped, the same restore goes ahead.
    expect(restoreBackup({ file, dataDir: dir, actor: operator }).previous).not.toBeNull();
  });
});

describe('backup and shutdown', () => {
  it('cancels a running backup when the console closes, leaving no partial file', async () => {
    const dir = dataDir();
    // One page a step, 50 ms apart: the copy would take seconds.
    const host = createHost({
      dataDir: dir,
      face: 'headless',
      telemetry: { recorder: { enabled: false } },
      backups: { retentionJobs: false, pace: { pagesPerStep: 1, pauseMs: 50 } },
    });
    const backup = host.services.backups.create({ trigger: 'manual' });
    backup.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    await host.close();
    expect(performance.now() - started).toBeLessThan(2000);
    await expect(backup).rejects.toThrow(/cancelled: the console is closing/);
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
  });
});

describe('backup schedule', () => {
  it('takes a backup when one is due, audits it, and keeps at most `keep`', async () => {
    const host = openHost(dataDir());
    const { settings } = await host.rpc.invoke(
      'backups.settings.set',
      { schedule: { enabled: true, intervalHours: 1, keep: 3 }, retention: { tracesDays: 7, alertsDays: 30, logsDays: 14 } },
      admin,
    );
    expect(settings.schedule.keep).toBe(3);
    const runner = startBackupSchedule({ backups: host.services.backups, logger: host.logger, since: new Date().toISOString() });
    cleanups.push(() => runner.stop());
    expect(await runner.runDue(Date.now())).toBeNull();
    for (let hours = 2; hours <= 10; hours += 2) expect(await runner.runDue(Date.now() + hours * 3600_000)).not.toBeNull();
    const { backups } = await host.rpc.invoke('backups.list', {}, admin);
    expect(backups).toHaveLength(3);
    expect(backups.every((backup) => backup.trigger === 'schedule' && /^[0-9a-f]{64}$/.test(backup.sha256 ?? ''))).toBe(true);
    const audit = await host.rpc.invoke('audit.list', { action: 'backups.create', limit: 100 }, admin);
    expect(audit.entries.filter((entry) => entry.actor === 'system:backup-schedule')).toHaveLength(5);
    const metrics = await host.services.metrics.registry.metrics();
    expect(metrics).toMatch(/novel_engine_backups_total\{result="ok"\} 5/);
    expect(metrics).toMatch(/novel_engine_backup_last_success_timestamp_seconds \d+/);
    // Not due again right after the last one.
    expect(await runner.runDue(Date.now())).toBeNull();
  });

  it('refuses a second backup while one runs, and backups.create is audited', async () => {
    const host = openHost(dataDir());
    const first = host.rpc.invoke('backups.create', {}, admin);
    await expect(host.rpc.invoke('backups.create', {}, admin)).rejects.toMatchObject({ code: 'conflict' });
    const { backup } = await first;
    expect(backup.trigger).toBe('manual');
    const audit = await host.rpc.invoke('audit.list', { action: 'backups.create', limit: 10 }, admin);
    expect(audit.entries.map((entry) => entry.outcome).sort()).toEqual(['failed', 'ok']);
  });
});

describe('retention', () => {
  it('deletes only rows older than their window and moves the oldest-data gauges', async () => {
    const dir = dataDir();
    const host = openHost(dir);
    const now = Date.now();
    const DAY = 86_400_000;
    const { traces, metricsHistory, metrics } = host.services;
    traces.insert([
      syntheticTrace({ spanCount: 10, seed: 1, startMs: now - 20 * DAY }),
      syntheticTrace({ spanCount: 10, seed: 2, startMs: now - 2 * DAY }),
    ]);
    const insertTransition = host.db.prepare(
      "INSERT INTO alert_transitions (fingerprint, rule_name, episode, from_state, to_state, at, value) VALUES ('f', 'r', 1, 'inactive', 'pending', ?, 1)",
    );
    insertTransition.run(now - 40 * DAY);
    insertTransition.run(now - 3 * DAY);
    const insertOutbox = host.db.prepare(
      `INSERT INTO notification_outbox (channel_id, idempotency_key, payload, summary, group_key, status, created_at, next_attempt_at)
       VALUES ('c', ?, '{}', 's', 'g', ?, ?, ?)`,
    );
    insertOutbox.run('old-delivered', 'delivered', now - 40 * DAY, now - 40 * DAY);
    insertOutbox.run('old-pending', 'pending', now - 40 * DAY, now - 40 * DAY);
    insertOutbox.run('new-delivered', 'delivered', now - DAY, now - DAY);
    metricsHistory.appendSnapshot(now - 100 * DAY, [
      { name: 'backup_test_gauge', metric: 'backup_test_gauge', type: 'gauge', labels: {}, value: 1 },
    ]);
    metricsHistory.appendSnapshot(now - 60_000, [
      { name: 'backup_test_gauge', metric: 'backup_test_gauge', type: 'gauge', labels: {}, value: 2 },
    ]);
    mkdirSync(join(dir, 'logs'), { recursive: true });
    for (const [name, ageDays] of [
      ['console.1.log', 30],
      ['console.2.log', 3],
      ['console.3.log', 0],
    ] as const) {
      writeFileSync(join(dir, 'logs', name), '{}\n');
      const at = (now - ageDays * DAY) / 1000;
      utimesSync(join(dir, 'logs', name), at, at);
    }

    const gauge = async () => {
      const text = await metrics.registry.getSingleMetricAsString('novel_engine_oldest_data_timestamp_seconds');
      return Object.fromEntries([...text.matchAll(/kind="(\w+)"\} (\S+)/g)].map((m) => [m[1], Number(m[2])]));
    };
    const before = await gauge();
    expect(before.traces).toBeCloseTo((now - 20 * DAY) / 1000, -1);
    expect(before.alerts).toBeCloseTo((now - 40 * DAY) / 1000, -1);
    expect(before.samples).toBeCloseTo((now - 100 * DAY) / 1000, -1);

    const { deleted, retention } = await host.rpc.invoke('backups.retention.run', {}, admin);
    expect(deleted).toEqual({ samples: 1, traces: 1, alerts: 2, logs: 1 });
    expect(traces.count()).toBe(1);
    expect(host.db.prepare('SELECT idempotency_key FROM notification_outbox ORDER BY id').pluck().all()).toEqual([
      'old-pending',
      'new-delivered',
    ]);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['console.2.log', 'console.3.log']);
    expect(retention.lastRunAt).not.toBeNull();

    const after = await gauge();
    expect(after.traces).toBeCloseTo((now - 2 * DAY) / 1000, -1);
    expect(after.alerts).toBeCloseTo((now - 3 * DAY) / 1000, -1);
    expect(after.samples).toBeGreaterThan(before.samples ?? 0);
    expect(after.audit).toBeGreaterThan(0);
    expect(Date.parse(retention.oldest.traces ?? '')).toBeCloseTo(now - 2 * DAY, -4);
    expect(await host.services.metrics.registry.getSingleMetricAsString('novel_engine_database_size_bytes')).toMatch(/ \d+/);
    rmSync(join(dir, 'logs'), { recursive: true, force: true });
  });
});
