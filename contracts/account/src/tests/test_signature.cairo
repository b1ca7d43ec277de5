//! Stark ECDSA range checks, the test signer, and golden values of every message hash.

use crate::interfaces::OutsideExecution;
use crate::outside_execution::outside_execution_hash;
use crate::signature::{
    STARK_CURVE_ORDER, is_in_signature_range, is_valid_stark_signature, session_oe_message,
    session_tx_message, set_public_key_message,
};
use crate::tests::setup::call;
use crate::tests::signing::{
    GOLDEN_OE_HASH, GOLDEN_SESSION_OE_MESSAGE, GOLDEN_SET_PUBLIC_KEY_MESSAGE, NEW_OWNER_PRIVATE_KEY,
    NEW_OWNER_PUBLIC_KEY, NEW_OWNER_TX_R, NEW_OWNER_TX_S, OWNER_PRIVATE_KEY, OWNER_PUBLIC_KEY,
    OWNER_TX_R, OWNER_TX_S, SESSION_A_PRIVATE_KEY, SESSION_A_PUBLIC_KEY, SESSION_A_TX_MESSAGE,
    SESSION_A_TX_R, SESSION_A_TX_S, SESSION_B_PRIVATE_KEY, SESSION_B_PUBLIC_KEY,
    SIGNER_CHECK_MESSAGE, SIGNER_CHECK_R, SIGNER_CHECK_S, TX_HASH, VALID_UNTIL, malleate,
    public_key_of, sign,
};
use starknet::contract_address_const;

fn order_felt() -> felt252 {
    STARK_CURVE_ORDER.try_into().unwrap()
}

#[test]
fn test_signature_public_keys_match_reference() {
    assert(public_key_of(OWNER_PRIVATE_KEY) == OWNER_PUBLIC_KEY, 'owner');
    assert(public_key_of(NEW_OWNER_PRIVATE_KEY) == NEW_OWNER_PUBLIC_KEY, 'new owner');
    assert(public_key_of(SESSION_A_PRIVATE_KEY) == SESSION_A_PUBLIC_KEY, 'session a');
    assert(public_key_of(SESSION_B_PRIVATE_KEY) == SESSION_B_PUBLIC_KEY, 'session b');
}

#[test]
fn test_signature_signer_matches_reference() {
    let (r, s) = sign(OWNER_PRIVATE_KEY, SIGNER_CHECK_MESSAGE);
    assert(r == SIGNER_CHECK_R, 'r');
    assert(s == SIGNER_CHECK_S, 's');
    assert(is_valid_stark_signature(SIGNER_CHECK_MESSAGE, OWNER_PUBLIC_KEY, r, s), 'verifies');
}

#[test]
fn test_signature_precomputed_signatures_verify() {
    assert(is_valid_stark_signature(TX_HASH, OWNER_PUBLIC_KEY, OWNER_TX_R, OWNER_TX_S), 'owner');
    assert(
        is_valid_stark_signature(TX_HASH, NEW_OWNER_PUBLIC_KEY, NEW_OWNER_TX_R, NEW_OWNER_TX_S),
        'new owner',
    );
    assert(
        is_valid_stark_signature(
            SESSION_A_TX_MESSAGE, SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S,
        ),
        'session',
    );
    // The owner's signature does not verify under another key or over another message.
    assert(!is_valid_stark_signature(TX_HASH, SESSION_A_PUBLIC_KEY, OWNER_TX_R, OWNER_TX_S), 'key');
    assert(!is_valid_stark_signature(TX_HASH + 1, OWNER_PUBLIC_KEY, OWNER_TX_R, OWNER_TX_S), 'msg');
}

#[test]
fn test_signature_session_tx_message_golden() {
    assert(
        session_tx_message(TX_HASH, SESSION_A_PUBLIC_KEY, VALID_UNTIL) == SESSION_A_TX_MESSAGE,
        'session tx message',
    );
}

fn golden_outside_execution() -> OutsideExecution {
    OutsideExecution {
        caller: 'ANY_CALLER'.try_into().unwrap(),
        nonce: 42,
        execute_after: 1_699_999_000,
        execute_before: 1_700_001_000,
        calls: array![
            call(contract_address_const::<0xabc>(), selector!("transfer"), array![0x777, 1000, 0]),
            call(contract_address_const::<0xdef>(), selector!("approve"), array![0x888, 5, 0]),
        ]
            .span(),
    }
}

