//! SNIP-9 version 2 outside executions, signed by the owner or by a session, with one nonce space
//! per signer.

#[starknet::component]
pub mod OutsideExecutionComponent {
    use crate::components::owner::OwnerComponent;
    use crate::components::owner::OwnerComponent::InternalTrait as OwnerInternalTrait;
    use crate::components::reentrancy_guard::ReentrancyGuardComponent;
    use crate::components::reentrancy_guard::ReentrancyGuardComponent::InternalTrait as GuardInternalTrait;
    use crate::components::sessions::SessionsComponent;
    use crate::components::sessions::SessionsComponent::InternalTrait as SessionsInternalTrait;
    use crate::components::spending::SpendingComponent;
    use crate::components::spending::SpendingComponent::InternalTrait as SpendingInternalTrait;
    use crate::errors;
    use crate::execution::{execute_calls, raise_err};
    use crate::interfaces::{IOutsideExecutionV2, OutsideExecution};
    use crate::outside_execution::{ANY_CALLER, outside_execution_hash, read_outside_execution};
    use crate::signature::{
        AccountSignature, SessionSignature, is_valid_stark_signature, parse_signature,
        session_oe_message,
    };
    use starknet::storage::{Map, StorageMapReadAccess, StorageMapWriteAccess};
    use starknet::{get_block_timestamp, get_contract_address, get_execution_info, get_tx_info};

    /// The owner's SNIP-9 nonce space (a session key is never 0).
    pub const OWNER_NONCE_SPACE: felt252 = 0;

    #[storage]
    pub struct Storage {
        /// SNIP-9 nonces, true once used by any signer (what `is_valid_outside_execution_nonce`
        /// reports).
        pub OutsideExecution_nonces: Map<felt252, bool>,
        /// (signer, nonce) -> used: the nonce spaces `execute_from_outside_v2` enforces, one for
        /// the owner (signer 0) and one per session key, so no signer can burn another's nonce.
        pub OutsideExecution_nonces_of: Map<(felt252, felt252), bool>,
    }

    #[event]
    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub enum Event {}

    #[embeddable_as(OutsideExecutionV2Impl)]
    impl OutsideExecutionV2<
        TContractState,
        +HasComponent<TContractState>,
        +Drop<TContractState>,
        impl Owner: OwnerComponent::HasComponent<TContractState>,
        impl Sessions: SessionsComponent::HasComponent<TContractState>,
        impl Spending: SpendingComponent::HasComponent<TContractState>,
        impl Guard: ReentrancyGuardComponent::HasComponent<TContractState>,
    > of IOutsideExecutionV2<ComponentState<TContractState>> {
        fn execute_from_outside_v2(
            ref self: ComponentState<TContractState>,
            outside_execution: OutsideExecution,
            signature: Span<felt252>,
        ) -> Array<Span<felt252>> {
            let info = get_execution_info().unbox();
            // Inside a transaction of this account (a contract it called calls back in), or
            // inside another outside execution: either way, a nested request.
            let sender = info.tx_info.unbox().account_contract_address;
            if sender == info.contract_address {
                core::panic_with_felt252(errors::ACCOUNT_REENTRANT_CALL);
            }
            let mut guard = get_dep_component_mut!(ref self, Guard);
            guard.enter();
            let caller: felt252 = outside_execution.caller.into();
            if caller != ANY_CALLER && outside_execution.caller != info.caller_address {
                core::panic_with_felt252(errors::OUTSIDE_INVALID_CALLER);
            }
            let now = info.block_info.unbox().block_timestamp;
            let account = info.contract_address;
            raise_err(check_time_window(@outside_execution, now));
            let session: Option<SessionSignature> = match parse_signature(signature) {
                AccountSignature::Owner(_) => Option::None,
                AccountSignature::Session(session) => Option::Some(session),
                AccountSignature::SessionMessage(signed) => {
                    // The form `is_valid_signature` accepts: the appended outside execution must
                    // be the one executed.
                    let mut expected: Array<felt252> = array![];
                    outside_execution.serialize(ref expected);
                    if signed.message != expected.span() {
                        core::panic_with_felt252(errors::OUTSIDE_INVALID_SIGNATURE);
                    }
                    Option::Some(signed.session)
                },
                AccountSignature::Invalid => core::panic_with_felt252(
                    errors::ACCOUNT_INVALID_SIG_LENGTH,
                ),
            };
            let signer = match session {
                Option::Some(session) => session.session_key,
                Option::None => OWNER_NONCE_SPACE,
            };
            self.use_outside_nonce(signer, outside_execution.nonce);
            let hash = outside_execution_hash(
                @outside_execution, info.tx_info.unbox().chain_id, account,
            );
            let results = match session {
                Option::None => {
                    let owner = get_dep_component!(@self, Owner);
                    if !owner.is_owner_signature(hash, *signature[0], *signature[1]) {
                        core::panic_with_felt252(errors::OUTSIDE_INVALID_SIGNATURE);
                    }
                    execute_calls(outside_execution.calls)
                },
                Option::Some(session) => {
                    let session_key = session.session_key;
                    let mut sessions = get_dep_component_mut!(ref self, Sessions);
                    let (stored, usage) = raise_err(
                        sessions
                            .check_session_request(
                                @session, outside_execution.calls, now, account, Option::None,
                            ),
                    );
                    let message = session_oe_message(
                        hash, session_key, session.valid_until.try_into().unwrap(),
                    );
                    if !is_valid_stark_signature(message, session_key, session.r, session.s) {
                        core::panic_with_felt252(errors::SESSION_INVALID_SIGNATURE);
                    }
                    sessions.record_usage(session_key, usage);
                    let mut spending = get_dep_component_mut!(ref self, Spending);
                    spending
                        .execute_session_calls(
                            session_key, @stored, outside_execution.calls, now, account,
                        )
                },
            };
            let mut guard = get_dep_component_mut!(ref self, Guard);
            guard.leave();
            results
        }

        fn is_valid_outside_execution_nonce(
            self: @ComponentState<TContractState>, nonce: felt252,
        ) -> bool {
            !self.OutsideExecution_nonces.read(nonce)
        }
    }

