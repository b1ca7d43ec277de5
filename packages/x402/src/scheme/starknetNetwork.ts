import { decodeShortString, type FeltLike, parseChainId, toFeltHex } from '@chipi-sessions/core';
import { X402Error } from './X402Error.js';

/** CAIP-2 ids of the public Starknet networks in the registered `exact` scheme. */
export const STARKNET_NETWORKS = {
  mainnet: 'starknet:SN_MAIN',
  sepolia: 'starknet:SN_SEPOLIA',
} as const;

/** Native USDC (6 decimals), the scheme's default asset on each public network. */
export const STARKNET_USDC: Readonly<Record<string, string>> = {
  'starknet:SN_MAIN': '0x033068f6539f8e6e6b131e6b2b814e6c34a5224bc66947c47dab9dfee93b35fb',
  'starknet:SN_SEPOLIA': '0x0512feac6339ff7889822cb5aa2a86c848e9d392bb0e3e237c008674feed8343',
};

const PREFIX = 'starknet:';

/**
 * The CAIP-2 network id of a chain: `starknet:` followed by the chain id's short-string name
 * (`0x534e5f4d41494e` → `starknet:SN_MAIN`; a devnet started with another chain id gets its own
 * name). A chain id that is not a printable short string is written as hex.
 */
export function starknetNetwork(chainId: FeltLike): string {
  const felt = parseChainId(chainId);
  const name = decodeShortString(felt);
  return `${PREFIX}${name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : toFeltHex(felt)}`;
}

/** The chain id (felt) of a `starknet:<name>` network; anything else is `invalid_network`. */
export function chainIdOfNetwork(network: string): bigint {
  if (typeof network !== 'string' || !network.startsWith(PREFIX)) {
    throw new X402Error('invalid_network', `not a Starknet network: ${String(network)}`, {
      details: { network },
    });
  }
  const reference = network.slice(PREFIX.length);
  if (!/^(?:[A-Za-z_][A-Za-z0-9_]{0,30}|0x[0-9a-fA-F]{1,63})$/.test(reference)) {
    throw new X402Error('invalid_network', `malformed Starknet network: ${network}`, {
      details: { network },
    });
  }
  return parseChainId(reference);
}
