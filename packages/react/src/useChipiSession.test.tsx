import { isChipiSessionError } from '@chipi-sessions/core';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChipiSessionsProvider } from './ChipiSessionsProvider.js';
import { PIN, type SessionChain, startSessionChain } from './testing/sessionChain.js';
import { type UseChipiSessionOptions, useChipiSession } from './useChipiSession.js';

let chain: SessionChain;
beforeEach(async () => {
  chain = await startSessionChain();
});
afterEach(async () => {
  await chain.close();
});

function wrapper({ children }: { children?: ReactNode }) {
  return (
    <ChipiSessionsProvider sdk={chain.sdk} store={chain.store} now={chain.now}>
      {children}
    </ChipiSessionsProvider>
  );
}

function render(options: Partial<UseChipiSessionOptions> = {}) {
  return renderHook(
    (props: Partial<UseChipiSessionOptions>) =>
      useChipiSession({ wallet: chain.wallet, encryptKey: PIN, ...options, ...props }),
    { wrapper, initialProps: {} },
  );
}

async function settled<T>(promise: Promise<T>): Promise<T> {
  let value: T | undefined;
  await act(async () => {
    value = await promise;
  });
  return value as T;
}

describe('useChipiSession', () => {
  it('needs the provider', () => {
    expect(() =>
      renderHook(() => useChipiSession({ wallet: chain.wallet, encryptKey: PIN })),
    ).toThrow(/ChipiSessionsProvider/);
  });

  it('creates, stores and registers a session; the account view makes it active', async () => {
    const { result } = render({ durationSeconds: 3600 });
    await waitFor(() => expect(result.current.status).toBe('none'));
    expect(result.current.hasActiveSession).toBe(false);

    const session = await settled(result.current.createSession());
    expect(result.current.status).toBe('created');
    expect(result.current.session).toEqual(session);
    expect(session.validUntil).toBe(chain.clock.now + 3600);
    expect(await chain.store.load(chain.wallet.publicKey)).toEqual(session);

    const txHash = await settled(
      result.current.registerSession({ allowedEntrypoints: ['transfer'], maxCalls: 5 }),
    );
    expect(txHash).toMatch(/^0x/);
    const registration = chain.node.transactions.find((t) => t.kind === 'invoke');
    expect(registration?.signature).toHaveLength(2); // the owner signed it
    chain.settle();
    await settled(result.current.refresh());
    expect(result.current.status).toBe('active');
    expect(result.current.hasActiveSession).toBe(true);
    expect(result.current.sessionData).toMatchObject({ remainingCalls: 5, maxCalls: 5 });
    expect(result.current.error).toBeNull();
  });

  it('picks up the stored session after a reload and reads its state from the chain', async () => {
    const first = render();
    await waitFor(() => expect(first.result.current.status).toBe('none'));
    const session = await settled(first.result.current.createSession());
    await settled(first.result.current.registerSession());
    chain.settle();
    first.unmount();

    const second = render();
    await waitFor(() => expect(second.result.current.status).toBe('active'));
    expect(second.result.current.session?.publicKey).toBe(session.publicKey);
  });

  it('exposes a wrong owner PIN as SESSION_DECRYPTION_FAILED and rejects the action', async () => {
    const { result } = render({ getOwnerEncryptKey: async () => '000000' });
    await waitFor(() => expect(result.current.status).toBe('none'));
    await settled(result.current.createSession());
    let thrown: unknown;
    await act(async () => {
      thrown = await result.current.registerSession().catch((e: unknown) => e);
    });
    expect(isChipiSessionError(thrown, 'SESSION_DECRYPTION_FAILED')).toBe(true);
    expect(result.current.errorCode).toBe('SESSION_DECRYPTION_FAILED');
    expect(result.current.pending).toBeNull();
    expect(chain.node.transactions.filter((t) => t.kind === 'invoke')).toHaveLength(0);
  });

  it('counts down to expiry, then shows it expired', async () => {
    const { result } = render({ durationSeconds: 120 });
    await waitFor(() => expect(result.current.status).toBe('none'));
    await settled(result.current.createSession());
    await settled(result.current.registerSession());
    chain.settle();
    await settled(result.current.refresh());
    expect(result.current.secondsRemaining).toBe(120);
    chain.clock.now += 30;
    await waitFor(() => expect(result.current.secondsRemaining).toBe(90), { timeout: 2500 });
    chain.clock.now += 200;
    await waitFor(() => expect(result.current.status).toBe('expired'), { timeout: 2500 });
    expect(result.current.secondsRemaining).toBe(0);
    expect(result.current.hasActiveSession).toBe(false);
  });

  it('renews an expired session with one owner confirmation and the same limits', async () => {
    const confirm = vi.fn(async () => PIN);
    const { result } = render({ durationSeconds: 60, getOwnerEncryptKey: confirm });
    await waitFor(() => expect(result.current.status).toBe('none'));
    const old = await settled(result.current.createSession());
    await settled(result.current.registerSession({ maxCalls: 7 }));
    chain.settle();
    chain.clock.now += 120;
    chain.node.blockTime = chain.clock.now;
    await waitFor(() => expect(result.current.status).toBe('expired'), { timeout: 2500 });

    confirm.mockClear();
    const sentBefore = chain.node.transactions.filter((t) => t.kind === 'invoke').length;
    await settled(result.current.renewSession());
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(chain.node.transactions.filter((t) => t.kind === 'invoke')).toHaveLength(sentBefore + 1);
    chain.settle();
    await settled(result.current.refresh());
    expect(result.current.session?.publicKey).not.toBe(old.publicKey);
    expect(result.current.status).toBe('active');
    expect(result.current.sessionData?.maxCalls).toBe(7);
    expect((await chain.store.load(chain.wallet.publicKey))?.publicKey).toBe(
      result.current.session?.publicKey,
    );
  });

  it('revokes the session on chain and keeps it visible as revoked until cleared', async () => {
    const { result } = render();
    await waitFor(() => expect(result.current.status).toBe('none'));
    await settled(result.current.createSession());
    await settled(result.current.registerSession());
    chain.settle();
    await settled(result.current.revokeSession());
    chain.settle();
    await settled(result.current.refresh());
    expect(result.current.status).toBe('revoked');
    await settled(result.current.clearSession());
    expect(result.current.status).toBe('none');
    expect(await chain.store.load(chain.wallet.publicKey)).toBeUndefined();
  });

  it('cleans up on unmount: no late updates, the timer stops and the keys are wiped', async () => {
    const errors = vi.spyOn(console, 'error');
    const wipe = vi.spyOn(chain.sdk, 'wipeKeys');
    const clear = vi.spyOn(globalThis, 'clearInterval');
    const { result, unmount } = render();
    await waitFor(() => expect(result.current.status).toBe('none'));
    await settled(result.current.createSession());
    const registering = result.current.registerSession();
    unmount();
    await expect(registering).resolves.toMatch(/^0x/);
    expect(clear).toHaveBeenCalled();
    expect(wipe).toHaveBeenCalledTimes(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('creates nothing without a wallet: INVALID_INPUT', async () => {
    const { result } = renderHook(() => useChipiSession({ wallet: null, encryptKey: PIN }), {
      wrapper,
    });
    expect(result.current.status).toBe('none');
    let thrown: unknown;
    await act(async () => {
      thrown = await result.current.createSession().catch((e: unknown) => e);
    });
    expect(isChipiSessionError(thrown, 'INVALID_INPUT')).toBe(true);
    expect(result.current.errorCode).toBe('INVALID_INPUT');
  });
});
