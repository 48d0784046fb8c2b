/**
 * An agent's trust over the page's range as a small inline SVG line, from 0 up, with the change as a
 * signed number beside it.
 */
import type { TrustTrend } from '../../../../src-shared/domain/trust';
import { sparklineGeometry } from '../system/sparkline-geometry';
import { formatDelta } from './trust-chart-option';

const WIDTH = 96;
const HEIGHT = 24;

export function TrustSparkline({ trend, name }: { trend: TrustTrend; name: string }) {
  const values = trend.points.map((point) => point.score);
  const geometry = sparklineGeometry(values, WIDTH, HEIGHT, { floor: 0 });
  const description = `${name}: from ${trend.startScore} to ${trend.endScore} over ${Math.max(0, values.length - 1)} changes`;
  return (
    <span className="trust-trend" data-testid="trust-sparkline" data-direction={trend.direction} data-points={values.length}>
      <svg className={`trust-sparkline trend-${trend.direction}`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description}>
        <title>{description}</title>
        {geometry && <polyline points={geometry.line} vectorEffect="non-scaling-stroke" />}
      </svg>
      <span className={`trust-trend-delta num trend-${trend.direction}`}>{formatDelta(trend.delta)}</span>
    </span>
  );
}
