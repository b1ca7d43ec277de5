//! `__validate__` for session transactions: rule 7 (self-call ban, allow-list), rule 8 (the
//! session signature, bound to the transaction hash) and independence of sessions.

use crate::signature::STARK_CURVE_ORDER;
use crate::tests::setup::{
    MAX_CALLS, account_address, allowed, call, calls_used, config, new_account,
    new_account_with_session, other_token, recipient, register, revoke, session_a_tx_signature,
    session_b_tx_signature, session_data, token, transfer_call, validate, zero,
};
use crate::tests::signing::{
    OWNER_TX_R, OWNER_TX_S, SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S,
    SESSION_B_PUBLIC_KEY, SESSION_B_TX_R, SESSION_B_TX_S, TX_HASH, VALID_UNTIL, VALID_UNTIL_LATER,
    malleate,
};
use starknet::account::Call;
use starknet::testing::set_transaction_hash;

fn transfer() -> Array<Call> {
    array![transfer_call(token(), recipient(), 100)]
}

fn order_felt() -> felt252 {
    STARK_CURVE_ORDER.try_into().unwrap()
}

fn session_a_with(r: felt252, s: felt252) -> Array<felt252> {
    array![SESSION_A_PUBLIC_KEY, r, s, VALID_UNTIL.into()]
}

#[test]
#[should_panic(expected: ('account/invalid-sig-length',))]
fn test___validate___session_signature_with_trailing_felt() {
    let mut account = new_account_with_session();
    let mut signature = session_a_tx_signature();
    signature.append(0);
    validate(ref account, signature, transfer());
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test___validate___session_self_call() {
    let mut account = new_account_with_session();
    let calls = array![call(account_address(), selector!("get_public_key"), array![])];
    validate(ref account, session_a_tx_signature(), calls);
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test___validate___session_self_call_allow_listed_for_any_contract() {
    // An allow-list entry for any contract never reaches the account itself.
    let mut account = new_account();
    let entries = array![allowed(zero(), selector!("add_or_update_session_key"))];
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, entries));
    let calldata = array![SESSION_A_PUBLIC_KEY, VALID_UNTIL_LATER.into(), 1000, 0];
    let calls = array![call(account_address(), selector!("add_or_update_session_key"), calldata)];
    validate(ref account, session_a_tx_signature(), calls);
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test___validate___session_self_call_inside_multicall() {
    let mut account = new_account_with_session();
    let calls = array![
        transfer_call(token(), recipient(), 1),
        call(account_address(), selector!("upgrade"), array![1]),
        transfer_call(token(), recipient(), 1),
    ];
    validate(ref account, session_a_tx_signature(), calls);
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test___validate___session_nested_outside_execution() {
    let mut account = new_account_with_session();
    let calls = array![call(account_address(), selector!("execute_from_outside_v2"), array![])];
    validate(ref account, session_a_tx_signature(), calls);
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test___validate___session_execute_selector_on_other_target() {
    let mut account = new_account();
    // Allow-listed on purpose: `__execute__` stays refused on every target.
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(zero(), selector!("__execute__"))]));
    validate(ref account, session_a_tx_signature(), array![call(token(), selector!("__execute__"), array![0])]);
}

#[test]
#[should_panic(expected: ('session/entrypoint-not-allowed',))]
fn test___validate___session_entrypoint_not_allowed() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer"))]));
    let calls = array![call(token(), selector!("approve"), array![recipient().into(), 1, 0])];
    validate(ref account, session_a_tx_signature(), calls);
}

#[test]
#[should_panic(expected: ('session/entrypoint-not-allowed',))]
fn test___validate___session_allow_list_binds_contract() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer"))]));
    // One call to the listed token, one to another token with the same selector.
    let calls = array![transfer_call(token(), recipient(), 1), transfer_call(other_token(), recipient(), 1)];
    validate(ref account, session_a_tx_signature(), calls);
}

#[test]
fn test___validate___session_allow_list_listed_pair() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer"))]));
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'listed pair');
}

#[test]
fn test___validate___session_allow_list_any_contract_entry() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(zero(), selector!("transfer"))]));
    let calls = array![transfer_call(token(), recipient(), 1), transfer_call(other_token(), recipient(), 1)];
    assert(validate(ref account, session_a_tx_signature(), calls) == 'VALID', 'any contract');
}

#[test]
fn test___validate___session_empty_allow_list_allows_other_contracts() {
    let mut account = new_account_with_session();
    let calls = array![
        transfer_call(token(), recipient(), 1), call(other_token(), selector!("anything"), array![1, 2, 3]),
    ];
    assert(validate(ref account, session_a_tx_signature(), calls) == 'VALID', 'empty list');
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test___validate___session_invalid_signature() {
    let mut account = new_account_with_session();
    validate(ref account, session_a_with(SESSION_A_TX_R, SESSION_A_TX_S + 1), transfer());
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test___validate___session_signature_bound_to_tx_hash() {
    // The V3 transaction hash covers nonce, resource bounds, tip, paymaster data and DA modes:
    // changing any of them changes the hash and voids the session signature.
    let mut account = new_account_with_session();
    set_transaction_hash(TX_HASH + 1);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test___validate___session_signature_of_another_session() {
    let mut account = new_account_with_session();
    register(ref account, SESSION_B_PUBLIC_KEY, config(MAX_CALLS, array![]));
    // Session B's (r, s) presented under session A's key.
    validate(ref account, session_a_with(SESSION_B_TX_R, SESSION_B_TX_S), transfer());
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test___validate___session_owner_signature_in_session_form() {
    let mut account = new_account_with_session();
    validate(ref account, session_a_with(OWNER_TX_R, OWNER_TX_S), transfer());
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test___validate___session_zero_r() {
    let mut account = new_account_with_session();
    validate(ref account, session_a_with(0, SESSION_A_TX_S), transfer());
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test___validate___session_s_equal_to_order() {
    let mut account = new_account_with_session();
    validate(ref account, session_a_with(SESSION_A_TX_R, order_felt()), transfer());
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test___validate___session_r_above_order() {
    let mut account = new_account_with_session();
    validate(ref account, session_a_with(SESSION_A_TX_R + order_felt(), SESSION_A_TX_S), transfer());
}

#[test]
fn test___validate___session_malleated_s_same_decision() {
    // `(r, n - s)` is the same ECDSA signature: accepted like `(r, s)`; a replay is stopped by the
    // protocol nonce, which the signed transaction hash covers.
    let mut account = new_account_with_session();
    let signature = session_a_with(SESSION_A_TX_R, malleate(SESSION_A_TX_S));
    assert(validate(ref account, signature, transfer()) == 'VALID', 'malleated');
}

#[test]
fn test___validate___multiple_sessions_independent() {
    let mut account = new_account_with_session();
    register(ref account, SESSION_B_PUBLIC_KEY, config(1, array![]));
    assert(validate(ref account, session_b_tx_signature(), transfer()) == 'VALID', 'b');
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'a');
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'a again');
    assert(session_data(@account, SESSION_B_PUBLIC_KEY).status == 4, 'b exhausted');
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 1, 'a active');
    // Revoking A leaves B's record alone.
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 3, 'a revoked');
    assert(session_data(@account, SESSION_B_PUBLIC_KEY).status == 4, 'b untouched');
    assert(calls_used(@account, SESSION_A_PUBLIC_KEY) == 2, 'a used');
    assert(calls_used(@account, SESSION_B_PUBLIC_KEY) == 1, 'b used');
}
