/**
 * Our panel queries as PromQL and back, for the Grafana dashboard export and import. The PromQL is the
 * query a Prometheus server would answer the same way (SPEC section 2's semantics, metrics-query.ts):
 *
 * - last/avg/max/min over the window -> `last_over_time/avg_over_time/max_over_time/min_over_time(sel[w])`,
 *   rate and increase -> `rate(sel[w])`, `increase(sel[w])`;
 * - `by: [a, b]` -> `sum by (a, b) (…)`, `by: []` -> `sum(…)`, no `by` -> every series apart;
 * - quantile -> `histogram_quantile(q, sum by (le, …by) (rate(metric_bucket{…}[w])))` (no `by`: the
 *   buckets of each series, `histogram_quantile(q, rate(metric_bucket{…}[w]))`);
 * - a denominator divides every series by the denominator's total at the instant:
 *   `… / scalar(sum(…))`; its own `by` does not change that total, so it is written (and read back) as
 *   `by: []` unless it is a quantile;
 * - scale -> `… * 3600`.
 *
 * The parser reads that grammar (and a bare selector, `metric{…}`, as the newest sample within 5
 * minutes, Prometheus' look-back): anything else is a PromqlParseError saying what it met.
 */
import type { PanelQuery } from '../../../src-shared/domain/dashboard';
import { type LabelMatcher, METRIC_FUNCTIONS, type MetricFunction, type MetricQuery } from '../../../src-shared/domain/metrics-query';
import { RANGE_FUNCTIONS } from '../alerts/prometheus-rules';

export class PromqlParseError extends Error {
  constructor(
    readonly expr: string,
    message: string,
  ) {
    super(`cannot read PromQL "${expr}": ${message}`);
    this.name = 'PromqlParseError';
  }
}

const FUNCTION_OF_RANGE = new Map<string, Exclude<MetricFunction, 'quantile'>>(
  Object.entries(RANGE_FUNCTIONS).map(([fn, name]) => [name, fn as Exclude<MetricFunction, 'quantile'>]),
);

