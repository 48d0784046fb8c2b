/**
 * Live `system.tick` values: memory and event-loop lag of the engine process, with short trends.
 */
import { useConnectionStore } from '../../stores/connection-store';
import { TICK_HISTORY, useSystemStore } from '../../stores/system-store';
import { Badge, Card, Pending, Stat } from '../../ui/Card';
import { formatAge, formatClock, formatDuration, formatMiB, formatMs } from '../../ui/format-units';
import { useNow } from '../../ui/use-now';
import { Sparkline } from './Sparkline';

/** Ticks come every 5 s; three missed ticks make the values stale. */
const STALE_AFTER_MS = 15_000;
const MIB = 1024 * 1024;

export function RuntimeCard() {
  const ticks = useSystemStore((store) => store.ticks);
  const connection = useConnectionStore((store) => store.state);
  const now = useNow(1000);
  const tick = ticks.at(-1);
  const tickMs = tick ? Date.parse(tick.at) : 0;
  const stale = tick !== undefined && (connection !== 'connected' || now - tickMs > STALE_AFTER_MS);

  const actions = tick && (
    <>
      {stale ? (
        <Badge tone="warning" testId="tick-stale">
          stale
        </Badge>
      ) : (
        <Badge tone="ok">live</Badge>
      )}
      <span className="card-meta">
        Last tick{' '}
        <time className="num" dateTime={tick.at} title={tick.at} data-testid="tick-at">
          {formatClock(tick.at)}
        </time>{' '}
        <span className="muted">({formatAge(tickMs, now)})</span>
      </span>
    </>
  );

  return (
    <Card
      id="runtime-card"
      title="Live runtime"
      actions={actions}
      footer={
        <span>
          From the system.tick topic, every 5 s · {ticks.length} of {TICK_HISTORY} samples kept
          {tick && <> · process up {formatDuration(tick.uptimeSeconds)}</>}
        </span>
      }
    >
      {!tick && <Pending>Waiting for the first system.tick (the engine sends one every 5 s)…</Pending>}
      {tick && (
        <>
          <h3 className="section-title">Memory</h3>
          <div className="stats stats-4">
            <Stat label="RSS" value={formatMiB(tick.memory.rssBytes)} testId="tick-rss" />
            <Stat
              label="Heap used"
              value={formatMiB(tick.memory.heapUsedBytes)}
              detail={
                <>
                  of <span data-testid="tick-heap-total">{formatMiB(tick.memory.heapTotalBytes)}</span> total
                </>
              }
              testId="tick-heap-used"
            />
            <Stat label="External" value={formatMiB(tick.memory.externalBytes)} testId="tick-external" />
          </div>
          <h3 className="section-title">Event-loop lag</h3>
          <div className="stats stats-4">
            <Stat label="Mean" value={formatMs(tick.eventLoopLagMs.mean)} testId="tick-lag-mean" />
            <Stat label="p99" value={formatMs(tick.eventLoopLagMs.p99)} testId="tick-lag-p99" />
            <Stat label="Max" value={formatMs(tick.eventLoopLagMs.max)} testId="tick-lag-max" />
          </div>
          <div className="sparklines">
            <Sparkline
              label="Heap used"
              values={ticks.map((t) => t.memory.heapUsedBytes / MIB)}
              format={(mib) => `${mib.toFixed(1)} MiB`}
              testId="sparkline-heap"
            />
            <Sparkline
              label="Event-loop lag p99"
              values={ticks.map((t) => t.eventLoopLagMs.p99)}
              format={(ms) => `${ms.toFixed(2)} ms`}
              floor={0}
              testId="sparkline-lag"
            />
          </div>
        </>
      )}
    </Card>
  );
}
