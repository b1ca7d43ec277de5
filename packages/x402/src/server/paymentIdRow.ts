import type { CachedPaidResponse } from './PaymentIdentifierCache.js';

/** A `payment-identifier` entry as the SQL caches keep it: one row of `x402_payment_ids`. */
export interface PaymentIdRow {
  fingerprint: string;
  state: 'processing' | 'unsettled' | 'done';
  status: number | null;
  headers: string | null;
  body: Uint8Array | null;
}

/** The paid response a row holds, once one was stored. */
export function paidResponseOf(row: PaymentIdRow): CachedPaidResponse | undefined {
  if (row.status === null || row.headers === null || row.body === null) return undefined;
  return {
    status: row.status,
    headers: JSON.parse(row.headers) as Record<string, string>,
    body: new Uint8Array(row.body),
  };
}
