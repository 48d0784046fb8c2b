/**
 * Turns into spans (SPEC section 3): the runner's TurnObserver hooks open and close
 * `novel_engine.turn_execution`, its `novel_engine.phase.<name>` children, the `ai_gateway.<operation>`
 * calls under their phase (GenAI attributes, prompt and completion as span events, `guard.output_flagged`
 * when the output guard found script content in the completion) and the
 * `novel_engine.compensation.<type>` steps, each with the real times the hooks are called at. Parents
 * are passed explicitly, so no global context manager is involved. Every time is given explicitly from
 * one clock (timeOrigin + performance.now(), sub-millisecond): the SDK's default start time is Date.now(),
 * whole milliseconds with a per-span offset, which scrambles the order of sub-millisecond phases.
 */
import {
  type Attributes,
  type Context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import type { ObservedTurn, TurnObserver } from '../orchestrator/turn-observer';
import { findScriptContent } from '../security/prompt-guard';
import { runInTraceScope } from './log-context';

interface TurnSpans {
  root: Span;
  context: Context;
  phase: Span | null;
  phaseContext: Context;
  compensation: Span | null;
  /** AI calls of the current phase still waiting for their answer. */
  openCalls: Set<Span>;
}

/** W3C traceparent of a span: version 00, trace id, span id, flags. */
export function traceparentOf(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function fail(span: Span, error: Error | undefined, message: string): void {
  if (error) span.recordException(error, hrTime());
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * `linkFrom` gives the span context of the API call that started a turn, if any: the turn's trace
 * links to it (the turn outlives the request, so it is its own trace rather than the request's child).
 */
export function turnTracingObserver(tracer: Tracer, linkFrom: () => SpanContext | undefined = () => undefined): TurnObserver {
  const turns = new WeakMap<ObservedTurn, TurnSpans>();

  function endOpenCalls(spans: TurnSpans, why: string): void {
    for (const call of spans.openCalls) {
      call.setStatus({ code: SpanStatusCode.ERROR, message: why });
      call.end(hrTime());
    }
    spans.openCalls.clear();
  }

  return {
    turnStarted(turn) {
      const from = linkFrom();
      const attributes: Attributes = {
        'turn.id': turn.id,
        'campaign.id': turn.campaignId,
        'turn.origin': turn.origin,
        'turn.participants.count': turn.participants,
        'turn.ai_enabled': turn.aiEnabled,
        'turn.narrative_depth': turn.narrativeDepth,
      };
      let links: Link[] | undefined;
      if (from) {
        links = [{ context: from, attributes: { 'link.kind': 'started_by' } }];
        // Stored traces keep no links: the API call's trace id also goes in an attribute.
        attributes['api.trace_id'] = from.traceId;
      }
      const root = tracer.startSpan(
        'novel_engine.turn_execution',
        { kind: SpanKind.INTERNAL, startTime: hrTime(), attributes, ...(links ? { links } : {}) },
        ROOT_CONTEXT,
      );
      const context = trace.setSpan(ROOT_CONTEXT, root);
      turns.set(turn, { root, context, phase: null, phaseContext: context, compensation: null, openCalls: new Set() });
      turn.traceId = root.spanContext().traceId;
      turn.spanId = root.spanContext().spanId;
    },

    inScope(turn, work) {
      // Turn spans are all recorded and sampled (the tail sampler decides later what is kept).
      const scope =
        turn.traceId && turn.spanId ? { traceId: turn.traceId, spanId: turn.spanId, traceFlags: TraceFlags.SAMPLED } : undefined;
      return runInTraceScope(scope, work);
    },

    phaseStarted(turn, phase, order) {
      const spans = turns.get(turn);
      if (!spans) return;
      const span = tracer.startSpan(
        `novel_engine.phase.${phase}`,
        { startTime: hrTime(), attributes: { 'phase.order': order, 'turn.id': turn.id } },
        spans.context,
      );
      spans.phase = span;
      spans.phaseContext = trace.setSpan(spans.context, span);
    },

    phaseEnded(turn, result, _events, failure) {
      const spans = turns.get(turn);
      if (!spans) return;
      // Without phaseStarted (an observer wired without it), the span is backdated by the phase's duration.
      const span =
        spans.phase ??
        tracer.startSpan(
          `novel_engine.phase.${result.phase}`,
          { startTime: hrTime(performance.now() - result.durationMs), attributes: { 'turn.id': turn.id } },
          spans.context,
        );
      endOpenCalls(spans, `abandoned: ${result.phase} ended before the call returned`);
      const succeeded = result.status === 'succeeded';
      const attributes: Attributes = {
        'phase.success': succeeded,
        'phase.events_processed': result.eventsProcessed,
        'phase.events_generated': result.eventsGenerated,
        'phase.ai_cost': result.aiCost,
      };
      if (result.error !== null) attributes['phase.error'] = result.error;
      span.setAttributes(attributes);
      if (!succeeded) fail(span, failure ?? new Error(result.error ?? `${result.phase} failed`), result.error ?? `${result.phase} failed`);
      span.end(hrTime());
      spans.phase = null;
      spans.phaseContext = spans.context;
    },

    aiCallStarted(turn, call) {
      const spans = turns.get(turn);
      if (!spans) return undefined;
      const attributes: Attributes = {
        'gen_ai.system': call.provider,
        'gen_ai.operation.name': call.operation,
        'gen_ai.request.model': call.model,
        'ai.seed': call.seed,
      };
      if (call.agentId !== null) attributes['ai.agent'] = call.agentId;
      const span = tracer.startSpan(
        `ai_gateway.${call.operation}`,
        { kind: SpanKind.CLIENT, startTime: hrTime(), attributes },
        spans.phaseContext,
      );
      span.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': call.prompt() }, hrTime());
      spans.openCalls.add(span);
      return {
        traceparent: traceparentOf(span.spanContext()),
        ended(end) {
          // Already ended as abandoned when its phase ended first.
          if (!spans.openCalls.delete(span)) return;
          // Every attribute costs each span (SDK checks, stored bytes): the response model only when it differs.
          if (end.model !== call.model) span.setAttribute('gen_ai.response.model', end.model);
          span.setAttributes({
            'gen_ai.usage.input_tokens': end.inputTokens,
            'gen_ai.usage.output_tokens': end.outputTokens,
            'ai.cost': end.cost,
          });
          if (end.success) {
            if (end.completion !== null) {
              span.addEvent('gen_ai.content.completion', { 'gen_ai.completion': end.completion }, hrTime());
              // The same pure check the phase runs before using the text (it then uses a safe fallback).
              const flagged = findScriptContent(end.completion);
              if (flagged !== null) span.setAttribute('guard.output_flagged', flagged);
            }
          } else {
            const error = asError(end.error);
            fail(span, error, error.message);
          }
          span.end(hrTime());
        },
      };
    },

    aiCall() {},

    compensationStarted(turn, type, phase) {
      const spans = turns.get(turn);
      if (!spans) return;
      spans.compensation?.end(hrTime());
      const attributes: Attributes = { 'compensation.type': type };
      if (phase !== null) attributes['compensation.phase'] = phase;
      spans.compensation = tracer.startSpan(`novel_engine.compensation.${type}`, { startTime: hrTime(), attributes }, spans.context);
    },

    compensation(turn, type, success, detail) {
      const spans = turns.get(turn);
      if (!spans) return;
      const span = spans.compensation ?? tracer.startSpan(`novel_engine.compensation.${type}`, { startTime: hrTime() }, spans.context);
      span.setAttributes({ 'compensation.type': type, 'compensation.success': success });
      if (detail !== undefined) span.setAttribute('compensation.detail', detail);
      if (!success) fail(span, new Error(detail ?? `${type} failed`), detail ?? `${type} failed`);
      span.end(hrTime());
      spans.compensation = null;
    },

    turnEnded(turn, outcome) {
      const spans = turns.get(turn);
      if (!spans) return;
      turns.delete(turn);
      endOpenCalls(spans, 'abandoned: the turn ended before the call returned');
      spans.phase?.end(hrTime());
      spans.compensation?.end(hrTime());
      const { root } = spans;
      const success = outcome.status === 'completed';
      root.setAttributes({
        'turn.status': outcome.status,
        'turn.success': success,
        'turn.completion_percentage': Math.round(outcome.completion * 100),
        'turn.total_cost': outcome.totalAiCost,
      });
      if (!success) root.setStatus({ code: SpanStatusCode.ERROR, message: `turn ${outcome.status}` });
      root.end(hrTime());
    },
  };
}
