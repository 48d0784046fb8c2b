/**
 * The Dashboards page's Export (PNG, PDF, Grafana JSON — the bytes `novel-console export dashboard`
 * writes, saved as a download or through the desktop's save dialog) and, for callers with metrics.admin,
 * Import of a dashboard file (Grafana dashboard JSON or a console definition). An imported dashboard
 * joins the picker and opens; a file whose id is a shipped dashboard's can be imported under another id.
 * An imported dashboard can be removed again (after a confirmation); shipped ones cannot.
 */
import { useEffect, useState } from 'react';
import type { RangeChoice } from '../../../../src-shared/charts/time-range';
import type { Dashboard } from '../../../../src-shared/domain/dashboard';
import type { DashboardExportFormat } from '../../../../src-shared/domain/dashboard-exports';
import { useBridge } from '../../bridge-context';
import { useCallerMay } from '../../stores/caller-identity-store';
import { useDashboardStore } from '../../stores/dashboard-store';
import { ExportButtons, type ExportFormatChoice } from '../../ui/ExportButtons';
import { type ErrorView, toErrorView } from '../../ui/error-view';
import { FileImportButton } from '../../ui/FileImportButton';
import { dashboardHref } from './dashboards-route';

const ADMIN_PERMISSION = 'metrics.admin';

interface DashboardExportControlsProps {
  dashboard: Dashboard;
  range: RangeChoice;
}

export function DashboardExportControls({ dashboard, range }: DashboardExportControlsProps) {
  const bridge = useBridge();
  // Pictures show a range ending now: a preset exports as itself, a custom range as the dashboard's default.
  const preset = range.kind === 'preset' ? range.preset : undefined;
  const pictureNote = preset ? '' : ` (custom ranges export the default, last ${dashboard.defaultRange})`;
  const formats: ExportFormatChoice<DashboardExportFormat>[] = [
    { format: 'png', label: 'PNG', title: `Download ${dashboard.title} as a PNG picture of the panels${pictureNote}` },
    { format: 'pdf', label: 'PDF', title: `Download ${dashboard.title} as an A4 landscape PDF of the panels${pictureNote}` },
    {
      format: 'grafana',
      label: 'Grafana JSON',
      title: `Download ${dashboard.title} as Grafana dashboard JSON with equivalent PromQL (import it into Grafana)`,
    },
  ];

  return (
    <div className="dash-export">
      <ExportButtons
        legend="Export"
        formats={formats}
        testId="dashboard-export"
        exportFile={async (format) =>
          (await bridge.invoke('reports.dashboard', { dashboardId: dashboard.id, format, ...(preset ? { range: preset } : {}) })).file
        }
      />
      <DashboardImportButton current={dashboard} />
      <DashboardRemoveButton dashboard={dashboard} />
    </div>
  );
}

function fileDashboardId(content: string): string | null {
  try {
    const json = JSON.parse(content) as { id?: unknown; uid?: unknown; title?: unknown };
    const raw =
      typeof json.id === 'string' ? json.id : typeof json.uid === 'string' ? json.uid : typeof json.title === 'string' ? json.title : null;
    return raw
      ? raw
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
      : null;
  } catch {
    return null;
  }
}

function DashboardImportButton({ current }: { current: Dashboard }) {
  const bridge = useBridge();
  const allowed = useCallerMay(ADMIN_PERMISSION);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const lastImported = useDashboardStore((store) => store.lastImported);
  const imported = lastImported?.id === current.id ? lastImported : null;
  /** A file refused because its id is a shipped dashboard's: offered again under another id. */
  const [retry, setRetry] = useState<{ content: string; id: string } | null>(null);
  if (!allowed) return null;

  async function importContent(content: string, id?: string) {
    setBusy(true);
    setError(null);
    useDashboardStore.setState({ lastImported: null });
    setRetry(null);
    try {
      const { dashboard } = await bridge.invoke('dashboards.import', { content, ...(id ? { id } : {}) });
      useDashboardStore.setState({ lastImported: { id: dashboard.id, title: dashboard.title } });
      await useDashboardStore.getState().loadDashboards(bridge);
      window.location.hash = dashboardHref(dashboard.id);
    } catch (caught) {
      const view = toErrorView(caught);
      setError(view);
      const fileId = fileDashboardId(content);
      if (view.code === 'conflict' && fileId && !id) setRetry({ content, id: `${fileId}-imported`.slice(0, 80) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <span className="dash-import">
        <FileImportButton
          label="Import…"
          title="Import a dashboard file: Grafana dashboard JSON (Prometheus queries) or a console dashboard definition"
          busy={busy}
          onFile={(file) => void file.text().then((content) => importContent(content))}
          testId="dashboard-import"
        />
        {imported && (
          <span className="dash-import-result" role="status" data-testid="dashboard-import-result">
            Imported “{imported.title}”
          </span>
        )}
      </span>
      {error && (
        <p className="dash-export-error" role="alert" data-testid="dashboard-import-error">
          <span>
            <code>{error.code}</code> {error.message}
          </span>
          {retry && (
            <button
              type="button"
              className="button small"
              onClick={() => void importContent(retry.content, retry.id)}
              data-testid="dashboard-import-retry"
            >
              Import as “{retry.id}”
            </button>
          )}
        </p>
      )}
    </>
  );
}

/** Removes the imported dashboard on screen, after a second click that confirms it. */
function DashboardRemoveButton({ dashboard }: { dashboard: Dashboard }) {
  const bridge = useBridge();
  const allowed = useCallerMay(ADMIN_PERMISSION);
  const imported = useDashboardStore((store) => store.importedIds.includes(dashboard.id));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  // A different dashboard on screen starts without a pending confirmation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dashboard changes
  useEffect(() => {
    setConfirming(false);
    setError(null);
  }, [dashboard.id]);
  if (!allowed || !imported) return null;

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await bridge.invoke('dashboards.delete', { id: dashboard.id });
      await useDashboardStore.getState().loadDashboards(bridge);
      const first = useDashboardStore.getState().dashboards.data?.[0];
      window.location.hash = first ? dashboardHref(first.id) : '';
    } catch (caught) {
      setError(toErrorView(caught));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <span className="dash-import">
      {confirming ? (
        <>
          <button
            type="button"
            className="button small danger"
            disabled={busy}
            onClick={() => void remove()}
            data-testid="dashboard-remove-confirm"
          >
            {busy ? 'Removing…' : `Remove “${dashboard.title}”`}
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button small"
          title="Remove this imported dashboard from the console (shipped dashboards stay)"
          onClick={() => setConfirming(true)}
          data-testid="dashboard-remove"
        >
          Remove…
        </button>
      )}
      {error && (
        <span className="dash-export-error" role="alert">
          <code>{error.code}</code> {error.message}
        </span>
      )}
    </span>
  );
}
