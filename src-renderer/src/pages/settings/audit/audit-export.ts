/**
 * The audit log as JSONL: every entry, oldest first (the chain's order), one JSON object a line with its
 * `prevHash` and `hash`, so the file can be checked link by link away from the console.
 */
import type { AuditEntry } from '../../../../../src-shared/domain/security';

/** audit.list answers at most this many entries a call. */
export const EXPORT_PAGE_SIZE = 1000;

type FetchPage = (offset: number, limit: number) => Promise<{ entries: AuditEntry[]; total: number }>;

/**
 * Pages through the whole log. Entries appended meanwhile shift later pages (newest first), which can
 * repeat an entry but never skip one; repeats are dropped by sequence number.
 */
export async function collectAuditEntries(
  fetchPage: FetchPage,
  onProgress?: (fetched: number, total: number) => void,
): Promise<AuditEntry[]> {
  const bySeq = new Map<number, AuditEntry>();
  let offset = 0;
  let total = Number.POSITIVE_INFINITY;
  while (offset < total) {
    const page = await fetchPage(offset, EXPORT_PAGE_SIZE);
    total = page.total;
    for (const entry of page.entries) bySeq.set(entry.seq, entry);
    onProgress?.(bySeq.size, total);
    if (page.entries.length === 0) break;
    offset += page.entries.length;
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function auditJsonl(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

/** `novel-console-audit-20240501-134502.jsonl`, in local time. */
export function auditExportFileName(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `novel-console-audit-${date}-${time}.jsonl`;
}
