/**
 * Backups (issue 7): online SQLite backups on demand and on a schedule, their list, retention settings.
 * Gathered into the contract by src-shared/contract.ts.
 */
import type { ChannelSpec } from '../channel-spec';

export const backupChannels = {} as const satisfies Record<string, ChannelSpec>;
