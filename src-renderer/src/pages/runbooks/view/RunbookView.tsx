/**
 * One runbook, read to act on: its text with the steps as a live checklist and, when opened from an
 * alert (`?alert=<fingerprint>`), the alert's live context beside it — state, value, the rule's chart,
 * the turns or agents it touches — with every step recorded on that alert's incident (its current
 * episode). Live: alert evaluations, finished turns, trust changes and steps recorded by others refresh
 * what is on screen.
 */
import { useEffect, useMemo } from 'react';
import { latestStepRecords } from '../../../../../src-shared/domain/runbook-vocabulary';
import type { RunbookDetail } from '../../../../../src-shared/domain/runbooks';
import { hasPermission } from '../../../../../src-shared/rbac';
import { useBridge } from '../../../bridge-context';
import { useCallerIdentityStore } from '../../../stores/caller-identity-store';
import { runbookKey, useRunbookDetailStore } from '../../../stores/runbook-detail-store';
import { useRunbookIncidentStore } from '../../../stores/runbook-incident-store';
import { useRunbookStepsStore } from '../../../stores/runbook-steps-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { AffectedTurns, QuarantinedAgents } from '../alert/AffectedCard';
import { AlertContext } from '../alert/AlertContext';
import { EDIT_PERMISSION } from '../runbook-labels';
import { runbooksHref } from '../runbooks-route';
import { IncidentLog } from './IncidentLog';
import { RunbookBody } from './RunbookBody';
import { RunbookHeader } from './RunbookHeader';
import { StepList } from './StepList';
import { incidentIdOf, isFailedTurn, type StepContext } from './step-actions';

/** The permission of alerts.get and the alert topics. */
const ALERTS_PERMISSION = 'metrics.view';
/** A burst of alert changes refreshes the context once. */
const ALERT_REFRESH_MIN_MS = 1000;
/** The value and chart refresh with the evaluations (every 15 s by default), at most this often. */
const VALUE_REFRESH_MS = 10_000;

export function RunbookView({ slug, alert }: { slug: string; alert: string | null }) {
  const bridge = useBridge();
  const state = useRunbookDetailStore((store) => store.byKey[runbookKey(slug)]);

  useEffect(() => {
    void useRunbookDetailStore.getState().load(bridge, slug);
  }, [bridge, slug]);

  if (!state?.data) {
    return (
      <div className="runbook-view">
        <Breadcrumb title={slug} />
        {state?.error ? (
          <InlineError error={state.error} testId="runbook-error" stale={false} />
        ) : (
          <Pending>Loading runbook {slug}…</Pending>
        )}
      </div>
    );
  }
  return <LoadedRunbook runbook={state.data} alertFingerprint={alert} />;
}

function Breadcrumb({ title }: { title: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={runbooksHref.list()}>Runbooks</a> / <span>{title}</span>
    </nav>
  );
}

