import { x402Facilitator } from '@x402/core/facilitator';
import { x402ResourceServer } from '@x402/core/server';
import type { PaymentPayload, PaymentRequirements } from '@x402/core/types';
import { RpcProvider } from 'starknet';
import { afterAll, describe, expect, it } from 'vitest';
import { ExactStarknetFacilitator } from '../facilitator/ExactStarknetFacilitator.js';
import { exactStarknetFacilitatorScheme } from '../facilitator/exactStarknetFacilitatorScheme.js';
import { SqliteSettlementStore } from '../facilitator/sqlite/SqliteSettlementStore.js';
import { STARKNET_USDC } from '../scheme/starknetNetwork.js';
import { isX402Error } from '../scheme/X402Error.js';
import { PAY_TO, SUBMITTER } from '../testing/paymentFixture.js';
import { exactStarknetServerScheme } from './exactStarknetServerScheme.js';

const NETWORK = 'starknet:SN_SEPOLIA';
const store = new SqliteSettlementStore(':memory:');

afterAll(() => store.close());

function canonical(address: string): string {
  return `0x${BigInt(address).toString(16)}`;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.catch((e: unknown) => e);
  return isX402Error(error) ? error.code : undefined;
}

describe('exactStarknetServerScheme', () => {
  const scheme = exactStarknetServerScheme();

  it('turns money into exact USDC base units and refuses what it would have to round', async () => {
    expect(await scheme.parsePrice('$0.10', 'starknet:SN_MAIN')).toEqual({
      asset: STARKNET_USDC['starknet:SN_MAIN'],
      amount: '100000',
    });
    expect((await scheme.parsePrice(0.25, NETWORK)).amount).toBe('250000');
    expect((await scheme.parsePrice('1.5 USDC', NETWORK)).amount).toBe('1500000');
    expect(await codeOf(scheme.parsePrice('$0.0000001', NETWORK))).toBe(
      'invalid_payment_requirements',
    );
    expect(await codeOf(scheme.parsePrice('ten', NETWORK))).toBe('invalid_payment_requirements');
    expect(await codeOf(scheme.parsePrice('$1', 'starknet:SN_DEVNET'))).toBe(
      'invalid_payment_requirements',
    );
    const devnet = exactStarknetServerScheme({ moneyAsset: { asset: '0xabc', decimals: 6 } });
    expect(await devnet.parsePrice('$2', 'starknet:SN_DEVNET')).toEqual({
      asset: '0xabc',
      amount: '2000000',
    });
    expect(await scheme.parsePrice({ asset: '0xabc', amount: '7' }, NETWORK)).toEqual({
      asset: '0xabc',
      amount: '7',
    });
    expect(await codeOf(scheme.parsePrice({ asset: '0xabc', amount: '0.5' }, NETWORK))).toBe(
      'invalid_payment_requirements',
    );
    expect(await codeOf(scheme.parsePrice('$1', 'eip155:8453'))).toBe('invalid_network');
  });

  it('builds requirements through the reference server and facilitator registries, bound to our relayer', async () => {
    const facilitator = new ExactStarknetFacilitator({
      provider: new RpcProvider({ nodeUrl: 'http://127.0.0.1:9' }),
      relayer: { address: SUBMITTER, privateKey: '0x1' },
      store,
      maxFee: 10n ** 17n,
    });
    const reference = new x402Facilitator().register(
      NETWORK,
      exactStarknetFacilitatorScheme(facilitator),
    );
    expect(reference.getSupported()).toMatchObject({
      kinds: [
        {
          x402Version: 2,
          scheme: 'exact',
          network: NETWORK,
          extra: { areFeesSponsored: true, feePayer: canonical(SUBMITTER) },
        },
      ],
      signers: { 'starknet:*': [canonical(SUBMITTER)] },
    });
    const server = new x402ResourceServer({
      verify: (p: PaymentPayload, r: PaymentRequirements) => reference.verify(p, r),
      settle: (p: PaymentPayload, r: PaymentRequirements) => reference.settle(p, r),
      getSupported: async () => reference.getSupported() as never,
    }).register(NETWORK, scheme);
    await server.initialize();
    const [built] = await server.buildPaymentRequirements({
      scheme: 'exact',
      network: NETWORK,
      payTo: '0x0bee',
      price: '$0.10',
      maxTimeoutSeconds: 120,
    });
    expect(built).toEqual({
      scheme: 'exact',
      network: NETWORK,
      amount: '100000',
      asset: canonical(STARKNET_USDC[NETWORK] as string),
      payTo: canonical(PAY_TO),
      maxTimeoutSeconds: 120,
      extra: { areFeesSponsored: true, feePayer: canonical(SUBMITTER) },
    });
    const malformed = await reference.verify(
      { x402Version: 2, accepted: built!, payload: {} },
      { ...built!, amount: 'ten' },
    );
    expect(malformed).toEqual(expect.objectContaining({ isValid: false }));
    expect(malformed.invalidReason).toBe('invalid_payment_requirements');
  });

  it('knows the decimals of its money asset only', () => {
    expect(scheme.getAssetDecimals(STARKNET_USDC[NETWORK] as string, NETWORK)).toBe(6);
    expect(scheme.getAssetDecimals('0xabc', NETWORK)).toBeUndefined();
    expect(scheme.getAssetDecimals('USDC', NETWORK)).toBeUndefined();
  });

  it('refuses a facilitator or a route that does not sponsor fees', async () => {
    const kind = { x402Version: 2, scheme: 'exact', network: NETWORK };
    expect(scheme.validateFacilitatorSupport(NETWORK, kind)).toBeUndefined();
    expect(
      scheme.validateFacilitatorSupport(NETWORK, { ...kind, extra: { areFeesSponsored: false } }),
    ).toMatch(/sponsor/);
    const unsponsored = {
      scheme: 'exact',
      network: NETWORK as `${string}:${string}`,
      amount: '1',
      asset: '0xabc',
      payTo: PAY_TO,
      maxTimeoutSeconds: 60,
      extra: { areFeesSponsored: false },
    };
    expect(await codeOf(scheme.enhancePaymentRequirements(unsponsored, kind, []))).toBe(
      'invalid_payment_requirements',
    );
  });
});
