//! The two ERC-20 reads a session request's spending is measured with: `balance_of` around each
//! call and `allowance` after the request. A token that does not answer with one u256 cannot carry
//! a policy (`'policy/bad-balance'`).

use crate::errors;
use starknet::ContractAddress;
use starknet::syscalls::call_contract_syscall;

/// `token.balance_of(owner)`.
pub fn balance_of(token: ContractAddress, owner: ContractAddress) -> u256 {
    read_u256(token, selector!("balance_of"), array![owner.into()].span())
}

/// `token.allowance(owner, spender)`.
pub fn allowance(token: ContractAddress, owner: ContractAddress, spender: ContractAddress) -> u256 {
    read_u256(token, selector!("allowance"), array![owner.into(), spender.into()].span())
}

/// The balance of `owner` in every token of `tokens`, in order.
pub fn balances_of(tokens: Span<ContractAddress>, owner: ContractAddress) -> Array<u256> {
    let mut balances: Array<u256> = array![];
    for token in tokens {
        balances.append(balance_of(*token, owner));
    };
    balances
}

fn read_u256(token: ContractAddress, selector: felt252, calldata: Span<felt252>) -> u256 {
    let answer = match call_contract_syscall(token, selector, calldata) {
        Result::Ok(answer) => answer,
        Result::Err(_) => core::panic_with_felt252(errors::POLICY_BAD_BALANCE),
    };
    if answer.len() != 2 {
        core::panic_with_felt252(errors::POLICY_BAD_BALANCE);
    }
    let low: Option<u128> = (*answer[0]).try_into();
    let high: Option<u128> = (*answer[1]).try_into();
    match (low, high) {
        (Option::Some(low), Option::Some(high)) => u256 { low, high },
        _ => core::panic_with_felt252(errors::POLICY_BAD_BALANCE),
    }
}
