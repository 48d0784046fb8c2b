/**
 * The turn channels of the contract over the runner and the repositories: campaigns, agents, turns,
 * the review queue. Handlers receive validated requests; errors leave as typed ContractErrors.
 */

import type { TurnDetail } from '../../../src-shared/domain/turn';
import { PRESETS, STORY_DIRECTIVE_MAX_LENGTH, type TurnConfigurationInput } from '../../../src-shared/domain/turn-configuration';
import { ContractError } from '../../../src-shared/errors';
import { campaignsVisible } from '../../../src-shared/rbac';
import type { HandlerTable } from '../rpc';
import { guardUserText } from '../security/prompt-guard';
import type { CampaignRepository } from './campaign-repository';
import type { AiProvider, AiResponse } from './providers/provider';
import { RecordedProvider } from './providers/recorded';
import { diffTurns, type TurnFacts } from './turn-diff';
import type { TurnRepository, TurnRow } from './turn-repository';
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
  | 'turns.replay'
  | 'turns.diff'
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

/**
 * The run's story directive through the prompt guard, before anything is stored: sanitized (blank = none),
 * or refused as `invalid_request` naming `configuration.storyDirective`. Replays reuse the stored, already
 * guarded configuration as it is, so a later change of the pattern list cannot break them.
 */
function guardDirective(configuration: TurnConfigurationInput): TurnConfigurationInput {
  const directive: unknown = configuration.storyDirective;
  // Anything but a string is left to the configuration schema, which names the field too.
  if (typeof directive !== 'string') return configuration;
  const guarded = guardUserText(directive, { field: 'configuration.storyDirective', maxLength: STORY_DIRECTIVE_MAX_LENGTH });
  return { ...configuration, storyDirective: guarded === '' ? null : guarded };
}

function turnOrThrow(turns: TurnRepository, turnId: string): TurnRow {
  const turn = turns.get(turnId);
  if (!turn) throw new ContractError('not_found', `turn "${turnId}" does not exist`);
  return turn;
}

function factsOf(turns: TurnRepository, turn: TurnRow): TurnFacts {
  const { configuration: _configuration, ownerPid: _ownerPid, ...summary } = turn;
  const outputs = turns.outputs(turn.id);
  return {
    summary,
    phases: turns.phases(turn.id),
    events: outputs.events.filter((event) => !event.removed).map(({ removed: _removed, ...event }) => event),
    narrative: outputs.narrative && !outputs.narrative.reverted ? outputs.narrative.text : null,
    worldAfter: turns.worldAfter(turn.id),
  };
}

export interface TurnHandlerDeps {
  campaigns: CampaignRepository;
  turns: TurnRepository;
  runner: TurnRunner;
  /** The simulated provider a `simulated` replay uses, given the settings stored with the original. */
  simulatedReplayProvider(storedConfig: unknown): AiProvider;
}

export function createTurnHandlers({ campaigns, turns, runner, simulatedReplayProvider }: TurnHandlerDeps): TurnHandlers {
  function campaignOrThrow(id: string) {
    const campaign = campaigns.get(id);
    if (!campaign) throw new ContractError('not_found', `campaign "${id}" does not exist`);
    return campaign;
  }

  return {
    'campaigns.list': (_request, { identity }) => {
      // A campaign-scoped token sees only its campaigns.
      const visible = campaignsVisible(identity, 'story.read');
      return { campaigns: visible === null ? campaigns.list() : campaigns.list().filter((campaign) => visible.includes(campaign.id)) };
    },
    'campaigns.get': ({ campaignId }) => {
      const { world, worldVersion, createdAt, id, name, description } = campaignOrThrow(campaignId);
      return {
        campaign: { id, name, description, agentCount: world.agents.length, worldTimeS: world.timeS, worldVersion, createdAt },
        world,
      };
    },
    'agents.list': ({ campaignId }) => ({ agents: campaignOrThrow(campaignId).world.agents }),
    'turns.run': ({ campaignId, participants, preset, configuration }, { identity, origin }) => {
      const merged = guardDirective({ ...(preset ? PRESETS[preset] : {}), ...(configuration ?? {}) } as TurnConfigurationInput);
      const started = runner.start({ campaignId, participants, configuration: merged, origin, startedBy: identity.userId });
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
    'turns.replay': async ({ turnId, mode }, { identity }) => {
      const original = turnOrThrow(turns, turnId);
      if (original.status === 'running')
        throw new ContractError('conflict', `turn ${turnId} is still running; replay it once it has ended`);
      const snapshot = turns.snapshot(turnId);
      if (!snapshot) throw new ContractError('not_found', `turn ${turnId} has no recorded input world`);
      // A replay of a replay draws as the first original did.
      let root = original;
      while (root.replayOf) root = turns.get(root.replayOf) ?? root;
      const provider =
        mode === 'recorded'
          ? new RecordedProvider(
              turns
                .transcripts(turnId)
                .map((call) => ({ seed: call.seed, response: call.response as AiResponse | null, error: call.error })),
            )
          : simulatedReplayProvider(turns.providerConfig(turnId));
      const replay = runner.start({
        campaignId: original.campaignId,
        configuration: original.configuration,
        participants: original.participants,
        origin: 'replay',
        startedBy: identity.userId,
        replayOf: turnId,
        provider,
        providerConfig: { replay: mode },
        detached: { world: snapshot.world, turnNumber: root.number },
      });
      await replay.done;
      return { replayTurnId: replay.turnId, diff: diffTurns(factsOf(turns, original), factsOf(turns, turnOrThrow(turns, replay.turnId))) };
    },
    'turns.diff': ({ a, b }) => diffTurns(factsOf(turns, turnOrThrow(turns, a)), factsOf(turns, turnOrThrow(turns, b))),
    'reviews.list': ({ status, limit }, { identity }) => {
      const reviews = turns.reviews(status === 'all' ? null : status, limit);
      const visible = campaignsVisible(identity, 'orchestration.turn.view');
      return { reviews: visible === null ? reviews : reviews.filter((review) => visible.includes(review.campaignId)) };
    },
    'reviews.resolve': ({ reviewId, resolution }, { identity }) => {
      const review = turns.resolveReview(reviewId, identity.userId, resolution, new Date().toISOString());
      if (!review) throw new ContractError('not_found', `review "${reviewId}" does not exist`);
      return { review };
    },
  };
}
