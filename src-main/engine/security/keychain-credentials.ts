/**
 * The CredentialStore over the OS keychain (keytar: the Secret Service on Linux, Keychain on macOS,
 * Credential Vault on Windows), SPEC section 4 "Credentials". Every secret lives under the service
 * `novel-engine-console` and the account `<instanceId>/<name>`, so two data dirs on one machine never
 * share a secret. An environment variable may supply the provider key or the signing key on a headless
 * server; the keychain wins when both are set.
 *
 * With no usable keychain (no D-Bus session, no Secret Service, a locked keyring, keytar failing to load)
 * the store says so in one sentence naming the fix, `set` and `delete` fail with `unavailable`, and
 * nothing ever falls back to a file. Values never reach a log line or an answer other than `get`.
 */

import { CREDENTIAL_NAMES, type CredentialInfo, CredentialName } from '../../../src-shared/domain/security';
import { ContractError } from '../../../src-shared/errors';
import type { Logger } from '../logger';
import type { CredentialNameValue, CredentialStore, KeychainStatus } from './credentials';

export const KEYCHAIN_SERVICE = 'novel-engine-console';

/** How long a keychain probe's answer is reused: status() sits on every get, which a provider calls per request. */
const STATUS_TTL_MS = 5000;
/** A Secret Service that does not answer (a hung prompt, a stuck daemon) must not hang the engine. */
const KEYCHAIN_TIMEOUT_MS = 5000;

const ENV_HINT = 'or on a headless server set NOVEL_CONSOLE_LLM_API_KEY and NOVEL_CONSOLE_JWT_SECRET instead';

type KnownName = (typeof CREDENTIAL_NAMES)[number];

const KNOWN: Record<KnownName, { description: string; environmentVariable: string }> = {
  'provider.apiKey': {
    description: 'API key of the openai-compatible AI provider',
    environmentVariable: 'NOVEL_CONSOLE_LLM_API_KEY',
  },
  'auth.jwtSigningKey': {
    description: "Key that signs and verifies the console's tokens",
    environmentVariable: 'NOVEL_CONSOLE_JWT_SECRET',
  },
};

const CHANNEL_SECRET = /^channel\.(.+)\.secret$/;

/** The environment variable that may supply a credential, or null (channel secrets have none). */
export function credentialEnvironmentVariable(name: string): string | null {
  return Object.hasOwn(KNOWN, name) ? KNOWN[name as KnownName].environmentVariable : null;
}

