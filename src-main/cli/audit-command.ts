/**
 * `novel-console audit …`: check, list and export the hash-chained audit log from a terminal.
 * `audit verify` prints its verdict on stdout and exits 1 when the chain is broken (like `turn replay`
 * for a differing replay), so cron jobs and scripts can rely on the exit code; `audit export` writes
 * JSON lines atomically (a temp file beside the target, then rename). Verify and list go through the
 * same channels and RBAC as every other face, as the local operator `cli:<os user>`.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ResponseOf } from '../../src-shared/contract';
import { AUDIT_OUTCOMES, type AuditEntry } from '../../src-shared/domain/security';
import type { Host } from '../engine/host';
import { cliOperator } from './operator';
import { writeFileAtomically } from './output-file';

export interface AuditCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string): Host;
}

/** The local operator of this terminal: an admin named after the OS user, so entries say who acted. */
function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new InvalidArgumentError('an integer from 1 to 1000');
  return count;
}

function parseOffset(value: string): number {
  const offset = Number(value);
  if (!Number.isInteger(offset) || offset < 0) throw new InvalidArgumentError('an integer of 0 or more');
  return offset;
}

/** The verdict line: what a person reads and what scripts grep. */
export function describeVerification(verification: ResponseOf<'audit.verify'>): string {
  const broken = verification.firstBroken;
  if (broken) return `audit chain broken at entry ${broken.seq}: ${broken.reason}`;
  return `audit chain intact: ${verification.entries} ${verification.entries === 1 ? 'entry' : 'entries'}`;
}

const LIST_COLUMNS: { title: string; value(entry: AuditEntry): string; max: number }[] = [
  { title: 'SEQ', value: (e) => String(e.seq), max: 10 },
  { title: 'AT', value: (e) => e.at, max: 24 },
  { title: 'ACTOR', value: (e) => e.actor, max: 32 },
  { title: 'ROLE', value: (e) => e.role, max: 12 },
  { title: 'ACTION', value: (e) => e.action, max: 28 },
  { title: 'TARGET', value: (e) => e.target ?? '-', max: 40 },
  { title: 'OUTCOME', value: (e) => (e.detail ? `${e.outcome} (${e.detail})` : e.outcome), max: 32 },
];

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Entries as an aligned table, one line each, newest first as listed. */
export function describeEntries(entries: readonly AuditEntry[]): string {
  const cells = entries.map((entry) => LIST_COLUMNS.map((column) => clip(column.value(entry), column.max)));
  const widths = LIST_COLUMNS.map((column, index) => Math.max(column.title.length, ...cells.map((row) => (row[index] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(LIST_COLUMNS.map((column) => column.title)), ...cells.map(line)].join('\n');
}

export function auditCommand(deps: AuditCommandDeps): Command {
  const audit = new Command('audit').description('verify, list and export the hash-chained audit log');

  audit
    .command('verify')
    .description('walk the hash chain and name the first broken link; exits 1 if the log was tampered with')
    .option('--json', 'print the verification as JSON')
    .addOption(deps.dataDirOption())
    .action(async (flags: { json?: boolean; dataDir: string }) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const verification = await host.rpc.invoke('audit.verify', {}, cliOperator());
        process.stdout.write(`${flags.json ? JSON.stringify(verification, null, 2) : describeVerification(verification)}\n`);
        if (!verification.ok) process.exitCode = 1;
      } finally {
        await host.close();
      }
    });

  audit
    .command('list')
    .description('list audit entries, newest first')
    .addOption(new Option('--limit <n>', 'at most this many').argParser(parseCount).default(20))
    .addOption(new Option('--offset <n>', 'skip this many of the newest').argParser(parseOffset).default(0))
    .option('--actor <id>', 'only entries by this user id')
    .option('--action <channel>', 'only this action, e.g. turns.run')
    .addOption(new Option('--outcome <outcome>', 'only this outcome').choices(AUDIT_OUTCOMES))
    .option('--json', 'print as JSON')
    .addOption(deps.dataDirOption())
    .action(async (flags) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const { entries, total } = await host.rpc.invoke(
          'audit.list',
          {
            limit: flags.limit,
            offset: flags.offset,
            ...(flags.actor ? { actor: flags.actor } : {}),
            ...(flags.action ? { action: flags.action } : {}),
            ...(flags.outcome ? { outcome: flags.outcome } : {}),
          },
          cliOperator(),
        );
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ entries, total }, null, 2)}\n`);
          return;
        }
        if (entries.length > 0) process.stdout.write(`${describeEntries(entries)}\n`);
        process.stdout.write(`${entries.length} of ${total} entries\n`);
      } finally {
        await host.close();
      }
    });

  audit
    .command('export')
    .description('write the whole log as JSON lines (oldest first, hashes included) to a file, atomically')
    .requiredOption('--out <file>', 'file to write; replaced only once the export is complete')
    .addOption(deps.dataDirOption())
    .action(async (flags: { out: string; dataDir: string }) => {
      const host = deps.openHost(flags.dataDir);
      try {
        // No export channel (a stream of the whole log is a file, not a response): the log is read
        // directly, by an operator who holds the database file anyway.
        let count = 0;
        const lines = function* (source: Iterable<string>) {
          for (const line of source) {
            count++;
            yield `${line}\n`;
          }
        };
        // Owner-only: the trail names who did what.
        const target = writeFileAtomically(flags.out, lines(host.services.audit.exportLines()), 0o600);
        process.stdout.write(`exported ${count} audit ${count === 1 ? 'entry' : 'entries'} to ${target}\n`);
      } finally {
        await host.close();
      }
    });

  return audit;
}
