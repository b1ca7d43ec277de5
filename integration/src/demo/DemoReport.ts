import { isChipiSessionError } from '@chipi-sessions/sdk';
import type { RpcProvider } from 'starknet';

interface Row {
  what: string;
  hash: string;
  fee: bigint;
}

const RECEIPT_POLL_MS = 250;

/** Prints the demo's progress and a closing table of transactions and fees. */
export class DemoReport {
  readonly #rows: Row[] = [];
  readonly #refusals: string[] = [];
  readonly #started = Date.now();

  step(message: string): void {
    console.log(`  ${message}`);
  }

  async tx(what: string, hash: string, provider: RpcProvider): Promise<void> {
    // starknet.js polls every 5 s by default; a devnet block is there in milliseconds.
    const receipt = await provider.waitForTransaction(hash, { retryInterval: RECEIPT_POLL_MS });
    const value = receipt.value as { actual_fee?: { amount: string } };
    const fee = BigInt(value.actual_fee?.amount ?? 0);
    this.#rows.push({ what, hash, fee });
    console.log(`✔ ${what}  (${hash.slice(0, 12)}…, fee ${formatStrk(fee)})`);
  }

  async refusal(what: string, attempt: () => Promise<unknown>): Promise<void> {
    try {
      await attempt();
    } catch (error) {
      if (isChipiSessionError(error)) {
        this.#refusals.push(`${what}: ${error.code}`);
        console.log(`✘ ${what}  → refused: ${error.code}`);
        return;
      }
      throw error;
    }
    throw new Error(`expected a refusal: ${what}`);
  }

  summary(): void {
    const total = this.#rows.reduce((sum, row) => sum + row.fee, 0n);
    console.log('\nTransactions');
    for (const row of this.#rows)
      console.log(`  ${row.hash}  ${formatStrk(row.fee).padStart(14)}  ${row.what}`);
    console.log(`  total fees: ${formatStrk(total)}`);
    console.log('Refusals');
    for (const line of this.#refusals) console.log(`  ${line}`);
    console.log(`done in ${((Date.now() - this.#started) / 1000).toFixed(1)}s`);
  }
}

function formatStrk(fri: bigint): string {
  return `${(Number(fri) / 1e18).toFixed(6)} STRK`;
}
