/**
 * Reports (issue 7): dashboards as PNG/PDF, turn and incident reports as HTML/Markdown/PDF.
 * Gathered into the contract by src-shared/contract.ts.
 */
import type { ChannelSpec } from '../channel-spec';

export const reportChannels = {} as const satisfies Record<string, ChannelSpec>;
