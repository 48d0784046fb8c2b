/**
 * Fault injection for drills: per phase, the share of simulated calls that fail, hang or run slow. The
 * decision is one draw from the call's seeded stream, so replaying a turn reproduces its faults exactly.
 * The three outcomes are exclusive: errorRate + timeoutRate + slowRate must not exceed 1, and each rate
 * is then exactly the probability of its outcome.
 */
import { z } from 'zod';
import { PHASES, type PhaseName } from '../../../../src-shared/domain/turn-configuration';
import type { SeededRandom } from '../seeded-random';

const rate = z.number().min(0).max(1);

export const PhaseFaults = z
  .strictObject({
    /** Share of calls that fail with ProviderError('error') (after their latency). */
    errorRate: rate.default(0),
    /** Share of calls that never answer: they end only when the caller aborts (the phase timeout). */
    timeoutRate: rate.default(0),
    /** Share of calls that take slowMs longer than their drawn latency. */
    slowRate: rate.default(0),
    slowMs: z.number().finite().nonnegative().max(600_000).default(3000),
  })
  .refine((faults) => faults.errorRate + faults.timeoutRate + faults.slowRate <= 1, {
    path: ['slowRate'],
    message: 'errorRate + timeoutRate + slowRate must not exceed 1',
  });
export type PhaseFaults = z.output<typeof PhaseFaults>;
export type PhaseFaultsInput = z.input<typeof PhaseFaults>;

export const SimulatedFaults = z.partialRecord(z.enum(PHASES), PhaseFaults);
export type SimulatedFaults = z.output<typeof SimulatedFaults>;
export type SimulatedFaultsInput = z.input<typeof SimulatedFaults>;

export type FaultDecision = { kind: 'none' } | { kind: 'error' } | { kind: 'timeout' } | { kind: 'slow'; extraMs: number };

export function decideFault(faults: SimulatedFaults | undefined, phase: PhaseName, random: SeededRandom): FaultDecision {
  // Always draw, even with no faults configured, so the stream's later draws do not depend on the config.
  const draw = random.next();
  const phaseFaults = faults?.[phase];
  if (phaseFaults === undefined) return { kind: 'none' };
  let threshold = phaseFaults.errorRate;
  if (draw < threshold) return { kind: 'error' };
  threshold += phaseFaults.timeoutRate;
  if (draw < threshold) return { kind: 'timeout' };
  threshold += phaseFaults.slowRate;
  if (draw < threshold) return { kind: 'slow', extraMs: phaseFaults.slowMs };
  return { kind: 'none' };
}
