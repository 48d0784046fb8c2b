/**
 * The turn channels of the contract over the runner and the repositories: campaigns, agents, turns,
 * the review queue. Handlers receive validated requests; errors leave as typed ContractErrors.
 */

import type { TurnDetail } from '../../../src-shared/domain/turn';
import { PRESETS, type TurnConfigurationInput } from '../../../src-shared/domain/turn-configuration';
import { ContractError } from '../../../src-shared/errors';
import type { HandlerTable } from '../rpc';
import type { CampaignRepository } from './campaign-repository';
import type { TurnRepository } from './turn-repository';
import type { TurnRunner } from './turn-runner';

export type TurnHandlers = Pick<
  HandlerTable,
  | 'campaigns.list'
  | 'campaigns.get'
  | 'agents.list'
  | 'turns.run'
  | 'turns.cancel'
  | 'turns.get'
  | 'turns.list'
  | 'reviews.list'
  | 'reviews.resolve'
>;

export function turnDetail(turns: TurnRepository, turnId: string): TurnDetail {
  const turn = turns.get(turnId);
  if (!turn) throw new ContractError('not_found', `turn "${turnId}" does not exist`);
  const { configuration, ownerPid: _ownerPid, ...summary } = turn;
  const outputs = turns.outputs(turnId);
  return {
    turn: summary,
    configuration: configuration as unknown as Record<string, unknown>,
    phases: turns.phases(turnId),
    briefs: outputs.briefs,
    interactions: outputs.interactions,
    events: outputs.events,
    narrative: outputs.narrative
      ? {
          text: outputs.narrative.text,
          valid: outputs.narrative.valid,
          storyArcs: outputs.narrative.storyArcs,
          mentionedEventIds: outputs.narrative.mentionedEventIds,
          reverted: outputs.narrative.reverted,
        }
      : null,
    compensations: turns.compensations(turnId),
    providerCalls: turns.transcriptCount(turnId),
    reviews: turns.reviewsOfTurn(turnId),
  };
}

export function createTurnHandlers(campaigns: CampaignRepository, turns: TurnRepository, runner: TurnRunner): TurnHandlers {
  function campaignOrThrow(id: string) {
    const campaign = campaigns.get(id);
    if (!campaign) throw new ContractError('not_found', `campaign "${id}" does not exist`);
    return campaign;
  }

  return {
    'campaigns.list': () => ({ campaigns: campaigns.list() }),
    'campaigns.get': ({ campaignId }) => {
      const { world, worldVersion, createdAt, id, name, description } = campaignOrThrow(campaignId);
      return {
        campaign: { id, name, description, agentCount: world.agents.length, worldTimeS: world.timeS, worldVersion, createdAt },
        world,
      };
    },
    'agents.list': ({ campaignId }) => ({ agents: campaignOrThrow(campaignId).world.agents }),
    'turns.run': ({ campaignId, participants, preset, configuration }, { identity }) => {
      const merged = { ...(preset ? PRESETS[preset] : {}), ...(configuration ?? {}) } as TurnConfigurationInput;
      const started = runner.start({ campaignId, participants, configuration: merged, origin: 'ui', startedBy: identity.userId });
      started.done.catch(() => {});
      return { turnId: started.turnId, number: started.number };
    },
    'turns.cancel': ({ turnId }, { identity }) => {
      if (!turns.get(turnId)) throw new ContractError('not_found', `turn "${turnId}" does not exist`);
      return { cancelled: runner.cancel(turnId, identity.userId) };
    },
    'turns.get': ({ turnId }) => turnDetail(turns, turnId),
    'turns.list': (filter) => {
      const { turns: rows, total } = turns.list(filter);
      return { turns: rows.map(({ configuration: _configuration, ownerPid: _ownerPid, ...summary }) => summary), total };
    },
    'reviews.list': ({ status, limit }) => ({ reviews: turns.reviews(status === 'all' ? null : status, limit) }),
    'reviews.resolve': ({ reviewId, resolution }, { identity }) => {
      const review = turns.resolveReview(reviewId, identity.userId, resolution, new Date().toISOString());
      if (!review) throw new ContractError('not_found', `review "${reviewId}" does not exist`);
      return { review };
    },
  };
}
