/**
 * What an error shown in a card carries: the contract's typed code and its one-sentence message. Anything
 * that is not a ContractError (a bug in the page, a broken response) is shown as `internal`.
 */
import { ContractError } from '../../../src-shared/errors';

export interface ErrorView {
  code: string;
  message: string;
}

export function toErrorView(error: unknown): ErrorView {
  if (error instanceof ContractError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'internal', message: error.message || error.name };
  return { code: 'internal', message: String(error) };
}
