/**
 * Per-phase duration of A and B as paired bars on one scale, with the status of phases that did not
 * succeed.
 */
import type { TurnDiff } from '../../../../../src-shared/domain/turn';
import { formatElapsedMs } from '../../../ui/format-units';
import { PHASE_LABEL, statusLabel } from '../turn-labels';
import { timingBars } from './timing-bars';

export function TimingBars({ timings }: { timings: TurnDiff['timings'] }) {
  const bars = timingBars(timings);
  return (
    <div className="timing-bars" data-testid="diff-timings">
      {timings.map((timing, index) => {
        const bar = bars[index];
        return (
          <div className="timing-row" key={timing.phase} data-testid={`diff-timing-${timing.phase}`}>
            <span className="timing-phase" title={timing.phase}>
              {PHASE_LABEL[timing.phase]}
            </span>
            <div className="timing-tracks">
              {(['a', 'b'] as const).map((side) => {
                const share = bar?.[side] ?? null;
                const ms = side === 'a' ? timing.aMs : timing.bMs;
                const status = side === 'a' ? timing.aStatus : timing.bStatus;
                return (
                  <div className="timing-track" key={side}>
                    <span className="timing-side">{side.toUpperCase()}</span>
                    <span className="timing-rail">
                      {share !== null && <span className={`timing-bar timing-bar-${side}`} style={{ width: `${share * 100}%` }} />}
                    </span>
                    <span className="timing-value num">
                      {ms === null ? 'not run' : formatElapsedMs(ms)}
                      {status && status !== 'succeeded' && <span className="muted"> · {statusLabel(status)}</span>}
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
