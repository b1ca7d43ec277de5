import { StarknetChainId } from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { chainIdOfNetwork, STARKNET_NETWORKS, starknetNetwork } from './starknetNetwork.js';
import { isX402Error } from './X402Error.js';

describe('Starknet CAIP-2 networks', () => {
  it('names chains by their chain id short string', () => {
    expect(starknetNetwork(StarknetChainId.SN_MAIN)).toBe(STARKNET_NETWORKS.mainnet);
    expect(starknetNetwork(StarknetChainId.SN_SEPOLIA)).toBe(STARKNET_NETWORKS.sepolia);
    expect(starknetNetwork('MY_DEVNET')).toBe('starknet:MY_DEVNET');
    expect(chainIdOfNetwork('starknet:SN_MAIN')).toBe(BigInt(StarknetChainId.SN_MAIN));
    expect(chainIdOfNetwork(starknetNetwork('0x1'))).toBe(1n);
  });

  it('refuses other namespaces', () => {
    for (const bad of ['eip155:8453', 'starknet:', 'starknet:mainnet!', 'SN_MAIN']) {
      try {
        chainIdOfNetwork(bad);
        expect.unreachable(bad);
      } catch (error) {
        expect(isX402Error(error, 'invalid_network')).toBe(true);
      }
    }
  });
});
