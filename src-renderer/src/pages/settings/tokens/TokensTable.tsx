/**
 * Minted tokens, one row each: what it is for, its role and scope, who made it and when, when it
 * expires and whether it still works. An active token can be revoked after a confirmation; the token
 * this console is signed in with is marked, since revoking it signs the console out.
 */
import { Fragment } from 'react';
import type { TokenInfo } from '../../../../../src-shared/domain/security';
import { useBridge } from '../../../bridge-context';
import { campaignName, useSettingsIdentityStore } from '../../../stores/settings-identity-store';
import { useTokensStore } from '../../../stores/tokens-store';
import { Badge, type BadgeTone } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { useNow } from '../../../ui/use-now';
import { InlineConfirm } from '../InlineConfirm';
import { roleLabel, tokenKindLabel } from '../identity-labels';
import { relativeTo } from './token-lifetime';

const STATUS_TONE: Record<TokenInfo['status'], BadgeTone> = { active: 'ok', expired: 'neutral', revoked: 'error' };
const COLUMNS = 7;

export function TokensTable({ tokens }: { tokens: readonly TokenInfo[] }) {
  const bridge = useBridge();
  const now = useNow(30_000);
  const campaigns = useSettingsIdentityStore((store) => store.campaigns.data);
  const ownTokenId = useSettingsIdentityStore((store) => store.identity.data?.tokenId ?? null);
  const confirming = useTokensStore((store) => store.confirmingRevoke);
  const revoking = useTokensStore((store) => store.revoking);
  const revokeError = useTokensStore((store) => store.revokeError);
  const store = useTokensStore.getState;

  return (
    <div className="table-scroll">
      <table className="data-table tokens-table" data-testid="tokens-table">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Role</th>
            <th scope="col">Scope</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const isOwn = token.id === ownTokenId;
            const error = revokeError?.tokenId === token.id ? revokeError.error : null;
            const name = token.label || token.subject;
            return (
              <Fragment key={token.id}>
                <tr
                  data-testid="token-row"
                  data-token-id={token.id}
                  data-status={token.status}
                  className={confirming === token.id || error ? 'has-error' : undefined}
                >
                  <td className="wrap">
                    <span className="token-label" title={`subject (sub) ${token.subject}`}>
                      {name}
                    </span>
                    {isOwn && (
                      <Badge tone="info" testId="token-own">
                        this console
                      </Badge>
                    )}
                    <span className="token-sub">
                      {tokenKindLabel(token.kind)} ·{' '}
                      <span className="mono" title={`token id (jti) ${token.id}`}>
                        {token.id.slice(0, 8)}
                      </span>
                    </span>
                  </td>
                  <td className="nowrap">{roleLabel(token.role)}</td>
                  <td className="nowrap" data-testid="token-scope">
                    {token.campaignId ? campaignName(campaigns, token.campaignId) : <span className="muted">every campaign</span>}
                  </td>
                  <td className="nowrap">
                    {token.createdBy}
                    <span className="token-sub num">
                      <time dateTime={token.createdAt} title={token.createdAt}>
                        {formatDateTime(token.createdAt)}
                      </time>
                    </span>
                  </td>
                  <td className="nowrap num">
                    <time dateTime={token.expiresAt} title={token.expiresAt}>
                      {formatDateTime(token.expiresAt)}
                    </time>
                    <span className="token-sub">{relativeTo(Date.parse(token.expiresAt), now)}</span>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[token.status]} value={token.status} testId="token-status">
                      {token.status}
                    </Badge>
                    {token.revokedAt && (
                      <span className="token-sub num">
                        <time dateTime={token.revokedAt} title={token.revokedAt}>
                          {formatDateTime(token.revokedAt)}
                        </time>
                      </span>
                    )}
                  </td>
                  <td className="right">
                    {token.status === 'active' && confirming !== token.id && (
                      <button
                        type="button"
                        className="button small danger"
                        onClick={() => store().askRevoke(token.id)}
                        aria-label={`Revoke ${name}`}
                        data-testid="token-revoke"
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
                {confirming === token.id && (
                  <tr className="confirm-row">
                    <td colSpan={COLUMNS}>
                      <InlineConfirm
                        confirmLabel="Revoke token"
                        busyLabel="Revoking…"
                        busy={revoking === token.id}
                        onConfirm={() => void store().revoke(bridge, token.id)}
                        onCancel={() => store().askRevoke(null)}
                        testId="token-revoke-confirm"
                      >
                        Revoke <strong>{name}</strong>? Every request carrying it is refused from now on; this cannot be undone.
                        {isOwn && <strong className="text-error"> This console is signed in with it: revoking it signs you out.</strong>}
                      </InlineConfirm>
                    </td>
                  </tr>
                )}
                {error && (
                  <tr className="error-row" data-testid="token-revoke-error">
                    <td colSpan={COLUMNS}>
                      {error.code}: {error.message}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
