import { EXACT_SCHEME } from '../scheme/exactStarknetRequirements.js';
import { parsePaymentPayload } from '../scheme/parsePaymentPayload.js';
import { parsePaymentRequirements } from '../scheme/parsePaymentRequirements.js';
import { isX402Error } from '../scheme/X402Error.js';
import type { CaipNetwork, SettleResponse, VerifyResponse } from '../scheme/x402Types.js';
import type { ExactStarknetFacilitator } from './ExactStarknetFacilitator.js';

/** The Starknet `exact` facilitator scheme in the shape of the reference `SchemeNetworkFacilitator`. */
export interface ExactStarknetFacilitatorScheme {
  readonly scheme: typeof EXACT_SCHEME;
  readonly caipFamily: 'starknet:*';
  getExtra(network: string): Record<string, unknown>;
  getSigners(network: string): string[];
  verify(payload: unknown, requirements: unknown): Promise<VerifyResponse>;
  settle(
    payload: unknown,
    requirements: { network: string },
  ): Promise<SettleResponse & { network: CaipNetwork }>;
}

/**
 * Our `ExactStarknetFacilitator` as a scheme of the reference facilitator: register it with
 * `x402Facilitator.register(network, exactStarknetFacilitatorScheme(facilitator))`. Payloads and
 * requirements are parsed strictly first (a malformed one is refused with its code, never
 * thrown); `/supported` advertises sponsored fees, the relayer as `feePayer` and as the
 * `starknet:*` signer.
 */
export function exactStarknetFacilitatorScheme(
  facilitator: ExactStarknetFacilitator,
): ExactStarknetFacilitatorScheme {
  return {
    scheme: EXACT_SCHEME,
    caipFamily: 'starknet:*',
    getExtra: () => ({ areFeesSponsored: true, feePayer: facilitator.relayerAddress }),
    getSigners: () => [facilitator.relayerAddress],
    async verify(payload, requirements) {
      let parsed: ReturnType<typeof parse>;
      try {
        parsed = parse(payload, requirements);
      } catch (error) {
        if (!isX402Error(error)) throw error;
        return { isValid: false, invalidReason: error.code, invalidMessage: error.message };
      }
      return facilitator.verify(parsed.payload, parsed.requirements);
    },
    async settle(payload, requirements) {
      let result: SettleResponse;
      try {
        const parsed = parse(payload, requirements);
        result = await facilitator.settle(parsed.payload, parsed.requirements);
      } catch (error) {
        if (!isX402Error(error)) throw error;
        result = {
          success: false,
          errorReason: error.code,
          errorMessage: error.message,
          transaction: '',
          network: requirements.network,
        };
      }
      return { ...result, network: result.network as CaipNetwork };
    },
  };
}

function parse(payload: unknown, requirements: unknown) {
  return {
    payload: parsePaymentPayload(payload),
    requirements: parsePaymentRequirements(requirements),
  };
}
