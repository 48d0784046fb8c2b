/**
 * The words of runbooks both sides use, without zod or YAML (the renderer ships neither outside the
 * editor): the actions a step can take and what each calls, the shapes a parsed runbook has, silence
 * durations, and how an issue and a step's default label read. The parser is runbook-markdown.ts.
 */
import type { Permission } from '../rbac';

export const RUNBOOK_ACTION_NAMES = ['silence', 'release-agent', 'rerun-turn-ai-disabled', 'open-trace'] as const;
export type RunbookActionName = (typeof RUNBOOK_ACTION_NAMES)[number];

/**
 * What each action calls and the permission that needs — the channel's permission in the contract (a
 * unit test holds the two equal; the renderer, which ships no contract schemas, reads it from here to
 * disable a button the caller may not press). `mutates`: confirmed first, audited by the rpc.
 */
export const RUNBOOK_ACTIONS: Readonly<Record<RunbookActionName, { channel: string; permission: Permission; mutates: boolean }>> = {
  silence: { channel: 'silences.create', permission: 'metrics.admin', mutates: true },
  'release-agent': { channel: 'trust.release', permission: 'campaign.write', mutates: true },
  'rerun-turn-ai-disabled': { channel: 'turns.run', permission: 'orchestration.turn.execute', mutates: true },
  'open-trace': { channel: 'traces.search', permission: 'orchestration.turn.view', mutates: false },
};

export type RunbookAction =
  /** `duration` as written, e.g. `1h`. */
  | { name: 'silence'; duration: string; durationS: number }
  /** The agent named in the step, or null: one of the quarantined agents, chosen when the step is taken. */
  | { name: 'release-agent'; agentId: string | null }
  | { name: 'rerun-turn-ai-disabled' }
  | { name: 'open-trace' };

export interface RunbookStep {
  /** Stable within a source and across edits that leave the step's words alone: records refer to it. */
  key: string;
  /** 1-based line of the item in the whole source. */
  line: number;
  /** The item's text (inline Markdown); for an action, its label. */
  text: string;
  /** The indented lines under the item (Markdown), dedented; '' when none. */
  detail: string;
  action: RunbookAction | null;
}

export type RunbookBlock = { kind: 'markdown'; text: string } | { kind: 'steps'; steps: RunbookStep[] };

export interface RunbookFrontMatter {
  title: string;
  /** Alert (rule) names this runbook covers. */
  alerts: string[];
  tags: string[];
  summary: string;
}

export interface RunbookIssue {
  /** 1-based line in the source; 0 for the whole source. */
  line: number;
  message: string;
}

export interface ParsedRunbook {
  frontMatter: RunbookFrontMatter;
  /** The source without its front matter. */
  body: string;
  blocks: RunbookBlock[];
  steps: RunbookStep[];
  /** Why the source cannot be saved; empty when it can. */
  issues: RunbookIssue[];
}

export const RUNBOOK_SOURCE_MAX_LENGTH = 100_000;
export const RUNBOOK_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const RUNBOOK_SLUG_MAX_LENGTH = 80;

/** A silence lasts from a minute to 30 days: `30m`, `1h`, `2d`. */
const DURATION_PATTERN = /^([1-9]\d{0,4})([mhd])$/;
const DURATION_UNIT_S = { m: 60, h: 3600, d: 86_400 } as const;
export const MAX_SILENCE_S = 30 * 86_400;

export function silenceDurationS(duration: string): number | undefined {
  const match = DURATION_PATTERN.exec(duration);
  if (!match) return undefined;
  const seconds = Number(match[1]) * DURATION_UNIT_S[match[2] as keyof typeof DURATION_UNIT_S];
  return seconds <= MAX_SILENCE_S ? seconds : undefined;
}

/** `1h` -> `1 h`, `90m` -> `90 min`, `2d` -> `2 days`: how a button says a duration. */
export function durationLabel(duration: string): string {
  const match = DURATION_PATTERN.exec(duration);
  if (!match) return duration;
  const count = Number(match[1]);
  if (match[2] === 'm') return `${count} min`;
  if (match[2] === 'h') return `${count} h`;
  return count === 1 ? '1 day' : `${count} days`;
}

/** The label a step gets when its source gives none. */
export function defaultActionLabel(action: RunbookAction): string {
  switch (action.name) {
    case 'silence':
      return `Silence this alert for ${durationLabel(action.duration)}`;
    case 'release-agent':
      return action.agentId ? `Release agent ${action.agentId} from quarantine` : 'Release the quarantined agent';
    case 'rerun-turn-ai-disabled':
      return 'Re-run the failed turn with AI disabled';
    case 'open-trace':
      return "Open the failed turn's trace";
  }
}

/** One line per issue, as the editor and error messages show them. */
export function describeIssue(issue: RunbookIssue): string {
  return issue.line > 0 ? `line ${issue.line}: ${issue.message}` : issue.message;
}

/** What a step record needs for `latestStepRecords`. */
interface StepRecordLike {
  id: number;
  slug: string;
  stepKey: string;
}

/** The newest record of each step, keyed `slug/stepKey`: what the checklist shows as checked. */
export function latestStepRecords<R extends StepRecordLike>(records: readonly R[]): Map<string, R> {
  const latest = new Map<string, R>();
  for (const record of [...records].sort((a, b) => a.id - b.id)) latest.set(`${record.slug}/${record.stepKey}`, record);
  return latest;
}
