/**
 * The session lifecycle, end to end and gasless: our SNIP-29 paymaster is started, then a wallet
 * that never holds STRK is created, a session registered once with the owner's PIN, payments
 * signed by the session with no owner interaction, the limits the account enforces, and
 * revocation — every fee paid by the paymaster's relayer.
 *
 *   pnpm demo                 embedded starknet-devnet
 *   pnpm demo --rpc URL       a real network (CHIPI_SPONSOR_ADDRESS / CHIPI_SPONSOR_PRIVATE_KEY:
 *                             it deploys the contracts and is the paymaster's relayer)
 *   pnpm demo --paid          without the paymaster: the wallet holds STRK and pays its fees
 */
import { parseArgs } from 'node:util';
import { ChipiSessionsSDK } from '@chipi-sessions/sdk';
import { type Call, config, uint256 } from 'starknet';
import { declareContract } from '../contracts/declareContract.ts';
import { deployMockUsdc } from '../contracts/deployMockUsdc.ts';
import { DemoReport } from './DemoReport.ts';
import { demoEnvironment, STRK_TOKEN } from './demoEnvironment.ts';

const PIN = '482913';
const USDC = 1_000_000n; // 6 decimals
const { values } = parseArgs({
  options: { rpc: { type: 'string' }, paid: { type: 'boolean', default: false } },
});
// A fresh devnet has too few blocks for starknet.js's tip estimate, which warns on every send.
if (!values.rpc) config.set('logLevel', 'ERROR');

