import type { FeltCall } from './call.js';
import { parseChainId } from './chainId.js';
import { type FeltLike, parseNonZeroFelt } from './felt.js';
import { normalizeOutsideExecution, type OutsideExecutionInput } from './outsideExecution.js';
import { poseidonHashMany } from './poseidonHash.js';
import { encodeShortString } from './shortString.js';

/**
 * SNIP-12 revision-1 type hash of `StarknetDomain`, i.e. starknet_keccak of
 * `"StarknetDomain"("name":"shortstring","version":"shortstring","chainId":"shortstring","revision":"shortstring")`.
 */
export const STARKNET_DOMAIN_TYPE_HASH: bigint =
  0x1ff2f602e42168014d405a94f75e8a93d640751d71d16311266e140d8b0a210n;

/**
 * Type hash of the SNIP-9 v2 `OutsideExecution`, i.e. starknet_keccak of
 * `"OutsideExecution"("Caller":"ContractAddress","Nonce":"felt","Execute After":"u128","Execute Before":"u128","Calls":"Call*")"Call"("To":"ContractAddress","Selector":"selector","Calldata":"felt*")`.
 */
export const OUTSIDE_EXECUTION_TYPE_HASH: bigint =
  0x312b56c05a7965066ddbda31c016d8d05afc305071c0ca3cdc2192c3c2f1f0fn;

/**
 * Type hash of the SNIP-9 v2 `Call`, i.e. starknet_keccak of
 * `"Call"("To":"ContractAddress","Selector":"selector","Calldata":"felt*")`.
 */
export const CALL_TYPE_HASH: bigint =
  0x3635c7f2a7ba93844c0d064e18e487f35ab90f7c39d00f186a781fc3f0c2ca9n;

/** Domain name of SNIP-9 outside executions. */
export const OUTSIDE_EXECUTION_DOMAIN_NAME = 'Account.execute_from_outside';

const STARKNET_MESSAGE: bigint = /* @__PURE__ */ encodeShortString('StarkNet Message');

/** `poseidon(StarknetDomain type hash, 'Account.execute_from_outside', 2, chainId, 1)`. */
export function outsideExecutionDomainHash(chainId: FeltLike): bigint {
  return poseidonHashMany([
    STARKNET_DOMAIN_TYPE_HASH,
    encodeShortString(OUTSIDE_EXECUTION_DOMAIN_NAME),
    2n,
    parseChainId(chainId),
    1n,
  ]);
}

function callHash(call: FeltCall): bigint {
  return poseidonHashMany([
    CALL_TYPE_HASH,
    call.to,
    call.selector,
    poseidonHashMany(call.calldata),
  ]);
}

/** SNIP-12 struct hash of an `OutsideExecution` (without the domain and account). */
export function outsideExecutionStructHash(oe: OutsideExecutionInput): bigint {
  const n = normalizeOutsideExecution(oe);
  return poseidonHashMany([
    OUTSIDE_EXECUTION_TYPE_HASH,
    n.caller,
    n.nonce,
    n.executeAfter,
    n.executeBefore,
    poseidonHashMany(n.calls.map(callHash)),
  ]);
}

/**
 * The SNIP-12 (revision 1) message hash `H` of a SNIP-9 v2 outside execution for `account` on
 * `chainId`, computed directly with Poseidon:
 * `poseidon('StarkNet Message', domain_hash, account, struct_hash)`. It equals starknet.js
 * `typedData.getMessageHash(outsideExecutionTypedData(oe, chainId), account)`.
 *
 * @example
 * ```ts
 * const h = outsideExecutionHash(oe, accountAddress, 'SN_SEPOLIA');
 * ```
 */
export function outsideExecutionHash(
  oe: OutsideExecutionInput,
  accountAddress: FeltLike,
  chainId: FeltLike,
): bigint {
  return poseidonHashMany([
    STARKNET_MESSAGE,
    outsideExecutionDomainHash(chainId),
    parseNonZeroFelt(accountAddress, 'accountAddress'),
    outsideExecutionStructHash(oe),
  ]);
}
