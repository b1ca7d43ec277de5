import { type FeltLike, parseFelt, parseNonZeroFelt, parseUint } from './felt.js';
import { poseidonHashMany } from './poseidonHash.js';
import { encodeShortString } from './shortString.js';

/** Domain tag of a session-signed transaction: the short string `'chipi/session-tx-v1'`. */
export const SESSION_TX_PREFIX: bigint = /* @__PURE__ */ encodeShortString('chipi/session-tx-v1');
/** Domain tag of a session-signed outside execution: `'chipi/session-oe-v1'`. */
export const SESSION_OE_PREFIX: bigint = /* @__PURE__ */ encodeShortString('chipi/session-oe-v1');

/**
 * The message a session key signs for a transaction:
 * `poseidon('chipi/session-tx-v1', transaction_hash, session_public_key, valid_until)`.
 * `transactionHash` is the protocol V3 transaction hash (or its query-version twin).
 */
export function sessionTransactionMessageHash(
  transactionHash: FeltLike,
  sessionPublicKey: FeltLike,
  validUntil: FeltLike,
): bigint {
  return poseidonHashMany([
    SESSION_TX_PREFIX,
    parseFelt(transactionHash, 'transactionHash'),
    parseNonZeroFelt(sessionPublicKey, 'sessionPublicKey'),
    parseUint(validUntil, 64, 'validUntil'),
  ]);
}

/**
 * The message a session key signs for an outside execution:
 * `poseidon('chipi/session-oe-v1', H, session_public_key, valid_until)` where `H` is the SNIP-12
 * hash of the `OutsideExecution` (see `outsideExecutionHash`).
 */
export function sessionOutsideExecutionMessageHash(
  outsideExecutionHash: FeltLike,
  sessionPublicKey: FeltLike,
  validUntil: FeltLike,
): bigint {
  return poseidonHashMany([
    SESSION_OE_PREFIX,
    parseFelt(outsideExecutionHash, 'outsideExecutionHash'),
    parseNonZeroFelt(sessionPublicKey, 'sessionPublicKey'),
    parseUint(validUntil, 64, 'validUntil'),
  ]);
}
