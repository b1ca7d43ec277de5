import {
  ChipiSessionError,
  checkOutsideExecution,
  checkSessionCalls,
  checkSessionFee,
  type FeltCall,
  type FeltLike,
  getPublicKey,
  invokeV3SignerDetailsHash,
  isChipiSessionError,
  normalizeOutsideExecution,
  outsideExecutionFromTypedData,
  outsideExecutionHash,
  parseChainId,
  parseNonZeroFelt,
  parsePrivateKey,
  parseUint,
  type SessionFeeLimits,
  type SessionSignature,
  type SessionState,
  sessionIsValidSignatureForm,
  sessionOutsideExecutionMessageHash,
  sessionTransactionMessageHash,
  signHash,
  type TokenPolicyRoom,
  toFeltHex,
  transactionMaxFee,
} from '@chipi-sessions/core';
import {
  type Call,
  ETransactionVersion3,
  type InvocationsSignerDetails,
  type Signature,
  type SignerInterface,
  type TypedData,
  transaction,
} from 'starknet';
import { toFeltCalls } from './toFeltCalls.js';

/** What the pre-flight check of a session signature needs to know about the chain. */
export interface SessionPreflightState {
  /** The registered session (`get_session_data` + `get_session_allowed_calls`). */
  session: SessionState;
  /** Spending room of the tokens the calls touch. */
  policies: readonly TokenPolicyRoom[];
  /** Unix seconds at which the transaction is expected to run (latest block time). */
  now: number;
}

/** Supplies the pre-flight state for the calls about to be signed. */
export type SessionStateProvider = (calls: readonly FeltCall[]) => Promise<SessionPreflightState>;

/** Options of `SessionSigner`. */
export interface SessionSignerOptions {
  /** The session private key. */
  privateKey: FeltLike;
  /** The session public key; checked against the private key when given. */
  publicKey?: FeltLike;
  /** The registered `valid_until` of the session (unix seconds). */
  validUntil: FeltLike;
  /** The session account; when set, the signer refuses to sign for any other address. */
  accountAddress?: FeltLike;
  /** When set, typed data for another chain is refused. */
  chainId?: FeltLike;
  /**
   * When set (with `accountAddress`), every signature is preceded by core's `checkSessionCalls`
   * (and, for outside executions, `checkOutsideExecution`) on the state it returns; a violation
   * is thrown as `ChipiSessionError` and nothing is signed. Transactions are also checked against
   * the session fee cap, using their resource bounds.
   */
  stateProvider?: SessionStateProvider;
  /**
   * The session's fee limits, for a caller that already ran the call checks on fresh state:
   * every transaction signature is then preceded by core's `checkSessionFee` on its resource
   * bounds only. Ignored when `stateProvider` is set (its checks include the fee).
   */
  feeLimits?: SessionFeeLimits;
}

const V3_VERSIONS: readonly string[] = Object.values(ETransactionVersion3);

/**
 * A starknet.js v10 `SignerInterface` for a CHIPI session key, so that
 * `new Account({ provider, address, signer: new SessionSigner(...) })` sends session-signed
 * transactions, estimates their fees with validation (`skipValidate: false`) and signs SNIP-9
 * outside executions.
 *
 * - `signTransaction` computes the V3 invoke hash exactly as starknet.js does (including the
 *   query version used for fee estimates) and returns
 *   `[session_public_key, r, s, valid_until]` over
 *   `poseidon('chipi/session-tx-v1', tx_hash, session_public_key, valid_until)`.
 * - `signMessage` signs only SNIP-9 v2 `OutsideExecution` typed data of the session's account,
 *   over `poseidon('chipi/session-oe-v1', H, session_public_key, valid_until)`, and returns
 *   `[session_public_key, r, s, valid_until, ...serialized OutsideExecution]`: the one form the
 *   account accepts both in `is_valid_signature(H, ·)` and in `execute_from_outside_v2`. Any other
 *   typed data is refused: a session never signs arbitrary messages.
 * - Deploy-account and declare transactions are refused (`SESSION_FORBIDDEN_TRANSACTION`), as the
 *   account itself refuses them.
 */
export class SessionSigner implements SignerInterface {
  readonly #privateKey: string;
  readonly #publicKey: string;
  readonly #validUntil: bigint;
  readonly #account: bigint | undefined;
  readonly #chainId: bigint | undefined;
  readonly #stateProvider: SessionStateProvider | undefined;
  readonly #feeLimits: SessionFeeLimits | undefined;

