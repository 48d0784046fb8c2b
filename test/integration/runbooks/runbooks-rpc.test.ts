/**
 * Runbooks through the engine's rpc (the path every face takes): saving, reverting and reading versions
 * of a shipped runbook, the audit entries those leave, RBAC (a player or story master cannot edit
 * runbooks; recording an action step needs its action's permission) and the pushes other views follow.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import type { PayloadOf } from '../../../src-shared/contract';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const admin = identityForRole('ada', 'admin');
const sre = identityForRole('sre', 'developer');
const master = identityForRole('sm', 'story_master');
const player = identityForRole('pl', 'player');

let host: Host;
let cleanup: () => void;

beforeEach(() => {
  const data = tempDataDir('runbooks-rpc-');
  cleanup = data.cleanup;
  host = createHost({ dataDir: data.dir, face: 'headless', telemetry: { tracing: false, recorder: { enabled: false } } });
});

afterEach(async () => {
  await host.close();
  cleanup();
});

async function refusal(call: Promise<unknown>): Promise<ContractError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

async function auditOf(action: string) {
  const { entries } = await host.rpc.invoke('audit.list', { action, limit: 100 }, admin);
  return entries.map((entry) => ({ actor: entry.actor, target: entry.target, outcome: entry.outcome, detail: entry.detail })).reverse();
}

describe('runbooks over the rpc', () => {
  it('lists the shipped runbooks to every role and finds one by its alert name', async () => {
    for (const who of [player, master, sre]) {
      const { runbooks } = await host.rpc.invoke('runbooks.list', {}, who);
      expect(runbooks.length).toBe(13);
    }
    const { runbooks } = await host.rpc.invoke('runbooks.list', { query: 'quarantine' }, player);
    expect(runbooks.map((runbook) => runbook.slug)).toEqual(['agent-quarantined']);
  });

  it('saves a user version over a shipped runbook, shows both in history, reverts, and audits each change', async () => {
    const changes: PayloadOf<'runbooks.changed'>[] = [];
    host.topics.subscribe<'runbooks.changed'>(player, 'runbooks.changed', (change) => changes.push(change));

    const { runbook: shipped } = await host.rpc.invoke('runbooks.get', { slug: 'memory-high' }, player);
    expect(shipped).toMatchObject({ version: 0, origin: 'shipped' });
    const source = `${shipped.source}\n- [ ] Page the on-call engineer of the host.\n`;
    const { runbook: saved } = await host.rpc.invoke(
      'runbooks.save',
      { slug: 'memory-high', source, baseVersion: 0, note: 'paging step' },
      sre,
    );
    expect(saved).toMatchObject({ version: 1, origin: 'overridden', updatedBy: 'sre' });
    expect(saved.steps.at(-1)?.text).toBe('Page the on-call engineer of the host.');

    const { runbook: reverted } = await host.rpc.invoke('runbooks.revert', { slug: 'memory-high', toVersion: 0, baseVersion: 1 }, sre);
    expect(reverted).toMatchObject({ version: 2, origin: 'shipped', source: shipped.source });
    expect(reverted.versions.map((version) => [version.version, version.kind, version.author])).toEqual([
      [2, 'revert', 'sre'],
      [1, 'edit', 'sre'],
      [0, 'shipped', 'novel-console'],
    ]);
    const { runbook: first } = await host.rpc.invoke('runbooks.get', { slug: 'memory-high', version: 1 }, player);
    expect(first.source).toBe(source);

    expect(await auditOf('runbooks.save')).toEqual([{ actor: 'sre', target: 'runbook:memory-high', outcome: 'ok', detail: null }]);
    expect(await auditOf('runbooks.revert')).toEqual([{ actor: 'sre', target: 'runbook:memory-high', outcome: 'ok', detail: null }]);
    expect(changes.map((change) => [change.slug, change.version, change.kind, change.by])).toEqual([
      ['memory-high', 1, 'edit', 'sre'],
      ['memory-high', 2, 'revert', 'sre'],
    ]);
  });

  it('refuses a player and a story master who try to save or revert, and audits the refusal', async () => {
    const request = { slug: 'memory-high', source: '# Mine\n', baseVersion: 0 };
    expect((await refusal(host.rpc.invoke('runbooks.save', request, player))).code).toBe('forbidden');
    expect((await refusal(host.rpc.invoke('runbooks.save', request, master))).message).toBe(
      'runbooks.save requires the metrics.admin permission',
    );
    expect((await refusal(host.rpc.invoke('runbooks.revert', { slug: 'memory-high', toVersion: 0, baseVersion: 0 }, player))).code).toBe(
      'forbidden',
    );
    expect(await auditOf('runbooks.save')).toEqual([
      { actor: 'pl', target: 'runbook:memory-high', outcome: 'denied', detail: 'forbidden' },
      { actor: 'sm', target: 'runbook:memory-high', outcome: 'denied', detail: 'forbidden' },
    ]);
    const { runbook } = await host.rpc.invoke('runbooks.get', { slug: 'memory-high' }, player);
    expect(runbook.version).toBe(0);
  });

  it('answers a stale save with conflict and a bad source with the issues, saving neither', async () => {
    await host.rpc.invoke('runbooks.save', { slug: 'memory-high', source: '# One\n', baseVersion: 0 }, sre);
    const stale = await refusal(host.rpc.invoke('runbooks.save', { slug: 'memory-high', source: '# Two\n', baseVersion: 0 }, admin));
    expect(stale.code).toBe('conflict');
    const bad = await refusal(
      host.rpc.invoke('runbooks.save', { slug: 'memory-high', source: '# Two\n- [ ] action: reboot\n', baseVersion: 1 }, sre),
    );
    expect(bad.code).toBe('invalid_request');
    expect(bad.issues).toEqual([{ field: 'source', message: expect.stringContaining('line 2: unknown action "reboot"') }]);
    const { runbook } = await host.rpc.invoke('runbooks.get', { slug: 'memory-high' }, player);
    expect(runbook.source).toBe('# One\n');
    // The failed save is in the trail; the invalid one did nothing and is not.
    expect((await auditOf('runbooks.save')).map((entry) => [entry.actor, entry.outcome, entry.detail])).toEqual([
      ['sre', 'ok', null],
      ['ada', 'failed', 'conflict'],
    ]);
  });

  it("records steps on an incident under the permission of each step's action, and audits every record", async () => {
    const recorded: PayloadOf<'runbooks.step.recorded'>[] = [];
    host.topics.subscribe<'runbooks.step.recorded'>(player, 'runbooks.step.recorded', (record) => recorded.push(record));
    const { runbook } = await host.rpc.invoke('runbooks.get', { slug: 'turn-failure-rate-high' }, player);
    const keyOf = (action: string | null) => runbook.steps.find((step) => (step.action?.name ?? null) === action)?.key ?? '';
    const step = (stepKey: string, outcome: 'done' | 'failed' | 'unchecked' = 'done') => ({
      incidentId: '0123456789abcdef:1',
      alertName: 'TurnFailureRateHigh',
      slug: 'turn-failure-rate-high',
      version: runbook.version,
      stepKey,
      outcome,
      detail: '',
    });

    // A plain checklist step: anyone who may read runbooks.
    await host.rpc.invoke('runbooks.steps.record', step(keyOf(null)), player);
    // Re-running a turn is turns.run's permission; silencing is silences.create's.
    const denied = await refusal(host.rpc.invoke('runbooks.steps.record', step(keyOf('rerun-turn-ai-disabled')), player));
    expect(denied.message).toBe(
      'recording the rerun-turn-ai-disabled step requires the orchestration.turn.execute permission (of turns.run)',
    );
    await host.rpc.invoke('runbooks.steps.record', { ...step(keyOf('rerun-turn-ai-disabled')), detail: 'turn 7 started' }, master);
    expect((await refusal(host.rpc.invoke('runbooks.steps.record', step(keyOf('silence')), master))).code).toBe('forbidden');
    await host.rpc.invoke('runbooks.steps.record', step(keyOf('silence'), 'failed'), sre);
    expect((await refusal(host.rpc.invoke('runbooks.steps.record', step('no-such-step'), sre))).code).toBe('not_found');

    const { records } = await host.rpc.invoke('runbooks.steps.list', { incidentId: '0123456789abcdef:1' }, player);
    expect(records.map((record) => [record.actor, record.action, record.outcome, record.detail])).toEqual([
      ['pl', null, 'done', ''],
      ['sm', 'rerun-turn-ai-disabled', 'done', 'turn 7 started'],
      ['sre', 'silence', 'failed', ''],
    ]);
    expect(records.every((record) => record.alertName === 'TurnFailureRateHigh')).toBe(true);
    expect(recorded.map((record) => record.id)).toEqual(records.map((record) => record.id));
    expect((await auditOf('runbooks.steps.record')).map((entry) => [entry.actor, entry.target, entry.outcome])).toEqual([
      ['pl', 'incident:0123456789abcdef:1', 'ok'],
      ['pl', 'incident:0123456789abcdef:1', 'denied'],
      ['sm', 'incident:0123456789abcdef:1', 'ok'],
      ['sm', 'incident:0123456789abcdef:1', 'denied'],
      ['sre', 'incident:0123456789abcdef:1', 'ok'],
    ]);
  });

  it('keeps saved versions and step records across a restart', async () => {
    await host.rpc.invoke('runbooks.save', { slug: 'drill', source: '# Drill\n- [ ] Step one\n', baseVersion: null }, sre);
    await host.rpc.invoke(
      'runbooks.steps.record',
      { incidentId: 'i-1', slug: 'drill', version: 1, stepKey: 'step-one', outcome: 'done' },
      sre,
    );
    const dataDir = host.dataDir;
    await host.close();
    host = createHost({ dataDir, face: 'headless', telemetry: { tracing: false, recorder: { enabled: false } } });
    const { runbook } = await host.rpc.invoke('runbooks.get', { slug: 'drill' }, player);
    expect(runbook).toMatchObject({ version: 1, origin: 'user', title: 'Drill' });
    const { records } = await host.rpc.invoke('runbooks.steps.list', { incidentId: 'i-1', slug: 'drill' }, player);
    expect(records.map((record) => record.stepKey)).toEqual(['step-one']);
  });
});
