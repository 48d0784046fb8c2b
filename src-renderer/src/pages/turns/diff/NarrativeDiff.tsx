/**
 * The two narratives side by side, as plain text, with an "identical" badge when they match.
 */
import type { TurnDiff } from '../../../../../src-shared/domain/turn';
import { Badge } from '../../../ui/Card';

interface NarrativeDiffProps {
  narrative: TurnDiff['narrative'];
  aNumber: number;
  bNumber: number;
}

export function NarrativeDiff({ narrative, aNumber, bNumber }: NarrativeDiffProps) {
  return (
    <>
      <p>
        <Badge tone={narrative.identical ? 'ok' : 'neutral'} testId="diff-narrative-identical" value={String(narrative.identical)}>
          {narrative.identical ? 'identical' : 'different'}
        </Badge>
      </p>
      <div className="diff-columns">
        {[
          { side: 'A', number: aNumber, text: narrative.a },
          { side: 'B', number: bNumber, text: narrative.b },
        ].map(({ side, number, text }) => (
          <div key={side} className="diff-column" data-testid={`diff-narrative-${side.toLowerCase()}`}>
            <h4 className="diff-column-title">
              {side} · Turn {number}
            </h4>
            {text === null ? <p className="muted">No narrative.</p> : <p className="narrative-text">{text}</p>}
          </div>
        ))}
      </div>
    </>
  );
}
