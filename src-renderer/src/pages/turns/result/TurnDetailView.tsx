/**
 * A turn on its own page (`#/turns/<id>`), reached from the history, a replay or a review.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { turnsHref } from '../turns-route';
import { TurnView } from './TurnView';

export function TurnDetailView({ turnId }: { turnId: string }) {
  const bridge = useBridge();
  useEffect(() => {
    // Campaign names for the title.
    if (!useTurnRunStore.getState().campaigns.data) void useTurnRunStore.getState().loadCampaigns(bridge);
  }, [bridge]);
  return (
    <div className="turn-page">
      <p className="breadcrumb">
        <a href={turnsHref.history()}>History</a> <span aria-hidden="true">›</span> <span className="mono">{turnId}</span>
      </p>
      <TurnView turnId={turnId} />
    </div>
  );
}
