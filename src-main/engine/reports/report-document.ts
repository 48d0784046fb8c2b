/**
 * The plain-data document a turn or incident report becomes before it is rendered: sections of facts,
 * tables, Markdown text and SVG figures. The HTML, Markdown and PDF renderers each walk this one shape,
 * so the three formats always carry the same content; every value is already a display string here.
 */

/** How a value reads: a failed status in red, a completed one in green. */
export type Tone = 'ok' | 'error' | 'warning' | 'muted';

export interface Fact {
  label: string;
  value: string;
  tone?: Tone | undefined;
}

export interface TableColumn {
  label: string;
  align?: 'left' | 'right';
}

export interface TableRow {
  cells: string[];
  tone?: Tone | undefined;
}

export type ReportBlock =
  | { kind: 'facts'; facts: Fact[] }
  | { kind: 'table'; columns: TableColumn[]; rows: TableRow[]; empty: string }
  /** Text written in Markdown by the engine or a provider (the narrative): rendered without raw HTML. */
  | { kind: 'markdown'; text: string }
  | { kind: 'text'; text: string; tone?: Tone | undefined }
  /** An SVG drawn by the report (viewBox 0 0 width height). */
  | { kind: 'figure'; svg: string; width: number; height: number; caption: string };

export interface ReportSection {
  /** Anchor and test id (`summary`, `phases`, …). */
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  kind: 'turn' | 'incident';
  title: string;
  /** One line under the title: what the report is about. */
  subtitle: string;
  /** ISO time the report says it was made: passed in, never read from the clock by a renderer. */
  generatedAt: string;
  /** The file name without extension (`turn-ashfall-crossing-12`). */
  fileStem: string;
  sections: ReportSection[];
}

// ------------------------------------------------------------------------------ display formatting

/** Milliseconds as a person reads them: `840 ms`, `2.31 s`, `4 m 05 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Number(ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms - minutes * 60_000) / 1000);
  return `${minutes} m ${String(seconds).padStart(2, '0')} s`;
}

/** Dollars with enough places for a fraction of a cent. */
export function formatCost(dollars: number): string {
  if (dollars === 0) return '$0';
  return dollars >= 1 ? `$${dollars.toFixed(2)}` : `$${dollars.toFixed(4)}`;
}

export function formatInteger(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number as the alert engine compared it: up to 4 significant decimals, no exponent for ordinary values. */
export function formatValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(2);
  return String(Number(value.toPrecision(6)));
}

/** An ISO time as `2026-11-23 05:31:07 UTC` (reports are read away from the console: always UTC). */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatTimeMs(ms: number | null): string {
  return ms === null ? '—' : formatTime(new Date(ms).toISOString());
}

/** A file name part: lowercase letters, digits and dashes only. */
export function fileNamePart(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'report'
  );
}
