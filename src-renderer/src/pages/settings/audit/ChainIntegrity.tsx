/**
 * The audit log's integrity: "Verify chain" walks the hash chain in the engine and says, in large
 * type, either that it is intact (and over how many entries) or the first entry where it breaks and
 * why. "Export JSONL" downloads every entry with its hashes, oldest first.
 */
import { useBridge } from '../../../bridge-context';
import { AlertIcon } from '../../../shell/icons';
import { useAuditStore } from '../../../stores/audit-store';
import { Card, InlineError } from '../../../ui/Card';
import { formatCount, formatDateTime } from '../../../ui/format-units';
import { auditExportFileName } from './audit-export';

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; keep it a moment for slow browsers, then free the memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ChainIntegrity() {
  const bridge = useBridge();
  const verification = useAuditStore((store) => store.verification);
  const exporting = useAuditStore((store) => store.exporting);
  const store = useAuditStore.getState;

  const onExport = async () => {
    const result = await store().exportJsonl(bridge);
    if (result) download(result.jsonl, auditExportFileName(new Date()));
  };

  const actions = (
    <div className="button-row compact">
      <button
        type="button"
        className="button small primary"
        onClick={() => void store().verify(bridge)}
        disabled={verification.loading}
        aria-busy={verification.loading}
        data-testid="audit-verify"
      >
        {verification.loading ? 'Verifying…' : 'Verify chain'}
      </button>
      <button
        type="button"
        className="button small"
        onClick={() => void onExport()}
        disabled={exporting.running}
        aria-busy={exporting.running}
        data-testid="audit-export"
      >
        {exporting.running ? 'Exporting…' : 'Export JSONL'}
      </button>
    </div>
  );

  const result = verification.data;
  return (
    <Card id="audit-integrity-card" title="Chain integrity" actions={actions}>
      {verification.error && <InlineError error={verification.error} testId="audit-verify-error" stale={result !== null} />}
      {result ? (
        <div
          className={`verify-result ${result.ok ? 'is-intact' : 'is-broken'}`}
          role="status"
          data-testid="audit-verify-result"
          data-ok={result.ok}
        >
          {result.ok ? (
            <span className="verify-mark" aria-hidden="true">
              ✓
            </span>
          ) : (
            <AlertIcon />
          )}
          <div>
            <p className="verify-headline" data-testid="audit-verify-headline">
              {result.ok || !result.firstBroken
                ? `Intact: ${formatCount(result.entries)} ${result.entries === 1 ? 'entry' : 'entries'}`
                : `Broken at entry ${result.firstBroken.seq}: ${result.firstBroken.reason}`}
            </p>
            <p className="muted">
              {result.ok
                ? 'Every entry carries the hash of the one before it, and none was edited, removed, inserted or reordered.'
                : 'That entry or one before it was edited, removed, inserted or reordered after it was written; entries from there on cannot be trusted.'}{' '}
              Checked{' '}
              <time dateTime={result.checkedAt} title={result.checkedAt}>
                {formatDateTime(result.checkedAt)}
              </time>
              .
            </p>
          </div>
        </div>
      ) : (
        !verification.error && (
          <p className="muted" data-testid="audit-verify-idle">
            Each entry carries the hash of the one before it. Verify the chain to find any entry that was edited, removed, inserted or
            reordered.
          </p>
        )
      )}
      {exporting.running && (
        <p className="muted" role="status" data-testid="audit-export-progress">
          Exporting… {formatCount(exporting.fetched)}
          {exporting.total !== null ? ` of ${formatCount(exporting.total)}` : ''} entries
        </p>
      )}
      {exporting.error && <InlineError error={exporting.error} testId="audit-export-error" stale={false} />}
      {exporting.done !== null && (
        <p className="muted" role="status" data-testid="audit-export-done">
          Exported {formatCount(exporting.done)} {exporting.done === 1 ? 'entry' : 'entries'} with their hashes, oldest first.
        </p>
      )}
    </Card>
  );
}
