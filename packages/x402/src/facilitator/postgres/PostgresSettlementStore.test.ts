import { type RunningPostgres, startPostgres } from '@chipi-sessions/testing/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAttemptOwnership,
  checkReconcileQueries,
  settlementRecord,
} from '../../testing/settlementStoreBehaviour.js';
import { PostgresSettlementStore } from './PostgresSettlementStore.js';

let postgres: RunningPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

const record = settlementRecord;

describe('PostgresSettlementStore', () => {
  it('lets exactly one of many concurrent claims and transitions win, across pools', async () => {
    const stores = await Promise.all(
      [1, 2, 3].map(() =>
        PostgresSettlementStore.open({ connectionString: postgres.connectionString }),
      ),
    );
    const claims = await Promise.all(
      stores.flatMap((store, i) =>
        [0, 1, 2].map((j) => store.claim(record({ nonce: '0x10', fingerprint: `f${i}${j}` }))),
      ),
    );
    const winners = claims.filter((c) => c.claimed);
    expect(winners).toHaveLength(1);
    const losers = claims.filter((c) => !c.claimed);
    const fingerprints = new Set(losers.map((c) => (c.claimed ? '' : c.existing.fingerprint)));
    expect(fingerprints.size).toBe(1);

    const moves = await Promise.all(
      stores.map((store) =>
        store.transition('0x1', '0x10', 'claimed', 'submitted', { transaction: '0xt' }),
      ),
    );
    expect(moves.filter(Boolean)).toHaveLength(1);
    const [first] = stores as [PostgresSettlementStore];
    expect(await first.get('0x1', '0x10')).toMatchObject({
      status: 'submitted',
      transaction: '0xt',
    });
    await Promise.all(stores.map((store) => store.close()));
  });

  it('keeps records across reconnects and hides failed ones from payment-identifier lookups', async () => {
    const store = await PostgresSettlementStore.open({
      connectionString: postgres.connectionString,
    });
    await store.claim(record({ nonce: '0x20', paymentId: 'pay_aaaaaaaaaaaaaaaa' }));
    await store.close();
    const again = await PostgresSettlementStore.open({
      connectionString: postgres.connectionString,
    });
    expect((await again.findByPaymentId('pay_aaaaaaaaaaaaaaaa'))?.nonce).toBe('0x20');
    expect(await again.transition('0x1', '0x20', 'claimed', 'failed', { errorReason: 'x' })).toBe(
      true,
    );
    expect(await again.findByPaymentId('pay_aaaaaaaaaaaaaaaa')).toBeUndefined();
    expect((await again.get('0x1', '0x20'))?.errorReason).toBe('x');
    await again.close();
  });

  it('lets only the attempt that owns a record move it', async () => {
    const store = await PostgresSettlementStore.open({
      connectionString: postgres.connectionString,
    });
    await checkAttemptOwnership(store, '0x30');
    await store.close();
  });

  it('lists unfinished records oldest first and evicts only finished ones past their window', async () => {
    const store = await PostgresSettlementStore.open({
      connectionString: postgres.connectionString,
    });
    await checkReconcileQueries(store, '0xb');
    await store.close();
  });
});
