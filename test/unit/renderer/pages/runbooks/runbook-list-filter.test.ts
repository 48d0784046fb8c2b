/**
 * Searching the runbooks list as one types: every word must appear in a runbook's title, name, summary,
 * alert names or tags.
 */
import { describe, expect, it } from 'vitest';
import { filterRunbooks } from '../../../../../src-renderer/src/stores/runbook-list-store';
import type { RunbookSummary } from '../../../../../src-shared/domain/runbooks';

function runbook(slug: string, title: string, alerts: string[], tags: string[]): RunbookSummary {
  return {
    slug,
    title,
    alerts,
    tags,
    summary: '',
    origin: 'shipped',
    version: 0,
    updatedAt: null,
    updatedBy: 'novel-console',
    stepCount: 1,
    actionCount: 0,
  };
}

const all = [
  runbook('memory-high', 'Memory high', ['MemoryHigh'], ['engine', 'memory']),
  runbook('agent-quarantined', 'Agent quarantined', ['AgentQuarantined'], ['trust', 'quarantine']),
  runbook('turn-latency-high', 'Turn latency high', ['TurnLatencyP95High'], ['turns', 'latency']),
];

describe('runbook search', () => {
  it('matches titles, names, alerts and tags, case-insensitively, every word', () => {
    expect(filterRunbooks(all, '').map((one) => one.slug)).toEqual(['memory-high', 'agent-quarantined', 'turn-latency-high']);
    expect(filterRunbooks(all, 'QUARANTINE').map((one) => one.slug)).toEqual(['agent-quarantined']);
    expect(filterRunbooks(all, 'turnlatencyp95').map((one) => one.slug)).toEqual(['turn-latency-high']);
    expect(filterRunbooks(all, 'high engine').map((one) => one.slug)).toEqual(['memory-high']);
    expect(filterRunbooks(all, 'latency trust')).toEqual([]);
  });
});
