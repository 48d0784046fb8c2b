/**
 * One alert: what it is (state, severity, summary, markers) with what to do about it (acknowledge,
 * silence, its runbook, its rule), then its details, labels and annotations, a chart of its rule's
 * value against the threshold over the last hours with the pending and firing periods shaded, every
 * transition with its value, and the notifications sent for it. Live on `alerts.changed`, and refreshed
 * every 30 s so the value and the chart keep up with each evaluation.
 */
import { useEffect, useState } from 'react';
import { useBridge } from '../../../bridge-context';
import { RefreshIcon } from '../../../shell/icons';
import { useAlertDetailStore } from '../../../stores/alert-detail-store';
import { Pending } from '../../../ui/Card';
import { LoadError } from '../AccessNotices';
import { alertsHref } from '../alerts-route';
import { AlertChartCard } from './AlertChartCard';
import { AlertFactsCard } from './AlertFactsCard';
import { AlertHeader } from './AlertHeader';
import { AlertNotificationsCard } from './AlertNotificationsCard';
import { AlertTimelineCard } from './AlertTimelineCard';
import { SilenceFromAlert } from './SilenceFromAlert';

const REFRESH_MS = 30_000;

export function AlertDetailView({ fingerprint }: { fingerprint: string }) {
  const bridge = useBridge();
  const detail = useAlertDetailStore((store) => store.detail);
  const current = useAlertDetailStore((store) => store.fingerprint);
  const [silencing, setSilencing] = useState(false);

  useEffect(() => {
    const store = useAlertDetailStore.getState();
    store.open(bridge, fingerprint);
    const unfollow = store.follow(bridge);
    const timer = setInterval(() => void useAlertDetailStore.getState().load(bridge), REFRESH_MS);
    setSilencing(false);
    return () => {
      clearInterval(timer);
      unfollow();
    };
  }, [bridge, fingerprint]);

  const data = current === fingerprint ? detail.data : null;
  const name = data ? (data.alert.labels.alertname ?? data.alert.ruleName) : fingerprint;

  return (
    <div className="alert-detail" data-testid="alert-detail" data-fingerprint={fingerprint} data-state={data?.alert.state}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={alertsHref.alerts()}>Alerts</a> › <span aria-current="page">{name}</span>
        <button
          type="button"
          className="button small breadcrumb-action"
          onClick={() => void useAlertDetailStore.getState().load(bridge)}
          disabled={detail.loading}
          aria-busy={detail.loading}
          data-testid="alert-refresh"
        >
          <RefreshIcon />
          Refresh
        </button>
      </nav>
      {detail.error && (
        <LoadError
          error={
            detail.error.code === 'not_found'
              ? {
                  code: 'not_found',
                  message: `no alert ${fingerprint}: it may have been resolved long ago and pruned, or the link is mistyped`,
                }
              : detail.error
          }
          testId="alert-detail-error"
          stale={data !== null}
        />
      )}
      {!data && !detail.error && <Pending>Loading the alert…</Pending>}
      {data && (
        <>
          <AlertHeader detail={data} silencing={silencing} onSilence={() => setSilencing(true)} />
          {silencing && <SilenceFromAlert alert={data.alert} onClose={() => setSilencing(false)} />}
          <div className="alert-detail-grid">
            <AlertFactsCard detail={data} />
            <AlertChartCard detail={data} />
          </div>
          <AlertTimelineCard detail={data} />
          <AlertNotificationsCard detail={data} />
        </>
      )}
    </div>
  );
}
