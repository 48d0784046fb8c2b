/**
 * `novel-console export …`: exports from a terminal (SPEC section 8: the same output as the UI).
 * `export rules [--out FILE]` writes the alert rules as a Prometheus rule file that `promtool check rules`
 * accepts, to stdout or atomically to FILE (a temp file beside it, then rename). The rules are read
 * through the rules.list channel as the local operator, like every other CLI command.
 */
import { Command, type Option } from 'commander';
import { prometheusRulesYaml } from '../engine/alerts/prometheus-rules';
import type { Host } from '../engine/host';
import { registerDashboardExportCommand } from './export-dashboard';
import { registerDataExportCommands } from './export-data';
import { registerReportExportCommands } from './export-reports';
import { cliOperator } from './operator';
import { writeFileAtomically } from './output-file';

export interface ExportCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string): Host;
}

export function exportCommand(deps: ExportCommandDeps): Command {
  const command = new Command('export').description('export console data in standard formats');

  command
    .command('rules')
    .description('write the alert rules as a Prometheus rule file (checked by `promtool check rules`)')
    .option('--out <file>', 'file to write (replaced only once complete); default stdout')
    .addOption(deps.dataDirOption())
    .action(async (flags: { out?: string; dataDir: string }) => {
      const host = deps.openHost(flags.dataDir);
      try {
        const { rules } = await host.rpc.invoke('rules.list', {}, cliOperator(), 'cli');
        const yaml = prometheusRulesYaml(rules.map((info) => info.rule));
        if (!flags.out) {
          process.stdout.write(yaml);
          return;
        }
        const target = writeFileAtomically(flags.out, [yaml]);
        const count = rules.filter((info) => info.rule.enabled).length;
        process.stderr.write(`exported ${count} alert ${count === 1 ? 'rule' : 'rules'} to ${target}\n`);
      } finally {
        await host.close();
      }
    });

  // [issue 7: dashboards] export dashboard ID --format png|pdf|grafana is added here.
  registerDashboardExportCommand(command, deps);
  // [issue 7: reports] export turn ID / export incident ID --format html|md|pdf are added here.
  registerReportExportCommands(command, deps);
  // [issue 7: data] export traces / metrics / audit are added here.
  registerDataExportCommands(command, deps);
  return command;
}
