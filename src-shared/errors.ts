/**
 * The typed error codes that cross the contract (STYLE.md "Errors"): every failure a caller can meet,
 * over IPC, HTTP or the CLI, is one of these with a one-sentence message — never a stack trace.
 */
export const ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'invalid_request',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status for each code; payload_too_large is an invalid_request with status 413. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface ErrorIssue {
  /** Dotted path of the offending field, e.g. `configuration.aiTemperature`; empty for the whole message. */
  field: string;
  message: string;
}

/** The wire shape of an error, identical over IPC and HTTP: `{ error: { code, message, issues? } }`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
}

export class ContractError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromBody(body: ErrorBody): ContractError {
    return new ContractError(body.code, body.message, body.issues);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Recognises an `{ error: { code, message } }` envelope received from the other side of a transport. */
export function parseErrorBody(value: unknown): ErrorBody | undefined {
  if (typeof value !== 'object' || value === null || !('error' in value)) return undefined;
  const error = (value as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, issues } = error as { code?: unknown; message?: unknown; issues?: unknown };
  if (!isErrorCode(code) || typeof message !== 'string') return undefined;
  return Array.isArray(issues) ? { code, message, issues: issues as ErrorIssue[] } : { code, message };
}
