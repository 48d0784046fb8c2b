/**
 * Which alerts are muted now, and by what: active silences (by id) and inhibition by firing alerts (by
 * fingerprint). Worked out over the live alerts whenever a view or a flush needs it — a few hundred
 * alerts at most, so no cache to keep in step with silences, routes and time.
 */
import type { InhibitRule } from '../../../src-shared/domain/alerts';
import type { AlertRecord } from './alert-store';
import { inhibitions } from './inhibition';
import { activeSilences, type SilenceRecord } from './silences';

export interface Mutes {
  silencedBy(fingerprint: string): string[];
  inhibitedBy(fingerprint: string): string[];
  isMuted(fingerprint: string): boolean;
}

export function computeMutes(
  alerts: Iterable<AlertRecord>,
  silences: readonly SilenceRecord[],
  inhibitRules: readonly InhibitRule[],
  nowMs: number,
): Mutes {
  const active = activeSilences(silences, nowMs);
  const silenced = new Map<string, string[]>();
  const candidates: { fingerprint: string; labels: Record<string, string>; firing: boolean }[] = [];
  for (const alert of alerts) {
    const by = active.muting(alert.labels);
    if (by.length > 0) silenced.set(alert.fingerprint, by);
    if (alert.state === 'pending' || alert.state === 'firing') {
      candidates.push({ fingerprint: alert.fingerprint, labels: alert.labels, firing: alert.state === 'firing' });
    }
  }
  const inhibited = inhibitRules.length > 0 ? inhibitions(candidates, inhibitRules) : new Map<string, string[]>();
  return {
    silencedBy: (fingerprint) => silenced.get(fingerprint) ?? [],
    inhibitedBy: (fingerprint) => inhibited.get(fingerprint) ?? [],
    isMuted: (fingerprint) => silenced.has(fingerprint) || inhibited.has(fingerprint),
  };
}
