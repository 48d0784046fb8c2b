/**
 * Kill drill: the headless console (`out/main/cli.js serve`) is killed with SIGKILL while turns are in
 * flight (default, realistic simulated latency, so they are mid-phase), then started again on the same
 * data dir. The restart must turn every turn that was running into `interrupted` and compensate it: the
 * phases it had committed are undone (and recorded as compensations) and its campaign's world is again
 * the world before that turn (the turn's row in world_snapshots). Turns that had completed stay completed,
 * and SQLite's integrity check passes. Three rounds on the same data dir, so each restart also has to
 * leave the previous rounds' turns alone.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost, DATABASE_FILE } from '../../../src-main/engine/host';
import type { ResponseOf } from '../../../src-shared/contract';
import type { CompensationType } from '../../../src-shared/domain/turn';
import type { PhaseName } from '../../../src-shared/domain/turn-configuration';
import type { WorldState } from '../../../src-shared/domain/world';
import { assertBuilt, exitOf, rpcOf, type ServingCli, startServing } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const DEMO = 'ashfall-crossing';
/** Campaigns that get a turn in flight each round (one running turn per campaign at a time). */
const DRILL_CAMPAIGNS = ['drill-1', 'drill-2', 'drill-3', 'drill-4'];
const ROUNDS = 3;
/** What the saga undoes for each committed phase (saga-planner.ts, SPEC section 1). */
const UNDO: Record<PhaseName, CompensationType[]> = {
  world_update: ['rollback_world_state'],
  subjective_brief: ['invalidate_subjective_briefs'],
  interaction_orchestration: ['cancel_interactions'],
  event_integration: ['remove_events', 'rollback_world_state'],
  narrative_integration: ['revert_narrative_changes'],
};

type TurnDetail = ResponseOf<'turns.get'>;

let dataDir: string;
let cleanup: () => void;
/** Every server this file started that may still run; afterEach kills what is left, whatever failed. */
const servers = new Set<ServingCli>();
/** Turns completed so far (any round): each later restart must leave them completed. */
const completedTurns = new Set<string>();
/** Turns interrupted so far (any round): they must stay interrupted. */
const interruptedTurns = new Set<string>();

beforeAll(async () => {
  assertBuilt();
  const data = tempDataDir('novel-console-kill-drill-');
  dataDir = data.dir;
  cleanup = data.cleanup;
  // The drill campaigns are copies of the demo world, added before any server holds the data dir.
  const host = createHost({ dataDir, face: 'cli' });
  try {
    const demo = host.services.campaigns.get(DEMO);
    if (!demo) throw new Error('the demo campaign is missing');
    for (const id of DRILL_CAMPAIGNS) {
      host.services.campaigns.insert({ id, name: `Kill drill ${id}`, description: 'copy of the demo world', world: demo.world });
    }
  } finally {
    await host.close();
  }
});

afterEach(async () => {
  const left = [...servers];
  servers.clear();
  for (const server of left) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
  await Promise.all(left.map((server) => server.exited));
});

afterAll(() => cleanup?.());

async function serve(): Promise<ServingCli> {
  // The drill polls four turns every 25 ms: past the default 100 requests a minute, it would meet 429s.
  const server = await startServing(['serve', '--port', '0', '--data-dir', dataDir, '--rate-limit', '0']);
  servers.add(server);
  return server;
}

/** kill -9, then wait until the process is gone (reaped), so the next start sees its pid as dead. */
async function killHard(server: ServingCli): Promise<void> {
  server.child.kill('SIGKILL');
  await exitOf(server.child);
  servers.delete(server);
  expect(server.child.signalCode).toBe('SIGKILL');
}

/** SIGTERM and wait for the graceful exit (the database is closed cleanly). */
async function stop(server: ServingCli): Promise<void> {
  server.child.kill('SIGTERM');
  const code = await server.exited;
  servers.delete(server);
  expect(code, server.output()).toBe(0);
}

const rpc = rpcOf;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const committedPhases = (detail: TurnDetail) => detail.phases.filter((phase) => phase.status === 'succeeded').map((phase) => phase.phase);

interface BeforeKill {
  turnId: string;
  campaignId: string;
  status: string;
  committed: PhaseName[];
}

/**
 * Starts one turn per drill campaign and waits until they are mid-flight with committed phases: every
 * turn has committed at least one phase and a running one has committed two or more. Not before
 * `notBeforeMs`, so that rounds kill at different moments of the turns.
 */
async function turnsInFlight(server: ServingCli, notBeforeMs: number): Promise<BeforeKill[]> {
  const started = await Promise.all(
    DRILL_CAMPAIGNS.map(async (campaignId) => ({ campaignId, ...(await rpc(server, 'turns.run', { campaignId })) })),
  );
  await sleep(notBeforeMs);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const details = await Promise.all(started.map(({ turnId }) => rpc(server, 'turns.get', { turnId })));
    const running = details.filter((detail) => detail.turn.status === 'running');
    // world_update commits at once; subjective_brief once the slowest of its parallel calls returns.
    const everyOneCommitted = details.every((detail) => committedPhases(detail).length >= 1);
    const someRunningPastBriefs = running.some((detail) => committedPhases(detail).length >= 2);
    if (everyOneCommitted && someRunningPastBriefs) {
      return details.map((detail, index) => ({
        turnId: detail.turn.id,
        campaignId: started[index]?.campaignId ?? '',
        status: detail.turn.status,
        committed: committedPhases(detail),
      }));
    }
    if (running.length === 0 || Date.now() > deadline) {
      throw new Error(
        `no moment with turns mid-flight: ${JSON.stringify(details.map((d) => ({ status: d.turn.status, committed: committedPhases(d) })))}`,
      );
    }
    await sleep(25);
  }
}

