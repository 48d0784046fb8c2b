/**
 * Where a network provider gets its API key: the credential store (the OS keychain, with
 * NOVEL_CONSOLE_LLM_API_KEY as its fallback on headless servers), or the environment variable alone
 * (SPEC section 4, Credentials). The key is asked for on every call so a key changed in settings takes
 * effect without a restart.
 */
import type { CredentialStore } from '../../security/credentials';

export interface CredentialSource {
  /** A short description for error messages (never the key). */
  readonly description: string;
  /** The API key, or undefined when none is configured (local servers such as Ollama need none). */
  getApiKey(): Promise<string | undefined>;
}

export const DEFAULT_API_KEY_VARIABLE = 'NOVEL_CONSOLE_LLM_API_KEY';

export function envCredentialSource(name = DEFAULT_API_KEY_VARIABLE, env: NodeJS.ProcessEnv = process.env): CredentialSource {
  return {
    description: `environment variable ${name}`,
    async getApiKey() {
      const value = env[name]?.trim();
      return value ? value : undefined;
    },
  };
}

/** The credential store's `provider.apiKey`: the keychain's value, else the environment variable's. */
export function storeCredentialSource(store: Pick<CredentialStore, 'get'>): CredentialSource {
  return {
    description: `the OS keychain (provider.apiKey) or ${DEFAULT_API_KEY_VARIABLE}`,
    getApiKey: () => store.get('provider.apiKey'),
  };
}

/** No key at all: for local servers, and the default when no source is given. */
export const noCredentials: CredentialSource = {
  description: 'no API key',
  async getApiKey() {
    return undefined;
  },
};