  constructor(options: SessionSignerOptions) {
    this.#privateKey = toFeltHex(parsePrivateKey(options.privateKey));
    this.#publicKey = getPublicKey(this.#privateKey);
    if (
      options.publicKey !== undefined &&
      parseNonZeroFelt(options.publicKey, 'publicKey') !== BigInt(this.#publicKey)
    ) {
      throw new ChipiSessionError('INVALID_INPUT', 'publicKey is not the key of privateKey');
    }
    this.#validUntil = parseUint(options.validUntil, 64, 'validUntil');
    this.#account =
      options.accountAddress === undefined
        ? undefined
        : parseNonZeroFelt(options.accountAddress, 'accountAddress');
    this.#chainId = options.chainId === undefined ? undefined : parseChainId(options.chainId);
    if (options.stateProvider !== undefined && this.#account === undefined) {
      throw new ChipiSessionError('INVALID_INPUT', 'a stateProvider needs the accountAddress');
    }
    this.#stateProvider = options.stateProvider;
    this.#feeLimits = options.feeLimits;
  }

  /** The session public key (hex). */
  async getPubKey(): Promise<string> {
    return this.#publicKey;
  }

  /**
   * The V3 invoke transaction hash starknet.js computes for these calls and details (the hash the
   * account sees as `tx_info.transaction_hash`).
   */
  static transactionHash(transactions: Call[], details: InvocationsSignerDetails): string {
    if (!V3_VERSIONS.includes(details.version)) {
      throw new ChipiSessionError(
        'SESSION_FORBIDDEN_TRANSACTION',
        `only V3 invoke transactions can be session-signed, got version ${details.version}`,
      );
    }
    return toFeltHex(
      invokeV3SignerDetailsHash(
        transaction.getExecuteCalldata(transactions, details.cairoVersion),
        details,
      ),
    );
  }

  async signTransaction(
    transactions: Call[],
    details: InvocationsSignerDetails,
  ): Promise<Signature> {
    this.#checkAccount(details.walletAddress);
    if (this.#chainId !== undefined && parseChainId(details.chainId) !== this.#chainId) {
      throw forbidden('the transaction is for another chain');
    }
    const txHash = SessionSigner.transactionHash(transactions, details);
    if (this.#stateProvider !== undefined) {
      const calls = toFeltCalls(transactions);
      const state = await this.#stateProvider(calls);
      const violation = checkSessionCalls({
        session: state.session,
        calls,
        account: this.#account as bigint,
        now: state.now,
        signatureValidUntil: this.#validUntil,
        maxFee: transactionMaxFee(details.resourceBounds, details.tip),
        policies: state.policies,
      });
      if (violation) throw violation;
    } else if (this.#feeLimits !== undefined) {
      const violation = checkSessionFee(
        this.#feeLimits,
        transactionMaxFee(details.resourceBounds, details.tip),
      );
      if (violation) throw violation;
    }
    return this.#sign(sessionTransactionMessageHash(txHash, this.#publicKey, this.#validUntil));
  }

  async signMessage(typedData: TypedData, accountAddress: string): Promise<Signature> {
    this.#checkAccount(accountAddress);
    let parsed: ReturnType<typeof outsideExecutionFromTypedData>;
    try {
      parsed = outsideExecutionFromTypedData(typedData);
    } catch (error) {
      if (!isChipiSessionError(error, 'INVALID_INPUT')) throw error;
      throw forbidden(
        `a session key signs only SNIP-9 v2 outside executions of its account: ${error.message}`,
        error,
      );
    }
    const { outsideExecution, chainId } = parsed;
    if (this.#chainId !== undefined && chainId !== this.#chainId) {
      throw forbidden('the outside execution is for another chain');
    }
    // The parser accepts only the exact SNIP-9 v2 shape and reads every value as SNIP-12 does,
    // so core's hash of what it parsed is the typed data's own message hash.
    const h = outsideExecutionHash(outsideExecution, accountAddress, chainId);
    if (this.#stateProvider !== undefined) {
      const calls = normalizeOutsideExecution(outsideExecution).calls;
      const state = await this.#stateProvider(calls);
      const violation =
        checkSessionCalls({
          session: state.session,
          calls,
          account: this.#account as bigint,
          now: state.now,
          signatureValidUntil: this.#validUntil,
          policies: state.policies,
        }) ?? checkOutsideExecution({ outsideExecution, now: state.now });
      if (violation) throw violation;
    }
    // The one session form of an outside execution: accepted unchanged by both
    // `is_valid_signature(H, ·)` and `execute_from_outside_v2(oe, ·)`.
    return sessionIsValidSignatureForm(
      this.#sign(sessionOutsideExecutionMessageHash(h, this.#publicKey, this.#validUntil)),
      outsideExecution,
    );
  }

  async signDeployAccountTransaction(): Promise<Signature> {
    throw forbidden('a session key cannot sign a DEPLOY_ACCOUNT transaction');
  }

  async signDeclareTransaction(): Promise<Signature> {
    throw forbidden('a session key cannot sign a DECLARE transaction');
  }

  /** `[key, r, s, valid_until]` over a session message hash (the key pair is derived once). */
  #sign(messageHash: bigint): SessionSignature {
    const { r, s } = signHash(messageHash, this.#privateKey);
    return [this.#publicKey, toFeltHex(r), toFeltHex(s), toFeltHex(this.#validUntil)];
  }

  #checkAccount(address: FeltLike): void {
    if (
      this.#account !== undefined &&
      parseNonZeroFelt(address, 'accountAddress') !== this.#account
    ) {
      throw forbidden('this session key belongs to another account');
    }
  }
}

function forbidden(message: string, cause?: unknown): ChipiSessionError {
  return new ChipiSessionError('SESSION_FORBIDDEN_TRANSACTION', message, {
    ...(cause === undefined ? {} : { cause }),
  });
}
