/**
 * Backups (issue 7): online SQLite backups on demand and on a schedule, their list, the schedule and the
 * retention windows. Gathered into the contract by src-shared/contract.ts.
 *
 * Reading is open to whoever may read metrics (the Settings page shows the list to SREs); taking a
 * backup, changing the schedule or the windows and running retention are security administration
 * (SPEC 4: backup and restore are audited). Restore has no channel on purpose: it replaces the database
 * under a running console, so it is CLI-only (`novel-console restore FILE`) with the console stopped.
 */
import { z } from 'zod';
import { channel } from '../channel-spec';
import { SECURITY_ADMIN_PERMISSION } from '../rbac';

export const BACKUP_TRIGGERS = ['manual', 'schedule', 'cli'] as const;

/** One backup file in `<dataDir>/backups/`: its checksum is the SHA-256 of the whole file (`<file>.sha256`, sha256sum format). */
export const BackupInfo = z.strictObject({
  fileName: z.string(),
  createdAt: z.iso.datetime(),
  bytes: z.number().int().nonnegative(),
  /** Null when the `.sha256` sidecar is missing (the file cannot be checked before a restore). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  trigger: z.enum([...BACKUP_TRIGGERS, 'unknown']),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

const days = (max: number) => z.number().int().min(1).max(max);

export const BackupSettings = z.strictObject({
  schedule: z.strictObject({
    enabled: z.boolean(),
    /** Time between scheduled backups; default 24 h. */
    intervalHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    /** Backups kept in the folder (oldest deleted first after each new one); default 7. */
    keep: z.number().int().min(1).max(365),
  }),
  retention: z.strictObject({
    tracesDays: days(3650),
    /** Alert transitions, sent notifications and settled outbox rows. */
    alertsDays: days(3650),
    /** Rolled log files in `<dataDir>/logs/` (the one being written is never deleted). */
    logsDays: days(3650),
  }),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

export const RETENTION_KINDS = ['samples', 'traces', 'alerts', 'audit'] as const;

export const RetentionStatus = z.strictObject({
  /** The metrics history's own windows (engine options; samples are rolled up before raw rows go). */
  samplesRawDays: z.number().nonnegative(),
  samplesRollupDays: z.number().nonnegative(),
  /** Oldest retained row of each kind (the audit log is never pruned: the chain must stay whole). */
  oldest: z.strictObject({
    samples: z.iso.datetime().nullable(),
    traces: z.iso.datetime().nullable(),
    alerts: z.iso.datetime().nullable(),
    audit: z.iso.datetime().nullable(),
  }),
  lastRunAt: z.iso.datetime().nullable(),
  databaseBytes: z.number().int().nonnegative(),
});
export type RetentionStatus = z.infer<typeof RetentionStatus>;

export const RetentionResult = z.strictObject({
  samples: z.number().int().nonnegative(),
  traces: z.number().int().nonnegative(),
  alerts: z.number().int().nonnegative(),
  logs: z.number().int().nonnegative(),
});
export type RetentionResult = z.infer<typeof RetentionResult>;

export const backupChannels = {
  'backups.list': channel({
    permission: 'metrics.view',
    mutates: false,
    summary:
      'Backups in the data dir (newest first) with size, checksum and trigger, the schedule and retention settings, the oldest retained data and the last successful backup.',
    request: z.strictObject({}),
    response: z.strictObject({
      backups: z.array(BackupInfo),
      directory: z.string(),
      settings: BackupSettings,
      lastSuccessAt: z.iso.datetime().nullable(),
      running: z.boolean(),
      retention: RetentionStatus,
    }),
  }),
  'backups.create': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: true,
    summary:
      'Takes an online backup now (other work goes on), written atomically with a SHA-256 sidecar, then keeps the newest `keep` backups. Refused while another backup runs.',
    request: z.strictObject({}),
    response: z.strictObject({ backup: BackupInfo, pruned: z.array(z.string()) }),
  }),
  'backups.settings.get': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'The backup schedule and the retention windows.',
    request: z.strictObject({}),
    response: z.strictObject({ settings: BackupSettings }),
  }),
  'backups.settings.set': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: true,
    summary: 'Changes the backup schedule and the retention windows; they apply from the next scheduled run.',
    request: BackupSettings,
    response: z.strictObject({ settings: BackupSettings }),
  }),
  'backups.retention.run': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: true,
    summary: 'Runs the retention jobs now: deletes samples, traces, alert history and log files older than their windows.',
    request: z.strictObject({}),
    response: z.strictObject({ deleted: RetentionResult, retention: RetentionStatus }),
  }),
} as const;
