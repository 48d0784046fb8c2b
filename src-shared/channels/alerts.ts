/**
 * Alerts (issue 6): rules, alert states and transitions, silences, routes, incidents.
 * Gathered into the contract by src-shared/contract.ts.
 *
 * Permissions (SPEC section 4): seeing alerts, rules, silences and routes needs metrics.view; changing
 * rules, routes and silences needs metrics.admin. Acknowledging needs only metrics.view: it is the
 * responder's act on an incident (it stops the escalation of that episode), not configuration, and who
 * can see an alert is who answers it; it is audited like every mutation. rules.preview changes nothing
 * and reads what metrics.query already offers, so it is metrics.view too.
 */
import { z } from 'zod';
import { channel, topic } from '../channel-spec';
import {
  AlertDetail,
  AlertRule,
  Alert as AlertSchema,
  AlertsChanged,
  AlertsListRequest,
  AlertsListResponse,
  RoutesResponse,
  RoutingConfig,
  RULE_KINDS,
  RuleInfo,
  RuleName,
  RulesPreviewRequest,
  RulesPreviewResponse,
  SEVERITIES,
  SILENCE_STATES,
  Silence,
  SilencesCreateRequest,
} from '../domain/alerts';

const Fingerprint = z.string().regex(/^[0-9a-f]{16}$/, 'an alert fingerprint is 16 lowercase hex digits');
const SilenceId = z.string().min(1).max(100);

export const alertChannels = {
  'alerts.list': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'Alerts by state (pending, firing, resolved), severity, labels, silenced/inhibited and acknowledgement, firing first.',
    request: AlertsListRequest,
    response: AlertsListResponse,
  }),
  'alerts.get': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: "One alert with every state transition, the notifications sent for it and its rule's value over the last hours.",
    request: z.strictObject({ fingerprint: Fingerprint, hours: z.number().int().min(1).max(168).default(6) }),
    response: AlertDetail,
  }),
  'alerts.ack': channel({
    permission: 'metrics.view',
    mutates: true,
    auditTarget: { field: 'fingerprint', kind: 'alert' },
    summary: 'Acknowledges an alert (who, when, why) for its current episode: an acknowledged critical alert is not escalated.',
    request: z.strictObject({ fingerprint: Fingerprint, comment: z.string().max(2000).default('') }),
    response: z.strictObject({ alert: AlertSchema }),
  }),
  'rules.list': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'Alert rules with their health, last evaluation and how many alerts each has pending and firing.',
    request: z.strictObject({
      kind: z.enum(RULE_KINDS).optional(),
      severity: z.enum(SEVERITIES).optional(),
      group: z.string().max(64).optional(),
    }),
    response: z.strictObject({ rules: z.array(RuleInfo) }),
  }),
  'rules.get': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'One alert rule.',
    request: z.strictObject({ name: RuleName }),
    response: RuleInfo,
  }),
  'rules.save': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'name', kind: 'rule' },
    summary:
      'Creates or replaces an alert rule (validated: its metric must exist and its function fit the metric); pass the version you edited as expectedVersion to refuse overwriting a newer save.',
    request: z
      .strictObject({ name: RuleName, rule: AlertRule, expectedVersion: z.number().int().positive().optional() })
      .refine((request) => request.rule.name === request.name, { path: ['rule', 'name'], message: 'must equal name' }),
    response: z.strictObject({ rule: RuleInfo, created: z.boolean() }),
  }),
  'rules.preview': channel({
    permission: 'metrics.view',
    mutates: false,
    summary:
      'Evaluates a rule (saved or not) over the recorded history: the compared series and when it would have been pending and firing, honouring for and keep_firing_for.',
    request: RulesPreviewRequest,
    response: RulesPreviewResponse,
  }),
  'rules.delete': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'name', kind: 'rule' },
    summary: 'Deletes an alert rule; its alerts resolve at once (and notify as resolved where they had notified as firing).',
    request: z.strictObject({ name: RuleName }),
    response: z.strictObject({ deleted: z.boolean() }),
  }),
  'silences.list': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'Silences by state (pending, active, expired), newest first, with how many alerts each mutes now.',
    request: z.strictObject({
      states: z.array(z.enum(SILENCE_STATES)).min(1).default(['pending', 'active']),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    response: z.strictObject({ silences: z.array(Silence) }),
  }),
  'silences.create': channel({
    permission: 'metrics.admin',
    mutates: true,
    summary:
      'Silences the alerts whose labels match every matcher (=, !=, =~, !~) from startsAt to endsAt; at least one matcher must not match an empty label.',
    request: SilencesCreateRequest,
    response: z.strictObject({ silence: Silence }),
  }),
  'silences.expire': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'id', kind: 'silence' },
    summary: 'Ends a silence now (a pending one never starts).',
    request: z.strictObject({ id: SilenceId }),
    response: z.strictObject({ silence: Silence }),
  }),
  'routes.get': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'The notification route tree (matchers, receivers, grouping, timing, escalation) and the inhibition rules.',
    request: z.strictObject({}),
    response: RoutesResponse,
  }),
  'routes.set': channel({
    permission: 'metrics.admin',
    mutates: true,
    summary: 'Replaces the route tree and inhibition rules; every receiver must be console or a notification channel.',
    request: z.strictObject({ config: RoutingConfig, expectedVersion: z.number().int().positive().optional() }),
    response: RoutesResponse,
  }),
} as const;

export const alertTopics = {
  'alerts.changed': topic({
    permission: 'metrics.view',
    summary: 'Alert state transitions after each evaluation, and acknowledgements, silence, rule and route changes.',
    payload: AlertsChanged,
  }),
} as const;
