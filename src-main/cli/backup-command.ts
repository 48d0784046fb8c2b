/**
 * `novel-console backup [--out FILE]` and `novel-console restore FILE [--yes]`.
 *
 * backup: an online backup through the engine's backup service (a console may be running on the same data
 * dir: the copy is a consistent snapshot and other work goes on), into `<dataDir>/backups/` or FILE,
 * with its `<file>.sha256` sidecar; audited as the local operator.
 *
 * restore: only with no console running on the data dir (refused otherwise); the backup is verified
 * (checksum, integrity_check, audit chain) before anything is replaced, and a refused restore leaves the
 * live database untouched. Asks before replacing unless --yes; without a terminal, --yes is required.
 */
import { createInterface } from 'node:readline/promises';
import { Command, type Option } from 'commander';
import type { Host } from '../engine/host';
import { BackupRefusedError, restoreBackup } from '../engine/reports/backup';
import { DataDirBusyError } from '../engine/reports/data-dir-lock';
import { cliOperator } from './operator';

export interface BackupCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string): Host;
}

function refuse(message: string): void {
  process.stderr.write(`novel-console: restore refused: ${message}\n`);
  process.exitCode = 1;
}

async function confirmed(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

export function backupCommands(deps: BackupCommandDeps): Command[] {
  const backup = new Command('backup')
    .description('take an online backup of the database (a running console keeps working) with a SHA-256 checksum file')
    .option('--out <file>', 'write the backup here instead of <data-dir>/backups/ (and <file>.sha256 beside it)')
    .addOption(deps.dataDirOption())
    .action(async (flags: { out?: string; dataDir: string }) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const created = await host.services.backups.create({
          trigger: 'cli',
          auditAs: cliOperator(),
          ...(flags.out ? { out: flags.out } : {}),
        });
        process.stdout.write(
          `backup written: ${created.path} (${created.backup.bytes} bytes, sha256 ${created.backup.sha256}, ${Math.round(created.durationMs)} ms)\n`,
        );
        for (const name of created.pruned) process.stdout.write(`old backup deleted: ${name}\n`);
      } finally {
        await host.close();
      }
    });

  const restore = new Command('restore')
    .description('replace the database with a backup, after checking its checksum, integrity and audit chain; the console must be stopped')
    .argument('<file>', 'the backup file (its <file>.sha256 is checked when present)')
    .option('--yes', 'do not ask for confirmation')
    .addOption(deps.dataDirOption())
    .action(async (file: string, flags: { yes?: boolean; dataDir: string }) => {
      if (!flags.yes) {
        if (!process.stdin.isTTY) {
          refuse(`restore replaces the database in ${flags.dataDir}: add --yes to confirm`);
          return;
        }
        if (!(await confirmed(`Replace the database in ${flags.dataDir} with ${file}? The current one is kept as a copy.`))) {
          refuse('not confirmed');
          return;
        }
      }
      try {
        const result = restoreBackup({ file, dataDir: flags.dataDir, actor: cliOperator() });
        process.stdout.write(
          `restored ${result.file} into ${flags.dataDir} (sha256 ${result.sha256}, ${result.checksum === 'verified' ? 'checksum verified' : 'no checksum file to check'}); ` +
            `${result.previous ? `previous database kept as ${result.previous}` : 'there was no previous database'}; audit chain intact: ${result.auditEntries} entries\n`,
        );
      } catch (error) {
        if (error instanceof BackupRefusedError || error instanceof DataDirBusyError) {
          refuse(error.message);
          return;
        }
        throw error;
      }
    });

  return [backup, restore];
}
