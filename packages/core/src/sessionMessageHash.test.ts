import { hash } from 'starknet';
import { describe, expect, it } from 'vitest';
import {
  SESSION_OE_PREFIX,
  SESSION_TX_PREFIX,
  sessionOutsideExecutionMessageHash,
  sessionTransactionMessageHash,
} from './sessionMessageHash.js';
import { encodeShortString } from './shortString.js';

const KEY = 0x7819c0b12cc4b3064c0882f51c13d823d857572d1c3d3bf72ec44f8e8009fdn;

describe('session message hashes', () => {
  it('uses the domain tags of the contract', () => {
    expect(SESSION_TX_PREFIX).toBe(encodeShortString('chipi/session-tx-v1'));
    expect(SESSION_OE_PREFIX).toBe(encodeShortString('chipi/session-oe-v1'));
  });

  it('is poseidon(tag, hash, key, valid_until) (cross-checked with starknet.js)', () => {
    const tx = sessionTransactionMessageHash('0xabc', KEY, 1_700_000_000);
    expect(tx).toBe(
      BigInt(hash.computePoseidonHashOnElements([SESSION_TX_PREFIX, 0xabcn, KEY, 1_700_000_000n])),
    );
    const oe = sessionOutsideExecutionMessageHash('0xabc', KEY, 1_700_000_000);
    expect(oe).toBe(
      BigInt(hash.computePoseidonHashOnElements([SESSION_OE_PREFIX, 0xabcn, KEY, 1_700_000_000n])),
    );
  });

  it('separates transactions from outside executions and binds every field', () => {
    const base = sessionTransactionMessageHash(1n, KEY, 10);
    expect(sessionOutsideExecutionMessageHash(1n, KEY, 10)).not.toBe(base);
    expect(sessionTransactionMessageHash(2n, KEY, 10)).not.toBe(base);
    expect(sessionTransactionMessageHash(1n, KEY + 1n, 10)).not.toBe(base);
    expect(sessionTransactionMessageHash(1n, KEY, 11)).not.toBe(base);
  });

  it('refuses valid_until beyond u64 and a zero key', () => {
    expect(() => sessionTransactionMessageHash(1n, KEY, 2n ** 64n)).toThrow(/u64/);
    expect(() => sessionOutsideExecutionMessageHash(1n, 0n, 1)).toThrow(/zero/);
  });
});
