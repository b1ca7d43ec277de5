import Database from 'better-sqlite3';
import type {
  CachedPaidResponse,
  PaymentIdentifierCache,
  PaymentIdentifierClaim,
} from '../PaymentIdentifierCache.js';
import { type PaymentIdRow, paidResponseOf } from '../paymentIdRow.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS x402_payment_ids (
  key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL,
  status INTEGER,
  headers TEXT,
  body BLOB,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS x402_payment_ids_expires_at ON x402_payment_ids (expires_at);
`;

/**
 * A `PaymentIdentifierCache` in one SQLite file, shared by every resource-server process on the
 * machine that opens it: `begin` runs as one immediate (write-locked) transaction, so of
 * concurrent requests with one id exactly one proceeds. Entries live `ttlMs` (default one hour);
 * expired ones are deleted as new ids arrive.
 */
export class SqlitePaymentIdentifierCache implements PaymentIdentifierCache {
  readonly #db: Database.Database;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #begin: (key: string, fingerprint: string) => PaymentIdentifierClaim;

  /** Opens (or creates) the database at `path` (`':memory:'` for a throwaway cache). */
  constructor(path: string, options: { ttlMs?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#now = options.now ?? Date.now;
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    const purge = this.#db.prepare('DELETE FROM x402_payment_ids WHERE expires_at <= ?');
    const select = this.#db.prepare('SELECT * FROM x402_payment_ids WHERE key = ?');
    const insert = this.#db.prepare(
      `INSERT INTO x402_payment_ids (key, fingerprint, state, expires_at)
       VALUES (?, ?, 'processing', ?)`,
    );
    const resume = this.#db.prepare(
      "UPDATE x402_payment_ids SET state = 'processing' WHERE key = ?",
    );
    const begin = this.#db.transaction((key: string, fingerprint: string) => {
      const now = this.#now();
      purge.run(now);
      const row = select.get(key) as PaymentIdRow | undefined;
      if (row === undefined) {
        insert.run(key, fingerprint, now + this.#ttlMs);
        return { state: 'new' } as const;
      }
      if (row.fingerprint !== fingerprint) return { state: 'conflict' } as const;
      const response = paidResponseOf(row);
      if (row.state === 'processing' || response === undefined) {
        return { state: 'processing' } as const;
      }
      if (row.state === 'done') return { state: 'cached', response } as const;
      resume.run(key);
      return { state: 'unsettled', response } as const;
    });
    this.#begin = (key, fingerprint) => begin.immediate(key, fingerprint);
  }

  begin(key: string, payloadFingerprint: string): PaymentIdentifierClaim {
    return this.#begin(key, payloadFingerprint);
  }

  complete(key: string, response: CachedPaidResponse): void {
    this.#store(key, 'done', response);
  }

  hold(key: string, response: CachedPaidResponse): void {
    this.#store(key, 'unsettled', response);
  }

  abandon(key: string): void {
    this.#db.prepare('DELETE FROM x402_payment_ids WHERE key = ?').run(key);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #store(key: string, state: 'done' | 'unsettled', response: CachedPaidResponse): void {
    this.#db
      .prepare(
        'UPDATE x402_payment_ids SET state = ?, status = ?, headers = ?, body = ? WHERE key = ?',
      )
      .run(
        state,
        response.status,
        JSON.stringify(response.headers),
        Buffer.from(response.body),
        key,
      );
  }
}
