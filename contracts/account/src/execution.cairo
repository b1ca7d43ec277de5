//! Helpers every component shares: running calls, the self-call check, raising a failed check.

use crate::errors;
use starknet::account::Call;
use starknet::syscalls::call_contract_syscall;
use starknet::{SyscallResultTrait, get_caller_address, get_contract_address};

/// Runs every call; any failure reverts the whole request.
pub fn execute_calls(calls: Span<Call>) -> Array<Span<felt252>> {
    let mut results: Array<Span<felt252>> = array![];
    for call in calls {
        results.append(call_contract_syscall(*call.to, *call.selector, *call.calldata).unwrap_syscall());
    };
    results
}

/// Administrative entrypoints run only as a call of the account to itself.
pub fn assert_only_self() {
    assert(get_caller_address() == get_contract_address(), errors::ACCOUNT_ONLY_SELF);
}

/// Panics with the error felt of a failed check.
pub fn raise_err<T, +Drop<T>>(result: Result<T, felt252>) -> T {
    match result {
        Result::Ok(value) => value,
        Result::Err(error) => core::panic_with_felt252(error),
    }
}

/// A real (non-zero) transaction version; query versions `2^128 + v` count as `v`.
pub fn is_supported_tx_version(version: felt252) -> bool {
    let version: u256 = version.into();
    version.low != 0
}
