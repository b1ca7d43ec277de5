import { type FeltLike, parseFelt, toFeltHex } from './felt.js';
import { normalizeOutsideExecution, type OutsideExecutionInput } from './outsideExecution.js';
import { serializeCalls } from './serializeCalls.js';

/**
 * Cairo serialization of an `OutsideExecution`:
 * `caller, nonce, execute_after, execute_before, calls_len, (to, selector, calldata_len, ...calldata)*`.
 */
export function serializeOutsideExecution(oe: OutsideExecutionInput): string[] {
  const n = normalizeOutsideExecution(oe);
  return [
    ...[n.caller, n.nonce, n.executeAfter, n.executeBefore].map((f) => toFeltHex(f)),
    ...serializeCalls(n.calls),
  ];
}

/**
 * Calldata of `execute_from_outside_v2(outside_execution, signature)`: the serialized outside
 * execution followed by the signature array (`len, ...items`).
 */
export function executeFromOutsideCalldata(
  oe: OutsideExecutionInput,
  signature: readonly FeltLike[],
): string[] {
  return [...serializeOutsideExecution(oe), ...serializeFeltArray(signature, 'signature')];
}

/** Cairo serialization of an `Array<felt252>`: its length, then the items. */
export function serializeFeltArray(items: readonly FeltLike[], name = 'array'): string[] {
  return [
    toFeltHex(BigInt(items.length)),
    ...items.map((item, i) => toFeltHex(parseFelt(item, `${name}[${i}]`))),
  ];
}
