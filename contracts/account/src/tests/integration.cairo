//! Helpers for the tests that deploy the account and call it through dispatchers.

use crate::account::ChipiAccount;
use crate::interfaces::{
    ISRC6Dispatcher, ISRC6SafeDispatcher, ISessionManagerDispatcher, ISessionManagerDispatcherTrait,
    ISpendingPolicyDispatcher, ISpendingPolicyDispatcherTrait, SessionConfig,
};
use crate::tests::reentrant::Reentrant;
use starknet::syscalls::deploy_syscall;
use starknet::testing::set_contract_address;
use starknet::{ContractAddress, SyscallResultTrait};

pub fn src6(account: ContractAddress) -> ISRC6Dispatcher {
    ISRC6Dispatcher { contract_address: account }
}

pub fn src6_safe(account: ContractAddress) -> ISRC6SafeDispatcher {
    ISRC6SafeDispatcher { contract_address: account }
}

pub fn sessions(account: ContractAddress) -> ISessionManagerDispatcher {
    ISessionManagerDispatcher { contract_address: account }
}

/// Registers a session through the account's own address, then calls come from 0 again.
pub fn register(account: ContractAddress, session_key: felt252, config: SessionConfig) {
    set_contract_address(account);
    sessions(account).add_or_update_session(session_key, config);
    set_contract_address(crate::tests::setup::zero());
}

pub fn set_policy(
    account: ContractAddress,
    session_key: felt252,
    token: ContractAddress,
    max_per_call: u256,
    max_per_window: u256,
    window_seconds: u64,
) {
    set_contract_address(account);
    ISpendingPolicyDispatcher { contract_address: account }
        .set_spending_policy(session_key, token, max_per_call, max_per_window, window_seconds);
    set_contract_address(crate::tests::setup::zero());
}

/// Deploys the test contract that pulls tokens through an allowance.
pub fn deploy_puller() -> ContractAddress {
    let (address, _) = deploy_syscall(
        crate::tests::puller::Puller::TEST_CLASS_HASH.try_into().unwrap(), 0, array![].span(), false,
    )
        .unwrap_syscall();
    address
}

pub fn deploy_reentrant() -> ContractAddress {
    let (address, _) = deploy_syscall(
        Reentrant::TEST_CLASS_HASH.try_into().unwrap(), 0, array![].span(), false,
    )
        .unwrap_syscall();
    address
}

/// The account's own error, raised `depth` calls below the caller: `[error, 'ENTRYPOINT_FAILED'
/// × depth]`.
pub fn assert_error<T, +Drop<T>>(result: Result<T, Array<felt252>>, error: felt252, depth: u32) {
    match result {
        Result::Ok(_) => core::panic_with_felt252('expected a failure'),
        Result::Err(data) => {
            assert(data.len() == depth + 1, 'error depth');
            assert(*data[0] == error, error);
            let mut index = 1;
            while index < data.len() {
                assert(*data[index] == 'ENTRYPOINT_FAILED', 'ENTRYPOINT_FAILED expected');
                index += 1;
            };
        },
    }
}

/// `ChipiAccount`'s class hash in tests.
pub fn account_class_hash() -> felt252 {
    ChipiAccount::TEST_CLASS_HASH
}
