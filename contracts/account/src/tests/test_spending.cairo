//! Accepted spends: recording, the window arithmetic end to end, history across policy changes,
//! owner and non-strict bypasses, and independence of sessions and tokens. Spends run `approve` on
//! a deployed mock token (approving needs no balance).

use crate::account::ChipiAccount;
use crate::components::spending::SpendingComponent;
use crate::tests::setup::{
    MAX_CALLS, NOW, account_address, allowance, approve_call, as_protocol, as_self, call, config,
    deploy_token, drain_events, execute, full_config, new_account, new_account_with_session,
    owner_tx, policy, recipient, register, session_a_tx, session_b_tx_signature,
    set_policy, validate,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, SESSION_B_PUBLIC_KEY, VALID_UNTIL};
use starknet::ContractAddress;
use starknet::account::Call;
use starknet::testing::{pop_log, set_block_timestamp};

const WINDOW: u64 = 70;

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
    let expected = ChipiAccount::Event::SpendingEvent(
        SpendingComponent::Event::SessionSpent(
            SpendingComponent::SessionSpent {
                session_key: SESSION_A_PUBLIC_KEY,
                token,
                amount: 40,
                spent_in_window: 40,
                remaining_in_window: 60,
            },
        ),
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
fn test_set_spending_policy_new_window_length_keeps_counted_spends() {
    // 80 spent under a 70-second window (10-second buckets), then the window shrinks to 7
    // seconds: the 80 stay counted until the old window would have released them.
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    spend(ref account, token, 80);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, 7);
    let release = (NOW / 10 + 8) * 10;
    let view = policy(@account, SESSION_A_PUBLIC_KEY, token);
    assert(view.spent_in_window == 80, 'carried over');
    assert(view.remaining_in_window == 20, 'room');
    assert(view.next_release_at == release, 'old release time');
    set_block_timestamp(release - 1);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 80, 'still counted');
    set_block_timestamp(release);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 0, 'released');
}

#[test]
fn test_set_spending_policy_longer_window_counts_old_spends_as_new() {
    // Lengthening the window counts what was spent as if spent at the change, under the new
    // window: never less than the new policy would count.
    let token = deploy_token(0);
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, 7);
    spend(ref account, token, 100);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, 700);
    let release = (NOW / 100 + 8) * 100;
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).next_release_at == release, 'new release');
    set_block_timestamp(release - 1);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).remaining_in_window == 0, 'no room');
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test___execute___spending_shorter_window_gives_no_fresh_budget() {
    // 100 per 70 seconds fully spent; the owner tightens to 100 per 7 seconds. Ten seconds later
    // the new window alone would be empty, but the spent 100 still count.
    let token = deploy_token(0);
    let mut account = account_with_policy(token);
    spend(ref account, token, 100);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, 7);
    set_block_timestamp(NOW + 10);
    spend(ref account, token, 1);
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
    let other_token = deploy_token(1);
    let mut account = account_with_policy(token);
    register(ref account, SESSION_B_PUBLIC_KEY, config(MAX_CALLS, array![]));
    set_policy(ref account, SESSION_B_PUBLIC_KEY, token, 100, 100, WINDOW);
    set_policy(ref account, SESSION_A_PUBLIC_KEY, other_token, 5, 5, WINDOW);
    spend(ref account, token, 100);
    // B's budget on the same token is untouched, and A's budget on another token too.
    assert(policy(@account, SESSION_B_PUBLIC_KEY, token).remaining_in_window == 100, 'b untouched');
    assert(policy(@account, SESSION_A_PUBLIC_KEY, other_token).remaining_in_window == 5, 'other token');
    session_b_tx(ref account, array![approve_call(token, recipient(), 100)]);
    assert(policy(@account, SESSION_B_PUBLIC_KEY, token).spent_in_window == 100, 'b spent');
}
