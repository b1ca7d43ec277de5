//! `execute_from_outside_v2` signed by a session: every session rule with the exact block time,
//! the session message binding, spending, and what is consumed.

use crate::account::ChipiAccount;
use crate::components::sessions::SessionsComponent;
use crate::interfaces::OutsideExecution;
use crate::signature::session_tx_message;
use crate::tests::setup::{
    NOW, is_valid_signature, oe_hash, owner_oe_signature, session_a_message_signature,
    MAX_CALLS, account_address, allowed, approve_call, call, config, deploy_token, drain_events,
    execute_outside, full_config, new_account, new_account_with_session, outside_execution, policy,
    recipient, register, relayer, revoke, session_a_oe_signature, session_b_oe_signature,
    session_data, session_oe_signature, set_policy, token, transfer_call,
};
use crate::tests::signing::{
    SESSION_A_PRIVATE_KEY, SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S, VALID_UNTIL,
    VALID_UNTIL_LATER, sign,
};
use starknet::testing::{pop_log, set_block_timestamp, set_max_fee};

fn run(ref account: ChipiAccount::ContractState, oe: OutsideExecution) -> Array<Span<felt252>> {
    execute_outside(ref account, relayer(), oe, session_a_oe_signature(oe))
}

#[test]
fn test_execute_from_outside_v2_session_valid() {
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    run(ref account, oe);
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).calls_used == 1, 'one call used');
    assert(!ChipiAccount::OutsideExecutionV2Impl::is_valid_outside_execution_nonce(@account, 1), 'nonce used');
    let expected = ChipiAccount::Event::SessionsEvent(
        SessionsComponent::Event::SessionUsed(
            SessionsComponent::SessionUsed { session_key: SESSION_A_PUBLIC_KEY, calls_used: 1 },
        ),
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'SessionUsed');
}

#[test]
fn test_execute_from_outside_v2_session_spends_recorded() {
    let token = deploy_token(0);
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token, 100, 100, 70);
    let oe = outside_execution(array![approve_call(token, recipient(), 60)], 1);
    run(ref account, oe);
    assert(policy(@account, SESSION_A_PUBLIC_KEY, token).spent_in_window == 60, 'spent');
}

#[test]
fn test_execute_from_outside_v2_session_fee_cap_not_applied() {
    // The relayer pays for an outside execution: the session's fee cap limits only the
    // transactions the account pays for.
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, MAX_CALLS, array![], false, 1));
    set_max_fee(1_000_000);
    run(ref account, outside_execution(array![], 1));
}

#[test]
#[should_panic(expected: ('session/invalid-valid-until',))]
fn test_execute_from_outside_v2_session_invalid_valid_until() {
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    let mut signature = session_a_oe_signature(oe);
    let tampered = array![*signature[0], *signature[1], *signature[2], 0x10000000000000000];
    execute_outside(ref account, relayer(), oe, tampered);
}

