import { type FeltLike, inspectKeyEnvelope, parseFelt, toFeltHex } from '@chipi-sessions/core';
import {
  type ChipiSessionsSDK,
  createOwnerSigner,
  KeyCache,
  type SessionKeyData,
  SessionSigner,
  type WalletData,
} from '@chipi-sessions/sdk';
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
import { createPaymentIdentifier } from '../scheme/paymentIdentifier.js';
import { selectRequirement } from '../scheme/selectRequirement.js';
import { starknetNetwork } from '../scheme/starknetNetwork.js';
import { isX402Error, X402Error } from '../scheme/X402Error.js';
import { isX402ErrorCode } from '../scheme/x402ErrorCodes.js';
import type { PaymentRequirements, ResourceInfo, SettleResponse } from '../scheme/x402Types.js';
import { type PaymentRecord, type SpendingBudget, SpendingLedger } from './SpendingLedger.js';

/** Options of `X402Client`. */
export interface X402ClientOptions {
  /** The SDK connected to the wallet's network. */
  sdk: ChipiSessionsSDK;
  /** The paying CHIPI wallet (`publicKey` holds its address). */
  wallet: WalletData;
  /** The session that signs payments with no owner interaction. */
  session?: SessionKeyData;
  /** PIN of the session key's envelope. */
  encryptKey?: string;
  /**
   * Let the owner sign when the session is missing, expired, revoked or out of calls. Never used
   * when the on-chain spending policy refuses: that limit is the point of the session.
   */
  allowOwnerFallback?: boolean;
  /** Asked only for an owner-signed payment: the owner PIN (the user interaction). */
  ownerEncryptKey?: () => Promise<string>;
  /** Largest price accepted per request, in base units. */
  maxPaymentAmount?: bigint | string;
  allowedRecipients?: readonly string[];
  allowedAssets?: readonly string[];
  budget?: SpendingBudget;
  /** Called after each confirmed payment. */
  onPaymentComplete?: (payment: PaymentRecord) => void;
  /** How often a `settlement_pending` answer is retried with the same payment (default 10). */
  pendingRetries?: number;
  pendingRetryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
  keyCache?: KeyCache;
  /** Wall clock in unix seconds. */
  now?: () => number;
}

const SESSION_ENDED = new Set(['SESSION_EXPIRED', 'SESSION_REVOKED', 'SESSION_MAX_CALLS_EXCEEDED']);
/** The session must outlive the facilitator's settle margin. */
const SESSION_MIN_REMAINING_SECONDS = 45;

/**
 * An x402 v2 buyer for CHIPI wallets: `fetch` pays a 402 answer with the registered Starknet
 * `exact` scheme, signed by the session key (a 4-felt signature, no owner interaction).
 *
 * - Spending controls run before anything is signed: network, `allowedAssets`,
 *   `allowedRecipients`, `maxPaymentAmount`, then the `budget` (payments in flight reserve).
 * - One payment per logical request: each call signs at most one payment and carries a
 *   `payment-identifier`; `settlement_pending` is retried with the very same signed payment; a
 *   refusal is thrown as `X402Error` with the server's reason code, never re-signed blindly.
 * - Spending is counted only on a confirmed `PAYMENT-RESPONSE`; `onPaymentComplete` fires then.
 * - The owner signs only when `allowOwnerFallback` and the session itself has ended.
 */
export class X402Client {
  readonly ledger: SpendingLedger;
  readonly #options: X402ClientOptions;
  readonly #keyCache: KeyCache;
  readonly #address: string;
  readonly #maxPaymentAmount: bigint | undefined;
  #network: Promise<string> | undefined;