function describe(name: string): string {
  if (Object.hasOwn(KNOWN, name)) return KNOWN[name as KnownName].description;
  const channel = CHANNEL_SECRET.exec(name)?.[1];
  return `Secret of the alert channel ${channel ?? name} (webhook token or routing key)`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = (text.split('\n')[0] ?? '').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

class KeytarLoadError extends Error {}
class KeychainTimeoutError extends Error {}

/** What is missing and how to fix it, in one sentence, from what keytar (or loading it) threw. */
export function keychainProblem(error: unknown): string {
  if (error instanceof KeytarLoadError) {
    if (/NODE_MODULE_VERSION/.test(firstLine(error.cause))) {
      return `keychain unavailable: keytar was built for another Node.js or Electron version; rebuild it for this runtime (\`npm rebuild keytar\`, or \`npm run rebuild:electron\` for the desktop app), ${ENV_HINT}`;
    }
    return `keychain unavailable: the keytar native module did not load (${firstLine(error.cause)}); reinstall it with \`npm rebuild keytar\` (on Linux it needs libsecret), ${ENV_HINT}`;
  }
  if (error instanceof KeychainTimeoutError) {
    return `keychain unavailable: the Secret Service did not answer within ${KEYCHAIN_TIMEOUT_MS / 1000} s; make sure gnome-keyring or KWallet is running and unlocked, ${ENV_HINT}`;
  }
  const detail = firstLine(error);
  if (/autolaunch D-Bus|\$DISPLAY|Could not connect|DBUS_SESSION_BUS_ADDRESS|No such file or directory|Connection refused/i.test(detail)) {
    return `keychain unavailable: no D-Bus session bus to reach a Secret Service (${detail}); run the console in a desktop session with gnome-keyring or KWallet unlocked, ${ENV_HINT}`;
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service|Secret Service/i.test(detail)) {
    return `keychain unavailable: no Secret Service on D-Bus (${detail}); install and start gnome-keyring or KWallet, ${ENV_HINT}`;
  }
  if (/locked|prompt|dismiss|cancel/i.test(detail)) {
    return `keychain unavailable: the keyring is locked (${detail}); unlock your login keyring in gnome-keyring or KWallet and try again, ${ENV_HINT}`;
  }
  return `keychain unavailable: ${detail || 'the OS keychain refused the request'}; make sure a Secret Service such as gnome-keyring or KWallet is running and unlocked, ${ENV_HINT}`;
}

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

// Loaded on first use, once per process: a native module that fails to load (missing libsecret, a build
// for another Node ABI) becomes "keychain unavailable" instead of an engine that cannot start.
let keytarModule: Promise<Keytar> | undefined;
function loadKeytar(): Promise<Keytar> {
  keytarModule ??= import('keytar').then(
    (module) => ((module as { default?: Keytar }).default ?? module) as Keytar,
    (error: unknown) => {
      throw new KeytarLoadError('keytar did not load', { cause: error });
    },
  );
  return keytarModule;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KeychainTimeoutError('keychain timeout')), KEYCHAIN_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface KeychainCredentialOptions {
  /** This data dir's instance id (the `instance` row): it prefixes every account. */
  instanceId: string;
  /** Where the env fallbacks are read; default process.env, read at each call. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export function createKeychainCredentialStore(options: KeychainCredentialOptions): CredentialStore {
  const { instanceId, logger } = options;
  const env = options.env ?? process.env;
  const prefix = `${instanceId}/`;
  let cached: { status: KeychainStatus; at: number } | undefined;
  let probing: Promise<KeychainStatus> | undefined;

  const account = (name: string) => `${prefix}${name}`;

  function remember(status: KeychainStatus): KeychainStatus {
    // Transitions only: a provider asks on every call, and a log line per call says nothing new.
    if (cached?.status.available !== status.available || cached.status.problem !== status.problem) {
      // Info, not warn: a headless server without a keychain is a supported setup (secrets from variables);
      // whatever needs the keychain says so itself when it cannot work.
      if (status.available) logger?.info({ service: KEYCHAIN_SERVICE }, 'OS keychain available');
      else logger?.info({ problem: status.problem }, 'OS keychain unavailable');
    }
    cached = { status, at: Date.now() };
    return status;
  }

  function failed(error: unknown): string {
    const problem = keychainProblem(error);
    remember({ available: false, problem });
    return problem;
  }

  async function probe(): Promise<KeychainStatus> {
    try {
      const keytar = await loadKeytar();
      await withTimeout(keytar.getPassword(KEYCHAIN_SERVICE, account('status-probe')));
      return remember({ available: true, problem: null });
    } catch (error) {
      return { available: false, problem: failed(error) };
    }
  }

  /**
   * Every account of the service. The Secret Service enumerates item by item, so an item deleted
   * meanwhile (by another data dir's console, or secret-tool) fails the whole call with "No such secret
   * item": that is a race, not a missing keychain, so the enumeration is simply tried again.
   */
  async function findAccounts(): Promise<Array<{ account: string }>> {
    const keytar = await loadKeytar();
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTimeout(keytar.findCredentials(KEYCHAIN_SERVICE));
      } catch (error) {
        if (attempt >= 5 || !/No such secret item/i.test(String((error as Error).message))) throw error;
      }
    }
  }

  async function status(): Promise<KeychainStatus> {
    if (cached && Date.now() - cached.at < STATUS_TTL_MS) return cached.status;
    probing ??= probe().finally(() => {
      probing = undefined;
    });
    return probing;
  }

  function environmentValue(name: string): string | undefined {
    const variable = credentialEnvironmentVariable(name);
    const value = variable ? env[variable]?.trim() : undefined;
    return value ? value : undefined;
  }

  function info(name: string, inKeychain: boolean): CredentialInfo {
    const source = inKeychain ? 'keychain' : environmentValue(name) !== undefined ? 'environment' : null;
    return {
      name,
      description: describe(name),
      set: source !== null,
      source,
      environmentVariable: credentialEnvironmentVariable(name),
    };
  }

  function checkName(name: string): void {
    if (!CredentialName.safeParse(name).success) {
      throw new ContractError('invalid_request', `unknown credential "${name}"; use ${CREDENTIAL_NAMES.join(', ')} or channel.<id>.secret`);
    }
  }

  /** The keychain for a change, or `unavailable` naming the fix: never a file instead. */
  async function writableKeychain(): Promise<Keytar> {
    const current = await status();
    if (!current.available) throw new ContractError('unavailable', current.problem ?? keychainProblem(undefined));
    return loadKeytar();
  }

  return {
    status,

    async get(name) {
      checkName(name);
      if ((await status()).available) {
        try {
          const value = await withTimeout((await loadKeytar()).getPassword(KEYCHAIN_SERVICE, account(name)));
          if (value) return value;
        } catch (error) {
          failed(error);
        }
      }
      return environmentValue(name);
    },

    async set(name: CredentialNameValue, value: string) {
      checkName(name);
      if (value.length === 0) throw new ContractError('invalid_request', `a value for ${name} must not be empty`);
      const keytar = await writableKeychain();
      try {
        await withTimeout(keytar.setPassword(KEYCHAIN_SERVICE, account(name), value));
      } catch (error) {
        throw new ContractError('unavailable', failed(error));
      }
      logger?.info({ credential: name }, 'credential stored in the OS keychain');
      return info(name, true);
    },

    async delete(name: CredentialNameValue) {
      checkName(name);
      const keytar = await writableKeychain();
      let deleted: boolean;
      try {
        deleted = await withTimeout(keytar.deletePassword(KEYCHAIN_SERVICE, account(name)));
      } catch (error) {
        throw new ContractError('unavailable', failed(error));
      }
      if (deleted) logger?.info({ credential: name }, 'credential deleted from the OS keychain');
      return { deleted, credential: info(name, false) };
    },

    async list() {
      let current = await status();
      const stored = new Set<string>();
      if (current.available) {
        try {
          // findCredentials hands back values too; only the account names are kept.
          const found = await findAccounts();
          for (const { account: name } of found) {
            if (!name.startsWith(prefix)) continue;
            const short = name.slice(prefix.length);
            if (CredentialName.safeParse(short).success) stored.add(short);
          }
        } catch (error) {
          current = { available: false, problem: failed(error) };
        }
      }
      const channelSecrets = [...stored].filter((name) => !Object.hasOwn(KNOWN, name)).sort();
      return {
        keychainAvailable: current.available,
        keychainProblem: current.problem,
        credentials: [...CREDENTIAL_NAMES, ...channelSecrets].map((name) => info(name, stored.has(name))),
      };
    },
  };
}
