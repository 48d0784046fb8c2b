/**
 * Label matchers as people type them — Prometheus selector text such as `{severity="critical",
 * job=~"turn.*"}` (braces and quotes optional) — parsed into the contract's matchers, written back as
 * text, and tested against an alert's labels the way the engine does (regular expressions anchored at
 * both ends; a missing label reads as the empty string). The silence form uses the test to show which
 * current alerts a silence would mute before it is created.
 */
import type { LabelMatcher } from '../../../../src-shared/domain/metrics-query';

export type MatcherOp = LabelMatcher['op'];
export const MATCHER_OPS: readonly MatcherOp[] = ['=', '!=', '=~', '!~'];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** One matcher: a label name, an operator, then a double-quoted (with \" escapes), single-quoted or bare value. */
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^,}\s]*))\s*/;

export type ParsedMatchers = { matchers: LabelMatcher[] } | { error: string };

/** `{a="b", c!~"d.*"}` or `a=b c!~d.*`-ish text to matchers; an empty text is no matchers. */
export function parseMatchers(text: string): ParsedMatchers {
  let rest = text.trim();
  if (rest.startsWith('{')) {
    if (!rest.endsWith('}')) return { error: 'a selector that opens with { must close with }' };
    rest = rest.slice(1, -1);
  }
  const matchers: LabelMatcher[] = [];
  while (rest.trim() !== '') {
    const match = MATCHER.exec(rest);
    if (!match) return { error: `expected label="value" at “${rest.trim().slice(0, 30)}”` };
    const [whole, label, op, doubleQuoted, singleQuoted, bare] = match;
    const value = unescapeValue(doubleQuoted ?? singleQuoted ?? bare ?? '');
    const matcher: LabelMatcher = { label: label as string, op: op as MatcherOp, value };
    const invalid = matcherError(matcher);
    if (invalid) return { error: invalid };
    matchers.push(matcher);
    rest = rest.slice(whole.length);
    if (rest.startsWith(',')) rest = rest.slice(1);
  }
  return { matchers };
}

function unescapeValue(value: string): string {
  return value.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

/** Why a matcher is not valid (a bad label name, an invalid regular expression), or null. */
export function matcherError(matcher: LabelMatcher): string | null {
  if (!LABEL_NAME.test(matcher.label)) return `“${matcher.label}” is not a label name (letters, digits and _, not starting with a digit)`;
  if (matcher.op === '=~' || matcher.op === '!~') {
    try {
      new RegExp(`^(?:${matcher.value})$`);
    } catch {
      return `“${matcher.value}” is not a valid regular expression`;
    }
  }
  return null;
}

export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.label}${matcher.op}"${matcher.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Matchers as selector text: `{a="b", c=~"d"}`; empty braces for none. */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map(formatMatcher).join(', ')}}`;
}

function matchesOne(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.label] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
    case '!~': {
      let matched: boolean;
      try {
        matched = new RegExp(`^(?:${matcher.value})$`).test(value);
      } catch {
        return false;
      }
      return matcher.op === '=~' ? matched : !matched;
    }
  }
}

/** Whether labels satisfy every matcher (no matchers: everything matches). */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => matchesOne(matcher, labels));
}

/**
 * The engine refuses a silence whose every matcher also matches an empty label (it would mute
 * everything); the form says so before sending.
 */
export function matchesEverything(matchers: readonly LabelMatcher[]): boolean {
  return matchers.every((matcher) => matchesOne(matcher, {}));
}

/** Equality matchers for an alert's labels, alertname first: the starting point of "Silence…". */
export function matchersFromLabels(labels: Readonly<Record<string, string>>): LabelMatcher[] {
  const rank = (key: string) => (key === 'alertname' ? 0 : key === 'severity' ? 1 : 2);
  return Object.entries(labels)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([label, value]) => ({ label, op: '=', value }));
}
