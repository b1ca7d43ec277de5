import Database from 'better-sqlite3';
import type {
  SettlementRecord,
  SettlementStatus,
  SettlementStore,
  SettlementUpdate,
} from '../SettlementStore.js';
import { type SettlementRow, settlementFromRow, settlementToRow } from '../settlementRow.js';

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
  execute_before INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  attempt TEXT NOT NULL DEFAULT '',
  tx_hash TEXT,
  error_reason TEXT,
  error_message TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (payer, nonce)
);
CREATE INDEX IF NOT EXISTS x402_settlements_payment_id ON x402_settlements (payment_id);
CREATE INDEX IF NOT EXISTS x402_settlements_status ON x402_settlements (status, updated_at);
`;

/**
 * The embedded `SettlementStore`: one SQLite file (WAL mode, synchronous commits), so
 * duplicate-settlement protection survives a restart and is shared by every facilitator process
 * that opens the same file. Claims are `INSERT … ON CONFLICT DO NOTHING` and transitions are
 * conditional `UPDATE`s, both atomic in SQLite.
 */
export class SqliteSettlementStore implements SettlementStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement;
  readonly #byPaymentId: Database.Statement;

  /** Opens (or creates) the database at `path` (`':memory:'` for a throwaway store). */
  constructor(path: string) {
    this.path = path;
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    // Files created before these columns existed gain them.
    const columns = this.#db.prepare('PRAGMA table_info(x402_settlements)').all() as {
      name: string;
    }[];
    if (!columns.some((c) => c.name === 'attempt')) {
      this.#db.exec("ALTER TABLE x402_settlements ADD COLUMN attempt TEXT NOT NULL DEFAULT ''");
    }
    if (!columns.some((c) => c.name === 'execute_before')) {
      this.#db.exec(
        'ALTER TABLE x402_settlements ADD COLUMN execute_before INTEGER NOT NULL DEFAULT 0',
      );
    }
    this.#insert = this.#db.prepare(
      `INSERT INTO x402_settlements (payer, nonce, fingerprint, payment_id, network, asset, pay_to,
        amount, execute_before, status, attempt, tx_hash, error_reason, error_message, created_at,
        updated_at)
       VALUES (@payer, @nonce, @fingerprint, @payment_id, @network, @asset, @pay_to, @amount,
        @execute_before, @status, @attempt, @tx_hash, @error_reason, @error_message, @created_at, @updated_at)
       ON CONFLICT (payer, nonce) DO NOTHING`,
    );
    this.#get = this.#db.prepare('SELECT * FROM x402_settlements WHERE payer = ? AND nonce = ?');
    this.#byPaymentId = this.#db.prepare(
      `SELECT * FROM x402_settlements WHERE payment_id = ? AND status != 'failed'
       ORDER BY created_at LIMIT 1`,
    );
  }

  claim(
    record: SettlementRecord,
  ): { claimed: true } | { claimed: false; existing: SettlementRecord } {
    const result = this.#insert.run(settlementToRow(record));
    if (result.changes === 1) return { claimed: true };
    return { claimed: false, existing: this.get(record.payer, record.nonce) as SettlementRecord };
  }

  get(payer: string, nonce: string): SettlementRecord | undefined {
    const row = this.#get.get(payer, nonce) as SettlementRow | undefined;
    return row === undefined ? undefined : settlementFromRow(row);
  }

  findByPaymentId(paymentId: string): SettlementRecord | undefined {
    const row = this.#byPaymentId.get(paymentId) as SettlementRow | undefined;
    return row === undefined ? undefined : settlementFromRow(row);
  }

  transition(
    payer: string,
    nonce: string,
    from: SettlementStatus | readonly SettlementStatus[],
    to: SettlementStatus,
    update: SettlementUpdate = {},
    attempt?: string,
  ): boolean {
    const froms = typeof from === 'string' ? [from] : [...from];
    const result = this.#db
      .prepare(
        `UPDATE x402_settlements SET status = ?, updated_at = ?,
          tx_hash = COALESCE(?, tx_hash),
          error_reason = COALESCE(?, error_reason),
          error_message = COALESCE(?, error_message),
          attempt = COALESCE(?, attempt)
         WHERE payer = ? AND nonce = ? AND status IN (${froms.map(() => '?').join(', ')})
           AND (? IS NULL OR attempt = ?)`,
      )
      .run(
        to,
        Date.now(),
        update.transaction ?? null,
        update.errorReason ?? null,
        update.errorMessage ?? null,
        update.attempt ?? null,
        payer,
        nonce,
        ...froms,
        attempt ?? null,
        attempt ?? null,
      );
    return result.changes === 1;
  }

  unfinished(updatedBefore: number, limit: number): SettlementRecord[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM x402_settlements WHERE status IN ('claimed', 'submitted')
           AND updated_at < ? ORDER BY updated_at LIMIT ?`,
      )
      .all(updatedBefore, limit);
    return (rows as SettlementRow[]).map(settlementFromRow);
  }

  evict(executeBefore: number): number {
    return this.#db
      .prepare(
        `DELETE FROM x402_settlements WHERE status IN ('settled', 'failed')
           AND execute_before < ?`,
      )
      .run(executeBefore).changes;
  }

  /** Every record, oldest first (for audits and tests). */
  all(): SettlementRecord[] {
    const rows = this.#db.prepare('SELECT * FROM x402_settlements ORDER BY created_at').all();
    return (rows as SettlementRow[]).map(settlementFromRow);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
