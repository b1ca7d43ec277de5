import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseInteger } from './felt.js';

/** Order `n` of the Stark curve; private keys and signature `r`, `s` lie in `[1, n)`. */
export const STARK_CURVE_ORDER: bigint =
  0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2fn;

/** Parses a Stark private key, which must lie in `[1, n)`. */
export function parsePrivateKey(privateKey: FeltLike): bigint {
  const key = parseInteger(privateKey, 'privateKey');
  if (key < 1n || key >= STARK_CURVE_ORDER) {
    throw invalidInput('privateKey must be in [1, curve order)');
  }
  return key;
}

/** 64-digit lowercase hex without `0x`, the form @scure/starknet takes for keys and hashes. */
export function toHex64(value: bigint): string {
  return value.toString(16).padStart(64, '0');
}
