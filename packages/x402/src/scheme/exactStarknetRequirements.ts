import { ANY_CALLER, type FeltLike, parseFelt, toFeltHex } from '@chipi-sessions/core';
import { X402Error } from './X402Error.js';
import type { PaymentRequirements } from './x402Types.js';

/** The `exact` scheme's name. */
export const EXACT_SCHEME = 'exact';

/**
 * The `extra.feePayer` of an `exact` Starknet requirement: the address that will call
 * `execute_from_outside_v2`, to which the client binds the outside execution's `Caller`. The
 * scheme requires it and forbids zero and `ANY_CALLER`; a requirement without a usable one is
 * `invalid_payment_requirements`.
 */
export function requirementFeePayer(requirements: PaymentRequirements): string {
  const value = requirements.extra?.feePayer;
  if (value === undefined) {
    throw new X402Error('invalid_payment_requirements', 'extra.feePayer is required');
  }
  const feePayer = feltField(value, 'extra.feePayer');
  if (BigInt(feePayer) === 0n || BigInt(feePayer) === ANY_CALLER) {
    throw new X402Error(
      'invalid_payment_requirements',
      'extra.feePayer must be a concrete address (not zero or ANY_CALLER)',
    );
  }
  return feePayer;
}

/**
 * Validates the scheme-specific parts of a requirement and returns it with canonical hex
 * addresses: `asset` and `payTo` are felts, `extra.feePayer` is present and concrete, fees are not
 * declared unsponsored, `maxTimeoutSeconds` leaves room for `minSettleMarginSeconds`. Every defect
 * is `invalid_payment_requirements` (or `unsupported_scheme`).
 */
export function normalizeExactRequirements(
  requirements: PaymentRequirements,
  minSettleMarginSeconds = 0,
): PaymentRequirements {
  if (requirements.scheme !== EXACT_SCHEME) {
    throw new X402Error('unsupported_scheme', `unsupported scheme ${requirements.scheme}`);
  }
  if (
    requirements.extra?.areFeesSponsored !== undefined &&
    requirements.extra.areFeesSponsored !== true
  ) {
    throw new X402Error(
      'invalid_payment_requirements',
      'the exact Starknet scheme requires sponsored fees (extra.areFeesSponsored)',
    );
  }
  if (!/^[0-9]+$/.test(requirements.amount) || BigInt(requirements.amount) === 0n) {
    throw new X402Error('invalid_payment_requirements', 'amount is not a positive base-10 integer');
  }
  const timeout = requirements.maxTimeoutSeconds;
  if (!Number.isInteger(timeout) || timeout <= minSettleMarginSeconds) {
    throw new X402Error(
      'invalid_payment_requirements',
      `maxTimeoutSeconds must be an integer above ${minSettleMarginSeconds}`,
    );
  }
  return {
    ...requirements,
    asset: feltField(requirements.asset, 'asset'),
    payTo: feltField(requirements.payTo, 'payTo'),
    extra: { ...requirements.extra, feePayer: requirementFeePayer(requirements) },
  };
}

function feltField(value: unknown, name: string): string {
  try {
    return toFeltHex(parseFelt(value as FeltLike, name));
  } catch (cause) {
    throw new X402Error('invalid_payment_requirements', `${name} is not an address`, { cause });
  }
}
