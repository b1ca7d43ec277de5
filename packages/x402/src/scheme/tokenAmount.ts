import { X402Error } from './X402Error.js';

/**
 * A human decimal amount (`"0.10"`) in a token's base units (`100000n` at 6 decimals). More
 * fraction digits than the token has, signs, exponents or blanks are `invalid_configuration`.
 */
export function parseTokenAmount(human: string, decimals: number): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(human);
  if (match === null || (match[2] ?? '').length > decimals) {
    throw new X402Error(
      'invalid_configuration',
      `"${human}" is not an amount with at most ${decimals} decimals`,
    );
  }
  const [, whole, fraction = ''] = match;
  return BigInt(`${whole}${fraction.padEnd(decimals, '0')}`);
}

/** Base units as a human decimal string with at least two fraction digits (`100000n`, 6 → "0.10"). */
export function formatTokenAmount(amount: bigint, decimals: number): string {
  const digits = amount.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits
    .slice(digits.length - decimals)
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return decimals === 0 ? whole : `${whole}.${fraction}`;
}
