/**
 * `novel-console import …`: bring exported files back into the console (SPEC section 8, issue 7). Each
 * subcommand goes through its import channel as the local operator, so it is authorized and audited like
 * the same import from the UI.
 */
import { Command, type Option } from 'commander';
import type { Host } from '../engine/host';
import { registerDashboardImportCommand } from './export-dashboard';
import { registerTraceImportCommand } from './export-data';

export interface ImportCommandDeps {
  dataDirOption(): Option;
  openHost(dataDir: string): Host;
}

export function importCommand(deps: ImportCommandDeps): Command {
  const command = new Command('import').description('import exported files into the console');
  // [issue 7: data] import traces FILE (OTLP JSON).
  registerTraceImportCommand(command, deps);
  // [issue 7: dashboards] import dashboard FILE is added here.
  registerDashboardImportCommand(command, deps);
  return command;
}
