import { createSessionKeyPair, type SessionKeyPair } from '@chipi-sessions/core';
import {
  ChipiError,
  type SpendingPolicyData as SpendingPolicyView,
  type WalletData,
} from '@chipi-sessions/sdk';
import type { Account, Contract } from 'starknet';
import type { AttackWorld } from '../attacks/attackWorld.ts';
import { sessionOutsideExecutionCall } from '../attacks/sessionOutsideExecutionCall.ts';
import type { FixedResourceBounds } from '../chain/fixedResourceBounds.ts';
import { sendRaw } from '../chain/sendRaw.ts';
import { mintStrk } from '../devnet/mintStrk.ts';
import { latestBlockTime, setTime } from '../devnet/timeTravel.ts';
import { mintUsdc, PIN } from '../sdk/sdkHarness.ts';
import type { ModelContext } from './ModelContext.ts';
import type { ModelOperation, ModelResult, Party, TokenIndex } from './ModelOperation.ts';
import { modelCallToCall } from './modelCallToCall.ts';
import type { ModelSessionView } from './SessionModel.ts';

/** Everything observable after an operation, read from the chain or computed by the model. */
export interface Observation {
  now: number;
  sessions: ModelSessionView[];
  /** `[key][token]`. */
  policies: SpendingPolicyView[][];
  /** `token:party` → balance. */
  balances: Record<string, bigint>;
  /** `token:spender` → allowance granted by the wallet. */
  allowances: Record<string, bigint>;
}

export const PARTIES: readonly Party[] = ['wallet', 'r0', 'r1'];
export const SPENDERS: readonly Party[] = ['wallet', 'r0'];
export const TOKENS: readonly TokenIndex[] = [0, 1];
/** The predeployed account relaying outside executions: not one of the parties. */
const RELAYER = 3;
/** Token units minted to each sequence's wallet. */
const FUNDING = 1_000n;

/**
 * The devnet side of a model-based sequence: a fresh SDK wallet, a pool of session keys, and the
 * operations applied through the public SDK (owner side) or starknet.js with `SessionSigner` and
 * fixed resource bounds (session side, so the chain alone decides); outside executions are
 * signed with core and submitted by a relayer account.
 */
export class ModelChain {
  readonly ctx: ModelContext;
  readonly #world: AttackWorld;
  readonly #wallet: WalletData;
  readonly #pairs: SessionKeyPair[];
  readonly #tokens: Record<TokenIndex, Contract>;
  /** Submits the session-signed outside executions (and pays their fees). */
  readonly #relayer: Account;
  readonly #chainId: string;

  private constructor(
    world: AttackWorld,
    wallet: WalletData,
    pairs: SessionKeyPair[],
    chainId: string,
  ) {
    this.#world = world;
    this.#wallet = wallet;
    this.#pairs = pairs;
    const relayer = world.accounts[RELAYER];
    if (relayer === undefined) throw new Error(`devnet has no predeployed account #${RELAYER}`);
    this.#relayer = relayer;
    this.#chainId = chainId;
    this.#tokens = { 0: world.usdc, 1: world.eurc };
    this.ctx = {
      wallet: BigInt(wallet.publicKey),
      tokens: { 0: BigInt(world.usdc.address), 1: BigInt(world.eurc.address) },
      parties: {
        wallet: BigInt(wallet.publicKey),
        r0: BigInt((world.accounts[1] as { address: string }).address),
        r1: BigInt((world.accounts[2] as { address: string }).address),
      },
      keys: pairs.map((p) => p.publicKey),
      transactionMaxFee: maxFeeOf(world.bounds),
    };
  }

  /** A new funded wallet with `keyCount` fresh session keys, the clock set to `startTime`. */
  static async create(
    world: AttackWorld,
    keyCount: number,
    startTime: number,
  ): Promise<ModelChain> {
    const { wallet } = await world.sdk.createWallet({
      encryptKey: PIN,
      fund: async (address) => {
        await mintStrk(world.devnet, address, 10n ** 21n);
      },
    });
    for (const token of [world.usdc, world.eurc]) {
      await mintUsdc(world.devnet, token, world.deployer, wallet.publicKey, FUNDING);
    }
    await setTime(world.devnet, startTime);
    const pairs = Array.from({ length: keyCount }, () => createSessionKeyPair());
    return new ModelChain(world, wallet, pairs, await world.devnet.provider.getChainId());
  }

