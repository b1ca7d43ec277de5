//! The owner's Stark key: what signs owner transactions and owner outside executions, and its
//! rotation (`set_public_key`, which revokes every session).

#[starknet::component]
pub mod OwnerComponent {
    use crate::components::sessions::SessionsComponent;
    use crate::components::sessions::SessionsComponent::InternalTrait as SessionsInternalTrait;
    use crate::errors;
    use crate::execution::assert_only_self;
    use crate::interfaces::IPublicKey;
    use crate::signature::{OwnerSignature, is_valid_stark_signature, set_public_key_message};
    use starknet::storage::{StoragePointerReadAccess, StoragePointerWriteAccess};
    use starknet::{get_contract_address, get_tx_info};

    #[storage]
    pub struct Storage {
        pub Owner_public_key: felt252,
    }

    #[event]
    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub enum Event {
        OwnerChanged: OwnerChanged,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct OwnerChanged {
        pub new_public_key: felt252,
    }

    #[embeddable_as(PublicKeyImpl)]
    impl PublicKey<
        TContractState,
        +HasComponent<TContractState>,
        +Drop<TContractState>,
        impl Sessions: SessionsComponent::HasComponent<TContractState>,
    > of IPublicKey<ComponentState<TContractState>> {
        fn get_public_key(self: @ComponentState<TContractState>) -> felt252 {
            self.Owner_public_key.read()
        }

        fn set_public_key(
            ref self: ComponentState<TContractState>, new_public_key: felt252, signature: Span<felt252>,
        ) {
            assert_only_self();
            assert(new_public_key != 0, errors::ACCOUNT_ZERO_KEY);
            assert(signature.len() == 2, errors::ACCOUNT_INVALID_KEY_PROOF);
            let message = set_public_key_message(
                get_tx_info().unbox().chain_id,
                get_contract_address(),
                self.Owner_public_key.read(),
                new_public_key,
            );
            assert(
                is_valid_stark_signature(message, new_public_key, *signature[0], *signature[1]),
                errors::ACCOUNT_INVALID_KEY_PROOF,
            );
            self.Owner_public_key.write(new_public_key);
            self.emit(OwnerChanged { new_public_key });
            // A new owner starts with no sessions.
            let mut sessions = get_dep_component_mut!(ref self, Sessions);
            sessions.advance_epoch();
        }
    }

    #[generate_trait]
    pub impl InternalImpl<
        TContractState, +HasComponent<TContractState>,
    > of InternalTrait<TContractState> {
        fn initializer(ref self: ComponentState<TContractState>, public_key: felt252) {
            assert(public_key != 0, errors::ACCOUNT_ZERO_KEY);
            self.Owner_public_key.write(public_key);
        }

        /// Whether the owner key signed `hash` with `(r, s)`.
        fn is_owner_signature(
            self: @ComponentState<TContractState>, hash: felt252, r: felt252, s: felt252,
        ) -> bool {
            is_valid_stark_signature(hash, self.Owner_public_key.read(), r, s)
        }

        fn assert_owner_signature(
            self: @ComponentState<TContractState>, transaction_hash: felt252, owner: OwnerSignature,
        ) {
            assert(
                self.is_owner_signature(transaction_hash, owner.r, owner.s),
                errors::ACCOUNT_INVALID_SIGNATURE,
            );
        }
    }
}
