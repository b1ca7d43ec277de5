import type { Pool } from 'pg';

/**
 * Runs `schema` under a transaction-scoped advisory lock named `lock`, so that several processes
 * starting together create a table and its indexes once.
 */
export async function createPostgresSchema(
  pool: Pool,
  lock: string,
  schema: string,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
    await client.query(schema);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
