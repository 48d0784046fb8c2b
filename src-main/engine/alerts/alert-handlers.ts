/**
 * The alert channels of the contract (src-shared/channels/alerts.ts) over the alert engine. Validation,
 * permissions and the audit entry of each mutating call are the rpc's; the handlers only act.
 */
import type { HandlerTable } from '../rpc';
import type { AlertEngine } from './alert-engine';

type AlertHandlers = Pick<
  HandlerTable,
  | 'alerts.list'
  | 'alerts.get'
  | 'alerts.ack'
  | 'rules.list'
  | 'rules.get'
  | 'rules.save'
  | 'rules.preview'
  | 'rules.delete'
  | 'silences.list'
  | 'silences.create'
  | 'silences.expire'
  | 'routes.get'
  | 'routes.set'
>;

export function createAlertHandlers(engine: AlertEngine): AlertHandlers {
  return {
    'alerts.list': (request) => engine.listAlerts(request),
    'alerts.get': ({ fingerprint, hours }) => engine.getAlert(fingerprint, hours),
    'alerts.ack': ({ fingerprint, comment }, { identity }) => engine.acknowledge(fingerprint, identity, comment),
    'rules.list': (filter) => engine.listRules(filter),
    'rules.get': ({ name }) => engine.getRule(name),
    'rules.save': ({ rule, expectedVersion }, { identity }) => engine.saveRule(rule, identity, expectedVersion),
    'rules.preview': ({ rule, start, end, stepS }) => engine.previewRule(rule, start, end, stepS),
    'rules.delete': ({ name }) => engine.deleteRule(name),
    'silences.list': ({ states, limit }) => engine.listSilences(states, limit),
    'silences.create': (request, { identity }) => engine.createSilence(request, identity),
    'silences.expire': ({ id }) => engine.expireSilence(id),
    'routes.get': () => engine.getRoutes(),
    'routes.set': ({ config, expectedVersion }, { identity }) => engine.setRoutes(config, identity, expectedVersion),
  };
}
