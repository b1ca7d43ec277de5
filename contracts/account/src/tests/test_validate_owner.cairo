//! `__validate__` routing and the owner path, and `__validate_declare__` /
//! `__validate_deploy__` (owner only).

use crate::account::ChipiAccount;
use crate::signature::STARK_CURVE_ORDER;
use crate::tests::setup::{
    account_address, call, new_account, new_account_with_session, owner_tx_signature, recipient,
    rotate_owner, session_a_tx_signature, token, transfer_call, validate,
};
use crate::tests::signing::{NEW_OWNER_TX_R, NEW_OWNER_TX_S, OWNER_TX_R, OWNER_TX_S, TX_HASH};
use starknet::account::Call;
use starknet::testing::{set_signature, set_transaction_hash};

fn transfer() -> Array<Call> {
    array![transfer_call(token(), recipient(), 100)]
}

fn order_felt() -> felt252 {
    STARK_CURVE_ORDER.try_into().unwrap()
}

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
        NEW_OWNER_TX_R, NEW_OWNER_TX_S,
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
