//! Spending policies without execution: administration, the per-call and window caps, and the
//! amount each value-moving selector spends. Refusals happen before any call runs, so the token is
//! an address with nothing deployed.

use crate::account::ChipiAccount;
use crate::components::spending::SpendingComponent;
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
#[should_panic(expected: ('account/only-self',))]
fn test_set_spending_policy_only_self() {
    let mut account = new_account_with_session();
    as_protocol();
    ChipiAccount::SpendingPolicyImpl::set_spending_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 1, 1, 1);
}

#[test]
#[should_panic(expected: ('policy/invalid-window',))]
fn test_set_spending_policy_invalid_window() {
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 1, 1, 0);
}

#[test]
fn test_set_spending_policy_event_and_view() {
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 10, 1000, 86400);
    let expected = ChipiAccount::Event::SpendingEvent(
        SpendingComponent::Event::SpendingPolicySet(
            SpendingComponent::SpendingPolicySet {
                session_key: SESSION_A_PUBLIC_KEY,
                token: token(),
                max_per_call: 10,
                max_per_window: 1000,
                window_seconds: 86400,
            },
        ),
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'SpendingPolicySet');
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token());
    assert(
        view == SpendingPolicyView {
            exists: true,
            max_per_call: 10,
            max_per_window: 1000,
            window_seconds: 86400,
            spent_in_window: 0,
            remaining_in_window: 1000,
            next_release_at: 0,
        },
        'view',
    );
}

#[test]
#[should_panic(expected: ('account/only-self',))]
fn test_remove_spending_policy_only_self() {
    let mut account = account_with_policy(token());
    as_protocol();
    ChipiAccount::SpendingPolicyImpl::remove_spending_policy(ref account, SESSION_A_PUBLIC_KEY, token());
}

#[test]
fn test_remove_spending_policy_event_and_view() {
    let mut account = account_with_policy(token());
    as_self();
    ChipiAccount::SpendingPolicyImpl::remove_spending_policy(ref account, SESSION_A_PUBLIC_KEY, token());
    as_protocol();
    let expected = ChipiAccount::Event::SpendingEvent(
        SpendingComponent::Event::SpendingPolicyRemoved(
            SpendingComponent::SpendingPolicyRemoved { session_key: SESSION_A_PUBLIC_KEY, token: token() },
        ),
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'SpendingPolicyRemoved');
    assert(!policy(@account, SESSION_A_PUBLIC_KEY, token()).exists, 'removed');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token()).max_per_window == 0, 'zeros');
}

#[test]
fn test_get_spending_policy_without_policy() {
    let account = new_account_with_session();
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token());
    assert(!view.exists, 'exists');
    assert(view.max_per_call == 0 && view.max_per_window == 0 && view.window_seconds == 0, 'zeros');
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_exceeds_per_call() {
    let mut account = account_with_policy(token());
    session_a_tx(ref account, array![transfer_call(token(), recipient(), 101)]);
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_multicall_exceeds_window() {
    let mut account = account_with_policy(token());
    session_a_tx(
        ref account,
        array![transfer_call(token(), recipient(), 60), transfer_call(token(), recipient(), 41)],
    );
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_approve_counted() {
    let mut account = account_with_policy(token());
    session_a_tx(ref account, array![approve_call(token(), recipient(), 101)]);
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_increase_allowance_counted() {
    let mut account = account_with_policy(token());
    let calls = array![call(token(), selector!("increase_allowance"), array![recipient().into(), 101, 0])];
    session_a_tx(ref account, calls);
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_increase_allowance_camel_counted() {
    let mut account = account_with_policy(token());
    let calls = array![call(token(), selector!("increaseAllowance"), array![recipient().into(), 101, 0])];
    session_a_tx(ref account, calls);
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_transfer_from_account_counted() {
    let mut account = account_with_policy(token());
    let calldata = array![account_address().into(), recipient().into(), 101, 0];
    session_a_tx(ref account, array![call(token(), selector!("transfer_from"), calldata)]);
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_transfer_from_camel_counted() {
    let mut account = account_with_policy(token());
    let calldata = array![account_address().into(), recipient().into(), 101, 0];
    session_a_tx(ref account, array![call(token(), selector!("transferFrom"), calldata)]);
}
