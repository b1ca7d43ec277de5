//! What actually leaves: balances measured around each call, allowances read after the request,
//! the bound on policies, and what a strict session refuses outright. The puller contract stands
//! for an allow-listed dapp that moves the account's tokens with a selector the account does not
//! decode, through an allowance the owner granted.

use crate::account::ChipiAccount;
use crate::tests::integration::deploy_puller;
use crate::tests::setup::{
    MAX_CALLS, account_address, allowance, approve_call, as_protocol, as_self, balance_of, call,
    deploy_token, drain_events, execute_outside, full_config, mint, new_account,
    new_account_with_session, outside_execution, owner_tx, policy, recipient, register, relayer,
    session_a_oe_signature, session_a_tx, set_policy, token,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, VALID_UNTIL};
use mock_erc20::{IMockERC20Dispatcher, IMockERC20DispatcherTrait};
use starknet::ContractAddress;
use starknet::account::Call;
use starknet::testing::set_block_timestamp;

const WINDOW: u64 = 70;

/// Session A (non-strict, or strict) with a policy of 100 per call and per 70-second window on a
/// deployed token the account holds 1,000 of, and the puller deployed.
fn world(strict: bool) -> (ChipiAccount::ContractState, ContractAddress, ContractAddress) {
    let mut account = if strict {
        let mut account = new_account();
        register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, MAX_CALLS, array![], true, 0));
        account
    } else {
        new_account_with_session()
    };
    let token = deploy_token(0);
    let puller = deploy_puller();
    mint(token, account_address(), 1_000);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, WINDOW);
    drain_events(account_address());
    (account, token, puller)
}

/// An approval the owner gave earlier, outside any session (the account is the caller).
fn owner_grants(token: ContractAddress, spender: ContractAddress, amount: u256) {
    IMockERC20Dispatcher { contract_address: token }.approve(spender, amount);
}

fn pull_call(puller: ContractAddress, token: ContractAddress, amount: u256) -> Call {
    call(
        puller,
        selector!("pull"),
        array![
            token.into(), account_address().into(), recipient().into(), amount.low.into(),
            amount.high.into(),
        ],
    )
}

fn increase_allowance_call(token: ContractAddress, spender: ContractAddress, amount: u256) -> Call {
    call(
        token,
        selector!("increase_allowance"),
        array![spender.into(), amount.low.into(), amount.high.into()],
    )
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_pull_through_owner_allowance_exceeds_per_call() {
    let (mut account, token, puller) = world(false);
    owner_grants(token, puller, 1_000);
    session_a_tx(ref account, array![pull_call(puller, token, 101)]);
}

#[test]
fn test___execute___spending_pull_through_owner_allowance_recorded() {
    let (mut account, token, puller) = world(false);
    owner_grants(token, puller, 1_000);
    session_a_tx(ref account, array![pull_call(puller, token, 40)]);
    assert(balance_of(token, account_address()) == 960, 'pulled');
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token);
    assert(view.spent_in_window == 40, 'measured');
    assert(view.remaining_in_window == 60, 'room');
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_pulls_exceed_window() {
    let (mut account, token, puller) = world(false);
    owner_grants(token, puller, 1_000);
    session_a_tx(ref account, array![pull_call(puller, token, 60)]);
    session_a_tx(ref account, array![pull_call(puller, token, 60)]);
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_pulls_in_one_request_exceed_window() {
    let (mut account, token, puller) = world(false);
    owner_grants(token, puller, 1_000);
    session_a_tx(ref account, array![pull_call(puller, token, 60), pull_call(puller, token, 60)]);
}

#[test]
fn test___execute___spending_grant_used_in_request_counted_once() {
    let (mut account, token, puller) = world(false);
    session_a_tx(ref account, array![approve_call(token, puller, 50), pull_call(puller, token, 50)]);
    assert(allowance(token, account_address(), puller) == 0, 'used up');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 50, 'counted once');
}

#[test]
fn test___execute___spending_allowance_left_counts_in_full() {
    let (mut account, token, puller) = world(false);
    session_a_tx(ref account, array![approve_call(token, puller, 50), pull_call(puller, token, 20)]);
    // 20 left, 30 may still leave at any time: both count.
    assert(allowance(token, account_address(), puller) == 30, 'left');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 50, 'grant counted');
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_grants_in_later_windows_do_not_stack() {
    // 1,000 per call, 100 per window. A grant of 100 is counted; once the window released it, a
    // second grant of 100 to the same spender would let 200 leave at once: refused.
    let (mut account, token, puller) = world(false);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 1_000, 100, WINDOW);
    session_a_tx(ref account, array![increase_allowance_call(token, puller, 100)]);
    let release = policy(@account, SESSION_A_PUBLIC_KEY, token).next_release_at;
    set_block_timestamp(release);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).remaining_in_window == 100, 'released');
    session_a_tx(ref account, array![increase_allowance_call(token, puller, 100)]);
}

