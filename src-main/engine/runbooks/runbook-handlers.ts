/**
 * The runbooks channels of the contract over the runbook service: the caller's identity goes to the
 * service for authorship and for the per-step permission check; the rpc has already validated, authorized
 * and (for save, revert and record) audits the call.
 */
import type { HandlerTable } from '../rpc';
import type { RunbookService } from './runbook-service';

type RunbookChannel =
  | 'runbooks.list'
  | 'runbooks.get'
  | 'runbooks.save'
  | 'runbooks.revert'
  | 'runbooks.steps.record'
  | 'runbooks.steps.list';

export function createRunbookHandlers(service: RunbookService): Pick<HandlerTable, RunbookChannel> {
  return {
    'runbooks.list': (request) => ({ runbooks: service.list(request) }),
    'runbooks.get': ({ slug, version }) => ({ runbook: service.get(slug, version) }),
    'runbooks.save': (request, { identity }) => ({ runbook: service.save(request, identity) }),
    'runbooks.revert': (request, { identity }) => ({ runbook: service.revert(request, identity) }),
    'runbooks.steps.record': (request, { identity }) => ({ record: service.recordStep(request, identity) }),
    'runbooks.steps.list': ({ incidentId, slug }) => ({ records: service.stepRecords(incidentId, slug) }),
  };
}