  /**
   * Applies one operation. `signedValidUntil` is what a session signature carries (the
   * registered value, or another one to provoke a mismatch).
   */
  async apply(
    op: ModelOperation,
    now: number,
    signedValidUntil: number,
  ): Promise<ModelResult & { blockTime?: number }> {
    const sessions = this.#world.sdk.sessions;
    const base = { encryptKey: PIN, wallet: this.#wallet };
    const keyOf = (index: number) => (this.#pairs[index] as SessionKeyPair).publicKey;
    const owner = async (send: () => Promise<unknown>): Promise<ModelResult> => {
      try {
        await send();
        return { kind: 'accepted' };
      } catch (error) {
        return { kind: 'rejected', code: codeOf(error) };
      }
    };
    switch (op.type) {
      case 'travel':
        await setTime(this.#world.devnet, now + op.seconds);
        return { kind: 'accepted' };
      case 'register':
        return owner(() =>
          sessions.addSessionKeyToContract({
            ...base,
            sessionConfig: {
              sessionPublicKey: keyOf(op.key),
              validUntil: now + op.lifetimeSeconds,
              maxCalls: op.maxCalls,
              allowedEntrypoints: op.allowed.map((e) =>
                typeof e === 'string'
                  ? e
                  : { contractAddress: this.#tokens[e.token].address, entrypoint: e.entrypoint },
              ),
              // Left out unless set, as an app would: a bare list then takes the v33 form.
              ...(op.strict ? { strict: true } : {}),
              ...(op.maxFeePerTx !== 0n ? { maxFeePerTx: op.maxFeePerTx } : {}),
              ...(op.feeBudget !== undefined ? { feeBudget: op.feeBudget } : {}),
              spendingPolicies: op.policies.map((p) => ({
                token: this.#tokens[p.token].address,
                maxPerCall: p.maxPerCall,
                maxPerWindow: p.maxPerWindow,
                windowSeconds: p.windowSeconds,
              })),
            },
          }),
        );
      case 'revoke':
        return owner(() => sessions.revokeSessionKey({ ...base, sessionPublicKey: keyOf(op.key) }));
      case 'revokeAll':
        return owner(() => sessions.revokeAllSessions(base));
      case 'setPolicy':
        return owner(() =>
          sessions.setSpendingPolicy({
            ...base,
            spendingPolicyConfig: {
              sessionPublicKey: keyOf(op.key),
              token: this.#tokens[op.token].address,
              maxPerCall: op.maxPerCall,
              maxPerWindow: op.maxPerWindow,
              windowSeconds: op.windowSeconds,
            },
          }),
        );
      case 'removePolicy':
        return owner(() =>
          sessions.removeSpendingPolicy({
            ...base,
            sessionPublicKey: keyOf(op.key),
            token: this.#tokens[op.token].address,
          }),
        );
      case 'execute': {
        const pair = this.#pairs[op.key] as SessionKeyPair;
        const calls = op.calls.map((c) => modelCallToCall(c, this.ctx));
        const outcome = op.outside
          ? await sendRaw(
              this.#relayer,
              [
                sessionOutsideExecutionCall({ pair, validUntil: signedValidUntil }, calls, {
                  wallet: this.#wallet.publicKey,
                  chainId: this.#chainId,
                  now,
                }).call,
              ],
              { resourceBounds: this.#world.bounds },
            )
          : await sendRaw(
              this.#world.sessionAccount(pair, signedValidUntil, this.#wallet.publicKey),
              calls,
              { resourceBounds: this.#world.bounds },
            );
        if (outcome.kind === 'accepted') return { kind: 'accepted', blockTime: outcome.blockTime };
        if (outcome.kind === 'rejected') return { kind: 'rejected', code: codeOf(outcome.error) };
        return { kind: 'reverted', code: codeOf(outcome.error), blockTime: outcome.blockTime };
      }
    }
  }

  /** Reads every observable, for the first `keyCount` session keys. */
  async observe(keyCount: number): Promise<Observation> {
    const { sessions } = this.#world.sdk;
    const walletAddress = this.#wallet.publicKey;
    const hex = (v: bigint) => `0x${v.toString(16)}`;
    const keys = this.ctx.keys.slice(0, keyCount);
    const [now, sessionViews, policies, balances, allowances] = await Promise.all([
      latestBlockTime(this.#world.devnet),
      Promise.all(
        keys.map(async (sessionPublicKey) => {
          const d = await sessions.getSessionData({ walletAddress, sessionPublicKey });
          const view: ModelSessionView = {
            isActive: d.isActive,
            validUntil: d.validUntil,
            remainingCalls: d.remainingCalls,
            allowedCalls: d.allowedCalls,
            status: d.status,
            callsUsed: d.callsUsed,
            maxCalls: d.maxCalls,
            strict: d.strict,
            maxFeePerTx: d.maxFeePerTx,
            feeBudget: d.feeBudget,
            feeUsed: d.feeUsed,
            feeBudgetLeft: d.feeBudgetLeft,
          };
          return view;
        }),
      ),
      Promise.all(
        keys.map((sessionPublicKey) =>
          Promise.all(
            TOKENS.map((t) =>
              sessions.getSpendingPolicy({
                walletAddress,
                sessionPublicKey,
                token: this.#tokens[t].address,
              }),
            ),
          ),
        ),
      ),
      Promise.all(
        TOKENS.flatMap((t) =>
          PARTIES.map(async (p) => {
            const value = (await this.#tokens[t].call('balance_of', [
              hex(this.ctx.parties[p]),
            ])) as bigint;
            return [`${t}:${p}`, value] as const;
          }),
        ),
      ),
      Promise.all(
        TOKENS.flatMap((t) =>
          SPENDERS.map(async (p) => {
            const value = (await this.#tokens[t].call('allowance', [
              walletAddress,
              hex(this.ctx.parties[p]),
            ])) as bigint;
            return [`${t}:${p}`, value] as const;
          }),
        ),
      ),
    ]);
    return {
      now,
      sessions: sessionViews,
      policies,
      balances: Object.fromEntries(balances),
      allowances: Object.fromEntries(allowances),
    };
  }
}

/** The fee bound of a transaction as the account computes it (no tip). */
function maxFeeOf(bounds: FixedResourceBounds): bigint {
  return Object.values(bounds).reduce((sum, b) => sum + b.max_amount * b.max_price_per_unit, 0n);
}

function codeOf(error: unknown): string {
  if (error instanceof ChipiError) return error.code;
  return `UNDECODED: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`;
}
