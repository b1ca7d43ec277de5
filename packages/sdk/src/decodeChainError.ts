import { ChipiError, sessionErrorFromRevert } from '@chipi-sessions/core';

/**
 * Turns what a node, starknet.js or a paymaster threw into the SDK's error: when it carries an
 * error felt of the session account (`'session/expired'`, `'policy/exceeds-window'`, …) the
 * result is the `ChipiSessionError` with the matching code, the felt in `details.reason` and the
 * original error as `cause`. `ChipiError`s pass through; anything else is returned unchanged.
 */
export function decodeChainError(error: unknown): unknown {
  if (error instanceof ChipiError) return error;
  return sessionErrorFromRevert(error) ?? error;
}
