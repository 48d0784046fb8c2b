/**
 * Prometheus duration text (`30s`, `5m`, `1h30m`, `0s`) as the rule and silence forms take it: the
 * engine's own parser and spelling (src-shared/domain/alert-vocabulary.ts), with the form's whitespace
 * forgiven.
 */
import { DURATION_HINT, formatDuration, parseDurationMs } from '../../../../src-shared/domain/alert-vocabulary';

export { DURATION_HINT };

/** Milliseconds of a duration, or null when the text is not one. */
export function parseDurationText(text: string): number | null {
  return parseDurationMs(text.trim());
}

/** The canonical spelling: `5400000` -> `1h30m`, `0` -> `0s`. */
export const formatDurationText = formatDuration;
