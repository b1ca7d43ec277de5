import {
  type FeltOutsideExecution,
  getSelectorFromName,
  toFeltHex,
  U128_BOUND,
} from '@chipi-sessions/core';
import { X402Error } from './X402Error.js';
import type { PaymentRequirements } from './x402Types.js';

const TRANSFER = getSelectorFromName('transfer');

/** The single token transfer an `exact` payment makes. */
export interface ExactTransfer {
  asset: string;
  payTo: string;
  amount: bigint;
}

/**
 * Checks that an outside execution holds exactly one call, `asset.transfer(payTo, low, high)`
 * with three calldata felts, paying exactly `requirements.amount` to `requirements.payTo`.
 * A call that is not one three-felt `transfer` is `invalid_payload`; a wrong token, recipient or
 * amount is `…_asset_mismatch`, `…_recipient_mismatch`, `…_amount_mismatch` (the scheme's codes).
 */
export function checkExactTransfer(
  oe: FeltOutsideExecution,
  requirements: PaymentRequirements,
): ExactTransfer {
  if (oe.calls.length !== 1) {
    throw new X402Error(
      'invalid_payload',
      `an exact payment holds exactly one call, got ${oe.calls.length}`,
      { details: { calls: oe.calls.length } },
    );
  }
  const call = oe.calls[0]!;
  if (call.selector !== TRANSFER) {
    throw new X402Error('invalid_payload', 'the call is not transfer', {
      details: { selector: toFeltHex(call.selector) },
    });
  }
  if (call.calldata.length !== 3) {
    throw new X402Error(
      'invalid_payload',
      `transfer takes 3 calldata felts, got ${call.calldata.length}`,
    );
  }
  if (call.to !== BigInt(requirements.asset)) {
    throw new X402Error('invalid_exact_starknet_payload_asset_mismatch', 'wrong token', {
      details: { expected: requirements.asset, actual: toFeltHex(call.to) },
    });
  }
  const [recipient, low, high] = call.calldata as [bigint, bigint, bigint];
  if (recipient !== BigInt(requirements.payTo)) {
    throw new X402Error('invalid_exact_starknet_payload_recipient_mismatch', 'wrong recipient', {
      details: { expected: requirements.payTo, actual: toFeltHex(recipient) },
    });
  }
  const amount = low < U128_BOUND && high < U128_BOUND ? (high << 128n) | low : -1n;
  if (amount !== BigInt(requirements.amount)) {
    throw new X402Error('invalid_exact_starknet_payload_amount_mismatch', 'wrong amount', {
      details: {
        expected: requirements.amount,
        actual: amount < 0n ? 'malformed' : String(amount),
      },
    });
  }
  return { asset: toFeltHex(call.to), payTo: toFeltHex(recipient), amount };
}
