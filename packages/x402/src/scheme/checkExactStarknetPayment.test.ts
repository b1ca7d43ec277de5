import { ANY_CALLER, outsideExecutionHash, toFeltHex } from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import {
  ASSET,
  NOW,
  outsideExecution,
  PAY_TO,
  PAYER,
  payload,
  requirements,
  SUBMITTER,
} from '../testing/paymentFixture.js';
import { checkExactStarknetPayment } from './checkExactStarknetPayment.js';
import { isX402Error } from './X402Error.js';
import type { PaymentPayload } from './x402Types.js';

function check(p: PaymentPayload, req = requirements()) {
  return checkExactStarknetPayment({
    payload: p,
    requirements: req,
    now: NOW,
    submitter: SUBMITTER,
  });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isX402Error(error)) return error.code;
    throw error;
  }
  return undefined;
}

const transfer = (calldata: string[], to = ASSET, entrypoint = 'transfer') => ({
  contractAddress: to,
  entrypoint,
  calldata,
});

describe('checkExactStarknetPayment', () => {
  it('accepts a well-formed payment and computes the hash itself', () => {
    const checked = check(payload());
    expect(checked.claimedPayer).toBe(toFeltHex(BigInt(PAYER)));
    expect(checked.transfer).toEqual({
      asset: toFeltHex(BigInt(ASSET)),
      payTo: toFeltHex(BigInt(PAY_TO)),
      amount: 100000n,
    });
    expect(checked.hash).toBe(
      toFeltHex(outsideExecutionHash(outsideExecution(), PAYER, 'SN_SEPOLIA')),
    );
  });

  it('refuses a wrong recipient', () => {
    const oe = outsideExecution({ calls: [transfer(['0xbad', '100000', '0'])] });
    expect(codeOf(() => check(payload(oe)))).toBe(
      'invalid_exact_starknet_payload_recipient_mismatch',
    );
  });

  it('refuses a wrong amount, also when hidden in the high limb', () => {
    const low = outsideExecution({ calls: [transfer([PAY_TO, '99999', '0'])] });
    const high = outsideExecution({ calls: [transfer([PAY_TO, '100000', '1'])] });
    expect(codeOf(() => check(payload(low)))).toBe(
      'invalid_exact_starknet_payload_amount_mismatch',
    );
    expect(codeOf(() => check(payload(high)))).toBe(
      'invalid_exact_starknet_payload_amount_mismatch',
    );
  });

  it('refuses two transfers and another entrypoint as invalid_payload, another token by its code', () => {
    const two = outsideExecution({
      calls: [transfer([PAY_TO, '100000', '0']), transfer([PAY_TO, '100000', '0'])],
    });
    const approve = outsideExecution({
      calls: [transfer([PAY_TO, '100000', '0'], ASSET, 'approve')],
    });
    const other = outsideExecution({ calls: [transfer([PAY_TO, '100000', '0'], '0xfa4e')] });
    expect(codeOf(() => check(payload(two)))).toBe('invalid_payload');
    expect(codeOf(() => check(payload(approve)))).toBe('invalid_payload');
    expect(codeOf(() => check(payload(other)))).toBe(
      'invalid_exact_starknet_payload_asset_mismatch',
    );
  });

  it('requires extra.feePayer: absent, zero, ANY_CALLER or not this executor is invalid_payment_requirements', () => {
    const without = requirements({ extra: { areFeesSponsored: true } });
    const zero = requirements({ extra: { feePayer: '0x0' } });
    const any = requirements({ extra: { feePayer: toFeltHex(ANY_CALLER) } });
    const foreign = requirements({ extra: { feePayer: '0x999' } });
    for (const req of [without, zero, any, foreign]) {
      expect(codeOf(() => check(payload(outsideExecution(), req), req))).toBe(
        'invalid_payment_requirements',
      );
    }
  });

  it('refuses a Caller other than the fee payer, ANY_CALLER included', () => {
    const other = outsideExecution({ caller: '0x999' });
    expect(codeOf(() => check(payload(other)))).toBe('invalid_exact_starknet_payload_caller');
    const any = outsideExecution({ caller: toFeltHex(ANY_CALLER) });
    expect(codeOf(() => check(payload(any)))).toBe('invalid_exact_starknet_payload_caller');
  });

  it('refuses an executor that is the payer or the recipient', () => {
    const toExecutor = requirements({ payTo: SUBMITTER });
    const oe = outsideExecution({ calls: [transfer([SUBMITTER, '100000', '0'])] });
    expect(codeOf(() => check(payload(oe, toExecutor), toExecutor))).toBe(
      'invalid_payment_requirements',
    );
    const byPayer = requirements({ extra: { feePayer: PAYER } });
    expect(
      codeOf(() =>
        checkExactStarknetPayment({
          payload: payload(outsideExecution({ caller: PAYER }), byPayer),
          requirements: byPayer,
          now: NOW,
          submitter: PAYER,
        }),
      ),
    ).toBe('invalid_payment_requirements');
  });

  it('applies the Timeout Mapping exactly (skew 60, margin 30, maxTimeout 300)', () => {
    const at = (executeAfter: number, executeBefore: number, phase?: 'verify' | 'settle') =>
      codeOf(() =>
        checkExactStarknetPayment({
          payload: payload(outsideExecution({ executeAfter, executeBefore })),
          requirements: requirements(),
          now: NOW,
          submitter: SUBMITTER,
          ...(phase === undefined ? {} : { phase }),
        }),
      );
    // ExecuteAfter = 1, as the scheme recommends and the reference client sends.
    expect(at(1, NOW + 300)).toBeUndefined();
    // ExecuteAfter < now - skew; at now - skew it is refused.
    expect(at(NOW - 61, NOW + 300)).toBeUndefined();
    expect(at(NOW - 60, NOW + 300)).toBe('invalid_payload');
    // Freshness at verify: ExecuteBefore >= now + maxTimeout - skew.
    expect(at(1, NOW + 240)).toBeUndefined();
    expect(at(1, NOW + 239)).toBe('outside_execution_expired');
    // ... not at settlement, where only the margin floor applies.
    expect(at(1, NOW + 239, 'settle')).toBeUndefined();
    expect(at(1, NOW + 31, 'settle')).toBeUndefined();
    expect(at(1, NOW + 30, 'settle')).toBe('outside_execution_expired');
    // Upper bound: ExecuteBefore <= now + maxTimeout + skew, at both phases.
    expect(at(1, NOW + 360)).toBeUndefined();
    expect(at(1, NOW + 361)).toBe('outside_execution_window_exceeds_max_timeout');
    expect(at(1, NOW + 361, 'settle')).toBe('outside_execution_window_exceeds_max_timeout');
  });

  it('refuses malformed server requirements as invalid_payment_requirements', () => {
    const bad = [
      requirements({ amount: '0x10' }),
      requirements({ amount: '0' }),
      requirements({ maxTimeoutSeconds: 30 }),
      requirements({ extra: { feePayer: SUBMITTER, areFeesSponsored: false } }),
    ];
    for (const req of bad) {
      expect(codeOf(() => check(payload(), req))).toBe('invalid_payment_requirements');
    }
  });

  it('refuses an accepted that differs from the server requirement as invalid_payload', () => {
    const cheaper = requirements({ amount: '1' });
    expect(codeOf(() => check(payload(outsideExecution(), cheaper)))).toBe('invalid_payload');
    const otherFeePayer = requirements({ extra: { feePayer: '0x999' } });
    expect(codeOf(() => check(payload(outsideExecution(), otherFeePayer)))).toBe('invalid_payload');
    const unsponsored = requirements({ extra: { feePayer: SUBMITTER, areFeesSponsored: false } });
    expect(codeOf(() => check(payload(outsideExecution(), unsponsored)))).toBe('invalid_payload');
    const mainnet = requirements({ network: 'starknet:SN_MAIN' });
    expect(codeOf(() => check(payload(outsideExecution(), mainnet)))).toBe('invalid_network');
    expect(codeOf(() => check(payload(), mainnet))).toBe('invalid_network');
  });

  it('refuses unknown keys and malformed signatures in the payload', () => {
    const p = payload();
    const extraKey = { ...p, payload: { ...(p.payload as object), hash: '0x1' } };
    expect(codeOf(() => check(extraKey))).toBe('invalid_payload');
    const inner = p.payload as { outsideExecution: { typedData: unknown } };
    const noSig = {
      ...p,
      payload: {
        from: PAYER,
        outsideExecution: { typedData: inner.outsideExecution.typedData, signature: [] },
      },
    };
    expect(codeOf(() => check(noSig))).toBe('invalid_exact_starknet_payload_signature');
  });
});
