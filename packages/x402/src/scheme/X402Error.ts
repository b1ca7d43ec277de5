import { ChipiError, type ChipiErrorOptions } from '@chipi-sessions/core';
import type { X402ErrorCode } from './x402ErrorCodes.js';

/**
 * The one error class of `@chipi-sessions/x402`. Its `code` is stable and, for protocol
 * refusals, is the x402 reason string itself (`invalid_exact_starknet_payload_recipient_mismatch`,
 * `nonce_already_used`, …), so the same code travels from the facilitator through the resource
 * server to the paying client.
 *
 * @example
 * ```ts
 * try { await client.fetch(url); }
 * catch (e) { if (isX402Error(e, 'budget_exceeded')) pause(); }
 * ```
 */
export class X402Error extends ChipiError {
  override name = 'X402Error';
  declare readonly code: X402ErrorCode;

  constructor(code: X402ErrorCode, message: string, options: ChipiErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `value` is an `X402Error`, optionally with the given code. */
export function isX402Error(value: unknown, code?: X402ErrorCode): value is X402Error {
  return value instanceof X402Error && (code === undefined || value.code === code);
}
