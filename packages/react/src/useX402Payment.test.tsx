import { ChipiSessionError, isChipiSessionError } from '@chipi-sessions/core';
import type { SessionKeyData } from '@chipi-sessions/sdk';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChipiSessionsProvider } from './ChipiSessionsProvider.js';
import { PIN, type SessionChain, startSessionChain } from './testing/sessionChain.js';
import { type UseX402PaymentOptions, useX402Payment } from './useX402Payment.js';
import type { CreateX402PaymentClient, X402PaymentClientConfig } from './X402PaymentClient.js';

/**
 * A paying client with the seed's contract: each request "pays" the price in its `?price=`
 * (USDC), reports the payment, and answers 200; `?refuse=CODE` fails with that typed code.
 */
function pricedClient(configs: X402PaymentClientConfig[]): CreateX402PaymentClient {
  return (config) => {
    configs.push(config);
    return {
      async fetch(input) {
        const url = new URL(String(input));
        const refuse = url.searchParams.get('refuse');
        if (refuse !== null) throw new ChipiSessionError(refuse as 'SESSION_REVOKED');
        const release = url.searchParams.get('wait');
        if (release !== null) await gates.get(release);
        const price = url.searchParams.get('price') ?? '0.010000';
        config.onPaymentComplete(
          `0x${(configs.length * 1000 + Number(url.pathname.slice(1))).toString(16)}`,
          price,
        );
        return new Response('{"ok":true}', { status: 200 });
      },
    };
  };
}
const gates = new Map<string, Promise<void>>();

let chain: SessionChain;
let session: SessionKeyData;
beforeEach(async () => {
  chain = await startSessionChain();
  session = await chain.sdk.sessions.createSessionKeyAsync({ encryptKey: PIN });
});
afterEach(async () => {
  await chain.close();
});

function render(configs: X402PaymentClientConfig[], options: Partial<UseX402PaymentOptions> = {}) {
  const createPaymentClient = pricedClient(configs);
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <ChipiSessionsProvider
      sdk={chain.sdk}
      store={chain.store}
      createPaymentClient={createPaymentClient}
    >
      {children}
    </ChipiSessionsProvider>
  );
  return renderHook(
    (props: Partial<UseX402PaymentOptions>) =>
      useX402Payment({
        wallet: chain.wallet,
        encryptKey: PIN,
        session,
        maxPaymentAmount: '0.10',
        ...options,
        ...props,
      }),
    { wrapper, initialProps: {} },
  );
}

describe('useX402Payment', () => {
  it('builds the client from the seed options and counts each confirmed payment', async () => {
    const configs: X402PaymentClientConfig[] = [];
    const onPaymentComplete = vi.fn();
    const { result } = render(configs, { onPaymentComplete, allowedRecipients: ['0x123'] });
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatchObject({
      encryptKey: PIN,
      session,
      maxPaymentAmount: '0.10',
      allowedRecipients: ['0x123'],
    });
    expect(result.current).toMatchObject({
      paymentCount: 0,
      totalSpent: '0.000000',
      isPaying: false,
    });

    await act(async () => {
      const response = await result.current.x402Fetch('http://api.test/1?price=0.010000');
      expect(await response.json()).toEqual({ ok: true });
      await result.current.x402Fetch('http://api.test/2?price=0.020000');
    });
    expect(result.current.paymentCount).toBe(2);
    expect(result.current.totalSpent).toBe('0.030000');
    expect(result.current.lastAmount).toBe('0.020000');
    expect(result.current.lastTxHash).toBe(result.current.payments[1]?.txHash);
    expect(onPaymentComplete).toHaveBeenCalledTimes(2);
    expect(onPaymentComplete).toHaveBeenLastCalledWith(result.current.lastTxHash, '0.020000');
    expect(result.current.payFetch).toBe(result.current.x402Fetch);
  });

  it('is paying while a request is in flight', async () => {
    const configs: X402PaymentClientConfig[] = [];
    const { result } = render(configs);
    let open = () => {};
    gates.set('g1', new Promise<void>((resolve) => (open = resolve)));
    let request: Promise<Response> | undefined;
    act(() => {
      request = result.current.x402Fetch('http://api.test/3?wait=g1');
    });
    expect(result.current.isPaying).toBe(true);
    await act(async () => {
      open();
      await request;
    });
    expect(result.current.isPaying).toBe(false);
    expect(result.current.paymentCount).toBe(1);
  });

  it('exposes a refusal as error and errorCode, and rejects the request', async () => {
    const { result } = render([]);
    let thrown: unknown;
    await act(async () => {
      thrown = await result.current
        .x402Fetch('http://api.test/4?refuse=SESSION_REVOKED')
        .catch((e: unknown) => e);
    });
    expect(isChipiSessionError(thrown, 'SESSION_REVOKED')).toBe(true);
    expect(result.current.errorCode).toBe('SESSION_REVOKED');
    expect(result.current.isPaying).toBe(false);
    expect(result.current.paymentCount).toBe(0);
  });

  it('rebuilds the client and starts a new tally only when the session changes', async () => {
    const configs: X402PaymentClientConfig[] = [];
    const { result, rerender } = render(configs);
    await act(async () => {
      await result.current.x402Fetch('http://api.test/5');
    });
    rerender({ wallet: { ...chain.wallet } }); // a new object with the same wallet
    expect(configs).toHaveLength(1);
    expect(result.current.paymentCount).toBe(1);

    const next = await chain.sdk.sessions.createSessionKeyAsync({ encryptKey: PIN });
    rerender({ session: next });
    expect(configs).toHaveLength(2);
    expect(configs[1]?.session).toBe(next);
    expect(result.current.paymentCount).toBe(0);
    expect(result.current.totalSpent).toBe('0.000000');
  });

  it('refuses to pay without a wallet (INVALID_INPUT) and reports nothing after unmount', async () => {
    const configs: X402PaymentClientConfig[] = [];
    const noWallet = render(configs, { wallet: null });
    await act(async () => {
      const error = await noWallet.result.current.x402Fetch('http://api.test/6').catch((e) => e);
      expect(isChipiSessionError(error, 'INVALID_INPUT')).toBe(true);
    });
    expect(configs).toHaveLength(0);

    const onPaymentComplete = vi.fn();
    const { result, unmount } = render(configs, { onPaymentComplete });
    let open = () => {};
    gates.set('g2', new Promise<void>((resolve) => (open = resolve)));
    let request: Promise<Response> | undefined;
    act(() => {
      request = result.current.x402Fetch('http://api.test/7?wait=g2');
    });
    const before = result.current;
    unmount();
    open();
    await request;
    expect(onPaymentComplete).toHaveBeenCalledTimes(1); // the app's callback still learns of it
    expect(result.current).toBe(before);
  });
});
