/**
 * Plays a stored turn's provider transcripts back by call seed: what "replay with the recorded responses"
 * runs on, so a turn made with a real model replays exactly, offline, at no cost in time.
 */
import { type AiProvider, type AiRequest, type AiResponse, ProviderError } from './provider';

export interface RecordedCall {
  seed: string;
  response: AiResponse | null;
  error: string | null;
}

export class RecordedProvider implements AiProvider {
  readonly name = 'recorded';
  private readonly calls: ReadonlyMap<string, RecordedCall>;

  constructor(calls: readonly RecordedCall[]) {
    this.calls = new Map(calls.map((call) => [call.seed, call]));
  }

  async complete(request: AiRequest, signal: AbortSignal): Promise<AiResponse> {
    if (signal.aborted) throw new ProviderError('cancelled', `recorded ${request.operation} cancelled`);
    const call = this.calls.get(request.seed);
    if (!call) throw new ProviderError('error', `no recorded response for ${request.operation} (seed ${request.seed})`);
    if (!call.response) throw new ProviderError('error', `the original call failed: ${call.error ?? 'unknown error'}`);
    return { ...call.response, latencyMs: 0 };
  }
}
