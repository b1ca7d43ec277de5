import { EXACT_SCHEME, normalizeExactRequirements } from '../scheme/exactStarknetRequirements.js';
import { starknetDefaultAsset } from '../scheme/starknetDefaultAsset.js';
import { chainIdOfNetwork } from '../scheme/starknetNetwork.js';
import { X402Error } from '../scheme/X402Error.js';
import type { ReferencePaymentRequirements } from '../scheme/x402Types.js';

/** Options of `exactStarknetServerScheme`. */
export interface ExactStarknetServerSchemeOptions {
  /**
   * The token plain money prices (`"$0.10"`) are paid in on networks without native USDC (a
   * devnet). On `starknet:SN_MAIN` and `starknet:SN_SEPOLIA` native USDC is used.
   */
  moneyAsset?: { asset: string; decimals: number };
}

/** A route price as the reference server passes it: money or an explicit asset amount. */
export type ExactStarknetPrice =
  | string
  | number
  | { asset: string; amount: string; extra?: Record<string, unknown> };

/** A kind of the facilitator's `/supported` answer. */
export interface SupportedKindEntry {
  x402Version: number;
  scheme: string;
  network: string;
  extra?: Record<string, unknown>;
}

type PaymentFlow = 'authorization';

/** The Starknet `exact` server scheme in the shape of the reference `SchemeNetworkServer`. */
export interface ExactStarknetServerScheme {
  readonly scheme: typeof EXACT_SCHEME;
  readonly defaultAssetTransferMethod: 'default';
  readonly paymentFlows: Readonly<
    Record<'default', { readonly supported: readonly PaymentFlow[]; readonly default: PaymentFlow }>
  >;
  parsePrice(
    price: ExactStarknetPrice,
    network: string,
  ): Promise<{ asset: string; amount: string; extra?: Record<string, unknown> }>;
  getAssetDecimals(asset: string, network: string): number | undefined;
  enhancePaymentRequirements(
    requirements: ReferencePaymentRequirements,
    supportedKind: SupportedKindEntry,
    facilitatorExtensions: string[],
  ): Promise<ReferencePaymentRequirements>;
  validateFacilitatorSupport(
    network: string,
    supportedKind: SupportedKindEntry,
  ): string | undefined;
}

const MONEY = /^\$?\s*(\d+)(?:\.(\d+))?(?:\s*USDC)?$/i;

/**
 * Our Starknet `exact` server scheme for the reference resource server: register it with
 * `x402ResourceServer.register(network, exactStarknetServerScheme())`. Prices become exact base-unit
 * amounts (money in USDC, never rounded); requirements get `areFeesSponsored` and the
 * facilitator's `feePayer` from `/supported`, so payments are bound to the facilitator's
 * account; addresses are canonical hex. Verification and settlement stay with the facilitator.
 */
export function exactStarknetServerScheme(
  options: ExactStarknetServerSchemeOptions = {},
): ExactStarknetServerScheme {
  const moneyAsset = (network: string) => starknetDefaultAsset(network) ?? options.moneyAsset;
  return {
    scheme: EXACT_SCHEME,
    defaultAssetTransferMethod: 'default',
    // Verify, serve, then settle: the flow the reference `exact` schemes use.
    paymentFlows: { default: { supported: ['authorization'], default: 'authorization' } },
    async parsePrice(price, network) {
      chainIdOfNetwork(network);
      if (typeof price === 'object') {
        if (!/^\d+$/.test(price.amount)) {
          throw new X402Error('invalid_payment_requirements', 'amount is not in base units');
        }
        return { ...price };
      }
      const asset = moneyAsset(network);
      if (asset === undefined) {
        throw new X402Error('invalid_payment_requirements', `no default asset on ${network}`);
      }
      return { asset: asset.asset, amount: toBaseUnits(price, asset.decimals) };
    },
    getAssetDecimals(asset, network) {
      const known = moneyAsset(network);
      return known !== undefined && sameFelt(known.asset, asset) ? known.decimals : undefined;
    },
    async enhancePaymentRequirements(requirements, supportedKind) {
      const feePayer = supportedKind.extra?.feePayer;
      const normalized = normalizeExactRequirements({
        ...requirements,
        extra: {
          areFeesSponsored: true,
          ...requirements.extra,
          ...(feePayer === undefined ? {} : { feePayer }),
        },
      });
      return { ...normalized, network: requirements.network, extra: normalized.extra ?? {} };
    },
    validateFacilitatorSupport(_network, supportedKind) {
      return supportedKind.extra?.areFeesSponsored === false
        ? 'the exact Starknet scheme needs a facilitator that sponsors fees'
        : undefined;
    },
  };
}

function toBaseUnits(price: string | number, decimals: number): string {
  const text = typeof price === 'number' ? String(price) : price.trim();
  const match = MONEY.exec(text);
  if (match === null) {
    throw new X402Error('invalid_payment_requirements', `unreadable price ${text}`);
  }
  const fraction = match[2] ?? '';
  if (fraction.replace(/0+$/, '').length > decimals) {
    throw new X402Error('invalid_payment_requirements', `price ${text} has too many decimals`);
  }
  const units = BigInt(match[1] as string) * 10n ** BigInt(decimals);
  return String(units + BigInt(fraction.slice(0, decimals).padEnd(decimals, '0') || '0'));
}

function sameFelt(a: string, b: string): boolean {
  try {
    return BigInt(a) === BigInt(b);
  } catch {
    return false;
  }
}
