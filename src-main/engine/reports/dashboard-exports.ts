/**
 * Dashboards out and in (SPEC section 8): any dashboard — shipped or imported — as PNG, PDF (drawn from
 * the metrics history, dashboard-image.ts) or Grafana dashboard JSON (grafana-dashboard.ts), and dashboard
 * files imported into the console, stored in `imported_dashboards` and listed after the shipped ones.
 *
 * Ids: a shipped dashboard's id is refused on import (`conflict`: the file would hide the shipped one —
 * the user gives another id); importing an id that was imported before replaces that dashboard, as
 * saving a file again does.
 */
import type { Dashboard, TimeRange } from '../../../src-shared/domain/dashboard';
import type { DashboardExportRequest, DashboardImportRequest } from '../../../src-shared/domain/dashboard-exports';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import { ContractError } from '../../../src-shared/errors';
import type { Identity } from '../../../src-shared/rbac';
import type { Db } from '../db/database';
import type { HandlerTable } from '../rpc';
import { bundledDashboards } from '../telemetry/dashboards';
import type { MetricsQueryService } from '../telemetry/metrics-query';
import { dashboardPdf, dashboardPng, snapshotDashboard } from './dashboard-image';
import { dashboardToGrafana, GrafanaImportError, grafanaToDashboard } from './grafana-dashboard';
import { loadRenderLibraries } from './render-libraries';

export interface DashboardExportsDeps {
  db: Db;
  metricsQuery: MetricsQueryService;
  /** The engine's clock (the metrics history's), so a range ends where the recorded data does in tests. */
  now(): number;
}

export interface DashboardExports {
  /** Shipped dashboards first (in their order), then imported ones by import time. */
  list(): Dashboard[];
  /** The ids of the imported ones. */
  importedIds(): string[];
  exportDashboard(request: DashboardExportRequest): Promise<ExportedFile>;
  importDashboard(request: DashboardImportRequest, identity: Identity): Dashboard;
  deleteImported(id: string): boolean;
}

function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

function binaryFile(fileName: string, mimeType: string, bytes: Buffer): ExportedFile {
  return { fileName, mimeType, encoding: 'base64', content: bytes.toString('base64'), bytes: bytes.length };
}

export function createDashboardExports(deps: DashboardExportsDeps): DashboardExports {
  const statements = {
    list: deps.db.prepare('SELECT definition FROM imported_dashboards ORDER BY imported_at, id'),
    upsert: deps.db.prepare(
      `INSERT INTO imported_dashboards (id, definition, source, imported_by, imported_at) VALUES (@id, @definition, @source, @importedBy, @importedAt)
       ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, source = excluded.source, imported_by = excluded.imported_by, imported_at = excluded.imported_at`,
    ),
    remove: deps.db.prepare('DELETE FROM imported_dashboards WHERE id = ?'),
  };

  function imported(): Dashboard[] {
    return (statements.list.all() as { definition: string }[]).map((row) => JSON.parse(row.definition) as Dashboard);
  }

  function list(): Dashboard[] {
    return [...bundledDashboards(), ...imported()];
  }

  function find(id: string): Dashboard {
    const dashboard = list().find((candidate) => candidate.id === id);
    if (!dashboard) {
      throw new ContractError(
        'not_found',
        `no dashboard "${id}"; the console has ${list()
          .map((one) => one.id)
          .join(', ')}`,
        [{ field: 'dashboardId', message: 'unknown dashboard' }],
      );
    }
    return dashboard;
  }

  async function exportDashboard(request: DashboardExportRequest): Promise<ExportedFile> {
    const dashboard = find(request.dashboardId);
    if (request.format === 'grafana') {
      const text = `${JSON.stringify(dashboardToGrafana(dashboard), null, 2)}\n`;
      return {
        fileName: `${dashboard.id}.grafana.json`,
        mimeType: 'application/json',
        encoding: 'utf8',
        content: text,
        bytes: Buffer.byteLength(text),
      };
    }
    // Images need the renderers (loaded on the first image export, not at start).
    await loadRenderLibraries();
    const range: TimeRange = request.range ?? dashboard.defaultRange;
    const nowMs = deps.now();
    const snapshot = snapshotDashboard(deps.metricsQuery, dashboard, range, nowMs, Date.now());
    const base = `${dashboard.id}-${range}-${fileStamp(nowMs)}`;
    if (request.format === 'png') return binaryFile(`${base}.png`, 'image/png', dashboardPng(snapshot));
    return binaryFile(`${base}.pdf`, 'application/pdf', await dashboardPdf(snapshot));
  }

  function importDashboard(request: DashboardImportRequest, identity: Identity): Dashboard {
    let json: unknown;
    try {
      json = JSON.parse(request.content);
    } catch (error) {
      throw new ContractError('invalid_request', `the file is not JSON: ${(error as Error).message}`, [
        { field: 'content', message: 'not JSON' },
      ]);
    }
    let dashboard: Dashboard;
    try {
      dashboard = grafanaToDashboard(json);
    } catch (error) {
      if (error instanceof GrafanaImportError) {
        throw new ContractError('invalid_request', `cannot import this dashboard: ${error.message}`, [
          { field: 'content', message: error.panel ? `panel "${error.panel}"` : error.message },
        ]);
      }
      throw error;
    }
    if (request.id) dashboard = { ...dashboard, id: request.id };
    if (bundledDashboards().some((shipped) => shipped.id === dashboard.id)) {
      throw new ContractError(
        'conflict',
        `dashboard "${dashboard.id}" ships with the console and cannot be replaced; import it under another id (e.g. ${dashboard.id}-imported)`,
        [{ field: 'id', message: 'a shipped dashboard has this id' }],
      );
    }
    const source = typeof json === 'object' && json !== null && ('uid' in json || 'dashboard' in json) ? 'grafana' : 'console';
    statements.upsert.run({
      id: dashboard.id,
      definition: JSON.stringify(dashboard),
      source,
      importedBy: identity.username,
      importedAt: new Date().toISOString(),
    });
    return dashboard;
  }

  function deleteImported(id: string): boolean {
    if (bundledDashboards().some((shipped) => shipped.id === id)) {
      throw new ContractError('conflict', `dashboard "${id}" ships with the console and cannot be removed`, [
        { field: 'id', message: 'a shipped dashboard' },
      ]);
    }
    const removed = statements.remove.run(id).changes > 0;
    if (!removed) throw new ContractError('not_found', `no imported dashboard "${id}"`, [{ field: 'id', message: 'not imported' }]);
    return removed;
  }

  return { list, importedIds: () => imported().map((dashboard) => dashboard.id), exportDashboard, importDashboard, deleteImported };
}

/** The dashboard export and import channels (host.ts answers dashboards.list with `list()` and `importedIds()`). */
export function createDashboardExportHandlers(
  service: DashboardExports,
): Pick<HandlerTable, 'reports.dashboard' | 'dashboards.import' | 'dashboards.delete'> {
  return {
    'reports.dashboard': async (request) => ({ file: await service.exportDashboard(request) }),
    'dashboards.import': (request, { identity }) => ({ dashboard: service.importDashboard(request, identity) }),
    'dashboards.delete': ({ id }) => ({ deleted: service.deleteImported(id) }),
  };
}