  constructor(options: X402ClientOptions) {
    this.#options = options;
    this.#address = toFeltHex(parseFelt(options.wallet?.publicKey as FeltLike, 'wallet.publicKey'));
    if (options.session !== undefined && options.encryptKey === undefined) {
      throw new X402Error('session_unusable', 'a session needs its encryptKey');
    }
    this.#maxPaymentAmount =
      options.maxPaymentAmount === undefined ? undefined : BigInt(options.maxPaymentAmount);
    this.#keyCache = options.keyCache ?? new KeyCache();
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
    const requirements = selectRequirement(required.accepts, {
      networks: [await this.network()],
      ...(this.#maxPaymentAmount === undefined ? {} : { maxPaymentAmount: this.#maxPaymentAmount }),
      ...(this.#options.allowedRecipients === undefined
        ? {}
        : { allowedRecipients: this.#options.allowedRecipients }),
      ...(this.#options.allowedAssets === undefined
        ? {}
        : { allowedAssets: this.#options.allowedAssets }),
    });
    const paymentId = createPaymentIdentifier();
    this.ledger.reserve(paymentId, BigInt(requirements.amount));
    try {
      return await this.#pay(base, doFetch, required.resource, requirements, paymentId);
    } finally {
      this.ledger.release(paymentId);
    }
  }

  /** The CAIP-2 network of the SDK's chain. */
  network(): Promise<string> {
    this.#network ??= this.#options.sdk.provider.getChainId().then((id) => starknetNetwork(id));
    return this.#network;
  }

  async #pay(
    base: Request,
    doFetch: typeof globalThis.fetch,
    resource: ResourceInfo,
    requirements: PaymentRequirements,
    paymentId: string,
  ): Promise<Response> {
    let signer = await this.#chooseSigner();
    for (;;) {
      const payload = await buildExactStarknetPayload({
        requirements,
        resource,
        from: this.#address,
        signer: signer.signer,
        now: this.#now(),
        ...(signer.notAfter === undefined ? {} : { notAfter: signer.notAfter }),
        paymentId,
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
      if (outcome?.success === true) {
        const record = this.ledger.commit({
          paymentId,
          resource: resource.url,
          asset: requirements.asset,
          payTo: requirements.payTo,
          amount: BigInt(requirements.amount),
          payer: outcome.payer ?? this.#address,
          transaction: outcome.transaction,
          network: outcome.network,
          signedBy: signer.kind,
        });
        this.#options.onPaymentComplete?.(record);
        return response;
      }
      if (response.status !== 402) return response;
      const refusal = refusalOf(response, outcome);
      if (refusal.code === 'duplicate_settlement' && outcome?.transaction) {
        // Settled earlier (its answer was lost): the money moved, so it counts.
        this.ledger.commit({
          paymentId,
          resource: resource.url,
          asset: requirements.asset,
          payTo: requirements.payTo,
          amount: BigInt(requirements.amount),
          payer: outcome.payer ?? this.#address,
          transaction: outcome.transaction,
          network: outcome.network,
          signedBy: signer.kind,
        });
      }
      const sessionEnded =
        signer.kind === 'session' && SESSION_ENDED.has(String(outcome?.revert?.code));
      if (sessionEnded && this.#options.allowOwnerFallback) {
        signer = await this.#ownerSigner();
        continue;
      }
      throw refusal;
    }
  }

  async #chooseSigner(): Promise<ChosenSigner> {
    const { session } = this.#options;
    const reason = session === undefined ? 'no session' : await this.#sessionUnusable(session);
    if (reason === undefined && session !== undefined) return this.#sessionSigner(session);
    if (this.#options.allowOwnerFallback) return this.#ownerSigner();
    throw new X402Error('session_unusable', `cannot pay with the session: ${reason}`, {
      details: { reason },
    });
  }

  async #sessionUnusable(session: SessionKeyData): Promise<string | undefined> {
    if (session.validUntil - this.#now() < SESSION_MIN_REMAINING_SECONDS) return 'expired';
    const data = await this.#options.sdk.sessions.getSessionData({
      walletAddress: this.#address,
      sessionPublicKey: session.publicKey,
    });
    if (data.status !== 'active') return data.status;
    if (data.remainingCalls <= 0) return 'exhausted';
    return undefined;
  }

  async #sessionSigner(session: SessionKeyData): Promise<ChosenSigner> {
    const chainId = await this.#options.sdk.provider.getChainId();
    const meta = inspectKeyEnvelope(session.encryptedPrivateKey);
    const privateKey = this.#keyCache.unlock({
      envelope: session.encryptedPrivateKey,
      pin: this.#options.encryptKey as string,
      walletAddress: meta.walletAddress,
      publicKey: session.publicKey,
      expiresAt: session.validUntil,
    });
    const signer = new SessionSigner({
      privateKey,
      publicKey: session.publicKey,
      validUntil: session.validUntil,
      accountAddress: this.#address,
      chainId,
    });
    return { kind: 'session', signer, notAfter: session.validUntil };
  }

  async #ownerSigner(): Promise<ChosenSigner> {
    const ask = this.#options.ownerEncryptKey;
    if (ask === undefined) {
      throw new X402Error('session_unusable', 'owner fallback needs ownerEncryptKey');
    }
    const signer = createOwnerSigner({
      wallet: this.#options.wallet,
      encryptKey: await ask(),
      keyCache: this.#keyCache,
    });
    return { kind: 'owner', signer };
  }

  #now(): number {
    return this.#options.now?.() ?? Math.floor(Date.now() / 1000);
  }
}

interface ChosenSigner {
  kind: 'session' | 'owner';
  signer: TypedDataSigner;
  notAfter?: number;
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
