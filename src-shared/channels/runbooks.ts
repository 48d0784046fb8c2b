/**
 * Runbooks (issue 6): shipped and user-written Markdown runbooks and the steps taken on an incident.
 * Gathered into the contract by src-shared/contract.ts.
 *
 * Reading runbooks is open to every role (a story master needs the quarantine runbook as much as an SRE
 * needs the latency one); writing them is SRE work (metrics.admin). Recording a step that is an action
 * also needs the permission of the action's channel (silences.create, trust.release, turns.run,
 * traces.get) — the handler checks that, as it depends on the step; a plain checklist step needs only
 * the channel's permission.
 */
import { z } from 'zod';
import { channel, topic } from '../channel-spec';
import {
  RunbookChanged,
  RunbookDetail,
  RunbookSummary,
  RunbooksGetRequest,
  RunbooksListRequest,
  RunbooksRevertRequest,
  RunbooksSaveRequest,
  StepRecord,
  StepRecordRequest,
  StepsListRequest,
} from '../domain/runbooks';

export const runbookChannels = {
  'runbooks.list': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    summary: 'Runbooks (shipped and written in the console), by title, filtered by text, alert name or tag.',
    request: RunbooksListRequest,
    response: z.strictObject({ runbooks: z.array(RunbookSummary) }),
  }),
  'runbooks.get': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    summary: 'One runbook: its Markdown source, parsed blocks and steps, and its version history; an earlier version on request.',
    request: RunbooksGetRequest,
    response: z.strictObject({ runbook: RunbookDetail }),
  }),
  'runbooks.save': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'slug', kind: 'runbook' },
    summary:
      'Saves a runbook as a new version (or creates one when baseVersion is null); a shipped runbook is overridden, never changed. Refused when its front matter or steps do not parse, or when baseVersion is stale.',
    request: RunbooksSaveRequest,
    response: z.strictObject({ runbook: RunbookDetail }),
  }),
  'runbooks.revert': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'slug', kind: 'runbook' },
    summary: 'Makes an earlier version (0 = as shipped) current again, as a new version: history is never rewritten.',
    request: RunbooksRevertRequest,
    response: z.strictObject({ runbook: RunbookDetail }),
  }),
  'runbooks.steps.record': channel({
    permission: 'orchestration.turn.view',
    mutates: true,
    auditTarget: { field: 'incidentId', kind: 'incident' },
    summary:
      "Records that a runbook step was done (or failed, or unchecked) for an incident: who, when, with what outcome. An action step also needs the permission of the action's channel.",
    request: StepRecordRequest,
    response: z.strictObject({ record: StepRecord }),
  }),
  'runbooks.steps.list': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    summary: 'The runbook steps recorded for an incident, oldest first, optionally of one runbook.',
    request: StepsListRequest,
    response: z.strictObject({ records: z.array(StepRecord) }),
  }),
} as const;

export const runbookTopics = {
  'runbooks.changed': topic({
    permission: 'orchestration.turn.view',
    summary: 'A runbook got a new version (saved or reverted).',
    payload: RunbookChanged,
  }),
  'runbooks.step.recorded': topic({
    permission: 'orchestration.turn.view',
    summary: 'A step of a runbook was recorded for an incident, so every responder sees the same checklist.',
    payload: StepRecord,
  }),
} as const;
