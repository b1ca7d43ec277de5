//! The sliding window end to end: a full window, the release time, and the worst case an attacker
//! can reach. Spends run `approve` on a deployed mock token (approving needs no balance).

use crate::account::ChipiAccount;
use crate::tests::setup::{
    MAX_CALLS, NOW, account_address, allowance, approve_call, as_protocol, as_self, call, config,
    deploy_token, drain_events, execute, full_config, new_account, new_account_with_session,
    other_token, owner_tx, policy, recipient, register, session_a_tx, session_b_tx_signature,
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

fn spend(ref account: ChipiAccount::ContractState, token: ContractAddress, amount: u256) {
    session_a_tx(ref account, array![approve_call(token, recipient(), amount)]);
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
