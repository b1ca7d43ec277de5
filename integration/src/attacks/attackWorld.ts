import {
  type AllowedEntrypointInput,
  createSessionKeyPair,
  encryptPrivateKey,
  type SessionKeyPair,
} from '@chipi-sessions/core';
import {
  type SessionKeyData,
  SessionSigner,
  type SpendingPolicyLimits,
  type WalletData,
} from '@chipi-sessions/sdk';
import { Account, type Call, type Contract } from 'starknet';
import { type FixedResourceBounds, fixedResourceBounds } from '../chain/fixedResourceBounds.ts';
import { type ChainOutcome, sendRaw } from '../chain/sendRaw.ts';
import { deployMockUsdc } from '../contracts/deployMockUsdc.ts';
import { latestBlockTime } from '../devnet/timeTravel.ts';
import { mintUsdc, PIN, type SdkWorld, startSdkWorld, USDC } from '../sdk/sdkHarness.ts';

/** A registered session as the attack tests hold it: the raw key pair and the SDK's view. */
export interface TestSession {
  pair: SessionKeyPair;
  validUntil: number;
  /** The SDK form (private key in an envelope under `PIN`, bound to the wallet). */
  data: SessionKeyData;
  /** starknet.js account of the wallet that signs with this session. */
  account: Account;
}

export interface SessionOptions {
  allowedEntrypoints?: AllowedEntrypointInput[];
  maxCalls?: number;
  /** Seconds from the latest block; default one day. */
  lifetimeSeconds?: number;
  strict?: boolean;
  spendingPolicies?: SpendingPolicyLimits[];
  wallet?: WalletData;
  /**
   * Lifetime fee budget (fri). Default `ATTACK_FEE_BUDGET`, far above what the suites spend, so
   * only the fee-budget tests meet it.
   */
  feeBudget?: bigint;
}

/** Fee budget of the attack sessions unless a test sets one: 10^6 STRK. */
export const ATTACK_FEE_BUDGET = 10n ** 24n;

export interface AttackWorld extends SdkWorld {
  /** The SDK wallet with `walletType: 'CHIPI'`. */
  chipiWallet: WalletData;
  /** A second mock token (same class), 100 units held by the wallet. */
  eurc: Contract;
  recipient: string;
  bounds: FixedResourceBounds;
  /** Registers a new session through the SDK (owner-signed). */
  newSession(options?: SessionOptions): Promise<TestSession>;
  /** The wallet account signing with a session key (no pre-flight state: nothing checked). */
  sessionAccount(pair: SessionKeyPair, validUntil: number, address?: string): Account;
  /** Sends session-signed calls with fixed resource bounds: only the chain can refuse them. */
  sendAsSession(session: TestSession, calls: Call[]): Promise<ChainOutcome>;
  /** `executeTransactionWithSession` through the SDK. */
  sdkPay(session: TestSession, calls: Call[], skipPreflight?: boolean): Promise<string>;
  tokenBalance(token: Contract, address: string): Promise<bigint>;
}

export async function startAttackWorld(): Promise<AttackWorld> {
  const world = await startSdkWorld();
  try {
    const eurc = await deployMockUsdc(world.deployer);
    await mintUsdc(world.devnet, eurc, world.deployer, world.wallet.publicKey, 100n * USDC);
    const bounds = await fixedResourceBounds(world.devnet.provider);
    const chipiWallet: WalletData = { ...world.wallet, walletType: 'CHIPI' };
    const recipient = (world.accounts[1] as Account).address;

    const sessionAccount = (pair: SessionKeyPair, validUntil: number, address?: string) =>
      new Account({
        provider: world.devnet.provider,
        address: address ?? world.wallet.publicKey,
        signer: new SessionSigner({ privateKey: pair.privateKey, validUntil }),
        cairoVersion: '1',
      });

    const newSession = async (options: SessionOptions = {}): Promise<TestSession> => {
      const wallet = options.wallet ?? chipiWallet;
      const pair = createSessionKeyPair();
      const validUntil =
        (await latestBlockTime(world.devnet)) + (options.lifetimeSeconds ?? 24 * 3600);
      await world.sdk.sessions.addSessionKeyToContract({
        encryptKey: PIN,
        wallet,
        sessionConfig: {
          sessionPublicKey: pair.publicKey,
          validUntil,
          maxCalls: options.maxCalls ?? 20,
          allowedEntrypoints: options.allowedEntrypoints ?? ['transfer'],
          ...(options.strict === undefined ? {} : { strict: options.strict }),
          ...(options.spendingPolicies ? { spendingPolicies: options.spendingPolicies } : {}),
          feeBudget: options.feeBudget ?? ATTACK_FEE_BUDGET,
        },
      });
      return {
        pair,
        validUntil,
        data: sessionKeyData(pair, validUntil, wallet.publicKey),
        account: sessionAccount(pair, validUntil, wallet.publicKey),
      };
    };

    return {
      ...world,
      chipiWallet,
      eurc,
      recipient,
      bounds,
      newSession,
      sessionAccount,
      sendAsSession: (session, calls) =>
        sendRaw(session.account, calls, { resourceBounds: bounds }),
      sdkPay: (session, calls, skipPreflight = false) =>
        world.sdk.executeTransactionWithSession({
          params: { encryptKey: PIN, wallet: chipiWallet, session: session.data, calls },
          ...(skipPreflight ? { options: { skipPreflight: true } } : {}),
        }),
      tokenBalance: async (token, address) => (await token.call('balance_of', [address])) as bigint,
    };
  } catch (error) {
    await world.stop();
    throw error;
  }
}

/** The SDK form of a raw session key pair: its private key encrypted under `PIN`. */
export function sessionKeyData(
  pair: SessionKeyPair,
  validUntil: number,
  walletAddress: string,
): SessionKeyData {
  return {
    publicKey: pair.publicKey,
    validUntil,
    encryptedPrivateKey: encryptPrivateKey({
      privateKey: pair.privateKey,
      pin: PIN,
      walletAddress,
      kdfParams: 'insecure-fast-for-tests',
    }),
  };
}

/** A token transfer call. */
export function transferCall(token: Contract, to: string, amount: bigint): Call {
  return { contractAddress: token.address, entrypoint: 'transfer', calldata: [to, amount, 0n] };
}