function LoadedRunbook({ runbook, alertFingerprint }: { runbook: RunbookDetail; alertFingerprint: string | null }) {
  const bridge = useBridge();
  const identity = useCallerIdentityStore((store) => store.identity.data);
  const alertState = useRunbookIncidentStore((store) => store.alert);
  const turns = useRunbookIncidentStore((store) => store.turns);
  const agents = useRunbookIncidentStore((store) => store.agents);
  const records = useRunbookStepsStore((store) => store.records);
  const alert = alertFingerprint !== null && alertState.data?.alert.fingerprint === alertFingerprint ? alertState.data.alert : null;
  const incidentId = alert ? incidentIdOf(alert) : null;
  const releases = runbook.steps.some((step) => step.action?.name === 'release-agent');
  const seesAlerts = identity !== null && hasPermission(identity, ALERTS_PERMISSION);

  useEffect(() => {
    void useRunbookIncidentStore.getState().open(bridge, alertFingerprint);
  }, [bridge, alertFingerprint]);

  useEffect(() => {
    void useRunbookStepsStore.getState().load(bridge, incidentId);
  }, [bridge, incidentId]);

  useEffect(() => {
    const incident = useRunbookIncidentStore.getState;
    let lastAlertRefresh = 0;
    const unsubscribers = [
      bridge.subscribe('runbooks.step.recorded', (record) => useRunbookStepsStore.getState().merge(record)),
      bridge.subscribe('turn.progress', (progress) => {
        // A turn that starts or ends changes the window's list (and which turn a step acts on).
        if (progress.overallStatus !== 'running' || (progress.phase === 'world_update' && progress.phaseStatus === 'running'))
          void incident().loadTurns(bridge);
      }),
      bridge.subscribe('trust.changed', () => void incident().loadAgents(bridge)),
    ];
    // The alert topics need metrics.view: a stream asked for a topic the caller may not read is refused whole.
    if (alertFingerprint !== null && seesAlerts) {
      const refresh = (minGapMs: number) => {
        const now = Date.now();
        if (now - lastAlertRefresh < minGapMs) return;
        lastAlertRefresh = now;
        void incident().loadAlert(bridge);
      };
      unsubscribers.push(
        // A transition (or a silence, an acknowledgement) shows at once…
        bridge.subscribe('alerts.changed', () => refresh(ALERT_REFRESH_MIN_MS)),
        // …and the value and chart follow the evaluations, which run after each metrics snapshot.
        bridge.subscribe('metrics.tick', () => refresh(incident().refreshOnTick ? 0 : VALUE_REFRESH_MS)),
      );
    }
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [bridge, alertFingerprint, seesAlerts]);

  const context: StepContext = useMemo(() => {
    const list = turns.data ?? [];
    return {
      identity,
      incident: alert && incidentId ? { id: incidentId, alert } : null,
      incidentProblem:
        alertFingerprint === null
          ? null
          : alertState.error
            ? `The alert could not be loaded (${alertState.error.code}), so nothing can be recorded on its incident.`
            : 'Waiting for the alert…',
      failedTurn: list.find(isFailedTurn) ?? null,
      latestTurn: list.find((turn) => turn.status !== 'running') ?? null,
      quarantined: agents.data ?? [],
      loading: !turns.data || (releases && !agents.data),
    };
  }, [identity, alert, incidentId, alertFingerprint, alertState.error, turns.data, agents.data, releases]);

  const latest = useMemo(() => latestStepRecords(records.data ?? []), [records.data]);
  const target = { slug: runbook.slug, title: runbook.title, version: runbook.version };
  const canEdit = identity !== null && hasPermission(identity, EDIT_PERMISSION);

  return (
    <div className="runbook-view" data-testid="runbook-view" data-incident={incidentId ?? ''}>
      <Breadcrumb title={runbook.title} />
      <div className="runbook-layout">
        <div className="runbook-main">
          <Card
            id="runbook"
            title="Runbook"
            className="runbook-card"
            actions={
              <div className="button-row compact">
                {canEdit && (
                  <a className="button small" href={runbooksHref.edit(runbook.slug)} data-testid="runbook-edit">
                    Edit
                  </a>
                )}
                <a className="button small" href={runbooksHref.history(runbook.slug)} data-testid="runbook-history">
                  History ({runbook.versions.length})
                </a>
              </div>
            }
          >
            <RunbookHeader runbook={runbook} />
            <RecordingNotice
              alertFingerprint={alertFingerprint}
              incidentId={incidentId}
              problem={context.incidentProblem}
              records={records.error?.message ?? null}
            />
            <RunbookBody
              blocks={runbook.blocks}
              testId="runbook-body"
              renderSteps={(steps) => <StepList steps={steps} target={target} context={context} latest={latest} />}
            />
          </Card>
          {incidentId && records.data && <IncidentLog records={records.data} incidentId={incidentId} />}
        </div>
        <aside className="runbook-side" aria-label="Incident context">
          {alertFingerprint !== null && <AlertContext fingerprint={alertFingerprint} state={alertState} />}
          {releases ? <QuarantinedAgents agents={agents} /> : <AffectedTurns turns={turns} withAlert={alert !== null} />}
        </aside>
      </div>
    </div>
  );
}

/** Says where ticked steps go — the alert's incident — or why they are not kept. */
interface RecordingNoticeProps {
  alertFingerprint: string | null;
  incidentId: string | null;
  problem: string | null;
  records: string | null;
}

function RecordingNotice({ alertFingerprint, incidentId, problem, records }: RecordingNoticeProps) {
  if (incidentId) {
    return (
      <p className="runbook-recording muted" data-testid="runbook-recording">
        Steps you take are recorded on this alert’s incident (<code>{incidentId}</code>) for everyone working it, and audited.
        {records && <span className="text-error"> The recorded steps could not be loaded: {records}</span>}
      </p>
    );
  }
  return (
    <p className="runbook-recording muted" data-testid="runbook-recording">
      {alertFingerprint
        ? (problem ?? 'Steps are recorded once the alert has loaded.')
        : 'Opened without an alert: actions still work, but steps are not recorded. Open the runbook from an alert to keep a checklist for its incident.'}
    </p>
  );
}
