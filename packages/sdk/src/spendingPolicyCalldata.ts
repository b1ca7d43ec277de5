import {
  ChipiSessionError,
  isChipiSessionError,
  parseInteger,
  setSpendingPolicyCalldata,
} from '@chipi-sessions/core';
import type { SpendingPolicyConfig } from './types.js';

/**
 * Validates a spending policy on the client and returns the `set_spending_policy` calldata.
 * Refused with `INVALID_SPENDING_POLICY`: a missing or zero session key or token, an amount that
 * is negative, fractional or above 2^256 - 1, a `windowSeconds` that is not a positive integer
 * within u64, and `maxPerCall > maxPerWindow` when `maxPerWindow` is not 0 (0 is a zero budget).
 */
export function spendingPolicyCalldata(config: SpendingPolicyConfig | undefined): string[] {
  if (config === null || typeof config !== 'object') {
    throw invalid('spendingPolicyConfig is required');
  }
  if (!Number.isSafeInteger(config.windowSeconds) || config.windowSeconds <= 0) {
    throw invalid('windowSeconds must be a positive integer');
  }
  const calldata = setSpendingPolicyCalldata(config);
  let perCall: bigint;
  let perWindow: bigint;
  try {
    perCall = parseInteger(config.maxPerCall, 'maxPerCall');
    perWindow = parseInteger(config.maxPerWindow, 'maxPerWindow');
  } catch (error) {
    if (isChipiSessionError(error)) throw invalid(error.message, error);
    throw error;
  }
  if (perWindow !== 0n && perCall > perWindow) {
    throw invalid('maxPerCall must not exceed maxPerWindow');
  }
  return calldata;
}

function invalid(message: string, cause?: unknown): ChipiSessionError {
  return new ChipiSessionError('INVALID_SPENDING_POLICY', message, {
    ...(cause === undefined ? {} : { cause }),
  });
}
