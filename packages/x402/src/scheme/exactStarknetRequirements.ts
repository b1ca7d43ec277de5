import { type FeltLike, parseFelt, toFeltHex } from '@chipi-sessions/core';
import { X402Error } from './X402Error.js';
import type { PaymentRequirements } from './x402Types.js';

/** The `exact` scheme's name. */
export const EXACT_SCHEME = 'exact';

/**
 * The caller an `exact` Starknet requirement binds the outside execution to:
 * `extra.feePayer` (or its earlier name `extra.caller`), else `undefined` (ANY_CALLER allowed).
 */
export function requirementCaller(requirements: PaymentRequirements): string | undefined {
  const value = requirements.extra?.feePayer ?? requirements.extra?.caller;
  if (value === undefined) return undefined;
  return feltField(value, 'extra.feePayer');
}

/**
 * Validates the scheme-specific parts of a requirement (`asset`, `payTo` are felts; fees may not be
 * declared unsponsored) and returns it with canonical hex addresses.
 */
export function normalizeExactRequirements(requirements: PaymentRequirements): PaymentRequirements {
  if (requirements.scheme !== EXACT_SCHEME) {
    throw new X402Error('unsupported_scheme', `unsupported scheme ${requirements.scheme}`);
  }
  if (requirements.extra?.areFeesSponsored === false) {
    throw new X402Error(
      'invalid_payment_requirements',
      'the exact Starknet scheme requires sponsored fees (extra.areFeesSponsored)',
    );
  }
  const normalized: PaymentRequirements = {
    ...requirements,
    asset: feltField(requirements.asset, 'asset'),
    payTo: feltField(requirements.payTo, 'payTo'),
  };
  const caller = requirementCaller(requirements);
  if (caller !== undefined) normalized.extra = { ...requirements.extra, feePayer: caller };
  return normalized;
}

function feltField(value: unknown, name: string): string {
  try {
    return toFeltHex(parseFelt(value as FeltLike, name));
  } catch (cause) {
    throw new X402Error('invalid_payment_requirements', `${name} is not an address`, { cause });
  }
}
