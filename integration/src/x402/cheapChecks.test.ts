import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExactStarknetPayload, type PaymentRequirements } from '@chipi-sessions/x402';
import { FacilitatorClient } from '@chipi-sessions/x402/server';
import { type Account, Signer, stark } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkWorld, startSdkWorld } from '../sdk/sdkHarness.ts';
import { type CountingRpcProxy, startCountingRpcProxy } from './countingRpcProxy.ts';
import { API_KEY, type FacilitatorInstance, PRICE, startFacilitator } from './x402Harness.ts';

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
