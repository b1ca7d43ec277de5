import { X402Error } from './X402Error.js';
import type { PaymentRequirements } from './x402Types.js';

/** An asset the client pays with, and its largest payment in base units. */
export interface AllowedAsset {
  address: string;
  /** CAIP-2 network; any network when absent. */
  network?: string;
  maxPaymentAmount: bigint;
}

/** The client's spending controls applied to each offered requirement. */
export interface RequirementFilter {
  /** Networks the client can pay on (any when absent). */
  networks?: readonly string[];
  /** Only these assets are paid, each up to its cap: an asset not listed is refused. */
  allowedAssets: readonly AllowedAsset[];
  /** Only these recipients are paid (any when absent). */
  allowedRecipients?: readonly string[];
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
  if (filter.networks !== undefined && !filter.networks.includes(r.network)) {
    return new X402Error('network_not_allowed', `cannot pay on ${r.network}`);
  }
  const asset = filter.allowedAssets.find(
    (a) => sameFelt(a.address, r.asset) && (a.network === undefined || a.network === r.network),
  );
  if (asset === undefined) {
    return new X402Error('asset_not_allowed', `asset ${r.asset} on ${r.network} is not allowed`);
  }
  if (
    filter.allowedRecipients !== undefined &&
    !filter.allowedRecipients.some((p) => sameFelt(p, r.payTo))
  ) {
    return new X402Error('recipient_not_allowed', `recipient ${r.payTo} is not allowed`);
  }
  let amount: bigint;
  try {
    amount = BigInt(r.amount);
  } catch {
    return new X402Error('invalid_payment_requirements', `amount ${r.amount} is not a number`);
  }
  if (amount > asset.maxPaymentAmount) {
    return new X402Error(
      'amount_exceeds_maximum',
      `price ${r.amount} is above the maximum ${asset.maxPaymentAmount}`,
      { details: { amount: r.amount, max: String(asset.maxPaymentAmount) } },
    );
  }
  return undefined;
}

function sameFelt(a: string, b: string): boolean {
  try {
    return BigInt(a) === BigInt(b);
  } catch {
    return false;
  }
}
