/**
 * The rule's compared value for this alert's series over the last hours (from `alerts.get`), against the
 * threshold, with the periods the alert was pending and firing shaded from its transitions.
 */
import { useMemo } from 'react';
import type { AlertDetail } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { DETAIL_HOURS, useAlertDetailStore } from '../../../stores/alert-detail-store';
import { Card } from '../../../ui/Card';
import type { AlertChartInput } from '../chart/alert-chart-option';
import { intervalsFromTransitions } from '../chart/alert-chart-option';
import { ThresholdChart } from '../chart/ThresholdChart';

export function AlertChartCard({ detail }: { detail: AlertDetail }) {
  const bridge = useBridge();
  const hours = useAlertDetailStore((store) => store.hours);
  const updatedAt = useAlertDetailStore((store) => store.detail.updatedAt);

  const input = useMemo<AlertChartInput | null>(() => {
    if (!detail.series) return null;
    const endMs = updatedAt ?? Date.now();
    // A history younger than the range (a fresh install) would be a dot at the right edge: the chart then
    // starts a little before the first sample instead.
    const firstMs = detail.series.find(([, value]) => value !== null)?.[0];
    const rangeStart = endMs - hours * 3_600_000;
    const startMs = firstMs === undefined ? rangeStart : Math.max(rangeStart, firstMs - Math.max(60_000, (endMs - firstMs) * 0.1));
    const { pending, firing } = intervalsFromTransitions(detail.transitions);
    return {
      series: [{ name: detail.alert.ruleName, points: detail.series }],
      threshold: detail.threshold,
      comparison: detail.comparison,
      pending,
      firing,
      range: { startMs, endMs },
      markers: detail.transitions
        .filter((transition) => transition.to === 'firing' || transition.to === 'resolved')
        .map((transition) => ({
          at: Date.parse(transition.at),
          label: transition.to === 'firing' ? 'fired' : 'resolved',
          ok: transition.to === 'resolved',
        })),
    };
  }, [detail, hours, updatedAt]);

  const actions = (
    <label className="inline-field">
      <span>Last</span>
      <select
        value={hours}
        onChange={(event) => useAlertDetailStore.getState().setHours(bridge, Number(event.target.value))}
        data-testid="alert-chart-hours"
      >
        {DETAIL_HOURS.map((option) => (
          <option key={option} value={option}>
            {option} h
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Card id="alert-chart-card" title="Value over time" actions={actions}>
      {input === null ? (
        <p className="muted" data-testid="alert-chart-none">
          The rule behind this alert no longer exists, so there is no query to chart.
        </p>
      ) : input.series[0]?.points.every(([, value]) => value === null) ? (
        <p className="muted" data-testid="alert-chart-empty">
          No samples in the last {hours} h: the metrics history holds nothing for this series in that range.
        </p>
      ) : (
        <ThresholdChart
          input={input}
          label={`${detail.alert.ruleName} over the last ${hours} hours against its threshold`}
          testId="alert-chart"
        />
      )}
    </Card>
  );
}