async function waitUntilFinished(server: ServingCli, turnId: string): Promise<TurnDetail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const detail = await rpc(server, 'turns.get', { turnId });
    if (detail.turn.status !== 'running') return detail;
    if (Date.now() > deadline) throw new Error(`turn ${turnId} still running after 10 s`);
    await sleep(20);
  }
}

function expectCompleted(detail: TurnDetail): void {
  expect(detail.turn.status).toBe('completed');
  expect(detail.phases.map((phase) => phase.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
  expect(detail.compensations).toEqual([]);
  expect(detail.briefs.every((brief) => !brief.invalidated)).toBe(true);
  expect(detail.events.every((event) => !event.removed)).toBe(true);
  expect(detail.narrative?.reverted).toBe(false);
}

function expectInterruptedAndCompensated(detail: TurnDetail, committed: readonly PhaseName[]): void {
  expect(detail.turn.status).toBe('interrupted');
  expect(detail.turn.failureReason).toBe('interrupted');
  // Every phase committed before the kill is now undone, with a successful compensation per undo step.
  for (const phase of committed) {
    expect(detail.phases.find((row) => row.phase === phase)?.status, `phase ${phase}`).toBe('compensated');
    for (const type of UNDO[phase]) {
      expect(
        detail.compensations.some((record) => record.type === type && record.phase === phase && record.success),
        `${type} for ${phase} in ${JSON.stringify(detail.compensations)}`,
      ).toBe(true);
    }
  }
  expect(detail.phases.some((row) => row.status === 'succeeded')).toBe(false);
  expect(detail.compensations.every((record) => record.success)).toBe(true);
  expect(detail.compensations.map((record) => record.type)).toContain('log_failure');
  if (committed.includes('subjective_brief')) expect(detail.briefs.every((brief) => brief.invalidated)).toBe(true);
  if (committed.includes('interaction_orchestration')) expect(detail.interactions.every((row) => row.cancelled)).toBe(true);
  // world_update is always among the committed phases here and its rollback removes its own events;
  // event_integration's rollback removes the rest: no event of the turn survives.
  if (committed.includes('world_update')) expect(detail.events.every((event) => event.removed)).toBe(true);
}

describe('kill drill: serve killed with SIGKILL while turns are in flight, then restarted', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: running turns become interrupted and compensated, completed turns stay, the database is intact`, async () => {
      // Before the kill: one turn that completes (AI off, so no provider wait) and four in flight.
      const first = await serve();
      const quick = await rpc(first, 'turns.run', { campaignId: DEMO, preset: 'ai_disabled' });
      expectCompleted(await waitUntilFinished(first, quick.turnId));
      completedTurns.add(quick.turnId);
      const beforeKill = await turnsInFlight(first, (round - 1) * 300);
      await killHard(first);

      const second = await serve();
      const worlds = new Map<string, WorldState>();
      const interruptedNow: BeforeKill[] = [];
      for (const turn of beforeKill) {
        const detail = await rpc(second, 'turns.get', { turnId: turn.turnId });
        if (turn.status === 'completed' || detail.turn.status === 'completed') {
          // Finished before the kill, or in the few ms between the last read and the kill: only a turn
          // already in its last phase (4 committed) can do the latter.
          if (turn.status === 'running') expect(turn.committed).toHaveLength(4);
          expectCompleted(detail);
          completedTurns.add(turn.turnId);
          continue;
        }
        expect(turn.status).toBe('running');
        expectInterruptedAndCompensated(detail, turn.committed);
        interruptedNow.push(turn);
        interruptedTurns.add(turn.turnId);
        worlds.set(turn.campaignId, (await rpc(second, 'campaigns.get', { campaignId: turn.campaignId })).world);
      }
      // The drill is only a drill if it interrupted turns that had committed work.
      expect(interruptedNow.length).toBeGreaterThan(0);
      expect(interruptedNow.some((turn) => turn.committed.length >= 2)).toBe(true);

      for (const turnId of completedTurns) expectCompleted(await rpc(second, 'turns.get', { turnId }));
      for (const turnId of interruptedTurns) expect((await rpc(second, 'turns.get', { turnId })).turn.status).toBe('interrupted');
      expect((await rpc(second, 'turns.list', { status: 'running' })).total).toBe(0);
      await stop(second);

      // With no server holding the file: the snapshots (not exposed over rpc) and SQLite's own checks.
      const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const snapshotOf = db.prepare('SELECT world FROM world_snapshots WHERE turn_id = ?');
        for (const turn of interruptedNow) {
          const row = snapshotOf.get(turn.turnId) as { world: string } | undefined;
          expect(row, `snapshot of ${turn.turnId}`).toBeDefined();
          expect(worlds.get(turn.campaignId), `world of ${turn.campaignId}`).toEqual(JSON.parse(row?.world ?? 'null'));
        }
        const running = db.prepare("SELECT count(*) AS n FROM turns WHERE status = 'running'").get() as { n: number };
        expect(running.n).toBe(0);
      } finally {
        db.close();
      }
    }, 60_000);
  }
});
