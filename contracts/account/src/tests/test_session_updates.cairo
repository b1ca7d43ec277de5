//! Session updates (what they keep, what they replace), revocation and the session views.

use crate::account::ChipiAccount;
use crate::components::sessions::SessionsComponent;
use crate::tests::setup::{
    MAX_CALLS, account_address, allowed, as_protocol, as_self, config, full_config, new_account,
    new_account_with_session, other_token, recipient, register, revoke, revoke_all,
    session_a_tx_signature, session_data, token, transfer_call, validate, zero,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, SESSION_B_PUBLIC_KEY, VALID_UNTIL, VALID_UNTIL_LATER};
use starknet::testing::{pop_log, set_block_timestamp};

fn add_v33(
    ref account: ChipiAccount::ContractState,
    session_key: felt252,
    valid_until: u64,
    max_calls: u32,
    selectors: Array<felt252>,
) {
    as_self();
    ChipiAccount::SessionManagerImpl::add_or_update_session_key(
        ref account, session_key, valid_until, max_calls, selectors,
    );
    as_protocol();
}

#[test]
fn test_add_or_update_session_update_keeps_calls_used() {
    let mut account = new_account_with_session();
    let calls = array![transfer_call(token(), recipient(), 1)];
    validate(ref account, session_a_tx_signature(), calls.clone());
    validate(ref account, session_a_tx_signature(), calls);
    register(ref account, SESSION_A_PUBLIC_KEY, config(5, array![]));
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.calls_used == 2, 'kept');
    assert(data.max_calls == 5, 'new max');
    assert(data.remaining_calls == 3, 'remaining');
}

#[test]
fn test_add_or_update_session_update_cannot_refill() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(1, array![]));
    validate(ref account, session_a_tx_signature(), array![transfer_call(token(), recipient(), 1)]);
    // Same limits again: still exhausted.
    register(ref account, SESSION_A_PUBLIC_KEY, config(1, array![]));
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.status == 4, 'still exhausted');
    assert(data.remaining_calls == 0, 'no refill');
}

#[test]
fn test_add_or_update_session_update_replaces_allow_list() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer")), allowed(token(), selector!("approve"))]));
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(other_token(), selector!("approve"))]));
    let list = ChipiAccount::SessionManagerImpl::get_session_allowed_calls(@account, SESSION_A_PUBLIC_KEY);
    assert(list == array![allowed(other_token(), selector!("approve"))], 'new list');
    assert(
        ChipiAccount::SessionManagerImpl::get_session_allowed_entrypoint_at(@account, SESSION_A_PUBLIC_KEY, 1) == 0,
        'old entry gone',
    );
}

#[test]
#[should_panic(expected: ('session/entrypoint-not-allowed',))]
fn test_add_or_update_session_update_old_entries_no_longer_allowed() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer"))]));
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("approve"))]));
    validate(ref account, session_a_tx_signature(), array![transfer_call(token(), recipient(), 1)]);
}

#[test]
fn test_add_or_update_session_update_after_expiry() {
    let mut account = new_account_with_session();
    validate(ref account, session_a_tx_signature(), array![transfer_call(token(), recipient(), 1)]);
    set_block_timestamp(VALID_UNTIL + 1);
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 2, 'expired');
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL_LATER, MAX_CALLS, array![], false, 0));
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.status == 1, 'active again');
    assert(data.calls_used == 1, 'history kept');
    assert(data.valid_until == VALID_UNTIL_LATER, 'new expiry');
}

#[test]
fn test_add_or_update_session_key_v33_form() {
    let mut account = new_account();
    add_v33(ref account, SESSION_A_PUBLIC_KEY, VALID_UNTIL, 5, array![selector!("transfer"), selector!("approve")]);
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.valid_until == VALID_UNTIL, 'valid_until');
    assert(data.max_calls == 5, 'max_calls');
    assert(data.allowed_entrypoints_len == 2, 'len');
    assert(!data.strict, 'not strict');
    assert(data.max_fee_per_tx == 0, 'no fee cap');
    let list = ChipiAccount::SessionManagerImpl::get_session_allowed_calls(@account, SESSION_A_PUBLIC_KEY);
    assert(list == array![allowed(zero(), selector!("transfer")), allowed(zero(), selector!("approve"))], 'any contract');
    assert(
        ChipiAccount::SessionManagerImpl::get_session_allowed_entrypoint_at(@account, SESSION_A_PUBLIC_KEY, 1) == selector!("approve"),
        'entry 1',
    );
}

