/**
 * Probes for supervisors and SREs: `/health` (alive), `/health/ready` (database current and not shutting
 * down; 503 otherwise) and `/health/detailed` (database, disk, memory and event-loop checks).
 */
import { statfs } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Host } from '../engine/host';

/** Below this much free disk the data dir is considered unhealthy (SQLite needs room for WAL and backups). */
const MIN_FREE_DISK_BYTES = 256 * 1024 * 1024;
/** Event-loop p99 lag above this marks the process as struggling. */
const MAX_EVENT_LOOP_P99_MS = 500;

export function registerHealthRoutes(app: FastifyInstance, host: Host): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/health/ready', async (_request, reply) => {
    const health = host.isOpen() ? host.services.system.health() : undefined;
    const ready = health?.status === 'ok';
    reply.code(ready ? 200 : 503);
    return {
      ready,
      reason: ready ? null : health ? (health.database.error ?? 'database schema is not current') : 'shutting down',
    };
  });

  app.get('/health/detailed', async (_request, reply) => {
    if (!host.isOpen()) {
      reply.code(503);
      return { status: 'unavailable', checks: {}, reason: 'shutting down' };
    }
    const health = host.services.system.health();
    const disk = await diskCheck(host.dataDir);
    const memory = process.memoryUsage();
    const lag = host.services.runtime.lag();
    const checks = {
      database: {
        ok: health.status === 'ok',
        reachable: health.database.reachable,
        schemaVersion: health.database.schemaVersion,
        latestSchemaVersion: health.database.latestSchemaVersion,
        error: health.database.error,
      },
      disk,
      memory: { ok: true, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal },
      eventLoop: { ok: lag.p99 <= MAX_EVENT_LOOP_P99_MS, lagMs: lag },
    };
    const ok = Object.values(checks).every((check) => check.ok);
    reply.code(checks.database.ok ? 200 : 503);
    return {
      status: ok ? 'ok' : checks.database.ok ? 'degraded' : 'unavailable',
      uptimeSeconds: health.uptimeSeconds,
      versions: health.versions,
      checks,
    };
  });
}

async function diskCheck(dir: string) {
  try {
    const stats = await statfs(dir);
    const freeBytes = stats.bavail * stats.bsize;
    return { ok: freeBytes >= MIN_FREE_DISK_BYTES, path: dir, freeBytes, totalBytes: stats.blocks * stats.bsize, error: null };
  } catch (error) {
    return { ok: false, path: dir, freeBytes: 0, totalBytes: 0, error: (error as Error).message };
  }
}
