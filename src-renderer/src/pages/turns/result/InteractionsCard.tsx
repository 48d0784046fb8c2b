/**
 * The interactions orchestrated in the turn: who, what kind, how close and how urgent, and the outcome.
 * Interactions cancelled by compensation stay listed, struck through.
 */
import type { TurnDetail } from '../../../../../src-shared/domain/turn';
import { Card } from '../../../ui/Card';
import type { StepStatus } from '../turn-labels';
import { emptyOutputText } from './empty-output';
import type { NameOf } from './participant-names';

type InteractionRow = TurnDetail['interactions'][number];

function outcomeText(interaction: InteractionRow, nameOf: NameOf): string {
  if (!interaction.completed) return 'not completed';
  if (interaction.winner && interaction.loser) return `${nameOf(interaction.winner)} prevailed over ${nameOf(interaction.loser)}`;
  if (interaction.benefit !== null) return `${interaction.outcome ?? 'cooperation'}, benefit ${interaction.benefit.toFixed(2)}`;
  return interaction.outcome ?? 'completed';
}

interface InteractionsCardProps {
  interactions: TurnDetail['interactions'];
  nameOf: NameOf;
  phaseStatus: StepStatus | undefined;
}

export function InteractionsCard({ interactions, nameOf, phaseStatus }: InteractionsCardProps) {
  const cancelled = interactions.filter((interaction) => interaction.cancelled).length;
  return (
    <Card
      id="interactions-card"
      title="Interactions"
      actions={
        <span className="card-meta">
          {interactions.length} session{interactions.length === 1 ? '' : 's'}
          {cancelled > 0 && `, ${cancelled} cancelled`}
        </span>
      }
    >
      {interactions.length === 0 && <p className="muted">{emptyOutputText('interactions', phaseStatus)}</p>}
      {interactions.length > 0 && (
        <ul className="output-list" data-testid="interaction-list">
          {interactions.map((interaction) => (
            <li
              key={interaction.id}
              className={`output-item${interaction.cancelled ? ' is-removed' : ''}`}
              data-testid="interaction-item"
              data-cancelled={interaction.cancelled}
            >
              <div className="output-head">
                <span className="chip mono">{interaction.type}</span>
                <strong className={interaction.cancelled ? 'removed' : undefined}>
                  {nameOf(interaction.participants[0])} & {nameOf(interaction.participants[1])}
                </strong>
                {interaction.subject && <span className="muted">about {interaction.subject}</span>}
              </div>
              <p className={interaction.cancelled ? 'removed' : undefined}>{outcomeText(interaction, nameOf)}</p>
              <p className="output-sub muted num">
                proximity {interaction.proximity.toFixed(2)} · priority {interaction.priority.toFixed(2)}
              </p>
              {interaction.cancelled && (
                <p className="removed-note" data-testid="interaction-cancelled-note">
                  Cancelled by compensation
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
