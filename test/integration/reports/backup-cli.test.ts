/**
 * `novel-console backup` and `restore` as a shell runs them (the built CLI in a child process): a backup
 * with its sha256sum-format checksum file, a restore into another data dir, and the refusals a user
 * meets — no --yes without a terminal, a truncated file, a console still running on the data dir — each
 * one line on stderr, exit 1, the live database unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, DATABASE_FILE } from '../../../src-main/engine/host';
import { assertBuilt, runCli } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let work: ReturnType<typeof tempDataDir>;
beforeAll(() => {
  assertBuilt();
  work = tempDataDir('novel-backup-cli-');
});
afterAll(() => work.cleanup());

describe('novel-console backup / restore', () => {
  it('backs up to --out with a checksum file, and restores it into another data dir', { timeout: 90_000 }, () => {
    const source = join(work.dir, 'source');
    const out = join(work.dir, 'nightly.db');
    expect(runCli(['turn', 'run', '--campaign', 'ashfall-crossing', '--data-dir', source])).toMatchObject({ code: 0 });
    const backup = runCli(['backup', '--out', out, '--data-dir', source]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`^backup written: ${out} \\(\\d+ bytes, sha256 [0-9a-f]{64}, \\d+ ms\\)\\n$`));
    // sha256sum -c reads the checksum file as written.
    const check = spawnSync('sha256sum', ['-c', 'nightly.db.sha256'], { cwd: work.dir, encoding: 'utf8' });
    expect(check.stdout).toBe('nightly.db: OK\n');

    const target = join(work.dir, 'target');
    const restore = runCli(['restore', out, '--yes', '--data-dir', target]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`restored ${out} into ${target} (sha256 ${sha256(out)}, checksum verified)`);
    const turns = runCli(['rpc', 'turns.list', '{}', '--data-dir', target]);
    expect(JSON.parse(turns.stdout).total).toBe(1);
    const audit = runCli(['audit', 'list', '--json', '--data-dir', target]);
    const [newest] = JSON.parse(audit.stdout).entries;
    expect(newest).toMatchObject({ action: 'backups.restore', target: 'backup:nightly.db', outcome: 'ok' });
    expect(newest.actor).toMatch(/^cli:/);
    expect(runCli(['audit', 'verify', '--data-dir', target])).toMatchObject({ code: 0 });
  });

  it('refuses without --yes, a truncated file and a data dir a console is running on, leaving the live database as it was', {
    timeout: 90_000,
  }, async () => {
    const source = join(work.dir, 'refusals-source');
    const live = join(work.dir, 'refusals-live');
    const out = join(work.dir, 'refusals.db');
    expect(runCli(['backup', '--out', out, '--data-dir', source])).toMatchObject({ code: 0 });
    expect(runCli(['turn', 'run', '--campaign', 'ashfall-crossing', '--data-dir', live])).toMatchObject({ code: 0 });
    const liveDb = join(live, DATABASE_FILE);
    const before = sha256(liveDb);

    const unconfirmed = runCli(['restore', out, '--data-dir', live]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toBe(`novel-console: restore refused: restore replaces the database in ${live}: add --yes to confirm\n`);

    const truncated = join(work.dir, 'truncated.db');
    copyFileSync(out, truncated);
    truncateSync(truncated, 5000);
    const damaged = runCli(['restore', truncated, '--yes', '--data-dir', live]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(
      /^novel-console: restore refused: .*truncated\.db is truncated \(5000 bytes, expected \d+\): use another backup\n$/,
    );

    // A console in another process (this test's) holds the data dir.
    const running = createHost({ dataDir: live, face: 'headless', telemetry: { recorder: { enabled: false } } });
    try {
      const busy = runCli(['restore', out, '--yes', '--data-dir', live]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toBe(
        `novel-console: restore refused: a novel-console is running on ${live} (it holds novel-console.lock): stop it (desktop, serve or any command on this data dir), then restore\n`,
      );
    } finally {
      await running.close();
    }
    expect(sha256(liveDb)).toBe(before);
  });
});
