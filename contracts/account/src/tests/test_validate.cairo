//! `__validate__` for session transactions: rules 1 to 6, in order, with the exact error.

use crate::account::ChipiAccount;
use crate::components::sessions::SessionsComponent;
use crate::tests::setup::{
    calls_used, config, full_config, new_account, new_account_with_session, recipient, register,
    revoke, revoke_all, rotate_owner, session_a_tx_signature, session_b_tx_signature,
    session_data, token, transfer_call, validate, account_address, as_self, as_protocol,
};
use crate::tests::signing::{
    SESSION_A_LATER_TX_R, SESSION_A_LATER_TX_S, SESSION_A_PUBLIC_KEY, SESSION_A_TX_R,
    SESSION_A_TX_S, VALID_UNTIL, VALID_UNTIL_LATER,
};
use starknet::account::Call;
use starknet::testing::{pop_log, set_block_timestamp, set_caller_address, set_max_fee, set_signature};

fn transfer() -> Array<Call> {
    array![transfer_call(token(), recipient(), 100)]
}

#[test]
fn test___validate___session_valid() {
    let mut account = new_account_with_session();
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'session');
    assert(calls_used(@account, SESSION_A_PUBLIC_KEY) == 1, 'call used');
    let expected = ChipiAccount::Event::SessionsEvent(
        SessionsComponent::Event::SessionUsed(
            SessionsComponent::SessionUsed { session_key: SESSION_A_PUBLIC_KEY, calls_used: 1 },
        ),
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
#[should_panic(expected: ('account/invalid-caller',))]
fn test___validate___caller_not_protocol() {
    // A contract the session transaction calls cannot call back into `__validate__` to consume
    // the session's calls: only the protocol (caller 0) validates.
    let mut account = new_account_with_session();
    set_signature(session_a_tx_signature().span());
    set_caller_address(token());
    ChipiAccount::SRC6Impl::__validate__(ref account, transfer());
}

/// Session A with a lifetime fee budget of `budget` fri and no per-transaction cap.
fn account_with_budget(budget: u128) -> ChipiAccount::ContractState {
    let mut account = new_account();
    let mut config = full_config(VALID_UNTIL, 5, array![], false, 0);
    config.fee_budget = budget;
    register(ref account, SESSION_A_PUBLIC_KEY, config);
    account
}

#[test]
fn test___validate___session_fee_budget_debited() {
    let mut account = account_with_budget(1000);
    set_max_fee(600);
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'first');
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.fee_budget == 1000, 'budget');
    assert(data.fee_used == 600, 'used');
    set_max_fee(400);
    assert(validate(ref account, session_a_tx_signature(), transfer()) == 'VALID', 'exactly the rest');
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).fee_used == 1000, 'all used');
}

#[test]
#[should_panic(expected: ('session/fee-budget-exceeded',))]
fn test___validate___session_fee_budget_exceeded() {
    // Without a per-transaction cap, two transactions cannot reserve more than the budget.
    let mut account = account_with_budget(1000);
    set_max_fee(600);
    validate(ref account, session_a_tx_signature(), transfer());
    set_max_fee(401);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
#[should_panic(expected: ('session/fee-budget-exceeded',))]
fn test___validate___session_huge_fee_refused_by_budget() {
    // One transaction whose maximum fee is huge (a large tip or bounds) is refused outright.
    let mut account = account_with_budget(1000);
    set_max_fee(0xffffffffffffffffffffffffffffffff);
    validate(ref account, session_a_tx_signature(), transfer());
}

#[test]
fn test_add_or_update_session_key_default_fee_budget() {
    let mut account = new_account();
    as_self();
    ChipiAccount::SessionManagerImpl::add_or_update_session_key(
        ref account, SESSION_A_PUBLIC_KEY, VALID_UNTIL, 5, array![],
    );
    as_protocol();
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.fee_budget == 5 * ChipiAccount::DEFAULT_FEE_PER_CALL, 'default budget');
    assert(data.fee_used == 0, 'nothing used');
}

#[test]
fn test_add_or_update_session_keeps_fee_used() {
    let mut account = account_with_budget(1000);
    set_max_fee(600);
    validate(ref account, session_a_tx_signature(), transfer());
    let mut config = full_config(VALID_UNTIL, 5, array![], false, 0);
    config.fee_budget = 2000;
    register(ref account, SESSION_A_PUBLIC_KEY, config);
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.fee_budget == 2000 && data.fee_used == 600, 'used kept');
}

#[test]
#[should_panic(expected: ('session/fee-budget-exceeded',))]
fn test_add_or_update_session_budget_lowered_below_used() {
    // 600 used, then the budget lowered to 500: the budget is used up and reads as used.
    let mut account = account_with_budget(1000);
    set_max_fee(600);
    validate(ref account, session_a_tx_signature(), transfer());
    let mut config = full_config(VALID_UNTIL, 5, array![], false, 0);
    config.fee_budget = 500;
    register(ref account, SESSION_A_PUBLIC_KEY, config);
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.fee_budget == 500 && data.fee_used == 500, 'used up');
    set_max_fee(1);
    validate(ref account, session_a_tx_signature(), transfer());
}
