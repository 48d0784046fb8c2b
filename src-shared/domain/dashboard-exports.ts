/**
 * Dashboard exports and imports (issue 7): a dashboard as PNG, PDF or Grafana dashboard JSON for one of
 * the page's relative ranges, and a dashboard file (Grafana's classic model or the console's own
 * definition) imported beside the shipped ones.
 */
import { z } from 'zod';
import { TIME_RANGES } from './dashboard';

export const DASHBOARD_EXPORT_FORMATS = ['png', 'pdf', 'grafana'] as const;
export type DashboardExportFormat = (typeof DASHBOARD_EXPORT_FORMATS)[number];

const DashboardId = z.string().regex(/^[a-z0-9-]+$/, 'a dashboard id is lowercase letters, digits and dashes');

export const DashboardExportRequest = z.strictObject({
  dashboardId: DashboardId,
  /** The range the picture shows, ending now; default the dashboard's own default range. */
  range: z.enum(TIME_RANGES).optional(),
  format: z.enum(DASHBOARD_EXPORT_FORMATS),
});
export type DashboardExportRequest = z.infer<typeof DashboardExportRequest>;

export const DashboardImportRequest = z.strictObject({
  /** The file's text: Grafana dashboard JSON or a console dashboard definition. */
  content: z
    .string()
    .min(2)
    .max(2 * 1024 * 1024),
  /** Stores the dashboard under this id instead of the file's (needed when the file's id is a shipped dashboard's). */
  id: DashboardId.max(80).optional(),
});
export type DashboardImportRequest = z.infer<typeof DashboardImportRequest>;

export const DashboardDeleteRequest = z.strictObject({ id: DashboardId });

export const DashboardSource = z.enum(['bundled', 'grafana', 'console']);
export type DashboardSource = z.infer<typeof DashboardSource>;
