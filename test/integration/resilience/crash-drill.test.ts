/**
 * Crash drill (issue 7, SPEC section 8): the headless console (`out/main/cli.js serve`) runs 20 turns at
 * once across 20 campaigns while the alert engine fires and delivers to a real webhook on loopback, and is
 * then killed with SIGKILL and started again on the same data dir — ten rounds. After every kill:
 * SQLite's integrity check passes on the crashed file; after every restart: nothing committed before the
 * kill is lost (turns the API reported completed, kept traces, audit entries with their hashes, outbox
 * rows, delivered ones staying delivered), every turn that was in flight is `interrupted` and compensated,
 * no turn is left `running`, and the audit chain verifies. At the end every outbox row recorded during the
 * drill has reached the receiver (at-least-once delivery across the crashes).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost, DATABASE_FILE } from '../../../src-main/engine/host';
import type { RequestOf, ResponseOf } from '../../../src-shared/contract';
import type { PhaseName } from '../../../src-shared/domain/turn-configuration';
import { assertBuilt, exitOf, rpcOf, runCli, type ServingCli, startServing } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';
import { type LocalReceiver, startReceiver } from '../notifications/local-receiver';

const DEMO = 'ashfall-crossing';
const CAMPAIGNS = Array.from({ length: 20 }, (_, index) => `crash-${index + 1}`);
const ROUNDS = 10;
const RULE = 'CrashDrillTurnsActive';

type TurnDetail = ResponseOf<'turns.get'>;
type Delivery = ResponseOf<'notifications.deliveries.list'>['deliveries'][number];

/** What the API reported as committed just before a kill; each restart must still show all of it. */
interface Committed {
  /** Turns reported completed (any round). */
  completedTurns: Set<string>;
  /** Turns found interrupted after a restart (any round): they stay so. */
  interruptedTurns: Set<string>;
  traceIds: Set<string>;
  /** audit seq -> hash */
  audit: Map<number, string>;
  /** outbox id -> the row as listed */
  outbox: Map<number, Delivery>;
}

let dataDir: string;
let cleanupDir: () => void;
let receiver: LocalReceiver;
let server: ServingCli | undefined;
const servers = new Set<ServingCli>();
const committed: Committed = {
  completedTurns: new Set(),
  interruptedTurns: new Set(),
  traceIds: new Set(),
  audit: new Map(),
  outbox: new Map(),
};
/** Turns running at the last read before each kill, with the phases they had committed. */
let inFlightAtKill: { turnId: string; committed: PhaseName[] }[] = [];

beforeAll(async () => {
  assertBuilt();
  receiver = await startReceiver();
  const data = tempDataDir('novel-console-crash-drill-');
  dataDir = data.dir;
  cleanupDir = data.cleanup;
  // The drill campaigns are copies of the demo world, added before any server holds the data dir.
  const host = createHost({ dataDir, face: 'cli', telemetry: { recorder: { enabled: false } } });
  try {
    const demo = host.services.campaigns.get(DEMO);
    if (!demo) throw new Error('the demo campaign is missing');
    for (const id of CAMPAIGNS) {
      host.services.campaigns.insert({ id, name: `Crash drill ${id}`, description: 'copy of the demo world', world: demo.world });
    }
  } finally {
    await host.close();
  }
});

afterEach(async () => {
  // A failed round leaves no process behind; the next round starts its own.
  if (servers.size === 0) return;
  const left = [...servers];
  servers.clear();
  server = undefined;
  for (const one of left) if (one.child.exitCode === null && one.child.signalCode === null) one.child.kill('SIGKILL');
  await Promise.all(left.map((one) => one.exited));
});

afterAll(async () => {
  await receiver?.close();
  cleanupDir?.();
});

/** How long a start may take: far longer than the ~1 s it takes on an idle machine, so a busy CI box passes too. */
const START_TIMEOUT_MS = 60_000;

/** `novel-console serve` on the drill's data dir, once it prints its URLs (a restart on a busy machine can be slow). */
async function serve(): Promise<ServingCli> {
  // No rate limit: the drill polls 20 turns; alert evaluation after every 250 ms snapshot.
  const args = ['serve', '--port', '0', '--data-dir', dataDir, '--rate-limit', '0', '--metrics-interval', '250'];
  const started = await startServing(args, process.env, { timeoutMs: START_TIMEOUT_MS });
  servers.add(started);
  return started;
}

const rpc = rpcOf;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const committedPhases = (detail: TurnDetail) => detail.phases.filter((phase) => phase.status === 'succeeded').map((phase) => phase.phase);

async function waitUntil<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function allAudit(target: ServingCli): Promise<Map<number, string>> {
  const entries = new Map<number, string>();
  for (let offset = 0; ; offset += 1000) {
    const page = await rpc(target, 'audit.list', { limit: 1000, offset });
    for (const entry of page.entries) entries.set(entry.seq, entry.hash);
    if (page.entries.length < 1000) return entries;
  }
}

