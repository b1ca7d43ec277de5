//! A test-only contract that calls back into the account while the account is executing it.

use crate::interfaces::OutsideExecution;
use starknet::ContractAddress;

#[starknet::interface]
pub trait IReentrant<TState> {
    fn reenter_outside_execution(
        ref self: TState,
        account: ContractAddress,
        outside_execution: OutsideExecution,
        signature: Span<felt252>,
    );
    fn reenter_execute(ref self: TState, account: ContractAddress);
    fn reenter_revoke_all(ref self: TState, account: ContractAddress);
}

#[starknet::contract]
pub mod Reentrant {
    use crate::interfaces::{
        IOutsideExecutionV2Dispatcher, IOutsideExecutionV2DispatcherTrait, ISRC6Dispatcher,
        ISRC6DispatcherTrait, ISessionManagerDispatcher, ISessionManagerDispatcherTrait,
        OutsideExecution,
    };
    use starknet::ContractAddress;
    #[storage]
    struct Storage {}
    #[abi(embed_v0)]
    impl ReentrantImpl of super::IReentrant<ContractState> {
        fn reenter_outside_execution(
            ref self: ContractState,
            account: ContractAddress,
            outside_execution: OutsideExecution,
            signature: Span<felt252>,
        ) {
            IOutsideExecutionV2Dispatcher { contract_address: account }
                .execute_from_outside_v2(outside_execution, signature);
        }
        fn reenter_execute(ref self: ContractState, account: ContractAddress) {
            ISRC6Dispatcher { contract_address: account }.__execute__(array![]);
        }
        fn reenter_revoke_all(ref self: ContractState, account: ContractAddress) {
            ISessionManagerDispatcher { contract_address: account }.revoke_all();
        }
    }
}
