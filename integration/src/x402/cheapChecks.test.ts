import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toFeltHex } from '@chipi-sessions/core';
import { buildExactStarknetPayload, type PaymentRequirements } from '@chipi-sessions/x402';
import { FacilitatorClient } from '@chipi-sessions/x402/server';
import { type Account, Signer, stark } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkWorld, startSdkWorld } from '../sdk/sdkHarness.ts';
import { type CountingRpcProxy, startCountingRpcProxy } from './countingRpcProxy.ts';
import {
  API_KEY,
  type FacilitatorInstance,
  PRICE,
  registerPaymentSession,
  sessionAccount,
  startFacilitator,
} from './x402Harness.ts';

let world: SdkWorld;
let dir: string;
let proxy: CountingRpcProxy;
let facilitator: FacilitatorInstance;
let requirements: PaymentRequirements;

beforeAll(async () => {
  world = await startSdkWorld();
  dir = mkdtempSync(join(tmpdir(), 'chipi-x402-cheap-'));
  proxy = await startCountingRpcProxy(`${world.devnet.url}/rpc`);
  facilitator = await startFacilitator(world, join(dir, 'settlements.sqlite'), {
    provider: proxy.provider,
    rateLimit: { burst: 3, perSecond: 0.001 },
  });
  requirements = {
    scheme: 'exact',
    network: await facilitator.facilitator.network(),
    amount: String(PRICE),
    asset: world.usdc.address,
    payTo: (world.accounts[1] as Account).address,
    maxTimeoutSeconds: 300,
    extra: { areFeesSponsored: true, feePayer: facilitator.facilitator.relayerAddress },
  };
});

afterAll(async () => {
  await facilitator?.stop();
  await proxy?.close();
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A well-formed payment from a funded wallet, signed by a key the account does not know. */
function junkPayment() {
  return buildExactStarknetPayload({
    requirements,
    resource: { url: 'http://127.0.0.1/query' },
    from: world.wallet.publicKey,
    signer: new Signer(stark.randomAddress()),
    now: Math.floor(Date.now() / 1000),
  });
}

describe('the facilitator spends little on unauthenticated junk (counted RPC calls)', () => {
  it('refuses a junk signature after one is_valid_signature read: no nonce, balance or simulation, no payer', async () => {
    await facilitator.facilitator.network();
    proxy.reset();
    const verdict = await facilitator.facilitator.verify(await junkPayment(), requirements);
    expect(verdict).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_starknet_payload_signature',
    });
    expect(verdict.payer).toBeUndefined();
    expect(Object.fromEntries(proxy.counts)).toEqual({ starknet_call: 1 });
    proxy.reset();
    const settled = await facilitator.facilitator.settle(await junkPayment(), requirements);
    expect(settled).toMatchObject({
      success: false,
      errorReason: 'invalid_exact_starknet_payload_signature',
      transaction: '',
    });
    expect(settled.payer).toBeUndefined();
    expect(Object.fromEntries(proxy.counts)).toEqual({ starknet_call: 1 });
    // A junk 4-felt session-shaped signature is no more expensive.
    const sessionShaped = await junkPayment();
    const inner = sessionShaped.payload.outsideExecution;
    inner.signature = ['0x123', '0x1', '0x2', '0x7fffffff'];
    proxy.reset();
    const junkSession = await facilitator.facilitator.verify(sessionShaped, requirements);
    expect(junkSession.invalidReason).toBe('invalid_exact_starknet_payload_signature');
    expect(Object.fromEntries(proxy.counts)).toEqual({ starknet_call: 1 });
  });

  it('answers 429 past the per-client rate, with no RPC call at all', async () => {
    const client = new FacilitatorClient({ url: facilitator.running.url, apiKey: API_KEY });
    const payment = await junkPayment();
    proxy.reset();
    const reasons: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      reasons.push((await client.verify(payment, requirements)).invalidReason);
    }
    expect(reasons).toEqual([
      'invalid_exact_starknet_payload_signature',
      'invalid_exact_starknet_payload_signature',
      'invalid_exact_starknet_payload_signature',
      'rate_limited',
      'rate_limited',
    ]);
    expect(proxy.total()).toBe(3);
  });
});

describe('a valid payment costs one simulation per phase (counted RPC calls)', () => {
  it('verify: one signature, nonce and balance read each and one SKIP_VALIDATE simulation; settle repeats them once, then sends', async () => {
    const policy = { maxPerCall: PRICE, maxPerWindow: 100n * PRICE, windowSeconds: 86_400 };
    const session = await registerPaymentSession(world, policy);
    const payment = () =>
      buildExactStarknetPayload({
        requirements,
        resource: { url: 'http://127.0.0.1/query' },
        from: world.wallet.publicKey,
        signer: sessionAccount(world, session).signer,
        now: Math.floor(Date.now() / 1000),
      });
    const readsAndSimulation = { starknet_call: 3, starknet_simulateTransactions: 1 };
    // The first settlement reads the relayer nonce; afterwards the sender knows it.
    for (const round of [1, 2]) {
      const paid = await payment();
      proxy.reset();
      const verdict = await facilitator.facilitator.verify(paid, requirements);
      expect(verdict).toMatchObject({
        isValid: true,
        payer: toFeltHex(BigInt(world.wallet.publicKey)),
      });
      const verifyCounts = Object.fromEntries(proxy.counts);
      expect(verifyCounts).toEqual(
        round === 1 ? { ...readsAndSimulation, starknet_getNonce: 1 } : readsAndSimulation,
      );
      // The scheme's flags, and no relayer signature is computed for a simulation.
      expect(proxy.simulations).toEqual([
        { flags: ['SKIP_VALIDATE', 'SKIP_FEE_CHARGE'], signatureLength: 0 },
      ]);
      proxy.reset();
      const settled = await facilitator.facilitator.settle(paid, requirements);
      expect(settled).toMatchObject({
        success: true,
        payer: toFeltHex(BigInt(world.wallet.publicKey)),
      });
      // Settle re-runs every check (the scheme forbids trusting /verify): no fee estimate, one
      // submission, the receipt read once (devnet mines at once).
      expect(Object.fromEntries(proxy.counts)).toEqual({
        ...readsAndSimulation,
        ...(round === 1 ? { starknet_getNonce: 2 } : {}),
        starknet_addInvokeTransaction: 1,
        starknet_getTransactionReceipt: 1,
      });
    }
  });
});
