/**
 * The stable code of an error thrown by the SDK or an x402 client (`ChipiSessionError`,
 * `ChipiError`, `X402Error` all carry a string `code`), or `null` for anything else.
 */
export function errorCodeOf(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** Any thrown value as an `Error`. */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
