import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import {
  addOrUpdateSessionCalldata,
  addOrUpdateSessionKeyCalldata,
  removeSpendingPolicyCalldata,
  revokeAllCalldata,
  revokeSessionKeyCalldata,
  setSpendingPolicyCalldata,
} from './calldata.js';

const TRANSFER = '0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e';
const KEY = '0x1234';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isChipiSessionError(e) ? e.code : 'other';
  }
  return undefined;
}

describe('add_or_update_session_key', () => {
  it('encodes key, valid_until, max_calls and the selector array', () => {
    expect(
      addOrUpdateSessionKeyCalldata({
        sessionPublicKey: KEY,
        validUntil: 1000,
        maxCalls: 5,
        allowedEntrypoints: ['transfer'],
      }),
    ).toEqual([KEY, '0x3e8', '0x5', '0x1', TRANSFER]);
  });

  it('refuses scoped entries, zero max_calls, past expiry and bad keys', () => {
    const base = { sessionPublicKey: KEY, validUntil: 1000, maxCalls: 5, allowedEntrypoints: [] };
    expect(
      codeOf(() =>
        addOrUpdateSessionKeyCalldata({
          ...base,
          allowedEntrypoints: [{ contractAddress: '0x5', entrypoint: 'transfer' }],
        }),
      ),
    ).toBe('SESSION_INVALID_CONFIG');
    expect(codeOf(() => addOrUpdateSessionKeyCalldata({ ...base, maxCalls: 0 }))).toBe(
      'SESSION_INVALID_CONFIG',
    );
    expect(codeOf(() => addOrUpdateSessionKeyCalldata({ ...base, maxCalls: 2 ** 32 }))).toBe(
      'SESSION_INVALID_CONFIG',
    );
    expect(codeOf(() => addOrUpdateSessionKeyCalldata({ ...base, now: 1000 }))).toBe(
      'SESSION_INVALID_CONFIG',
    );
    expect(codeOf(() => addOrUpdateSessionKeyCalldata({ ...base, sessionPublicKey: '0x0' }))).toBe(
      'SESSION_INVALID_CONFIG',
    );
    expect(addOrUpdateSessionKeyCalldata({ ...base, now: 999 })).toHaveLength(4);
  });

  it('refuses entries naming the account', () => {
    expect(
      codeOf(() =>
        addOrUpdateSessionKeyCalldata({
          sessionPublicKey: KEY,
          validUntil: 1000,
          maxCalls: 5,
          allowedEntrypoints: ['__execute__'],
          accountAddress: '0xacc',
        }),
      ),
    ).toBe('SESSION_SELF_CALL_FORBIDDEN');
  });
});

describe('add_or_update_session', () => {
  it('encodes the SessionConfig struct', () => {
    expect(
      addOrUpdateSessionCalldata({
        sessionPublicKey: KEY,
        validUntil: 1000,
        maxCalls: 5,
        allowedCalls: ['transfer', { contractAddress: '0xabc', entrypoint: TRANSFER }],
        strict: true,
        maxFeePerTx: 10n ** 18n,
      }),
    ).toEqual([
      KEY,
      '0x3e8',
      '0x5',
      '0x2',
      '0x0',
      TRANSFER,
      '0xabc',
      TRANSFER,
      '0x1',
      '0xde0b6b3a7640000',
      '0x3782dace9d90000',
    ]);
  });

  it('defaults to non-strict without a fee cap, with 0.05 STRK of fee budget per call', () => {
    expect(
      addOrUpdateSessionCalldata({
        sessionPublicKey: KEY,
        validUntil: 1,
        maxCalls: 1,
        allowedCalls: [],
      }),
    ).toEqual([KEY, '0x1', '0x1', '0x0', '0x0', '0x0', '0xb1a2bc2ec50000']);
    expect(
      addOrUpdateSessionCalldata({
        sessionPublicKey: KEY,
        validUntil: 1,
        maxCalls: 1,
        allowedCalls: [],
        feeBudget: 0,
      }).at(-1),
    ).toBe('0x0');
    expect(
      codeOf(() =>
        addOrUpdateSessionCalldata({
          sessionPublicKey: KEY,
          validUntil: 1,
          maxCalls: 1,
          allowedCalls: [],
          feeBudget: 2n ** 128n,
        }),
      ),
    ).toBe('SESSION_INVALID_CONFIG');
  });

  it('refuses a fee cap beyond u128 and a scoped entry on the account', () => {
    const base = { sessionPublicKey: KEY, validUntil: 1, maxCalls: 1, allowedCalls: [] };
    expect(codeOf(() => addOrUpdateSessionCalldata({ ...base, maxFeePerTx: 2n ** 128n }))).toBe(
      'SESSION_INVALID_CONFIG',
    );
    expect(
      codeOf(() =>
        addOrUpdateSessionCalldata({
          ...base,
          accountAddress: '0xacc',
          allowedCalls: [{ contractAddress: '0xacc', entrypoint: 'upgrade' }],
        }),
      ),
    ).toBe('SESSION_SELF_CALL_FORBIDDEN');
  });
});

describe('revocation and policies', () => {
  it('encodes revoke_session_key and revoke_all', () => {
    expect(revokeSessionKeyCalldata('0x00ABC')).toEqual(['0xabc']);
    expect(revokeAllCalldata()).toEqual([]);
  });

  it('splits the u256 limits of set_spending_policy', () => {
    expect(
      setSpendingPolicyCalldata({
        sessionPublicKey: KEY,
        token: '0x5',
        maxPerCall: 100_000n,
        maxPerWindow: 2n ** 128n + 7n,
        windowSeconds: 3600,
      }),
    ).toEqual([KEY, '0x5', '0x186a0', '0x0', '0x7', '0x1', '0xe10']);
  });

  it('refuses invalid policies with INVALID_SPENDING_POLICY', () => {
    const base = {
      sessionPublicKey: KEY,
      token: '0x5',
      maxPerCall: 1n,
      maxPerWindow: 1n,
      windowSeconds: 60,
    };
    expect(codeOf(() => setSpendingPolicyCalldata({ ...base, windowSeconds: 0 }))).toBe(
      'INVALID_SPENDING_POLICY',
    );
    expect(codeOf(() => setSpendingPolicyCalldata({ ...base, windowSeconds: 2n ** 64n }))).toBe(
      'INVALID_SPENDING_POLICY',
    );
    expect(codeOf(() => setSpendingPolicyCalldata({ ...base, maxPerCall: 2n ** 256n }))).toBe(
      'INVALID_SPENDING_POLICY',
    );
    expect(codeOf(() => setSpendingPolicyCalldata({ ...base, maxPerWindow: -1n }))).toBe(
      'INVALID_SPENDING_POLICY',
    );
    expect(codeOf(() => setSpendingPolicyCalldata({ ...base, token: '0x0' }))).toBe(
      'INVALID_SPENDING_POLICY',
    );
    expect(setSpendingPolicyCalldata({ ...base, maxPerWindow: 0n })).toHaveLength(7);
  });

  it('encodes remove_spending_policy', () => {
    expect(removeSpendingPolicyCalldata({ sessionPublicKey: KEY, token: '0x5' })).toEqual([
      KEY,
      '0x5',
    ]);
  });
});
