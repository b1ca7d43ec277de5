//! Through a real call boundary: upgrade, admin access from a stranger, and the constructor.

use crate::account::ChipiAccount;
use crate::interfaces::{
    ISRC6DispatcherTrait, ISRC6SafeDispatcherTrait, ISessionManagerDispatcherTrait,
    ISessionManagerSafeDispatcher, ISessionManagerSafeDispatcherTrait, ISpendingPolicyDispatcher,
    ISpendingPolicyDispatcherTrait, IUpgradeableDispatcher, IUpgradeableDispatcherTrait,
    IUpgradeableSafeDispatcher, IUpgradeableSafeDispatcherTrait,
};
use crate::tests::integration::{assert_error, register, set_policy, src6, src6_safe, sessions};
use crate::tests::setup::{
    MAX_CALLS, allowed, balance_of, config, deploy_account, deploy_token, drain_events, mint,
    recipient, session_a_tx_signature, transfer_call, zero,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, VALID_UNTIL};
use mock_erc20::{IMockERC20Dispatcher, IMockERC20DispatcherTrait, MockERC20};
use starknet::syscalls::deploy_syscall;
use starknet::testing::{pop_log, set_block_timestamp, set_contract_address, set_signature};

#[test]
#[feature("safe_dispatcher")]
fn test_upgrade_replaces_class() {
    let account = deploy_account();
    // Not from the account itself.
    set_contract_address(recipient());
    let result = IUpgradeableSafeDispatcher { contract_address: account }
        .upgrade(MockERC20::TEST_CLASS_HASH.try_into().unwrap());
    assert_error(result, 'account/only-self', 1);
    set_contract_address(account);
    IUpgradeableDispatcher { contract_address: account }
        .upgrade(MockERC20::TEST_CLASS_HASH.try_into().unwrap());
    let expected = ChipiAccount::Event::Upgraded(
        ChipiAccount::Upgraded { class_hash: MockERC20::TEST_CLASS_HASH.try_into().unwrap() },
    );
    assert(pop_log(account) == Option::Some(expected), 'Upgraded');
    // The address now runs the token's code (with an empty token storage).
    assert(IMockERC20Dispatcher { contract_address: account }.decimals() == 0, 'new class');
}

#[test]
#[feature("safe_dispatcher")]
fn test_add_or_update_session_stranger_refused_through_dispatcher() {
    let account = deploy_account();
    set_contract_address(recipient());
    let result = ISessionManagerSafeDispatcher { contract_address: account }
        .add_or_update_session(SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
    assert_error(result, 'account/only-self', 1);
}

#[test]
fn test_constructor_zero_key_refused_on_deploy() {
    set_contract_address(zero());
    let result = deploy_syscall(
        ChipiAccount::TEST_CLASS_HASH.try_into().unwrap(), 0, array![0].span(), false,
    );
    match result {
        Result::Ok(_) => core::panic_with_felt252('deployed with key 0'),
        Result::Err(data) => assert(*data[0] == 'account/zero-key', 'zero key'),
    }
}