async function allTraceIds(target: ServingCli): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 500) {
    const page = await rpc(target, 'traces.search', { limit: 500, offset });
    for (const trace of page.traces) ids.add(trace.traceId);
    if (page.traces.length < 500) return ids;
  }
}

async function deliveries(target: ServingCli): Promise<Delivery[]> {
  const listed = (await rpc(target, 'notifications.deliveries.list', { channelId: 'hook', limit: 500 })).deliveries;
  // The list is the newest 500: the drill stays well below, so it is every row.
  expect(listed.length).toBeLessThan(500);
  return listed;
}

function expectCompleted(detail: TurnDetail): void {
  expect(detail.turn.status).toBe('completed');
  expect(detail.phases.map((phase) => phase.status)).toEqual(Array(5).fill('succeeded'));
  expect(detail.compensations).toEqual([]);
}

function expectInterruptedAndCompensated(detail: TurnDetail, committedBefore: readonly PhaseName[]): void {
  expect(detail.turn.status).toBe('interrupted');
  expect(detail.turn.failureReason).toBe('interrupted');
  // Whatever it had committed is undone, each undo recorded and successful; nothing stays committed.
  for (const phase of committedBefore) expect(detail.phases.find((row) => row.phase === phase)?.status, phase).toBe('compensated');
  expect(detail.phases.some((row) => row.status === 'succeeded')).toBe(false);
  for (const phase of detail.phases.filter((row) => row.status === 'compensated')) {
    expect(detail.compensations.some((record) => record.phase === phase.phase && record.success)).toBe(true);
  }
  expect(detail.compensations.every((record) => record.success)).toBe(true);
  expect(detail.compensations.map((record) => record.type)).toContain('log_failure');
  if (committedBefore.includes('subjective_brief')) expect(detail.briefs.every((brief) => brief.invalidated)).toBe(true);
  if (committedBefore.includes('interaction_orchestration')) expect(detail.interactions.every((row) => row.cancelled)).toBe(true);
}

/** One-time setup on the first server: a webhook channel, a fast route and a rule that fires while turns run. */
async function configureAlerting(target: ServingCli): Promise<void> {
  await rpc(target, 'notifications.channels.save', {
    id: 'hook',
    name: 'Crash drill hook',
    kind: 'webhook',
    // A short send timeout keeps the lease of a row caught mid-send by a kill short (timeout + 15 s).
    settings: { timeoutMs: 2000 },
    secret: { url: `${receiver.url}/hook` },
  } as RequestOf<'notifications.channels.save'>);
  await rpc(target, 'routes.set', {
    config: { route: { receiver: 'hook', groupBy: ['alertname'], groupWait: '0s', groupInterval: '1s', repeatInterval: '1s' } },
  } as RequestOf<'routes.set'>);
  await rpc(target, 'rules.save', {
    name: RULE,
    rule: {
      name: RULE,
      kind: 'threshold',
      severity: 'warning',
      query: { metric: 'novel_engine_turns_active', fn: 'last', windowS: 5 },
      comparison: '>',
      threshold: 0,
    },
  } as RequestOf<'rules.save'>);
}

/** The checks after a restart: nothing committed is lost, every turn in flight at the kill is interrupted and compensated. */
async function checkAfterRestart(target: ServingCli): Promise<void> {
  for (const turn of inFlightAtKill) {
    const detail = await rpc(target, 'turns.get', { turnId: turn.turnId });
    if (detail.turn.status === 'completed') {
      // It finished in the moment between the last read and the kill: committed, so complete.
      expectCompleted(detail);
      committed.completedTurns.add(turn.turnId);
      continue;
    }
    expectInterruptedAndCompensated(detail, turn.committed);
    committed.interruptedTurns.add(turn.turnId);
  }
  // Every turn of earlier rounds keeps its outcome (one list instead of a turns.get per turn).
  const listed = await rpc(target, 'turns.list', { limit: 500 });
  expect(listed.total).toBeLessThanOrEqual(500);
  const statusOf = new Map(listed.turns.map((turn) => [turn.id, turn.status]));
  expect([...committed.completedTurns].filter((turnId) => statusOf.get(turnId) !== 'completed')).toEqual([]);
  expect([...committed.interruptedTurns].filter((turnId) => statusOf.get(turnId) !== 'interrupted')).toEqual([]);
  expect([...statusOf.values()].filter((status) => status === 'running')).toEqual([]);

  const traces = await allTraceIds(target);
  expect([...committed.traceIds].filter((id) => !traces.has(id))).toEqual([]);

  const audit = await allAudit(target);
  const lostOrChanged = [...committed.audit].filter(([seq, hash]) => audit.get(seq) !== hash);
  expect(lostOrChanged).toEqual([]);
  const verification = await rpc(target, 'audit.verify', {});
  expect(verification.firstBroken).toBeNull();
  expect(verification.ok).toBe(true);
  expect(verification.entries).toBeGreaterThanOrEqual(committed.audit.size);

  const outbox = new Map((await deliveries(target)).map((row) => [row.id, row]));
  for (const [id, before] of committed.outbox) {
    const after = outbox.get(id);
    expect(after, `outbox row ${id}`).toBeDefined();
    expect(after?.idempotencyKey).toBe(before.idempotencyKey);
    if (before.status === 'delivered') expect(after?.status).toBe('delivered');
  }
}

