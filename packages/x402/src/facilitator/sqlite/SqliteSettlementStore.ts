import Database from 'better-sqlite3';
import type {
  SettlementRecord,
  SettlementStatus,
  SettlementStore,
  SettlementUpdate,
} from '../SettlementStore.js';

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
`;

interface Row {
  payer: string;
  nonce: string;
  fingerprint: string;
  payment_id: string | null;
  network: string;
  asset: string;
  pay_to: string;
  amount: string;
  status: SettlementStatus;
  attempt: string;
  tx_hash: string | null;
  error_reason: string | null;
  error_message: string | null;
  created_at: number;
  updated_at: number;
}

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
    // Files created before attempts existed gain the column.
    const columns = this.#db.prepare('PRAGMA table_info(x402_settlements)').all() as {
      name: string;
    }[];
    if (!columns.some((c) => c.name === 'attempt')) {
      this.#db.exec("ALTER TABLE x402_settlements ADD COLUMN attempt TEXT NOT NULL DEFAULT ''");
    }
    this.#insert = this.#db.prepare(
      `INSERT INTO x402_settlements (payer, nonce, fingerprint, payment_id, network, asset, pay_to,
        amount, status, attempt, tx_hash, error_reason, error_message, created_at, updated_at)
       VALUES (@payer, @nonce, @fingerprint, @payment_id, @network, @asset, @pay_to, @amount,
        @status, @attempt, @tx_hash, @error_reason, @error_message, @created_at, @updated_at)
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
    const result = this.#insert.run(toRow(record));
    if (result.changes === 1) return { claimed: true };
    return { claimed: false, existing: this.get(record.payer, record.nonce) as SettlementRecord };
  }

  get(payer: string, nonce: string): SettlementRecord | undefined {
    const row = this.#get.get(payer, nonce) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  findByPaymentId(paymentId: string): SettlementRecord | undefined {
    const row = this.#byPaymentId.get(paymentId) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
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

  /** Every record, oldest first (for audits and tests). */
  all(): SettlementRecord[] {
    const rows = this.#db.prepare('SELECT * FROM x402_settlements ORDER BY created_at').all();
    return (rows as Row[]).map(fromRow);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function toRow(r: SettlementRecord): Row {
  return {
    payer: r.payer,
    nonce: r.nonce,
    fingerprint: r.fingerprint,
    payment_id: r.paymentId ?? null,
    network: r.network,
    asset: r.asset,
    pay_to: r.payTo,
    amount: r.amount,
    status: r.status,
    attempt: r.attempt,
    tx_hash: r.transaction ?? null,
    error_reason: r.errorReason ?? null,
    error_message: r.errorMessage ?? null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

function fromRow(row: Row): SettlementRecord {
  return {
    payer: row.payer,
    nonce: row.nonce,
    fingerprint: row.fingerprint,
    paymentId: row.payment_id ?? undefined,
    network: row.network,
    asset: row.asset,
    payTo: row.pay_to,
    amount: row.amount,
    status: row.status,
    attempt: row.attempt,
    transaction: row.tx_hash ?? undefined,
    errorReason: row.error_reason ?? undefined,
    errorMessage: row.error_message ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
