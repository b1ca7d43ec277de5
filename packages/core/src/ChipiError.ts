/** Options shared by every error of the package. */
export interface ChipiErrorOptions {
  /** Structured data about the failure (field names, offending values, indexes). */
  details?: Readonly<Record<string, unknown>>;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * The one error base class of `@chipi-sessions/core`. Every error the package throws is a
 * `ChipiError` with a stable machine-readable `code`; `ChipiSessionError` narrows the code type.
 */
export class ChipiError extends Error {
  override name = 'ChipiError';
  /** Stable machine-readable code, e.g. `SESSION_EXPIRED`. */
  readonly code: string;
  /** Structured data about the failure; empty when there is none. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: ChipiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}
