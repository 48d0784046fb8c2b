/**
 * One turn, live or finished: its summary and actions, the phase stepper fed by `turn.progress`, then
 * everything the turn produced. Keeps the stored turn current while it runs: fetched again whenever a
 * phase or the turn ends, and every few seconds if no progress event arrives (the event stream may have
 * opened after the turn started, or dropped).
 */
import { useEffect, useMemo, useRef } from 'react';
import { useBridge } from '../../../bridge-context';
import { ErrorBoundary } from '../../../shell/ErrorBoundary';
import { useTurnDetailStore } from '../../../stores/turn-detail-store';
import { useTurnDiffStore } from '../../../stores/turn-diff-store';
import { useTurnProgress } from '../../../stores/turn-progress-store';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { InlineError, Pending } from '../../../ui/Card';
import { PhasesCard } from '../live/PhasesCard';
import { liveTurnState, progressChangesStoredTurn } from '../live/phase-steps';
import { BriefsCard } from './BriefsCard';
import { CompensationsCard } from './CompensationsCard';
import { EventsCard } from './EventsCard';
import { InteractionsCard } from './InteractionsCard';
import { NarrativeCard } from './NarrativeCard';
import { nameLookup } from './participant-names';
import { ReplayCard } from './ReplayCard';
import { TurnReviewsCard } from './TurnReviewsCard';
import { TurnSummaryCard } from './TurnSummaryCard';

/** Without progress events for this long, a running turn is fetched again. */
export const POLL_AFTER_SILENCE_MS = 2_000;

export function TurnView({ turnId }: { turnId: string }) {
  const bridge = useBridge();
  const events = useTurnProgress(turnId);
  const detail = useTurnDetailStore((store) => store.details[turnId]);
  const replay = useTurnDiffStore((store) => store.replays[turnId]);
  const data = detail?.data ?? null;
  const campaignId = data?.turn.campaignId ?? events[0]?.campaignId ?? null;
  const agents = useTurnRunStore((store) => (campaignId ? store.agents[campaignId]?.data : undefined));
  const live = useMemo(() => liveTurnState(events, data), [events, data]);
  const nameOf = useMemo(() => nameLookup(agents), [agents]);
  const running = live.status === 'running' || (live.status === null && !detail?.error);
  const stepStatus = useMemo(() => Object.fromEntries(live.steps.map((step) => [step.phase, step.status])), [live.steps]);
  const compensatedPhases = useMemo(
    () => new Set(live.steps.filter((step) => step.status === 'compensated').map((step) => step.phase)),
    [live.steps],
  );

  useEffect(() => {
    void useTurnDetailStore.getState().load(bridge, turnId);
  }, [bridge, turnId]);

  useEffect(() => {
    if (campaignId && !useTurnRunStore.getState().agents[campaignId]) void useTurnRunStore.getState().loadAgents(bridge, campaignId);
  }, [bridge, campaignId]);

  const latest = events.at(-1);
  // Local receipt time of the newest event: the silence that triggers a poll is measured on this clock.
  const lastSeen = useRef(0);
  useEffect(() => {
    if (!latest) return;
    lastSeen.current = Date.now();
    if (progressChangesStoredTurn(latest)) void useTurnDetailStore.getState().load(bridge, turnId);
  }, [bridge, turnId, latest]);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (Date.now() - lastSeen.current > POLL_AFTER_SILENCE_MS) void useTurnDetailStore.getState().load(bridge, turnId);
    }, POLL_AFTER_SILENCE_MS);
    return () => clearInterval(timer);
  }, [bridge, turnId, running]);

  if (!data && detail?.error) {
    return (
      <div className="turn-view" data-testid="turn-view" data-turn-id={turnId}>
        <InlineError error={detail.error} testId="turn-error" stale={false} />
      </div>
    );
  }
  if (!data && events.length === 0) {
    return (
      <div className="turn-view" data-testid="turn-view" data-turn-id={turnId}>
        <Pending>Loading the turn…</Pending>
      </div>
    );
  }

  return (
    <div className="turn-view" data-testid="turn-view" data-turn-id={turnId} data-status={live.status ?? 'unknown'}>
      {detail?.error && <InlineError error={detail.error} testId="turn-error" stale />}
      <TurnSummaryCard turnId={turnId} detail={data} live={live} nameOf={nameOf} />
      <PhasesCard live={live} finished={!running} turnId={turnId} />
      {replay && <ReplayCard turnId={turnId} replay={replay} />}
      {live.compensations.length > 0 && <CompensationsCard compensations={live.compensations} live={data === null || running} />}
      {data && (
        <div className="turn-outputs">
          <ErrorBoundary scope="the Narrative card">
            <NarrativeCard narrative={data.narrative} events={data.events} phaseStatus={stepStatus.narrative_integration} />
          </ErrorBoundary>
          <ErrorBoundary scope="the Events card">
            <EventsCard events={data.events} nameOf={nameOf} compensatedPhases={compensatedPhases} />
          </ErrorBoundary>
          <ErrorBoundary scope="the Interactions card">
            <InteractionsCard interactions={data.interactions} nameOf={nameOf} phaseStatus={stepStatus.interaction_orchestration} />
          </ErrorBoundary>
          <ErrorBoundary scope="the Briefs card">
            <BriefsCard briefs={data.briefs} nameOf={nameOf} phaseStatus={stepStatus.subjective_brief} />
          </ErrorBoundary>
          {data.reviews.length > 0 && <TurnReviewsCard reviews={data.reviews} />}
        </div>
      )}
    </div>
  );
}
