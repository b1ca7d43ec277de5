import { type RunningPostgres, startPostgres } from '@chipi-sessions/testing/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConcurrentBudget, checkLedger, checkUnfinished } from '../testing/storeBehaviour.js';
import { PostgresPaymasterStore } from './PostgresPaymasterStore.js';

let postgres: RunningPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

describe('PostgresPaymasterStore', () => {
  it('keeps the ledger rules, and two instances never overspend a budget together', async () => {
    const [a, b] = await Promise.all([
      PostgresPaymasterStore.open({ connectionString: postgres.connectionString }),
      PostgresPaymasterStore.open({ connectionString: postgres.connectionString }),
    ]);
    await checkLedger(a);
    await checkConcurrentBudget([a, b], 12);
    expect((await b.all()).length).toBe(5);
    await checkUnfinished(b);
    await a.close();
    await b.close();
  }, 60_000);
});
