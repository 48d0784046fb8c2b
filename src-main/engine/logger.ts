/**
 * Engine logs are pino JSON lines; lines written while an API call or a turn runs carry its trace_id and
 * span_id (telemetry/log-context.ts). The faces choose the destination (stderr for serve and the CLI, a
 * file in the data dir for the desktop); the engine only ever receives a Logger.
 */
import { join } from 'node:path';
import pino from 'pino';
import { traceLogFields } from './telemetry/log-context';

export type Logger = pino.Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'novel-console' }, mixin: traceLogFields }, destination ?? pino.destination(2));
}

/** Reads a log level from configuration text (an environment variable); anything else is a typed error. */
export function parseLogLevel(text: string | undefined, fallback: LogLevel): LogLevel {
  if (text === undefined || text === '') return fallback;
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new RangeError(`log level "${text}" is not one of ${LOG_LEVELS.join(', ')}`);
}

export interface FileLogOptions {
  dataDir: string;
  level?: LogLevel;
  /** Roll to a new file past this size (pino-roll units: 10m, 512k); default 10m. */
  maxFileSize?: string;
  /** Rolled files kept besides the current one; default 5. */
  keep?: number;
}

export interface FileLogger {
  logger: Logger;
  /** Where the lines go: `<dataDir>/logs/console.<n>.log`, n counting up as files roll. */
  directory: string;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** The desktop face's log: JSON lines into rotating files in the data dir (no console to write to). */
export async function createFileLogger(options: FileLogOptions): Promise<FileLogger> {
  const directory = join(options.dataDir, 'logs');
  // Loaded here, not at the top: pino-roll pulls in date-fns (~90 ms of startup) and only the desktop face
  // writes files.
  const { default: roll } = await import('pino-roll');
  const stream = await roll({
    file: join(directory, 'console.log'),
    size: options.maxFileSize ?? '10m',
    limit: { count: options.keep ?? 5 },
    mkdir: true,
  });
  const logger = createLogger(options.level ?? 'info', stream);
  return {
    logger,
    directory,
    close: () =>
      new Promise<void>((resolve) => {
        logger.flush();
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
