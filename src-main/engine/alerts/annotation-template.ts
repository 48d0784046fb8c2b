/**
 * The small part of Prometheus' annotation templates the console fills in: `{{ $value }}`,
 * `{{ $labels.<name> }}` and the humanize functions, piped (`{{ $value | humanizePercentage }}`) or
 * called (`{{ humanize $value }}`). The same text stays a valid Go template, so the exported rule file
 * renders it the same way on a real Prometheus. Anything else is left as written.
 */
import type { Labels } from './label-matchers';

const FUNCTIONS: Record<string, (value: number) => string> = {
  humanize: humanize,
  humanize1024: (value) => scaled(value, 1024, ['', 'ki', 'Mi', 'Gi', 'Ti', 'Pi']),
  humanizePercentage: (value) => `${trim(value * 100)}%`,
  humanizeDuration: humanizeDuration,
};

function trim(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.parseFloat(value.toPrecision(4)).toString();
}

function scaled(value: number, base: number, units: readonly string[]): string {
  let index = 0;
  let scaledValue = value;
  while (Math.abs(scaledValue) >= base && index < units.length - 1) {
    scaledValue /= base;
    index += 1;
  }
  return `${trim(scaledValue)}${units[index]}`;
}

function humanize(value: number): string {
  if (value !== 0 && Math.abs(value) < 1) {
    const small = ['', 'm', 'u', 'n', 'p'];
    let index = 0;
    let scaledValue = value;
    while (Math.abs(scaledValue) < 1 && index < small.length - 1) {
      scaledValue *= 1000;
      index += 1;
    }
    return `${trim(scaledValue)}${small[index]}`;
  }
  return scaled(value, 1000, ['', 'k', 'M', 'G', 'T', 'P']);
}

function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (Math.abs(seconds) < 1) return `${trim(seconds * 1000)}ms`;
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join(' ');
}

function evaluate(expression: string, value: number | null, labels: Labels): string | null {
  const piped = expression.split('|').map((part) => part.trim());
  let [head, ...pipes] = piped;
  if (head === undefined) return null;
  // `humanize $value` is the same as `$value | humanize`.
  const call = /^([A-Za-z0-9]+)\s+(\$\S+)$/.exec(head);
  if (call) {
    head = call[2] as string;
    pipes = [call[1] as string, ...pipes];
  }
  if (head === '$value') {
    if (value === null) return pipes.length > 0 ? 'n/a' : 'n/a';
    let text = trim(value);
    for (const pipe of pipes) {
      const fn = FUNCTIONS[pipe];
      if (!fn) return null;
      text = fn(value);
    }
    return text;
  }
  const label = /^\$labels\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(head);
  if (label && pipes.length === 0) return labels[label[1] as string] ?? '';
  return null;
}

/** Fills in one annotation for an alert's value and labels. */
export function renderTemplate(template: string, value: number | null, labels: Labels): string {
  if (!template.includes('{{')) return template;
  return template.replace(/\{\{\s*(.*?)\s*\}\}/g, (whole, expression: string) => evaluate(expression, value, labels) ?? whole);
}
