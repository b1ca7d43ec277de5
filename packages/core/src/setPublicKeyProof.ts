import { parseChainId } from './chainId.js';
import { type FeltLike, parseFelt, parseNonZeroFelt } from './felt.js';
import { poseidonHashMany } from './poseidonHash.js';
import { getPublicKey } from './sessionKeyPair.js';
import { encodeShortString } from './shortString.js';
import { signOwnerHash } from './starkSignature.js';

/** Domain tag of the owner key-rotation proof: `'chipi/set-public-key'`. */
export const SET_PUBLIC_KEY_PREFIX: bigint =
  /* @__PURE__ */ encodeShortString('chipi/set-public-key');

/**
 * The message the **new** owner key signs to rotate the owner key:
 * `poseidon('chipi/set-public-key', chain_id, account_address, old_public_key, new_public_key)`.
 */
export function setPublicKeyMessageHash(
  chainId: FeltLike,
  accountAddress: FeltLike,
  oldPublicKey: FeltLike,
  newPublicKey: FeltLike,
): bigint {
  return poseidonHashMany([
    SET_PUBLIC_KEY_PREFIX,
    parseChainId(chainId),
    parseNonZeroFelt(accountAddress, 'accountAddress'),
    parseFelt(oldPublicKey, 'oldPublicKey'),
    parseNonZeroFelt(newPublicKey, 'newPublicKey'),
  ]);
}

/** Parameters of `signSetPublicKeyProof`. */
export interface SetPublicKeyProofParameters {
  chainId: FeltLike;
  accountAddress: FeltLike;
  oldPublicKey: FeltLike;
  /** Private key of the new owner key; its public key is the `new_public_key` argument. */
  newPrivateKey: FeltLike;
}

/**
 * The `[r, s]` proof `set_public_key(new_public_key, signature)` requires, signed by the new key.
 * Returns the new public key along with it.
 */
export function signSetPublicKeyProof(params: SetPublicKeyProofParameters): {
  newPublicKey: string;
  signature: [string, string];
} {
  const newPublicKey = getPublicKey(params.newPrivateKey);
  const hash = setPublicKeyMessageHash(
    params.chainId,
    params.accountAddress,
    params.oldPublicKey,
    newPublicKey,
  );
  return { newPublicKey, signature: signOwnerHash(hash, params.newPrivateKey) };
}
