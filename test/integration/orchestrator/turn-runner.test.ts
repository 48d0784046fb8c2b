/**
 * The runner's own rules (ordering, commits, timeouts, cancellation, saga, crash recovery) on a real
 * SQLite file, with small stand-in phases whose effects are easy to see. The real phases are tested
 * in test/unit/orchestrator and end to end with the runner in turns.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/database';
import { createGroupCommit } from '../../../src-main/engine/db/group-commit';
import { silentLogger } from '../../../src-main/engine/logger';
import { createCampaignRepository, defaultCampaigns } from '../../../src-main/engine/orchestrator/campaign-repository';
import { type Phase, PhaseFailure, type PhaseTable } from '../../../src-main/engine/orchestrator/phases/phase';
import type { AiProvider } from '../../../src-main/engine/orchestrator/providers/provider';
import { createTurnRepository } from '../../../src-main/engine/orchestrator/turn-repository';
import { createTurnRunner, type TurnProgress } from '../../../src-main/engine/orchestrator/turn-runner';
import { defaultTurnConfiguration, PHASES, type PhaseName } from '../../../src-shared/domain/turn-configuration';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const CAMPAIGN = 'ashfall-crossing';
let cleanup: () => void;
let dbPath: string;

beforeEach(() => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  dbPath = `${data.dir}/console.db`;
});
afterEach(() => cleanup());

const provider: AiProvider = {
  name: 'echo',
  async complete(request) {
    return { text: `echo ${request.operation}`, model: request.model, inputTokens: 10, outputTokens: 20, latencyMs: 1 };
  },
};

/** Each stand-in phase moves world time by one second and leaves one event, so effects are visible. */
function marking(phase: PhaseName): Phase {
  return async (state, context) => {
    if (phase === 'subjective_brief')
      await context.callAi({
        phase,
        operation: 'subjective_brief',
        model: 'm',
        messages: [],
        maxTokens: 10,
        temperature: 0,
        world: state.world,
        seedKey: 'x',
      });
    return {
      state: {
        ...state,
        world: { ...state.world, timeS: state.world.timeS + 1 },
        events: [
          ...state.events,
          {
            id: context.newId('ev'),
            type: 'generic_interaction',
            phase,
            timestampS: state.world.timeS,
            spanS: 0,
            participants: [],
            description: phase,
            interactionId: null,
          },
        ],
      },
      eventsProcessed: 0,
      eventsGenerated: 1,
    };
  };
}

function table(overrides: Partial<PhaseTable> = {}): PhaseTable {
  return Object.fromEntries(PHASES.map((phase) => [phase, overrides[phase] ?? marking(phase)])) as PhaseTable;
}

function setup(phases: PhaseTable, options: { groupCommit?: boolean } = {}) {
  const { db } = openDatabase({ path: dbPath });
  const commits = options.groupCommit ? createGroupCommit(db) : undefined;
  const campaigns = createCampaignRepository(db);
  campaigns.seedDefaults();
  const turns = createTurnRepository(db);
  const progress: TurnProgress[] = [];
  const runner = createTurnRunner({
    db,
    campaigns,
    turns,
    phases,
    defaultProvider: () => provider,
    cost: (_model, inputTokens, outputTokens) => inputTokens * 0.001 + outputTokens * 0.002,
    models: { basic: 'm', standard: 'm', detailed: 'm', comprehensive: 'm' },
    onProgress: (p) => progress.push(p),
    logger: silentLogger(),
    commits,
  });
  return { db, campaigns, turns, runner, progress, commits };
}

const request = { campaignId: CAMPAIGN, origin: 'test', startedBy: 'tester' };

