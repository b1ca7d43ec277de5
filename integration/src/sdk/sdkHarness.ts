import { inspectKeyEnvelope } from '@chipi-sessions/core';
import {
  ChipiSessionsSDK,
  type ChipiSessionsSDKConfig,
  KeyCache,
  type SessionKeyData,
  SessionSigner,
  type WalletData,
} from '@chipi-sessions/sdk';
import type { Account, Call, Contract } from 'starknet';
import { declareContract } from '../contracts/declareContract.ts';
import { deployMockUsdc } from '../contracts/deployMockUsdc.ts';
import { mintStrk } from '../devnet/mintStrk.ts';
import { predeployedAccounts } from '../devnet/predeployedAccounts.ts';
import { type Devnet, startDevnet } from '../devnet/startDevnet.ts';

export const PIN = '482913';
/** 1 USDC in base units (6 decimals). */
export const USDC = 1_000_000n;

export interface SdkWorld {
  devnet: Devnet;
  deployer: Account;
  accounts: Account[];
  usdc: Contract;
  classHash: string;
  sdk: ChipiSessionsSDK;
  /** A CHIPI wallet created through the SDK (DEPLOY_ACCOUNT after funding), holding 100 USDC. */
  wallet: WalletData;
  newSdk(config?: ChipiSessionsSDKConfig): ChipiSessionsSDK;
  balanceOf(address: string): Promise<bigint>;
  stop(): Promise<void>;
}

/** A devnet with the mock USDC, the declared CHIPI account and an SDK wallet funded with USDC. */
export async function startSdkWorld(): Promise<SdkWorld> {
  const devnet = await startDevnet();
  try {
    const accounts = await predeployedAccounts(devnet);
    const deployer = accounts[0] as Account;
    const usdc = await deployMockUsdc(deployer);
    const classHash = await declareContract(deployer, 'account');
    const newSdk = (config: ChipiSessionsSDKConfig = {}) =>
      new ChipiSessionsSDK({
        provider: devnet.provider,
        accountClassHash: classHash,
        kdfParams: 'insecure-fast-for-tests',
        transactionPollIntervalMs: 100,
        ...config,
      });
    const sdk = newSdk();
    const { wallet } = await sdk.createWallet({
      encryptKey: PIN,
      fund: async (address) => {
        await mintStrk(devnet, address, 10n ** 21n);
      },
    });
    await mintUsdc(devnet, usdc, deployer, wallet.publicKey, 100n * USDC);
    return {
      devnet,
      deployer,
      accounts,
      usdc,
      classHash,
      sdk,
      wallet,
      newSdk,
      balanceOf: async (address) => (await usdc.call('balance_of', [address])) as bigint,
      stop: () => devnet.stop(),
    };
  } catch (error) {
    await devnet.stop();
    throw error;
  }
}

export async function mintUsdc(
  devnet: Devnet,
  usdc: Contract,
  owner: Account,
  to: string,
  amount: bigint,
): Promise<void> {
  const tx = await owner.execute({
    contractAddress: usdc.address,
    entrypoint: 'mint',
    calldata: [to, amount, 0n],
  });
  await devnet.provider.waitForTransaction(tx.transaction_hash);
}

/** A USDC transfer call as the seed page writes it. */
export function usdcTransfer(usdc: Contract, to: string, amount: bigint): Call {
  return {
    contractAddress: usdc.address,
    entrypoint: 'transfer',
    calldata: [to, amount.toString(), '0x0'],
  };
}

/** The signer of `session`'s key for `wallet` (default: the world's wallet), unlocked with the PIN. */
export function sessionSigner(
  world: SdkWorld,
  session: SessionKeyData,
  wallet: WalletData = world.wallet,
): SessionSigner {
  return new SessionSigner({
    privateKey: new KeyCache().unlock({
      envelope: session.encryptedPrivateKey,
      pin: PIN,
      walletAddress: inspectKeyEnvelope(session.encryptedPrivateKey).walletAddress,
    }),
    validUntil: session.validUntil,
    accountAddress: wallet.publicKey,
  });
}