const DURATION_UNITS: [string, number][] = [
  ['w', 604_800],
  ['d', 86_400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** `300` -> `5m`, `5400` -> `90m`, `86400` -> `1d`: the largest unit that divides the window. */
export function promDuration(seconds: number): string {
  for (const [unit, size] of DURATION_UNITS) if (seconds % size === 0 && unit !== 'w') return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

function numberText(value: number): string {
  return String(value);
}

function selector(metric: string, matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) return metric;
  return `${metric}{${matchers.map((matcher) => `${matcher.label}${matcher.op}${JSON.stringify(matcher.value)}`).join(', ')}}`;
}

function summed(by: readonly string[] | undefined, inner: string): string {
  if (by === undefined) return inner;
  if (by.length === 0) return `sum(${inner})`;
  return `sum by (${by.join(', ')}) (${inner})`;
}

/** One metric query (no scale, no denominator) as PromQL. */
export function metricQueryPromql(query: MetricQuery): string {
  const window = `[${promDuration(query.windowS)}]`;
  if (query.fn === 'quantile') {
    const rate = `rate(${selector(`${query.metric}_bucket`, query.matchers)}${window})`;
    const buckets = query.by === undefined ? rate : `sum by (${['le', ...query.by].join(', ')}) (${rate})`;
    return `histogram_quantile(${numberText(query.q ?? 0.5)}, ${buckets})`;
  }
  return summed(query.by, `${RANGE_FUNCTIONS[query.fn]}(${selector(query.metric, query.matchers)}${window})`);
}

/** A panel query with its denominator and scale as PromQL. */
export function panelQueryPromql(query: PanelQuery): string {
  let expr = metricQueryPromql(query);
  if (query.denominator) {
    const denominator =
      query.denominator.fn === 'quantile'
        ? `sum(${metricQueryPromql(query.denominator)})`
        : metricQueryPromql({ ...query.denominator, by: [] });
    expr = `${expr} / scalar(${denominator})`;
  }
  if (query.scale !== 1) expr = `${expr} * ${numberText(query.scale)}`;
  return expr;
}

// ------------------------------------------------------------------------------------------ parsing

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string; text: string }
  | { kind: 'duration'; seconds: number; text: string }
  | { kind: 'punct'; text: string };

const PUNCT = ['=~', '!~', '!=', '(', ')', '{', '}', ',', '=', '/', '*'];

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const fail = (message: string) => new PromqlParseError(expr, `${message} at position ${at + 1}`);
  while (at < expr.length) {
    const rest = expr.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    if (rest[0] === '[') {
      const match = /^\[\s*((?:\d+[smhdw])+)\s*\]/.exec(rest);
      if (!match) throw fail('expected a range like [5m]');
      let seconds = 0;
      for (const part of (match[1] as string).matchAll(/(\d+)([smhdw])/g)) {
        const size = DURATION_UNITS.find(([unit]) => unit === part[2])?.[1] ?? 1;
        seconds += Number(part[1]) * size;
      }
      tokens.push({ kind: 'duration', seconds, text: match[0] });
      at += match[0].length;
      continue;
    }
    if (rest[0] === '"' || rest[0] === "'") {
      const quote = rest[0];
      let end = 1;
      while (end < rest.length && rest[end] !== quote) end += rest[end] === '\\' ? 2 : 1;
      if (end >= rest.length) throw fail('unterminated string');
      const body = rest.slice(1, end);
      let value: string;
      try {
        value = JSON.parse(`"${quote === "'" ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body}"`) as string;
      } catch {
        throw fail('bad escape in string');
      }
      tokens.push({ kind: 'string', value, text: rest.slice(0, end + 1) });
      at += end + 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)/i.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0] });
      at += number[0].length;
      continue;
    }
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0] });
      at += ident[0].length;
      continue;
    }
    const punct = PUNCT.find((candidate) => rest.startsWith(candidate));
    if (!punct) throw fail(`unexpected "${rest[0]}"`);
    tokens.push({ kind: 'punct', text: punct });
    at += punct.length;
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly expr: string,
    private readonly tokens: Token[],
  ) {}

  fail(message: string): PromqlParseError {
    const token = this.tokens[this.index];
    return new PromqlParseError(this.expr, `${message}${token ? `, found "${token.text}"` : ', found the end'}`);
  }
  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }
  isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'punct' && token.text === text;
  }
  isIdent(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'ident' && token.text === text;
  }
  punct(text: string): void {
    if (!this.isPunct(text)) throw this.fail(`expected "${text}"`);
    this.index += 1;
  }
  ident(): string {
    const token = this.peek();
    if (token?.kind !== 'ident') throw this.fail('expected a name');
    this.index += 1;
    return token.text;
  }
  number(): number {
    const token = this.peek();
    if (token?.kind !== 'number') throw this.fail('expected a number');
    this.index += 1;
    return token.value;
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }

  labelList(): string[] {
    this.punct('(');
    const labels: string[] = [];
    while (!this.isPunct(')')) {
      labels.push(this.ident());
      if (!this.isPunct(')')) this.punct(',');
    }
    this.punct(')');
    return labels;
  }

  /** `metric{label="v", …}` */
  selector(): { metric: string; matchers: LabelMatcher[] } {
    const metric = this.ident();
    const matchers: LabelMatcher[] = [];
    if (this.isPunct('{')) {
      this.punct('{');
      while (!this.isPunct('}')) {
        const label = this.ident();
        const op = this.peek();
        if (op?.kind !== 'punct' || !['=', '!=', '=~', '!~'].includes(op.text)) throw this.fail('expected a matcher (=, !=, =~, !~)');
        this.index += 1;
        const value = this.peek();
        if (value?.kind !== 'string') throw this.fail('expected a quoted label value');
        this.index += 1;
        matchers.push({ label, op: op.text as LabelMatcher['op'], value: value.value });
        if (!this.isPunct('}')) this.punct(',');
      }
      this.punct('}');
    }
    return { metric, matchers };
  }

  /** `fn(selector[w])` or a bare selector (the newest sample within Prometheus' 5-minute look-back). */
  rangeFunction(): Omit<MetricQuery, 'by'> {
    const name = this.peek();
    if (name?.kind === 'ident' && this.isPunct('(', 1)) {
      const fn = FUNCTION_OF_RANGE.get(name.text);
      if (!fn) throw this.fail(`function ${name.text} has no equivalent here (use ${[...FUNCTION_OF_RANGE.keys()].join(', ')})`);
      this.index += 2;
      const { metric, matchers } = this.selector();
      const window = this.peek();
      if (window?.kind !== 'duration') throw this.fail('expected a range like [5m]');
      this.index += 1;
      this.punct(')');
      return { metric, matchers, fn, windowS: window.seconds };
    }
    const { metric, matchers } = this.selector();
    if (this.peek()?.kind === 'duration') throw this.fail('a range vector needs a function around it');
    return { metric, matchers, fn: 'last', windowS: 300 };
  }

  /** `sum by (…) (inner)`, `sum(inner) by (…)`, `sum(inner)`; returns null `by` when there is no sum. */
  aggregation<T>(inner: () => T): { by: string[] | undefined; value: T } {
    if (this.isIdent('sum') && (this.isPunct('(', 1) || this.isIdent('by', 1))) {
      this.index += 1;
      let by: string[] = [];
      if (this.isIdent('by')) {
        this.index += 1;
        by = this.labelList();
      }
      this.punct('(');
      const value = inner();
      this.punct(')');
      if (this.isIdent('by')) {
        this.index += 1;
        by = this.labelList();
      }
      return { by, value };
    }
    if (this.isIdent('sum') && this.isIdent('without', 1)) throw this.fail('sum without (…) has no equivalent here (use sum by (…))');
    const name = this.peek();
    const aggregates = ['avg', 'min', 'max', 'count', 'topk', 'bottomk', 'stddev', 'stdvar', 'group', 'quantile', 'count_values'];
    if (
      name?.kind === 'ident' &&
      aggregates.includes(name.text) &&
      (this.isPunct('(', 1) || this.isIdent('by', 1) || this.isIdent('without', 1))
    ) {
      throw this.fail(`aggregation ${name.text} has no equivalent here (only sum)`);
    }
    return { by: undefined, value: inner() };
  }

  metricQuery(): MetricQuery {
    if (this.isIdent('histogram_quantile')) {
      this.index += 1;
      this.punct('(');
      const q = this.number();
      this.punct(',');
      const { by, value } = this.aggregation(() => this.rangeFunction());
      this.punct(')');
      if (value.fn !== 'rate' && value.fn !== 'increase') throw this.fail('histogram_quantile needs rate(…_bucket[w]) inside');
      if (!value.metric.endsWith('_bucket')) throw this.fail(`histogram_quantile needs a _bucket series, not ${value.metric}`);
      if (by !== undefined && !by.includes('le')) throw this.fail('histogram_quantile needs the buckets summed by le');
      if (q < 0 || q > 1) throw this.fail('the quantile must be from 0 to 1');
      return {
        metric: value.metric.slice(0, -'_bucket'.length),
        matchers: value.matchers,
        fn: 'quantile',
        q,
        windowS: value.windowS,
        ...(by !== undefined ? { by: by.filter((label) => label !== 'le') } : {}),
      };
    }
    const { by, value } = this.aggregation(() => this.rangeFunction());
    return { ...value, ...(by !== undefined ? { by } : {}) };
  }
}

