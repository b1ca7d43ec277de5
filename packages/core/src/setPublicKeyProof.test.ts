import { hash } from 'starknet';
import { describe, expect, it } from 'vitest';
import { StarknetChainId } from './chainId.js';
import { getPublicKey } from './sessionKeyPair.js';
import {
  SET_PUBLIC_KEY_PREFIX,
  setPublicKeyMessageHash,
  signSetPublicKeyProof,
} from './setPublicKeyProof.js';
import { verifyHash } from './starkSignature.js';

const ACCOUNT = '0x2f1c1a7a08b1e3c9d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4';

describe('set_public_key proof', () => {
  it("hashes poseidon('chipi/set-public-key', chain, account, old, new)", () => {
    const expected = hash.computePoseidonHashOnElements([
      SET_PUBLIC_KEY_PREFIX,
      BigInt(StarknetChainId.SN_SEPOLIA),
      BigInt(ACCOUNT),
      5n,
      6n,
    ]);
    expect(setPublicKeyMessageHash('SN_SEPOLIA', ACCOUNT, 5n, 6n)).toBe(BigInt(expected));
    expect(setPublicKeyMessageHash(StarknetChainId.SN_SEPOLIA, ACCOUNT, 5n, 6n)).toBe(
      BigInt(expected),
    );
  });

  it('is signed by the new key', () => {
    const oldPublicKey = getPublicKey(3n);
    const proof = signSetPublicKeyProof({
      chainId: 'SN_MAIN',
      accountAddress: ACCOUNT,
      oldPublicKey,
      newPrivateKey: 4n,
    });
    expect(proof.newPublicKey).toBe(getPublicKey(4n));
    const h = setPublicKeyMessageHash('SN_MAIN', ACCOUNT, oldPublicKey, proof.newPublicKey);
    const [r, s] = proof.signature;
    expect(verifyHash(h, proof.newPublicKey, { r, s })).toBe(true);
    expect(verifyHash(h, oldPublicKey, { r, s })).toBe(false);
  });

  it('binds the chain id', () => {
    expect(setPublicKeyMessageHash('SN_MAIN', ACCOUNT, 5n, 6n)).not.toBe(
      setPublicKeyMessageHash('SN_SEPOLIA', ACCOUNT, 5n, 6n),
    );
  });
});
