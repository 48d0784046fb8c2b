/**
 * How numbers and times read in the console: binary megabytes, milliseconds with two decimals, compact
 * durations, and local 24-hour clock times (the full ISO instant goes in a title attribute).
 */

const MIB = 1024 * 1024;

export function formatMiB(bytes: number): string {
  const mib = bytes / MIB;
  return `${mib >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`;
}

export function formatMs(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}

/** `45 s`, `3 m 05 s`, `2 h 07 m`, `4 d 02 h`: two units at most, the larger first. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days} d ${pad(hours)} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} m`;
  if (minutes > 0) return `${minutes} m ${pad(rest)} s`;
  return `${rest} s`;
}

/** Local time of day, `HH:MM:SS`. */
export function formatClock(instant: string | number | Date): string {
  const date = new Date(instant);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Local date and time, `YYYY-MM-DD HH:MM:SS`. */
export function formatDateTime(instant: string | number | Date): string {
  const date = new Date(instant);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatClock(date)}`;
}

/** `just now`, `12 s ago`, `3 m 05 s ago`. */
export function formatAge(fromMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - fromMs) / 1000);
  return seconds < 1 ? 'just now' : `${formatDuration(seconds)} ago`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** AI cost in dollars: costs of a turn are fractions of a cent, so small amounts keep four decimals. */
export function formatCost(dollars: number): string {
  if (dollars === 0) return '$0';
  const sign = dollars < 0 ? '-' : '';
  const abs = Math.abs(dollars);
  // Below a hundredth of a cent (a difference between two turns, one short call), two significant digits.
  const decimals = abs < 0.0001 ? Math.min(12, Math.ceil(-Math.log10(abs)) + 1) : abs < 1 ? 4 : 2;
  return `${sign}$${abs.toFixed(decimals)}`;
}

/** A cost difference with its sign: `+$0.0003`, `-$0.0120`, `±$0`. */
export function formatCostDelta(dollars: number): string {
  if (dollars === 0) return '±$0';
  return dollars > 0 ? `+${formatCost(dollars)}` : formatCost(dollars);
}

/** Whole counts with thousands separators: `12,345`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A count difference with its sign: `+12`, `-3`, `±0`. */
export function formatCountDelta(value: number): string {
  if (value === 0) return '±0';
  return value > 0 ? `+${formatCount(value)}` : `-${formatCount(-value)}`;
}

/** Elapsed time of a phase or turn: `0.4 ms`, `455 ms`, `1.22 s`, `2 m 05 s`. */
export function formatElapsedMs(ms: number): string {
  if (ms < 10) return `${Math.max(0, ms).toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return formatDuration(ms / 1000);
}

/** `0.2` -> `20%`. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
