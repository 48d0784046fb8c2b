/**
 * A small inline-SVG trend line with its range, for the last ticks of one value.
 */
import { sparklineGeometry } from './sparkline-geometry';

const WIDTH = 240;
const HEIGHT = 44;

interface SparklineProps {
  label: string;
  values: readonly number[];
  format(value: number): string;
  floor?: number;
  testId: string;
}

export function Sparkline({ label, values, format, floor, testId }: SparklineProps) {
  const geometry = sparklineGeometry(values, WIDTH, HEIGHT, floor === undefined ? {} : { floor });
  const latest = values.at(-1);
  const description = geometry
    ? `${label}, last ${values.length} ticks: from ${format(geometry.min)} to ${format(geometry.max)}, now ${format(latest ?? 0)}`
    : `${label}: no ticks yet`;
  return (
    <figure className="sparkline" data-testid={testId} data-points={values.length}>
      <figcaption className="sparkline-caption">
        <span className="sparkline-label">{label}</span>
        <span className="sparkline-range">
          {geometry ? (
            <>
              min <span className="num">{format(geometry.min)}</span> · max <span className="num">{format(geometry.max)}</span>
            </>
          ) : (
            'waiting for ticks'
          )}
        </span>
      </figcaption>
      <svg className="sparkline-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={description}>
        <title>{description}</title>
        <line className="sparkline-baseline" x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} vectorEffect="non-scaling-stroke" />
        {geometry && (
          <>
            <polygon className="sparkline-area" points={geometry.area} />
            <polyline className="sparkline-line" points={geometry.line} vectorEffect="non-scaling-stroke" />
          </>
        )}
      </svg>
    </figure>
  );
}
