import { describe, expect, it } from 'vitest';
import { checkSessionFee } from './checkSessionFee.js';

describe('checkSessionFee', () => {
  it('passes a fee bound within the cap and the budget', () => {
    expect(checkSessionFee({ maxFeePerTx: 100n, feeBudget: 500n, feeUsed: 400n }, 100n)).toBe(
      undefined,
    );
  });

  it('SESSION_FEE_TOO_HIGH over the per-transaction cap', () => {
    expect(checkSessionFee({ maxFeePerTx: 100n }, 101n)?.code).toBe('SESSION_FEE_TOO_HIGH');
  });

  it('treats a zero cap as no cap', () => {
    expect(checkSessionFee({ maxFeePerTx: 0n }, 10n ** 20n)).toBe(undefined);
  });

  it('SESSION_FEE_BUDGET_EXCEEDED past the lifetime budget', () => {
    expect(checkSessionFee({ feeBudget: 500n, feeUsed: 450n }, 51n)?.code).toBe(
      'SESSION_FEE_BUDGET_EXCEEDED',
    );
  });
});
