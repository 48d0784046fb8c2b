/**
 * A host for the delivery tests: a real engine (createHost) on a temporary data dir with the real keychain,
 * its outbox retrying in tens of milliseconds instead of seconds, and its breakers cooling down in 300 ms
 * instead of 30 s, so a receiver that is down for a while and comes back fits in a test.
 */
import { createHost, type Host } from '../../../src-main/engine/host';
import type { Logger } from '../../../src-main/engine/logger';
import type { NotificationOptions } from '../../../src-main/engine/notifications/notification-service';
import { identityForRole } from '../../../src-shared/rbac';

export const developer = identityForRole('sre-on-call', 'developer');

export const FAST_DELIVERY: NotificationOptions = {
  retry: { baseMs: 20, capMs: 200, horizonMs: 3600_000 },
  pollIntervalMs: 25,
  breaker: { coolDownMs: 300 },
};

export function openHost(dataDir: string, options: { notifications?: NotificationOptions; logger?: Logger } = {}): Host {
  return createHost({
    dataDir,
    face: 'headless',
    env: {},
    telemetry: { recorder: { enabled: false }, tracing: false },
    notifications: { ...FAST_DELIVERY, ...options.notifications },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

export async function metricValue(host: Host, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = host.services.metrics.registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  return values.find((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))?.value;
}
