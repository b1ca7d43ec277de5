import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkPaymentIdentifierCache,
  checkPaymentIdentifierExpiry,
} from '../../testing/paymentIdentifierCacheBehaviour.js';
import { SqlitePaymentIdentifierCache } from './SqlitePaymentIdentifierCache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SqlitePaymentIdentifierCache', () => {
  it('binds an id to one payload, replays its response and resumes a held one once', async () => {
    const cache = new SqlitePaymentIdentifierCache(':memory:');
    await checkPaymentIdentifierCache(cache, 'sqlite');
    cache.close();
  });

  it('frees an id after its time to live', async () => {
    await checkPaymentIdentifierExpiry(
      (now) => new SqlitePaymentIdentifierCache(':memory:', { ttlMs: 60_000, now }),
      'sqlite',
    );
  });

  it('is shared by two processes opening one file: the second sees the first one’s ids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'x402-ids-'));
    dirs.push(dir);
    const path = join(dir, 'ids.sqlite');
    const a = new SqlitePaymentIdentifierCache(path);
    const b = new SqlitePaymentIdentifierCache(path);
    expect(a.begin('0xshop:pay_shared_shared_1', 'payload-a')).toEqual({ state: 'new' });
    expect(b.begin('0xshop:pay_shared_shared_1', 'payload-b')).toEqual({ state: 'conflict' });
    a.complete('0xshop:pay_shared_shared_1', {
      status: 200,
      headers: {},
      body: new Uint8Array([1, 2, 3]),
    });
    a.close();
    const reopened = new SqlitePaymentIdentifierCache(path);
    const cached = reopened.begin('0xshop:pay_shared_shared_1', 'payload-a');
    expect(cached.state === 'cached' && [...cached.response.body]).toEqual([1, 2, 3]);
    reopened.close();
    b.close();
  });
});
