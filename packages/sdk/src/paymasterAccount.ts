import {
  Account,
  OutsideExecutionVersion,
  PaymasterRpc,
  type RpcProvider,
  type SignerInterface,
} from 'starknet';

/** Where the SDK's paymaster client connects, and with which key. */
export interface PaymasterEndpoint {
  /** A SNIP-29 paymaster JSON-RPC endpoint. */
  url: string;
  /** Sent as the `x-paymaster-api-key` header, the way the ecosystem's clients send API keys. */
  apiKey?: string | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * starknet.js's SNIP-29 client of `endpoint`: `PaymasterRpc`, with the API key in the
 * `x-paymaster-api-key` header.
 */
export function paymasterClient(endpoint: PaymasterEndpoint): PaymasterRpc {
  return new PaymasterRpc({
    nodeUrl: endpoint.url,
    headers:
      endpoint.apiKey === undefined || endpoint.apiKey === ''
        ? {}
        : { 'x-paymaster-api-key': endpoint.apiKey },
    ...(endpoint.fetch === undefined ? {} : { baseFetch: endpoint.fetch }),
  });
}

/**
 * A starknet.js `Account` of a CHIPI wallet that sends through a SNIP-29 paymaster
 * (`executePaymasterTransaction`). A CHIPI account implements SNIP-9 v2, which the SDK already
 * checked (`assertChipiWallet`): the `supports_interface` reads starknet.js would make before
 * every paymaster transaction are skipped.
 */
class ChipiPaymasterAccount extends Account {
  override async getSnip9Version(): Promise<OutsideExecutionVersion> {
    return OutsideExecutionVersion.V2;
  }
}

/** The paymaster-backed account of `address`, signing with `signer`. */
export function paymasterAccount(
  provider: RpcProvider,
  address: string,
  signer: SignerInterface | string,
  endpoint: PaymasterEndpoint,
): Account {
  return new ChipiPaymasterAccount({
    provider,
    address,
    signer,
    cairoVersion: '1',
    paymaster: paymasterClient(endpoint),
  });
}
