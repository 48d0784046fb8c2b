/**
 * The payload shapes of the services the notification channels talk to, written from their own
 * documentation (not from our code), so the tests check what we send against what they accept:
 * - Alertmanager webhook_config body, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config);
 * - Alertmanager API v2 `postableAlerts` (api/v2/openapi.yaml: postableAlert = {startsAt, endsAt, annotations}
 *   + alert {labels (required), generatorURL (uri)}; labelSet = map of string to string);
 * - PagerDuty Events API v2 alert event ("Send an Alert Event": routing_key, event_action, dedup_key ≤ 255,
 *   payload.summary ≤ 1024, source, severity critical|error|warning|info, custom_details object);
 * - Slack incoming webhook message with Block Kit (text, blocks ≤ 50: header plain_text ≤ 150, section text
 *   ≤ 3000, context ≤ 10 elements; attachments with color).
 */
import { z } from 'zod';

const LabelSet = z.record(z.string(), z.string());
/** RFC 3339 with any offset; Alertmanager writes the zero time `0001-01-01T00:00:00Z` for "not ended". */
const Rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'an RFC 3339 timestamp');
const Status = z.enum(['resolved', 'firing']);

export const WebhookAlertV4 = z.strictObject({
  status: Status,
  labels: LabelSet,
  annotations: LabelSet,
  startsAt: Rfc3339,
  endsAt: Rfc3339,
  generatorURL: z.string(),
  fingerprint: z.string(),
});

export const WebhookPayloadV4 = z.strictObject({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative(),
  status: Status,
  receiver: z.string(),
  groupLabels: LabelSet,
  commonLabels: LabelSet,
  commonAnnotations: LabelSet,
  externalURL: z.string(),
  alerts: z.array(WebhookAlertV4),
});

export const PostableAlert = z.strictObject({
  labels: LabelSet,
  generatorURL: z.url().optional(),
  startsAt: Rfc3339.optional(),
  endsAt: Rfc3339.optional(),
  annotations: LabelSet.optional(),
});
export const PostableAlerts = z.array(PostableAlert);

export const PagerDutyAlertEvent = z
  .strictObject({
    routing_key: z.string().min(1),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: z.string().max(255).optional(),
    payload: z
      .strictObject({
        summary: z.string().min(1).max(1024),
        source: z.string().min(1),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: Rfc3339.optional(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    images: z.array(z.strictObject({ src: z.string(), href: z.string().optional(), alt: z.string().optional() })).optional(),
    links: z.array(z.strictObject({ href: z.string(), text: z.string().optional() })).optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
  })
  .refine((event) => event.event_action !== 'trigger' || event.payload !== undefined, 'a trigger event needs its payload')
  .refine((event) => event.event_action === 'trigger' || event.dedup_key !== undefined, 'acknowledge and resolve name the dedup_key');

const PlainText = z.strictObject({ type: z.literal('plain_text'), text: z.string().min(1), emoji: z.boolean().optional() });
const Mrkdwn = z.strictObject({ type: z.literal('mrkdwn'), text: z.string().min(1), verbatim: z.boolean().optional() });
const TextObject = z.union([PlainText, Mrkdwn]);
const Block = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('header'),
    text: PlainText.extend({ text: z.string().min(1).max(150) }),
    block_id: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('section'),
    text: z.union([PlainText.extend({ text: z.string().min(1).max(3000) }), Mrkdwn.extend({ text: z.string().min(1).max(3000) })]),
    block_id: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('context'), elements: z.array(TextObject).min(1).max(10), block_id: z.string().optional() }),
  z.strictObject({ type: z.literal('divider'), block_id: z.string().optional() }),
]);

export const SlackMessage = z.strictObject({
  text: z.string().min(1),
  blocks: z.array(Block).max(50).optional(),
  attachments: z
    .array(
      z.strictObject({
        color: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$|^(good|warning|danger)$/)
          .optional(),
        fallback: z.string().optional(),
        blocks: z.array(Block).max(50).optional(),
        text: z.string().optional(),
      }),
    )
    .optional(),
});
