import type { Pool, PoolConfig } from 'pg';
import pg from 'pg';
import { createPostgresSchema } from '../../postgresSchema.js';
import type {
  SettlementRecord,
  SettlementStatus,
  SettlementStore,
  SettlementUpdate,
} from '../SettlementStore.js';
import { type SettlementRow, settlementFromRow } from '../settlementRow.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS x402_settlements (
  payer TEXT NOT NULL,
  nonce TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  payment_id TEXT,
  network TEXT NOT NULL,
  asset TEXT NOT NULL,
  pay_to TEXT NOT NULL,
  amount TEXT NOT NULL,
  execute_before BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  attempt TEXT NOT NULL DEFAULT '',
  tx_hash TEXT,
  error_reason TEXT,
  error_message TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (payer, nonce)
);
CREATE INDEX IF NOT EXISTS x402_settlements_payment_id ON x402_settlements (payment_id);
ALTER TABLE x402_settlements ADD COLUMN IF NOT EXISTS attempt TEXT NOT NULL DEFAULT '';
ALTER TABLE x402_settlements ADD COLUMN IF NOT EXISTS execute_before BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS x402_settlements_status ON x402_settlements (status, updated_at);
`;

/**
 * The `SettlementStore` for several facilitator processes behind a load balancer: one PostgreSQL
 * table shared by all. A claim is `INSERT … ON CONFLICT DO NOTHING` and a transition a conditional
 * `UPDATE … WHERE status = from`, each one atomic statement, so exactly one process wins a race.
 */
export class PostgresSettlementStore implements SettlementStore {
  readonly #pool: Pool;
  readonly #ownsPool: boolean;

  private constructor(pool: Pool, ownsPool: boolean) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
  }

  /**
   * Connects (a `pg` pool config, or a pool the caller owns) and creates the table if needed.
   * `close()` ends the pool only when this store created it.
   */
  static async open(config: PoolConfig | Pool): Promise<PostgresSettlementStore> {
    const owns = !(config instanceof pg.Pool);
    const pool = config instanceof pg.Pool ? config : new pg.Pool(config);
    // An idle client's error (a restarted server) is reported by the next query; the pool must
    // not crash the process meanwhile.
    if (owns) pool.on('error', () => {});
    try {
      await createPostgresSchema(pool, 'x402_settlements', SCHEMA);
    } catch (error) {
      if (owns) await pool.end();
      throw error;
    }
    return new PostgresSettlementStore(pool, owns);
  }

  async claim(
    record: SettlementRecord,
  ): Promise<{ claimed: true } | { claimed: false; existing: SettlementRecord }> {
    const inserted = await this.#pool.query(
      `INSERT INTO x402_settlements (payer, nonce, fingerprint, payment_id, network, asset, pay_to,
        amount, status, attempt, tx_hash, error_reason, error_message, created_at, updated_at,
        execute_before)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (payer, nonce) DO NOTHING`,
      [
        record.payer,
        record.nonce,
        record.fingerprint,
        record.paymentId ?? null,
        record.network,
        record.asset,
        record.payTo,
        record.amount,
        record.status,
        record.attempt,
        record.transaction ?? null,
        record.errorReason ?? null,
        record.errorMessage ?? null,
        record.createdAt,
        record.updatedAt,
        record.executeBefore,
      ],
    );
    if (inserted.rowCount === 1) return { claimed: true };
    const existing = await this.get(record.payer, record.nonce);
    if (existing === undefined) return this.claim(record);
    return { claimed: false, existing };
  }

  async get(payer: string, nonce: string): Promise<SettlementRecord | undefined> {
    const { rows } = await this.#pool.query<SettlementRow>(
      'SELECT * FROM x402_settlements WHERE payer = $1 AND nonce = $2',
      [payer, nonce],
    );
    return rows[0] === undefined ? undefined : settlementFromRow(rows[0]);
  }

  async findByPaymentId(paymentId: string): Promise<SettlementRecord | undefined> {
    const { rows } = await this.#pool.query<SettlementRow>(
      `SELECT * FROM x402_settlements WHERE payment_id = $1 AND status != 'failed'
       ORDER BY created_at LIMIT 1`,
      [paymentId],
    );
    return rows[0] === undefined ? undefined : settlementFromRow(rows[0]);
  }

  async transition(
    payer: string,
    nonce: string,
    from: SettlementStatus | readonly SettlementStatus[],
    to: SettlementStatus,
    update: SettlementUpdate = {},
    attempt?: string,
  ): Promise<boolean> {
    const result = await this.#pool.query(
      `UPDATE x402_settlements SET status = $4, updated_at = $5,
        tx_hash = COALESCE($6, tx_hash),
        error_reason = COALESCE($7, error_reason),
        error_message = COALESCE($8, error_message),
        attempt = COALESCE($9, attempt)
       WHERE payer = $1 AND nonce = $2 AND status = ANY($3::text[])
         AND ($10::text IS NULL OR attempt = $10)`,
      [
        payer,
        nonce,
        typeof from === 'string' ? [from] : [...from],
        to,
        Date.now(),
        update.transaction ?? null,
        update.errorReason ?? null,
        update.errorMessage ?? null,
        update.attempt ?? null,
        attempt ?? null,
      ],
    );
    return result.rowCount === 1;
  }

  async unfinished(updatedBefore: number, limit: number): Promise<SettlementRecord[]> {
    const { rows } = await this.#pool.query<SettlementRow>(
      `SELECT * FROM x402_settlements WHERE status IN ('claimed', 'submitted')
         AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [updatedBefore, limit],
    );
    return rows.map(settlementFromRow);
  }

  async evict(executeBefore: number): Promise<number> {
    const result = await this.#pool.query(
      `DELETE FROM x402_settlements WHERE status IN ('settled', 'failed')
         AND execute_before < $1`,
      [executeBefore],
    );
    return result.rowCount ?? 0;
  }

  /** Every record, oldest first (for audits and tests). */
  async all(): Promise<SettlementRecord[]> {
    const { rows } = await this.#pool.query<SettlementRow>(
      'SELECT * FROM x402_settlements ORDER BY created_at, payer, nonce',
    );
    return rows.map(settlementFromRow);
  }

  async close(): Promise<void> {
    if (this.#ownsPool) await this.#pool.end();
  }
}
