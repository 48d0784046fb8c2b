/**
 * The output guard's note on a provider's answer (issue 5 item 7): when the text carries script content,
 * the response says why in `outputGuard`, so the stored transcript records what was flagged. The text
 * itself is left as the model wrote it; the phase that uses it replaces it (security/prompt-guard.ts).
 */
import { findScriptContent } from '../../security/prompt-guard';
import type { AiResponse } from './provider';

export function withOutputGuardNote(response: AiResponse): AiResponse {
  const flagged = findScriptContent(response.text);
  return flagged === null ? response : { ...response, outputGuard: flagged };
}
