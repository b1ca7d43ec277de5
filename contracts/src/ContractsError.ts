/** Every error thrown by `@chipi-sessions/contracts`; `code` is stable across versions. */
export class ContractsError extends Error {
  override readonly name = 'ContractsError';

  constructor(
    readonly code: ContractsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ContractsErrorCode =
  | 'UNKNOWN_CONTRACT'
  | 'INVALID_ARGUMENT'
  | 'CLASS_HASH_MISMATCH'
  | 'DECLARE_FAILED';
