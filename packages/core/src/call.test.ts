import { describe, expect, it } from 'vitest';
import { normalizeCall } from './call.js';
import { parseChainId, StarknetChainId } from './chainId.js';

describe('normalizeCall', () => {
  it('reduces a starknet.js call to felts', () => {
    expect(
      normalizeCall({
        contractAddress: '0x0A',
        entrypoint: 'transfer',
        calldata: ['0x1', '100', 0n],
      }),
    ).toEqual({
      to: 10n,
      selector: 0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12en,
      calldata: [1n, 100n, 0n],
    });
  });

  it('refuses a zero target and text calldata (never encoded as short strings)', () => {
    expect(() => normalizeCall({ contractAddress: '0x0', entrypoint: 'transfer' })).toThrow(/zero/);
    expect(() =>
      normalizeCall({ contractAddress: '0x1', entrypoint: 'transfer', calldata: ['abc'] }),
    ).toThrow(/calldata\[0\]/);
  });
});

describe('parseChainId', () => {
  it('accepts names and hex', () => {
    expect(parseChainId('SN_MAIN')).toBe(BigInt(StarknetChainId.SN_MAIN));
    expect(parseChainId(StarknetChainId.SN_SEPOLIA)).toBe(0x534e5f5345504f4c4941n);
  });
});
