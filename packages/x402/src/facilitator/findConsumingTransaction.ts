import { getSelectorFromName, serializeOutsideExecution, toFeltHex } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import type { CheckedExactPayment } from '../scheme/checkExactStarknetPayment.js';
import { type EmittedEvent, transferEvents } from '../scheme/transferEvents.js';

const TRANSFER_EVENT = toFeltHex(getSelectorFromName('Transfer'));
const EXECUTE_FROM_OUTSIDE_V2 = getSelectorFromName('execute_from_outside_v2');

/** How far back `findConsumingTransaction` looks by default, in blocks. */
export const DEFAULT_RESCUE_BLOCKS = 2_000;

/**
 * The transaction that already executed this very payment, if any (the scheme's consumed-nonce
 * rule, settlement step 5). Candidates are the asset's `Transfer` events from the payer to
 * `payTo` in the last `blocks` blocks: first in the keyed layout, which the event filter selects
 * by payer and recipient; when none fits and the asset emits the older layout (`from` and `to`
 * in the data), among all the asset's `Transfer` events of those blocks. One counts only if its transaction
 * calls `execute_from_outside_v2` on the payer with this exact serialized outside execution (so
 * this payload's nonce and calls), it `SUCCEEDED`, and its receipt contains the expected
 * transfer. Returns the transaction hash.
 */
export async function findConsumingTransaction(
  provider: RpcProvider,
  checked: CheckedExactPayment,
  blocks = DEFAULT_RESCUE_BLOCKS,
): Promise<string | undefined> {
  const { claimedPayer: payer, transfer } = checked;
  const latest = await provider.getBlockNumber();
  const expected = [
    BigInt(payer),
    EXECUTE_FROM_OUTSIDE_V2,
    ...serializeOutsideExecution(checked.outsideExecution).map((f) => BigInt(f)),
  ];
  const from_block = { block_number: Math.max(0, latest - blocks) };
  const seen = new Set<string>();
  for (const keys of [
    [[TRANSFER_EVENT], [toFeltHex(BigInt(payer))], [toFeltHex(BigInt(transfer.payTo))]],
    [[TRANSFER_EVENT]],
  ]) {
    let continuation: string | undefined;
    do {
      const page = await provider.getEvents({
        address: transfer.asset,
        keys,
        from_block,
        to_block: 'latest',
        chunk_size: 100,
        ...(continuation === undefined ? {} : { continuation_token: continuation }),
      });
      for (const event of page.events) {
        // A token emits one layout: a keyed event here means the first pass saw everything.
        if (keys.length === 1 && event.keys.length === 3) return undefined;
        const [moved] = transferEvents([event as EmittedEvent]);
        if (moved === undefined || 'malformed' in moved || moved.amount !== transfer.amount)
          continue;
        if (BigInt(moved.from) !== BigInt(payer) || BigInt(moved.to) !== BigInt(transfer.payTo))
          continue;
        const hash = event.transaction_hash;
        if (seen.has(hash)) continue;
        seen.add(hash);
        if (await executedThisPayment(provider, hash, expected, checked))
          return toFeltHex(BigInt(hash));
      }
      continuation = page.continuation_token;
    } while (continuation !== undefined);
  }
  return undefined;
}

async function executedThisPayment(
  provider: RpcProvider,
  hash: string,
  expected: readonly bigint[],
  checked: CheckedExactPayment,
): Promise<boolean> {
  const transaction = (await provider.getTransactionByHash(hash)) as { calldata?: string[] };
  const calldata = (transaction.calldata ?? []).map((f) => BigInt(f));
  if (!containsRun(calldata, expected)) return false;
  const receipt = (await provider.getTransactionReceipt(hash)) as unknown as {
    execution_status?: string;
    events?: EmittedEvent[];
  };
  if (receipt.execution_status !== 'SUCCEEDED') return false;
  const { claimedPayer: payer, transfer } = checked;
  return transferEvents(receipt.events ?? []).some(
    (t) =>
      !('malformed' in t) &&
      BigInt(t.token) === BigInt(transfer.asset) &&
      BigInt(t.from) === BigInt(payer) &&
      BigInt(t.to) === BigInt(transfer.payTo) &&
      t.amount === transfer.amount,
  );
}

/**
 * Whether `run` appears in `calldata` as `to, selector, len, ...run-tail`: the call's target and
 * selector, then its calldata length (at least the outside execution), then the outside
 * execution itself.
 */
function containsRun(calldata: readonly bigint[], run: readonly bigint[]): boolean {
  const [to, selector, ...oe] = run as [bigint, bigint, ...bigint[]];
  for (let i = 0; i + 3 + oe.length <= calldata.length; i++) {
    if (calldata[i] !== to || calldata[i + 1] !== selector) continue;
    if ((calldata[i + 2] as bigint) < BigInt(oe.length)) continue;
    if (oe.every((f, j) => calldata[i + 3 + j] === f)) return true;
  }
  return false;
}
