import { describe, expect, it } from 'vitest';
import { isX402Error } from '../scheme/X402Error.js';
import { SpendingLedger } from './SpendingLedger.js';

const payment = (paymentId: string, amount: bigint) => ({
  paymentId,
  resource: 'http://x/',
  asset: '0xa',
  payTo: '0xb',
  amount,
  payer: '0xc',
  transaction: '0xt',
  network: 'starknet:SN_MAIN',
  signedBy: 'account' as const,
});

describe('SpendingLedger', () => {
  it('counts only committed payments and reserves in-flight ones against the budget', () => {
    const ledger = new SpendingLedger({ perSession: 250n });
    ledger.reserve('a', 100n);
    ledger.reserve('b', 100n);
    expect(ledger.totalSpent()).toBe(0n);
    expect(() => ledger.reserve('c', 100n)).toThrow(/perSession/);
    ledger.release('b');
    ledger.commit(payment('a', 100n));
    expect(ledger.totalSpent()).toBe(100n);
    ledger.reserve('c', 100n);
    try {
      ledger.reserve('d', 100n);
      expect.unreachable();
    } catch (error) {
      expect(isX402Error(error, 'budget_exceeded')).toBe(true);
    }
  });

  it('applies the per-day budget per UTC day', () => {
    let now = Date.UTC(2030, 0, 1, 23, 0);
    const ledger = new SpendingLedger({ perDay: 100n }, () => now);
    ledger.reserve('a', 100n);
    ledger.commit(payment('a', 100n));
    expect(() => ledger.reserve('b', 1n)).toThrow(/perDay/);
    now += 2 * 3_600_000;
    ledger.reserve('b', 100n);
  });
});
