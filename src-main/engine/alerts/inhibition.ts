/**
 * Inhibition (Alertmanager's inhibit_rules): a firing alert matching a rule's source matchers mutes the
 * alerts matching its target matchers that carry the same values for the `equal` labels (a label absent
 * on both counts as equal). The default rule: a critical alert mutes the warning of the same alertname.
 * An alert never inhibits itself.
 */
import type { InhibitRule } from '../../../src-shared/domain/alerts';
import { compileMatchers, type Labels } from './label-matchers';

export interface InhibitionCandidate {
  fingerprint: string;
  labels: Labels;
  firing: boolean;
}

/** Fingerprint of each inhibited alert -> the fingerprints of the firing alerts that inhibit it. */
export function inhibitions(alerts: readonly InhibitionCandidate[], rules: readonly InhibitRule[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const rule of rules) {
    const isSource = compileMatchers(rule.sourceMatchers);
    const isTarget = compileMatchers(rule.targetMatchers);
    const keyOf = (labels: Labels) => JSON.stringify(rule.equal.map((name) => labels[name] ?? ''));
    const sources = new Map<string, string[]>();
    for (const alert of alerts) {
      if (!alert.firing || !isSource(alert.labels)) continue;
      const key = keyOf(alert.labels);
      const list = sources.get(key);
      if (list) list.push(alert.fingerprint);
      else sources.set(key, [alert.fingerprint]);
    }
    if (sources.size === 0) continue;
    for (const alert of alerts) {
      if (!isTarget(alert.labels)) continue;
      const by = (sources.get(keyOf(alert.labels)) ?? []).filter((fingerprint) => fingerprint !== alert.fingerprint);
      if (by.length === 0) continue;
      const known = result.get(alert.fingerprint);
      result.set(alert.fingerprint, known ? [...new Set([...known, ...by])] : by);
    }
  }
  return result;
}
