import { type RunningPostgres, startPostgres } from '@chipi-sessions/testing/postgres';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  checkPaymentIdentifierCache,
  checkPaymentIdentifierExpiry,
} from '../../testing/paymentIdentifierCacheBehaviour.js';
import { PostgresPaymentIdentifierCache } from './PostgresPaymentIdentifierCache.js';

let postgres: RunningPostgres;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(() => postgres?.stop());

describe('PostgresPaymentIdentifierCache', () => {
  it('binds an id to one payload, replays its response and resumes a held one once', async () => {
    const cache = await PostgresPaymentIdentifierCache.open({
      connectionString: postgres.connectionString,
    });
    await checkPaymentIdentifierCache(cache, 'pg');
    await cache.close();
  });

  it('frees an id after its time to live', async () => {
    const opened: PostgresPaymentIdentifierCache[] = [];
    await checkPaymentIdentifierExpiry(async (now) => {
      const cache = await PostgresPaymentIdentifierCache.open(
        { connectionString: postgres.connectionString },
        { ttlMs: 60_000, now },
      );
      opened.push(cache);
      return cache;
    }, 'pg');
    for (const cache of opened) await cache.close();
  });
});
