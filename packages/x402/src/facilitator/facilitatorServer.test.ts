import { StarknetChainId } from '@chipi-sessions/core';
import { RpcProvider } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacilitatorClient } from '../server/FacilitatorClient.js';
import { payload, requirements } from '../testing/paymentFixture.js';
import { ExactStarknetFacilitator } from './ExactStarknetFacilitator.js';
import { type RunningFacilitator, startFacilitatorServer } from './facilitatorServer.js';
import { SqliteSettlementStore } from './sqlite/SqliteSettlementStore.js';

let running: RunningFacilitator;
let store: SqliteSettlementStore;

beforeAll(async () => {
  store = new SqliteSettlementStore(':memory:');
  const facilitator = new ExactStarknetFacilitator({
    // Nothing listens there: every request below is refused before any chain access.
    provider: new RpcProvider({
      nodeUrl: 'http://127.0.0.1:9/rpc',
      chainId: StarknetChainId.SN_SEPOLIA,
    }),
    relayer: { address: '0x5b', privateKey: '0x1' },
    store,
    maxFee: 10n ** 18n,
  });
  running = await startFacilitatorServer({ facilitator, auth: { bearerTokens: ['secret'] } });
});

afterAll(async () => {
  await running?.close();
  store?.close();
});

describe('facilitator HTTP API', () => {
  it('refuses /settle and /verify without a valid bearer token', async () => {
    for (const apiKey of [undefined, 'wrong']) {
      const client = new FacilitatorClient({
        url: running.url,
        ...(apiKey === undefined ? {} : { apiKey }),
      });
      expect(await client.settle(payload(), requirements())).toMatchObject({
        success: false,
        errorReason: 'unauthorized',
        transaction: '',
        network: 'starknet:SN_SEPOLIA',
      });
      expect(await client.verify(payload(), requirements())).toMatchObject({
        isValid: false,
        invalidReason: 'unauthorized',
      });
    }
    const raw = await fetch(`${running.url}/settle`, { method: 'POST', body: '{}' });
    expect(raw.status).toBe(401);
  });

  it('publishes /supported and answers a malformed body with 400 invalid_payload', async () => {
    const client = new FacilitatorClient({ url: running.url, apiKey: 'secret' });
    const supported = await client.getSupported();
    expect(supported.kinds[0]).toMatchObject({
      x402Version: 2,
      scheme: 'exact',
      network: 'starknet:SN_SEPOLIA',
    });
    expect(supported.signers['starknet:*']).toEqual([`0x5b`]);
    const response = await fetch(`${running.url}/verify`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret' },
      body: 'not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_payload',
    });
  });
});
