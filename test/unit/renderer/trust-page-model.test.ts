/**
 * The Trust page's pure parts: the history chart's points, colours and tooltip lines, who may release,
 * and which agent the history opens on.
 */
import { describe, expect, it } from 'vitest';
import {
  formatDelta,
  historyChartOption,
  historyPoints,
  pointColor,
  pointLines,
} from '../../../src-renderer/src/pages/trust/trust-chart-option';
import { canRelease, focusedAgent } from '../../../src-renderer/src/stores/trust-overview-store';
import type { ChartColors } from '../../../src-shared/charts/chart-options';
import type { WhoAmI } from '../../../src-shared/domain/security';
import type { TrustAgent, TrustHistoryEntry } from '../../../src-shared/domain/trust';
import { ROLE_PERMISSIONS } from '../../../src-shared/rbac';

const colors: ChartColors = {
  fontFamily: 'sans-serif',
  text: '#111',
  muted: 'M',
  grid: '#ddd',
  surface: '#fff',
  series: ['S'],
  thresholds: { green: 'G', yellow: 'Y', orange: 'O', red: 'R', blue: 'B' },
  heatLow: '#eee',
  heatHigh: '#003',
};

function entry(overrides: Partial<TrustHistoryEntry>): TrustHistoryEntry {
  return {
    id: 1,
    campaignId: 'c',
    agentId: 'aria',
    oldScore: 80,
    newScore: 70,
    delta: -10,
    reason: 'conflict_loser',
    wasQuarantined: false,
    quarantined: false,
    turnId: 't3',
    turnNumber: 3,
    interactionId: 'interaction-3-3-1',
    policyVersion: 1,
    actor: null,
    detail: 'to borin',
    at: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('the trust history chart', () => {
  const changes = [
    entry({ id: 1 }),
    entry({
      id: 2,
      oldScore: 70,
      newScore: 50,
      delta: -20,
      reason: 'conflict_risk',
      quarantined: true,
      detail: 'conflict risk 0.72 with borin',
    }),
    entry({
      id: 3,
      oldScore: 50,
      newScore: 50,
      delta: 0,
      reason: 'release',
      wasQuarantined: true,
      turnId: null,
      turnNumber: null,
      actor: 'sm',
      detail: '',
    }),
  ];

  it('starts from the score before the first change, then one point per change', () => {
    expect(historyPoints(changes, 50).map((point) => point.score)).toEqual([80, 70, 50, 50]);
    expect(historyPoints([], 64)).toEqual([{ score: 64, entry: null }]);
  });

  it('colours a loss red, a gain green and a release blue', () => {
    expect(changes.map((change) => pointColor(change, colors))).toEqual(['R', 'R', 'B']);
    expect(pointColor(entry({ delta: 5, newScore: 85, reason: 'cooperation' }), colors)).toBe('G');
  });

  it('says the reason, the change, the scores, the turn or who, and when', () => {
    expect(pointLines({ score: 50, entry: changes[1] as TrustHistoryEntry })).toEqual([
      'quarantined (conflict risk) −20',
      'conflict risk 0.72 with borin',
      '70 → 50 · quarantined',
      'turn 3',
      expect.stringMatching(/^2025-03-01 \d\d:00:00$/),
    ]);
    expect(pointLines({ score: 50, entry: changes[2] as TrustHistoryEntry }).slice(0, 3)).toEqual([
      'released from quarantine ±0',
      '50 → 50 · released',
      'by sm',
    ]);
  });

  it('labels the axis by turn and draws the quarantine threshold across it', () => {
    const option = historyChartOption(historyPoints(changes, 50), 30, colors) as {
      xAxis: { data: string[] };
      series: { data: unknown[] }[];
      tooltip: { formatter(params: { dataIndex: number; seriesIndex: number }[]): string };
    };
    expect(option.xAxis.data.slice(0, 3)).toEqual(['start', 'turn 3', 'turn 3']);
    expect(option.series[1]?.data).toEqual([30, 30, 30, 30]);
    const tooltip = option.tooltip.formatter([{ dataIndex: 2, seriesIndex: 0 }]);
    expect(tooltip).toContain('<strong>quarantined (conflict risk) −20</strong>');
    expect(tooltip).toContain('turn 3');
  });

  it('escapes what it puts in the tooltip', () => {
    const option = historyChartOption(historyPoints([entry({ detail: '<img src=x onerror=alert(1)>' })], 70), 30, colors) as {
      tooltip: { formatter(params: { dataIndex: number; seriesIndex: number }[]): string };
    };
    expect(option.tooltip.formatter([{ dataIndex: 1, seriesIndex: 0 }])).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes deltas with their sign', () => {
    expect([formatDelta(5), formatDelta(-20), formatDelta(0)]).toEqual(['+5', '−20', '±0']);
  });
});

describe('the Trust page model', () => {
  const who = (role: 'player' | 'story_master' | 'admin', campaignAccess: WhoAmI['campaignAccess'] = null): WhoAmI => ({
    userId: role,
    username: role,
    roles: [role],
    permissions: [...ROLE_PERMISSIONS[role]],
    campaignAccess,
    kind: 'token',
    tokenId: null,
  });

  it('offers Release to story masters and admins in their campaigns only', () => {
    expect(canRelease(who('player'), 'c')).toBe(false);
    expect(canRelease(who('story_master'), 'c')).toBe(true);
    expect(canRelease(who('story_master', { other: ['campaign.write'] }), 'c')).toBe(false);
    expect(canRelease(who('admin'), 'c')).toBe(true);
    expect(canRelease(null, 'c')).toBe(false);
  });

  it('opens the history on the chosen agent, else on the lowest score', () => {
    const agent = (agentId: string, score: number) => ({ agentId, score }) as TrustAgent;
    const agents = [agent('aria', 90), agent('borin', 40), agent('cass', 40)];
    expect(focusedAgent(agents, null)?.agentId).toBe('borin');
    expect(focusedAgent(agents, 'cass')?.agentId).toBe('cass');
    expect(focusedAgent(agents, 'gone')?.agentId).toBe('borin');
    expect(focusedAgent([], null)).toBeUndefined();
  });
});
