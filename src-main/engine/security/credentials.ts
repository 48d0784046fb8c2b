/**
 * The console's secrets (LLM provider keys, the JWT signing key, alert channel secrets) behind one
 * interface. The implementation keeps them in the OS keychain (keytar over the Secret Service); an
 * environment variable may supply one on a headless server. Nothing here ever writes a secret to disk,
 * and no answer ever carries a value except `get`, which only engine code calls.
 */
import type { z } from 'zod';
import type { CredentialInfo, CredentialName, CredentialsListResponse } from '../../../src-shared/domain/security';

export type CredentialNameValue = z.infer<typeof CredentialName>;

export interface KeychainStatus {
  available: boolean;
  /** When unavailable: what is missing and how to fix it, in one sentence. */
  problem: string | null;
}

export interface CredentialStore {
  status(): Promise<KeychainStatus>;
  /** The value from the keychain, else from its environment variable, else undefined. */
  get(name: CredentialNameValue): Promise<string | undefined>;
  /** Sets or replaces the value in the keychain; `unavailable` (naming the fix) when there is none. */
  set(name: CredentialNameValue, value: string): Promise<CredentialInfo>;
  delete(name: CredentialNameValue): Promise<{ deleted: boolean; credential: CredentialInfo }>;
  list(): Promise<z.infer<typeof CredentialsListResponse>>;
}
