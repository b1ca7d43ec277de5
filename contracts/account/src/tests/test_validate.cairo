//! `__validate__`, `__validate_declare__` and `__validate_deploy__`: signature routing and every
//! session rule, in order, with the exact error.

use crate::account::ChipiAccount;
use crate::signature::STARK_CURVE_ORDER;
use crate::tests::setup::{
    MAX_CALLS, account_address, allowed, as_protocol, call, calls_used, config, full_config,
    new_account, new_account_with_session, other_token, owner_tx_signature, recipient, register,
    revoke, revoke_all, rotate_owner, session_a_tx_signature, session_b_tx_signature, session_data,
    token, transfer_call, validate, zero,
};
use crate::tests::signing::{
    OWNER_TX_R, OWNER_TX_S, SESSION_A_LATER_TX_R, SESSION_A_LATER_TX_S, SESSION_A_PUBLIC_KEY,
    SESSION_A_TX_R, SESSION_A_TX_S, SESSION_B_PUBLIC_KEY, SESSION_B_TX_R, SESSION_B_TX_S, TX_HASH,
    VALID_UNTIL, VALID_UNTIL_LATER, malleate,
};
use starknet::account::Call;
use starknet::testing::{pop_log, set_block_timestamp, set_max_fee, set_signature, set_transaction_hash};

fn transfer() -> Array<Call> {
    array![transfer_call(token(), recipient(), 100)]
}

fn order_felt() -> felt252 {
    STARK_CURVE_ORDER.try_into().unwrap()
}

fn session_a_with(r: felt252, s: felt252) -> Array<felt252> {
    array![SESSION_A_PUBLIC_KEY, r, s, VALID_UNTIL.into()]
}

// Owner path.

#[test]
fn test___validate___owner_signature_valid() {
    let mut account = new_account();
    assert(validate(ref account, owner_tx_signature(), transfer()) == 'VALID', 'owner');
}

#[test]
fn test___validate___owner_may_call_the_account() {
    let mut account = new_account();
    let calls = array![call(account_address(), selector!("revoke_all"), array![])];
    assert(validate(ref account, owner_tx_signature(), calls) == 'VALID', 'owner self-call');
}

#[test]
#[should_panic(expected: ('account/invalid-signature',))]
fn test___validate___owner_invalid_signature() {
    let mut account = new_account();
    validate(ref account, array![OWNER_TX_R, OWNER_TX_S + 1], transfer());
}

#[test]
#[should_panic(expected: ('account/invalid-signature',))]
fn test___validate___owner_signature_bound_to_tx_hash() {
    let mut account = new_account();
    set_transaction_hash(TX_HASH + 1);
    validate(ref account, owner_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('account/invalid-signature',))]
fn test___validate___owner_out_of_range_s() {
    let mut account = new_account();
    validate(ref account, array![OWNER_TX_R, order_felt()], transfer());
}

#[test]
fn test___validate___owner_after_rotation() {
    let mut account = new_account();
    rotate_owner(ref account);
    let new_owner = array![
        crate::tests::signing::NEW_OWNER_TX_R, crate::tests::signing::NEW_OWNER_TX_S,
    ];
    assert(validate(ref account, new_owner, transfer()) == 'VALID', 'new owner');
}

#[test]
#[should_panic(expected: ('account/invalid-signature',))]
fn test___validate___old_owner_after_rotation() {
    let mut account = new_account();
    rotate_owner(ref account);
    validate(ref account, owner_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('account/invalid-sig-length',))]
fn test___validate___empty_signature() {
    let mut account = new_account_with_session();
    validate(ref account, array![], transfer());
}

#[test]
#[should_panic(expected: ('account/invalid-sig-length',))]
fn test___validate___three_element_signature() {
    let mut account = new_account_with_session();
    validate(ref account, array![OWNER_TX_R, OWNER_TX_S, 0], transfer());
}

#[test]
#[should_panic(expected: ('account/invalid-sig-length',))]
fn test___validate___session_signature_with_trailing_felt() {
    let mut account = new_account_with_session();
    let mut signature = session_a_tx_signature();
    signature.append(0);
    validate(ref account, signature, transfer());
}

// Session path, in rule order.

#[test]
fn test___validate___session_valid() {
    let mut account = new_account_with_session();
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'session');
    assert(calls_used(@account, SESSION_A_PUBLIC_KEY) == 1, 'call used');
    let expected = ChipiAccount::Event::SessionUsed(
        ChipiAccount::SessionUsed { session_key: SESSION_A_PUBLIC_KEY, calls_used: 1 },
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'SessionUsed');
}

#[test]
#[should_panic(expected: ('session/invalid-valid-until',))]
fn test___validate___session_invalid_valid_until() {
    let mut account = new_account_with_session();
    let signature = array![SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S, 0x10000000000000000];
    validate(ref account, signature, transfer());
}

