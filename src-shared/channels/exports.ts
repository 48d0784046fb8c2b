/**
 * Data exports and imports (issue 7): traces as OTLP JSON, metrics as CSV/OpenMetrics, dashboards as Grafana JSON, the audit log as JSONL.
 * Gathered into the contract by src-shared/contract.ts.
 */
import type { ChannelSpec } from '../channel-spec';

export const exportChannels = {} as const satisfies Record<string, ChannelSpec>;
