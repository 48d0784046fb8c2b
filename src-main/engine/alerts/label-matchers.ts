/**
 * Label matchers as Alertmanager reads them (=, !=, =~, !~): a missing label is the empty string, and a
 * regular expression is anchored at both ends. Silences, routes, inhibition rules and the alerts.list
 * filter all match through here; compiled matchers are cached by their text.
 */
import type { LabelMatcher } from '../../../src-shared/domain/alerts';
import { ContractError } from '../../../src-shared/errors';

export type Labels = Readonly<Record<string, string>>;
export type LabelPredicate = (labels: Labels) => boolean;

const compiled = new Map<string, LabelPredicate>();

/** One matcher as a predicate; throws invalid_request (naming `field`) for a regular expression that does not compile. */
export function compileMatcher(matcher: LabelMatcher, field = 'matchers'): LabelPredicate {
  const key = `${matcher.label}\u0000${matcher.op}\u0000${matcher.value}`;
  const known = compiled.get(key);
  if (known) return known;
  const get = (labels: Labels) => labels[matcher.label] ?? '';
  let predicate: LabelPredicate;
  switch (matcher.op) {
    case '=':
      predicate = (labels) => get(labels) === matcher.value;
      break;
    case '!=':
      predicate = (labels) => get(labels) !== matcher.value;
      break;
    default: {
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${matcher.value})$`, 'u');
      } catch (error) {
        throw new ContractError('invalid_request', `invalid regular expression in ${field}: ${(error as Error).message}`, [
          { field, message: 'not a valid regular expression' },
        ]);
      }
      predicate = matcher.op === '=~' ? (labels) => pattern.test(get(labels)) : (labels) => !pattern.test(get(labels));
    }
  }
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(key, predicate);
  return predicate;
}

/** All matchers must match (an empty list matches everything). */
export function compileMatchers(matchers: readonly LabelMatcher[], field = 'matchers'): LabelPredicate {
  const predicates = matchers.map((matcher, index) => compileMatcher(matcher, `${field}.${index}.value`));
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0] as LabelPredicate;
  return (labels) => predicates.every((predicate) => predicate(labels));
}

/** Whether a matcher matches an empty (absent) label: a silence made only of such matchers would mute everything. */
export function matchesEmpty(matcher: LabelMatcher): boolean {
  return compileMatcher(matcher)({});
}

/** The matchers as PromQL / Alertmanager write them: `{a="x", b=~"y|z"}`. */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map((matcher) => `${matcher.label}${matcher.op}${JSON.stringify(matcher.value)}`).join(', ')}}`;
}