    #[generate_trait]
    pub impl InternalImpl<
        TContractState,
        +HasComponent<TContractState>,
        +Drop<TContractState>,
        impl Sessions: SessionsComponent::HasComponent<TContractState>,
        impl Spending: SpendingComponent::HasComponent<TContractState>,
    > of InternalTrait<TContractState> {
        /// Marks `nonce` used in the nonce space of `signer` (and in the view's record).
        fn use_outside_nonce(
            ref self: ComponentState<TContractState>, signer: felt252, nonce: felt252,
        ) {
            if self.OutsideExecution_nonces_of.read((signer, nonce)) {
                core::panic_with_felt252(errors::OUTSIDE_DUPLICATE_NONCE);
            }
            self.OutsideExecution_nonces_of.write((signer, nonce), true);
            self.OutsideExecution_nonces.write(nonce, true);
        }

        /// `is_valid_signature` with `[key, r, s, valid_until, ...OutsideExecution]`: every
        /// session and SNIP-9 rule of that outside execution, without consuming anything.
        fn check_session_message(
            self: @ComponentState<TContractState>,
            hash: felt252,
            session: @SessionSignature,
            message: Span<felt252>,
        ) -> Result<(), felt252> {
            let mut serialized = message;
            let outside_execution = match read_outside_execution(ref serialized) {
                Option::Some(value) => value,
                Option::None => { return Result::Err(errors::OUTSIDE_INVALID_SIGNATURE); },
            };
            if !serialized.is_empty() {
                return Result::Err(errors::OUTSIDE_INVALID_SIGNATURE);
            }
            let computed = outside_execution_hash(
                @outside_execution, get_tx_info().unbox().chain_id, get_contract_address(),
            );
            if computed != hash {
                return Result::Err(errors::OUTSIDE_INVALID_SIGNATURE);
            }
            let now = get_block_timestamp();
            let session_key = *session.session_key;
            let sessions = get_dep_component!(self, Sessions);
            let (stored, _) = sessions
                .check_session_request(
                    session, outside_execution.calls, now, get_contract_address(), Option::None,
                )?;
            if self.OutsideExecution_nonces_of.read((session_key, outside_execution.nonce)) {
                return Result::Err(errors::OUTSIDE_DUPLICATE_NONCE);
            }
            check_time_window(@outside_execution, now)?;
            let spending = get_dep_component!(self, Spending);
            spending
                .check_declared(
                    session_key, @stored, outside_execution.calls, now, get_contract_address(),
                )?;
            let message = session_oe_message(
                hash, session_key, (*session.valid_until).try_into().unwrap(),
            );
            if !is_valid_stark_signature(message, session_key, *session.r, *session.s) {
                return Result::Err(errors::SESSION_INVALID_SIGNATURE);
            }
            Result::Ok(())
        }
    }

    /// SNIP-9: `execute_after < now < execute_before`.
    fn check_time_window(outside_execution: @OutsideExecution, now: u64) -> Result<(), felt252> {
        if now <= *outside_execution.execute_after {
            return Result::Err(errors::OUTSIDE_TOO_EARLY);
        }
        if now >= *outside_execution.execute_before {
            return Result::Err(errors::OUTSIDE_EXPIRED);
        }
        Result::Ok(())
    }
}
