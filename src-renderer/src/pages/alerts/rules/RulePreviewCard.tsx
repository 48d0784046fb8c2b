/**
 * The live preview of the rule being edited: the engine evaluates it (saved or not) over the recorded
 * history (`rules.preview`) and the chart shows each compared series, the threshold, and where the rule
 * would have been pending and firing — honouring `for` and `keep_firing_for`. It follows the form a
 * moment after each change; until the query is complete it says what is missing.
 */
import { useMemo } from 'react';
import { useBridge } from '../../../bridge-context';
import { PREVIEW_HOURS, useAlertRuleEditorStore } from '../../../stores/alert-rule-editor-store';
import { Card, Pending } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { LoadError } from '../AccessNotices';
import type { AlertChartInput, ChartInterval } from '../chart/alert-chart-option';
import { ThresholdChart } from '../chart/ThresholdChart';
import { buildRule, previewable } from './rule-form';

/** At most this many series are drawn; the rest are counted. */
const MAX_SERIES = 8;

function seriesName(labels: Record<string, string>): string {
  const entries = Object.entries(labels).filter(([key]) => key !== 'alertname' && key !== 'severity');
  return entries.length === 0 ? 'value' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

export function RulePreviewCard() {
  const bridge = useBridge();
  const preview = useAlertRuleEditorStore((store) => store.preview);
  const hours = useAlertRuleEditorStore((store) => store.previewHours);
  const ready = useAlertRuleEditorStore((store) => previewable(buildRule(store.form).errors));

  const answer = preview.data;
  const input = useMemo<AlertChartInput | null>(() => {
    if (!answer) return null;
    const drawn = answer.response.series.slice(0, MAX_SERIES);
    const pending: ChartInterval[] = drawn.flatMap((one) => one.pending);
    const firing: ChartInterval[] = drawn.flatMap((one) => one.firing);
    // Recorded history shorter than the range (a fresh install): start a little before its first sample.
    const firsts = drawn.map((one) => one.points.find(([, value]) => value !== null)?.[0]).filter((at): at is number => at !== undefined);
    const firstMs = firsts.length > 0 ? Math.min(...firsts) : undefined;
    const startMs =
      firstMs === undefined ? answer.startMs : Math.max(answer.startMs, firstMs - Math.max(60_000, (answer.endMs - firstMs) * 0.1));
    return {
      series: drawn.map((one) => ({ name: seriesName(one.labels), points: one.points })),
      threshold: answer.response.threshold,
      comparison: answer.response.comparison,
      pending,
      firing,
      range: { startMs, endMs: answer.endMs },
      markers: answer.response.firstFiringAt === null ? [] : [{ at: answer.response.firstFiringAt, label: 'would fire' }],
    };
  }, [answer]);

  const actions = (
    <label className="inline-field">
      <span>Over the last</span>
      <select
        value={hours}
        onChange={(event) => useAlertRuleEditorStore.getState().setPreviewHours(bridge, Number(event.target.value))}
        data-testid="rule-preview-hours"
      >
        {PREVIEW_HOURS.map((option) => (
          <option key={option} value={option}>
            {option < 24 ? `${option} h` : `${option / 24} d`}
          </option>
        ))}
      </select>
    </label>
  );

  let verdict = null;
  if (answer) {
    const { response } = answer;
    const stillFiring = response.series.some((one) => one.firing.some((interval) => interval.to === null));
    verdict = response.wouldHaveFired ? (
      <p className="preview-verdict fired" data-testid="rule-preview-verdict" data-fired="true">
        Would have fired
        {response.firstFiringAt !== null && <> first at {formatDateTime(response.firstFiringAt)}</>}
        {stillFiring ? ', and would be firing now.' : '.'}
      </p>
    ) : (
      <p className="preview-verdict quiet" data-testid="rule-preview-verdict" data-fired="false">
        Would not have fired in the last {hours < 24 ? `${hours} h` : `${hours / 24} d`}.
      </p>
    );
  }

  return (
    <Card id="rule-preview-card" title="Live preview" actions={actions} className="rule-preview">
      {!ready && (
        <p className="muted" data-testid="rule-preview-idle">
          Complete the query and the condition to see the rule evaluated over the recorded history.
        </p>
      )}
      {ready && preview.error && <LoadError error={preview.error} testId="rule-preview-error" stale={answer !== null} />}
      {ready && !answer && !preview.error && <Pending>Evaluating over the history…</Pending>}
      {ready && answer && (
        <>
          <div className="preview-status" aria-live="polite" aria-busy={preview.loading}>
            {verdict}
            <span className="muted">
              {answer.response.series.length} series · a point every {answer.response.stepS} s
              {answer.response.series.length > MAX_SERIES && ` · the first ${MAX_SERIES} drawn`}
              {preview.loading && ' · updating…'}
            </span>
          </div>
          {input && input.series.length > 0 ? (
            <ThresholdChart
              input={input}
              label="The rule's compared value over the chosen range, with its threshold and firing periods"
              testId="rule-preview-chart"
            />
          ) : (
            <p className="muted" data-testid="rule-preview-empty">
              No series: the metrics history holds no samples for this query in the range. Check the metric and its matchers.
            </p>
          )}
        </>
      )}
    </Card>
  );
}
