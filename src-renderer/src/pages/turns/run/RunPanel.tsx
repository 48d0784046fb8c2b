/**
 * The run panel: campaign, participants, story directive and configuration, and the Run button. Engine
 * validation errors come back naming a field and are shown beside it; anything else shows above the button.
 */
import { type FormEvent, useEffect, useRef } from 'react';
import { useBridge } from '../../../bridge-context';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { formatDuration } from '../../../ui/format-units';
import { ConfigurationFields } from './ConfigurationFields';
import { ParticipantPicker } from './ParticipantPicker';
import { errorLabel, type FormErrorKey } from './run-form';
import { StoryDirectiveField } from './StoryDirectiveField';

export function RunPanel() {
  const bridge = useBridge();
  const campaigns = useTurnRunStore((store) => store.campaigns);
  const campaignId = useTurnRunStore((store) => store.form.campaignId);
  const starting = useTurnRunStore((store) => store.starting);
  const formError = useTurnRunStore((store) => store.formError);
  const fieldErrors = useTurnRunStore((store) => store.fieldErrors);
  const formRef = useRef<HTMLFormElement>(null);
  const invalidLabels = Object.keys(fieldErrors).map((key) => errorLabel(key as FormErrorKey));

  useEffect(() => {
    void useTurnRunStore.getState().loadCampaigns(bridge);
  }, [bridge]);

  const campaign = campaigns.data?.find((candidate) => candidate.id === campaignId);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void useTurnRunStore.getState().run(bridge);
  };

  // After a refused run, the first field at fault may be scrolled away or folded under "More settings": show it.
  const refusals = useTurnRunStore((store) => store.refusals);
  useEffect(() => {
    if (refusals === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!invalid) return;
    invalid.closest('details')?.setAttribute('open', '');
    invalid.scrollIntoView({ block: 'nearest' });
    invalid.focus({ preventScroll: true });
  }, [refusals]);

  return (
    <Card id="run-panel" title="Run a turn" className="run-panel">
      {campaigns.error && <InlineError error={campaigns.error} testId="campaigns-error" stale={campaigns.data !== null} />}
      {!campaigns.data && !campaigns.error && <Pending>Loading campaigns…</Pending>}
      {campaigns.data && campaigns.data.length === 0 && <p className="muted">No campaigns in this data dir.</p>}
      {campaigns.data && campaigns.data.length > 0 && (
        <form className="run-form" ref={formRef} onSubmit={onSubmit} noValidate aria-describedby="run-form-status">
          <div className="field">
            <label htmlFor="run-campaign">Campaign</label>
            <select
              id="run-campaign"
              value={campaignId}
              onChange={(event) => useTurnRunStore.getState().selectCampaign(bridge, event.target.value)}
              data-testid="run-campaign"
            >
              {campaigns.data.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
            {campaign && (
              <p className="field-hint" data-testid="run-campaign-summary">
                {campaign.agentCount} agents · world time {formatDuration(campaign.worldTimeS)} · world version {campaign.worldVersion}
              </p>
            )}
          </div>
          {campaignId && <ParticipantPicker campaignId={campaignId} />}
          <StoryDirectiveField />
          <ConfigurationFields />
          <div className="run-actions" id="run-form-status">
            {formError && <InlineError error={formError} testId="run-error" stale={false} />}
            {invalidLabels.length > 0 && !formError && (
              <p className="text-error" role="alert" data-testid="run-field-errors">
                Not run: fix {invalidLabels.join(', ')} and run again.
              </p>
            )}
            <div className="button-row">
              <button type="submit" className="button primary" disabled={starting} aria-busy={starting} data-testid="run-turn">
                {starting ? 'Starting…' : 'Run turn'}
              </button>
              <button type="button" className="button" onClick={() => useTurnRunStore.getState().resetConfiguration()}>
                Reset configuration
              </button>
            </div>
          </div>
        </form>
      )}
    </Card>
  );
}
