//! Fixed test keys, precomputed Stark signatures and golden hashes, plus a deterministic in-Cairo
//! Stark ECDSA signer for messages that depend on the deployed account address.
//!
//! How the constants were produced (Node, `@scure/starknet` 1.1.0):
//! - `*_PUBLIC_KEY = getStarkKey(*_PRIVATE_KEY)`;
//! - `{r, s} = sign(message, private_key)` (RFC 6979 nonces, so the values are reproducible), each
//!   checked with `verify` before being written here;
//! - messages and golden hashes with `poseidonHashMany`, short strings encoded as the big-endian
//!   integer of their ASCII bytes (`BigInt('0x' + Buffer.from(s).toString('hex'))`);
//! - the signer cross-check with `k = poseidonHashMany([private_key, message]) mod n`,
//!   `r = (k·G).x`, `s = k⁻¹ (message + r·private_key) mod n`.
//!
//! The test class hash of the account (hence its address in tests) changes with every edit of
//! the contract, so outside-execution hashes and key-rotation proofs cannot be precomputed: the
//! tests sign them with `sign` below, which is checked against the reference values here.

use core::ec::{EcPointTrait, NonZeroEcPoint, stark_curve};
use core::math::{u256_inv_mod, u256_mul_mod_n};
use core::poseidon::poseidon_hash_span;
use crate::signature::STARK_CURVE_ORDER;

pub const OWNER_PRIVATE_KEY: felt252 = 0x4f1d2c3b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff01;
pub const OWNER_PUBLIC_KEY: felt252 = 0x7d7e4e97705194617a821f8264f95ba0ad25b5caaf5c67d9b54d1473efef63d;
pub const NEW_OWNER_PRIVATE_KEY: felt252 = 0x2e3f4a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061;
pub const NEW_OWNER_PUBLIC_KEY: felt252 = 0x2afa646eccb2904e7096358679a9df9214e0cccbbeb3e10d59327ca82bd5342;
pub const SESSION_A_PRIVATE_KEY: felt252 = 0x5a5a5a5a11112222333344445555666677778888999900001111222233334;
pub const SESSION_A_PUBLIC_KEY: felt252 = 0x50cdfdd91095c803c90955749e267ee7a64e7ac9e7cb11b019b259fea8953bf;
pub const SESSION_B_PRIVATE_KEY: felt252 = 0x3b3b3b3b99998888777766665555444433332222111100009999888877776;
pub const SESSION_B_PUBLIC_KEY: felt252 = 0x7ae1af712cf8e63c74b8495c29c057f8f173947d3625b80a1f091efe90bb59c;
/// The transaction hash every signed test transaction uses (`set_transaction_hash`).
pub const TX_HASH: felt252 = 0x2b2d1a3c9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f1;
pub const VALID_UNTIL: u64 = 1700086400;
pub const VALID_UNTIL_LATER: u64 = 1700172800;
/// Owner over TX_HASH.
pub const OWNER_TX_R: felt252 = 0x29e2d980b7a16440d78088c4efc57328b0c043c6ab90856717df7f4fd88c614;
pub const OWNER_TX_S: felt252 = 0x3dfac9f85508d1c868563c76c98c5b8e24752b1e1a78c792eaa54e66c0a33ad;
/// New owner over TX_HASH.
pub const NEW_OWNER_TX_R: felt252 = 0x9fa9866ed9596671927baa542584900c40d77c6ed0d507c8d86522618d4a2b;
pub const NEW_OWNER_TX_S: felt252 = 0x7c10b65a7a87cd1c4882f0b4546f08ceeddcffde7700051150992306511fd5c;
/// poseidon('chipi/session-tx-v1', TX_HASH, SESSION_A_PUBLIC_KEY, VALID_UNTIL)
pub const SESSION_A_TX_MESSAGE: felt252 = 0x7c08a1894efdef86ef666e193719da1fae13bf108d3a626f5b47d35138a200e;
/// Session A over SESSION_A_TX_MESSAGE.
pub const SESSION_A_TX_R: felt252 = 0x56fc08da64fc1acb258bd07819ee36f6538f5bf6b67fc4fb8af8c407437cfbe;
pub const SESSION_A_TX_S: felt252 = 0x11fb281f27fe57cd4c41629d15d78d25bb4623e3d24012dc9155c9304f842a3;
/// Session B over its message for TX_HASH, VALID_UNTIL.
pub const SESSION_B_TX_R: felt252 = 0x314cfb40cbc0d2f3f39e9b7a60a5e6fd068e83af5d3e9df64243bbb31adce50;
pub const SESSION_B_TX_S: felt252 = 0x2950f7151f7aa04fc926eb2fa1a62ad57020546b77ab3b7f2e5e04ebe31fdf6;
/// Session A over its message for TX_HASH, VALID_UNTIL_LATER.
pub const SESSION_A_LATER_TX_R: felt252 = 0x3ae990a7d4ceca472b01bd1ef03b0b7202c3e46fd9bb04c3ea5f64154eb4ccd;
pub const SESSION_A_LATER_TX_S: felt252 = 0x6647369823d4eed93f839eacb765761dd6c78e85ef715e73954682185c2bb58;
/// In-Cairo signer cross-check: OWNER over this message with k = poseidon(key, message) mod n.
pub const SIGNER_CHECK_MESSAGE: felt252 = 0x6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b;
pub const SIGNER_CHECK_R: felt252 = 0x533335bcca7f788e7041e76b2e43385b745712e7b1aae85274e976db8bf9e0d;
pub const SIGNER_CHECK_S: felt252 = 0x24cee79c18eb0584a09449f1706f53b7e4856d742c035a990ae340fb13793ad;
/// OE {ANY_CALLER, nonce 42, after 1_699_999_000, before 1_700_001_000, [transfer(0x777, 1000) on 0xabc, approve(0x888, 5) on 0xdef]}, chain 'SN_SEPOLIA', account 0x123456789abcdef.
pub const GOLDEN_OE_HASH: felt252 = 0x15460bdc8e459167f10f67f5fd64191d1d7e64534504d491bb56d847c2b084e;
/// poseidon('chipi/session-oe-v1', GOLDEN_OE_HASH, SESSION_A_PUBLIC_KEY, VALID_UNTIL)
pub const GOLDEN_SESSION_OE_MESSAGE: felt252 = 0x6587a20a37eada2eace71b35a2ae07d964690587961356c4aa89f38f2522d2e;
/// poseidon('chipi/set-public-key', 'SN_SEPOLIA', 0x123456789abcdef, OWNER_PUBLIC_KEY, NEW_OWNER_PUBLIC_KEY)
pub const GOLDEN_SET_PUBLIC_KEY_MESSAGE: felt252 = 0x791b46adfa14cd2cda71a1d6905374226149e80d8cf15beeef7a6486d81d7d2;

