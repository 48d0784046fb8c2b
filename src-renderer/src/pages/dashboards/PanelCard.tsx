/**
 * One panel of a dashboard on the 24-column grid: its title, then loading, error (the engine's typed
 * code and message), empty ("no data in this range", with where the data comes from) or its values —
 * a chart, a stat, a table or text. Focusable, with a spoken summary of what it shows.
 */
import { type CSSProperties, lazy, type ReactNode, Suspense, useEffect, useMemo } from 'react';
import type { ChartColors } from '../../../../src-shared/charts/chart-options';
import { chartOption } from '../../../../src-shared/charts/chart-options';
import { hasNoValues, latestPoint, latestRows } from '../../../../src-shared/charts/panel-data';
import { gridPlacement, mappedValue, thresholdColor } from '../../../../src-shared/charts/panel-style';
import { formatValue } from '../../../../src-shared/charts/unit-format';
import type { Panel } from '../../../../src-shared/domain/dashboard';
import { AlertIcon } from '../../shell/icons';
import type { PanelData } from '../../stores/dashboard-store';
import type { Loadable } from '../../stores/loadable';

/** The chart code (ECharts) as its own chunk; the page starts loading it while its queries run. */
export const loadChartView = () => import('./ChartView');
const ChartView = lazy(loadChartView);

interface PanelCardProps {
  panel: Panel;
  state: Loadable<PanelData> | undefined;
  colors: ChartColors;
  /** Called once the panel shows `state` (charts: once ECharts has painted it). */
  onPainted(panelId: string, state: Loadable<PanelData> | undefined): void;
}

type PanelStatus = 'loading' | 'error' | 'empty' | 'ready';

/**
 * A panel whose definition says where its data will come from (`text`) and whose metric the engine does
 * not know yet (`not_found`) is waiting for a later feature: that is its empty state, not an error.
 */
function awaitsMetric(panel: Panel, state: Loadable<PanelData> | undefined): boolean {
  return Boolean(panel.text) && state?.error?.code === 'not_found' && !state.data;
}

function statusOf(panel: Panel, state: Loadable<PanelData> | undefined): PanelStatus {
  if (panel.type === 'text') return 'ready';
  if (awaitsMetric(panel, state)) return 'empty';
  if (!state?.data) return state?.error ? 'error' : 'loading';
  return hasNoValues(state.data.series) ? 'empty' : 'ready';
}

/** One line that says what the panel shows now, for screen readers and the chart's label. */
function summary(panel: Panel, data: PanelData): string {
  const rows = latestRows(data.series).slice(0, 6);
  const values = rows.map((row) => `${row.name} ${formatValue(row.value, panel.unit, panel.decimals)}`).join(', ');
  return `${panel.title}: latest ${values}${data.series.length > rows.length ? ` and ${data.series.length - rows.length} more` : ''}`;
}

export function PanelCard({ panel, state, colors, onPainted }: PanelCardProps) {
  const status = statusOf(panel, state);
  const titleId = `panel-${panel.id}-title`;
  const isChart = panel.type === 'timeseries' || panel.type === 'bar' || panel.type === 'heatmap' || panel.type === 'gauge';
  const drawsChart = isChart && status === 'ready';
  const data = state?.data ?? null;
  const option = useMemo(
    () => (drawsChart && data ? chartOption(panel, data.series, colors, data.range) : null),
    [drawsChart, data, panel, colors],
  );

  // Panels drawn in HTML are painted once React has committed them.
  useEffect(() => {
    if (!option && !state?.loading) onPainted(panel.id, state);
  }, [option, state, panel.id, onPainted]);

  let body: ReactNode;
  if (panel.type === 'text') {
    body = <p className="dash-text">{panel.text}</p>;
  } else if (status === 'loading') {
    body = (
      <p className="dash-state" aria-busy="true">
        Loading…
      </p>
    );
  } else if (status === 'error' && state?.error) {
    body = (
      <div className="dash-state dash-error" role="alert" data-testid={`panel-${panel.id}-error`}>
        <AlertIcon />
        <p>
          <code className="inline-error-code">{state.error.code}</code> {state.error.message}
        </p>
      </div>
    );
  } else if (status === 'empty') {
    body = (
      <div className="dash-state dash-empty" data-testid={`panel-${panel.id}-empty`}>
        <p className="dash-empty-title">{awaitsMetric(panel, state) ? 'No data yet' : 'No data in this range'}</p>
        {panel.text && (
          <p className="dash-empty-text" title={panel.text}>
            {panel.text}
          </p>
        )}
      </div>
    );
  } else if (data && option) {
    body = (
      <Suspense fallback={<p className="dash-state">Loading chart…</p>}>
        <ChartView
          option={option}
          label={summary(panel, data)}
          onPainted={() => onPainted(panel.id, state)}
          testId={`panel-${panel.id}-chart`}
        />
      </Suspense>
    );
  } else if (data && panel.type === 'stat') {
    body = <StatBody panel={panel} data={data} />;
  } else if (data && panel.type === 'table') {
    body = <TableBody panel={panel} data={data} />;
  }

  return (
    <section
      className={`dash-panel dash-panel-${panel.type}`}
      style={gridPlacement(panel.gridPos) as CSSProperties}
      aria-labelledby={titleId}
      aria-describedby={panel.description ? `panel-${panel.id}-description` : undefined}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: panels are reached by keyboard, to hear what each one shows.
      tabIndex={0}
      data-testid={`panel-${panel.id}`}
      data-state={status}
      data-series={data?.series.length ?? 0}
    >
      <header className="dash-panel-header">
        <h3 id={titleId} className="dash-panel-title" title={panel.description || undefined}>
          {panel.title}
        </h3>
        {state?.loading && state.data && <span className="dash-refreshing" aria-hidden="true" />}
        {state?.error && state.data && (
          <span className="dash-stale" title={`${state.error.code}: ${state.error.message}`} data-testid={`panel-${panel.id}-stale`}>
            <AlertIcon /> stale
          </span>
        )}
      </header>
      {panel.description && (
        <p id={`panel-${panel.id}-description`} className="visually-hidden">
          {panel.description}
        </p>
      )}
      <div className="dash-panel-body">{body}</div>
      {data && status === 'ready' && isChart && <p className="visually-hidden">{summary(panel, data)}</p>}
    </section>
  );
}

function StatBody({ panel, data }: { panel: Panel; data: PanelData }) {
  const latest = data.series.map((one) => latestPoint(one.points)).find((point) => point !== null) ?? null;
  const value = latest?.value ?? null;
  const mapped = mappedValue(value, panel.mappings);
  const color = mapped?.color ?? thresholdColor(value, panel.thresholds);
  return (
    <div className="dash-stat">
      <span className={`dash-stat-value num ${color ? `tone-${color}` : ''}`} data-testid={`panel-${panel.id}-value`}>
        {mapped?.text ?? formatValue(value, panel.unit, panel.decimals)}
      </span>
    </div>
  );
}

function TableBody({ panel, data }: { panel: Panel; data: PanelData }) {
  const rows = latestRows(data.series);
  return (
    <div className="dash-table-wrap">
      <table className="data-table" data-testid={`panel-${panel.id}-table`}>
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col" className="right">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const mapped = mappedValue(row.value, panel.mappings);
            const color = mapped?.color ?? thresholdColor(row.value, panel.thresholds);
            return (
              <tr key={row.key}>
                <td>{row.name}</td>
                <td className={`num right ${color ? `tone-${color}` : ''}`}>
                  {mapped?.text ?? formatValue(row.value, panel.unit, panel.decimals)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
