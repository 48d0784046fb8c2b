/**
 * The mint form: a role (with what it may do), an optional campaign scope, a lifetime (presets or a
 * custom `90m`-style value) and a label saying who or what the token is for.
 */
import type { FormEvent } from 'react';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../../../../src-shared/rbac';
import { useBridge } from '../../../bridge-context';
import { useSettingsIdentityStore } from '../../../stores/settings-identity-store';
import { type MintField, useTokensStore } from '../../../stores/tokens-store';
import { Card, InlineError } from '../../../ui/Card';
import { roleLabel } from '../identity-labels';
import { LIFETIME_PRESETS, type LifetimeChoice } from './token-lifetime';

export function MintTokenForm() {
  const bridge = useBridge();
  const form = useTokensStore((store) => store.form);
  const fieldErrors = useTokensStore((store) => store.fieldErrors);
  const mintError = useTokensStore((store) => store.mintError);
  const minting = useTokensStore((store) => store.minting);
  const campaigns = useSettingsIdentityStore((store) => store.campaigns);
  const store = useTokensStore.getState;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void store().mint(bridge);
  };

  const invalid = (field: MintField) =>
    fieldErrors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `mint-${field}-error` } : {};
  const fieldError = (field: MintField) =>
    fieldErrors[field] && (
      <p className="field-error" id={`mint-${field}-error`} role="alert" data-testid={`mint-${field}-error`}>
        {fieldErrors[field]}
      </p>
    );

  return (
    <Card id="mint-card" title="Mint a token">
      <form className="mint-form" onSubmit={onSubmit} noValidate data-testid="mint-form">
        <div className="field">
          <label htmlFor="mint-role">Role</label>
          <select
            id="mint-role"
            value={form.role}
            onChange={(event) => store().setField('role', event.target.value as Role)}
            data-testid="mint-role"
            {...invalid('role')}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
          {fieldError('role')}
        </div>
        <div className="field">
          <label htmlFor="mint-campaign">Campaign</label>
          <select
            id="mint-campaign"
            value={form.campaignId}
            onChange={(event) => store().setField('campaignId', event.target.value)}
            data-testid="mint-campaign"
            {...invalid('campaignId')}
          >
            <option value="">every campaign</option>
            {(campaigns.data ?? []).map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name}
              </option>
            ))}
          </select>
          {fieldError('campaignId')}
          {campaigns.error && (
            <p className="field-hint" data-testid="mint-campaigns-error">
              Campaigns could not be listed ({campaigns.error.code}); the token can still cover every campaign.
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="mint-lifetime">Lifetime</label>
          <div className="mint-lifetime">
            <select
              id="mint-lifetime"
              value={form.lifetime}
              onChange={(event) => store().setField('lifetime', event.target.value as LifetimeChoice)}
              data-testid="mint-lifetime"
            >
              {LIFETIME_PRESETS.map((preset) => (
                <option key={preset.ttl} value={preset.ttl}>
                  {preset.label}
                </option>
              ))}
              <option value="custom">custom…</option>
            </select>
            {form.lifetime === 'custom' && (
              <input
                type="text"
                className="mint-custom-ttl"
                aria-label="Custom lifetime"
                placeholder="e.g. 90m, 12h, 14d"
                value={form.customTtl}
                onChange={(event) => store().setField('customTtl', event.target.value)}
                autoComplete="off"
                spellCheck={false}
                data-testid="mint-custom-ttl"
                {...invalid('ttl')}
              />
            )}
          </div>
          {fieldError('ttl')}
        </div>
        <div className="field mint-label-field">
          <label htmlFor="mint-label">Label: who or what it is for</label>
          <input
            id="mint-label"
            type="text"
            maxLength={200}
            placeholder="e.g. CI nightly runs"
            value={form.label}
            onChange={(event) => store().setField('label', event.target.value)}
            autoComplete="off"
            data-testid="mint-label"
            {...invalid('label')}
          />
          {fieldError('label')}
        </div>
        <div className="mint-submit">
          <button type="submit" className="button primary" disabled={minting} aria-busy={minting} data-testid="mint-submit">
            {minting ? 'Minting…' : 'Mint token'}
          </button>
        </div>
        <p className="field-hint mint-role-hint" data-testid="mint-role-permissions">
          A {roleLabel(form.role)} token may use: {ROLE_PERMISSIONS[form.role].join(', ')}
          {form.campaignId ? ' — in the chosen campaign only.' : '.'}
        </p>
      </form>
      {mintError && <InlineError error={mintError} testId="mint-error" stale={false} />}
    </Card>
  );
}
