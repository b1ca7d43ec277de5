import type { SettlementRecord, SettlementStatus } from './SettlementStore.js';

/** A settlement as the SQL stores keep it: one row of `x402_settlements`. */
export interface SettlementRow {
  payer: string;
  nonce: string;
  fingerprint: string;
  payment_id: string | null;
  network: string;
  asset: string;
  pay_to: string;
  amount: string;
  /** Unix seconds; 0 in rows written before the column existed. */
  execute_before: number | string;
  status: SettlementStatus;
  attempt: string;
  tx_hash: string | null;
  error_reason: string | null;
  error_message: string | null;
  /** Milliseconds; PostgreSQL's driver returns BIGINT columns as strings. */
  created_at: number | string;
  updated_at: number | string;
}

export function settlementToRow(r: SettlementRecord): SettlementRow {
  return {
    payer: r.payer,
    nonce: r.nonce,
    fingerprint: r.fingerprint,
    payment_id: r.paymentId ?? null,
    network: r.network,
    asset: r.asset,
    pay_to: r.payTo,
    amount: r.amount,
    execute_before: r.executeBefore,
    status: r.status,
    attempt: r.attempt,
    tx_hash: r.transaction ?? null,
    error_reason: r.errorReason ?? null,
    error_message: r.errorMessage ?? null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function settlementFromRow(row: SettlementRow): SettlementRecord {
  return {
    payer: row.payer,
    nonce: row.nonce,
    fingerprint: row.fingerprint,
    paymentId: row.payment_id ?? undefined,
    network: row.network,
    asset: row.asset,
    payTo: row.pay_to,
    amount: row.amount,
    executeBefore: Number(row.execute_before),
    status: row.status,
    attempt: row.attempt,
    transaction: row.tx_hash ?? undefined,
    errorReason: row.error_reason ?? undefined,
    errorMessage: row.error_message ?? undefined,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
