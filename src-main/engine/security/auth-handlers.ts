/**
 * Handlers of the identity and token channels: who am I, the login-URL exchange, and the admin's
 * mint / list / revoke. The token value leaves the engine exactly once, in the mint (or exchange) answer.
 */
import { ttlSeconds } from '../../../src-shared/domain/security';
import { ContractError } from '../../../src-shared/errors';
import type { Identity } from '../../../src-shared/rbac';
import type { CampaignRepository } from '../orchestrator/campaign-repository';
import type { HandlerTable } from '../rpc';
import type { TokenService } from './token-service';

function whoami(identity: Identity) {
  return {
    userId: identity.userId,
    username: identity.username,
    roles: [...identity.roles],
    permissions: [...identity.permissions],
    campaignAccess:
      identity.campaignAccess === null
        ? null
        : Object.fromEntries(Object.entries(identity.campaignAccess).map(([campaign, granted]) => [campaign, [...granted]])),
    kind: identity.kind,
    tokenId: identity.tokenId,
  };
}

export function createAuthHandlers(
  tokens: TokenService,
  campaigns: CampaignRepository,
): Pick<HandlerTable, 'auth.whoami' | 'auth.session' | 'tokens.mint' | 'tokens.list' | 'tokens.revoke'> {
  return {
    'auth.whoami': (_request, { identity }) => whoami(identity),
    'auth.session': async (_request, { identity }) => {
      const { token, info } = await tokens.exchange(identity);
      const session = await tokens.verify(token);
      return { token, expiresAt: info.expiresAt, identity: whoami(session) };
    },
    'tokens.mint': async ({ role, campaignId, ttl, label, subject }, { identity }) => {
      if (campaignId !== undefined && !campaigns.get(campaignId)) {
        throw new ContractError('invalid_request', `campaign "${campaignId}" does not exist`, [
          { field: 'campaignId', message: 'no such campaign' },
        ]);
      }
      return tokens.mint({ role, campaignId, ttlS: ttlSeconds(ttl) as number, label, subject }, identity.userId);
    },
    'tokens.list': ({ includeInactive }) => ({ tokens: tokens.list(includeInactive) }),
    'tokens.revoke': ({ tokenId }) => {
      const before = tokens.get(tokenId);
      if (!before) throw new ContractError('not_found', `no token "${tokenId}" was minted here`);
      const revoked = tokens.revoke(tokenId);
      return { revoked, info: tokens.get(tokenId) ?? before };
    },
  };
}
