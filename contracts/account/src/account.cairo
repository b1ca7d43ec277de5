//! The CHIPI session account (`get_contract_info() == 'v35'`): one owner Stark key plus session
//! keys restricted by expiry, call count, allow-list, fee cap and per-token spending policies.
//! The rules live in `session_rules`, `spending`, `signature` and `outside_execution`; this module
//! holds the storage and wires them to the entrypoints.

#[starknet::contract(account)]
pub mod ChipiAccount {
    use crate::errors;
    use crate::interfaces::{
        AllowedCall, IAccountInfo, IDeclarer, IDeployable, IOutsideExecutionV2, IPublicKey, ISRC5,
        ISRC5_ID, ISRC6, ISRC6_ID, ISRC9_V2_ID, ISESSION_MANAGER_ID, ISessionManager,
        ISpendingPolicy, IUpgradeable, OutsideExecution, SessionConfig, SessionData,
        SpendingPolicyView,
    };
    use crate::outside_execution::{ANY_CALLER, outside_execution_hash, read_outside_execution};
    use crate::pair_packing;
    use crate::session_rules;
    use crate::session_rules::{AllowList, SessionRecord};
    use crate::signature::{
        AccountSignature, OwnerSignature, SessionSignature, is_valid_stark_signature, parse_signature,
        session_oe_message, session_tx_message, set_public_key_message,
    };
    use crate::spending;
    use crate::spending::{
        BucketSlot, BucketSlotPacking, PolicyState, PolicyWindow, PolicyWindowPacking,
    };
    use crate::token_reads;
    use crate::stored_session;
    use crate::stored_session::{StoredSession, StoredSessionPacking, StoredSessionUpdates};
    use starknet::account::Call;
    use starknet::storage::{
        Map, StorageMapReadAccess, StorageMapWriteAccess, StoragePointerReadAccess,
        StoragePointerWriteAccess,
    };
    use starknet::syscalls::{call_contract_syscall, replace_class_syscall};
    use starknet::info::v2::TxInfo;
    use starknet::{
        ClassHash, ContractAddress, SyscallResultTrait, contract_address_const, get_block_timestamp,
        get_caller_address, get_contract_address, get_execution_info, get_tx_info,
    };

    /// Returned by the validation entrypoints and by `is_valid_signature`.
    pub const VALIDATED: felt252 = 'VALID';
    /// `get_contract_info()`.
    pub const CONTRACT_INFO: felt252 = 'v35';
    /// `get_snip9_version()`.
    pub const SNIP9_VERSION: u8 = 2;
    /// A session registered through the v33 form, which cannot name a fee budget, gets this much
    /// per allowed call: 0.05 STRK.
    pub const DEFAULT_FEE_PER_CALL: u128 = 50_000_000_000_000_000;
    /// The owner's SNIP-9 nonce space (a session key is never 0).
    pub const OWNER_NONCE_SPACE: felt252 = 0;

    #[storage]
    struct Storage {
        public_key: felt252,
        /// Current session epoch; a session registered in an earlier one is revoked.
        session_epoch: u32,
        /// Everything the transaction paths read about a session, in one slot.
        sessions: Map<felt252, StoredSession>,
        /// Read only when the session's `has_fee_cap` is set.
        session_max_fee: Map<felt252, u128>,
        /// Lifetime fee budget (fri) and the part of it reserved by the session's transactions.
        session_fee_budget: Map<felt252, u128>,
        session_fee_used: Map<felt252, u128>,
        /// (session, generation, index) -> entry, for the getters.
        session_allowed_at: Map<(felt252, u32, u32), AllowedCall>,
        /// (session, generation, contract, selector) -> on the list, for O(1) checks.
        session_allowed: Map<(felt252, u32, ContractAddress, felt252), bool>,
        policy_exists: Map<(felt252, ContractAddress), bool>,
        /// (session, index) -> token, for index < the session's `policy_count`: the tokens whose
        /// balances execution measures.
        policy_token_at: Map<(felt252, u32), ContractAddress>,
        /// (session, token) -> its index in `policy_token_at`.
        policy_index: Map<(felt252, ContractAddress), u32>,
        policy_max_per_call: Map<(felt252, ContractAddress), u256>,
        policy_max_per_window: Map<(felt252, ContractAddress), u256>,
        /// Both caps packed into one felt (`pair_packing::pack_pair`), what a request reads.
        policy_limits: Map<(felt252, ContractAddress), felt252>,
        /// The window length and its ring generation, bumped when the length changes: the new
        /// length starts a new ring, and what the old ring still counted is carried over (below)
        /// until it may be released.
        policy_window: Map<(felt252, ContractAddress), PolicyWindow>,
        /// A spent amount carried over a change of window length, counted until `carried_until`.
        policy_carried_until: Map<(felt252, ContractAddress), u64>,
        policy_carried_amount: Map<(felt252, ContractAddress), u256>,
        /// (session, token, policy generation, ring slot) -> bucket.
        spend_slots: Map<(felt252, ContractAddress, u32, u8), BucketSlot>,
        /// SNIP-9 nonces, true once used by any signer (what `is_valid_outside_execution_nonce`
        /// reports).
        outside_nonces: Map<felt252, bool>,
        /// (signer, nonce) -> used: the nonce spaces `execute_from_outside_v2` enforces, one for
        /// the owner (signer 0) and one per session key, so no signer can burn another's nonce.
        outside_nonces_of: Map<(felt252, felt252), bool>,
        /// Reentrancy guard of `__execute__` and `execute_from_outside_v2`.
        executing: bool,
    }

