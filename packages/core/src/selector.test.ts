import { hash } from 'starknet';
import { describe, expect, it } from 'vitest';
import { getSelectorFromName, starknetKeccak, toSelector } from './selector.js';

const TRANSFER = 0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12en;

describe('selectors', () => {
  it('hashes names with starknet_keccak, never as short strings', () => {
    expect(getSelectorFromName('transfer')).toBe(TRANSFER);
    expect(toSelector('transfer')).toBe(TRANSFER);
    expect(toSelector('transfer')).not.toBe(0x7472616e73666572n);
  });

  it('keeps hex selectors as they are', () => {
    expect(toSelector('0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e')).toBe(
      TRANSFER,
    );
    expect(toSelector(TRANSFER)).toBe(TRANSFER);
  });

  it('refuses malformed names and the zero selector', () => {
    expect(() => getSelectorFromName('trans fer')).toThrow(/entrypoint name/);
    expect(() => toSelector('')).toThrow();
    expect(() => toSelector('0x0')).toThrow(/zero/);
  });

  it('matches starknet.js for account and token entrypoints', () => {
    for (const name of [
      '__execute__',
      'transfer_from',
      'increaseAllowance',
      'execute_from_outside_v2',
    ]) {
      expect(getSelectorFromName(name)).toBe(BigInt(hash.getSelectorFromName(name)));
    }
    expect(starknetKeccak('__execute__')).toBe(
      0x15d40a3d6ca2ac30f4031e42be28da9b056fef9bb7357ac5e85627ee876e5adn,
    );
  });
});
