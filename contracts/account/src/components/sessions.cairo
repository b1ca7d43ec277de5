//! Session keys: registration, revocation (one key or every key, by epoch), the allow-list, the
//! call count, the per-transaction fee cap and the lifetime fee budget, and the validation of a
//! session transaction.

#[starknet::component]
pub mod SessionsComponent {
    use crate::errors;
    use crate::execution::assert_only_self;
    use crate::interfaces::{AllowedCall, ISessionManager, SessionConfig, SessionData};
    use crate::session_rules;
    use crate::session_rules::{AllowList, SessionRecord};
    use crate::signature::{SessionSignature, is_valid_stark_signature, session_tx_message};
    use crate::stored_session;
    use crate::session_usage;
    use crate::session_usage::{SessionUsage, SessionUsagePacking};
    use crate::stored_session::{StoredSession, StoredSessionPacking, StoredSessionUpdates};
    use starknet::account::Call;
    use starknet::info::v2::TxInfo;
    use starknet::storage::{
        Map, StorageMapReadAccess, StorageMapWriteAccess, StoragePointerReadAccess,
        StoragePointerWriteAccess,
    };
    use starknet::{ContractAddress, contract_address_const, get_block_timestamp, get_contract_address};

    /// A session registered through the v33 form, which cannot name a fee budget, gets this much
    /// per allowed call: 0.05 STRK.
    pub const DEFAULT_FEE_PER_CALL: u128 = 50_000_000_000_000_000;

    #[storage]
    pub struct Storage {
        /// Current session epoch; a session registered in an earlier one is revoked.
        pub Sessions_epoch: u32,
        /// Every setting the transaction paths read about a session, in one slot.
        pub Sessions_sessions: Map<felt252, StoredSession>,
        /// Calls used and fee budget left, in one slot: what a session transaction writes.
        pub Sessions_usage: Map<felt252, SessionUsage>,
        /// Read only when the session's `has_fee_cap` is set.
        pub Sessions_max_fee: Map<felt252, u128>,
        /// Lifetime fee budget (fri), read by the getters and when a registration changes it.
        pub Sessions_fee_budget: Map<felt252, u128>,
        /// (session, generation, index) -> entry, for the getters.
        pub Sessions_allowed_at: Map<(felt252, u32, u32), AllowedCall>,
        /// (session, generation, contract, selector) -> on the list, for O(1) checks.
        pub Sessions_allowed: Map<(felt252, u32, ContractAddress, felt252), bool>,
    }

