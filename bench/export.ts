/**
 * export: the issue 7 export figures in one run — a turn report PDF (<= 1 s) and a 7-day dashboard PNG
 * (<= 1 s), each through its channel on the built engine (bench/export-report.ts and
 * bench/export-dashboard.ts say how).
 */
import { dashboardImageFigures } from './export-dashboard';
import { reportFigures } from './export-report';

export const name = 'export';
export const description = 'turn report PDF/HTML and 7-day dashboard PNG/PDF through the export channels (median and max ms)';

export async function run(): Promise<Record<string, number>> {
  const report = await reportFigures();
  const dashboard = await dashboardImageFigures();
  return { ...report, ...dashboard };
}
