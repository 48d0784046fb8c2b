/**
 * The credentials channels (SPEC section 4, Credentials): which secrets are set and where from, and an
 * admin's set, replace and delete. Thin over the CredentialStore; no answer ever carries a value.
 */
import type { HandlerTable } from '../rpc';
import type { CredentialStore } from './credentials';

export function createCredentialHandlers(
  store: CredentialStore,
): Pick<HandlerTable, 'credentials.list' | 'credentials.set' | 'credentials.delete'> {
  return {
    'credentials.list': () => store.list(),
    'credentials.set': async ({ name, value }) => ({ credential: await store.set(name, value) }),
    'credentials.delete': ({ name }) => store.delete(name),
  };
}
