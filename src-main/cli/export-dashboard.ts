/**
 * `novel-console export dashboard ID --format png|pdf|grafana [--range 7d] [--out FILE]` and
 * `novel-console import dashboard FILE [--id ID]`: dashboards through the reports.dashboard and
 * dashboards.import channels as the local operator — the bytes the Dashboards page's Export saves, the
 * import its Import does. Without --out the file goes to stdout; PNG and PDF only when stdout is not a
 * terminal. Progress lines go to stderr.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { TIME_RANGES, type TimeRange } from '../../src-shared/domain/dashboard';
import { DASHBOARD_EXPORT_FORMATS, type DashboardExportFormat } from '../../src-shared/domain/dashboard-exports';
import { ContractError } from '../../src-shared/errors';
import type { ExportCommandDeps } from './export-command';
import type { ImportCommandDeps } from './import-command';
import { cliOperator } from './operator';
import { refuseBinaryOnTerminal, writeExportedFile } from './output-file';

interface DashboardExportFlags {
  format: DashboardExportFormat;
  range?: TimeRange;
  out?: string;
  dataDir: string;
}

export function registerDashboardExportCommand(command: Command, deps: ExportCommandDeps): void {
  command
    .command('dashboard')
    .description('write a dashboard as a PNG or PDF picture of its panels, or as Grafana dashboard JSON')
    .argument('<id>', 'the dashboard id: a file name in resources/dashboards (executive, operational, …) or an imported one')
    .addOption(new Option('--format <format>', 'file format').choices(DASHBOARD_EXPORT_FORMATS).makeOptionMandatory())
    .addOption(new Option('--range <range>', "time range ending now (default: the dashboard's own)").choices(TIME_RANGES))
    .option('--out <file>', 'file to write (replaced only once complete); default stdout')
    .addOption(deps.dataDirOption())
    .action(async (dashboardId: string, flags: DashboardExportFlags) => {
      refuseBinaryOnTerminal(flags.format !== 'grafana', flags.out, `${dashboardId}.${flags.format}`);
      const host = deps.openHost(flags.dataDir);
      try {
        const started = performance.now();
        if (flags.format !== 'grafana') {
          process.stderr.write(
            `querying and drawing dashboard ${dashboardId} over ${flags.range ?? 'its default range'} as ${flags.format}…\n`,
          );
        }
        const { file } = await host.rpc.invoke(
          'reports.dashboard',
          { dashboardId, format: flags.format, ...(flags.range ? { range: flags.range } : {}) },
          cliOperator(),
          'cli',
        );
        writeExportedFile(file, flags.out, file.fileName, `${Math.round(performance.now() - started)} ms`);
      } finally {
        await host.close();
      }
    });
}

export function registerDashboardImportCommand(command: Command, deps: ImportCommandDeps): void {
  command
    .command('dashboard')
    .description('import a dashboard file (Grafana dashboard JSON or a console dashboard definition) beside the shipped ones')
    .argument('<file>', 'the JSON file')
    .option('--id <id>', "store it under this id (needed when the file's id is a shipped dashboard's)")
    .addOption(deps.dataDirOption())
    .action(async (path: string, flags: { id?: string; dataDir: string }) => {
      let content: string;
      try {
        content = readFileSync(path, 'utf8');
      } catch (error) {
        throw new ContractError('invalid_request', `cannot read ${resolve(path)}: ${(error as Error).message}`);
      }
      const host = deps.openHost(flags.dataDir);
      try {
        const { dashboard } = await host.rpc.invoke(
          'dashboards.import',
          { content, ...(flags.id ? { id: flags.id } : {}) },
          cliOperator(),
          'cli',
        );
        process.stdout.write(`imported dashboard ${dashboard.id} ("${dashboard.title}", ${dashboard.panels.length} panels)\n`);
      } finally {
        await host.close();
      }
    });
}