    #[event]
    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub enum Event {
        SessionRegistered: SessionRegistered,
        SessionRevoked: SessionRevoked,
        AllSessionsRevoked: AllSessionsRevoked,
        SessionUsed: SessionUsed,
        SessionSpent: SessionSpent,
        SpendingPolicySet: SpendingPolicySet,
        SpendingPolicyRemoved: SpendingPolicyRemoved,
        OwnerChanged: OwnerChanged,
        Upgraded: Upgraded,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct SessionRegistered {
        #[key]
        pub session_key: felt252,
        pub valid_until: u64,
        pub max_calls: u32,
        pub allowed_calls_len: u32,
        pub strict: bool,
        pub max_fee_per_tx: u128,
        pub fee_budget: u128,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct SessionRevoked {
        #[key]
        pub session_key: felt252,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct AllSessionsRevoked {
        pub epoch: u32,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct SessionUsed {
        #[key]
        pub session_key: felt252,
        pub calls_used: u32,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct SessionSpent {
        #[key]
        pub session_key: felt252,
        #[key]
        pub token: ContractAddress,
        pub amount: u256,
        pub spent_in_window: u256,
        pub remaining_in_window: u256,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct SpendingPolicySet {
        #[key]
        pub session_key: felt252,
        #[key]
        pub token: ContractAddress,
        pub max_per_call: u256,
        pub max_per_window: u256,
        pub window_seconds: u64,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct SpendingPolicyRemoved {
        #[key]
        pub session_key: felt252,
        #[key]
        pub token: ContractAddress,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct OwnerChanged {
        pub new_public_key: felt252,
    }

    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub struct Upgraded {
        pub class_hash: ClassHash,
    }

    #[constructor]
    pub fn constructor(ref self: ContractState, public_key: felt252) {
        assert(public_key != 0, errors::ACCOUNT_ZERO_KEY);
        self.public_key.write(public_key);
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
            self.enter();
            if let AccountSignature::Session(session) = parse_signature(tx_info.signature) {
                // Session transaction: `__validate__` saw the hour-rounded time, so check the
                // expiry again with the exact one, then charge the spending policies.
                let session_key = session.session_key;
                let now = info.block_info.unbox().block_timestamp;
                let stored = self.sessions.read(session_key);
                if now > stored.valid_until {
                    core::panic_with_felt252(errors::SESSION_EXPIRED);
                }
                let results = self
                    .execute_session_calls(
                        session_key, @stored, calls.span(), now, info.contract_address,
                    );
                self.leave();
                return results;
            }
            let results = execute_calls(calls.span());
            self.leave();
            results
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
                    self.assert_owner_signature(tx_info.transaction_hash, owner);
                },
                AccountSignature::Session(session) => {
                    raise_err(
                        self
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
                AccountSignature::Owner(owner) => is_valid_stark_signature(
                    hash, self.public_key.read(), owner.r, owner.s,
                ),
                AccountSignature::SessionMessage(signed) => self
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
            self.validate_owner_only(errors::SESSION_DECLARE_FORBIDDEN)
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
            self.validate_owner_only(errors::SESSION_DEPLOY_FORBIDDEN)
        }
    }

    // SNIP-9 version 2.

    #[abi(embed_v0)]
    pub impl OutsideExecutionV2Impl of IOutsideExecutionV2<ContractState> {
        fn execute_from_outside_v2(
            ref self: ContractState, outside_execution: OutsideExecution, signature: Span<felt252>,
        ) -> Array<Span<felt252>> {
            self.enter();
            let info = get_execution_info().unbox();
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
                    if !is_valid_stark_signature(
                        hash, self.public_key.read(), *signature[0], *signature[1],
                    ) {
                        core::panic_with_felt252(errors::OUTSIDE_INVALID_SIGNATURE);
                    }
                    execute_calls(outside_execution.calls)
                },
                Option::Some(session) => {
                    let session_key = session.session_key;
                    let (stored, _, _) = raise_err(
                        self
                            .check_session_request(
                                @session, outside_execution.calls, now, account, false,
                            ),
                    );
                    let message = session_oe_message(
                        hash, session_key, session.valid_until.try_into().unwrap(),
                    );
                    if !is_valid_stark_signature(message, session_key, session.r, session.s) {
                        core::panic_with_felt252(errors::SESSION_INVALID_SIGNATURE);
                    }
                    self.use_session_call(session_key, stored);
                    self
                        .execute_session_calls(
                            session_key, @stored, outside_execution.calls, now, account,
                        )
                },
            };
            self.leave();
            results
        }

        fn is_valid_outside_execution_nonce(self: @ContractState, nonce: felt252) -> bool {
            !self.outside_nonces.read(nonce)
        }
    }

    // Sessions.

    #[abi(embed_v0)]
    pub impl SessionManagerImpl of ISessionManager<ContractState> {
        fn add_or_update_session_key(
            ref self: ContractState,
            session_key: felt252,
            valid_until: u64,
            max_calls: u32,
            allowed_entrypoints: Array<felt252>,
        ) {
            self.assert_only_self();
            let any_contract: ContractAddress = contract_address_const::<0>();
            let mut allowed_calls: Array<AllowedCall> = array![];
            for selector in allowed_entrypoints {
                allowed_calls.append(AllowedCall { contract: any_contract, selector });
            };
            // The short form cannot express `strict`, a fee cap or a fee budget: an update keeps
            // the ones set earlier, so it never loosens a session by accident; a new session gets
            // `max_calls × DEFAULT_FEE_PER_CALL`.
            let record = self.read_session(session_key);
            let fee_budget = if session_rules::is_registered(@record) {
                let (fee_budget, _) = self.read_fee(session_key);
                fee_budget
            } else {
                max_calls.into() * DEFAULT_FEE_PER_CALL
            };
            self
                .register_session(
                    session_key,
                    valid_until,
                    max_calls,
                    allowed_calls.span(),
                    record.strict,
                    record.max_fee_per_tx,
                    fee_budget,
                );
        }

        fn add_or_update_session(ref self: ContractState, session_key: felt252, config: SessionConfig) {
            self.assert_only_self();
            self
                .register_session(
                    session_key,
                    config.valid_until,
                    config.max_calls,
                    config.allowed_calls.span(),
                    config.strict,
                    config.max_fee_per_tx,
                    config.fee_budget,
                );
        }

        fn revoke_session_key(ref self: ContractState, session_key: felt252) {
            self.assert_only_self();
            let stored = self.sessions.read(session_key);
            self.sessions.write(session_key, stored.revoked());
            self.emit(SessionRevoked { session_key });
        }

        fn revoke_all(ref self: ContractState) {
            self.assert_only_self();
            self.advance_epoch();
        }

        fn get_session_data(self: @ContractState, session_key: felt252) -> SessionData {
            let stored = self.sessions.read(session_key);
            let record = stored_session::to_record(@stored, self.fee_cap_of(session_key, @stored));
            let epoch = self.session_epoch.read();
            let now = get_block_timestamp();
            let (fee_budget, fee_used) = self.read_fee(session_key);
            SessionData {
                valid_until: record.valid_until,
                max_calls: record.max_calls,
                calls_used: record.calls_used,
                allowed_entrypoints_len: stored.allowed_len.into(),
                status: session_rules::status(@record, epoch, now),
                remaining_calls: session_rules::remaining_calls(@record, epoch, now),
                strict: record.strict,
                max_fee_per_tx: record.max_fee_per_tx,
                fee_budget,
                fee_used,
            }
        }

        fn get_session_allowed_calls(self: @ContractState, session_key: felt252) -> Array<AllowedCall> {
            let stored = self.sessions.read(session_key);
            let len: u32 = stored.allowed_len.into();
            let mut entries: Array<AllowedCall> = array![];
            for index in 0..len {
                entries
                    .append(self.session_allowed_at.read((session_key, stored.generation, index)));
            };
            entries
        }

        fn get_session_allowed_entrypoints_len(self: @ContractState, session_key: felt252) -> u32 {
            self.sessions.read(session_key).allowed_len.into()
        }

        fn get_session_allowed_entrypoint_at(
            self: @ContractState, session_key: felt252, index: u32,
        ) -> felt252 {
            let stored = self.sessions.read(session_key);
            if index >= stored.allowed_len.into() {
                return 0;
            }
            self.session_allowed_at.read((session_key, stored.generation, index)).selector
        }

        fn get_session_epoch(self: @ContractState) -> u32 {
            self.session_epoch.read()
        }
    }

    // Spending policies.

    #[abi(embed_v0)]
    pub impl SpendingPolicyImpl of ISpendingPolicy<ContractState> {
        fn set_spending_policy(
            ref self: ContractState,
            session_key: felt252,
            token: ContractAddress,
            max_per_call: u256,
            max_per_window: u256,
            window_seconds: u64,
        ) {
            self.assert_only_self();
            assert(window_seconds != 0, errors::POLICY_INVALID_WINDOW);
            let key = (session_key, token);
            if !self.policy_exists.read(key) {
                let stored = self.sessions.read(session_key);
                let index: u32 = stored.policy_count.into();
                assert(index < spending::MAX_POLICIES, errors::POLICY_TOO_MANY_POLICIES);
                self.policy_token_at.write((session_key, index), token);
                self.policy_index.write(key, index);
                self.sessions.write(session_key, stored.with_policy_count(stored.policy_count + 1));
            }
            let window = self.policy_window.read(key);
            if window.window_seconds != window_seconds {
                self.carry_over(session_key, token, window_seconds, get_block_timestamp());
                self
                    .policy_window
                    .write(key, PolicyWindow { window_seconds, generation: window.generation + 1 });
            }
            self.policy_exists.write(key, true);
            self.policy_max_per_call.write(key, max_per_call);
            self.policy_max_per_window.write(key, max_per_window);
            self.policy_limits.write(key, pair_packing::pack_pair(max_per_call, max_per_window));
            self
                .emit(
                    SpendingPolicySet {
                        session_key, token, max_per_call, max_per_window, window_seconds,
                    },
                );
        }

        fn remove_spending_policy(
            ref self: ContractState, session_key: felt252, token: ContractAddress,
        ) {
            self.assert_only_self();
            let key = (session_key, token);
            if self.policy_exists.read(key) {
                // The last listed token takes the removed one's index.
                let stored = self.sessions.read(session_key);
                let last: u32 = stored.policy_count.into() - 1;
                let index = self.policy_index.read(key);
                if index != last {
                    let moved = self.policy_token_at.read((session_key, last));
                    self.policy_token_at.write((session_key, index), moved);
                    self.policy_index.write((session_key, moved), index);
                }
                self.sessions.write(session_key, stored.with_policy_count(stored.policy_count - 1));
            }
            self.policy_exists.write(key, false);
            self.policy_max_per_call.write(key, 0);
            self.policy_max_per_window.write(key, 0);
            self.policy_limits.write(key, 0);
            self.emit(SpendingPolicyRemoved { session_key, token });
        }

        fn get_spending_policy(
            self: @ContractState, session_key: felt252, token: ContractAddress,
        ) -> SpendingPolicyView {
            let key = (session_key, token);
            if !self.policy_exists.read(key) {
                return SpendingPolicyView {
                    exists: false,
                    max_per_call: 0,
                    max_per_window: 0,
                    window_seconds: 0,
                    spent_in_window: 0,
                    remaining_in_window: 0,
                    next_release_at: 0,
                };
            }
            let window_seconds = self.policy_window.read(key).window_seconds;
            let max_per_window = self.policy_max_per_window.read(key);
            let now = get_block_timestamp();
            let bucket_seconds = spending::bucket_seconds(window_seconds);
            let current = spending::bucket_of(now, bucket_seconds);
            let slots = self.window_slots(session_key, token);
            let carried_until = self.policy_carried_until.read(key);
            let mut spent = spending::window_spent(slots.span(), current);
            let mut next_release_at = spending::next_release(slots.span(), current, bucket_seconds);
            if now < carried_until {
                spent += self.policy_carried_amount.read(key);
                if next_release_at == 0 || carried_until < next_release_at {
                    next_release_at = carried_until;
                }
            }
            SpendingPolicyView {
                exists: true,
                max_per_call: self.policy_max_per_call.read(key),
                max_per_window,
                window_seconds,
                spent_in_window: spent,
                remaining_in_window: spending::room(max_per_window, spent),
                next_release_at,
            }
        }
    }

    // Owner key, upgrade, introspection.

    #[abi(embed_v0)]
    pub impl PublicKeyImpl of IPublicKey<ContractState> {
        fn get_public_key(self: @ContractState) -> felt252 {
            self.public_key.read()
        }

        fn set_public_key(ref self: ContractState, new_public_key: felt252, signature: Span<felt252>) {
            self.assert_only_self();
            assert(new_public_key != 0, errors::ACCOUNT_ZERO_KEY);
            assert(signature.len() == 2, errors::ACCOUNT_INVALID_KEY_PROOF);
            let message = set_public_key_message(
                get_tx_info().unbox().chain_id,
                get_contract_address(),
                self.public_key.read(),
                new_public_key,
            );
            assert(
                is_valid_stark_signature(message, new_public_key, *signature[0], *signature[1]),
                errors::ACCOUNT_INVALID_KEY_PROOF,
            );
            self.public_key.write(new_public_key);
            self.emit(OwnerChanged { new_public_key });
            // A new owner starts with no sessions.
            self.advance_epoch();
        }
    }

    #[abi(embed_v0)]
    pub impl UpgradeableImpl of IUpgradeable<ContractState> {
        fn upgrade(ref self: ContractState, new_class_hash: ClassHash) {
            self.assert_only_self();
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

    // Internals.

    /// The current allow-list of one session, read from storage on demand.
    #[derive(Copy, Drop)]
    struct StoredAllowList {
        state: @ContractState,
        session_key: felt252,
        generation: u32,
        len: u32,
    }

    impl StoredAllowListImpl of AllowList<StoredAllowList> {
        fn entries_len(self: @StoredAllowList) -> u32 {
            *self.len
        }

        fn contains(self: @StoredAllowList, contract: ContractAddress, selector: felt252) -> bool {
            let state: @ContractState = *self.state;
            state.session_allowed.read((*self.session_key, *self.generation, contract, selector))
        }
    }

    /// An allowance a session request sets on a policy token: measured again after the request.
    #[derive(Copy, Drop)]
    struct Grant {
        policy: u32,
        spender: ContractAddress,
        before: u256,
    }

    #[generate_trait]
    impl InternalImpl of InternalTrait {
        fn assert_only_self(self: @ContractState) {
            assert(get_caller_address() == get_contract_address(), errors::ACCOUNT_ONLY_SELF);
        }

        fn enter(ref self: ContractState) {
            assert(!self.executing.read(), errors::ACCOUNT_REENTRANT_CALL);
            self.executing.write(true);
        }

        fn leave(ref self: ContractState) {
            self.executing.write(false);
        }

        fn assert_owner_signature(
            self: @ContractState, transaction_hash: felt252, owner: OwnerSignature,
        ) {
            assert(
                is_valid_stark_signature(transaction_hash, self.public_key.read(), owner.r, owner.s),
                errors::ACCOUNT_INVALID_SIGNATURE,
            );
        }

        /// Marks `nonce` used in the nonce space of `signer` (and in the view's record).
        fn use_outside_nonce(ref self: ContractState, signer: felt252, nonce: felt252) {
            if self.outside_nonces_of.read((signer, nonce)) {
                core::panic_with_felt252(errors::OUTSIDE_DUPLICATE_NONCE);
            }
            self.outside_nonces_of.write((signer, nonce), true);
            self.outside_nonces.write(nonce, true);
        }

        /// Declare and deploy-account validation: owner `[r, s]` over the transaction hash only.
        fn validate_owner_only(self: @ContractState, session_error: felt252) -> felt252 {
            let tx_info = get_tx_info().unbox();
            match parse_signature(tx_info.signature) {
                AccountSignature::Owner(owner) => self
                    .assert_owner_signature(tx_info.transaction_hash, owner),
                AccountSignature::Invalid => core::panic_with_felt252(
                    errors::ACCOUNT_INVALID_SIG_LENGTH,
                ),
                _ => core::panic_with_felt252(session_error),
            };
            VALIDATED
        }

        fn read_session(self: @ContractState, session_key: felt252) -> SessionRecord {
            let stored = self.sessions.read(session_key);
            stored_session::to_record(@stored, self.fee_cap_of(session_key, @stored))
        }

        /// `(fee_budget, fee_used)` of a session.
        fn read_fee(self: @ContractState, session_key: felt252) -> (u128, u128) {
            (self.session_fee_budget.read(session_key), self.session_fee_used.read(session_key))
        }

        fn fee_cap_of(self: @ContractState, session_key: felt252, stored: @StoredSession) -> u128 {
            if *stored.has_fee_cap {
                self.session_max_fee.read(session_key)
            } else {
                0
            }
        }

        /// Rules 1 to 5 and 7 for a session signature and its calls (the fee cap, rule 6, only
        /// when `check_fee` is set); returns the stored session.
        fn check_session_request(
            self: @ContractState,
            session: @SessionSignature,
            calls: Span<Call>,
            now: u64,
            account: ContractAddress,
            check_fee: bool,
        ) -> Result<(StoredSession, u128, u128), felt252> {
            let session_key = *session.session_key;
            let signed_valid_until = session_rules::parse_valid_until(*session.valid_until)?;
            let stored = self.sessions.read(session_key);
            let max_fee_per_tx = self.fee_cap_of(session_key, @stored);
            session_rules::check_usable(
                @stored_session::to_record(@stored, max_fee_per_tx),
                self.session_epoch.read(),
                signed_valid_until,
                now,
            )?;
            // Rule 6: the fee cap, then the lifetime fee budget. The returned amounts are the
            // budget and its new `fee_used` (both 0 without `check_fee`).
            let mut fee_budget: u128 = 0;
            let mut fee_used: u128 = 0;
            if check_fee {
                let tx_info = get_tx_info().unbox();
                let fee = session_rules::max_transaction_fee(
                    tx_info.resource_bounds, tx_info.tip, tx_info.max_fee,
                );
                session_rules::check_fee_cap(max_fee_per_tx, fee)?;
                let (budget, used) = self.read_fee(session_key);
                session_rules::check_fee_budget(budget, used, fee)?;
                // Fits: `used + fee <= budget < 2^128`.
                fee_budget = budget;
                fee_used = used + fee.try_into().unwrap();
            }
            let allow_list = StoredAllowList {
                state: self,
                session_key,
                generation: stored.generation,
                len: stored.allowed_len.into(),
            };
            session_rules::check_calls(calls, account, @allow_list)?;
            Result::Ok((stored, fee_budget, fee_used))
        }

        /// `__validate__` for a session signature: every rule, then the call is used.
        fn validate_session_transaction(
            ref self: ContractState,
            tx_info: @TxInfo,
            session: @SessionSignature,
            calls: Span<Call>,
            now: u64,
            account: ContractAddress,
        ) -> Result<(), felt252> {
            let (stored, _, fee_used) = self
                .check_session_request(session, calls, now, account, true)?;
            let session_key = *session.session_key;
            let message = session_tx_message(
                *tx_info.transaction_hash, session_key, (*session.valid_until).try_into().unwrap(),
            );
            if !is_valid_stark_signature(message, session_key, *session.r, *session.s) {
                return Result::Err(errors::SESSION_INVALID_SIGNATURE);
            }
            self.use_session_call(session_key, stored);
            // The maximum fee is reserved in validation, so a transaction that reverts or pays
            // less still counts in full: the budget bounds what the protocol can charge.
            self.session_fee_used.write(session_key, fee_used);
            Result::Ok(())
        }

        fn use_session_call(ref self: ContractState, session_key: felt252, stored: StoredSession) {
            let calls_used = stored.calls_used + 1;
            self.sessions.write(session_key, stored.with_calls_used(calls_used));
            self.emit(SessionUsed { session_key, calls_used });
        }

        /// Runs a session request under its spending policies. A session with no policy that is
        /// not strict runs its calls as they are. Otherwise the calldata checks come first
        /// (`spending::check_declared`); then every policy token's balance is read before the
        /// first call and after each call, and what one call lowers it by must fit the per-call
        /// cap. Every allowance the request set on a policy token is read once it is over: a
        /// strict session may not leave one higher than it found it, and for any other session
        /// the whole allowance counts as spent (a spender can pull it at any later time, unseen).
        /// What left in total, per token, must fit the window; it is then recorded.
        fn execute_session_calls(
            ref self: ContractState,
            session_key: felt252,
            stored: @StoredSession,
            calls: Span<Call>,
            now: u64,
            account: ContractAddress,
        ) -> Array<Span<felt252>> {
            let strict = *stored.strict;
            if *stored.policy_count == 0 && !strict {
                return execute_calls(calls);
            }
            let policies = self.load_policies(session_key, *stored.policy_count, now);
            raise_err(spending::check_declared(policies.span(), strict, calls, account));
            if policies.is_empty() {
                return execute_calls(calls);
            }
            let mut tokens: Array<ContractAddress> = array![];
            for policy in policies.span() {
                tokens.append(*policy.token);
            };
            let mut balances = token_reads::balances_of(tokens.span(), account);
            let mut totals: Array<u256> = array![];
            for _ in 0..policies.len() {
                totals.append(0);
            };
            let mut grants: Array<Grant> = array![];
            let mut results: Array<Span<felt252>> = array![];
            for call in calls {
                if let Option::Some(grant) = grant_of(policies.span(), grants.span(), call, account) {
                    grants.append(grant);
                }
                results
                    .append(
                        call_contract_syscall(*call.to, *call.selector, *call.calldata)
                            .unwrap_syscall(),
                    );
                let after = token_reads::balances_of(tokens.span(), account);
                let mut next_totals: Array<u256> = array![];
                for index in 0..policies.len() {
                    let left = spending::outflow(*balances.at(index), *after.at(index));
                    if left > *policies.at(index).max_per_call {
                        core::panic_with_felt252(errors::POLICY_EXCEEDS_PER_CALL);
                    }
                    next_totals.append(*totals.at(index) + left);
                };
                totals = next_totals;
                balances = after;
            };
            for grant in grants.span() {
                let policy = *policies.at(*grant.policy);
                let allowance = token_reads::allowance(policy.token, account, *grant.spender);
                if strict {
                    if allowance > *grant.before {
                        core::panic_with_felt252(errors::POLICY_ALLOWANCE_LEFT);
                    }
                } else if allowance != 0 {
                    if allowance > policy.max_per_call {
                        core::panic_with_felt252(errors::POLICY_EXCEEDS_PER_CALL);
                    }
                    totals = add_at(totals.span(), *grant.policy, allowance);
                }
            };
            for index in 0..policies.len() {
                let amount = *totals.at(index);
                if amount != 0 {
                    let policy = *policies.at(index);
                    if amount > spending::room(policy.max_per_window, policy.spent) {
                        core::panic_with_felt252(errors::POLICY_EXCEEDS_WINDOW);
                    }
                    self.record_spend(session_key, @policy, amount);
                }
            };
            results
        }

        /// Every policy of a session, with what its window counts at `now`.
        fn load_policies(
            self: @ContractState, session_key: felt252, count: u16, now: u64,
        ) -> Array<PolicyState> {
            let mut policies: Array<PolicyState> = array![];
            let count: u32 = count.into();
            for index in 0..count {
                let token = self.policy_token_at.read((session_key, index));
                let key = (session_key, token);
                let window = self.policy_window.read(key);
                let generation = window.generation;
                let bucket = spending::bucket_of(
                    now, spending::bucket_seconds(window.window_seconds),
                );
                let ring = self.ring(session_key, token, generation);
                let mut spent = spending::window_spent(ring.span(), bucket);
                let slot: u32 = spending::slot_of(bucket).into();
                // Only a change of window length (generation 2 onwards) carries an amount over.
                if generation > 1 && now < self.policy_carried_until.read(key) {
                    spent += self.policy_carried_amount.read(key);
                }
                let (max_per_call, max_per_window) =
                    match pair_packing::unpack_pair(self.policy_limits.read(key)) {
                    Option::Some(limits) => limits,
                    Option::None => (
                        self.policy_max_per_call.read(key), self.policy_max_per_window.read(key),
                    ),
                };
                policies
                    .append(
                        PolicyState {
                            token,
                            max_per_call,
                            max_per_window,
                            spent,
                            generation,
                            bucket,
                            slot: *ring.at(slot),
                        },
                    );
            };
            policies
        }

        /// `is_valid_signature` with `[key, r, s, valid_until, ...OutsideExecution]`: every
        /// session and SNIP-9 rule of that outside execution, without consuming anything.
        fn check_session_message(
            self: @ContractState, hash: felt252, session: @SessionSignature, message: Span<felt252>,
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
            let (stored, _, _) = self
                .check_session_request(
                    session, outside_execution.calls, now, get_contract_address(), false,
                )?;
            if self.outside_nonces_of.read((session_key, outside_execution.nonce)) {
                return Result::Err(errors::OUTSIDE_DUPLICATE_NONCE);
            }
            check_time_window(@outside_execution, now)?;
            if stored.policy_count != 0 || stored.strict {
                let policies = self.load_policies(session_key, stored.policy_count, now);
                spending::check_declared(
                    policies.span(), stored.strict, outside_execution.calls, get_contract_address(),
                )?;
            }
            let message = session_oe_message(
                hash, session_key, (*session.valid_until).try_into().unwrap(),
            );
            if !is_valid_stark_signature(message, session_key, *session.r, *session.s) {
                return Result::Err(errors::SESSION_INVALID_SIGNATURE);
            }
            Result::Ok(())
        }

        fn register_session(
            ref self: ContractState,
            session_key: felt252,
            valid_until: u64,
            max_calls: u32,
            allowed_calls: Span<AllowedCall>,
            strict: bool,
            max_fee_per_tx: u128,
            fee_budget: u128,
        ) {
            let stored = self.sessions.read(session_key);
            let record = stored_session::to_record(@stored, 0);
            let epoch = self.session_epoch.read();
            raise_err(
                session_rules::check_registration(
                    session_key,
                    valid_until,
                    max_calls,
                    allowed_calls,
                    get_contract_address(),
                    get_block_timestamp(),
                    session_rules::is_revoked(@record, epoch),
                ),
            );
            let registered_epoch = if session_rules::is_registered(@record) {
                stored.epoch
            } else {
                epoch
            };
            let generation = stored.generation + 1;
            let mut index: u32 = 0;
            for entry in allowed_calls {
                self.session_allowed_at.write((session_key, generation, index), *entry);
                self
                    .session_allowed
                    .write((session_key, generation, *entry.contract, *entry.selector), true);
                index += 1;
            };
            // `calls_used`, the policy count and the spending history are kept on update.
            self
                .sessions
                .write(
                    session_key,
                    StoredSession {
                        valid_until,
                        max_calls,
                        calls_used: stored.calls_used,
                        epoch: registered_epoch,
                        generation,
                        allowed_len: allowed_calls.len().try_into().unwrap(),
                        policy_count: stored.policy_count,
                        revoked: stored.revoked,
                        strict,
                        has_fee_cap: max_fee_per_tx != 0,
                    },
                );
            if max_fee_per_tx != 0 {
                self.session_max_fee.write(session_key, max_fee_per_tx);
            }
            // `fee_used` is kept on update, like `calls_used`.
            self.session_fee_budget.write(session_key, fee_budget);
            self
                .emit(
                    SessionRegistered {
                        session_key,
                        valid_until,
                        max_calls,
                        allowed_calls_len: allowed_calls.len(),
                        strict,
                        max_fee_per_tx,
                        fee_budget,
                    },
                );
        }

        fn advance_epoch(ref self: ContractState) {
            let epoch = self.session_epoch.read() + 1;
            self.session_epoch.write(epoch);
            self.emit(AllSessionsRevoked { epoch });
        }

        /// The eight ring slots of the current history of `(session_key, token)`.
        fn window_slots(
            self: @ContractState, session_key: felt252, token: ContractAddress,
        ) -> Array<BucketSlot> {
            self.ring(session_key, token, self.policy_window.read((session_key, token)).generation)
        }

        /// The eight ring slots of history `generation` of `(session_key, token)`.
        fn ring(
            self: @ContractState, session_key: felt252, token: ContractAddress, generation: u32,
        ) -> Array<BucketSlot> {
            let mut slots: Array<BucketSlot> = array![];
            for slot in 0..8_u8 {
                slots.append(self.spend_slots.read((session_key, token, generation, slot)));
            };
            slots
        }

        /// What the window counts at `now`: the ring, plus any amount carried over a change of
        /// window length until it may be released.
        fn window_spent_now(
            self: @ContractState, session_key: felt252, token: ContractAddress, now: u64,
        ) -> u256 {
            let key = (session_key, token);
            let bucket_seconds = spending::bucket_seconds(
                self.policy_window.read(key).window_seconds,
            );
            let spent = spending::window_spent(
                self.window_slots(session_key, token).span(),
                spending::bucket_of(now, bucket_seconds),
            );
            if now < self.policy_carried_until.read(key) {
                spent + self.policy_carried_amount.read(key)
            } else {
                spent
            }
        }

        /// Before the window length of `(session_key, token)` changes to `new_window_seconds`:
        /// everything the current history still counts is carried over as one amount, counted
        /// until the later of the time the old window would release it (its newest bucket's
        /// release) and the time the new window would (as if spent now). A change of window
        /// therefore never frees a counted spend early.
        fn carry_over(
            ref self: ContractState,
            session_key: felt252,
            token: ContractAddress,
            new_window_seconds: u64,
            now: u64,
        ) {
            let key = (session_key, token);
            let old_window_seconds = self.policy_window.read(key).window_seconds;
            if old_window_seconds == 0 {
                return;
            }
            let spent = self.window_spent_now(session_key, token, now);
            if spent == 0 {
                return;
            }
            let old_bucket_seconds = spending::bucket_seconds(old_window_seconds);
            let new_bucket_seconds = spending::bucket_seconds(new_window_seconds);
            let mut until = spending::release_time(
                spending::bucket_of(now, old_bucket_seconds), old_bucket_seconds,
            );
            let new_release = spending::release_time(
                spending::bucket_of(now, new_bucket_seconds), new_bucket_seconds,
            );
            if new_release > until {
                until = new_release;
            }
            let carried_until = self.policy_carried_until.read(key);
            if now < carried_until && carried_until > until {
                until = carried_until;
            }
            self.policy_carried_amount.write(key, spent);
            self.policy_carried_until.write(key, until);
        }

        /// Adds `amount` to the current bucket of `policy`'s ring.
        fn record_spend(
            ref self: ContractState, session_key: felt252, policy: @PolicyState, amount: u256,
        ) {
            let token = *policy.token;
            let bucket = *policy.bucket;
            let slot_key = (session_key, token, *policy.generation, spending::slot_of(bucket));
            let current = *policy.slot;
            let updated = if current.bucket == bucket {
                BucketSlot { bucket, amount: current.amount + amount }
            } else {
                BucketSlot { bucket, amount }
            };
            self.spend_slots.write(slot_key, updated);
            let spent_in_window = *policy.spent + amount;
            self
                .emit(
                    SessionSpent {
                        session_key,
                        token,
                        amount,
                        spent_in_window,
                        remaining_in_window: spending::room(*policy.max_per_window, spent_in_window),
                    },
                );
        }
    }

    /// Panics with the error felt of a failed check.
    fn raise_err<T, +Drop<T>>(result: Result<T, felt252>) -> T {
        match result {
            Result::Ok(value) => value,
            Result::Err(error) => core::panic_with_felt252(error),
        }
    }

    /// A real (non-zero) transaction version; query versions `2^128 + v` count as `v`.
    fn is_supported_tx_version(version: felt252) -> bool {
        let version: u256 = version.into();
        version.low != 0
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

    /// The allowance `call` sets, when it is a grant on a policy token to a spender this request
    /// has not granted yet, with the allowance before it.
    fn grant_of(
        policies: Span<PolicyState>, grants: Span<Grant>, call: @Call, account: ContractAddress,
    ) -> Option<Grant> {
        if !spending::is_allowance_grant(*call.selector) {
            return Option::None;
        }
        let policy = spending::find_policy(policies, *call.to)?;
        // `check_declared` already required the ERC-20 calldata length.
        let calldata: Span<felt252> = *call.calldata;
        let spender: ContractAddress = match (*calldata.at(0)).try_into() {
            Option::Some(spender) => spender,
            Option::None => core::panic_with_felt252(errors::POLICY_BAD_CALLDATA),
        };
        let mut seen = false;
        for grant in grants {
            if *grant.policy == policy && *grant.spender == spender {
                seen = true;
                break;
            }
        };
        if seen {
            return Option::None;
        }
        Option::Some(
            Grant { policy, spender, before: token_reads::allowance(*call.to, account, spender) },
        )
    }

    /// `values` with `amount` added at `index`.
    fn add_at(values: Span<u256>, index: u32, amount: u256) -> Array<u256> {
        let mut updated: Array<u256> = array![];
        let mut position: u32 = 0;
        for value in values {
            updated.append(if position == index {
                *value + amount
            } else {
                *value
            });
            position += 1;
        };
        updated
    }

    /// Runs every call; any failure reverts the whole request.
    fn execute_calls(calls: Span<Call>) -> Array<Span<felt252>> {
        let mut results: Array<Span<felt252>> = array![];
        for call in calls {
            results.append(call_contract_syscall(*call.to, *call.selector, *call.calldata).unwrap_syscall());
        };
        results
    }
}
