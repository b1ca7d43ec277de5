import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import { isValueMovingSelector, spendOfCall, VALUE_MOVING_ENTRYPOINTS } from './spendOfCall.js';

const ACCOUNT = '0xacc';
const TOKEN = '0x70c';

const call = (entrypoint: string, calldata: string[]) => ({
  contractAddress: TOKEN,
  entrypoint,
  calldata,
});

function reasonOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return isChipiSessionError(e, 'SESSION_INVALID_CALLDATA') ? e.details.reason : 'other';
  }
  return undefined;
}

describe('spendOfCall', () => {
  it('reads the amount of transfer, approve and increase_allowance', () => {
    for (const name of ['transfer', 'approve', 'increase_allowance', 'increaseAllowance']) {
      expect(spendOfCall(call(name, ['0x1', '0x64', '0x0']), ACCOUNT)).toEqual({
        token: TOKEN,
        amount: 100n,
      });
    }
    expect(spendOfCall(call('transfer', ['0x1', '0x0', '0x1']), ACCOUNT)?.amount).toBe(2n ** 128n);
  });

  it('counts transfer_from only when the sender is the account', () => {
    for (const name of ['transfer_from', 'transferFrom']) {
      expect(spendOfCall(call(name, ['0x0acc', '0x2', '0x9', '0x0']), ACCOUNT)?.amount).toBe(9n);
      expect(spendOfCall(call(name, ['0x2', '0xacc', '0x9', '0x0']), ACCOUNT)).toEqual({
        token: TOKEN,
        amount: 0n,
      });
    }
  });

  it('ignores other selectors', () => {
    expect(spendOfCall(call('balance_of', ['0x1']), ACCOUNT)).toBeUndefined();
    expect(spendOfCall(call('swap', []), ACCOUNT)).toBeUndefined();
  });

  it("requires the exact calldata length ('policy/bad-calldata')", () => {
    expect(reasonOf(() => spendOfCall(call('transfer', ['0x1', '0x1']), ACCOUNT))).toBe(
      'policy/bad-calldata',
    );
    expect(
      reasonOf(() => spendOfCall(call('transfer', ['0x1', '0x1', '0x0', '0x0']), ACCOUNT)),
    ).toBe('policy/bad-calldata');
    expect(
      reasonOf(() => spendOfCall(call('transfer_from', ['0xacc', '0x1', '0x1']), ACCOUNT)),
    ).toBe('policy/bad-calldata');
  });

  it("requires limbs below 2^128 ('policy/bad-amount')", () => {
    const big = `0x1${'0'.repeat(32)}`;
    expect(reasonOf(() => spendOfCall(call('transfer', ['0x1', big, '0x0']), ACCOUNT))).toBe(
      'policy/bad-amount',
    );
    expect(reasonOf(() => spendOfCall(call('approve', ['0x1', '0x0', big]), ACCOUNT))).toBe(
      'policy/bad-amount',
    );
  });

  it('lists six value-moving entrypoints', () => {
    expect(VALUE_MOVING_ENTRYPOINTS).toHaveLength(6);
    expect(
      isValueMovingSelector('0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e'),
    ).toBe(true);
    expect(isValueMovingSelector('0x1')).toBe(false);
  });
});
