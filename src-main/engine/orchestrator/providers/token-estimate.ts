/**
 * Token arithmetic without a tokenizer: about four characters of English per token, the rule of thumb
 * OpenAI documents. Used for every simulated count and whenever a real server omits `usage`.
 */
import type { ChatMessage } from './provider';

export const CHARS_PER_TOKEN = 4;
/** Chat formats spend a few tokens per message on role and separators (OpenAI's cookbook counts ~3-4). */
export const TOKENS_PER_MESSAGE = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + estimateTokens(message.content), 0);
}

/**
 * The longest prefix of `text` within `maxTokens` (by estimateTokens) that ends at a word boundary,
 * without trailing separators; a single word longer than the budget is cut hard.
 */
export function truncateToTokens(text: string, maxTokens: number): string {
  const maxChars = Math.max(0, Math.floor(maxTokens)) * CHARS_PER_TOKEN;
  if (text.length <= maxChars) return text;
  const head = text.slice(0, maxChars);
  // The cut lands on a boundary when the next character is whitespace.
  const cutAtBoundary = /\s/.test(text.charAt(maxChars));
  const lastSpace = head.search(/\s\S*$/);
  const words = cutAtBoundary ? head : lastSpace > 0 ? head.slice(0, lastSpace) : head;
  return words.replace(/[\s,;:\-–—]+$/u, '');
}