    #[event]
    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub enum Event {
        SessionRegistered: SessionRegistered,
        SessionRevoked: SessionRevoked,
        AllSessionsRevoked: AllSessionsRevoked,
        SessionUsed: SessionUsed,
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

    #[embeddable_as(SessionManagerImpl)]
    impl SessionManager<
        TContractState, +HasComponent<TContractState>, +Drop<TContractState>,
    > of ISessionManager<ComponentState<TContractState>> {
        fn add_or_update_session_key(
            ref self: ComponentState<TContractState>,
            session_key: felt252,
            valid_until: u64,
            max_calls: u32,
            allowed_entrypoints: Array<felt252>,
        ) {
            assert_only_self();
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
                self.Sessions_fee_budget.read(session_key)
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

        fn add_or_update_session(
            ref self: ComponentState<TContractState>, session_key: felt252, config: SessionConfig,
        ) {
            assert_only_self();
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

        fn revoke_session_key(ref self: ComponentState<TContractState>, session_key: felt252) {
            assert_only_self();
            let stored = self.Sessions_sessions.read(session_key);
            self.Sessions_sessions.write(session_key, stored.revoked());
            self.emit(SessionRevoked { session_key });
        }

        fn revoke_all(ref self: ComponentState<TContractState>) {
            assert_only_self();
            self.advance_epoch();
        }

        fn get_session_data(
            self: @ComponentState<TContractState>, session_key: felt252,
        ) -> SessionData {
            let stored = self.Sessions_sessions.read(session_key);
            let usage = self.Sessions_usage.read(session_key);
            let record = stored_session::to_record(
                @stored, @usage, self.fee_cap_of(session_key, @stored),
            );
            let epoch = self.Sessions_epoch.read();
            let now = get_block_timestamp();
            let fee_budget = self.Sessions_fee_budget.read(session_key);
            let fee_used = fee_budget - usage.fee_left;
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

        fn get_session_allowed_calls(
            self: @ComponentState<TContractState>, session_key: felt252,
        ) -> Array<AllowedCall> {
            let stored = self.Sessions_sessions.read(session_key);
            let len: u32 = stored.allowed_len.into();
            let mut entries: Array<AllowedCall> = array![];
            for index in 0..len {
                entries
                    .append(
                        self.Sessions_allowed_at.read((session_key, stored.generation, index)),
                    );
            };
            entries
        }

        fn get_session_allowed_entrypoints_len(
            self: @ComponentState<TContractState>, session_key: felt252,
        ) -> u32 {
            self.Sessions_sessions.read(session_key).allowed_len.into()
        }

        fn get_session_allowed_entrypoint_at(
            self: @ComponentState<TContractState>, session_key: felt252, index: u32,
        ) -> felt252 {
            let stored = self.Sessions_sessions.read(session_key);
            if index >= stored.allowed_len.into() {
                return 0;
            }
            self.Sessions_allowed_at.read((session_key, stored.generation, index)).selector
        }

        fn get_session_epoch(self: @ComponentState<TContractState>) -> u32 {
            self.Sessions_epoch.read()
        }
    }

    /// The current allow-list of one session, read from storage on demand.
    pub struct StoredAllowList<TContractState> {
        state: @ComponentState<TContractState>,
        session_key: felt252,
        generation: u32,
        len: u32,
    }

    impl StoredAllowListDrop<TContractState> of Drop<StoredAllowList<TContractState>>;

    impl StoredAllowListImpl<
        TContractState, +HasComponent<TContractState>,
    > of AllowList<StoredAllowList<TContractState>> {
        fn entries_len(self: @StoredAllowList<TContractState>) -> u32 {
            *self.len
        }

        fn contains(
            self: @StoredAllowList<TContractState>, contract: ContractAddress, selector: felt252,
        ) -> bool {
            let state: @ComponentState<TContractState> = *self.state;
            state.Sessions_allowed.read((*self.session_key, *self.generation, contract, selector))
        }
    }

    #[generate_trait]
    pub impl InternalImpl<
        TContractState, +HasComponent<TContractState>,
    > of InternalTrait<TContractState> {
        /// The storage form of a session.
        fn stored(self: @ComponentState<TContractState>, session_key: felt252) -> StoredSession {
            self.Sessions_sessions.read(session_key)
        }

        fn write_stored(
            ref self: ComponentState<TContractState>, session_key: felt252, stored: StoredSession,
        ) {
            self.Sessions_sessions.write(session_key, stored);
        }

        fn read_session(self: @ComponentState<TContractState>, session_key: felt252) -> SessionRecord {
            let stored = self.Sessions_sessions.read(session_key);
            let usage = self.Sessions_usage.read(session_key);
            stored_session::to_record(@stored, @usage, self.fee_cap_of(session_key, @stored))
        }

        fn fee_cap_of(
            self: @ComponentState<TContractState>, session_key: felt252, stored: @StoredSession,
        ) -> u128 {
            if *stored.has_fee_cap {
                self.Sessions_max_fee.read(session_key)
            } else {
                0
            }
        }

        /// Rules 1 to 5 and 7 for a session signature and its calls, plus rule 6 (the fee cap and
        /// the fee budget) when a transaction's `tx_info` is given. Returns the stored session and
        /// its usage after this request: one more call, and the transaction's maximum fee taken
        /// from the budget.
        fn check_session_request(
            self: @ComponentState<TContractState>,
            session: @SessionSignature,
            calls: Span<Call>,
            now: u64,
            account: ContractAddress,
            tx_info: Option<@TxInfo>,
        ) -> Result<(StoredSession, SessionUsage), felt252> {
            let session_key = *session.session_key;
            let signed_valid_until = session_rules::parse_valid_until(*session.valid_until)?;
            let stored = self.Sessions_sessions.read(session_key);
            let usage = self.Sessions_usage.read(session_key);
            let max_fee_per_tx = self.fee_cap_of(session_key, @stored);
            session_rules::check_usable(
                @stored_session::to_record(@stored, @usage, max_fee_per_tx),
                self.Sessions_epoch.read(),
                signed_valid_until,
                now,
            )?;
            let mut fee_left = usage.fee_left;
            if let Option::Some(tx_info) = tx_info {
                let fee = session_rules::max_transaction_fee(
                    *tx_info.resource_bounds, *tx_info.tip, *tx_info.max_fee,
                );
                session_rules::check_fee_cap(max_fee_per_tx, fee)?;
                fee_left = session_rules::debit_fee_budget(fee_left, fee)?;
            }
            let allow_list = StoredAllowList {
                state: self,
                session_key,
                generation: stored.generation,
                len: stored.allowed_len.into(),
            };
            session_rules::check_calls(calls, account, @allow_list)?;
            Result::Ok((stored, SessionUsage { calls_used: usage.calls_used + 1, fee_left }))
        }

        /// `__validate__` for a session signature: every rule, then the call is used.
        fn validate_session_transaction(
            ref self: ComponentState<TContractState>,
            tx_info: @TxInfo,
            session: @SessionSignature,
            calls: Span<Call>,
            now: u64,
            account: ContractAddress,
        ) -> Result<(), felt252> {
            let (_, usage) = self
                .check_session_request(session, calls, now, account, Option::Some(tx_info))?;
            let session_key = *session.session_key;
            let message = session_tx_message(
                *tx_info.transaction_hash, session_key, (*session.valid_until).try_into().unwrap(),
            );
            if !is_valid_stark_signature(message, session_key, *session.r, *session.s) {
                return Result::Err(errors::SESSION_INVALID_SIGNATURE);
            }
            // The maximum fee is reserved in validation, so a transaction that reverts or pays
            // less still counts in full: the budget bounds what the protocol can charge.
            self.record_usage(session_key, usage);
            Result::Ok(())
        }

        /// Stores the usage `check_session_request` returned.
        fn record_usage(
            ref self: ComponentState<TContractState>, session_key: felt252, usage: SessionUsage,
        ) {
            self.Sessions_usage.write(session_key, usage);
            self.emit(SessionUsed { session_key, calls_used: usage.calls_used });
        }

        fn register_session(
            ref self: ComponentState<TContractState>,
            session_key: felt252,
            valid_until: u64,
            max_calls: u32,
            allowed_calls: Span<AllowedCall>,
            strict: bool,
            max_fee_per_tx: u128,
            fee_budget: u128,
        ) {
            let stored = self.Sessions_sessions.read(session_key);
            let usage = self.Sessions_usage.read(session_key);
            let record = stored_session::to_record(@stored, @usage, 0);
            let epoch = self.Sessions_epoch.read();
            crate::execution::raise_err(
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
                self.Sessions_allowed_at.write((session_key, generation, index), *entry);
                self
                    .Sessions_allowed
                    .write((session_key, generation, *entry.contract, *entry.selector), true);
                index += 1;
            };
            // The usage, the policy count and the spending history are kept on update.
            self
                .Sessions_sessions
                .write(
                    session_key,
                    StoredSession {
                        valid_until,
                        max_calls,
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
                self.Sessions_max_fee.write(session_key, max_fee_per_tx);
            }
            // What the session already used of its budget stays used.
            let old_budget = self.Sessions_fee_budget.read(session_key);
            let fee_left = session_usage::fee_left_after_budget_change(@usage, old_budget, fee_budget);
            self.Sessions_fee_budget.write(session_key, fee_budget);
            self
                .Sessions_usage
                .write(session_key, SessionUsage { calls_used: usage.calls_used, fee_left });
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

        fn advance_epoch(ref self: ComponentState<TContractState>) {
            let epoch = self.Sessions_epoch.read() + 1;
            self.Sessions_epoch.write(epoch);
            self.emit(AllSessionsRevoked { epoch });
        }
    }
}
