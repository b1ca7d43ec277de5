import { ChipiSessionError } from './ChipiSessionError.js';
import { type FeltLike, parseFelt, parseUint } from './felt.js';

/** The fee limits of a registered session (`SessionState` fits). */
export interface SessionFeeLimits {
  /** Cap on one transaction's fee bound; 0 or absent means no cap. */
  maxFeePerTx?: FeltLike;
  /** Lifetime fee budget and the part used; unchecked when `feeBudget` is absent. */
  feeBudget?: FeltLike;
  feeUsed?: FeltLike;
}

/**
 * The account's fee rules for a session transaction whose fee bound is `maxFee`
 * (`transactionMaxFee`): `SESSION_FEE_TOO_HIGH` over the per-transaction cap,
 * `SESSION_FEE_BUDGET_EXCEEDED` past the lifetime budget, otherwise `undefined`.
 */
export function checkSessionFee(
  limits: SessionFeeLimits,
  maxFee: FeltLike,
): ChipiSessionError | undefined {
  const fee = parseFelt(maxFee, 'maxFee');
  const cap = parseUint(limits.maxFeePerTx ?? 0n, 128, 'maxFeePerTx');
  if (cap > 0n && fee > cap) {
    return new ChipiSessionError('SESSION_FEE_TOO_HIGH', undefined, {
      details: { maxFee, maxFeePerTx: cap },
    });
  }
  if (limits.feeBudget !== undefined) {
    const budget = parseUint(limits.feeBudget, 128, 'feeBudget');
    const used = parseUint(limits.feeUsed ?? 0n, 128, 'feeUsed');
    if (used + fee > budget) {
      return new ChipiSessionError('SESSION_FEE_BUDGET_EXCEEDED', undefined, {
        details: { maxFee, feeBudget: budget, feeUsed: used },
      });
    }
  }
  return undefined;
}
