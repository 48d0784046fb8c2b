/**
 * Channel secrets in the OS keychain through the host's CredentialStore, as `channel.<id>.secret`: one JSON
 * value per channel, checked against its kind's secret schema when read. Reads are cached briefly in
 * memory (a delivery reads its channel's secret every time, and the Secret Service is a D-Bus round trip);
 * nothing is ever written to disk.
 */
import { CHANNEL_KIND_SCHEMAS, type ChannelKind } from '../../../src-shared/domain/notifications';
import type { CredentialStore } from '../security/credentials';
import { DeliveryError } from './channels/http-post';

const CACHE_TTL_MS = 30_000;

export function channelSecretName(channelId: string): `channel.${string}.secret` {
  return `channel.${channelId}.secret`;
}

export function createChannelSecrets(credentials: CredentialStore) {
  const cache = new Map<string, { value: unknown; at: number }>();

  return {
    /** Stores (or replaces) the secret; `unavailable` with the fix when there is no keychain. */
    async set(channelId: string, secret: unknown): Promise<void> {
      cache.delete(channelId);
      await credentials.set(channelSecretName(channelId), JSON.stringify(secret));
    },

    async delete(channelId: string): Promise<void> {
      cache.delete(channelId);
      await credentials.delete(channelSecretName(channelId));
    },

    forget(channelId: string): void {
      cache.delete(channelId);
    },

    /**
     * The parsed secret of a channel for a delivery; null when its kind needs none and none is stored. A
     * missing or unreadable secret that the kind needs is a (retryable) delivery error naming the fix.
     */
    async read(channelId: string, kind: ChannelKind): Promise<unknown> {
      const { secret: schema, secretRequired } = CHANNEL_KIND_SCHEMAS[kind];
      if (schema === null) return null;
      const cached = cache.get(channelId);
      if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.value;
      const raw = await credentials.get(channelSecretName(channelId));
      if (raw === undefined) {
        if (!secretRequired) return null;
        const status = await credentials.status();
        throw new DeliveryError(
          status.available
            ? `the channel's secret (${channelSecretName(channelId)}) is not in the keychain; save the channel again with its secret`
            : (status.problem ?? 'keychain unavailable'),
        );
      }
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        value = undefined;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        throw new DeliveryError(
          `the channel's secret (${channelSecretName(channelId)}) is not valid for a ${kind} channel; save the channel again with its secret`,
        );
      }
      cache.set(channelId, { value: parsed.data, at: Date.now() });
      return parsed.data;
    },
  };
}

export type ChannelSecrets = ReturnType<typeof createChannelSecrets>;
