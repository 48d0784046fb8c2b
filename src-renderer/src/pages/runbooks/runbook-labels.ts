/**
 * How the Runbooks page names things: where a runbook's text comes from, version kinds, step outcomes.
 */
import type { RunbookSummary, RunbookVersion } from '../../../../src-shared/domain/runbooks';
import type { BadgeTone } from '../../ui/Card';

export function originLabel(origin: RunbookSummary['origin']): { text: string; tone: BadgeTone; title: string } {
  switch (origin) {
    case 'shipped':
      return { text: 'shipped', tone: 'neutral', title: 'As shipped with the console' };
    case 'overridden':
      return { text: 'edited', tone: 'info', title: 'Shipped with the console, then edited here; the shipped text is version 0' };
    case 'user':
      return { text: 'written here', tone: 'ok', title: 'Written in this console' };
  }
}

export function versionLabel(version: number): string {
  return version === 0 ? 'v0 (shipped)' : `v${version}`;
}

/** `v3`; beside an origin badge that already says "shipped", v0 needs no more. */
export function shortVersionLabel(version: number): string {
  return `v${version}`;
}

export function versionKindLabel(version: RunbookVersion): string {
  switch (version.kind) {
    case 'shipped':
      return 'shipped with the console';
    case 'edit':
      return 'edited';
    case 'revert':
      return version.revertedTo === 0 ? 'reverted to the shipped text' : `reverted to v${version.revertedTo}`;
  }
}

/** Whether the caller may edit runbooks (runbooks.save's permission). */
export const EDIT_PERMISSION = 'metrics.admin';

export function stepCounts(runbook: RunbookSummary): string {
  const { stepCount, actionCount } = runbook;
  if (stepCount === 0) return 'no steps';
  return `${stepCount} step${stepCount === 1 ? '' : 's'}${actionCount > 0 ? `, ${actionCount} action${actionCount === 1 ? '' : 's'}` : ''}`;
}
