/**
 * Messages of the runbooks capability (issue 6): runbooks shipped in resources/runbooks and written in the
 * console (versioned in SQLite), their parsed steps, and the steps a responder took on an incident (an
 * alert occurrence). The source parser is runbook-markdown.ts; these schemas carry its results.
 */
import { z } from 'zod';
import { RUNBOOK_ACTION_NAMES, RUNBOOK_SLUG_MAX_LENGTH, RUNBOOK_SLUG_PATTERN, RUNBOOK_SOURCE_MAX_LENGTH } from './runbook-vocabulary';

export const RunbookSlug = z
  .string()
  .min(1)
  .max(RUNBOOK_SLUG_MAX_LENGTH)
  .regex(RUNBOOK_SLUG_PATTERN, 'lowercase words joined by hyphens, e.g. turn-latency-high')
  // The console's address of the editor of a new runbook is #/runbooks/new.
  .refine((slug) => slug !== 'new', '"new" is reserved; choose another name');

/** A version number: 0 is the runbook as shipped with the console, 1.. are versions saved in it. */
export const RunbookVersionNumber = z.number().int().min(0);

/** Where the current text comes from: only shipped, only written in the console, or shipped and then edited. */
export const RUNBOOK_ORIGINS = ['shipped', 'user', 'overridden'] as const;

export const RunbookAction = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('silence'), duration: z.string(), durationS: z.number().int().positive() }),
  z.strictObject({ name: z.literal('release-agent'), agentId: z.string().nullable() }),
  z.strictObject({ name: z.literal('rerun-turn-ai-disabled') }),
  z.strictObject({ name: z.literal('open-trace') }),
]);

export const RunbookStep = z.strictObject({
  key: z.string(),
  line: z.number().int().positive(),
  text: z.string(),
  detail: z.string(),
  action: RunbookAction.nullable(),
});

export const RunbookBlock = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('markdown'), text: z.string() }),
  z.strictObject({ kind: z.literal('steps'), steps: z.array(RunbookStep) }),
]);

export const RunbookVersion = z.strictObject({
  version: RunbookVersionNumber,
  /** shipped: the text in resources/; edit: saved in the console; revert: a copy of an earlier version. */
  kind: z.enum(['shipped', 'edit', 'revert']),
  /** For a revert, the version whose text it restored. */
  revertedTo: RunbookVersionNumber.nullable(),
  note: z.string(),
  /** User id; 'novel-console' for the shipped version. */
  author: z.string(),
  /** Null for the shipped version. */
  createdAt: z.iso.datetime().nullable(),
});
export type RunbookVersion = z.infer<typeof RunbookVersion>;

export const RunbookSummary = z.strictObject({
  slug: RunbookSlug,
  title: z.string(),
  alerts: z.array(z.string()),
  tags: z.array(z.string()),
  summary: z.string(),
  origin: z.enum(RUNBOOK_ORIGINS),
  /** The current version. */
  version: RunbookVersionNumber,
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: z.string(),
  stepCount: z.number().int().nonnegative(),
  /** Steps that are console actions (buttons). */
  actionCount: z.number().int().nonnegative(),
});
export type RunbookSummary = z.infer<typeof RunbookSummary>;

export const RunbookDetail = RunbookSummary.extend({
  /** The version shown (the current one unless an earlier one was asked for). */
  shownVersion: RunbookVersionNumber,
  /** The whole Markdown source of the shown version, front matter included. */
  source: z.string(),
  blocks: z.array(RunbookBlock),
  steps: z.array(RunbookStep),
  /** Newest first; a shipped runbook ends with version 0. */
  versions: z.array(RunbookVersion),
  /** True when the runbook ships with the console (so "revert to shipped" is possible). */
  shipped: z.boolean(),
});
export type RunbookDetail = z.infer<typeof RunbookDetail>;

export const RunbooksListRequest = z.strictObject({
  /** Matches title, slug, alert names and tags, case-insensitively. */
  query: z.string().max(200).optional(),
  /** Only runbooks that cover this alert (rule) name. */
  alert: z.string().min(1).max(200).optional(),
  tag: z.string().min(1).max(200).optional(),
});

export const RunbooksGetRequest = z.strictObject({
  slug: RunbookSlug,
  /** An earlier version to show; absent = the current one. */
  version: RunbookVersionNumber.optional(),
});

export const RunbooksSaveRequest = z.strictObject({
  slug: RunbookSlug,
  source: z.string().min(1).max(RUNBOOK_SOURCE_MAX_LENGTH),
  /** The version the text was edited from; null creates a new runbook. A stale base is a conflict. */
  baseVersion: RunbookVersionNumber.nullable(),
  note: z.string().max(500).default(''),
});

export const RunbooksRevertRequest = z.strictObject({
  slug: RunbookSlug,
  /** The version whose text becomes current again (0 = as shipped). */
  toVersion: RunbookVersionNumber,
  /** The current version as the caller saw it; a stale one is a conflict. */
  baseVersion: RunbookVersionNumber,
});

/** done: the step was carried out; failed: its action was tried and failed; unchecked: a check taken back. */
export const STEP_OUTCOMES = ['done', 'failed', 'unchecked'] as const;

const IncidentId = z.string().min(1).max(200);

export const StepRecordRequest = z.strictObject({
  /** The alert occurrence the steps belong to (the alert engine's id of that firing). */
  incidentId: IncidentId,
  /** The alert's name, kept with the record for incident reports. */
  alertName: z.string().min(1).max(200).optional(),
  slug: RunbookSlug,
  version: RunbookVersionNumber,
  stepKey: z.string().min(1).max(200),
  outcome: z.enum(STEP_OUTCOMES),
  /** What the action did or why it failed: "silence 4b1… until 15:04", "turn 42 started". */
  detail: z.string().max(1000).default(''),
});

export const StepRecord = z.strictObject({
  id: z.number().int().positive(),
  incidentId: z.string(),
  alertName: z.string().nullable(),
  slug: z.string(),
  version: RunbookVersionNumber,
  stepKey: z.string(),
  /** The step's words when it was taken (a later version may word it differently or drop it). */
  stepText: z.string(),
  action: z.enum(RUNBOOK_ACTION_NAMES).nullable(),
  outcome: z.enum(STEP_OUTCOMES),
  detail: z.string(),
  actor: z.string(),
  role: z.string(),
  at: z.iso.datetime(),
});
export type StepRecord = z.infer<typeof StepRecord>;

export const StepsListRequest = z.strictObject({
  incidentId: IncidentId,
  slug: RunbookSlug.optional(),
});

export const RunbookChanged = z.strictObject({
  slug: RunbookSlug,
  version: RunbookVersionNumber,
  kind: z.enum(['edit', 'revert']),
  by: z.string(),
  at: z.iso.datetime(),
});
