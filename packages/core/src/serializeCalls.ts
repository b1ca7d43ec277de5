import type { FeltCall } from './call.js';
import { toFeltHex } from './felt.js';

/**
 * Cairo serialization of an `Array<Call>`: `calls_len, (to, selector, calldata_len, ...calldata)*`,
 * the calldata of a Cairo 1 account's `__execute__` and the tail of a serialized outside execution.
 */
export function serializeCalls(calls: readonly FeltCall[]): string[] {
  const felts: bigint[] = [BigInt(calls.length)];
  for (const call of calls) {
    felts.push(call.to, call.selector, BigInt(call.calldata.length), ...call.calldata);
  }
  return felts.map((f) => toFeltHex(f));
}
