/**
 * The views of the Alerts page and their addresses: `#/alerts` (the alerts), `#/alerts/<fingerprint>`
 * (one alert), `#/alerts/silences`, `#/alerts/rules`, `#/alerts/rules/new`, `#/alerts/rules/<name>`,
 * `#/alerts/channels`, `#/alerts/channels/new` and `#/alerts/channels/<id>`. A fingerprint is 16 hex
 * digits, so it never collides with the view names.
 */
import { pageHref } from '../../shell/hash-route';

export const ALERTS_PAGE_ID = 'alerts';

export type AlertsRoute =
  | { view: 'alerts' }
  | { view: 'alert'; fingerprint: string }
  | { view: 'silences' }
  | { view: 'rules' }
  | { view: 'rule'; name: string | null }
  | { view: 'channels' }
  | { view: 'channel'; id: string | null }
  | { view: 'unknown'; path: string };

const FINGERPRINT = /^[0-9a-f]{16}$/;

/** Parses the segments after `alerts`. */
export function parseAlertsRoute(segments: readonly string[]): AlertsRoute {
  const [first, second, ...rest] = segments;
  if (first === undefined) return { view: 'alerts' };
  if (rest.length === 0) {
    if (first === 'silences' && second === undefined) return { view: 'silences' };
    if (first === 'rules') return second === undefined ? { view: 'rules' } : { view: 'rule', name: second === 'new' ? null : second };
    if (first === 'channels')
      return second === undefined ? { view: 'channels' } : { view: 'channel', id: second === 'new' ? null : second };
    if (second === undefined && FINGERPRINT.test(first)) return { view: 'alert', fingerprint: first };
  }
  return { view: 'unknown', path: segments.join('/') };
}

export const alertsHref = {
  alerts: () => pageHref(ALERTS_PAGE_ID),
  alert: (fingerprint: string) => pageHref(ALERTS_PAGE_ID, fingerprint),
  silences: () => pageHref(ALERTS_PAGE_ID, 'silences'),
  rules: () => pageHref(ALERTS_PAGE_ID, 'rules'),
  rule: (name: string) => pageHref(ALERTS_PAGE_ID, 'rules', name),
  newRule: () => pageHref(ALERTS_PAGE_ID, 'rules', 'new'),
  channels: () => pageHref(ALERTS_PAGE_ID, 'channels'),
  channel: (id: string) => pageHref(ALERTS_PAGE_ID, 'channels', id),
  newChannel: () => pageHref(ALERTS_PAGE_ID, 'channels', 'new'),
};

/** The runbook page for an alert (the Runbooks page reads `alert` to show the alert's live context). */
export function runbookHref(slug: string, fingerprint: string): string {
  return `${pageHref('runbooks', slug)}?alert=${encodeURIComponent(fingerprint)}`;
}
