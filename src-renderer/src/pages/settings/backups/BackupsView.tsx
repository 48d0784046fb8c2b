/**
 * The Backups view: the backups in the data dir (time, size, checksum, trigger) with "Back up now", how
 * to restore (CLI only, console stopped), then the schedule and the retention windows with the oldest
 * data each kind still holds and "Run retention now".
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { BackupSettings, RetentionResult } from '../../../../../src-shared/channels/backups';
import type { ResponseOf } from '../../../../../src-shared/contract';
import { useBridge } from '../../../bridge-context';
import { Badge, Card, InlineError, KeyValueList, Pending } from '../../../ui/Card';
import { type ErrorView, toErrorView } from '../../../ui/error-view';
import { formatDateTime } from '../../../ui/format-units';
import { RefreshButton } from '../../../ui/RefreshButton';

type Listing = ResponseOf<'backups.list'>;

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

const TRIGGER_LABELS: Record<string, string> = { manual: 'Manual', schedule: 'Schedule', cli: 'Command line', unknown: 'Unknown' };

const KIND_LABELS = { samples: 'Metric samples', traces: 'Traces', alerts: 'Alert history', audit: 'Audit log' } as const;

export function BackupsView() {
  const bridge = useBridge();
  const [listing, setListing] = useState<{ data: Listing | null; error: ErrorView | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [backingUp, setBackingUp] = useState(false);
  const [backupMessage, setBackupMessage] = useState<{ error: ErrorView | null; text: string | null }>({ error: null, text: null });

  const load = useCallback(async () => {
    setListing((current) => ({ ...current, loading: true }));
    try {
      const data = await bridge.invoke('backups.list', {});
      setListing({ data, error: null, loading: false });
    } catch (error) {
      setListing((current) => ({ data: current.data, error: toErrorView(error), loading: false }));
    }
  }, [bridge]);

  useEffect(() => {
    void load();
  }, [load]);

  const backUpNow = async () => {
    setBackingUp(true);
    setBackupMessage({ error: null, text: null });
    try {
      const { backup, pruned } = await bridge.invoke('backups.create', {});
      setBackupMessage({
        error: null,
        text: `Backed up to ${backup.fileName} (${formatSize(backup.bytes)})${pruned.length > 0 ? `; ${pruned.length} older backup${pruned.length === 1 ? '' : 's'} deleted` : ''}.`,
      });
    } catch (error) {
      setBackupMessage({ error: toErrorView(error), text: null });
    } finally {
      setBackingUp(false);
      void load();
    }
  };

  const data = listing.data;
  const actions = (
    <div className="button-row compact">
      <RefreshButton onRefresh={() => void load()} loading={listing.loading} testId="backups-refresh" />
      <button
        type="button"
        className="button small primary"
        onClick={() => void backUpNow()}
        disabled={backingUp || data?.running === true}
        aria-busy={backingUp}
        data-testid="backups-create"
      >
        {backingUp ? 'Backing up…' : 'Back up now'}
      </button>
    </div>
  );

  return (
    <div className="settings-view">
      <Card id="backups-card" title="Backups" actions={actions}>
        {listing.error && <InlineError error={listing.error} testId="backups-error" stale={data !== null} />}
        {backupMessage.error && <InlineError error={backupMessage.error} testId="backups-create-error" stale={false} />}
        {backupMessage.text && (
          <p className="backups-done" role="status" data-testid="backups-create-done">
            {backupMessage.text}
          </p>
        )}
        {!data && !listing.error && <Pending>Loading backups…</Pending>}
        {data && <BackupTable listing={data} />}
        {data && <RestoreHint directory={data.directory} />}
      </Card>
      {data && <ScheduleCard listing={data} onSaved={() => void load()} />}
    </div>
  );
}

function BackupTable({ listing }: { listing: Listing }) {
  if (listing.backups.length === 0)
    return (
      <p className="muted" data-testid="backups-empty">
        No backups yet.{' '}
        {listing.settings.schedule.enabled ? `The schedule takes one every ${listing.settings.schedule.intervalHours} h; ` : ''}
        “Back up now” takes one at once.
      </p>
    );
  return (
    <div className="table-scroll">
      <table className="data-table backups-table" data-testid="backups-table">
        <thead>
          <tr>
            <th scope="col">Taken</th>
            <th scope="col" className="right">
              Size
            </th>
            <th scope="col">SHA-256</th>
            <th scope="col">Trigger</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {listing.backups.map((backup) => (
            <tr key={backup.fileName} data-testid="backups-row">
              <td className="num">{formatDateTime(backup.createdAt)}</td>
              <td className="num right">{formatSize(backup.bytes)}</td>
              <td>
                {backup.sha256 ? (
                  <code className="backups-hash" title={backup.sha256}>
                    {backup.sha256.slice(0, 16)}…
                  </code>
                ) : (
                  <Badge tone="warning">no checksum file</Badge>
                )}
              </td>
              <td>{TRIGGER_LABELS[backup.trigger] ?? backup.trigger}</td>
              <td className="mono backups-file">{backup.fileName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RestoreHint({ directory }: { directory: string }) {
  return (
    <div className="backups-restore" data-testid="backups-restore-hint">
      <p>
        <strong>Restoring</strong> replaces the whole database, so it is done from a terminal with this console stopped. The backup's
        checksum, integrity and audit chain are checked first, and the current database is kept as a copy:
      </p>
      <pre className="backups-command">
        <code className="backups-command-text">{`novel-console restore ${directory}/<file>.db --data-dir ${directory.replace(/[/\\]backups$/, '')}`}</code>
      </pre>
    </div>
  );
}

function ScheduleCard({ listing, onSaved }: { listing: Listing; onSaved(): void }) {
  const bridge = useBridge();
  const [form, setForm] = useState<BackupSettings>(listing.settings);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ error: ErrorView | null; text: string | null }>({ error: null, text: null });
  const [pruning, setPruning] = useState(false);
  const [deleted, setDeleted] = useState<RetentionResult | null>(null);

  useEffect(() => setForm(listing.settings), [listing.settings]);

  const setSchedule = (patch: Partial<BackupSettings['schedule']>) =>
    setForm((current) => ({ ...current, schedule: { ...current.schedule, ...patch } }));
  const setRetention = (patch: Partial<BackupSettings['retention']>) =>
    setForm((current) => ({ ...current, retention: { ...current.retention, ...patch } }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setResult({ error: null, text: null });
    try {
      await bridge.invoke('backups.settings.set', form);
      setResult({ error: null, text: 'Saved: the schedule and windows apply from the next run.' });
      onSaved();
    } catch (error) {
      setResult({ error: toErrorView(error), text: null });
    } finally {
      setSaving(false);
    }
  };

  const runRetention = async () => {
    setPruning(true);
    setResult({ error: null, text: null });
    try {
      const answer = await bridge.invoke('backups.retention.run', {});
      setDeleted(answer.deleted);
      onSaved();
    } catch (error) {
      setResult({ error: toErrorView(error), text: null });
    } finally {
      setPruning(false);
    }
  };

  const numberField = (
    id: string,
    label: string,
    value: number,
    min: number,
    max: number,
    onChange: (value: number) => void,
    hint?: string,
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={1}
        value={Number.isFinite(value) ? value : ''}
        onChange={(event) => onChange(Math.trunc(Number(event.target.value)))}
        data-testid={id}
      />
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );

  const retention = listing.retention;
  const oldest = (kind: keyof typeof KIND_LABELS) => {
    const at = retention.oldest[kind];
    return at ? formatDateTime(at) : 'nothing kept';
  };

  return (
    <Card id="backups-schedule-card" title="Schedule and retention">
      <form className="backups-form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="backups-settings-form">
        <fieldset className="backups-fieldset">
          <legend>Scheduled backups</legend>
          <label className="backups-check">
            <input
              type="checkbox"
              checked={form.schedule.enabled}
              onChange={(event) => setSchedule({ enabled: event.target.checked })}
              data-testid="backups-schedule-enabled"
            />
            Take a backup on a schedule
          </label>
          {numberField('backups-interval', 'Every (hours)', form.schedule.intervalHours, 1, 720, (value) =>
            setSchedule({ intervalHours: value }),
          )}
          {numberField('backups-keep', 'Keep (newest backups)', form.schedule.keep, 1, 365, (value) => setSchedule({ keep: value }))}
        </fieldset>
        <fieldset className="backups-fieldset">
          <legend>Retention (days)</legend>
          {numberField('retention-traces', 'Traces', form.retention.tracesDays, 1, 3650, (value) => setRetention({ tracesDays: value }))}
          {numberField(
            'retention-alerts',
            'Alert history',
            form.retention.alertsDays,
            1,
            3650,
            (value) => setRetention({ alertsDays: value }),
            'Transitions, notifications, delivered outbox items',
          )}
          {numberField('retention-logs', 'Log files', form.retention.logsDays, 1, 3650, (value) => setRetention({ logsDays: value }))}
          <p className="field-hint" data-testid="retention-samples">
            Metric samples: raw {retention.samplesRawDays} days, 5-minute rollups {retention.samplesRollupDays} days (engine settings).
          </p>
        </fieldset>
        <div className="button-row compact backups-form-actions">
          <button type="submit" className="button small primary" disabled={saving} aria-busy={saving} data-testid="backups-settings-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => void runRetention()}
            disabled={pruning}
            aria-busy={pruning}
            data-testid="retention-run"
          >
            {pruning ? 'Running…' : 'Run retention now'}
          </button>
        </div>
      </form>
      {result.error && <InlineError error={result.error} testId="backups-settings-error" stale={false} />}
      {result.text && (
        <p className="backups-done" role="status" data-testid="backups-settings-saved">
          {result.text}
        </p>
      )}
      {deleted && (
        <p className="backups-done" role="status" data-testid="retention-deleted">
          Retention deleted {deleted.samples} samples, {deleted.traces} traces, {deleted.alerts} alert history rows and {deleted.logs} log
          files.
        </p>
      )}
      <KeyValueList
        rows={[
          { key: 'size', label: 'Database size', value: formatSize(retention.databaseBytes), testId: 'retention-db-size' },
          ...(['samples', 'traces', 'alerts', 'audit'] as const).map((kind) => ({
            key: kind,
            label: `Oldest ${KIND_LABELS[kind].toLowerCase()}`,
            value: oldest(kind),
            testId: `retention-oldest-${kind}`,
          })),
          {
            key: 'last-backup',
            label: 'Last backup',
            value: listing.lastSuccessAt ? formatDateTime(listing.lastSuccessAt) : 'none yet',
            testId: 'backups-last-success',
          },
          {
            key: 'last-run',
            label: 'Retention last ran',
            value: retention.lastRunAt ? formatDateTime(retention.lastRunAt) : 'not since start',
          },
        ]}
      />
    </Card>
  );
}
