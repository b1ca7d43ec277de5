import { toFeltHex } from '@chipi-sessions/core';
import {
  buildExactStarknetPayload,
  type TypedDataSigner,
} from '../scheme/buildExactStarknetPayload.js';
import {
  decodePaymentRequired,
  decodePaymentResponse,
  encodePaymentSignature,
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_RESPONSE_HEADER,
  PAYMENT_SIGNATURE_HEADER,
} from '../scheme/paymentHeaders.js';
import { createPaymentIdentifier, PAYMENT_IDENTIFIER } from '../scheme/paymentIdentifier.js';
import { type AllowedAsset, selectRequirement } from '../scheme/selectRequirement.js';
import { STARKNET_USDC, starknetNetwork } from '../scheme/starknetNetwork.js';
import { formatTokenAmount, parseTokenAmount } from '../scheme/tokenAmount.js';
import { isX402Error, X402Error } from '../scheme/X402Error.js';
import { isX402ErrorCode } from '../scheme/x402ErrorCodes.js';
import type {
  PaymentRequired,
  PaymentRequirements,
  ResourceInfo,
  SettleResponse,
} from '../scheme/x402Types.js';
import { type PaymentRecord, type SpendingBudget, SpendingLedger } from './SpendingLedger.js';

/**
 * The paying account: its address and a SNIP-12 signer. A starknet.js `Account` whose signer is
 * the SDK's `SessionSigner` is one (payments then need no owner interaction).
 */
export interface PayingAccount {
  address: string;
  signer: TypedDataSigner;
  /** When present, only requirements on this chain are paid. */
  getChainId?: () => Promise<string>;
}

/** A token the client pays with. */
export interface PaymentAsset {
  address: string;
  decimals: number;
  /** CAIP-2 network; any network when absent. */
  network?: string;
  /** Largest payment in this asset, human units (default: the client's `maxPaymentAmount`). */
  maxPaymentAmount?: string;
}

/** The default cap per payment, human units of the asset (one USDC). */
export const DEFAULT_MAX_PAYMENT_AMOUNT = '1.00';

/** The assets paid by default: native USDC (6 decimals) on Starknet mainnet and Sepolia. */
export const DEFAULT_PAYMENT_ASSETS: readonly PaymentAsset[] = Object.entries(STARKNET_USDC).map(
  ([network, address]) => ({ network, address, decimals: 6 }),
);

/** Options of `X402Client` (the seed's shape: human amounts, recipients, a completion hook). */
export interface X402ClientOptions {
  /** Largest price per request in human units of the asset, e.g. `"0.10"` (default `"1.00"`). */
  maxPaymentAmount?: string;
  /** Only these recipients are paid (default: any). */
  allowedRecipients?: readonly string[];
  /** Only these assets are paid (default: USDC on SN_MAIN and SN_SEPOLIA). */
  allowedAssets?: readonly PaymentAsset[];
  /** Totals across payments, in base units. */
  budget?: SpendingBudget;
  /** Called after each confirmed payment with the transaction hash and the human amount. */
  onPaymentComplete?: (txHash: string, humanAmount: string, payment: PaymentRecord) => void;
  /**
   * Asked for another account when the server says the primary's session has ended (expired,
   * revoked or out of calls), e.g. the owner after a PIN prompt. Never used when the spending
   * policy refuses: that limit is what the session is for.
   */
  fallbackAccount?: () => Promise<PayingAccount>;
  /** How often a `settlement_pending` answer is retried with the same payment (default 10). */
  pendingRetries?: number;
  pendingRetryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
  /** Wall clock in unix seconds. */
  now?: () => number;
}

const SESSION_ENDED = new Set(['SESSION_EXPIRED', 'SESSION_REVOKED', 'SESSION_MAX_CALLS_EXCEEDED']);

interface KnownAsset extends AllowedAsset {
  decimals: number;
}

