/**
 * The backups.* channels over the backup service and the retention jobs. Restore has no handler: it
 * replaces the database under the running engine, so it is CLI-only with the console stopped.
 */
import type { HandlerTable } from '../rpc';
import type { BackupService } from './backup';
import type { Retention } from './retention';

type BackupChannel = 'backups.list' | 'backups.create' | 'backups.settings.get' | 'backups.settings.set' | 'backups.retention.run';

export function createBackupHandlers(backups: BackupService, retention: Retention): Pick<HandlerTable, BackupChannel> {
  return {
    'backups.list': () => ({
      backups: backups.list(),
      directory: backups.directory,
      settings: backups.settings(),
      lastSuccessAt: backups.lastSuccessAt(),
      running: backups.isRunning(),
      retention: retention.status(),
    }),
    'backups.create': async () => {
      const { backup, pruned } = await backups.create({ trigger: 'manual' });
      return { backup, pruned };
    },
    'backups.settings.get': () => ({ settings: backups.settings() }),
    'backups.settings.set': (request) => ({ settings: backups.setSettings(request) }),
    'backups.retention.run': async () => {
      const deleted = await retention.run();
      return { deleted, retention: retention.status() };
    },
  };
}
