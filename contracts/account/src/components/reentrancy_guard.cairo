//! The reentrancy guard `execute_from_outside_v2` holds while its calls run (`__execute__` needs
//! none: see `OutsideExecutionComponent`).

#[starknet::component]
pub mod ReentrancyGuardComponent {
    use crate::errors;
    use starknet::storage::{StoragePointerReadAccess, StoragePointerWriteAccess};

    #[storage]
    pub struct Storage {
        pub ReentrancyGuard_executing: bool,
    }

    #[event]
    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub enum Event {}

    #[generate_trait]
    pub impl InternalImpl<
        TContractState, +HasComponent<TContractState>,
    > of InternalTrait<TContractState> {
        fn enter(ref self: ComponentState<TContractState>) {
            assert(!self.ReentrancyGuard_executing.read(), errors::ACCOUNT_REENTRANT_CALL);
            self.ReentrancyGuard_executing.write(true);
        }

        fn leave(ref self: ComponentState<TContractState>) {
            self.ReentrancyGuard_executing.write(false);
        }
    }
}
