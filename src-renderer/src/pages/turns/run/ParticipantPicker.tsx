/**
 * Which agents take part: one checkbox per agent of the campaign with its role, trust and quarantine.
 * Quarantined agents start unchecked (the engine's default leaves them out).
 */
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { Badge, InlineError, Pending } from '../../../ui/Card';
import { defaultParticipants } from './run-form';

export function ParticipantPicker({ campaignId }: { campaignId: string }) {
  const agents = useTurnRunStore((store) => store.agents[campaignId]);
  const selected = useTurnRunStore((store) => store.form.participants);
  const error = useTurnRunStore((store) => store.fieldErrors.participants);
  const list = agents?.data;

  return (
    <fieldset
      className="field participants"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? 'participants-error' : undefined}
    >
      <legend>
        Participants{' '}
        {list && (
          <span className="muted num" data-testid="participant-count">
            {selected.length} of {list.length}
          </span>
        )}
      </legend>
      {agents?.error && <InlineError error={agents.error} testId="agents-error" stale={list !== null} />}
      {!list && !agents?.error && <Pending>Loading agents…</Pending>}
      {list && (
        <>
          <div className="button-row compact">
            <button
              type="button"
              className="button small"
              onClick={() => useTurnRunStore.getState().setParticipants(list.map((a) => a.id))}
            >
              All
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => useTurnRunStore.getState().setParticipants(defaultParticipants(list))}
              title="Every agent that is not quarantined"
            >
              Default
            </button>
            <button type="button" className="button small" onClick={() => useTurnRunStore.getState().setParticipants([])}>
              None
            </button>
          </div>
          <ul className="participant-list" data-testid="participant-list">
            {list.map((agent) => {
              const id = `participant-${agent.id}`;
              return (
                <li key={agent.id} className="participant-row">
                  <input
                    type="checkbox"
                    id={id}
                    checked={selected.includes(agent.id)}
                    onChange={() => useTurnRunStore.getState().toggleParticipant(agent.id)}
                    data-testid={id}
                  />
                  <label htmlFor={id} className="participant-label">
                    <span className="participant-name">{agent.name}</span>
                    <span className="participant-role muted">{agent.role}</span>
                  </label>
                  <span className="participant-trust num" title={`Trust ${agent.trust} of 100`}>
                    trust {Math.round(agent.trust)}
                  </span>
                  {agent.quarantined && (
                    <Badge tone="warning" testId={`quarantined-${agent.id}`} title="Quarantined: takes no part in briefs or interactions">
                      quarantined
                    </Badge>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {error && (
        <p className="field-error" id="participants-error" data-testid="field-error-participants">
          {error}
        </p>
      )}
    </fieldset>
  );
}
