import { type FeltLike, parseFelt } from './felt.js';
import { encodeShortString } from './shortString.js';

/** Chain ids of the public Starknet networks, as felts. */
export const StarknetChainId = {
  SN_MAIN: '0x534e5f4d41494e',
  SN_SEPOLIA: '0x534e5f5345504f4c4941',
} as const;

/**
 * A chain id as a felt. Numeric input (`0x534e5f4d41494e`) is taken as is; a name such as
 * `'SN_MAIN'` or `'SN_SEPOLIA'` is encoded as a short string.
 */
export function parseChainId(chainId: FeltLike): bigint {
  if (typeof chainId === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(chainId.trim())) {
    return encodeShortString(chainId.trim());
  }
  return parseFelt(chainId, 'chainId');
}
