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
    executeBefore: 1_000,
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

/**
 * What the reconciler needs from every `SettlementStore`: the unfinished records older than a
 * cutoff, oldest first, and the eviction of finished records past their `ExecuteBefore` only.
 */
export async function checkReconcileQueries(store: SettlementStore, prefix: string): Promise<void> {
  const payer = `${prefix}1`;
  const rows = [
    settlementRecord({ payer, nonce: '0x10', status: 'claimed', updatedAt: 30, executeBefore: 50 }),
    settlementRecord({
      payer,
      nonce: '0x11',
      status: 'submitted',
      transaction: '0xt',
      updatedAt: 20,
      executeBefore: 50,
    }),
    settlementRecord({ payer, nonce: '0x12', status: 'settled', updatedAt: 10, executeBefore: 50 }),
    settlementRecord({ payer, nonce: '0x13', status: 'failed', updatedAt: 10, executeBefore: 50 }),
    settlementRecord({
      payer,
      nonce: '0x14',
      status: 'settled',
      updatedAt: 10,
      executeBefore: 500,
    }),
    settlementRecord({
      payer,
      nonce: '0x15',
      status: 'claimed',
      updatedAt: 9_000,
      executeBefore: 50,
    }),
  ];
  for (const row of rows) await store.claim({ ...row, paymentId: undefined });
  const unfinished = (await store.unfinished(100, 10)).filter((r) => r.payer === payer);
  expect(unfinished.map((r) => r.nonce)).toEqual(['0x11', '0x10']);
  expect(unfinished[0]).toMatchObject({ executeBefore: 50, transaction: '0xt' });
  expect((await store.unfinished(100, 1)).length).toBe(1);

  expect(await store.evict(100)).toBe(2);
  expect(await store.get(payer, '0x12')).toBeUndefined();
  expect(await store.get(payer, '0x13')).toBeUndefined();
  // Unfinished records and those still inside their window stay.
  for (const nonce of ['0x10', '0x11', '0x14', '0x15']) {
    expect(await store.get(payer, nonce)).toBeDefined();
  }
}
