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
    expect(checked.payer).toBe(toFeltHex(BigInt(PAYER)));
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

  it('refuses two transfers, another entrypoint, and another token', () => {
    const two = outsideExecution({
      calls: [transfer([PAY_TO, '100000', '0']), transfer([PAY_TO, '100000', '0'])],
    });
    const approve = outsideExecution({
      calls: [transfer([PAY_TO, '100000', '0'], ASSET, 'approve')],
    });
    const other = outsideExecution({ calls: [transfer([PAY_TO, '100000', '0'], '0xfa4e')] });
    expect(codeOf(() => check(payload(two)))).toBe('invalid_exact_starknet_payload_calls');
    expect(codeOf(() => check(payload(approve)))).toBe('invalid_exact_starknet_payload_calls');
    expect(codeOf(() => check(payload(other)))).toBe(
      'invalid_exact_starknet_payload_asset_mismatch',
    );
  });

  it('refuses a wrong caller, and ANY_CALLER when the requirement binds the fee payer', () => {
    const other = outsideExecution({ caller: '0x999' });
    expect(codeOf(() => check(payload(other)))).toBe('invalid_exact_starknet_payload_caller');
    const any = outsideExecution({ caller: toFeltHex(ANY_CALLER) });
    expect(check(payload(any)).payer).toBeDefined();
    const bound = requirements({ extra: { feePayer: SUBMITTER } });
    expect(codeOf(() => check(payload(any, bound), bound))).toBe(
      'invalid_exact_starknet_payload_caller',
    );
  });

  it('refuses an expired, a not-yet-valid and a too-wide window', () => {
    const expired = outsideExecution({ executeBefore: NOW + 10 });
    const early = outsideExecution({ executeAfter: NOW + 120 });
    const wide = outsideExecution({ executeAfter: NOW - 3600 });
    expect(codeOf(() => check(payload(expired)))).toBe('outside_execution_expired');
    expect(codeOf(() => check(payload(early)))).toBe('outside_execution_not_yet_valid');
    expect(codeOf(() => check(payload(wide)))).toBe('outside_execution_window_exceeds_max_timeout');
  });

  it('refuses an accepted requirement that differs from the server one, and another network', () => {
    const cheaper = requirements({ amount: '1' });
    expect(codeOf(() => check(payload(outsideExecution(), cheaper)))).toBe('accepted_mismatch');
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
