import { createServer, type Server } from 'node:http';
import { Signer } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodePaymentSignature,
  encodePaymentRequired,
  encodePaymentResponse,
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_RESPONSE_HEADER,
  PAYMENT_SIGNATURE_HEADER,
} from '../scheme/paymentHeaders.js';
import { STARKNET_USDC } from '../scheme/starknetNetwork.js';
import type { PaymentPayload, PaymentRequirements } from '../scheme/x402Types.js';
import { OWNER_KEY, PAYER, requirements } from '../testing/paymentFixture.js';
import { X402Client } from './X402Client.js';

const USDC = STARKNET_USDC['starknet:SN_SEPOLIA'] as string;
const account = { address: PAYER, signer: new Signer(OWNER_KEY) };

/** A paid resource that offers `offer`, records what it was paid with, and reports success. */
let offer: PaymentRequirements;
const received: PaymentPayload[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const header = req.headers[PAYMENT_SIGNATURE_HEADER.toLowerCase()];
    if (typeof header !== 'string') {
      res.statusCode = 402;
      res.setHeader(
        PAYMENT_REQUIRED_HEADER,
        encodePaymentRequired({
          x402Version: 2,
          resource: { url: `${base}${req.url}` },
          accepts: [offer],
          extensions: { 'payment-identifier': { info: { required: false } } },
        }),
      );
      res.end();
      return;
    }
    received.push(decodePaymentSignature(header));
    res.setHeader(
      PAYMENT_RESPONSE_HEADER,
      encodePaymentResponse({
        success: true,
        transaction: '0xabc',
        network: offer.network,
        payer: PAYER,
      }),
    );
    res.end('paid');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('X402Client (seed shape)', () => {
  it('takes human amounts and reports (txHash, humanAmount) once the payment is confirmed', async () => {
    offer = requirements({ asset: USDC, amount: '100000' });
    const completed: [string, string][] = [];
    const client = new X402Client(account, {
      maxPaymentAmount: '0.10',
      allowedRecipients: [offer.payTo],
      onPaymentComplete: (txHash, humanAmount) => completed.push([txHash, humanAmount]),
    });
    const response = await client.fetch(`${base}/data`);
    expect(await response.text()).toBe('paid');
    expect(completed).toEqual([['0xabc', '0.10']]);
    const paid = received.at(-1) as PaymentPayload;
    const message = (
      paid.payload as { outsideExecution: { typedData: { message: Record<string, unknown> } } }
    ).outsideExecution.typedData.message;
    // The scheme's client rule: ExecuteAfter = 1, Caller = extra.feePayer.
    expect(message['Execute After']).toBe('0x1');
    expect(BigInt(message.Caller as string)).toBe(BigInt(offer.extra?.feePayer as string));
    // The payment-identifier declaration is echoed with an id added.
    expect(paid.extensions?.['payment-identifier']?.info).toMatchObject({ required: false });
    expect(paid.extensions?.['payment-identifier']?.info.id).toMatch(/^pay_/);
    expect(client.ledger.records()).toHaveLength(1);
  });

  it('refuses by default: unknown assets, and more than 1.00 of a known one, before signing', async () => {
    const client = new X402Client(account);
    const before = received.length;
    offer = requirements({ amount: '1' });
    await expect(client.fetch(`${base}/data`)).rejects.toMatchObject({ code: 'asset_not_allowed' });
    offer = requirements({ asset: USDC, amount: '1000001' });
    await expect(client.fetch(`${base}/data`)).rejects.toMatchObject({
      code: 'amount_exceeds_maximum',
    });
    offer = requirements({ asset: USDC, amount: '1000000' });
    expect((await client.fetch(`${base}/data`)).status).toBe(200);
    expect(received.length).toBe(before + 1);
  });

  it('pays another asset only when listed, up to its own cap', async () => {
    offer = requirements({ amount: '5000' });
    const client = new X402Client(account, {
      allowedAssets: [{ address: offer.asset, decimals: 3, maxPaymentAmount: '5' }],
    });
    expect((await client.fetch(`${base}/data`)).status).toBe(200);
    offer = requirements({ amount: '5001' });
    await expect(client.fetch(`${base}/data`)).rejects.toMatchObject({
      code: 'amount_exceeds_maximum',
    });
  });

  it('refuses a requirement without extra.feePayer instead of paying ANY_CALLER', async () => {
    offer = requirements({ asset: USDC, extra: { areFeesSponsored: true } });
    await expect(new X402Client(account).fetch(`${base}/data`)).rejects.toMatchObject({
      code: 'invalid_payment_requirements',
    });
  });

  it('refuses amounts it cannot read', () => {
    expect(() => new X402Client(account, { maxPaymentAmount: '0.0000001' })).toThrow(
      expect.objectContaining({ code: 'invalid_configuration' }),
    );
    expect(() => new X402Client({} as never)).toThrow(
      expect.objectContaining({ code: 'invalid_configuration' }),
    );
  });
});
