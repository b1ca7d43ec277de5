import { utf8ToBytes } from '@noble/hashes/utils.js';
import { keccak } from '@scure/starknet';
import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseNonZeroFelt } from './felt.js';

const ENTRYPOINT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Starknet keccak (the low 250 bits of keccak-256) of an ASCII string. */
export function starknetKeccak(text: string): bigint {
  return keccak(utf8ToBytes(text));
}

/**
 * Selector of an entrypoint name: `starknet_keccak(name)`, e.g. `transfer` →
 * `0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e`.
 */
export function getSelectorFromName(name: string): bigint {
  if (!ENTRYPOINT_NAME.test(name)) {
    throw invalidInput(`not a Cairo entrypoint name: ${JSON.stringify(name)}`, { name });
  }
  return starknetKeccak(name);
}

/**
 * Selector of an entrypoint given as a name (`transfer`) or as a selector (`0x83af…`, or a
 * bigint). Names are hashed, never encoded as short strings; a selector must be a non-zero felt.
 */
export function toSelector(entrypoint: FeltLike, name = 'entrypoint'): bigint {
  if (typeof entrypoint === 'string' && !/^0x/i.test(entrypoint.trim())) {
    return getSelectorFromName(entrypoint.trim());
  }
  return parseNonZeroFelt(entrypoint, name);
}
