/**
 * How long the simulated provider pretends to think. A distribution per operation, drawn from the call's
 * seeded stream so a replay sleeps exactly as long as the original turn did.
 *
 * Default ("realistic", shaped like a hosted chat model answering a short prompt):
 *   subjective_brief  lognormal, median 400 ms, p95 1,000 ms (clamped at 1,500 ms)
 *   narrative         lognormal, median 1,200 ms, p95 3,000 ms (clamped at 4,500 ms)
 * Draws are clamped at `maxMs` (default 1.5 x p95) so an unlucky tail never outlasts the SPEC phase
 * timeouts (10 s / 8 s): a slow or hung provider is what fault injection is for. Use `{ kind: 'none' }`
 * for benchmarks and tests.
 */
import { z } from 'zod';
import type { SeededRandom } from '../seeded-random';
import type { AiOperation } from './provider';

const milliseconds = z.number().finite().nonnegative().max(600_000);

export const LatencyDistribution = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), ms: milliseconds }),
  z
    .strictObject({
      kind: z.literal('lognormal'),
      medianMs: milliseconds.positive(),
      p95Ms: milliseconds.positive(),
      /** Upper clamp of a draw; default 1.5 x p95Ms. */
      maxMs: milliseconds.optional(),
    })
    .refine((value) => value.p95Ms >= value.medianMs, { path: ['p95Ms'], message: 'p95Ms must be at least medianMs' }),
]);
export type LatencyDistribution = z.infer<typeof LatencyDistribution>;

/** One distribution for every operation, or one per operation (missing ones take the default). */
export const SimulatedLatency = z.union([
  LatencyDistribution,
  z.strictObject({
    // Declared only so a malformed single distribution reports its own field, not "Invalid input".
    kind: z.never().optional(),
    subjective_brief: LatencyDistribution.optional(),
    narrative: LatencyDistribution.optional(),
  }),
]);
export type SimulatedLatency = z.infer<typeof SimulatedLatency>;

export const DEFAULT_LATENCY: Record<AiOperation, LatencyDistribution> = {
  subjective_brief: { kind: 'lognormal', medianMs: 400, p95Ms: 1000 },
  narrative: { kind: 'lognormal', medianMs: 1200, p95Ms: 3000 },
};

export function latencyFor(config: SimulatedLatency | undefined, operation: AiOperation): LatencyDistribution {
  if (config === undefined) return DEFAULT_LATENCY[operation];
  if (config.kind === undefined) return config[operation] ?? DEFAULT_LATENCY[operation];
  return config;
}

/** z-score of the 95th percentile of the standard normal distribution. */
const Z_95 = 1.6448536269514722;

/** A latency draw in whole milliseconds. */
export function sampleLatencyMs(distribution: LatencyDistribution, random: SeededRandom): number {
  switch (distribution.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return Math.round(distribution.ms);
    case 'lognormal': {
      // ln(X) ~ N(mu, sigma): the median is e^mu and the p95 is e^(mu + 1.645 sigma).
      const mu = Math.log(distribution.medianMs);
      const sigma = (Math.log(distribution.p95Ms) - mu) / Z_95;
      const draw = Math.exp(mu + sigma * random.normal());
      const max = distribution.maxMs ?? 1.5 * distribution.p95Ms;
      return Math.round(Math.min(draw, max));
    }
  }
}