const report = new DemoReport();
const env = await demoEnvironment(values.rpc);
try {
  report.step(`network: ${env.label}`);
  const usdc = await deployMockUsdc(env.sponsor);
  report.step(`mock USDC deployed at ${usdc.address}`);

  const accountClass = await declareContract(env.sponsor, 'account');
  report.step(`CHIPI account class ${short(accountClass)} declared`);

  const paymaster = values.paid ? undefined : await env.startPaymaster();
  if (paymaster) {
    report.step(`paymaster (SNIP-29) at ${paymaster.url}, relayer ${short(paymaster.relayer)}`);
  }
  const sdk = new ChipiSessionsSDK({
    provider: env.provider,
    accountClassHash: accountClass,
    ...(paymaster ? { paymasterUrl: paymaster.url, bearerToken: paymaster.apiKey } : {}),
  });
  const { wallet, txHash: walletTx } = paymaster
    ? await sdk.createWallet({ encryptKey: PIN })
    : await sdk.createWallet({ encryptKey: PIN, deployer: env.sponsor });
  await report.tx(
    paymaster ? 'wallet deployed by the paymaster' : 'wallet deployed',
    walletTx,
    env.provider,
  );
  if (!paymaster) await env.fundStrk(wallet.publicKey, 10n ** 20n);
  const mint = await usdc.invoke('mint', [wallet.publicKey, uint256.bnToUint256(5n * USDC)]);
  await report.tx('5 USDC minted to the wallet', mint.transaction_hash, env.provider);

  // 1. a session key, created locally and encrypted with the PIN
  const session = sdk.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 3600 });
  report.step(
    `session key ${short(session.publicKey)} valid until ${new Date(session.validUntil * 1000).toISOString()}`,
  );

  // 2. registered once by the owner: USDC transfers only, 4 transactions, 0.10 per call, 0.25 per hour
  const register = await sdk.sessions.addSessionKeyToContract(
    {
      encryptKey: PIN,
      wallet,
      sessionConfig: {
        sessionPublicKey: session.publicKey,
        validUntil: session.validUntil,
        maxCalls: 4,
        allowedEntrypoints: [{ contractAddress: usdc.address, entrypoint: 'transfer' }],
        strict: true,
        spendingPolicies: [
          {
            token: usdc.address,
            maxPerCall: USDC / 10n,
            maxPerWindow: USDC / 4n,
            windowSeconds: 3600,
          },
        ],
      },
    },
    paymaster?.apiKey,
  );
  await report.tx('session registered (owner signature)', register, env.provider);

  // 3. pay per request, signed by the session alone
  const merchant = env.sponsor.address;
  const pay = (amount: bigint): Call => ({
    contractAddress: usdc.address,
    entrypoint: 'transfer',
    calldata: [merchant, ...uint256Felts(amount)],
  });
  for (const cents of [5n, 8n, 10n]) {
    const hash = await sdk.executeTransactionWithSession({
      params: { encryptKey: PIN, wallet, session, calls: [pay((USDC * cents) / 100n)] },
    });
    await report.tx(
      `paid ${formatUsdc((USDC * cents) / 100n)} with the session`,
      hash,
      env.provider,
    );
  }
  const data = await sdk.sessions.getSessionData({
    walletAddress: wallet.publicKey,
    sessionPublicKey: session.publicKey,
  });
  const policy = await sdk.sessions.getSpendingPolicy({
    walletAddress: wallet.publicKey,
    sessionPublicKey: session.publicKey,
    token: usdc.address,
  });
  report.step(
    `session: active=${data.isActive}, ${data.remainingCalls} calls left; window: ${formatUsdc(policy.spentInWindow)} spent, ${formatUsdc(policy.remainingInWindow)} left`,
  );

  // 4. the limits: per-call cap, window cap, then max calls
  await report.refusal('pay 0.20 USDC (over the 0.10 per-call cap)', () =>
    sdk.executeTransactionWithSession({
      params: { encryptKey: PIN, wallet, session, calls: [pay(USDC / 5n)] },
    }),
  );
  await report.refusal("pay 0.03 USDC (the hour's 0.25 is nearly spent)", () =>
    sdk.executeTransactionWithSession({
      params: { encryptKey: PIN, wallet, session, calls: [pay((USDC * 3n) / 100n)] },
    }),
  );
  const last = await sdk.executeTransactionWithSession({
    params: { encryptKey: PIN, wallet, session, calls: [pay(USDC / 50n)] },
  });
  await report.tx('paid 0.02 USDC (the 4th and last call)', last, env.provider);
  await report.refusal('pay again after 4 calls', () =>
    sdk.executeTransactionWithSession({
      params: { encryptKey: PIN, wallet, session, calls: [pay(USDC / 100n)] },
    }),
  );

  // 5. revoke
  const revoke = await sdk.sessions.revokeSessionKey(
    { encryptKey: PIN, wallet, sessionPublicKey: session.publicKey },
    paymaster?.apiKey,
  );
  await report.tx('session revoked (owner signature)', revoke, env.provider);
  await report.refusal('pay with the revoked session', () =>
    sdk.executeTransactionWithSession({
      params: { encryptKey: PIN, wallet, session, calls: [pay(USDC / 100n)] },
    }),
  );
  const balance = (await usdc.call('balance_of', [wallet.publicKey])) as bigint;
  report.step(`wallet USDC balance: ${formatUsdc(balance)}`);
  const [strkLow, strkHigh] = await env.provider.callContract({
    contractAddress: STRK_TOKEN,
    entrypoint: 'balance_of',
    calldata: [wallet.publicKey],
  });
  const strk = BigInt(strkLow ?? 0) + (BigInt(strkHigh ?? 0) << 128n);
  report.step(
    paymaster
      ? `wallet STRK balance: ${strk} (every fee was paid by the paymaster)`
      : `wallet STRK balance: ${strk} fri`,
  );
  report.summary();
} finally {
  await env.close();
}

function uint256Felts(amount: bigint): [bigint, bigint] {
  const { low, high } = uint256.bnToUint256(amount);
  return [BigInt(low), BigInt(high)];
}

function formatUsdc(amount: bigint): string {
  const whole = amount / USDC;
  const fraction = (amount % USDC).toString().padStart(6, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} USDC`;
}

function short(hex: string): string {
  return `${hex.slice(0, 8)}…${hex.slice(-4)}`;
}
