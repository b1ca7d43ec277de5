//! Session registration: access and every registration rule.

use crate::account::ChipiAccount;
use crate::components::sessions::SessionsComponent;
use crate::interfaces::{AllowedCall, SessionConfig};
use crate::tests::setup::{
    MAX_CALLS, NOW, account_address, allowed, as_protocol, as_self, calls_used, config,
    drain_events, full_config, new_account, new_account_with_session, other_token, recipient,
    register, revoke, revoke_all, rotate_owner, session_a_tx_signature, session_data, token,
    transfer_call, validate, zero,
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

fn entries(count: u32) -> Array<AllowedCall> {
    let mut list = array![];
    for index in 0..count {
        list.append(allowed(token(), index.into() + 1));
    };
    list
}

#[test]
#[should_panic(expected: ('account/only-self',))]
fn test_add_or_update_session_only_self() {
    let mut account = new_account();
    as_protocol();
    ChipiAccount::SessionManagerImpl::add_or_update_session(
        ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]),
    );
}

#[test]
#[should_panic(expected: ('account/only-self',))]
fn test_add_or_update_session_key_only_self() {
    let mut account = new_account();
    starknet::testing::set_caller_address(recipient());
    ChipiAccount::SessionManagerImpl::add_or_update_session_key(
        ref account, SESSION_A_PUBLIC_KEY, VALID_UNTIL, MAX_CALLS, array![],
    );
}

#[test]
#[should_panic(expected: ('account/only-self',))]
fn test_revoke_session_key_only_self() {
    let mut account = new_account_with_session();
    as_protocol();
    ChipiAccount::SessionManagerImpl::revoke_session_key(ref account, SESSION_A_PUBLIC_KEY);
}

#[test]
#[should_panic(expected: ('account/only-self',))]
fn test_revoke_all_only_self() {
    let mut account = new_account_with_session();
    as_protocol();
    ChipiAccount::SessionManagerImpl::revoke_all(ref account);
}

#[test]
#[should_panic(expected: ('session/invalid-key',))]
fn test_add_or_update_session_invalid_key() {
    let mut account = new_account();
    register(ref account, 0, config(MAX_CALLS, array![]));
}

#[test]
#[should_panic(expected: ('session/invalid-valid-until',))]
fn test_add_or_update_session_valid_until_in_the_past() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(NOW - 1, MAX_CALLS, array![], false, 0));
}

#[test]
#[should_panic(expected: ('session/invalid-valid-until',))]
fn test_add_or_update_session_valid_until_now() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(NOW, MAX_CALLS, array![], false, 0));
}

#[test]
#[should_panic(expected: ('session/invalid-max-calls',))]
fn test_add_or_update_session_invalid_max_calls() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(0, array![]));
}

#[test]
#[should_panic(expected: ('session/too-many-entrypoints',))]
fn test_add_or_update_session_too_many_entrypoints() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, entries(65)));
}

#[test]
fn test_add_or_update_session_sixty_four_entrypoints() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, entries(64)));
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).allowed_entrypoints_len == 64, 'len');
    let list = ChipiAccount::SessionManagerImpl::get_session_allowed_calls(@account, SESSION_A_PUBLIC_KEY);
    assert(list.len() == 64, 'getter');
    assert(*list[63] == allowed(token(), 64), 'last entry');
}

#[test]
#[should_panic(expected: ('session/self-call',))]
fn test_add_or_update_session_self_call() {
    let mut account = new_account();
    let list = array![
        allowed(token(), selector!("transfer")), allowed(account_address(), selector!("get_public_key")),
    ];
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, list));
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test_add_or_update_session_revoked_key_refused() {
    let mut account = new_account_with_session();
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test_add_or_update_session_key_revoked_key_refused() {
    let mut account = new_account_with_session();
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    add_v33(ref account, SESSION_A_PUBLIC_KEY, VALID_UNTIL_LATER, 1000, array![]);
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test_add_or_update_session_revoked_by_revoke_all_refused() {
    let mut account = new_account_with_session();
    revoke_all(ref account);
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test_add_or_update_session_revoked_by_owner_rotation_refused() {
    let mut account = new_account_with_session();
    rotate_owner(ref account);
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
}

#[test]
#[should_panic(expected: ('session/revoked',))]
fn test_add_or_update_session_preemptively_revoked_key_refused() {
    let mut account = new_account();
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
}

#[test]
fn test_add_or_update_session_new_key_after_revoke_all() {
    let mut account = new_account_with_session();
    revoke_all(ref account);
    register(ref account, SESSION_B_PUBLIC_KEY, config(MAX_CALLS, array![]));
    assert(session_data(@account, SESSION_B_PUBLIC_KEY).status == 1, 'b active');
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 3, 'a revoked');
}

#[test]
fn test_add_or_update_session_event() {
    let mut account = new_account();
    let list = array![allowed(token(), selector!("transfer")), allowed(zero(), selector!("approve"))];
    register(ref account, SESSION_A_PUBLIC_KEY, full_config(VALID_UNTIL, 7, list, true, 1234));
    let expected = ChipiAccount::Event::SessionsEvent(
        SessionsComponent::Event::SessionRegistered(
            SessionsComponent::SessionRegistered {
                session_key: SESSION_A_PUBLIC_KEY,
                valid_until: VALID_UNTIL,
                max_calls: 7,
                allowed_calls_len: 2,
                strict: true,
                max_fee_per_tx: 1234,
                fee_budget: 0xffffffffffffffffffffffffffffffff,
            },
        ),
    );
    assert(pop_log(account_address()) == Option::Some(expected), 'SessionRegistered');
}

#[test]
#[should_panic(expected: ('session/invalid-max-calls',))]
fn test_add_or_update_session_key_same_rules() {
    let mut account = new_account();
    add_v33(ref account, SESSION_A_PUBLIC_KEY, VALID_UNTIL, 0, array![]);
}
