/**
 * SNIP-29's error codes (the paymaster JSON-RPC API, as starknet.js's `PAYMASTER_API` types them),
 * plus the JSON-RPC 2.0 protocol errors.
 */
export const PAYMASTER_ERROR_CODES = {
  INVALID_ADDRESS: 150,
  TOKEN_NOT_SUPPORTED: 151,
  INVALID_SIGNATURE: 153,
  MAX_AMOUNT_TOO_LOW: 154,
  CLASS_HASH_NOT_SUPPORTED: 155,
  TRANSACTION_EXECUTION_ERROR: 156,
  INVALID_TIME_BOUNDS: 157,
  INVALID_DEPLOYMENT_DATA: 158,
  INVALID_CLASS_HASH: 159,
  INVALID_ID: 160,
  UNKNOWN_ERROR: 163,
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
} as const;

/** The name of a paymaster error, e.g. `TRANSACTION_EXECUTION_ERROR`. */
export type PaymasterErrorName = keyof typeof PAYMASTER_ERROR_CODES;

/**
 * Why the paymaster itself refused a request. SNIP-29 has no code for these, so they are answered
 * as `UNKNOWN_ERROR` (163) with `data` = `"<reason>: <explanation>"`.
 */
export type PaymasterRefusal =
  | 'invalid_api_key'
  | 'rate_limited'
  | 'budget_exhausted'
  | 'replayed_request'
  | 'fee_cap_exceeded'
  | 'invalid_typed_data'
  | 'unknown_relayer'
  | 'internal_error';

const PROTOCOL_MESSAGES: Partial<Record<PaymasterErrorName, string>> = {
  PARSE_ERROR: 'Parse error',
  INVALID_REQUEST: 'Invalid Request',
  METHOD_NOT_FOUND: 'Method not found',
  INVALID_PARAMS: 'Invalid params',
};

/** A JSON-RPC error object. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * Every error the paymaster answers with. `code` is SNIP-29's (or JSON-RPC's) number, the JSON-RPC
 * `message` is SNIP-29's fixed text (`An error occurred (INVALID_SIGNATURE)`), and `data` carries
 * the details: for `TRANSACTION_EXECUTION_ERROR`, `{ execution_error }` with the account's revert
 * reason; for `UNKNOWN_ERROR`, a `"<reason>: <explanation>"` string.
 */
export class PaymasterError extends Error {
  override readonly name = 'PaymasterError';
  readonly error: PaymasterErrorName;
  readonly code: number;
  readonly data: unknown;

  constructor(
    error: PaymasterErrorName,
    message: string,
    options: { data?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.error = error;
    this.code = PAYMASTER_ERROR_CODES[error];
    this.data = options.data;
  }

  /** The paymaster's own refusal (`UNKNOWN_ERROR` with `data` `"<reason>: <message>"`). */
  static refusal(reason: PaymasterRefusal, message: string, cause?: unknown): PaymasterError {
    return new PaymasterError('UNKNOWN_ERROR', message, {
      data: `${reason}: ${message}`,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** The JSON-RPC `error` member. */
  toJsonRpc(): JsonRpcErrorObject {
    const message = PROTOCOL_MESSAGES[this.error] ?? `An error occurred (${this.error})`;
    const data = this.data ?? (this.code < 0 ? this.message : undefined);
    return data === undefined ? { code: this.code, message } : { code: this.code, message, data };
  }
}

/** Whether `error` is a `PaymasterError` (optionally of one kind). */
export function isPaymasterError(
  error: unknown,
  kind?: PaymasterErrorName,
): error is PaymasterError {
  return error instanceof PaymasterError && (kind === undefined || error.error === kind);
}
