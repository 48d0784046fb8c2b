/**
 * The backup schedule: every `intervalHours` (default 24) a backup is taken, audited as the system actor
 * `system:backup-schedule`, and the folder is pruned to the newest `keep` (default 7). A backup is due
 * `intervalHours` after the newest backup in the folder — or, with none yet, after the database was
 * created — so a console restarted every day still gets its daily backup, and a fresh data dir (a test)
 * does not take one at once. Checked every minute; runDue() is the check itself (tests drive the clock).
 */
import { identityForRole } from '../../../src-shared/rbac';
import type { Logger } from '../logger';
import type { BackupService, CreatedBackup } from './backup';

export const SCHEDULE_ACTOR = identityForRole('system:backup-schedule', 'admin');

export interface BackupScheduleOptions {
  backups: BackupService;
  logger: Logger;
  /** When the database was created (instance.created_at): the schedule's origin before any backup. */
  since: string;
  /** Time between checks; default 60 s. */
  checkIntervalMs?: number;
  now?: () => number;
}

export interface BackupSchedule {
  /** Takes a backup if one is due at `nowMs`; resolves with it, or null when none was due. */
  runDue(nowMs?: number): Promise<CreatedBackup | null>;
  stop(): void;
}

export function startBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const { backups, logger } = options;
  const clock = options.now ?? Date.now;

  async function runDue(nowMs = clock()): Promise<CreatedBackup | null> {
    const { schedule } = backups.settings();
    if (!schedule.enabled || backups.isRunning()) return null;
    const last = backups.lastSuccessAt() ?? options.since;
    if (nowMs - Date.parse(last) < schedule.intervalHours * 3600_000) return null;
    return backups.create({ trigger: 'schedule', auditAs: SCHEDULE_ACTOR });
  }

  const check = () => {
    runDue().catch((error: unknown) => logger.error({ err: error }, 'scheduled backup failed'));
  };
  const timer = setInterval(check, Math.max(1000, options.checkIntervalMs ?? 60_000));
  timer.unref();
  return {
    runDue,
    stop: () => clearInterval(timer),
  };
}
