/**
 * Where a CLI command writes its output file (`--out FILE`): through a temp file beside the target, synced
 * and then renamed, so a reader sees the old file or the whole new one — never half an export. A folder
 * that is missing or not writable is one typed error naming the file.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ContractError } from '../../src-shared/errors';

/** Writes `chunks` to `out` atomically; returns the absolute path written. */
export function writeFileAtomically(out: string, chunks: Iterable<string>, mode = 0o644): string {
  const target = resolve(out);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'w', mode);
  } catch (error) {
    throw new ContractError(
      'invalid_request',
      `cannot write ${target}: ${(error as Error).message}; check that its folder exists and is writable`,
    );
  }
  try {
    let buffered = '';
    for (const chunk of chunks) {
      buffered += chunk;
      if (buffered.length >= 64 * 1024) {
        writeSync(fd, buffered);
        buffered = '';
      }
    }
    if (buffered) writeSync(fd, buffered);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, target);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed before the rename failed.
    }
    rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