#[test]
#[should_panic(expected: ('session/not-registered',))]
fn test___validate___session_not_registered() {
    let mut account = new_account_with_session();
    validate(ref account, session_b_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test___validate___session_revoked() {
    let mut account = new_account_with_session();
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test___validate___session_revoked_by_revoke_all() {
    let mut account = new_account_with_session();
    revoke_all(ref account);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test___validate___session_revoked_by_owner_rotation() {
    let mut account = new_account_with_session();
    rotate_owner(ref account);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('session/valid-until-mismatch',))]
fn test___validate___session_valid_until_mismatch_later() {
    let mut account = new_account_with_session();
    // Signed for a later expiry than the registered one.
    let signature = array![
        SESSION_A_PUBLIC_KEY, SESSION_A_LATER_TX_R, SESSION_A_LATER_TX_S, VALID_UNTIL_LATER.into(),
    ];
    validate(ref account, signature, transfer());
}

#[test]
#[should_panic(expected: ('session/valid-until-mismatch',))]
fn test___validate___session_valid_until_mismatch_earlier() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL_LATER, 5, array![], false, 0));
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
fn test___validate___session_valid_until_updated_then_signed() {
    let mut account = new_account_with_session();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL_LATER, 5, array![], false, 0));
    let signature = array![
        SESSION_A_PUBLIC_KEY, SESSION_A_LATER_TX_R, SESSION_A_LATER_TX_S, VALID_UNTIL_LATER.into(),
    ];
    assert(validate(ref account, signature, transfer()) == 'VALID', 'new expiry');
}

#[test]
#[should_panic(expected: ('session/expired',))]
fn test___validate___session_expired() {
    let mut account = new_account_with_session();
    set_block_timestamp(VALID_UNTIL + 1);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
fn test___validate___session_valid_at_expiry_second() {
    let mut account = new_account_with_session();
    set_block_timestamp(VALID_UNTIL);
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'now == valid_until');
}

#[test]
fn test___validate___session_max_calls_counts_exactly() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(2, array![]));
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'first');
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'second');
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.calls_used == 2, 'two used');
    assert(data.status == 4, 'exhausted');
    assert(data.remaining_calls == 0, 'none left');
}

#[test]
#[should_panic(expected: ('session/max-calls-exceeded',))]
fn test___validate___session_max_calls_exceeded() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(1, array![]));
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'first');
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('session/fee-too-high',))]
fn test___validate___session_fee_too_high() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, 5, array![], false, 1000));
    set_max_fee(1001);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
fn test___validate___session_fee_at_cap() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, 5, array![], false, 1000));
    set_max_fee(1000);
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'at cap');
}

#[test]
fn test___validate___session_fee_uncapped() {
    let mut account = new_account_with_session();
    set_max_fee(0xffffffffffffffffffffffffffffffff);
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'no cap');
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

// Declare and deploy-account validation.

#[test]
fn test___validate_declare___owner_valid() {
    let mut account = new_account();
    set_signature(owner_tx_signature().span());
    assert(ChipiAccount::DeclarerImpl::__validate_declare__(@account, 0x1234) == 'VALID', 'owner');
}

#[test]
#[should_panic(expected: ('session/declare-forbidden',))]
fn test___validate_declare___session_forbidden() {
    let mut account = new_account_with_session();
    set_signature(session_a_tx_signature().span());
    ChipiAccount::DeclarerImpl::__validate_declare__(@account, 0x1234);
}

#[test]
#[should_panic(expected: ('account/invalid-signature',))]
fn test___validate_declare___owner_invalid_signature() {
    let mut account = new_account();
    set_signature(array![OWNER_TX_R, OWNER_TX_S + 1].span());
    ChipiAccount::DeclarerImpl::__validate_declare__(@account, 0x1234);
}

#[test]
#[should_panic(expected: ('account/invalid-sig-length',))]
fn test___validate_declare___invalid_sig_length() {
    let mut account = new_account();
    set_signature(array![OWNER_TX_R].span());
    ChipiAccount::DeclarerImpl::__validate_declare__(@account, 0x1234);
}

#[test]
fn test___validate_deploy___owner_valid() {
    let mut account = new_account();
    set_signature(owner_tx_signature().span());
    assert(
        ChipiAccount::DeployableImpl::__validate_deploy__(@account, 0x1234, 0, 0x5678) == 'VALID',
        'owner',
    );
}

#[test]
#[should_panic(expected: ('session/deploy-forbidden',))]
fn test___validate_deploy___session_forbidden() {
    let mut account = new_account_with_session();
    set_signature(session_a_tx_signature().span());
    ChipiAccount::DeployableImpl::__validate_deploy__(@account, 0x1234, 0, 0x5678);
}

#[test]
#[should_panic(expected: ('account/invalid-signature',))]
fn test___validate_deploy___owner_invalid_signature() {
    let mut account = new_account();
    set_signature(array![OWNER_TX_R + 1, OWNER_TX_S].span());
    ChipiAccount::DeployableImpl::__validate_deploy__(@account, 0x1234, 0, 0x5678);
}
