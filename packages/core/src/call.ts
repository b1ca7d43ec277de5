import { type FeltLike, parseFelt, parseNonZeroFelt } from './felt.js';
import { toSelector } from './selector.js';

/** A contract call as starknet.js users write it; `entrypoint` is a name or a hex selector. */
export interface CallInput {
  contractAddress: FeltLike;
  entrypoint: string;
  calldata?: readonly FeltLike[];
}

/** A call reduced to felts, in the order the Cairo `Call` struct serializes them. */
export interface FeltCall {
  to: bigint;
  selector: bigint;
  calldata: bigint[];
}

/** Normalizes a call: non-zero target, selector from name or hex, every calldata item a felt. */
export function normalizeCall(call: CallInput, index = 0): FeltCall {
  return {
    to: parseNonZeroFelt(call.contractAddress, `calls[${index}].contractAddress`),
    selector: toSelector(call.entrypoint, `calls[${index}].entrypoint`),
    calldata: (call.calldata ?? []).map((item, i) =>
      parseFelt(item, `calls[${index}].calldata[${i}]`),
    ),
  };
}

/** Normalizes a list of calls (see `normalizeCall`). */
export function normalizeCalls(calls: readonly CallInput[]): FeltCall[] {
  return calls.map((call, i) => normalizeCall(call, i));
}
