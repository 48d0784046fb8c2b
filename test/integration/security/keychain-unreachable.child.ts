/**
 * Run by keychain.test.ts in a child process whose keychain cannot be used — its D-Bus session cannot be
 * reached, or its keyring is locked (a Secret Service client caches its bus connection, so neither can
 * happen inside the test's own process): opens a host
 * on TEST_DATA_DIR logging everything to its files, tries to store TEST_PLANTED_SECRET through the
 * store and the rpc, and prints what each answered as one JSON object.
 */
import { ensureInstance } from '../../../src-main/engine/db/instance';
import { createHost } from '../../../src-main/engine/host';
import { createFileLogger } from '../../../src-main/engine/logger';
import { createRpc, type HandlerTable } from '../../../src-main/engine/rpc';
import { createCredentialHandlers } from '../../../src-main/engine/security/credential-handlers';
import { createKeychainCredentialStore } from '../../../src-main/engine/security/keychain-credentials';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';

export async function run(dataDir: string, secret: string): Promise<string> {
  const fileLog = await createFileLogger({ dataDir, level: 'trace' });
  const host = createHost({ dataDir, face: 'cli', logger: fileLog.logger, telemetry: { recorder: { enabled: false } } });
  const { instanceId } = ensureInstance(host.db, 'keychain test');
  const store = createKeychainCredentialStore({ instanceId, logger: fileLog.logger });
  const rpc = createRpc({ handlers: createCredentialHandlers(store) as HandlerTable, logger: fileLog.logger });
  const admin = identityForRole('keychain-test', 'admin');
  const caught = async (work: () => Promise<unknown>) => {
    try {
      await work();
      return null;
    } catch (error) {
      return error instanceof ContractError ? { code: error.code, message: error.message } : { code: 'thrown', message: String(error) };
    }
  };
  const result = {
    status: await store.status(),
    storeSet: await caught(() => store.set('provider.apiKey', secret)),
    rpcSet: await caught(() => rpc.invoke('credentials.set', { name: 'channel.pager.secret', value: secret }, admin)),
    storeDelete: await caught(() => store.delete('provider.apiKey')),
    list: await rpc.invoke('credentials.list', {}, admin),
    apiKey: (await store.get('provider.apiKey')) ?? null,
    statusAfter: await store.status(),
  };
  await host.close();
  await fileLog.close();
  return JSON.stringify(result);
}
