import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAttemptOwnership, settlementRecord } from '../../testing/settlementStoreBehaviour.js';
import { SqliteSettlementStore } from './SqliteSettlementStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = settlementRecord;

describe('SqliteSettlementStore', () => {
  it('claims (payer, nonce) once, and the claim survives reopening the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'x402-store-'));
    dirs.push(dir);
    const path = join(dir, 'settlements.sqlite');
    const first = new SqliteSettlementStore(path);
    expect(first.claim(record())).toEqual({ claimed: true });
    expect(first.transition('0x1', '0x2', 'claimed', 'submitted', { transaction: '0xt' })).toBe(
      true,
    );
    first.close();

    const reopened = new SqliteSettlementStore(path);
    const again = reopened.claim(record({ fingerprint: 'other' }));
    expect(again.claimed).toBe(false);
    expect(again.claimed === false && again.existing).toMatchObject({
      status: 'submitted',
      transaction: '0xt',
      fingerprint: 'h:sig',
    });
    expect(reopened.findByPaymentId('pay_0123456789abcdef')?.nonce).toBe('0x2');
    // Only one transition out of `submitted` wins.
    expect(reopened.transition('0x1', '0x2', 'submitted', 'settled')).toBe(true);
    expect(reopened.transition('0x1', '0x2', 'submitted', 'settled')).toBe(false);
    expect(reopened.get('0x1', '0x2')?.status).toBe('settled');
    reopened.close();
  });

  it('does not find failed records by payment identifier', () => {
    const store = new SqliteSettlementStore(':memory:');
    store.claim(record());
    store.transition('0x1', '0x2', 'claimed', 'failed', { errorReason: 'transaction_reverted' });
    expect(store.findByPaymentId('pay_0123456789abcdef')).toBeUndefined();
    expect(store.get('0x1', '0x2')?.errorReason).toBe('transaction_reverted');
    store.close();
  });

  it('lets only the attempt that owns a record move it', async () => {
    const store = new SqliteSettlementStore(':memory:');
    await checkAttemptOwnership(store, '0x30');
    store.close();
  });
});
