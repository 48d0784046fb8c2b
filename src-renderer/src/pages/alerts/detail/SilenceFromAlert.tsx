/**
 * "Silence…" on an alert: the silence form prefilled with the alert's labels as equality matchers
 * (remove the ones that are too specific to cover more), a duration preset and a comment. Once created
 * it says until when and links to the Silences view; the alert reloads and shows itself silenced.
 */
import type { Alert } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { useAlertDetailStore } from '../../../stores/alert-detail-store';
import { matchersFromLabels } from '../label-matchers';
import { SilenceFormCard } from '../silences/SilenceFormCard';

export function SilenceFromAlert({ alert, onClose }: { alert: Alert; onClose(): void }) {
  const bridge = useBridge();
  return (
    <SilenceFormCard
      id="alert-silence-form"
      title={`Silence ${alert.labels.alertname ?? alert.ruleName} (${alert.severity})`}
      initialMatchers={matchersFromLabels(alert.labels)}
      onCancel={onClose}
      onCreated={() => void useAlertDetailStore.getState().load(bridge)}
    />
  );
}
