import { expect } from 'vitest';
import type { SettlementRecord, SettlementStore } from '../facilitator/SettlementStore.js';

export function settlementRecord(extra: Partial<SettlementRecord> = {}): SettlementRecord {
  return {
    payer: '0x1',
    nonce: '0x2',
    fingerprint: 'h:sig',
    paymentId: 'pay_0123456789abcdef',
    network: 'starknet:SN_SEPOLIA',
    asset: '0xa',
    payTo: '0xb',
    amount: '100',
    status: 'claimed',
    attempt: 'attempt-a',
    transaction: undefined,
    errorReason: undefined,
    errorMessage: undefined,
    createdAt: 1,
    updatedAt: 1,
    ...extra,
  };
}

/**
 * What every `SettlementStore` must do for the lease-based state machine: an attempt that lost
 * its claim cannot move the record, a failed record is claimed again under a new attempt, and a
 * transition may start from several states.
 */
export async function checkAttemptOwnership(store: SettlementStore, nonce: string): Promise<void> {
  await store.claim(settlementRecord({ nonce }));
  // Another instance retires the stale claim of attempt-a ...
  expect(await store.transition('0x1', nonce, 'claimed', 'failed', {}, 'attempt-a')).toBe(true);
  // ... and claims the payment again as attempt-b.
  expect(await store.transition('0x1', nonce, 'failed', 'claimed', { attempt: 'attempt-b' })).toBe(
    true,
  );
  // attempt-a wakes up and tries to record its hash: refused, so it does not broadcast.
  expect(
    await store.transition(
      '0x1',
      nonce,
      ['claimed', 'submitted'],
      'submitted',
      {
        transaction: '0xa',
      },
      'attempt-a',
    ),
  ).toBe(false);
  expect(
    await store.transition(
      '0x1',
      nonce,
      ['claimed', 'submitted'],
      'submitted',
      {
        transaction: '0xb1',
      },
      'attempt-b',
    ),
  ).toBe(true);
  // attempt-b signs again (the node refused its account nonce): still its own record.
  expect(
    await store.transition(
      '0x1',
      nonce,
      ['claimed', 'submitted'],
      'submitted',
      {
        transaction: '0xb2',
      },
      'attempt-b',
    ),
  ).toBe(true);
  expect(await store.get('0x1', nonce)).toMatchObject({
    status: 'submitted',
    attempt: 'attempt-b',
    transaction: '0xb2',
  });
}
