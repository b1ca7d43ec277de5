import { X402Error } from './X402Error.js';
import type { PaymentRequirements } from './x402Types.js';

/** The client's spending controls applied to each offered requirement. */
export interface RequirementFilter {
  /** Networks the client can pay on. */
  networks: readonly string[];
  maxPaymentAmount?: bigint;
  allowedRecipients?: readonly string[];
  allowedAssets?: readonly string[];
}

/**
 * The first `exact` requirement that passes every control. When none does, the refusal of the
 * closest candidate is thrown (`network_not_allowed`, `asset_not_allowed`,
 * `recipient_not_allowed`, `amount_exceeds_maximum`, or `unsupported_scheme`).
 */
export function selectRequirement(
  accepts: readonly PaymentRequirements[],
  filter: RequirementFilter,
): PaymentRequirements {
  let refusal: X402Error | undefined;
  for (const requirement of accepts) {
    const error = refusalOf(requirement, filter);
    if (error === undefined) return requirement;
    refusal ??= error;
  }
  throw refusal ?? new X402Error('unsupported_scheme', 'the server offers no way to pay');
}

function refusalOf(r: PaymentRequirements, filter: RequirementFilter): X402Error | undefined {
  if (r.scheme !== 'exact') return new X402Error('unsupported_scheme', `scheme ${r.scheme}`);
  if (!filter.networks.includes(r.network)) {
    return new X402Error('network_not_allowed', `cannot pay on ${r.network}`);
  }
  if (filter.allowedAssets !== undefined && !includesFelt(filter.allowedAssets, r.asset)) {
    return new X402Error('asset_not_allowed', `asset ${r.asset} is not allowed`);
  }
  if (filter.allowedRecipients !== undefined && !includesFelt(filter.allowedRecipients, r.payTo)) {
    return new X402Error('recipient_not_allowed', `recipient ${r.payTo} is not allowed`);
  }
  if (filter.maxPaymentAmount !== undefined && BigInt(r.amount) > filter.maxPaymentAmount) {
    return new X402Error(
      'amount_exceeds_maximum',
      `price ${r.amount} is above the maximum ${filter.maxPaymentAmount}`,
      { details: { amount: r.amount, max: String(filter.maxPaymentAmount) } },
    );
  }
  return undefined;
}

function includesFelt(list: readonly string[], value: string): boolean {
  try {
    const v = BigInt(value);
    return list.some((item) => BigInt(item) === v);
  } catch {
    return false;
  }
}
