import { createServer, type Server } from 'node:http';
import type { SessionKeyData, WalletData } from '@chipi-sessions/sdk';
import type { PaymentRequirements, RateLimit } from '@chipi-sessions/x402';
import { type PaymentAsset, X402Client, type X402ClientOptions } from '@chipi-sessions/x402/client';
import {
  ExactStarknetFacilitator,
  type ExactStarknetFacilitatorOptions,
  type RunningFacilitator,
  startFacilitatorServer,
} from '@chipi-sessions/x402/facilitator';
import { SqliteSettlementStore } from '@chipi-sessions/x402/facilitator/sqlite';
import { FacilitatorClient, paymentMiddleware, paymentOf } from '@chipi-sessions/x402/server';
import { Account } from 'starknet';
import { mintStrk } from '../devnet/mintStrk.ts';
import { mintUsdc, PIN, type SdkWorld, sessionSigner, USDC } from '../sdk/sdkHarness.ts';

export const API_KEY = 'facilitator-test-key';
/** 0.10 USDC. */
export const PRICE = 100_000n;

/** A facilitator (store + service + HTTP server) on a SQLite file. */
export interface FacilitatorInstance {
  facilitator: ExactStarknetFacilitator;
  store: SqliteSettlementStore;
  running: RunningFacilitator;
  stop(): Promise<void>;
}

/** Starts a facilitator whose relayer is devnet's predeployed account `relayerIndex`. */
export async function startFacilitator(
  world: SdkWorld,
  dbPath: string,
  options: Partial<ExactStarknetFacilitatorOptions> & {
    port?: number;
    relayerIndex?: number;
    rateLimit?: RateLimit | false;
  } = {},
): Promise<FacilitatorInstance> {
  const predeployed = await world.devnet.cheats.getPredeployedAccounts();
  const relayer = predeployed[options.relayerIndex ?? 2]!;
  const store = new SqliteSettlementStore(dbPath);
  const facilitator = new ExactStarknetFacilitator({
    provider: world.devnet.provider,
    relayer: { address: relayer.address, privateKey: relayer.private_key },
    store,
    maxFee: 10n ** 18n,
    pollIntervalMs: 50,
    ...options,
  });
  const running = await startFacilitatorServer({
    facilitator,
    auth: { bearerTokens: [API_KEY] },
    rateLimit: options.rateLimit ?? false,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return {
    facilitator,
    store,
    running,
    stop: async () => {
      await running.close();
      store.close();
    },
  };
}

/** A paid JSON API on an ephemeral port: `GET /query?q=…` costs `PRICE`. */
export async function startPaidApi(params: {
  facilitatorUrl: string;
  network: string;
  asset: string;
  payTo: string;
  feePayer: string;
  pendingRetries?: number;
}): Promise<{ url: string; served: number; close(): Promise<void> }> {
  const facilitator = new FacilitatorClient({ url: params.facilitatorUrl, apiKey: API_KEY });
  const pay = paymentMiddleware({
    facilitator,
    price: {
      amount: PRICE,
      asset: params.asset,
      payTo: params.payTo,
      network: params.network,
      feePayer: params.feePayer,
      maxTimeoutSeconds: 300,
      description: 'one query',
    },
    pendingRetries: params.pendingRetries ?? 0,
    rateLimit: false,
    pendingRetryDelayMs: 100,
  });
  const api = { url: '', served: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    pay(req, res, (error) => {
      if (error !== undefined) {
        res.statusCode = 500;
        res.end();
        return;
      }
      api.served += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ answer: req.url, paidBy: paymentOf(req)?.payer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  api.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  api.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return api;
}

/** Another CHIPI wallet created through the SDK, funded with STRK and `usdc` (default 100 USDC). */
export async function createPayerWallet(world: SdkWorld, usdc = 100n * USDC): Promise<WalletData> {
  const { wallet } = await world.sdk.createWallet({
    encryptKey: PIN,
    fund: async (address) => {
      await mintStrk(world.devnet, address, 10n ** 21n);
    },
  });
  await mintUsdc(world.devnet, world.usdc, world.deployer, wallet.publicKey, usdc);
  return wallet;
}

/** Registers a transfer-only session with a USDC spending policy on `wallet` (default: the world's). */
export async function registerPaymentSession(
  world: SdkWorld,
  policy: { maxPerCall: bigint; maxPerWindow: bigint; windowSeconds: number },
  wallet: WalletData = world.wallet,
): Promise<SessionKeyData> {
  const session = world.sdk.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 3600 });
  await world.sdk.sessions.addSessionKeyToContract({
    encryptKey: PIN,
    wallet: { ...wallet, walletType: 'CHIPI' },
    sessionConfig: {
      sessionPublicKey: session.publicKey,
      validUntil: session.validUntil,
      maxCalls: 100,
      allowedEntrypoints: [{ contractAddress: world.usdc.address, entrypoint: 'transfer' }],
      strict: true,
      spendingPolicies: [
        {
          token: world.usdc.address,
          maxPerCall: policy.maxPerCall,
          maxPerWindow: policy.maxPerWindow,
          windowSeconds: policy.windowSeconds,
        },
      ],
    },
  });
  return session;
}

/** The wallet as a starknet.js `Account` whose signer is the session key (no owner interaction). */
export function sessionAccount(
  world: SdkWorld,
  session: SessionKeyData,
  wallet: WalletData = world.wallet,
): Account {
  const signer = sessionSigner(world, session, wallet);
  return new Account({ provider: world.devnet.provider, address: wallet.publicKey, signer });
}

/** The devnet's mock USDC as a payment asset (devnet is no network with a default asset). */
export function devnetUsdc(world: SdkWorld): PaymentAsset {
  return { address: world.usdc.address, decimals: 6 };
}

/** The seed-shaped client paying with `session`, capped at 0.10 USDC, only to `payTo`. */
export function sessionClient(
  world: SdkWorld,
  session: SessionKeyData,
  payTo: string,
  options: X402ClientOptions & { wallet?: WalletData } = {},
): X402Client {
  const { wallet, ...rest } = options;
  return new X402Client(sessionAccount(world, session, wallet), {
    maxPaymentAmount: '0.10',
    allowedRecipients: [payTo],
    allowedAssets: [devnetUsdc(world)],
    pendingRetryDelayMs: 100,
    ...rest,
  });
}

/** The payer's (the world's wallet) and `payTo`'s USDC balances. */
export async function paymentBalances(
  world: SdkWorld,
  payTo: string,
): Promise<{ payer: bigint; payee: bigint }> {
  return {
    payer: await world.balanceOf(world.wallet.publicKey),
    payee: await world.balanceOf(payTo),
  };
}

/** The execution status of a transaction's receipt (`SUCCEEDED` or `REVERTED`). */
export async function executionStatus(world: SdkWorld, transaction: string): Promise<string> {
  const receipt = await world.devnet.provider.getTransactionReceipt(transaction);
  return (receipt as unknown as { execution_status: string }).execution_status;
}

/** The server's requirements for one `PRICE` payment in the world's USDC, executed by `feePayer`. */
export function exactRequirements(
  world: SdkWorld,
  params: { network: string; payTo: string; feePayer: string },
): PaymentRequirements {
  return {
    scheme: 'exact',
    network: params.network,
    amount: String(PRICE),
    asset: world.usdc.address,
    payTo: params.payTo,
    maxTimeoutSeconds: 300,
    extra: { areFeesSponsored: true, feePayer: params.feePayer },
  };
}
