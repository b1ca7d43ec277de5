import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Devnet,
  declareContract,
  deployMockUsdc,
  mintStrk,
  predeployedAccounts,
  startDevnet,
} from '@chipi-sessions/integration';
import { starknetNetwork } from '@chipi-sessions/x402';
import { ExactStarknetFacilitator, startFacilitatorServer } from '@chipi-sessions/x402/facilitator';
import { SqliteSettlementStore } from '@chipi-sessions/x402/facilitator/sqlite';
import { FacilitatorClient, paymentMiddleware } from '@chipi-sessions/x402/server';
import { type Account, config as starknetConfig } from 'starknet';
import type { DemoConfig } from '../src/DemoConfig.ts';

/** What one query of the paid API costs: 0.01 USDC. */
export const PRICE = 10_000n;
const FACILITATOR_KEY = 'example-web-facilitator';

/** The chain and servers behind the example app. */
export interface DemoStack {
  devnet: Devnet;
  /** The paid API and the faucet, on one loopback port (the app reaches it under `/api`). */
  apiUrl: string;
  config: DemoConfig;
  /** USDC balance of an address, in base units. */
  balanceOf(address: string): Promise<bigint>;
  stop(): Promise<void>;
}

/**
 * Starts starknet-devnet, deploys the mock USDC and declares the CHIPI account, then starts an
 * x402 facilitator (its relayer is a predeployed account) and a paid JSON API that charges
 * `PRICE` per query and settles through it. The API server also has a faucet for the demo
 * (`POST /api/faucet {address}`: STRK for fees and 1 USDC).
 */
export async function startDemoStack(): Promise<DemoStack> {
  // A fresh devnet has too few blocks for starknet.js's tip estimate, which warns on every send.
  starknetConfig.set('logLevel', 'ERROR');
  const devnet = await startDevnet();
  const dir = mkdtempSync(join(tmpdir(), 'chipi-example-web-'));
  const closers: (() => Promise<void>)[] = [
    async () => devnet.stop(),
    async () => rmSync(dir, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    const accounts = await predeployedAccounts(devnet);
    const deployer = accounts[0] as Account;
    const merchant = accounts[1] as Account;
    const relayer = accounts[2] as Account;
    const usdc = await deployMockUsdc(deployer);
    const classHash = await declareContract(deployer, 'account');
    const network = starknetNetwork(await devnet.provider.getChainId());

    const predeployed = await devnet.cheats.getPredeployedAccounts();
    const relayerKey = predeployed.find((a) => BigInt(a.address) === BigInt(relayer.address));
    const store = new SqliteSettlementStore(join(dir, 'settlements.sqlite'));
    closers.push(async () => store.close());
    const facilitator = new ExactStarknetFacilitator({
      provider: devnet.provider,
      relayer: { address: relayer.address, privateKey: relayerKey?.private_key as string },
      store,
      maxFee: 10n ** 18n,
      pollIntervalMs: 100,
    });
    const running = await startFacilitatorServer({
      facilitator,
      auth: { bearerTokens: [FACILITATOR_KEY] },
    });
    closers.push(() => running.close());

    const pay = paymentMiddleware({
      facilitator: new FacilitatorClient({ url: running.url, apiKey: FACILITATOR_KEY }),
      price: (req) =>
        req.url?.startsWith('/api/query')
          ? {
              amount: PRICE,
              asset: usdc.address,
              payTo: merchant.address,
              network,
              feePayer: relayer.address,
              maxTimeoutSeconds: 300,
              description: 'one answer from the research API',
            }
          : undefined,
      pendingRetries: 2,
      pendingRetryDelayMs: 200,
    });
    const config: DemoConfig = {
      rpcPath: '/rpc',
      accountClassHash: classHash,
      usdc: usdc.address,
      merchant: merchant.address,
      price: PRICE.toString(),
      network,
    };
    const faucet = async (address: string) => {
      await mintStrk(devnet, address, 10n ** 20n);
      const tx = await deployer.execute({
        contractAddress: usdc.address,
        entrypoint: 'mint',
        calldata: [address, 1_000_000n, 0n],
      });
      await devnet.provider.waitForTransaction(tx.transaction_hash);
    };
    const server: Server = createServer((req, res) => {
      pay(req, res, (error) => {
        if (error !== undefined) return reply(res, 500, { error: String(error) });
        void route(req, res, { config, faucet }).catch((e: unknown) =>
          reply(res, 500, { error: String(e) }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const address = server.address();
    const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return {
      devnet,
      apiUrl,
      config,
      balanceOf: async (owner) => (await usdc.call('balance_of', [owner])) as bigint,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

let answered = 0;

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { config: DemoConfig; faucet: (address: string) => Promise<void> },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/api/config') return reply(res, 200, ctx.config);
  if (url.pathname === '/api/faucet' && req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { address } = JSON.parse(body) as { address: string };
    await ctx.faucet(address);
    return reply(res, 200, { funded: address });
  }
  if (url.pathname === '/api/query') {
    answered += 1;
    // Settled after this answer: the transaction hash travels in its PAYMENT-RESPONSE header.
    return reply(res, 200, { question: url.searchParams.get('q'), answer: `insight #${answered}` });
  }
  reply(res, 404, { error: 'not found' });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