/**
 * An x402 v2 buyer: `fetch` pays a 402 answer with the registered Starknet `exact` scheme, signed
 * by `account` (with a CHIPI session, a 4-felt session signature and no owner interaction).
 *
 * - Spending controls run before anything is signed: only known assets (USDC by default), each
 *   up to its cap (`maxPaymentAmount`, default 1.00), only `allowedRecipients`, then the `budget`
 *   (payments in flight reserve their amount). A requirement without `extra.feePayer` is refused.
 * - One payment per logical request: each call signs at most one payment and carries a
 *   `payment-identifier`; `settlement_pending` is retried with the very same signed payment; a
 *   refusal is thrown as `X402Error` with the server's reason code, never re-signed blindly.
 * - Spending is counted only on a confirmed `PAYMENT-RESPONSE`; `onPaymentComplete` fires then.
 */
export class X402Client {
  readonly ledger: SpendingLedger;
  readonly #account: PayingAccount;
  readonly #options: X402ClientOptions;
  readonly #assets: readonly KnownAsset[];
  #network: Promise<string | undefined> | undefined;

  constructor(account: PayingAccount, options: X402ClientOptions = {}) {
    if (typeof account?.address !== 'string' || typeof account.signer?.signMessage !== 'function') {
      throw new X402Error('invalid_configuration', 'X402Client needs an account with a signer');
    }
    this.#account = account;
    this.#options = options;
    const defaultMax = options.maxPaymentAmount ?? DEFAULT_MAX_PAYMENT_AMOUNT;
    this.#assets = (options.allowedAssets ?? DEFAULT_PAYMENT_ASSETS).map((asset) => ({
      address: asset.address,
      decimals: asset.decimals,
      ...(asset.network === undefined ? {} : { network: asset.network }),
      maxPaymentAmount: parseTokenAmount(asset.maxPaymentAmount ?? defaultMax, asset.decimals),
    }));
    this.ledger = new SpendingLedger(options.budget ?? {});
  }

  /** `fetch` that pays x402 v2 `402 Payment Required` answers. */
  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const base = new Request(input, init);
    const doFetch = this.#options.fetch ?? globalThis.fetch;
    const first = await doFetch(base.clone());
    if (first.status !== 402) return first;
    const header = first.headers.get(PAYMENT_REQUIRED_HEADER);
    if (header === null) {
      throw new X402Error('invalid_header', `402 without a ${PAYMENT_REQUIRED_HEADER} header`);
    }
    const required = decodePaymentRequired(header);
    const network = await this.network();
    const requirements = selectRequirement(required.accepts, {
      ...(network === undefined ? {} : { networks: [network] }),
      allowedAssets: this.#assets,
      ...(this.#options.allowedRecipients === undefined
        ? {}
        : { allowedRecipients: this.#options.allowedRecipients }),
    });
    const paymentId = createPaymentIdentifier();
    this.ledger.reserve(paymentId, BigInt(requirements.amount));
    try {
      return await this.#pay(base, doFetch, required, requirements, paymentId);
    } finally {
      this.ledger.release(paymentId);
    }
  }

  /** The CAIP-2 network of the account's chain, when the account can tell. */
  network(): Promise<string | undefined> {
    const getChainId = this.#account.getChainId;
    if (getChainId === undefined) return Promise.resolve(undefined);
    this.#network ??= getChainId.call(this.#account).then((id) => starknetNetwork(id));
    return this.#network;
  }

  async #pay(
    base: Request,
    doFetch: typeof globalThis.fetch,
    required: PaymentRequired,
    requirements: PaymentRequirements,
    paymentId: string,
  ): Promise<Response> {
    let account = this.#account;
    let signedBy: PaymentRecord['signedBy'] = 'account';
    for (;;) {
      const payload = await buildExactStarknetPayload({
        requirements,
        resource: required.resource,
        from: account.address,
        signer: account.signer,
        now: this.#now(),
        paymentId,
        ...declarationOf(required),
      });
      const headers = new Headers(base.headers);
      headers.set(PAYMENT_SIGNATURE_HEADER, encodePaymentSignature(payload));
      let response: Response | undefined;
      let outcome: SettleResponse | undefined;
      // The same signed payment is resent while its settlement is pending.
      for (let attempt = 0; ; attempt++) {
        response = await doFetch(new Request(base.clone(), { headers }));
        outcome = readOutcome(response);
        const pending = outcome?.errorReason === 'settlement_pending' && response.status === 402;
        if (!pending || attempt >= (this.#options.pendingRetries ?? 10)) break;
        await response.body?.cancel();
        await new Promise((r) => setTimeout(r, this.#options.pendingRetryDelayMs ?? 1000));
      }
      const settled =
        outcome?.success === true ||
        (outcome?.errorReason === 'duplicate_settlement' && Boolean(outcome.transaction));
      if (outcome !== undefined && settled) {
        // A duplicate_settlement with a hash was settled earlier (its answer was lost): it counts.
        this.#record(required.resource, requirements, paymentId, account, signedBy, outcome);
        if (outcome.success) return response;
      }
      if (response.status !== 402) return response;
      const refusal = refusalOf(response, outcome);
      const sessionEnded = SESSION_ENDED.has(String(outcome?.revert?.code));
      if (sessionEnded && signedBy === 'account' && this.#options.fallbackAccount !== undefined) {
        account = await this.#options.fallbackAccount();
        signedBy = 'fallback';
        continue;
      }
      throw refusal;
    }
  }

  #record(
    resource: ResourceInfo,
    requirements: PaymentRequirements,
    paymentId: string,
    account: PayingAccount,
    signedBy: PaymentRecord['signedBy'],
    outcome: SettleResponse,
  ): void {
    const record = this.ledger.commit({
      paymentId,
      resource: resource.url,
      asset: requirements.asset,
      payTo: requirements.payTo,
      amount: BigInt(requirements.amount),
      // The account this client signed for; the server's `payer` is not trusted here.
      payer: toFeltHex(BigInt(account.address)),
      transaction: outcome.transaction,
      network: outcome.network,
      signedBy,
    });
    const asset = this.#assets.find((a) => BigInt(a.address) === BigInt(requirements.asset));
    const human = formatTokenAmount(record.amount, asset?.decimals ?? 0);
    this.#options.onPaymentComplete?.(record.transaction, human, record);
  }

  #now(): number {
    return this.#options.now?.() ?? Math.floor(Date.now() / 1000);
  }
}

function declarationOf(required: PaymentRequired): {
  paymentIdDeclaration?: Record<string, unknown>;
} {
  const info = required.extensions?.[PAYMENT_IDENTIFIER]?.info;
  return info === undefined ? {} : { paymentIdDeclaration: info };
}

function readOutcome(response: Response): SettleResponse | undefined {
  const header = response.headers.get(PAYMENT_RESPONSE_HEADER);
  if (header === null) return undefined;
  try {
    return decodePaymentResponse(header);
  } catch {
    return undefined;
  }
}

/** The server's refusal as a typed error carrying its reason code. */
function refusalOf(response: Response, outcome: SettleResponse | undefined): X402Error {
  let error = outcome?.errorReason;
  let message = outcome?.errorMessage;
  if (error === undefined) {
    const header = response.headers.get(PAYMENT_REQUIRED_HEADER);
    try {
      const text = header === null ? undefined : decodePaymentRequired(header).error;
      error = text?.split(':')[0];
      message = text;
    } catch (cause) {
      if (!isX402Error(cause)) throw cause;
    }
  }
  const code = isX402ErrorCode(error) ? error : 'payment_rejected';
  const reason = outcome?.revert
    ? `${code}: ${outcome.revert.code} (${outcome.revert.reason})`
    : `${code}: ${message ?? 'the server refused the payment'}`;
  return new X402Error(code, `payment refused: ${reason}`, {
    details: {
      status: response.status,
      ...(outcome?.transaction ? { transaction: outcome.transaction } : {}),
      ...(outcome?.revert === undefined ? {} : { revert: outcome.revert }),
    },
  });
}
