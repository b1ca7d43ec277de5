import Database from 'better-sqlite3';
import type {
  PaymasterStore,
  ReserveResult,
  Sponsorship,
  SponsorshipStatus,
  SponsorshipUpdate,
} from '../PaymasterStore.js';
import {
  charged,
  type SponsorshipRow,
  sponsorshipFromRow,
  sponsorshipToRow,
} from '../sponsorshipRow.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS paymaster_sponsorships (
  account TEXT NOT NULL,
  nonce TEXT NOT NULL,
  api_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL,
  max_fee TEXT NOT NULL,
  actual_fee TEXT,
  tx_hash TEXT,
  relayer TEXT NOT NULL,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account, nonce)
);
CREATE TABLE IF NOT EXISTS paymaster_spend (
  api_key TEXT PRIMARY KEY,
  spent TEXT NOT NULL
);
`;

/**
 * The embedded `PaymasterStore`: one SQLite file (WAL, synchronous commits), shared by every
 * paymaster process that opens it. Each key's spend is kept as a running total next to the
 * sponsorships; `reserve` and `transition` run in `BEGIN IMMEDIATE` transactions, so the budget
 * check and the insert cannot interleave with another writer.
 */
export class SqlitePaymasterStore implements PaymasterStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #get: Database.Statement;
  readonly #spent: Database.Statement;
  readonly #setSpent: Database.Statement;
  readonly #upsert: Database.Statement;
  readonly #reserve: (entry: Sponsorship, budget: bigint) => ReserveResult;
  readonly #transition: (
    account: string,
    nonce: string,
    from: readonly SponsorshipStatus[],
    to: SponsorshipStatus,
    update: SponsorshipUpdate,
  ) => boolean;

  /** Opens (or creates) the database at `path` (`':memory:'` for a throwaway store). */
  constructor(path: string) {
    this.path = path;
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    this.#get = this.#db.prepare(
      'SELECT * FROM paymaster_sponsorships WHERE account = ? AND nonce = ?',
    );
    this.#spent = this.#db.prepare('SELECT spent FROM paymaster_spend WHERE api_key = ?');
    this.#setSpent = this.#db.prepare(
      `INSERT INTO paymaster_spend (api_key, spent) VALUES (?, ?)
       ON CONFLICT (api_key) DO UPDATE SET spent = excluded.spent`,
    );
    this.#upsert = this.#db.prepare(
      `INSERT INTO paymaster_sponsorships (account, nonce, api_key, fingerprint, status, max_fee,
        actual_fee, tx_hash, relayer, error, created_at, updated_at)
       VALUES (@account, @nonce, @api_key, @fingerprint, @status, @max_fee, @actual_fee, @tx_hash,
        @relayer, @error, @created_at, @updated_at)
       ON CONFLICT (account, nonce) DO UPDATE SET api_key = excluded.api_key,
        fingerprint = excluded.fingerprint, status = excluded.status, max_fee = excluded.max_fee,
        actual_fee = excluded.actual_fee, tx_hash = excluded.tx_hash, relayer = excluded.relayer,
        error = excluded.error, created_at = excluded.created_at, updated_at = excluded.updated_at`,
    );
    const reserve = this.#db.transaction((entry: Sponsorship, budget: bigint): ReserveResult => {
      const existing = this.get(entry.account, entry.nonce);
      if (existing !== undefined && existing.status !== 'failed') {
        return { reserved: false, reason: 'replayed', existing };
      }
      const spent = this.spent(entry.apiKey);
      if (spent + entry.maxFee > budget)
        return { reserved: false, reason: 'budget_exhausted', spent };
      this.#upsert.run(sponsorshipToRow({ ...entry, status: 'reserved' }));
      this.#setSpent.run(entry.apiKey, (spent + charged(entry)).toString());
      return { reserved: true };
    });
    this.#reserve = (entry, budget) => reserve.immediate(entry, budget);
    const transition = this.#db.transaction(
      (
        account: string,
        nonce: string,
        from: readonly SponsorshipStatus[],
        to: SponsorshipStatus,
        update: SponsorshipUpdate,
      ): boolean => {
        const current = this.get(account, nonce);
        if (current === undefined || !from.includes(current.status)) return false;
        const next: Sponsorship = {
          ...current,
          ...definedOnly(update),
          status: to,
          updatedAt: Date.now(),
        };
        this.#upsert.run(sponsorshipToRow(next));
        const delta = charged(next) - charged(current);
        if (delta !== 0n) {
          this.#setSpent.run(current.apiKey, (this.spent(current.apiKey) + delta).toString());
        }
        return true;
      },
    );
    this.#transition = (account, nonce, from, to, update) =>
      transition.immediate(account, nonce, from, to, update);
  }

  reserve(entry: Sponsorship, budget: bigint): ReserveResult {
    return this.#reserve(entry, budget);
  }

  transition(
    account: string,
    nonce: string,
    from: readonly SponsorshipStatus[],
    to: SponsorshipStatus,
    update: SponsorshipUpdate = {},
  ): boolean {
    return this.#transition(account, nonce, from, to, update);
  }

  get(account: string, nonce: string): Sponsorship | undefined {
    const row = this.#get.get(account, nonce) as SponsorshipRow | undefined;
    return row === undefined ? undefined : sponsorshipFromRow(row);
  }

  unfinished(updatedBefore: number, limit: number): Sponsorship[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM paymaster_sponsorships
         WHERE status IN ('reserved', 'submitted') AND updated_at < ?
         ORDER BY updated_at, account, nonce LIMIT ?`,
      )
      .all(updatedBefore, limit) as SponsorshipRow[];
    return rows.map(sponsorshipFromRow);
  }

  spent(apiKey: string): bigint {
    const row = this.#spent.get(apiKey) as { spent: string } | undefined;
    return row === undefined ? 0n : BigInt(row.spent);
  }

  /** Every sponsorship, oldest first (for audits and tests). */
  all(): Sponsorship[] {
    const rows = this.#db
      .prepare('SELECT * FROM paymaster_sponsorships ORDER BY created_at, account, nonce')
      .all() as SponsorshipRow[];
    return rows.map(sponsorshipFromRow);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function definedOnly(update: SponsorshipUpdate): SponsorshipUpdate {
  return Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
}