#[test]
#[should_panic(expected: ('session/not-registered',))]
fn test_execute_from_outside_v2_session_not_registered() {
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    execute_outside(ref account, relayer(), oe, session_b_oe_signature(oe));
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test_execute_from_outside_v2_session_revoked() {
    let mut account = new_account_with_session();
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    run(ref account, outside_execution(array![], 1));
}

#[test]
#[should_panic(expected: ('session/valid-until-mismatch',))]
fn test_execute_from_outside_v2_session_valid_until_mismatch() {
    // A relayer cannot present the session under a later expiry: it is part of the signed
    // message, and must equal the registered one.
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    let signature = session_oe_signature(
        account_address(), oe, SESSION_A_PRIVATE_KEY, SESSION_A_PUBLIC_KEY, VALID_UNTIL_LATER,
    );
    execute_outside(ref account, relayer(), oe, signature);
}

#[test]
#[should_panic(expected: ('session/expired',))]
fn test_execute_from_outside_v2_session_expired() {
    let mut account = new_account_with_session();
    let mut oe = outside_execution(array![], 1);
    oe.execute_before = VALID_UNTIL + 100;
    set_block_timestamp(VALID_UNTIL + 1);
    run(ref account, oe);
}

#[test]
#[should_panic(expected: ('session/max-calls-exceeded',))]
fn test_execute_from_outside_v2_session_max_calls_exceeded() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(1, array![]));
    run(ref account, outside_execution(array![], 1));
    run(ref account, outside_execution(array![], 2));
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test_execute_from_outside_v2_session_self_call() {
    let mut account = new_account_with_session();
    let calls = array![
        transfer_call(token(), recipient(), 1),
        call(account_address(), selector!("revoke_session_key"), array![SESSION_A_PUBLIC_KEY]),
    ];
    run(ref account, outside_execution(calls, 1));
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test_execute_from_outside_v2_session_nested_outside_execution() {
    let mut account = new_account_with_session();
    let calls = array![call(account_address(), selector!("execute_from_outside_v2"), array![])];
    run(ref account, outside_execution(calls, 1));
}

#[test]
#[should_panic(expected: ('session/entrypoint-not-allowed',))]
fn test_execute_from_outside_v2_session_entrypoint_not_allowed() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer"))]));
    run(ref account, outside_execution(array![approve_call(token(), recipient(), 1)], 1));
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test_execute_from_outside_v2_session_invalid_signature() {
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    // Signed for another outside execution.
    let signature = session_a_oe_signature(outside_execution(array![], 2));
    execute_outside(ref account, relayer(), oe, signature);
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test_execute_from_outside_v2_session_transaction_signature_refused() {
    // A session signature over a transaction message cannot authorise an outside execution.
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    let hash = crate::tests::setup::oe_hash(account_address(), oe);
    let (r, s) = sign(SESSION_A_PRIVATE_KEY, session_tx_message(hash, SESSION_A_PUBLIC_KEY, VALID_UNTIL));
    execute_outside(ref account, relayer(), oe, array![SESSION_A_PUBLIC_KEY, r, s, VALID_UNTIL.into()]);
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test_execute_from_outside_v2_session_raw_hash_signature_refused() {
    // Signing the bare SNIP-12 hash (as an owner would) is not a session signature.
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    let (r, s) = sign(SESSION_A_PRIVATE_KEY, crate::tests::setup::oe_hash(account_address(), oe));
    execute_outside(ref account, relayer(), oe, array![SESSION_A_PUBLIC_KEY, r, s, VALID_UNTIL.into()]);
}

#[test]
#[should_panic(expected: ('session/invalid-signature',))]
fn test_execute_from_outside_v2_session_precomputed_tx_signature_refused() {
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    execute_outside(
        ref account, relayer(), oe, array![SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S, VALID_UNTIL.into()],
    );
}

#[test]
#[should_panic(expected: ('policy/exceeds-window',))]
fn test_execute_from_outside_v2_session_spending_exceeds_window() {
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 100, 100, 70);
    let calls = array![transfer_call(token(), recipient(), 60), transfer_call(token(), recipient(), 60)];
    run(ref account, outside_execution(calls, 1));
}

#[test]
#[should_panic(expected: ('policy/no-policy',))]
fn test_execute_from_outside_v2_session_strict_no_policy() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, MAX_CALLS, array![], true, 0));
    run(ref account, outside_execution(array![transfer_call(token(), recipient(), 1)], 1));
}

#[test]
fn test_execute_from_outside_v2_sessions_independent() {
    let mut account = new_account_with_session();
    register(ref account, crate::tests::signing::SESSION_B_PUBLIC_KEY, config(1, array![]));
    let first = outside_execution(array![], 1);
    execute_outside(ref account, relayer(), first, session_b_oe_signature(first));
    run(ref account, outside_execution(array![], 2));
    assert(session_data(@account, crate::tests::signing::SESSION_B_PUBLIC_KEY).status == 4, 'b exhausted');
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).calls_used == 1, 'a used once');
}

#[test]
fn test_execute_from_outside_v2_session_message_form_accepted() {
    // One signature form: what `is_valid_signature` accepts for `H` is accepted unchanged by
    // `execute_from_outside_v2`.
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 1);
    let signature = session_a_message_signature(oe);
    let hash = oe_hash(account_address(), oe);
    assert(is_valid_signature(@account, hash, signature.clone()) == 'VALID', 'valid off-chain');
    execute_outside(ref account, relayer(), oe, signature);
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).calls_used == 1, 'one call used');
}

#[test]
#[should_panic(expected: ('outside/invalid-signature',))]
fn test_execute_from_outside_v2_session_message_of_another_outside_execution() {
    let mut account = new_account_with_session();
    let signed = outside_execution(array![], 1);
    let mut executed = outside_execution(array![], 1);
    executed.execute_before = NOW + 50;
    execute_outside(ref account, relayer(), executed, session_a_message_signature(signed));
}

#[test]
fn test_execute_from_outside_v2_session_cannot_burn_owner_nonce() {
    // A session uses nonce 7 first; the owner's pending request with nonce 7 still runs.
    let mut account = new_account_with_session();
    let session_oe = outside_execution(array![], 7);
    run(ref account, session_oe);
    let owner_oe = outside_execution(array![], 7);
    execute_outside(ref account, relayer(), owner_oe, owner_oe_signature(account_address(), owner_oe));
    assert(!ChipiAccount::OutsideExecutionV2Impl::is_valid_outside_execution_nonce(@account, 7), 'used');
}

#[test]
#[should_panic(expected: ('outside/duplicate-nonce',))]
fn test_execute_from_outside_v2_session_duplicate_nonce() {
    let mut account = new_account_with_session();
    let oe = outside_execution(array![], 7);
    run(ref account, oe);
    run(ref account, oe);
}
