/**
 * Group commit on the engine's connection (issue 3's throughput and tail latency).
 *
 * A unit of work — a phase's outputs, a compensation step — stays atomic: it runs in a SAVEPOINT, and a
 * unit that throws leaves nothing behind. What changes is when units become durable: the first unit opens
 * a transaction (BEGIN IMMEDIATE), later units join it, and it commits once, when the event loop reaches
 * its check phase (setImmediate) or at flush(). Every B-tree page the units share is then written to the
 * WAL once instead of once per unit: a turn at zero provider latency runs all five phases in one macrotask
 * and commits them together; fifty turns in flight commit whatever phases ended in the same loop turn.
 *
 * Nothing may be acknowledged before its commit: rpc calls flush() before they answer, and a turn
 * flushes before it reports its end. Reads on this connection see the open group (same connection), so
 * the engine always reads its own writes; other connections and processes see a group once committed.
 * When a commit (or a unit, through an error that makes SQLite roll back the whole transaction) fails,
 * the group is gone: the owners of its units are told, so a turn whose phases were lost fails instead of
 * reporting them.
 */
import type { Db } from './database';

export interface GroupCommit {
  /** Runs `fn` as one atomic unit in the open group (opening one), for `owner` (e.g. a turn id). */
  unit<T>(owner: string, fn: () => T): T;
  /** Commits the open group now; a no-op when none is open. Throws when the commit fails. */
  flush(): void;
  /** Whether a group is open (units not yet durable). */
  pending(): boolean;
  /** Called with the owners of a group that failed to commit and was rolled back. */
  onLost(listener: (owners: ReadonlySet<string>, error: Error) => void): () => void;
  /** Commits what is open; later units run as plain transactions. */
  close(): void;
}

export function createGroupCommit(db: Db): GroupCommit {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const listeners = new Set<(owners: ReadonlySet<string>, error: Error) => void>();
  let open = false;
  let closed = false;
  let owners = new Set<string>();
  let scheduled: NodeJS.Immediate | null = null;

  function lost(error: Error): void {
    const gone = owners;
    open = false;
    owners = new Set();
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    for (const listener of listeners) listener(gone, error);
  }

  function flush(): void {
    if (!open) return;
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    try {
      commit.run();
      open = false;
      owners = new Set();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      lost(error as Error);
      throw error;
    }
  }

  function flushSoon(): void {
    try {
      flush();
    } catch {
      // The owners were told (lost); nothing waits on this callback.
    }
  }

  return {
    unit<T>(owner: string, fn: () => T): T {
      if (closed) return db.transaction(fn)();
      // Someone else's transaction (rare: a caller holding one across this call) gets the unit as a savepoint.
      if (!open && !db.inTransaction) {
        begin.run();
        open = true;
        scheduled = setImmediate(flushSoon);
      }
      if (open) owners.add(owner);
      try {
        return db.transaction(fn)();
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll the whole transaction back, not just the savepoint.
        if (open && !db.inTransaction) lost(error as Error);
        throw error;
      }
    },
    flush,
    pending: () => open,
    onLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      flush();
    },
  };
}
