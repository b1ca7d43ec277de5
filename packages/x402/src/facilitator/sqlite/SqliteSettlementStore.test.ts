import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkAttemptOwnership,
  checkReconcileQueries,
  settlementRecord,
} from '../../testing/settlementStoreBehaviour.js';
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

  it('opens a file written before execute_before existed, reading its rows with 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'x402-store-'));
    dirs.push(dir);
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    old.exec(`CREATE TABLE x402_settlements (payer TEXT NOT NULL, nonce TEXT NOT NULL,
      fingerprint TEXT NOT NULL, payment_id TEXT, network TEXT NOT NULL, asset TEXT NOT NULL,
      pay_to TEXT NOT NULL, amount TEXT NOT NULL, status TEXT NOT NULL,
      attempt TEXT NOT NULL DEFAULT '', tx_hash TEXT, error_reason TEXT, error_message TEXT,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (payer, nonce))`);
    old.exec(`INSERT INTO x402_settlements VALUES ('0x1', '0x2', 'h:sig', NULL, 'n', '0xa', '0xb',
      '100', 'settled', 'a', '0xt', NULL, NULL, 1, 1)`);
    old.close();
    const store = new SqliteSettlementStore(path);
    expect(store.get('0x1', '0x2')).toMatchObject({ status: 'settled', executeBefore: 0 });
    expect(store.evict(1)).toBe(1);
    store.close();
  });

  it('lists unfinished records oldest first and evicts only finished ones past their window', async () => {
    const store = new SqliteSettlementStore(':memory:');
    await checkReconcileQueries(store, '0xa');
    store.close();
  });
});
