/**
 * The views of the Turns page and their addresses:
 * `#/turns` (run), `#/turns/history`, `#/turns/reviews`, `#/turns/<turnId>`, `#/turns/diff/<a>/<b>`.
 * Turn ids are UUIDs, so they never collide with the view names.
 */
import { pageHref } from '../../shell/hash-route';

export const TURNS_PAGE_ID = 'turns';

export type TurnsRoute =
  | { view: 'run' }
  | { view: 'history' }
  | { view: 'reviews' }
  | { view: 'turn'; turnId: string }
  | { view: 'diff'; a: string; b: string }
  | { view: 'unknown'; path: string };

/** Parses the segments after `turns` (`['diff', 'a', 'b']`). */
export function parseTurnsRoute(segments: readonly string[]): TurnsRoute {
  const [first, ...rest] = segments;
  if (first === undefined) return { view: 'run' };
  if (first === 'history' && rest.length === 0) return { view: 'history' };
  if (first === 'reviews' && rest.length === 0) return { view: 'reviews' };
  if (first === 'diff' && rest.length === 2 && rest[0] && rest[1]) return { view: 'diff', a: rest[0], b: rest[1] };
  if (first !== 'diff' && first !== 'history' && first !== 'reviews' && rest.length === 0) return { view: 'turn', turnId: first };
  return { view: 'unknown', path: segments.join('/') };
}

export const turnsHref = {
  run: () => pageHref(TURNS_PAGE_ID),
  history: () => pageHref(TURNS_PAGE_ID, 'history'),
  reviews: () => pageHref(TURNS_PAGE_ID, 'reviews'),
  turn: (turnId: string) => pageHref(TURNS_PAGE_ID, turnId),
  diff: (a: string, b: string) => pageHref(TURNS_PAGE_ID, 'diff', a, b),
};
