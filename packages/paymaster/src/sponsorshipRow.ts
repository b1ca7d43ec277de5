import type { Sponsorship, SponsorshipStatus } from './PaymasterStore.js';

/** A sponsorship as both SQL stores hold it (amounts as decimal text, so no precision is lost). */
export interface SponsorshipRow {
  account: string;
  nonce: string;
  api_key: string;
  fingerprint: string;
  status: string;
  max_fee: string;
  actual_fee: string | null;
  tx_hash: string | null;
  relayer: string;
  error: string | null;
  created_at: number | string;
  updated_at: number | string;
}

export function sponsorshipToRow(entry: Sponsorship): SponsorshipRow {
  return {
    account: entry.account,
    nonce: entry.nonce,
    api_key: entry.apiKey,
    fingerprint: entry.fingerprint,
    status: entry.status,
    max_fee: entry.maxFee.toString(),
    actual_fee: entry.actualFee === undefined ? null : entry.actualFee.toString(),
    tx_hash: entry.transaction ?? null,
    relayer: entry.relayer,
    error: entry.error ?? null,
    created_at: entry.createdAt,
    updated_at: entry.updatedAt,
  };
}

export function sponsorshipFromRow(row: SponsorshipRow): Sponsorship {
  return {
    account: row.account,
    nonce: row.nonce,
    apiKey: row.api_key,
    fingerprint: row.fingerprint,
    status: row.status as SponsorshipStatus,
    maxFee: BigInt(row.max_fee),
    actualFee: row.actual_fee === null ? undefined : BigInt(row.actual_fee),
    transaction: row.tx_hash ?? undefined,
    relayer: row.relayer,
    error: row.error ?? undefined,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** What a sponsorship counts against its key's budget. */
export function charged(entry: Pick<Sponsorship, 'status' | 'maxFee' | 'actualFee'>): bigint {
  if (entry.status === 'failed') return 0n;
  return entry.actualFee ?? entry.maxFee;
}
