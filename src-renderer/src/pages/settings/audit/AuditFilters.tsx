/**
 * Filters of the audit table: actor and action (exact names, applied on Enter or Apply) and outcome
 * (applied at once).
 */
import { type FormEvent, useState } from 'react';
import { AUDIT_OUTCOMES } from '../../../../../src-shared/domain/security-vocabulary';
import { useBridge } from '../../../bridge-context';
import { type AuditFilters as Filters, useAuditStore } from '../../../stores/audit-store';

const OUTCOMES = AUDIT_OUTCOMES satisfies readonly Filters['outcome'][];

export function AuditFilters() {
  const bridge = useBridge();
  const filters = useAuditStore((store) => store.filters);
  const [actor, setActor] = useState(filters.actor);
  const [action, setAction] = useState(filters.action);
  const store = useAuditStore.getState;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    store().setFilters(bridge, { actor, action });
  };
  const onClear = () => {
    setActor('');
    setAction('');
    store().setFilters(bridge, { actor: '', action: '', outcome: '' });
  };
  const anyFilter = filters.actor !== '' || filters.action !== '' || filters.outcome !== '';

  return (
    <form className="filters audit-filters" onSubmit={onSubmit} aria-label="Filter audit entries" data-testid="audit-filters">
      <label className="inline-field">
        <span>Actor</span>
        <input
          type="text"
          value={actor}
          onChange={(event) => setActor(event.target.value)}
          placeholder="e.g. operator"
          autoComplete="off"
          spellCheck={false}
          data-testid="audit-filter-actor"
        />
      </label>
      <label className="inline-field">
        <span>Action</span>
        <input
          type="text"
          value={action}
          onChange={(event) => setAction(event.target.value)}
          placeholder="e.g. tokens.mint"
          autoComplete="off"
          spellCheck={false}
          data-testid="audit-filter-action"
        />
      </label>
      <label className="inline-field">
        <span>Outcome</span>
        <select
          value={filters.outcome}
          onChange={(event) => store().setFilters(bridge, { actor, action, outcome: event.target.value as Filters['outcome'] })}
          data-testid="audit-filter-outcome"
        >
          <option value="">all</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button small" data-testid="audit-filter-apply">
        Apply
      </button>
      {anyFilter && (
        <button type="button" className="button small" onClick={onClear} data-testid="audit-filter-clear">
          Clear
        </button>
      )}
    </form>
  );
}
