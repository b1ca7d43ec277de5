//! `__execute__`: caller and version checks, the exact-time expiry re-check of session
//! transactions, and call results. Atomicity, reentrancy and counters after a revert need a real
//! call boundary: see `test_integration`.

use crate::account::ChipiAccount;
use crate::tests::setup::{
    account_address, call, deploy_token, execute, new_account, new_account_with_session,
    owner_tx, owner_tx_signature, recipient, session_a_tx_signature, token, transfer_call,
    validate,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, VALID_UNTIL};
use starknet::testing::{set_block_timestamp, set_caller_address, set_signature, set_version};

const QUERY_OFFSET: felt252 = 0x100000000000000000000000000000000;

#[test]
#[should_panic(expected: ('account/invalid-caller',))]
fn test___execute___invalid_caller() {
    let mut account = new_account();
    set_signature(owner_tx_signature().span());
    set_caller_address(recipient());
    ChipiAccount::SRC6Impl::__execute__(ref account, array![]);
}

#[test]
#[should_panic(expected: ('account/invalid-caller',))]
fn test___execute___caller_self_refused() {
    // The account calling its own `__execute__` (the nested-execute class of bugs) is refused.
    let mut account = new_account();
    set_signature(owner_tx_signature().span());
    set_caller_address(account_address());
    ChipiAccount::SRC6Impl::__execute__(ref account, array![]);
}

#[test]
#[should_panic(expected: ('account/invalid-tx-version',))]
fn test___execute___invalid_tx_version() {
    let mut account = new_account();
    set_signature(owner_tx_signature().span());
    set_version(0);
    execute(ref account, array![]);
}

#[test]
#[should_panic(expected: ('account/invalid-tx-version',))]
fn test___execute___query_version_zero_refused() {
    let mut account = new_account();
    set_signature(owner_tx_signature().span());
    set_version(QUERY_OFFSET);
    execute(ref account, array![]);
}

#[test]
fn test___execute___query_and_legacy_versions_accepted() {
    let mut account = new_account();
    set_signature(owner_tx_signature().span());
    set_version(QUERY_OFFSET + 3);
    assert(execute(ref account, array![]).len() == 0, 'query v3');
    set_version(1);
    assert(execute(ref account, array![]).len() == 0, 'v1');
}

#[test]
#[should_panic(expected: ('session/expired',))]
fn test___execute___session_expired_at_exact_time() {
    // `__validate__` sees the block time rounded down to the hour: it can accept a transaction
    // whose session has expired by execution time. `__execute__` checks the exact time.
    let mut account = new_account_with_session();
    let calls = array![transfer_call(token(), recipient(), 1)];
    set_block_timestamp(VALID_UNTIL);
    assert(validate(ref account, session_a_tx_signature(), calls.clone()) == 'VALID', 'validate');
    set_block_timestamp(VALID_UNTIL + 1);
    execute(ref account, calls);
}

#[test]
fn test___execute___session_valid_at_expiry_second() {
    let token = deploy_token(0);
    let mut account = new_account_with_session();
    let calls = array![call(token, selector!("decimals"), array![])];
    set_block_timestamp(VALID_UNTIL);
    assert(validate(ref account, session_a_tx_signature(), calls.clone()) == 'VALID', 'validate');
    assert(execute(ref account, calls).len() == 1, 'now == valid_until');
}

#[test]
fn test___execute___owner_has_no_expiry() {
    let mut account = new_account_with_session();
    set_block_timestamp(VALID_UNTIL + 1_000_000);
    assert(owner_tx(ref account, array![]).len() == 0, 'owner runs');
}

#[test]
fn test___execute___returns_call_results() {
    let token = deploy_token(0);
    let mut account = new_account_with_session();
    set_signature(session_a_tx_signature().span());
    let calls = array![
        call(token, selector!("decimals"), array![]),
        call(token, selector!("balance_of"), array![account_address().into()]),
    ];
    assert(validate(ref account, session_a_tx_signature(), calls.clone()) == 'VALID', 'validate');
    let results = execute(ref account, calls);
    assert(results.len() == 2, 'two results');
    assert(*results[0] == array![6].span(), 'decimals');
    assert(*results[1] == array![0, 0].span(), 'balance');
    assert(
        ChipiAccount::SessionManagerImpl::get_session_data(@account, SESSION_A_PUBLIC_KEY).calls_used == 1,
        'one call used',
    );
}