export type ParsedQuery = Omit<PanelQuery, 'ref' | 'legend'>;

/** Reads PromQL this module writes (and plain selectors, sums and histogram quantiles like it). */
export function parsePanelPromql(expr: string): ParsedQuery {
  const parser = new Parser(expr, tokenize(expr));
  const numerator = parser.metricQuery();
  let denominator: MetricQuery | undefined;
  let scale = 1;
  if (parser.isPunct('/')) {
    parser.punct('/');
    if (!parser.isIdent('scalar')) throw parser.fail('a ratio divides by scalar(sum(…))');
    parser.ident();
    parser.punct('(');
    if (parser.isIdent('sum') && parser.isPunct('(', 1) && parser.isIdent('histogram_quantile', 2)) {
      parser.ident();
      parser.punct('(');
      denominator = parser.metricQuery();
      parser.punct(')');
    } else {
      denominator = parser.metricQuery();
      if (denominator.fn !== 'quantile') {
        if (denominator.by === undefined) throw parser.fail('the denominator must be summed: scalar(sum(…))');
        denominator = { ...denominator, by: [] };
      }
    }
    parser.punct(')');
  }
  if (parser.isPunct('*')) {
    parser.punct('*');
    scale = parser.number();
    if (!(scale > 0)) throw parser.fail('the scale must be positive');
  }
  if (!parser.done()) throw parser.fail('unexpected text after the query');
  for (const query of [numerator, denominator]) {
    if (query && !METRIC_FUNCTIONS.includes(query.fn)) throw parser.fail(`unknown function ${query.fn}`);
  }
  return { ...numerator, scale, ...(denominator ? { denominator } : {}) };
}
