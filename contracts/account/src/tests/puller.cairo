//! A test-only contract that pulls tokens from whoever calls it, through an allowance it was
//! given: the way an allow-listed dapp can move a session account's funds with a selector the
//! account does not know.

use starknet::ContractAddress;

#[starknet::interface]
pub trait IPuller<TState> {
    /// `token.transfer_from(from, to, amount)` with this contract as the spender.
    fn pull(ref self: TState, token: ContractAddress, from: ContractAddress, to: ContractAddress, amount: u256);
}

#[starknet::contract]
pub mod Puller {
    use mock_erc20::{IMockERC20Dispatcher, IMockERC20DispatcherTrait};
    use starknet::ContractAddress;
    #[storage]
    struct Storage {}
    #[abi(embed_v0)]
    impl PullerImpl of super::IPuller<ContractState> {
        fn pull(
            ref self: ContractState,
            token: ContractAddress,
            from: ContractAddress,
            to: ContractAddress,
            amount: u256,
        ) {
            IMockERC20Dispatcher { contract_address: token }.transfer_from(from, to, amount);
        }
    }
}