#[test]
fn test_add_or_update_session_key_keeps_strict_and_fee_cap() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, 5, array![], true, 1000));
    add_v33(ref account, SESSION_A_PUBLIC_KEY, VALID_UNTIL_LATER, 9, array![selector!("transfer")]);
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.strict, 'strict kept');
    assert(data.max_fee_per_tx == 1000, 'fee cap kept');
    assert(data.max_calls == 9, 'max_calls updated');
    assert(data.valid_until == VALID_UNTIL_LATER, 'valid_until updated');
}

#[test]
fn test_revoke_session_key_event() {
    let mut account = new_account_with_session();
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    let expected = ChipiAccount::Event::SessionsEvent(
        SessionsComponent::Event::SessionRevoked(
            SessionsComponent::SessionRevoked { session_key: SESSION_A_PUBLIC_KEY },
        ),
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'SessionRevoked');
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.status == 3, 'revoked');
    assert(data.remaining_calls == 0, 'no calls left');
}

#[test]
fn test_revoke_session_key_idempotent() {
    let mut account = new_account_with_session();
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 3, 'revoked');
}

#[test]
fn test_revoke_all_event_and_epoch() {
    let mut account = new_account_with_session();
    assert(ChipiAccount::SessionManagerImpl::get_session_epoch(@account) == 0, 'epoch 0');
    revoke_all(ref account);
    let expected = ChipiAccount::Event::SessionsEvent(
        SessionsComponent::Event::AllSessionsRevoked(SessionsComponent::AllSessionsRevoked { epoch: 1 }),
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'AllSessionsRevoked');
    revoke_all(ref account);
    assert(ChipiAccount::SessionManagerImpl::get_session_epoch(@account) == 2, 'epoch 2');
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 3, 'revoked');
}

#[test]
fn test_revoke_all_revokes_every_session() {
    let mut account = new_account_with_session();
    register(ref account, SESSION_B_PUBLIC_KEY, config(MAX_CALLS, array![]));
    revoke_all(ref account);
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 3, 'a');
    assert(session_data(@account, SESSION_B_PUBLIC_KEY).status == 3, 'b');
}

#[test]
fn test_get_session_data_unknown() {
    let account = new_account();
    let data = session_data(@account, SESSION_B_PUBLIC_KEY);
    assert(data.valid_until == 0 && data.max_calls == 0 && data.calls_used == 0, 'zeros');
    assert(data.status == 0, 'unknown');
    assert(data.remaining_calls == 0, 'no calls');
}

#[test]
fn test_get_session_data_active() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, 7, array![allowed(token(), 1)], true, 99));
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.valid_until == VALID_UNTIL, 'valid_until');
    assert(data.max_calls == 7, 'max_calls');
    assert(data.calls_used == 0, 'calls_used');
    assert(data.allowed_entrypoints_len == 1, 'len');
    assert(data.status == 1, 'active');
    assert(data.remaining_calls == 7, 'remaining');
    assert(data.strict, 'strict');
    assert(data.max_fee_per_tx == 99, 'fee cap');
}

#[test]
fn test_get_session_data_expired_uses_exact_time() {
    let account = new_account_with_session();
    set_block_timestamp(VALID_UNTIL);
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 1, 'active at valid_until');
    set_block_timestamp(VALID_UNTIL + 1);
    let data = session_data(@account, SESSION_A_PUBLIC_KEY);
    assert(data.status == 2, 'expired');
    assert(data.remaining_calls == 0, 'no calls');
}

#[test]
fn test_get_session_allowed_entrypoint_at_out_of_range() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer"))]));
    let view = @account;
    assert(ChipiAccount::SessionManagerImpl::get_session_allowed_entrypoints_len(view, SESSION_A_PUBLIC_KEY) == 1, 'len');
    assert(ChipiAccount::SessionManagerImpl::get_session_allowed_entrypoint_at(view, SESSION_A_PUBLIC_KEY, 0) == selector!("transfer"), 'entry 0');
    assert(ChipiAccount::SessionManagerImpl::get_session_allowed_entrypoint_at(view, SESSION_A_PUBLIC_KEY, 1) == 0, 'entry 1');
    assert(ChipiAccount::SessionManagerImpl::get_session_allowed_entrypoint_at(view, SESSION_B_PUBLIC_KEY, 0) == 0, 'unknown key');
}

