//! Spending refusals of `__execute__`: calldata decoding (exact length, u128 limbs), strict
//! sessions and zero budgets. Refusals happen before any call runs, so the token is an address with
//! nothing deployed.

use crate::account::ChipiAccount;
use crate::interfaces::SpendingPolicyView;
use crate::tests::setup::{
    MAX_CALLS, account_address, approve_call, as_protocol, as_self, call, drain_events,
    full_config, new_account, new_account_with_session, other_token, policy, recipient, register,
    session_a_tx, set_policy, token, transfer_call,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, VALID_UNTIL};
use starknet::ContractAddress;
use starknet::testing::pop_log;

const WINDOW: u64 = 70;
const MAX_U128: felt252 = 0xffffffffffffffffffffffffffffffff;

/// Session A with a policy on `token`: 100 per call, 100 per 70-second window.
fn account_with_policy(token: ContractAddress) -> ChipiAccount::ContractState {
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, WINDOW);
    drain_events(account_address());
    account
}

fn strict_account() -> ChipiAccount::ContractState {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, MAX_CALLS, array![], true, 0));
    account
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_high_limb_counted() {
    let mut account = account_with_policy(token());
    session_a_tx(ref account, array![call(token(), selector!("transfer"), array![recipient().into(), 0, 1])]);
}

#[test]
#[should_panic(expected: ('policy/bad-calldata',))]
fn test___execute___spending_short_calldata() {
    let mut account = account_with_policy(token());
    session_a_tx(ref account, array![call(token(), selector!("transfer"), array![recipient().into(), 5])]);
}

#[test]
#[should_panic(expected: ('policy/bad-calldata',))]
fn test___execute___spending_long_calldata() {
    let mut account = account_with_policy(token());
    session_a_tx(ref account, array![call(token(), selector!("transfer"), array![recipient().into(), 5, 0, 0])]);
}

#[test]
#[should_panic(expected: ('policy/bad-calldata',))]
fn test___execute___spending_transfer_from_short_calldata() {
    let mut account = account_with_policy(token());
    let calldata = array![account_address().into(), recipient().into(), 5];
    session_a_tx(ref account, array![call(token(), selector!("transfer_from"), calldata)]);
}

#[test]
#[should_panic(expected: ('policy/bad-amount',))]
fn test___execute___spending_low_limb_not_u128() {
    let mut account = account_with_policy(token());
    let calls = array![call(token(), selector!("transfer"), array![recipient().into(), MAX_U128 + 1, 0])];
    session_a_tx(ref account, calls);
}

#[test]
#[should_panic(expected: ('policy/bad-amount',))]
fn test___execute___spending_high_limb_not_u128() {
    let mut account = account_with_policy(token());
    let calls = array![call(token(), selector!("approve"), array![recipient().into(), 1, MAX_U128 + 1])];
    session_a_tx(ref account, calls);
}

#[test]
#[should_panic(expected: ('policy/no-policy',))]
fn test___execute___spending_strict_no_policy() {
    let mut account = strict_account();
    session_a_tx(ref account, array![transfer_call(token(), recipient(), 1)]);
}

#[test]
#[should_panic(expected: ('policy/no-policy',))]
fn test___execute___spending_strict_policy_is_per_token() {
    let mut account = strict_account();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 100, 100, WINDOW);
    session_a_tx(ref account, array![approve_call(other_token(), recipient(), 1)]);
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_zero_budget() {
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 100, 0, WINDOW);
    session_a_tx(ref account, array![transfer_call(token(), recipient(), 1)]);
}

#[test]
#[should_panic(expected: ('policy/no-policy',))]
fn test___execute___spending_strict_after_policy_removed() {
    let mut account = strict_account();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 100, 100, WINDOW);
    as_self();
    ChipiAccount::SpendingPolicyImpl::remove_spending_policy(ref account, SESSION_A_PUBLIC_KEY, token());
    as_protocol();
    session_a_tx(ref account, array![transfer_call(token(), recipient(), 1)]);
}