/// The Stark public key (x coordinate of `private_key · G`).
pub fn public_key_of(private_key: felt252) -> felt252 {
    let generator = EcPointTrait::new(stark_curve::GEN_X, stark_curve::GEN_Y).unwrap();
    let point: NonZeroEcPoint = generator.mul(private_key).try_into().unwrap();
    point.x()
}

/// Deterministic Stark ECDSA signature `(r, s)` of `message`, with the nonce
/// `k = poseidon(private_key, message) mod n`.
pub fn sign(private_key: felt252, message: felt252) -> (felt252, felt252) {
    let order: u256 = STARK_CURVE_ORDER;
    let order_nz: NonZero<u256> = order.try_into().unwrap();
    let nonce_seed: u256 = poseidon_hash_span(array![private_key, message].span()).into();
    let nonce: u256 = nonce_seed % order;
    assert(nonce != 0, 'signer: zero nonce');
    let generator = EcPointTrait::new(stark_curve::GEN_X, stark_curve::GEN_Y).unwrap();
    let nonce_felt: felt252 = nonce.try_into().unwrap();
    let point: NonZeroEcPoint = generator.mul(nonce_felt).try_into().unwrap();
    let r = point.x();
    let r_value: u256 = r.into();
    assert(r_value < order, 'signer: r out of range');
    let message_value: u256 = message.into();
    let key_value: u256 = private_key.into();
    let r_times_key = u256_mul_mod_n(r_value, key_value, order_nz);
    let sum = (message_value % order + r_times_key) % order;
    let nonce_inverse: u256 = u256_inv_mod(nonce, order_nz).unwrap().into();
    let s = u256_mul_mod_n(nonce_inverse, sum, order_nz);
    (r, s.try_into().unwrap())
}

/// `n - s`: the other valid `s` of a Stark ECDSA signature.
pub fn malleate(s: felt252) -> felt252 {
    let value: u256 = s.into();
    (STARK_CURVE_ORDER - value).try_into().unwrap()
}
