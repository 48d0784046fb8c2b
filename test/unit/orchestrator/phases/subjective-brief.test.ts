import { describe, expect, it } from 'vitest';
import { PhaseFailure } from '../../../../src-main/engine/orchestrator/phases/phase';
import { subjectiveBrief } from '../../../../src-main/engine/orchestrator/phases/subjective-brief';
import { NARRATIVE_DEPTHS } from '../../../../src-shared/domain/turn-configuration';
import { type CallAiRequest, deepFreeze, echoCallAi, makeAgent, makeContext, makeState, makeWorld, textCallAi } from '../fixtures';

const agents = ['ada', 'bo', 'cy', 'dee'].map((id) => makeAgent(id, { goals: [{ type: 'shared', target: 'well' }] }));
const state = deepFreeze(makeState(makeWorld([...agents, makeAgent('eve', { quarantined: true })])));
const everyone = ['ada', 'bo', 'cy', 'dee', 'eve'];

describe('subjective_brief', () => {
  it('writes one brief per non-quarantined participant through the provider', async () => {
    const callAi = echoCallAi();
    const output = await subjectiveBrief(state, makeContext({ participants: everyone, callAi }));
    expect(output.state.briefs.map((brief) => [brief.agentId, brief.valid, brief.source])).toEqual([
      ['ada', true, 'fake'],
      ['bo', true, 'fake'],
      ['cy', true, 'fake'],
      ['dee', true, 'fake'],
    ]);
    expect(output.state.briefs[0]?.text).toBe('Ada looks around and weighs the goals of this turn carefully.');
    expect(callAi.requests.map((request) => request.agent?.id)).toEqual(['ada', 'bo', 'cy', 'dee']);
    expect(output).toMatchObject({ eventsProcessed: 4, eventsGenerated: 4 });
  });

  it('asks with operation subjective_brief, the agent, its seed key and the configured temperature', async () => {
    const callAi = echoCallAi();
    await subjectiveBrief(state, makeContext({ participants: ['ada'], callAi, config: { aiTemperature: 1.3 } }));
    expect(callAi.requests[0]).toMatchObject({
      phase: 'subjective_brief',
      operation: 'subjective_brief',
      seedKey: 'ada',
      temperature: 1.3,
      agent: { id: 'ada' },
      world: state.world,
    });
  });

  it.each(NARRATIVE_DEPTHS.map((depth, index) => [depth, [200, 500, 1000, 2000][index]] as const))(
    'uses the %s model and %d max tokens',
    async (depth, tokens) => {
      const callAi = echoCallAi();
      await subjectiveBrief(state, makeContext({ participants: ['ada'], callAi, config: { narrativeAnalysisDepth: depth } }));
      expect(callAi.requests[0]).toMatchObject({ model: `model-${depth}`, maxTokens: tokens });
    },
  );

  it('succeeds when more than half of the briefs are valid', async () => {
    const callAi = textCallAi((request) => (request.agent?.id === 'dee' ? 'too short' : 'A perfectly fine brief of many words.'));
    const output = await subjectiveBrief(state, makeContext({ participants: everyone, callAi }));
    expect(output.state.briefs.map((brief) => brief.valid)).toEqual([true, true, true, false]);
  });

  it('fails validation when only half of the briefs are valid', async () => {
    const callAi = textCallAi((request) =>
      ['ada', 'bo'].includes(request.agent?.id ?? '') ? 'A perfectly fine brief of many words.' : 'meh',
    );
    await expect(subjectiveBrief(state, makeContext({ participants: everyone, callAi }))).rejects.toMatchObject({
      reason: 'validation',
      message: expect.stringContaining('2 valid briefs of 4'),
    });
  });

  it('counts a provider error as one invalid brief rather than failing the phase', async () => {
    const callAi = async (request: CallAiRequest) => {
      if (request.agent?.id === 'bo') throw new PhaseFailure('provider_error', 'simulated: injected error');
      return echoCallAi()(request);
    };
    const output = await subjectiveBrief(state, makeContext({ participants: everyone, callAi }));
    expect(output.state.briefs.find((brief) => brief.agentId === 'bo')).toEqual({ agentId: 'bo', text: '', valid: false, source: 'fake' });
  });

  it('names the provider errors when they leave too few valid briefs', async () => {
    const callAi = async () => {
      throw new PhaseFailure('provider_error', 'simulated: injected error');
    };
    await expect(subjectiveBrief(state, makeContext({ participants: everyone, callAi }))).rejects.toMatchObject({
      reason: 'validation',
      message: expect.stringContaining('4 provider calls failed'),
    });
  });

  it('stops on the cost cap', async () => {
    const callAi = async () => {
      throw new PhaseFailure('cost_cap', 'AI cost 1.0000 reached the cap of 1');
    };
    await expect(subjectiveBrief(state, makeContext({ participants: everyone, callAi }))).rejects.toMatchObject({ reason: 'cost_cap' });
  });

  it('keeps at most maxConcurrentOperations provider calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const callAi = async (request: CallAiRequest) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return echoCallAi()(request);
    };
    const output = await subjectiveBrief(state, makeContext({ participants: everyone, callAi, config: { maxConcurrentOperations: 2 } }));
    expect(peak).toBe(2);
    expect(output.state.briefs.map((brief) => brief.agentId)).toEqual(['ada', 'bo', 'cy', 'dee']);
  });

  it('writes deterministic rule-based briefs without calling the provider when AI is disabled', async () => {
    const callAi = echoCallAi();
    const context = () => makeContext({ participants: everyone, callAi, config: { aiIntegrationEnabled: false } });
    const first = await subjectiveBrief(state, context());
    const second = await subjectiveBrief(state, context());
    expect(callAi.requests).toHaveLength(0);
    expect(first.state.briefs).toHaveLength(4);
    expect(first.state.briefs.every((brief) => brief.valid && brief.source === 'rule-based')).toBe(true);
    expect(second.state.briefs).toEqual(first.state.briefs);
  });

  it('succeeds with no briefs when no participant can be briefed', async () => {
    const output = await subjectiveBrief(state, makeContext({ participants: ['eve'] }));
    expect(output.state.briefs).toEqual([]);
  });

  it('fails as cancelled when the turn is cancelled during a call', async () => {
    const controller = new AbortController();
    const callAi = async (request: CallAiRequest) => {
      controller.abort();
      throw new PhaseFailure('provider_error', `aborted ${request.agent?.id}`);
    };
    await expect(subjectiveBrief(state, makeContext({ participants: everyone, callAi, signal: controller.signal }))).rejects.toMatchObject({
      reason: 'cancelled',
    });
  });

  it('does not mutate its input', async () => {
    const before = structuredClone(state);
    await subjectiveBrief(state, makeContext({ participants: everyone }));
    expect(state).toEqual(before);
  });
});
