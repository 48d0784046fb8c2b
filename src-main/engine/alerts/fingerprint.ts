/**
 * An alert's identity: its labels (alertname, severity, the rule's labels and the series' labels),
 * sorted, hashed to 16 hex digits. The same series of the same rule always gets the same fingerprint,
 * across evaluations and restarts.
 */
import { createHash } from 'node:crypto';
import type { Labels } from './label-matchers';

/** Labels with keys in sorted order, as stored and shown. */
export function sortedLabels(labels: Labels): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) sorted[key] = labels[key] as string;
  return sorted;
}

export function fingerprintOf(labels: Labels): string {
  return createHash('sha256')
    .update(JSON.stringify(sortedLabels(labels)))
    .digest('hex')
    .slice(0, 16);
}

/** A short stable digest of any text (group keys, idempotency keys). */
export function digest(text: string, length = 24): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
