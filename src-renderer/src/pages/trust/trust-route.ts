/**
 * The Trust page's address, `#/trust`, and the time ranges its trends, history and rates cover.
 */
import { pageHref } from '../../shell/hash-route';

export const TRUST_PAGE_ID = 'trust';

export const trustHref = () => pageHref(TRUST_PAGE_ID);

export const TRUST_RANGES = [
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 d', ms: 30 * 86_400_000 },
  { id: 'all', label: 'All', ms: null },
] as const;
export type TrustRangeId = (typeof TRUST_RANGES)[number]['id'];

/** The `since` of a range ending now; undefined for "all". */
export function sinceOf(range: TrustRangeId, nowMs: number): string | undefined {
  const ms = TRUST_RANGES.find((candidate) => candidate.id === range)?.ms ?? null;
  return ms === null ? undefined : new Date(nowMs - ms).toISOString();
}
