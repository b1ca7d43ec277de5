import type { Pool, PoolClient, PoolConfig } from 'pg';
import pg from 'pg';
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
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (account, nonce)
);
CREATE TABLE IF NOT EXISTS paymaster_spend (
  api_key TEXT PRIMARY KEY,
  spent TEXT NOT NULL
);
`;

const UPSERT = `INSERT INTO paymaster_sponsorships (account, nonce, api_key, fingerprint, status,
  max_fee, actual_fee, tx_hash, relayer, error, created_at, updated_at)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
 ON CONFLICT (account, nonce) DO UPDATE SET api_key = excluded.api_key,
  fingerprint = excluded.fingerprint, status = excluded.status, max_fee = excluded.max_fee,
  actual_fee = excluded.actual_fee, tx_hash = excluded.tx_hash, relayer = excluded.relayer,
  error = excluded.error, created_at = excluded.created_at, updated_at = excluded.updated_at`;

/**
 * The `PaymasterStore` for several paymaster processes: one PostgreSQL database shared by all.
 * `reserve` and `transition` are transactions holding a per-key advisory lock, so two instances
 * never both spend the last of a budget nor both take one `(account, nonce)`.
 */
export class PostgresPaymasterStore implements PaymasterStore {
  readonly #pool: Pool;
  readonly #ownsPool: boolean;

  private constructor(pool: Pool, ownsPool: boolean) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
  }

  /** Connects (a `pg` pool config, or a pool the caller owns) and creates the tables if needed. */
  static async open(config: PoolConfig | Pool): Promise<PostgresPaymasterStore> {
    const owns = !(config instanceof pg.Pool);
    const pool = config instanceof pg.Pool ? config : new pg.Pool(config);
    if (owns) pool.on('error', () => {});
    try {
      await inTransaction(pool, async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('paymaster_schema'))");
        await client.query(SCHEMA);
      });
    } catch (error) {
      if (owns) await pool.end();
      throw error;
    }
    return new PostgresPaymasterStore(pool, owns);
  }

  reserve(entry: Sponsorship, budget: bigint): Promise<ReserveResult> {
    return inTransaction(this.#pool, async (client) => {
      await lockKey(client, entry.apiKey);
      await lockAccount(client, entry.account, entry.nonce);
      const existing = await getRow(client, entry.account, entry.nonce);
      if (existing !== undefined && existing.status !== 'failed') {
        return { reserved: false, reason: 'replayed', existing };
      }
      const spent = await spentOf(client, entry.apiKey);
      if (spent + entry.maxFee > budget)
        return { reserved: false, reason: 'budget_exhausted', spent };
      await upsert(client, { ...entry, status: 'reserved' });
      await setSpent(client, entry.apiKey, spent + charged(entry));
      return { reserved: true };
    });
  }

  transition(
    account: string,
    nonce: string,
    from: readonly SponsorshipStatus[],
    to: SponsorshipStatus,
    update: SponsorshipUpdate = {},
  ): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      // Locks in reserve's order (key, then account) so the two never deadlock.
      const unlocked = await getRow(client, account, nonce);
      if (unlocked === undefined) return false;
      await lockKey(client, unlocked.apiKey);
      await lockAccount(client, account, nonce);
      const current = await getRow(client, account, nonce);
      if (current === undefined || !from.includes(current.status)) return false;
      const next: Sponsorship = {
        ...current,
        ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)),
        status: to,
        updatedAt: Date.now(),
      };
      await upsert(client, next);
      const delta = charged(next) - charged(current);
      if (delta !== 0n) {
        await setSpent(client, current.apiKey, (await spentOf(client, current.apiKey)) + delta);
      }
      return true;
    });
  }

  async get(account: string, nonce: string): Promise<Sponsorship | undefined> {
    return getRow(this.#pool, account, nonce);
  }

  async unfinished(updatedBefore: number, limit: number): Promise<Sponsorship[]> {
    const { rows } = await this.#pool.query<SponsorshipRow>(
      `SELECT * FROM paymaster_sponsorships
       WHERE status IN ('reserved', 'submitted') AND updated_at < $1
       ORDER BY updated_at, account, nonce LIMIT $2`,
      [updatedBefore, limit],
    );
    return rows.map(sponsorshipFromRow);
  }

  async spent(apiKey: string): Promise<bigint> {
    return spentOf(this.#pool, apiKey);
  }

  /** Every sponsorship, oldest first (for audits and tests). */
  async all(): Promise<Sponsorship[]> {
    const { rows } = await this.#pool.query<SponsorshipRow>(
      'SELECT * FROM paymaster_sponsorships ORDER BY created_at, account, nonce',
    );
    return rows.map(sponsorshipFromRow);
  }

  async close(): Promise<void> {
    if (this.#ownsPool) await this.#pool.end();
  }
}

type Queryable = Pick<Pool, 'query'> | PoolClient;

async function inTransaction<T>(pool: Pool, body: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function lockKey(client: PoolClient, apiKey: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('paymaster_key:' || $1))", [apiKey]);
}

async function lockAccount(client: PoolClient, account: string, nonce: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('paymaster_nonce:' || $1))", [
    `${account}:${nonce}`,
  ]);
}

async function getRow(
  db: Queryable,
  account: string,
  nonce: string,
): Promise<Sponsorship | undefined> {
  const { rows } = await db.query<SponsorshipRow>(
    'SELECT * FROM paymaster_sponsorships WHERE account = $1 AND nonce = $2',
    [account, nonce],
  );
  return rows[0] === undefined ? undefined : sponsorshipFromRow(rows[0]);
}

async function spentOf(db: Queryable, apiKey: string): Promise<bigint> {
  const { rows } = await db.query<{ spent: string }>(
    'SELECT spent FROM paymaster_spend WHERE api_key = $1',
    [apiKey],
  );
  return rows[0] === undefined ? 0n : BigInt(rows[0].spent);
}

async function setSpent(client: PoolClient, apiKey: string, spent: bigint): Promise<void> {
  await client.query(
    `INSERT INTO paymaster_spend (api_key, spent) VALUES ($1, $2)
     ON CONFLICT (api_key) DO UPDATE SET spent = excluded.spent`,
    [apiKey, spent.toString()],
  );
}

async function upsert(client: PoolClient, entry: Sponsorship): Promise<void> {
  const row = sponsorshipToRow(entry);
  await client.query(UPSERT, [
    row.account,
    row.nonce,
    row.api_key,
    row.fingerprint,
    row.status,
    row.max_fee,
    row.actual_fee,
    row.tx_hash,
    row.relayer,
    row.error,
    row.created_at,
    row.updated_at,
  ]);
}
