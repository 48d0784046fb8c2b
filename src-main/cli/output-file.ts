/**
 * Where a CLI command writes its output file (`--out FILE`): through a temp file beside the target, synced
 * and then renamed, so a reader sees the old file or the whole new one — never half an export. A folder
 * that is missing or not writable is one typed error naming the file.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ExportedFile } from '../../src-shared/domain/exports';
import { ContractError } from '../../src-shared/errors';

/** Writes `chunks` (text as UTF-8, or bytes) to `out` atomically; returns the absolute path written. */
export function writeFileAtomically(out: string, chunks: Iterable<string | Uint8Array>, mode = 0o644): string {
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
      if (typeof chunk !== 'string') {
        if (buffered) writeSync(fd, buffered);
        buffered = '';
        let written = 0;
        while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written);
        continue;
      }
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

/** The decoded bytes of an export channel's answer. */
export function exportedBytes(file: ExportedFile): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}

/** Refuses binary output to a terminal before any work is done (it would only garble the screen). */
export function refuseBinaryOnTerminal(binary: boolean, out: string | undefined, suggested: string): void {
  if (binary && !out && process.stdout.isTTY) {
    throw new ContractError(
      'invalid_request',
      `binary output is not written to a terminal: add --out ${suggested} or redirect stdout to a file`,
    );
  }
}

/**
 * Writes an export channel's file to `out` (atomically) or to stdout, and says on stderr what was written
 * where; `what` names it for that line (e.g. "turn report turn-….pdf").
 */
export function writeExportedFile(file: ExportedFile, out: string | undefined, what: string, detail?: string): void {
  refuseBinaryOnTerminal(file.encoding === 'base64', out, file.fileName);
  const bytes = exportedBytes(file);
  const size = detail ? `${bytes.length} bytes, ${detail}` : `${bytes.length} bytes`;
  if (out) {
    const target = writeFileAtomically(out, [bytes]);
    process.stderr.write(`exported ${what} (${size}) to ${target}\n`);
    return;
  }
  process.stdout.write(bytes);
  process.stderr.write(`exported ${what} (${size}) to stdout\n`);
}
