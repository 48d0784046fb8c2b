/**
 * The Slack channel: a message to an incoming webhook (docs.slack.dev, "Sending messages using incoming
 * webhooks") summarizing the group — `text` as the notification fallback, Block Kit `blocks` (header,
 * summary, context) and one colored attachment listing the alerts (red while firing, green once resolved).
 * Text is clipped to Block Kit's limits (header 150, section 3000, 10 context elements, 50 blocks).
 */
import type { SlackSecret, SlackSettings } from '../../../../src-shared/domain/notifications';
import type { GroupNotification, NotifiedAlert } from '../../alerts/notification';
import { clip, countByStatus, groupSeverity, groupSummary, groupTitle } from './group-summary';
import { postJson } from './http-post';

const FIRING_COLOR = '#d63232';
const RESOLVED_COLOR = '#2eb67d';

type TextObject = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };
type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text: TextObject }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

export interface SlackMessage {
  text: string;
  blocks: Block[];
  attachments: Array<{ color: string; fallback: string; blocks: Block[] }>;
}

/** Slack's mrkdwn needs &, < and > escaped; everything else is shown as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function link(url: string, label: string): string {
  return /^https?:\/\//.test(url) ? `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label)}>` : escapeMrkdwn(label);
}

function alertLine(alert: NotifiedAlert): string {
  const name = alert.labels.alertname ?? alert.fingerprint;
  const summary = alert.annotations.summary ?? alert.annotations.description ?? '';
  const labels = Object.entries(alert.labels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  const state = alert.status === 'firing' ? ':red_circle:' : ':large_green_circle:';
  return clip(
    `${state} *${link(alert.generatorURL, name)}*${summary ? ` — ${escapeMrkdwn(summary)}` : ''}${labels ? `\n\`${escapeMrkdwn(labels)}\`` : ''}`,
    3000,
  );
}

export function slackMessage(notification: GroupNotification, settings: Pick<SlackSettings, 'maxAlerts'>): SlackMessage {
  const title = groupTitle(notification);
  const summary = groupSummary(notification);
  const severity = groupSeverity(notification);
  const { firing, resolved } = countByStatus(notification.alerts);
  const firingNow = notification.status === 'firing';
  const icon = firingNow ? (severity === 'critical' ? ':rotating_light:' : ':warning:') : ':white_check_mark:';

  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } }];
  if (summary) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`${icon} ${escapeMrkdwn(summary)}`, 3000) } });
  const context: TextObject[] = [
    { type: 'mrkdwn', text: `*Status:* ${firingNow ? 'firing' : 'resolved'} (${firing} firing, ${resolved} resolved)` },
  ];
  if (severity) context.push({ type: 'mrkdwn', text: `*Severity:* ${severity}` });
  const grouping = Object.entries(notification.groupLabels).map(([key, value]) => `${key}=${value}`);
  if (grouping.length > 0) context.push({ type: 'mrkdwn', text: clip(`*Group:* ${escapeMrkdwn(grouping.join(', '))}`, 2000) });
  if (notification.commonAnnotations.runbook) {
    context.push({ type: 'mrkdwn', text: `*Runbook:* ${link(notification.commonAnnotations.runbook, 'open')}` });
  }
  if (/^https?:\/\//.test(notification.externalURL))
    context.push({ type: 'mrkdwn', text: link(notification.externalURL, 'Novel Engine Console') });
  blocks.push({ type: 'context', elements: context.slice(0, 10) });

  const shown = notification.alerts.slice(0, settings.maxAlerts);
  const hidden = notification.alerts.length - shown.length + notification.truncatedAlerts;
  const alertBlocks: Block[] = shown.map((alert) => ({ type: 'section', text: { type: 'mrkdwn', text: alertLine(alert) } }));
  if (hidden > 0) alertBlocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more` }] });

  const text = clip(`${title}${summary ? ` — ${summary}` : ''}`, 3000);
  return {
    text,
    blocks,
    attachments: alertBlocks.length > 0 ? [{ color: firingNow ? FIRING_COLOR : RESOLVED_COLOR, fallback: text, blocks: alertBlocks }] : [],
  };
}

export async function sendSlack(
  notification: GroupNotification,
  settings: SlackSettings,
  secret: SlackSecret,
  context: { idempotencyKey: string; signal: AbortSignal },
): Promise<void> {
  // Incoming webhooks answer 200 with the body "ok"; errors come as 4xx with a short code (invalid_payload, no_service…).
  await postJson({
    url: secret.url,
    body: slackMessage(notification, settings),
    idempotencyKey: context.idempotencyKey,
    timeoutMs: settings.timeoutMs,
    signal: context.signal,
  });
}
