//! Spending policies: administration, the amount each value-moving selector spends, the per-call
//! and window caps, strict sessions and the sliding window's worst case.
//!
//! Refusals happen before any call runs, so they use an address with nothing deployed; accepted
//! spends run `approve` on a deployed mock token (approving needs no balance).

use crate::account::ChipiAccount;
use crate::interfaces::SpendingPolicyView;
use crate::tests::setup::{
    MAX_CALLS, NOW, account_address, approve_call, as_protocol, as_self, call, config,
    deploy_token, drain_events, execute, full_config, new_account, new_account_with_session,
    other_token, owner_tx, policy, recipient, register, session_a_tx, session_b_tx_signature,
    set_policy, token, transfer_call, validate, allowance,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, SESSION_B_PUBLIC_KEY, VALID_UNTIL};
use starknet::account::Call;
use starknet::testing::{pop_log, set_block_timestamp};
use starknet::ContractAddress;

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

fn spend(ref account: ChipiAccount::ContractState, token: ContractAddress, amount: u256) {
    session_a_tx(ref account, array![approve_call(token, recipient(), amount)]);
}

fn session_b_tx(ref account: ChipiAccount::ContractState, calls: Array<Call>) {
    assert(validate(ref account, session_b_tx_signature(), calls.clone()) == 'VALID', 'validate b');
    execute(ref account, calls);
}

// Administration.

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
    let expected = ChipiAccount::Event::SpendingPolicySet(
        ChipiAccount::SpendingPolicySet {
            session_key: SESSION_A_PUBLIC_KEY,
            token: token(),
            max_per_call: 10,
            max_per_window: 1000,
            window_seconds: 86400,
        },
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
    let expected = ChipiAccount::Event::SpendingPolicyRemoved(
        ChipiAccount::SpendingPolicyRemoved { session_key: SESSION_A_PUBLIC_KEY, token: token() },
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

// Refusals (nothing runs).

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
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_removed_policy_under_strict() {
    // Removing a policy from a strict session leaves the token refused, not unlimited.
    let mut account = strict_account();
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

// Accepted spends (approve on a deployed token).

#[test]
fn test___execute___spending_within_limits_recorded() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    spend(ref account, token, 40);
    assert(allowance(token, account_address(), recipient()) == 40, 'approved');
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token);
    assert(view.spent_in_window == 40, 'spent');
    assert(view.remaining_in_window == 60, 'remaining');
    // Spent in bucket floor(NOW / 10); it frees up 8 buckets later.
    assert(view.next_release_at == NOW + 80, 'release');
    let _used = pop_log::<ChipiAccount::Event>(account_address());
    let expected = ChipiAccount::Event::SessionSpent(
        ChipiAccount::SessionSpent {
            session_key: SESSION_A_PUBLIC_KEY,
            token,
            amount: 40,
            spent_in_window: 40,
            remaining_in_window: 60,
        },
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'SessionSpent');
}

#[test]
fn test___execute___spending_multicall_adds_up() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    session_a_tx(
        ref account,
        array![approve_call(token, recipient(), 30), approve_call(token, minter_like(), 70)],
    );
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token);
    assert(view.spent_in_window == 100, 'spent');
    assert(view.remaining_in_window == 0, 'full');
}

fn minter_like() -> ContractAddress {
    starknet::contract_address_const::<'spender-2'>()
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_window_full() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    spend(ref account, token, 100);
    set_block_timestamp(NOW + WINDOW);
    // 70 seconds later the spend is still counted (it frees up at NOW + 80).
    spend(ref account, token, 1);
}

#[test]
fn test___execute___spending_released_at_next_release() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    spend(ref account, token, 100);
    let release = policy(@account, SESSION_A_PUBLIC_KEY, token).next_release_at;
    set_block_timestamp(release - 1);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).remaining_in_window == 0, 'not yet');
    set_block_timestamp(release);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).remaining_in_window == 100, 'released');
    spend(ref account, token, 100);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 100, 'spent again');
}

#[test]
fn test___execute___spending_window_worst_case() {
    // An attacker spends the whole budget as soon as the account allows it, probing every second
    // over three windows: two budgets are never spent less than W seconds apart.
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    let start = NOW + 9; // the last second of a bucket: the earliest possible release
    let mut time = start;
    let mut last: u64 = 0;
    let mut spends: u32 = 0;
    while time < start + 3 * WINDOW {
        set_block_timestamp(time);
        if policy(@account, SESSION_A_PUBLIC_KEY, token).remaining_in_window >= 100 {
            spend(ref account, token, 100);
            if spends > 0 {
                assert(time - last >= WINDOW, 'two budgets within W');
                assert(time - last <= WINDOW + 20, 'released after W + 2B');
            }
            last = time;
            spends += 1;
        }
        time += 1;
    };
    assert(spends == 3, 'one budget per window');
}

#[test]
fn test___execute___spending_limits_change_keeps_history() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    spend(ref account, token, 80);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 90, WINDOW);
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token);
    assert(view.spent_in_window == 80, 'history kept');
    assert(view.remaining_in_window == 10, 'remaining');
    // Lowering the cap below what was spent leaves no room, not a negative one.
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 50, WINDOW);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).remaining_in_window == 0, 'no room');
    // Removing and setting the policy again with the same window keeps the history too.
    as_self();
    ChipiAccount::SpendingPolicyImpl::remove_spending_policy(ref account, SESSION_A_PUBLIC_KEY, token);
    as_protocol();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, WINDOW);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 80, 'kept across removal');
}

#[test]
fn test___execute___spending_new_window_length_starts_fresh() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    spend(ref account, token, 80);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, 3600);
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token);
    assert(view.spent_in_window == 0, 'fresh history');
    assert(view.remaining_in_window == 100, 'full room');
}

#[test]
fn test___execute___spending_no_policy_non_strict_unlimited() {
    let token = deploy_token(0);
    let mut account = new_account_with_session();
    let huge: u256 = 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff;
    spend(ref account, token, huge);
    assert(allowance(token, account_address(), recipient()) == huge, 'approved');
}

#[test]
fn test___execute___spending_strict_allows_non_value_selectors() {
    let token = deploy_token(0);
    let mut account = strict_account();
    let calls = array![call(token, selector!("balance_of"), array![account_address().into()])];
    let results = session_a_tx(ref account, calls);
    assert(results.len() == 1, 'ran');
}

#[test]
fn test___execute___spending_owner_not_limited() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    owner_tx(ref account, array![approve_call(token, recipient(), 1_000_000)]);
    assert(allowance(token, account_address(), recipient()) == 1_000_000, 'approved');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 0, 'not charged');
}

#[test]
fn test___execute___spending_sessions_and_tokens_independent() {
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    register(ref account, SESSION_B_PUBLIC_KEY, config(MAX_CALLS, array![]));
    set_policy(ref account, SESSION_B_PUBLIC_KEY, token, 100, 100, WINDOW);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, other_token(), 5, 5, WINDOW);
    spend(ref account, token, 100);
    // B's budget on the same token is untouched, and A's budget on another token too.
    assert(policy(@account, SESSION_B_PUBLIC_KEY, token).remaining_in_window == 100, 'b untouched');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, other_token()).remaining_in_window == 5, 'other token');
    session_b_tx(ref account, array![approve_call(token, recipient(), 100)]);
    assert(policy(@account, SESSION_B_PUBLIC_KEY, token).spent_in_window == 100, 'b spent');
}
