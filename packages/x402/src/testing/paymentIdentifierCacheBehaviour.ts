import { expect } from 'vitest';
import type {
  CachedPaidResponse,
  PaymentIdentifierCache,
} from '../server/PaymentIdentifierCache.js';

const paid: CachedPaidResponse = {
  status: 200,
  headers: { 'content-type': 'application/json', 'payment-response': 'eyJ9' },
  body: new TextEncoder().encode('{"answer":42}'),
};

/**
 * What every `PaymentIdentifierCache` must do: bind an id to the first payload, answer a resend
 * while it runs with `processing`, another payload with `conflict`, replay the cached response
 * after success, hand a served but unsettled response to exactly one resend, and free an
 * abandoned id. `prefix` keeps the keys of one run apart in a shared database.
 */
export async function checkPaymentIdentifierCache(
  cache: PaymentIdentifierCache,
  prefix: string,
): Promise<void> {
  const key = `${prefix}:0xshop:pay_0123456789abcdef`;
  expect(await cache.begin(key, 'payload-a')).toEqual({ state: 'new' });
  expect(await cache.begin(key, 'payload-a')).toEqual({ state: 'processing' });
  expect(await cache.begin(key, 'payload-b')).toEqual({ state: 'conflict' });
  // The same id at another merchant is another key.
  expect(await cache.begin(`${prefix}:0xother:pay_0123456789abcdef`, 'payload-b')).toEqual({
    state: 'new',
  });

  await cache.complete(key, paid);
  const cached = await cache.begin(key, 'payload-a');
  expect(cached.state).toBe('cached');
  expect(cached.state === 'cached' && cached.response).toEqual(paid);
  expect(await cache.begin(key, 'payload-b')).toEqual({ state: 'conflict' });

  const held = `${prefix}:0xshop:pay_held_held_held_1`;
  expect(await cache.begin(held, 'payload-c')).toEqual({ state: 'new' });
  await cache.hold(held, paid);
  const [first, second] = await Promise.all([
    cache.begin(held, 'payload-c'),
    cache.begin(held, 'payload-c'),
  ]);
  expect([first?.state, second?.state].sort()).toEqual(['processing', 'unsettled']);

  const dropped = `${prefix}:0xshop:pay_dropped_dropped_1`;
  expect(await cache.begin(dropped, 'payload-d')).toEqual({ state: 'new' });
  await cache.abandon(dropped);
  expect(await cache.begin(dropped, 'payload-e')).toEqual({ state: 'new' });
}

/** Entries expire after their time to live: the id is free again, for any payload. */
export async function checkPaymentIdentifierExpiry(
  make: (now: () => number) => PaymentIdentifierCache | Promise<PaymentIdentifierCache>,
  prefix: string,
): Promise<void> {
  let now = 1_000_000;
  const cache = await make(() => now);
  const key = `${prefix}:0xshop:pay_expiring_expiring`;
  expect(await cache.begin(key, 'payload-a')).toEqual({ state: 'new' });
  await cache.complete(key, paid);
  now += 59_000;
  expect((await cache.begin(key, 'payload-a')).state).toBe('cached');
  now += 2_000;
  expect(await cache.begin(key, 'payload-b')).toEqual({ state: 'new' });
}
