/**
 * The Trust page (`#/trust`, SPEC sections 5 and 7): a campaign's agents with their scores, trends,
 * quarantines and rates; one agent's history as a chart with reasons; the distribution, conflict risk,
 * changes that stand out and the policy. Updates live on `trust.changed`; reloads when the connection
 * comes back.
 */
import { useEffect, useMemo, useRef } from 'react';
import { DEFAULT_TRUST_POLICY_RULES } from '../../../../src-shared/domain/trust-vocabulary';
import { useBridge } from '../../bridge-context';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { useConnectionStore } from '../../stores/connection-store';
import { canRelease, focusedAgent, useTrustOverviewStore } from '../../stores/trust-overview-store';
import { Card, InlineError, Pending } from '../../ui/Card';
import { loadChartView } from '../dashboards/PanelCard';
import { TrustAgentsTable } from './TrustAgentsTable';
import { TrustAnomaliesCard, TrustPolicyCard } from './TrustAnomaliesCard';
import { TrustHistoryCard } from './TrustHistoryCard';
import { TrustQuarantinesCard } from './TrustQuarantinesCard';
import { TrustRiskCard } from './TrustRiskCard';
import { TrustSummaryCard } from './TrustSummaryCard';
import { TrustToolbar } from './TrustToolbar';

/** Changes of one turn arrive as a few pushes in a row: one reload for them all. */
const LIVE_RELOAD_MS = 250;

export function TrustPage() {
  const bridge = useBridge();
  const connection = useConnectionStore((store) => store.state);

  useEffect(() => {
    void useTrustOverviewStore.getState().load(bridge);
    void loadChartView();
  }, [bridge]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = bridge.subscribe('trust.changed', (changed) => {
      if (!useTrustOverviewStore.getState().noteChange(changed)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void useTrustOverviewStore.getState().refresh(bridge), LIVE_RELOAD_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [bridge]);

  const previousConnection = useRef(connection);
  useEffect(() => {
    if (previousConnection.current === 'disconnected' && connection === 'connected') void useTrustOverviewStore.getState().load(bridge);
    previousConnection.current = connection;
  }, [bridge, connection]);

  return (
    <div className="trust-page" data-testid="trust-page">
      <TrustToolbar />
      <TrustBody />
    </div>
  );
}

function TrustBody() {
  const campaigns = useTrustOverviewStore((store) => store.campaigns);
  const campaignId = useTrustOverviewStore((store) => store.campaignId);
  const agents = useTrustOverviewStore((store) => store.agents);
  const analytics = useTrustOverviewStore((store) => store.analytics);
  const identity = useTrustOverviewStore((store) => store.identity.data);
  const policy = useTrustOverviewStore((store) => store.policy.data);
  const selected = useTrustOverviewStore((store) => store.selectedAgent);
  const names = useMemo(() => new Map((agents.data?.agents ?? []).map((agent) => [agent.agentId, agent.name])), [agents.data]);

  if (campaigns.error && !campaigns.data) return <InlineError error={campaigns.error} testId="trust-campaigns-error" stale={false} />;
  if (campaigns.data && campaigns.data.length === 0) {
    return (
      <section className="empty-panel" data-testid="trust-no-campaign">
        <h2>No campaign to show</h2>
        <p className="muted">Trust belongs to the agents of a campaign; this console holds none you may read.</p>
      </section>
    );
  }
  if (!agents.data) {
    return agents.error ? (
      <InlineError error={agents.error} testId="trust-agents-error" stale={false} />
    ) : (
      <Pending>Loading trust…</Pending>
    );
  }

  const list = agents.data.agents;
  const focus = focusedAgent(list, selected);
  const rules = policy?.rules ?? DEFAULT_TRUST_POLICY_RULES;
  return (
    <>
      {agents.error && <InlineError error={agents.error} testId="trust-agents-stale" stale />}
      <div className="page-grid trust-grid">
        <ErrorBoundary scope="the summary">
          <TrustSummaryCard agents={agents.data} analytics={analytics.data} />
        </ErrorBoundary>
        <ErrorBoundary scope="the quarantine card">
          <TrustQuarantinesCard
            agents={list}
            mayRelease={canRelease(identity, campaignId)}
            risks={analytics.data?.risks ?? []}
            penalty={rules.quarantinePenalty}
          />
        </ErrorBoundary>
        <ErrorBoundary scope="the agents table">
          <Card
            id="trust-agents"
            title="Agents"
            className="card-wide"
            actions={<span className="card-meta">{list.length} in this campaign</span>}
          >
            {list.length === 0 ? (
              <p className="trust-empty">This campaign has no agents.</p>
            ) : (
              <TrustAgentsTable
                agents={list}
                selected={focus?.agentId}
                onSelect={(id) => useTrustOverviewStore.getState().selectAgent(id)}
              />
            )}
          </Card>
        </ErrorBoundary>
        {focus && (
          <ErrorBoundary scope="the history card">
            <TrustHistoryCard agents={list} agent={focus} threshold={rules.quarantineBelow} />
          </ErrorBoundary>
        )}
        {analytics.data ? (
          <ErrorBoundary scope="the conflict risk card">
            <TrustRiskCard
              risks={analytics.data.risks}
              threshold={rules.interventionRisk}
              names={names}
              quarantined={new Set(list.filter((agent) => agent.quarantined).map((agent) => agent.agentId))}
            />
          </ErrorBoundary>
        ) : (
          analytics.error && <InlineError error={analytics.error} testId="trust-analytics-error" stale={false} />
        )}
        <div className="trust-stack">
          {analytics.data && (
            <ErrorBoundary scope="the anomalies card">
              <TrustAnomaliesCard analytics={analytics.data} names={names} />
            </ErrorBoundary>
          )}
          {policy && (
            <ErrorBoundary scope="the policy card">
              <TrustPolicyCard policy={policy} />
            </ErrorBoundary>
          )}
        </div>
      </div>
    </>
  );
}