describe('turn runner', () => {
  it('loads the demo campaign on first start', () => {
    const { campaigns, db } = setup(table());
    expect(campaigns.list().map((c) => c.id)).toContain(CAMPAIGN);
    expect(defaultCampaigns()[0]?.world.agents.length).toBeGreaterThanOrEqual(5);
    expect(campaigns.seedDefaults()).toBe(0);
    db.close();
  });

  it('runs the five phases in order, commits each, and completes', async () => {
    const { runner, turns, campaigns, progress, db } = setup(table());
    const before = campaigns.get(CAMPAIGN)!;
    const { turnId, done } = runner.start(request);
    expect(await done).toBe('completed');
    const turn = turns.get(turnId)!;
    expect(turn).toMatchObject({ status: 'completed', completion: 1, tokensIn: 10, tokensOut: 20 });
    expect(turn.totalAiCost).toBeCloseTo(0.05);
    expect(turns.phases(turnId).map((p) => [p.phase, p.status])).toEqual(PHASES.map((p) => [p, 'succeeded']));
    expect(turns.outputs(turnId).events.map((e) => e.description)).toEqual([...PHASES]);
    expect(turns.transcripts(turnId)).toHaveLength(1);
    expect(campaigns.get(CAMPAIGN)!.world.timeS).toBe(before.world.timeS + 5);
    expect(progress.at(-1)).toMatchObject({ turnId, overallStatus: 'completed', completion: 1 });
    db.close();
  });

  it('with group commit, a turn whose group cannot commit ends failed and leaves nothing half-written', async () => {
    // A unit of someone else's in the same group breaks a deferred foreign key: the group's COMMIT fails,
    // taking the turn's own row and its phases with it.
    const sabotage = (db: ReturnType<typeof openDatabase>['db']) => {
      db.exec(`CREATE TABLE IF NOT EXISTS parent (id INTEGER PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
      return db.prepare('INSERT INTO child (id, parent) VALUES (1, 42)');
    };
    let breakGroup: () => void = () => {};
    const { runner, turns, campaigns, commits, db } = setup(
      table({
        world_update: async (state, context) => {
          breakGroup();
          return marking('world_update')(state, context);
        },
      }),
      { groupCommit: true },
    );
    const violate = sabotage(db);
    breakGroup = () => commits?.unit('saboteur', () => violate.run());
    const before = campaigns.get(CAMPAIGN)!;
    const { turnId, done } = runner.start(request);
    expect(await done).toBe('failed');
    commits?.flush();
    expect(turns.get(turnId)).toBeUndefined();
    expect(turns.phases(turnId)).toEqual([]);
    expect(campaigns.get(CAMPAIGN)!.world).toEqual(before.world);
    expect(db.prepare('SELECT count(*) AS n FROM child').get()).toEqual({ n: 0 });
    // The runner is free for the next turn, which commits normally.
    breakGroup = () => {};
    const next = runner.start(request);
    expect(await next.done).toBe('completed');
    commits?.flush();
    expect(turns.get(next.turnId)).toMatchObject({ status: 'completed' });
    db.close();
  });

  it('with group commit, a turn whose last group cannot commit ends failed, its committed phases compensated', async () => {
    const { runner, turns, campaigns, commits, db } = setup(
      table({
        // A provider wait: the turn's row and its first phases commit in groups of their own before this.
        interaction_orchestration: async (state, context) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return marking('interaction_orchestration')(state, context);
        },
        event_integration: async (state, context) => {
          commits?.unit('saboteur', () => violate.run());
          return marking('event_integration')(state, context);
        },
      }),
      { groupCommit: true },
    );
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
    const violate = db.prepare('INSERT INTO child (id, parent) VALUES (1, 42)');
    const before = campaigns.get(CAMPAIGN)!;
    const { turnId, done } = runner.start(request);
    expect(await done).toBe('failed');
    commits?.flush();
    const turn = turns.get(turnId)!;
    expect(turn).toMatchObject({ status: 'failed', failureReason: 'internal' });
    expect(turn.failureMessage).toMatch(/could not commit/);
    // What had committed (world_update, subjective_brief) is undone; the lost phases left nothing.
    expect(turns.phases(turnId).map((p) => [p.phase, p.status])).toEqual([
      ['world_update', 'compensated'],
      ['subjective_brief', 'compensated'],
    ]);
    expect(campaigns.get(CAMPAIGN)!.world).toEqual(before.world);
    expect(turns.compensations(turnId).every((c) => c.success)).toBe(true);
    db.close();
  });

  it('compensates committed phases in reverse order and restores the world exactly', async () => {
    const { runner, turns, campaigns, db } = setup(
      table({
        event_integration: async () => {
          throw new PhaseFailure('consistency', 'contradictory events on aria/borin');
        },
      }),
    );
    const before = campaigns.get(CAMPAIGN)!;
    const { turnId, done } = runner.start(request);
    expect(await done).toBe('compensated');
    expect(campaigns.get(CAMPAIGN)!.world).toEqual(before.world);
    const steps = turns.compensations(turnId).map((c) => [c.type, c.phase, c.success]);
    expect(steps).toEqual([
      ['cancel_interactions', 'interaction_orchestration', true],
      ['invalidate_subjective_briefs', 'subjective_brief', true],
      ['rollback_world_state', 'world_update', true],
      ['log_failure', null, true],
      ['notify_participants', null, true],
      ['trigger_manual_review', null, true],
    ]);
    // Events of the phases that were undone without remove_events stay; world_update's go with the world.
    expect(turns.outputs(turnId).events.map((e) => [e.phase, e.removed])).toEqual([
      ['world_update', true],
      ['subjective_brief', false],
      ['interaction_orchestration', false],
    ]);
    expect(turns.phases(turnId).map((p) => p.status)).toEqual(['compensated', 'compensated', 'compensated', 'failed']);
    expect(turns.reviews('open', 10)).toHaveLength(1);
    expect(turns.get(turnId)).toMatchObject({ failedPhase: 'event_integration', failureReason: 'consistency' });
    db.close();
  });

  it('goes on past a soft failure without fail-fast and ends partially completed', async () => {
    const { runner, turns, db } = setup(
      table({
        narrative_integration: async () => {
          throw new PhaseFailure('validation', 'narrative too short');
        },
      }),
    );
    const { turnId, done } = runner.start(request);
    expect(await done).toBe('partially_completed');
    expect(turns.get(turnId)!.completion).toBeCloseTo(0.8);
    expect(turns.compensations(turnId)).toEqual([]);
    db.close();
  });

  it('stops and compensates on a soft failure with fail-fast', async () => {
    const { runner, turns, campaigns, db } = setup(
      table({
        subjective_brief: async () => {
          throw new PhaseFailure('validation', 'only 1 of 6 briefs valid');
        },
      }),
    );
    const before = campaigns.get(CAMPAIGN)!.world;
    const { turnId, done } = runner.start({ ...request, configuration: { failFastOnPhaseFailure: true } });
    expect(await done).toBe('compensated');
    expect(campaigns.get(CAMPAIGN)!.world).toEqual(before);
    expect(turns.compensations(turnId).map((c) => c.type)).toEqual(['rollback_world_state', 'log_failure', 'notify_participants']);
    db.close();
  });

  it('leaves the effects in place and says failed when rollback is disabled', async () => {
    const { runner, campaigns, db } = setup(
      table({
        event_integration: async () => {
          throw new PhaseFailure('consistency', 'broken');
        },
      }),
    );
    const before = campaigns.get(CAMPAIGN)!.world;
    const { done } = runner.start({ ...request, configuration: { rollbackEnabled: false } });
    expect(await done).toBe('failed');
    expect(campaigns.get(CAMPAIGN)!.world.timeS).toBe(before.timeS + 3);
    db.close();
  });

  it('fails a phase that outlives its timeout even when it ignores the signal', async () => {
    const { runner, turns, db } = setup(table({ world_update: () => new Promise(() => {}) }));
    const { turnId, done } = runner.start({ ...request, configuration: { phaseTimeoutsMs: { world_update: 50 } } });
    expect(await done).toBe('compensated');
    expect(turns.get(turnId)).toMatchObject({ failedPhase: 'world_update', failureReason: 'timeout' });
    db.close();
  });

  it('allows one running turn per campaign and cancels at any moment', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { runner, turns, campaigns, db } = setup(
      table({
        interaction_orchestration: async (state, context) => {
          await Promise.race([gate, new Promise((r) => context.signal.addEventListener('abort', r))]);
          return { state, eventsProcessed: 0, eventsGenerated: 0 };
        },
      }),
    );
    const before = campaigns.get(CAMPAIGN)!.world;
    const first = runner.start(request);
    await new Promise((r) => setTimeout(r, 20));
    expect(() => runner.start(request)).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining(first.turnId) }),
    );
    expect(runner.cancel(first.turnId, 'tester')).toBe(true);
    expect(await first.done).toBe('cancelled');
    release();
    expect(campaigns.get(CAMPAIGN)!.world).toEqual(before);
    expect(turns.get(first.turnId)).toMatchObject({
      status: 'cancelled',
      failureReason: 'cancelled',
      failedPhase: 'interaction_orchestration',
    });
    const second = runner.start(request);
    expect(await second.done).toBe('completed');
    db.close();
  });

  it('fails the AI phase with cost_cap before a call that would exceed the cap', async () => {
    const { runner, turns, db } = setup(table());
    const { turnId, done } = runner.start({ ...request, configuration: { maxAiCost: 0 } });
    expect(await done).toBe('partially_completed');
    const brief = turns.phases(turnId).find((p) => p.phase === 'subjective_brief')!;
    expect(brief.status).toBe('failed');
    expect(brief.error).toMatch(/^cost_cap/);
    expect(turns.transcripts(turnId)).toEqual([]);
    db.close();
  });

  it('names the field of an invalid configuration and unknown participants', () => {
    const { runner, db } = setup(table());
    expect(() => runner.start({ ...request, configuration: { aiTemperature: 3 } })).toThrow(
      expect.objectContaining({ code: 'invalid_request', issues: [expect.objectContaining({ field: 'configuration.aiTemperature' })] }),
    );
    expect(() => runner.start({ ...request, participants: ['aria', 'nobody'] })).toThrow(
      expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('nobody') }),
    );
    expect(() => runner.start({ ...request, campaignId: 'nope' })).toThrow(expect.objectContaining({ code: 'not_found' }));
    db.close();
  });

  it('marks turns a crash left running as interrupted and compensates them at the next start', async () => {
    const first = setup(table({ narrative_integration: () => new Promise(() => {}) }));
    const before = first.campaigns.get(CAMPAIGN)!.world;
    const { turnId, done } = first.runner.start({ ...request, configuration: { maxExecutionTimeMs: 200 } });
    // The dead process's timers later find the database closed; that is the point of the test.
    done.catch(() => {});
    while (first.turns.phases(turnId).filter((p) => p.status === 'succeeded').length < 4) await new Promise((r) => setTimeout(r, 5));
    expect(first.campaigns.get(CAMPAIGN)!.world).not.toEqual(before);
    first.db.close(); // the process "dies": nothing else is written

    const second = setup(table());
    expect(second.runner.recoverInterrupted()).toBe(1);
    expect(second.turns.get(turnId)).toMatchObject({ status: 'interrupted', failureReason: 'interrupted' });
    expect(second.campaigns.get(CAMPAIGN)!.world).toEqual(before);
    expect(second.turns.outputs(turnId).events.every((e) => e.removed)).toBe(true);
    expect(second.runner.recoverInterrupted()).toBe(0);
    second.db.close();
  });

  it('refuses a second turn on a campaign whose turn runs in another live process, and never recovers it', async () => {
    const { runner, turns, campaigns, db } = setup(table());
    const world = campaigns.get(CAMPAIGN)!.world;
    // A turn another console (pid 1 is always alive) is running on this data dir.
    turns.insertTurn({
      id: 'elsewhere',
      campaignId: CAMPAIGN,
      number: 99,
      origin: 'test',
      provider: 'echo',
      providerConfig: {},
      seed: 1,
      configuration: defaultTurnConfiguration(),
      participants: ['aria'],
      replayOf: null,
      startedAt: new Date().toISOString(),
      startedBy: 'other',
      world,
      worldVersion: 1,
    });
    db.prepare("UPDATE turns SET owner_pid = 1 WHERE id = 'elsewhere'").run();
    expect(() => runner.start(request)).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining('elsewhere') }),
    );
    expect(runner.recoverInterrupted()).toBe(0);
    expect(turns.get('elsewhere')!.status).toBe('running');
    db.close();
  });

  it('counts provider time as wall time with a call outstanding, so parallel calls are not summed', async () => {
    const sleepy: AiProvider = {
      name: 'sleepy',
      async complete(request) {
        await new Promise((r) => setTimeout(r, 60));
        return { text: 'ok', model: request.model, inputTokens: 1, outputTokens: 1, latencyMs: 60 };
      },
    };
    const parallel: Phase = async (state, context) => {
      const call = (key: string) =>
        context.callAi({
          phase: 'subjective_brief',
          operation: 'subjective_brief',
          model: 'm',
          messages: [],
          maxTokens: 5,
          temperature: 0,
          world: state.world,
          seedKey: key,
        });
      await Promise.all([call('a'), call('b'), call('c')]);
      return { state, eventsProcessed: 0, eventsGenerated: 0 };
    };
    const { runner, turns, db } = setup(table({ subjective_brief: parallel }));
    const { turnId, done } = runner.start({ ...request, provider: sleepy });
    expect(await done).toBe('completed');
    const turn = turns.get(turnId)!;
    expect(turn.providerMs).toBeGreaterThanOrEqual(55);
    expect(turn.providerMs).toBeLessThan(150);
    expect(turns.transcripts(turnId).map((t) => t.latencyMs)).toEqual([60, 60, 60]);
    db.close();
  });
});
