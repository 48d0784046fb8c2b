/** pino-roll ships no types; this is the part of its API the engine's file logger uses. */
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  interface RollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    extension?: string;
    symlink?: boolean;
  }

  interface RollStream extends DestinationStream {
    end(): void;
    once(event: 'close' | 'ready' | 'error', listener: (...args: unknown[]) => void): this;
  }

  export default function roll(options: RollOptions): Promise<RollStream>;
}
