import { describe, expect, it } from 'vitest';
import { attributeRows, exceptionsOf, genAiOf } from '../../../../../../src-renderer/src/pages/traces/view/span-detail';
import type { TraceSpan } from '../../../../../../src-shared/domain/trace';

const base: TraceSpan = {
  spanId: 'a1',
  parentSpanId: null,
  name: 'ai_gateway.generate_brief',
  kind: 'client',
  startMs: 0,
  durationMs: 10,
  status: 'ok',
  statusMessage: null,
  attributes: {},
  events: [],
};

describe('genAiOf', () => {
  it('reads the GenAI attributes and the prompt and completion events', () => {
    const view = genAiOf({
      ...base,
      attributes: {
        'gen_ai.system': 'simulated',
        'gen_ai.request.model': 'sim-brief',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 40,
        'ai.cost': 0.0002,
        'ai.agent': 'aria-vell',
      },
      events: [
        { name: 'gen_ai.content.prompt', timeMs: 1, attributes: { 'gen_ai.prompt': 'Say <b>hi</b>' } },
        { name: 'gen_ai.content.completion', timeMs: 9, attributes: { 'gen_ai.completion': 'hi' } },
      ],
    });
    expect(view).toEqual({
      system: 'simulated',
      model: 'sim-brief',
      inputTokens: 120,
      outputTokens: 40,
      cost: 0.0002,
      agent: 'aria-vell',
      prompt: 'Say <b>hi</b>',
      completion: 'hi',
    });
  });

  it('is null for a span that is no AI call, and leaves out what was not recorded', () => {
    expect(genAiOf({ ...base, name: 'event.apply', attributes: { 'event.type': 'x' } })).toBeNull();
    expect(genAiOf({ ...base, attributes: { 'gen_ai.system': 'openai' } })).toMatchObject({
      model: null,
      prompt: null,
      completion: null,
      cost: null,
    });
  });
});

describe('exceptionsOf and attributeRows', () => {
  it('lists the exception events with type, message and stack', () => {
    const span: TraceSpan = {
      ...base,
      events: [
        { name: 'gen_ai.content.prompt', timeMs: 1, attributes: {} },
        {
          name: 'exception',
          timeMs: 5,
          attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'late', 'exception.stacktrace': 'at x' },
        },
        { name: 'exception', timeMs: 6, attributes: {} },
      ],
    };
    expect(exceptionsOf(span)).toEqual([
      { type: 'TimeoutError', message: 'late', stacktrace: 'at x', timeMs: 5 },
      { type: 'Error', message: '', stacktrace: null, timeMs: 6 },
    ]);
  });

  it('sorts attributes by key and writes arrays readably', () => {
    expect(attributeRows({ b: 1, a: ['x', 'y'], c: true })).toEqual([
      { key: 'a', value: '["x", "y"]' },
      { key: 'b', value: '1' },
      { key: 'c', value: 'true' },
    ]);
  });
});