#[test]
fn test___execute___spending_grant_again_after_pull() {
    // Once the first grant was pulled, the next window may grant again.
    let (mut account, token, puller) = world(false);
    session_a_tx(ref account, array![increase_allowance_call(token, puller, 100)]);
    owner_tx(ref account, array![pull_call(puller, token, 100)]);
    set_block_timestamp(policy(@account, SESSION_A_PUBLIC_KEY, token).next_release_at);
    session_a_tx(ref account, array![increase_allowance_call(token, puller, 100)]);
    assert(allowance(token, account_address(), puller) == 100, 'granted again');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).remaining_in_window == 0, 'counted');
}

#[test]
#[should_panic(expected: ('policy/allowance-left',))]
fn test___execute___spending_strict_allowance_left() {
    let (mut account, token, puller) = world(true);
    session_a_tx(ref account, array![approve_call(token, puller, 50)]);
}

#[test]
fn test___execute___spending_strict_grant_used_in_request() {
    let (mut account, token, puller) = world(true);
    session_a_tx(ref account, array![approve_call(token, puller, 50), pull_call(puller, token, 50)]);
    assert(balance_of(token, account_address()) == 950, 'pulled');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 50, 'measured');
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_strict_pull_through_owner_allowance_exceeds_per_call() {
    let (mut account, token, puller) = world(true);
    owner_grants(token, puller, 1_000);
    session_a_tx(ref account, array![pull_call(puller, token, 101)]);
}

#[test]
#[should_panic(expected: ('policy/forbidden-selector',))]
fn test___execute___spending_strict_approval_for_all_forbidden() {
    let (mut account, _, puller) = world(true);
    // Refused on any contract, allow-listed or not, before anything runs.
    session_a_tx(ref account, array![call(token(), selector!("set_approval_for_all"), array![puller.into(), 1])]);
}

#[test]
#[should_panic(expected: ('policy/no-policy',))]
fn test___execute___spending_strict_nft_transfer_without_policy() {
    let (mut account, _, _) = world(true);
    let calldata = array![account_address().into(), recipient().into(), 1, 0, 0];
    session_a_tx(ref account, array![call(token(), selector!("safe_transfer_from"), calldata)]);
}

#[test]
#[should_panic(expected: ('policy/bad-balance',))]
fn test___execute___spending_policy_token_without_balance() {
    // A policy on an address that answers no `balance_of` stops every request of the session.
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 100, 100, WINDOW);
    session_a_tx(ref account, array![]);
}

#[test]
#[should_panic(expected: ('policy/too-many-policies',))]
fn test_set_spending_policy_too_many_policies() {
    let mut account = new_account_with_session();
    let mut index: felt252 = 1;
    while index != 10 {
        let token: ContractAddress = index.try_into().unwrap();
        set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 1, 1, WINDOW);
        index += 1;
    };
}

#[test]
fn test_set_spending_policy_eight_policies_and_update() {
    let mut account = new_account_with_session();
    let mut index: felt252 = 1;
    while index != 9 {
        let token: ContractAddress = index.try_into().unwrap();
        set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 1, 1, WINDOW);
        index += 1;
    };
    // Updating one of the eight adds none.
    let first: ContractAddress = 1.try_into().unwrap();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, first, 2, 2, WINDOW);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, first).max_per_call == 2, 'updated');
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test_remove_spending_policy_remaining_policies_still_measured() {
    // Removing the first policy moves the last one into its place; it is still measured.
    let (mut account, token, puller) = world(false);
    let second = deploy_token(1);
    mint(second, account_address(), 1_000);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, second, 100, 100, WINDOW);
    as_self();
    ChipiAccount::SpendingPolicyImpl::remove_spending_policy(ref account, SESSION_A_PUBLIC_KEY, token);
    as_protocol();
    owner_grants(second, puller, 1_000);
    session_a_tx(ref account, array![pull_call(puller, second, 101)]);
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test_execute_from_outside_v2_session_pull_through_owner_allowance_exceeds_per_call() {
    let (mut account, token, puller) = world(false);
    owner_grants(token, puller, 1_000);
    let oe = outside_execution(array![pull_call(puller, token, 101)], 1);
    execute_outside(ref account, relayer(), oe, session_a_oe_signature(oe));
}

#[test]
fn test_execute_from_outside_v2_session_pull_recorded() {
    let (mut account, token, puller) = world(false);
    owner_grants(token, puller, 1_000);
    let oe = outside_execution(array![pull_call(puller, token, 70)], 1);
    execute_outside(ref account, relayer(), oe, session_a_oe_signature(oe));
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 70, 'measured');
}

#[test]
#[should_panic(expected: ('policy/exceeds-per-call',))]
fn test___execute___spending_wide_limits_read_in_full() {
    // Caps of 2^200 do not pack into one slot: they are read from their own slots.
    let (mut account, token, puller) = world(false);
    let wide: u256 = 0x10000000000000000000000000000000000000000000000000;
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, wide, WINDOW);
    owner_grants(token, puller, 1_000);
    session_a_tx(ref account, array![pull_call(puller, token, 60)]);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 60, 'measured');
    session_a_tx(ref account, array![pull_call(puller, token, 101)]);
}
