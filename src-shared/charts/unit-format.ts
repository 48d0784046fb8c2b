/**
 * How a panel's numbers read, by the unit its definition names: seconds as ms/s/min, dollars with cents
 * (or four decimals below a dollar), bytes in binary units, percentages, per-hour and per-second rates.
 */
import type { Unit } from '../domain/dashboard';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Rounds to `decimals`, or to about three significant digits when the definition gives none. */
function trimmed(value: number, decimals: number | undefined): string {
  if (decimals !== undefined) return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const abs = Math.abs(value);
  const digits = abs === 0 || abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(abs)));
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** `1.2k`, `3.4M`: counts and rates that would not fit a stat or an axis. */
function compact(value: number, decimals: number | undefined): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trimmed(value / 1e9, undefined)}G`;
  if (abs >= 1e6) return `${trimmed(value / 1e6, undefined)}M`;
  if (abs >= 1e4) return `${trimmed(value / 1e3, undefined)}k`;
  return trimmed(value, decimals);
}

export function formatSeconds(seconds: number, decimals?: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-3) return `${trimmed(seconds * 1e6, decimals)} µs`;
  if (abs < 1) return `${trimmed(seconds * 1000, decimals)} ms`;
  if (abs < 120) return `${trimmed(seconds, decimals)} s`;
  if (abs < 7200) return `${trimmed(seconds / 60, decimals)} min`;
  return `${trimmed(seconds / 3600, decimals)} h`;
}

export function formatBytes(bytes: number, decimals?: number): string {
  let value = bytes;
  let index = 0;
  while (Math.abs(value) >= 1024 && index < BYTE_UNITS.length - 1) {
    value /= 1024;
    index++;
  }
  return `${trimmed(value, index === 0 ? 0 : decimals)} ${BYTE_UNITS[index]}`;
}

export function formatDollars(dollars: number, decimals?: number): string {
  const abs = Math.abs(dollars);
  const places = decimals ?? (abs === 0 ? 2 : abs < 1 ? 4 : 2);
  const sign = dollars < 0 ? '-' : '';
  return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places })}`;
}

/** One value of a panel in its unit; `—` for no value. */
export function formatValue(value: number | null | undefined, unit: Unit, decimals?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'seconds':
      return formatSeconds(value, decimals);
    case 'milliseconds':
      return formatSeconds(value / 1000, decimals);
    case 'bytes':
      return formatBytes(value, decimals);
    case 'dollars':
      return formatDollars(value, decimals);
    case 'percent':
      return `${trimmed(value, decimals)}%`;
    case 'ratio':
      return `${trimmed(value * 100, decimals)}%`;
    case 'per_hour':
      return `${compact(value, decimals)}/h`;
    case 'per_second':
      return `${compact(value, decimals)}/s`;
    case 'count':
      return compact(value, decimals ?? (Number.isInteger(value) ? 0 : undefined));
    case 'none':
      return compact(value, decimals);
  }
}

/** Axis ticks: the same units, but dollars without trailing cents (`$0.3`, `$1.5`), so labels stay short. */
export function formatAxisValue(value: number, unit: Unit): string {
  if (unit === 'dollars') return `${value < 0 ? '-' : ''}$${trimmed(Math.abs(value), undefined)}`;
  return formatValue(value, unit);
}