#[test]
fn test_signature_outside_execution_hash_golden() {
    let hash = outside_execution_hash(
        @golden_outside_execution(), 'SN_SEPOLIA', contract_address_const::<0x123456789abcdef>(),
    );
    assert(hash == GOLDEN_OE_HASH, 'oe hash');
    // Domain separation: another chain or another account gives another hash.
    let other_chain = outside_execution_hash(
        @golden_outside_execution(), 'SN_MAIN', contract_address_const::<0x123456789abcdef>(),
    );
    let other_account = outside_execution_hash(
        @golden_outside_execution(), 'SN_SEPOLIA', contract_address_const::<0x123456789abcdee>(),
    );
    assert(other_chain != hash, 'chain bound');
    assert(other_account != hash, 'account bound');
}

#[test]
fn test_signature_session_oe_message_golden() {
    assert(
        session_oe_message(GOLDEN_OE_HASH, SESSION_A_PUBLIC_KEY, VALID_UNTIL) == GOLDEN_SESSION_OE_MESSAGE,
        'session oe message',
    );
    // The transaction and outside-execution messages are domain separated.
    assert(
        session_oe_message(TX_HASH, SESSION_A_PUBLIC_KEY, VALID_UNTIL) != SESSION_A_TX_MESSAGE,
        'domain separation',
    );
}

#[test]
fn test_signature_set_public_key_message_golden() {
    let message = set_public_key_message(
        'SN_SEPOLIA',
        contract_address_const::<0x123456789abcdef>(),
        OWNER_PUBLIC_KEY,
        NEW_OWNER_PUBLIC_KEY,
    );
    assert(message == GOLDEN_SET_PUBLIC_KEY_MESSAGE, 'set public key message');
}

#[test]
fn test_signature_range_bounds() {
    assert(!is_in_signature_range(0), 'zero');
    assert(is_in_signature_range(1), 'one');
    assert(is_in_signature_range(order_felt() - 1), 'n - 1');
    assert(!is_in_signature_range(order_felt()), 'n');
    assert(!is_in_signature_range(order_felt() + 1), 'n + 1');
    assert(!is_in_signature_range(-1), 'p - 1');
}

#[test]
fn test_signature_zero_r_or_s_refused() {
    assert(!is_valid_stark_signature(TX_HASH, OWNER_PUBLIC_KEY, 0, OWNER_TX_S), 'r = 0');
    assert(!is_valid_stark_signature(TX_HASH, OWNER_PUBLIC_KEY, OWNER_TX_R, 0), 's = 0');
}

#[test]
fn test_signature_r_or_s_at_or_above_order_refused() {
    let n = order_felt();
    assert(!is_valid_stark_signature(TX_HASH, OWNER_PUBLIC_KEY, n, OWNER_TX_S), 'r = n');
    assert(!is_valid_stark_signature(TX_HASH, OWNER_PUBLIC_KEY, OWNER_TX_R, n), 's = n');
    // `s + n` is still below the field prime for small `s`: the same point, refused by range.
    let (r, s) = sign(OWNER_PRIVATE_KEY, 7);
    let s_value: u256 = s.into();
    if s_value + STARK_CURVE_ORDER < 0x800000000000011000000000000000000000000000000000000000000000001 {
        assert(!is_valid_stark_signature(7, OWNER_PUBLIC_KEY, r, s + n), 's + n');
    }
    assert(!is_valid_stark_signature(TX_HASH, OWNER_PUBLIC_KEY, OWNER_TX_R + n, OWNER_TX_S), 'r + n');
}

#[test]
fn test_signature_zero_public_key_refused() {
    assert(!is_valid_stark_signature(TX_HASH, 0, OWNER_TX_R, OWNER_TX_S), 'zero key');
}

#[test]
fn test_signature_malleated_s_is_the_same_signature() {
    // `(r, n - s)` verifies exactly like `(r, s)`: the account never relies on a signature
    // being unique (transactions have the protocol nonce, outside executions their nonce).
    let s_prime = malleate(OWNER_TX_S);
    assert(s_prime != OWNER_TX_S, 'differs');
    assert(is_in_signature_range(s_prime), 'in range');
    assert(is_valid_stark_signature(TX_HASH, OWNER_PUBLIC_KEY, OWNER_TX_R, s_prime), 'verifies');
}
