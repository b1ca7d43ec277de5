import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkConcurrentBudget,
  checkLedger,
  checkUnfinished,
  sponsorship,
} from '../testing/storeBehaviour.js';
import { SqlitePaymasterStore } from './SqlitePaymasterStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SqlitePaymasterStore', () => {
  it('keeps the ledger rules', async () => {
    const store = new SqlitePaymasterStore(':memory:');
    await checkLedger(store);
    store.close();
  });

  it('lists the unfinished sponsorships not updated since a time', async () => {
    const store = new SqlitePaymasterStore(':memory:');
    await checkUnfinished(store);
    store.close();
  });

  it('keeps spend and replay protection across a restart, shared by two handles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paymaster-store-'));
    dirs.push(dir);
    const path = join(dir, 'ledger.sqlite');
    const first = new SqlitePaymasterStore(path);
    const second = new SqlitePaymasterStore(path);
    expect(first.reserve(sponsorship(), 1000n)).toEqual({ reserved: true });
    expect(second.reserve(sponsorship(), 1000n)).toMatchObject({ reason: 'replayed' });
    await checkConcurrentBudget([first, second], 6);
    first.close();
    second.close();
    const reopened = new SqlitePaymasterStore(path);
    expect(reopened.spent('app')).toBe(100n);
    expect(reopened.all().length).toBe(4);
    reopened.close();
  });
});
