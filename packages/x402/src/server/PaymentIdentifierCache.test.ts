import { describe, it } from 'vitest';
import {
  checkPaymentIdentifierCache,
  checkPaymentIdentifierExpiry,
} from '../testing/paymentIdentifierCacheBehaviour.js';
import { MemoryPaymentIdentifierCache } from './PaymentIdentifierCache.js';

describe('MemoryPaymentIdentifierCache', () => {
  it('binds an id to one payload, replays its response and resumes a held one once', async () => {
    await checkPaymentIdentifierCache(new MemoryPaymentIdentifierCache(), 'memory');
  });

  it('frees an id after its time to live', async () => {
    await checkPaymentIdentifierExpiry(
      (now) => new MemoryPaymentIdentifierCache({ ttlMs: 60_000, now }),
      'memory',
    );
  });
});
