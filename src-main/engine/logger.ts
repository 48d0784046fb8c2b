/**
 * Engine logs are pino JSON lines. The faces choose the destination (stderr for serve and the CLI, a
 * file in the data dir for the desktop); the engine only ever receives a Logger.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'novel-console' } }, destination ?? pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
