import { x402Client } from '@x402/core/client';
import { Signer, type TypedData } from 'starknet';
import { describe, expect, it } from 'vitest';
import { checkExactStarknetPayment } from '../scheme/checkExactStarknetPayment.js';
import { paymentIdentifierDeclaration } from '../scheme/paymentIdentifier.js';
import { STARKNET_USDC } from '../scheme/starknetNetwork.js';
import { isX402Error } from '../scheme/X402Error.js';
import type { PaymentPayload, PaymentRequirements } from '../scheme/x402Types.js';
import {
  ASSET,
  NOW,
  OWNER_KEY,
  PAY_TO,
  PAYER,
  requirements,
  SUBMITTER,
} from '../testing/paymentFixture.js';
import { exactStarknetClientScheme } from './exactStarknetClientScheme.js';

const NETWORK = 'starknet:SN_SEPOLIA';

function countingSigner() {
  const inner = new Signer(OWNER_KEY);
  const signer = {
    calls: 0,
    signMessage(typedData: TypedData, address: string) {
      signer.calls += 1;
      return inner.signMessage(typedData, address);
    },
  };
  return signer;
}

function paymentRequired(accepted: PaymentRequirements) {
  return {
    x402Version: 2,
    resource: { url: 'http://127.0.0.1/data' },
    accepts: [
      { ...accepted, network: NETWORK as `${string}:${string}`, extra: accepted.extra ?? {} },
    ],
    extensions: { 'payment-identifier': paymentIdentifierDeclaration() },
  };
}

describe('exactStarknetClientScheme in the reference x402Client', () => {
  it('builds a payload our facilitator checks accept, with a payment identifier next to the echoed declaration', async () => {
    const signer = countingSigner();
    const client = new x402Client()
      .register(NETWORK, exactStarknetClientScheme({ from: PAYER, signer, now: () => NOW }))
      .setSpendControls({
        allowedAssets: [{ network: NETWORK, asset: ASSET, maxAmountPerPayment: '100000' }],
      });
    const required = requirements({ extra: { areFeesSponsored: true, feePayer: SUBMITTER } });
    const payload = await client.createPaymentPayload(paymentRequired(required));
    expect(signer.calls).toBe(1);
    const checked = checkExactStarknetPayment({
      payload: payload as unknown as PaymentPayload,
      requirements: required,
      now: NOW,
      submitter: SUBMITTER,
    });
    expect(BigInt(checked.claimedPayer)).toBe(BigInt(PAYER));
    expect(checked.transfer.amount).toBe(100_000n);
    expect(BigInt(checked.transfer.payTo)).toBe(BigInt(PAY_TO));
    expect(checked.felts.caller).toBe(BigInt(SUBMITTER));
    expect(checked.paymentId).toMatch(/^pay_[0-9a-f]{48}$/);
    expect(payload.extensions?.['payment-identifier']).toMatchObject({
      info: { required: false, id: checked.paymentId },
    });
    expect(payload.resource?.url).toBe('http://127.0.0.1/data');
  });

  it('signs nothing above the client cap, whether the reference controls or the scheme catch it', async () => {
    const signer = countingSigner();
    const scheme = exactStarknetClientScheme({ from: PAYER, signer, now: () => NOW });
    const client = new x402Client().register(NETWORK, scheme).setSpendControls({
      allowedAssets: [{ network: NETWORK, asset: ASSET, maxAmountPerPayment: '99999' }],
    });
    await expect(client.createPaymentPayload(paymentRequired(requirements()))).rejects.toThrow();
    const error = await scheme
      .createPaymentPayload(2, requirements(), { maxAmountPerPayment: '99999' })
      .catch((e: unknown) => e);
    expect(isX402Error(error, 'amount_exceeds_maximum')).toBe(true);
    expect(signer.calls).toBe(0);
  });

  it('names native USDC as a default asset, so the reference USD cap applies to it', async () => {
    const signer = countingSigner();
    const usdc = STARKNET_USDC[NETWORK] as string;
    const client = new x402Client().register(
      NETWORK,
      exactStarknetClientScheme({ from: PAYER, signer, now: () => NOW }),
    );
    const cheap = requirements({ asset: usdc, amount: '500000' });
    const dear = requirements({ asset: usdc, amount: '2000000' });
    await expect(client.createPaymentPayload(paymentRequired(dear))).rejects.toThrow();
    expect(signer.calls).toBe(0);
    const paid = await client.createPaymentPayload(paymentRequired(cheap));
    expect(paid.accepted.amount).toBe('500000');
    expect(signer.calls).toBe(1);
  });

  it('refuses a version other than 2', async () => {
    const scheme = exactStarknetClientScheme({ from: PAYER, signer: countingSigner() });
    const error = await scheme.createPaymentPayload(1, requirements()).catch((e: unknown) => e);
    expect(isX402Error(error, 'invalid_x402_version')).toBe(true);
  });
});
