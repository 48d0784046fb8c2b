/**
 * Versioning of runbooks (runbook-service.ts over a real SQLite database): the shipped text is version 0,
 * every save appends a version, a revert appends a copy of an earlier one, a stale editor is refused, and
 * history is never rewritten.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import { createRunbookRepository } from '../../../src-main/engine/runbooks/runbook-repository';
import { createRunbookService, type RunbookService } from '../../../src-main/engine/runbooks/runbook-service';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';

const sre = identityForRole('sre-1', 'developer');
const SHIPPED = '---\ntitle: Disk full\nalerts: [DiskFull]\ntags: [storage]\n---\n- [ ] Free space.\n- [ ] action: silence 1h\n';
const edited = (words: string) => `---\ntitle: Disk full\nalerts: [DiskFull]\n---\n- [ ] ${words}\n`;

let db: Db;
let service: RunbookService;
let clockMs: number;

function open(): void {
  db = openDatabase({ path: ':memory:' }).db;
  clockMs = Date.UTC(2025, 5, 1, 12);
  service = createRunbookService({
    repository: createRunbookRepository(db),
    shipped: new Map([['disk-full', SHIPPED]]),
    now: () => {
      clockMs += 60_000;
      return new Date(clockMs);
    },
  });
}

beforeEach(open);
afterEach(() => db.close());

const save = (slug: string, source: string, baseVersion: number | null, note = '') =>
  service.save({ slug, source, baseVersion, note }, sre);
const revert = (slug: string, toVersion: number, baseVersion: number) => service.revert({ slug, toVersion, baseVersion }, sre);

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof ContractError) return error.code;
    throw error;
  }
  throw new Error('expected a ContractError');
}

describe('runbook versions', () => {
  it('serves a shipped runbook as version 0 with its parsed steps', () => {
    const runbook = service.get('disk-full');
    expect(runbook).toMatchObject({ slug: 'disk-full', title: 'Disk full', origin: 'shipped', version: 0, shownVersion: 0, shipped: true });
    expect(runbook.steps.map((step) => step.key)).toEqual(['free-space', 'action-silence-1h']);
    expect(runbook.versions).toEqual([
      { version: 0, kind: 'shipped', revertedTo: null, note: '', author: 'novel-console', createdAt: null },
    ]);
  });

  it('overrides a shipped runbook with a user version, keeps both in history, and reverts to the shipped text', () => {
    const v1 = save('disk-full', edited('Delete old backups.'), 0, 'our backups live here');
    expect(v1).toMatchObject({ origin: 'overridden', version: 1, updatedBy: 'sre-1', updatedAt: '2025-06-01T12:01:00.000Z' });
    expect(v1.steps.map((step) => step.text)).toEqual(['Delete old backups.']);
    expect(v1.versions.map((version) => [version.version, version.kind, version.note])).toEqual([
      [1, 'edit', 'our backups live here'],
      [0, 'shipped', ''],
    ]);
    // The shipped text stays readable as version 0.
    expect(service.get('disk-full', 0).source).toBe(SHIPPED);

    const v2 = revert('disk-full', 0, 1);
    expect(v2).toMatchObject({ origin: 'shipped', version: 2, source: SHIPPED });
    expect(v2.versions[0]).toMatchObject({ version: 2, kind: 'revert', revertedTo: 0, note: 'reverted to the shipped text' });
    // Reverting back to the user's text is a revert too.
    const v3 = revert('disk-full', 1, 2);
    expect(v3).toMatchObject({ origin: 'overridden', version: 3, source: edited('Delete old backups.') });
    expect(service.get('disk-full', 1).source).toBe(edited('Delete old backups.'));
  });

  it('creates runbooks written in the console, and refuses a second one of the same name', () => {
    const created = save('restart-drill', '# Restart drill\n- [ ] Stop the console.\n', null);
    expect(created).toMatchObject({ origin: 'user', version: 1, shipped: false });
    expect(created.versions.map((version) => version.version)).toEqual([1]);
    expect(codeOf(() => save('restart-drill', '# Other\n', null))).toBe('conflict');
    expect(codeOf(() => save('disk-full', '# Other\n', null))).toBe('conflict');
    expect(codeOf(() => revert('restart-drill', 0, 1))).toBe('not_found');
  });

  it('refuses a save or revert from a stale version, naming who changed it', () => {
    save('disk-full', edited('One.'), 0);
    let message = '';
    try {
      save('disk-full', edited('Two.'), 0);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'runbook disk-full changed since version 0 was opened: version 1 by sre-1 at 2025-06-01T12:01:00.000Z is current; reload it and apply your change again',
    );
    expect(codeOf(() => revert('disk-full', 0, 0))).toBe('conflict');
    expect(service.get('disk-full').version).toBe(1);
  });

  it('refuses a source that does not parse, with every issue named on the source field', () => {
    let error: ContractError | undefined;
    try {
      save('disk-full', '---\ntitle: X\n---\n- [ ] action: reboot\n- [ ] action: silence 90d\n', 0);
    } catch (caught) {
      error = caught as ContractError;
    }
    expect(error?.code).toBe('invalid_request');
    expect(error?.message).toBe(
      'runbook disk-full was not saved: line 4: unknown action "reboot" (known: silence, release-agent, rerun-turn-ai-disabled, open-trace)',
    );
    expect(error?.issues?.map((issue) => issue.field)).toEqual(['source', 'source']);
    expect(service.get('disk-full').version).toBe(0);
  });

  it('answers not_found for unknown runbooks and versions', () => {
    expect(codeOf(() => service.get('nope'))).toBe('not_found');
    expect(codeOf(() => service.get('disk-full', 3))).toBe('not_found');
    save('mine', '# Mine\n', null);
    expect(codeOf(() => service.get('mine', 0))).toBe('not_found');
  });

  it('lists shipped and written runbooks by title, searchable by title, alert and tag', () => {
    save('restart-drill', '---\ntitle: A restart drill\nalerts: [ConsoleDown]\ntags: [drill]\n---\n', null);
    expect(service.list({}).map((runbook) => runbook.slug)).toEqual(['restart-drill', 'disk-full']);
    expect(service.list({ query: 'DISK' }).map((runbook) => runbook.slug)).toEqual(['disk-full']);
    expect(service.list({ query: 'consoledown' }).map((runbook) => runbook.slug)).toEqual(['restart-drill']);
    expect(service.list({ alert: 'DiskFull' }).map((runbook) => runbook.slug)).toEqual(['disk-full']);
    expect(service.list({ tag: 'drill' }).map((runbook) => runbook.slug)).toEqual(['restart-drill']);
    expect(service.list({ alert: 'Nothing' })).toEqual([]);
    expect(service.list({})[1]).toMatchObject({ stepCount: 2, actionCount: 1 });
  });

  it('never rewrites history: any sequence of saves and reverts keeps every earlier version readable as it was', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('save' as const), word: fc.stringMatching(/^[A-Za-z]{1,12}$/) }),
            fc.record({ kind: fc.constant('revert' as const), pick: fc.nat() }),
          ),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (operations) => {
          db.close();
          open();
          const texts: string[] = [SHIPPED];
          for (const operation of operations) {
            const current = service.get('disk-full').version;
            if (operation.kind === 'save') {
              save('disk-full', edited(operation.word), current);
              texts.push(edited(operation.word));
            } else {
              const target = operation.pick % texts.length;
              if (target === current) continue;
              revert('disk-full', target, current);
              texts.push(texts[target] as string);
            }
            const runbook = service.get('disk-full');
            expect(runbook.version).toBe(texts.length - 1);
            expect(runbook.source).toBe(texts[texts.length - 1]);
            expect(runbook.versions.map((version) => version.version)).toEqual(texts.map((_, index) => index).reverse());
          }
          texts.forEach((text, version) => {
            expect(service.get('disk-full', version).source).toBe(text);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('runbook step records', () => {
  const master = identityForRole('sm-1', 'story_master');
  const player = identityForRole('pl-1', 'player');
  const record = (stepKey: string, outcome: 'done' | 'failed' | 'unchecked', who = master) =>
    service.recordStep({ incidentId: 'inc-1', slug: 'disk-full', version: 0, stepKey, outcome, detail: '' }, who);

  it("keeps who took which step, when and with which outcome, with the step's words", () => {
    const first = record('free-space', 'done');
    expect(first).toMatchObject({
      incidentId: 'inc-1',
      slug: 'disk-full',
      version: 0,
      stepKey: 'free-space',
      stepText: 'Free space.',
      action: null,
      outcome: 'done',
      actor: 'sm-1',
      role: 'story_master',
    });
    record('free-space', 'unchecked', player);
    expect(service.stepRecords('inc-1').map((r) => [r.stepKey, r.outcome, r.actor])).toEqual([
      ['free-space', 'done', 'sm-1'],
      ['free-space', 'unchecked', 'pl-1'],
    ]);
    expect(service.stepRecords('inc-2')).toEqual([]);
    expect(service.stepRecords('inc-1', 'other')).toEqual([]);
  });

  it('refuses a step the runbook version does not have', () => {
    expect(codeOf(() => record('no-such-step', 'done'))).toBe('not_found');
  });
});
