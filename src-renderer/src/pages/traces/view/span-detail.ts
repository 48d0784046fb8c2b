/**
 * What the span detail panel reads out of a span: its attributes as sorted rows, its exceptions (events
 * named "exception"), and for an AI call the GenAI view (OpenTelemetry's gen_ai.* attributes, ai.cost,
 * ai.agent, and the prompt and completion events). Pure, so the panel only lays things out.
 */
import type { Attributes, SpanEvent, TraceSpan } from '../../../../../src-shared/domain/trace';

export type AttributeValue = Attributes[string];

export function formatAttributeValue(value: AttributeValue): string {
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === 'string' ? JSON.stringify(item) : String(item))).join(', ')}]`;
  return String(value);
}

export function attributeRows(attributes: Attributes): { key: string; value: string }[] {
  return Object.keys(attributes)
    .sort()
    .map((key) => ({ key, value: formatAttributeValue(attributes[key] as AttributeValue) }));
}

export interface ExceptionView {
  type: string;
  message: string;
  stacktrace: string | null;
  timeMs: number;
}

export function exceptionsOf(span: TraceSpan): ExceptionView[] {
  return span.events
    .filter((event) => event.name === 'exception')
    .map((event) => ({
      type: textOf(event.attributes['exception.type']) ?? 'Error',
      message: textOf(event.attributes['exception.message']) ?? '',
      stacktrace: textOf(event.attributes['exception.stacktrace']),
      timeMs: event.timeMs,
    }));
}

export interface GenAiView {
  system: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
  agent: string | null;
  prompt: string | null;
  completion: string | null;
}

/** The GenAI view of a span, or null when the span is no AI call (no gen_ai.* attribute or content event). */
export function genAiOf(span: TraceSpan): GenAiView | null {
  const attributes = span.attributes;
  const isAi =
    Object.keys(attributes).some((key) => key.startsWith('gen_ai.')) || span.events.some((event) => event.name.startsWith('gen_ai.'));
  if (!isAi) return null;
  return {
    system: textOf(attributes['gen_ai.system']),
    model: textOf(attributes['gen_ai.request.model']) ?? textOf(attributes['gen_ai.response.model']),
    inputTokens: numberOf(attributes['gen_ai.usage.input_tokens']),
    outputTokens: numberOf(attributes['gen_ai.usage.output_tokens']),
    cost: numberOf(attributes['ai.cost']),
    agent: textOf(attributes['ai.agent']),
    prompt: contentOf(span.events, 'gen_ai.content.prompt', 'gen_ai.prompt'),
    completion: contentOf(span.events, 'gen_ai.content.completion', 'gen_ai.completion'),
  };
}

function contentOf(events: readonly SpanEvent[], eventName: string, attribute: string): string | null {
  const parts = events.filter((event) => event.name === eventName).map((event) => textOf(event.attributes[attribute]));
  const texts = parts.filter((part): part is string => part !== null);
  return texts.length > 0 ? texts.join('\n\n') : null;
}

function textOf(value: AttributeValue | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : formatAttributeValue(value);
}

function numberOf(value: AttributeValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}