/** Reads what is committed now (the API answered it from the database) into `committed`. */
async function recordCommitted(target: ServingCli): Promise<void> {
  for (const id of await allTraceIds(target)) committed.traceIds.add(id);
  for (const [seq, hash] of await allAudit(target)) committed.audit.set(seq, hash);
  for (const row of await deliveries(target)) committed.outbox.set(row.id, row);
}

describe('crash drill: 20 turns in flight and alerts delivering, kill -9, restart — 10 rounds', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: nothing committed is lost, in-flight turns are interrupted and compensated, the audit chain verifies`, async () => {
      server ??= await serve();
      const current = server;
      if (round === 1) await configureAlerting(current);
      else await checkAfterRestart(current);

      // Committed work of this round: a turn that completes before the 20 start (AI off, no provider wait).
      const quick = await rpc(current, 'turns.run', { campaignId: DEMO, preset: 'ai_disabled' });
      await waitUntil('the quick turn', async () => {
        const detail = await rpc(current, 'turns.get', { turnId: quick.turnId });
        return detail.turn.status === 'running' ? undefined : detail;
      }).then(expectCompleted);
      committed.completedTurns.add(quick.turnId);

      // 20 turns at once, one per campaign, with the default (realistic) simulated latency.
      const started = await Promise.all(CAMPAIGNS.map((campaignId) => rpc(current, 'turns.run', { campaignId })));
      // Kill at a different moment each round, once some turns have committed work and the alert has fired.
      await sleep((round % 5) * 120);
      const details = await waitUntil('turns mid-flight with committed phases', async () => {
        const read = await Promise.all(started.map(({ turnId }) => rpc(current, 'turns.get', { turnId })));
        const running = read.filter((detail) => detail.turn.status === 'running');
        if (running.length === 0) throw new Error('every turn finished before the kill');
        return running.some((detail) => committedPhases(detail).length >= 2) ? read : undefined;
      });
      if (round === 1) {
        await waitUntil('the first webhook delivery', async () => (receiver.accepted().length > 0 ? true : undefined));
      }
      await recordCommitted(current);
      for (const detail of details) if (detail.turn.status === 'completed') committed.completedTurns.add(detail.turn.id);
      inFlightAtKill = details
        .filter((detail) => detail.turn.status === 'running')
        .map((detail) => ({ turnId: detail.turn.id, committed: committedPhases(detail) }));
      expect(inFlightAtKill.length).toBeGreaterThan(0);

      // kill -9, and wait until the process is reaped.
      current.child.kill('SIGKILL');
      await exitOf(current.child);
      expect(current.child.signalCode).toBe('SIGKILL');
      servers.delete(current);
      server = undefined;

      // The crashed file itself, before anything opens it for writing.
      const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }

      // Restart; the next round (or the final check) runs on it.
      server = await serve();
      await checkAfterRestart(server);
    }, 120_000);
  }

  it('after the last restart: every outbox row reached the webhook, the database and the audit chain check out offline', async () => {
    const current = server ?? (await serve());
    server = current;
    // At-least-once: rows pending at a kill are sent after the restart.
    const recorded = [...committed.outbox.values()].filter((row) => row.status !== 'skipped');
    expect(recorded.length).toBeGreaterThan(0);
    // A row the last kill caught mid-send is leased until its send timeout + 15 s have passed, then retried.
    let undelivered: Delivery[] = [];
    await waitUntil(
      'every recorded outbox row delivered',
      async () => {
        const now = new Map((await deliveries(current)).map((row) => [row.id, row]));
        undelivered = recorded.map((row) => now.get(row.id) ?? row).filter((row) => row.status !== 'delivered');
        return undelivered.length === 0 ? true : undefined;
      },
      45_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(undelivered)}`);
    });
    const keysReceived = new Set(receiver.accepted().map((request) => request.headers['idempotency-key']));
    expect(recorded.filter((row) => !keysReceived.has(row.idempotencyKey)).map((row) => row.idempotencyKey)).toEqual([]);
    expect(committed.interruptedTurns.size).toBeGreaterThanOrEqual(ROUNDS);

    current.child.kill('SIGTERM');
    expect(await current.exited, current.output()).toBe(0);
    servers.delete(current);
    server = undefined;

    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect((db.prepare("SELECT count(*) AS n FROM turns WHERE status = 'running'").get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
    const verified = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^audit chain intact: \d+ entries/);
  }, 120_000);
});
