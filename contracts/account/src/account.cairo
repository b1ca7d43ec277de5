//! The CHIPI session account (`get_contract_info() == 'v35'`): one owner Stark key plus session
//! keys restricted by expiry, call count, allow-list, fee cap and per-token spending policies.
//! The preset: it embeds the components (`crate::components`), holds the constructor and wires
//! the protocol's validation and execution entrypoints, SRC-5 and the contract info.

#[starknet::contract(account)]
pub mod ChipiAccount {
    use crate::components::outside_execution::OutsideExecutionComponent;
    use crate::components::owner::OwnerComponent;
    use crate::components::reentrancy_guard::ReentrancyGuardComponent;
    use crate::components::sessions::SessionsComponent;
    use crate::components::spending::SpendingComponent;
    use crate::errors;
    use crate::execution::{assert_only_self, execute_calls, is_supported_tx_version, raise_err};
    use crate::interfaces::{
        IAccountInfo, IDeclarer, IDeployable, ISRC5, ISRC5_ID, ISRC6, ISRC6_ID, ISRC9_V2_ID,
        ISESSION_MANAGER_ID, IUpgradeable,
    };
    use crate::signature::{AccountSignature, parse_signature};
    use starknet::account::Call;
    use starknet::syscalls::replace_class_syscall;
    use starknet::{ClassHash, SyscallResultTrait, get_execution_info, get_tx_info};

    /// Returned by the validation entrypoints and by `is_valid_signature`.
    pub const VALIDATED: felt252 = 'VALID';
    /// `get_contract_info()`.
    pub const CONTRACT_INFO: felt252 = 'v35';
    /// `get_snip9_version()`.
    pub const SNIP9_VERSION: u8 = 2;
    pub use SessionsComponent::DEFAULT_FEE_PER_CALL;
    pub use OutsideExecutionComponent::OWNER_NONCE_SPACE;

    component!(path: OwnerComponent, storage: owner, event: OwnerEvent);
    component!(path: SessionsComponent, storage: sessions, event: SessionsEvent);
    component!(path: SpendingComponent, storage: spending, event: SpendingEvent);
    component!(
        path: OutsideExecutionComponent, storage: outside_execution, event: OutsideExecutionEvent,
    );
    component!(
        path: ReentrancyGuardComponent, storage: reentrancy_guard, event: ReentrancyGuardEvent,
    );

    #[abi(embed_v0)]
    pub impl PublicKeyImpl = OwnerComponent::PublicKeyImpl<ContractState>;
    #[abi(embed_v0)]
    pub impl SessionManagerImpl = SessionsComponent::SessionManagerImpl<ContractState>;
    #[abi(embed_v0)]
    pub impl SpendingPolicyImpl = SpendingComponent::SpendingPolicyImpl<ContractState>;
    #[abi(embed_v0)]
    pub impl OutsideExecutionV2Impl =
        OutsideExecutionComponent::OutsideExecutionV2Impl<ContractState>;

    impl OwnerInternalImpl = OwnerComponent::InternalImpl<ContractState>;
    impl SessionsInternalImpl = SessionsComponent::InternalImpl<ContractState>;
    impl SpendingInternalImpl = SpendingComponent::InternalImpl<ContractState>;
    impl OutsideExecutionInternalImpl = OutsideExecutionComponent::InternalImpl<ContractState>;
    impl ReentrancyGuardInternalImpl = ReentrancyGuardComponent::InternalImpl<ContractState>;

    #[storage]
    struct Storage {
        #[substorage(v0)]
        owner: OwnerComponent::Storage,
        #[substorage(v0)]
        sessions: SessionsComponent::Storage,
        #[substorage(v0)]
        spending: SpendingComponent::Storage,
        #[substorage(v0)]
        outside_execution: OutsideExecutionComponent::Storage,
        #[substorage(v0)]
        reentrancy_guard: ReentrancyGuardComponent::Storage,
    }

