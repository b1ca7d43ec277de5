import type { Pool, PoolConfig } from 'pg';
import pg from 'pg';
import { createPostgresSchema } from '../../postgresSchema.js';
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
  body BYTEA,
  expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS x402_payment_ids_expires_at ON x402_payment_ids (expires_at);
`;

/**
 * The `PaymentIdentifierCache` for several resource-server processes behind a load balancer: one
 * PostgreSQL table. A new id is one `INSERT … ON CONFLICT DO NOTHING`, and resuming a served but
 * unsettled payment one conditional `UPDATE`, so of concurrent requests exactly one proceeds.
 * Entries live `ttlMs` (default one hour).
 */
export class PostgresPaymentIdentifierCache implements PaymentIdentifierCache {
  readonly #pool: Pool;
  readonly #ownsPool: boolean;
  readonly #ttlMs: number;
  readonly #now: () => number;

  private constructor(
    pool: Pool,
    ownsPool: boolean,
    options: { ttlMs?: number; now?: () => number },
  ) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#now = options.now ?? Date.now;
  }

  /** Connects (a `pg` pool config, or a pool the caller owns) and creates the table if needed. */
  static async open(
    config: PoolConfig | Pool,
    options: { ttlMs?: number; now?: () => number } = {},
  ): Promise<PostgresPaymentIdentifierCache> {
    const owns = !(config instanceof pg.Pool);
    const pool = config instanceof pg.Pool ? config : new pg.Pool(config);
    if (owns) pool.on('error', () => {});
    try {
      await createPostgresSchema(pool, 'x402_payment_ids', SCHEMA);
    } catch (error) {
      if (owns) await pool.end();
      throw error;
    }
    return new PostgresPaymentIdentifierCache(pool, owns, options);
  }

  async begin(key: string, payloadFingerprint: string): Promise<PaymentIdentifierClaim> {
    const now = this.#now();
    await this.#pool.query('DELETE FROM x402_payment_ids WHERE expires_at <= $1', [now]);
    const inserted = await this.#pool.query(
      `INSERT INTO x402_payment_ids (key, fingerprint, state, expires_at)
       VALUES ($1, $2, 'processing', $3) ON CONFLICT (key) DO NOTHING`,
      [key, payloadFingerprint, now + this.#ttlMs],
    );
    if (inserted.rowCount === 1) return { state: 'new' };
    const resumed = await this.#pool.query<PaymentIdRow>(
      `UPDATE x402_payment_ids SET state = 'processing'
       WHERE key = $1 AND fingerprint = $2 AND state = 'unsettled' RETURNING *`,
      [key, payloadFingerprint],
    );
    const unsettled = resumed.rows[0] === undefined ? undefined : paidResponseOf(resumed.rows[0]);
    if (unsettled !== undefined) return { state: 'unsettled', response: unsettled };
    const { rows } = await this.#pool.query<PaymentIdRow>(
      'SELECT * FROM x402_payment_ids WHERE key = $1',
      [key],
    );
    const row = rows[0];
    // Deleted meanwhile (abandoned or expired): the id is free again.
    if (row === undefined) return this.begin(key, payloadFingerprint);
    if (row.fingerprint !== payloadFingerprint) return { state: 'conflict' };
    const response = paidResponseOf(row);
    if (row.state === 'done' && response !== undefined) return { state: 'cached', response };
    return { state: 'processing' };
  }

  async complete(key: string, response: CachedPaidResponse): Promise<void> {
    await this.#store(key, 'done', response);
  }

  async hold(key: string, response: CachedPaidResponse): Promise<void> {
    await this.#store(key, 'unsettled', response);
  }

  async abandon(key: string): Promise<void> {
    await this.#pool.query('DELETE FROM x402_payment_ids WHERE key = $1', [key]);
  }

  async close(): Promise<void> {
    if (this.#ownsPool) await this.#pool.end();
  }

  async #store(key: string, state: 'done' | 'unsettled', response: CachedPaidResponse) {
    await this.#pool.query(
      'UPDATE x402_payment_ids SET state = $2, status = $3, headers = $4, body = $5 WHERE key = $1',
      [key, state, response.status, JSON.stringify(response.headers), Buffer.from(response.body)],
    );
  }
}
