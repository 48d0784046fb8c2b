/**
 * `novel-console export turn ID` and `export incident ID` (--format html|md|pdf, --out FILE): the turn and
 * incident reports through the reports.turn / reports.incident channels as the local operator — the same
 * bytes the UI's Report button saves. Without --out the report goes to stdout; a PDF only when stdout is
 * not a terminal (binary on a terminal helps no one). A progress line goes to stderr.
 */
import { type Command, Option } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../../src-shared/domain/turn-incident-reports';
import type { ExportCommandDeps } from './export-command';
import { cliOperator } from './operator';
import { writeExportedFile } from './output-file';

interface ReportFlags {
  format: ReportFormat;
  out?: string;
  generatedAt?: string;
  dataDir: string;
}

const generatedAtOption = () =>
  new Option('--generated-at <time>', 'the ISO time the report says it was made (default now): the same time gives the same bytes');

export function registerReportExportCommands(command: Command, deps: ExportCommandDeps): void {
  const formatOption = () => new Option('--format <format>', 'file format').choices(REPORT_FORMATS).makeOptionMandatory();

  command
    .command('turn')
    .description('write a turn report (summary, phases, trace waterfall, narrative, events, compensations, trust changes)')
    .argument('<id>', 'the turn id (the Turns page and `turn run` show it)')
    .addOption(formatOption())
    .option('--out <file>', 'file to write (replaced only once complete); default stdout')
    .addOption(generatedAtOption())
    .addOption(deps.dataDirOption())
    .action(async (turnId: string, flags: ReportFlags) => {
      const host = deps.openHost(flags.dataDir);
      try {
        process.stderr.write(`rendering the ${flags.format} report of turn ${turnId}…\n`);
        const { file } = await host.rpc.invoke(
          'reports.turn',
          { turnId, format: flags.format, generatedAt: flags.generatedAt },
          cliOperator(),
          'cli',
        );
        writeExportedFile(file, flags.out, `turn report ${file.fileName}`);
      } finally {
        await host.close();
      }
    });

  command
    .command('incident')
    .description('write an incident report (alert timeline and values, silences, runbook steps taken, related turns, audit entries)')
    .argument('<id>', 'the incident: an alert fingerprint, or <fingerprint>:<episode> for an earlier episode')
    .addOption(formatOption())
    .option('--out <file>', 'file to write (replaced only once complete); default stdout')
    .addOption(generatedAtOption())
    .addOption(deps.dataDirOption())
    .action(async (incidentId: string, flags: ReportFlags) => {
      const host = deps.openHost(flags.dataDir);
      try {
        process.stderr.write(`rendering the ${flags.format} report of incident ${incidentId}…\n`);
        const { file } = await host.rpc.invoke(
          'reports.incident',
          { incidentId, format: flags.format, generatedAt: flags.generatedAt },
          cliOperator(),
          'cli',
        );
        writeExportedFile(file, flags.out, `incident report ${file.fileName}`);
      } finally {
        await host.close();
      }
    });
}
