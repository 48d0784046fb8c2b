/**
 * The desktop face's log: JSON lines in <dataDir>/logs, rolled to a new file past the size limit, with
 * only the configured number of old files kept; bad level text is refused with a clear error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, parseLogLevel } from '../../../src-main/engine/logger';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('createFileLogger', () => {
  it('writes JSON lines into the data dir and rolls by size, keeping the configured count', async () => {
    const data = tempDataDir();
    cleanup = data.cleanup;
    const { logger, directory, close } = await createFileLogger({ dataDir: data.dir, level: 'info', maxFileSize: '1k', keep: 2 });
    logger.debug('not at this level');
    for (let index = 0; index < 60; index += 1) {
      logger.info({ index, trace_id: '0af7651916cd43dd8448eb211c80319c' }, 'turn finished');
      // pino-roll checks the size on write completion; let each line land.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await close();
    const files = readdirSync(directory).filter((name) => name.endsWith('.log'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.length).toBeLessThanOrEqual(3);
    const lines = files
      .flatMap((name) => readFileSync(join(directory, name), 'utf8').split('\n'))
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
    expect(lines.every((line) => line.msg === 'turn finished' && line.trace_id === '0af7651916cd43dd8448eb211c80319c')).toBe(true);
    // The newest lines survive the roll; the oldest files were removed.
    expect(lines.map((line) => line.index)).toContain(59);
    expect(lines.map((line) => line.index)).not.toContain(0);
  });
});

describe('parseLogLevel', () => {
  it('accepts pino levels and refuses anything else by name', () => {
    expect(parseLogLevel(undefined, 'info')).toBe('info');
    expect(parseLogLevel('debug', 'info')).toBe('debug');
    expect(() => parseLogLevel('verbose', 'info')).toThrow(/log level "verbose" is not one of fatal, error/);
  });
});
