import { ChipiSessionError } from '@chipi-sessions/core';

/** Decimals of USDC, the token x402 prices are paid in. */
export const USDC_DECIMALS = 6;

/**
 * `"0.10"` → `100000n` for 6 decimals. Only plain non-negative decimals are accepted; more
 * fraction digits than `decimals` is `INVALID_INPUT` rather than a silent rounding.
 */
export function parseTokenAmount(amount: string, decimals = USDC_DECIMALS): bigint {
  const match = typeof amount === 'string' ? /^(\d+)(?:\.(\d*))?$/.exec(amount.trim()) : null;
  const fraction = match?.[2] ?? '';
  if (match === null || fraction.length > decimals) {
    throw new ChipiSessionError('INVALID_INPUT', `not a token amount with ${decimals} decimals`, {
      details: { amount },
    });
  }
  return (
    BigInt(match[1] as string) * 10n ** BigInt(decimals) +
    BigInt(fraction.padEnd(decimals, '0') || '0')
  );
}

/** `30000n` → `"0.030000"` for 6 decimals (always every decimal, like the seed's `totalSpent`). */
export function formatTokenAmount(baseUnits: bigint, decimals = USDC_DECIMALS): string {
  const scale = 10n ** BigInt(decimals);
  const whole = baseUnits / scale;
  const fraction = (baseUnits % scale).toString().padStart(decimals, '0');
  return decimals === 0 ? whole.toString() : `${whole}.${fraction}`;
}
