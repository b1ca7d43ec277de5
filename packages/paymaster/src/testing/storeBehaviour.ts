import { expect } from 'vitest';
import type { PaymasterStore, Sponsorship } from '../PaymasterStore.js';

export function sponsorship(overrides: Partial<Sponsorship> = {}): Sponsorship {
  return {
    account: '0xa11ce',
    nonce: '0x1',
    apiKey: 'app',
    fingerprint: 'h:sig',
    status: 'reserved',
    maxFee: 100n,
    actualFee: undefined,
    transaction: undefined,
    relayer: '0xre1',
    error: undefined,
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

/** The ledger rules every store must follow: replay, budget, actual fee, failed releases. */
export async function checkLedger(store: PaymasterStore): Promise<void> {
  expect(await store.reserve(sponsorship(), 250n)).toEqual({ reserved: true });
  expect(await store.spent('app')).toBe(100n);

  const replay = await store.reserve(sponsorship({ fingerprint: 'other' }), 10_000n);
  expect(replay).toMatchObject({ reserved: false, reason: 'replayed' });
  expect(
    replay.reserved === false && replay.reason === 'replayed' && replay.existing,
  ).toMatchObject({ fingerprint: 'h:sig', maxFee: 100n });

  // 100 reserved + 200 > 250.
  expect(await store.reserve(sponsorship({ nonce: '0x2', maxFee: 200n }), 250n)).toEqual({
    reserved: false,
    reason: 'budget_exhausted',
    spent: 100n,
  });
  // Exactly the budget is allowed.
  expect(await store.reserve(sponsorship({ nonce: '0x2', maxFee: 150n }), 250n)).toEqual({
    reserved: true,
  });
  expect(await store.spent('app')).toBe(250n);

  // The actual fee replaces the reservation.
  expect(
    await store.transition('0xa11ce', '0x1', ['reserved'], 'submitted', { transaction: '0xt' }),
  ).toBe(true);
  expect(await store.transition('0xa11ce', '0x1', ['reserved'], 'submitted')).toBe(false);
  expect(
    await store.transition('0xa11ce', '0x1', ['submitted'], 'succeeded', { actualFee: 40n }),
  ).toBe(true);
  expect(await store.spent('app')).toBe(190n);
  expect(await store.get('0xa11ce', '0x1')).toMatchObject({
    status: 'succeeded',
    actualFee: 40n,
    transaction: '0xt',
  });

  // A request that was never broadcast costs nothing and may come again.
  expect(
    await store.transition('0xa11ce', '0x2', ['reserved'], 'failed', { error: 'refused' }),
  ).toBe(true);
  expect(await store.spent('app')).toBe(40n);
  expect(await store.reserve(sponsorship({ nonce: '0x2', maxFee: 210n }), 250n)).toEqual({
    reserved: true,
  });
  expect(await store.spent('app')).toBe(250n);
  expect(await store.spent('other-key')).toBe(0n);
}

/** Of `n` concurrent reservations that each fit alone, exactly as many as the budget allows win. */
export async function checkConcurrentBudget(stores: PaymasterStore[], n: number): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      (stores[i % stores.length] as PaymasterStore).reserve(
        sponsorship({ apiKey: 'race', nonce: `0x${(i + 100).toString(16)}`, maxFee: 10n }),
        35n,
      ),
    ),
  );
  expect(results.filter((r) => r.reserved).length).toBe(3);
  expect(await (stores[0] as PaymasterStore).spent('race')).toBe(30n);
}

/** `unfinished` lists reserved and submitted sponsorships not updated since a time, oldest first. */
export async function checkUnfinished(store: PaymasterStore): Promise<void> {
  const key = { apiKey: 'unfinished', account: '0xbeef' };
  await store.reserve(sponsorship({ ...key, nonce: '0x1', updatedAt: 30 }), 10_000n);
  await store.reserve(sponsorship({ ...key, nonce: '0x2', updatedAt: 10 }), 10_000n);
  await store.reserve(sponsorship({ ...key, nonce: '0x3', updatedAt: 20 }), 10_000n);
  await store.reserve(sponsorship({ ...key, nonce: '0x4', updatedAt: 5 }), 10_000n);
  // A transition stamps the current time; a finished one is never listed.
  await store.transition('0xbeef', '0x3', ['reserved'], 'submitted', { transaction: '0xt3' });
  await store.transition('0xbeef', '0x4', ['reserved'], 'failed', { error: 'refused' });
  const nonces = async (before: number, limit: number) =>
    (await store.unfinished(before, limit))
      .filter((s) => s.apiKey === 'unfinished')
      .map((s) => s.nonce);
  expect(await nonces(31, 10)).toEqual(['0x2', '0x1']);
  expect(await nonces(30, 10)).toEqual(['0x2']);
  expect(await nonces(Date.now() + 1_000, 10)).toEqual(['0x2', '0x1', '0x3']);
  const later = Date.now() + 1_000;
  expect(await store.unfinished(later, 1)).toEqual([(await store.unfinished(later, 1_000))[0]]);
}