    /// Every component's events, flat: each is emitted under its own name, as before the split.
    #[event]
    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub enum Event {
        #[flat]
        OwnerEvent: OwnerComponent::Event,
        #[flat]
        SessionsEvent: SessionsComponent::Event,
        #[flat]
        SpendingEvent: SpendingComponent::Event,
        #[flat]
        OutsideExecutionEvent: OutsideExecutionComponent::Event,
        #[flat]
        ReentrancyGuardEvent: ReentrancyGuardComponent::Event,
        Upgraded: Upgraded,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct Upgraded {
        pub class_hash: ClassHash,
    }

    #[constructor]
    pub fn constructor(ref self: ContractState, public_key: felt252) {
        self.owner.initializer(public_key);
    }

    // SRC-6 and the protocol's validation entrypoints.

    #[abi(embed_v0)]
    pub impl SRC6Impl of ISRC6<ContractState> {
        fn __execute__(ref self: ContractState, calls: Array<Call>) -> Array<Span<felt252>> {
            let info = get_execution_info().unbox();
            let caller: felt252 = info.caller_address.into();
            assert(caller == 0, errors::ACCOUNT_INVALID_CALLER);
            let tx_info = info.tx_info.unbox();
            assert(is_supported_tx_version(tx_info.version), errors::ACCOUNT_INVALID_TX_VERSION);
            // No reentrancy guard is needed here: the caller check keeps `__execute__` from being
            // re-entered, and `execute_from_outside_v2` refuses to run inside a transaction of
            // this account.
            if let AccountSignature::Session(session) = parse_signature(tx_info.signature) {
                // Session transaction: `__validate__` saw the hour-rounded time, so check the
                // expiry again with the exact one, then charge the spending policies.
                let session_key = session.session_key;
                let now = info.block_info.unbox().block_timestamp;
                let stored = self.sessions.stored(session_key);
                if now > stored.valid_until {
                    core::panic_with_felt252(errors::SESSION_EXPIRED);
                }
                return self
                    .spending
                    .execute_session_calls(
                        session_key, @stored, calls.span(), now, info.contract_address,
                    );
            }
            execute_calls(calls.span())
        }

        fn __validate__(ref self: ContractState, calls: Array<Call>) -> felt252 {
            let info = get_execution_info().unbox();
            // Only the protocol validates: a contract called during execution must not be able
            // to consume the session's calls or budget by calling back in here.
            let caller: felt252 = info.caller_address.into();
            assert(caller == 0, errors::ACCOUNT_INVALID_CALLER);
            let tx_info = info.tx_info.unbox();
            match parse_signature(tx_info.signature) {
                AccountSignature::Owner(owner) => {
                    self.owner.assert_owner_signature(tx_info.transaction_hash, owner);
                },
                AccountSignature::Session(session) => {
                    raise_err(
                        self
                            .sessions
                            .validate_session_transaction(
                                @tx_info,
                                @session,
                                calls.span(),
                                info.block_info.unbox().block_timestamp,
                                info.contract_address,
                            ),
                    );
                },
                _ => core::panic_with_felt252(errors::ACCOUNT_INVALID_SIG_LENGTH),
            };
            VALIDATED
        }

        fn is_valid_signature(
            self: @ContractState, hash: felt252, signature: Array<felt252>,
        ) -> felt252 {
            let valid = match parse_signature(signature.span()) {
                AccountSignature::Owner(owner) => self
                    .owner
                    .is_owner_signature(hash, owner.r, owner.s),
                AccountSignature::SessionMessage(signed) => self
                    .outside_execution
                    .check_session_message(hash, @signed.session, signed.message)
                    .is_ok(),
                // A bare session signature names no outside execution: never valid off-chain.
                _ => false,
            };
            if valid {
                VALIDATED
            } else {
                0
            }
        }
    }

    #[abi(embed_v0)]
    pub impl DeclarerImpl of IDeclarer<ContractState> {
        fn __validate_declare__(self: @ContractState, class_hash: felt252) -> felt252 {
            validate_owner_only(self, errors::SESSION_DECLARE_FORBIDDEN)
        }
    }

    #[abi(embed_v0)]
    pub impl DeployableImpl of IDeployable<ContractState> {
        fn __validate_deploy__(
            self: @ContractState,
            class_hash: felt252,
            contract_address_salt: felt252,
            public_key: felt252,
        ) -> felt252 {
            validate_owner_only(self, errors::SESSION_DEPLOY_FORBIDDEN)
        }
    }

    #[abi(embed_v0)]
    pub impl UpgradeableImpl of IUpgradeable<ContractState> {
        fn upgrade(ref self: ContractState, new_class_hash: ClassHash) {
            assert_only_self();
            replace_class_syscall(new_class_hash).unwrap_syscall();
            self.emit(Upgraded { class_hash: new_class_hash });
        }
    }

    #[abi(embed_v0)]
    pub impl SRC5Impl of ISRC5<ContractState> {
        fn supports_interface(self: @ContractState, interface_id: felt252) -> bool {
            interface_id == ISRC5_ID
                || interface_id == ISRC6_ID
                || interface_id == ISRC9_V2_ID
                || interface_id == ISESSION_MANAGER_ID
        }
    }

    #[abi(embed_v0)]
    pub impl AccountInfoImpl of IAccountInfo<ContractState> {
        fn get_contract_info(self: @ContractState) -> felt252 {
            CONTRACT_INFO
        }

        fn get_snip9_version(self: @ContractState) -> u8 {
            SNIP9_VERSION
        }
    }

    /// Declare and deploy-account validation: owner `[r, s]` over the transaction hash only.
    fn validate_owner_only(self: @ContractState, session_error: felt252) -> felt252 {
        let tx_info = get_tx_info().unbox();
        match parse_signature(tx_info.signature) {
            AccountSignature::Owner(owner) => self
                .owner
                .assert_owner_signature(tx_info.transaction_hash, owner),
            AccountSignature::Invalid => core::panic_with_felt252(
                errors::ACCOUNT_INVALID_SIG_LENGTH,
            ),
            _ => core::panic_with_felt252(session_error),
        };
        VALIDATED
    }
}
