//! Spending policies: per session and token, a per-call cap and a cap over a sliding window,
//! enforced on what actually leaves the account (balances measured around every call, and the
//! allowances a request grants).

#[starknet::component]
pub mod SpendingComponent {
    use crate::components::sessions::SessionsComponent;
    use crate::components::sessions::SessionsComponent::InternalTrait as SessionsInternalTrait;
    use crate::errors;
    use crate::execution::{assert_only_self, execute_calls, raise_err};
    use crate::interfaces::{ISpendingPolicy, SpendingPolicyView};
    use crate::pair_packing;
    use crate::spending;
    use crate::spending::{
        BucketSlot, BucketSlotPacking, PolicyState, PolicyWindow, PolicyWindowPacking,
    };
    use crate::stored_session::{StoredSession, StoredSessionUpdates};
    use crate::token_reads;
    use starknet::account::Call;
    use starknet::storage::{Map, StorageMapReadAccess, StorageMapWriteAccess};
    use starknet::syscalls::call_contract_syscall;
    use starknet::{ContractAddress, SyscallResultTrait, get_block_timestamp};

    #[storage]
    pub struct Storage {
        pub Spending_policy_exists: Map<(felt252, ContractAddress), bool>,
        /// (session, index) -> token, for index < the session's `policy_count`: the tokens whose
        /// balances execution measures.
        pub Spending_policy_token_at: Map<(felt252, u32), ContractAddress>,
        /// (session, token) -> its index in `Spending_policy_token_at`.
        pub Spending_policy_index: Map<(felt252, ContractAddress), u32>,
        pub Spending_max_per_call: Map<(felt252, ContractAddress), u256>,
        pub Spending_max_per_window: Map<(felt252, ContractAddress), u256>,
        /// Both caps packed into one felt (`pair_packing::pack_pair`), what a request reads.
        pub Spending_limits: Map<(felt252, ContractAddress), felt252>,
        /// The window length and its ring generation, bumped when the length changes: the new
        /// length starts a new ring, and what the old ring still counted is carried over (below)
        /// until it may be released.
        pub Spending_window: Map<(felt252, ContractAddress), PolicyWindow>,
        /// A spent amount carried over a change of window length, counted until `carried_until`.
        pub Spending_carried_until: Map<(felt252, ContractAddress), u64>,
        pub Spending_carried_amount: Map<(felt252, ContractAddress), u256>,
        /// (session, token, policy generation, ring slot) -> bucket.
        pub Spending_slots: Map<(felt252, ContractAddress, u32, u8), BucketSlot>,
    }

    #[event]
    #[derive(Drop, PartialEq, Debug, starknet::Event)]
    pub enum Event {
        SessionSpent: SessionSpent,
        SpendingPolicySet: SpendingPolicySet,
        SpendingPolicyRemoved: SpendingPolicyRemoved,
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

    #[embeddable_as(SpendingPolicyImpl)]
    impl SpendingPolicy<
        TContractState,
        +HasComponent<TContractState>,
        +Drop<TContractState>,
        impl Sessions: SessionsComponent::HasComponent<TContractState>,
    > of ISpendingPolicy<ComponentState<TContractState>> {
        fn set_spending_policy(
            ref self: ComponentState<TContractState>,
            session_key: felt252,
            token: ContractAddress,
            max_per_call: u256,
            max_per_window: u256,
            window_seconds: u64,
        ) {
            assert_only_self();
            assert(window_seconds != 0, errors::POLICY_INVALID_WINDOW);
            let key = (session_key, token);
            if !self.Spending_policy_exists.read(key) {
                let mut sessions = get_dep_component_mut!(ref self, Sessions);
                let stored = sessions.stored(session_key);
                let index: u32 = stored.policy_count.into();
                assert(index < spending::MAX_POLICIES, errors::POLICY_TOO_MANY_POLICIES);
                self.Spending_policy_token_at.write((session_key, index), token);
                self.Spending_policy_index.write(key, index);
                sessions
                    .write_stored(session_key, stored.with_policy_count(stored.policy_count + 1));
            }
            let window = self.Spending_window.read(key);
            if window.window_seconds != window_seconds {
                self.carry_over(session_key, token, window_seconds, get_block_timestamp());
                self
                    .Spending_window
                    .write(key, PolicyWindow { window_seconds, generation: window.generation + 1 });
            }
            self.Spending_policy_exists.write(key, true);
            self.Spending_max_per_call.write(key, max_per_call);
            self.Spending_max_per_window.write(key, max_per_window);
            self.Spending_limits.write(key, pair_packing::pack_pair(max_per_call, max_per_window));
            self
                .emit(
                    SpendingPolicySet {
                        session_key, token, max_per_call, max_per_window, window_seconds,
                    },
                );
        }

        fn remove_spending_policy(
            ref self: ComponentState<TContractState>, session_key: felt252, token: ContractAddress,
        ) {
            assert_only_self();
            let key = (session_key, token);
            if self.Spending_policy_exists.read(key) {
                // The last listed token takes the removed one's index.
                let mut sessions = get_dep_component_mut!(ref self, Sessions);
                let stored = sessions.stored(session_key);
                let last: u32 = stored.policy_count.into() - 1;
                let index = self.Spending_policy_index.read(key);
                if index != last {
                    let moved = self.Spending_policy_token_at.read((session_key, last));
                    self.Spending_policy_token_at.write((session_key, index), moved);
                    self.Spending_policy_index.write((session_key, moved), index);
                }
                sessions
                    .write_stored(session_key, stored.with_policy_count(stored.policy_count - 1));
            }
            self.Spending_policy_exists.write(key, false);
            self.Spending_max_per_call.write(key, 0);
            self.Spending_max_per_window.write(key, 0);
            self.Spending_limits.write(key, 0);
            self.emit(SpendingPolicyRemoved { session_key, token });
        }

        fn get_spending_policy(
            self: @ComponentState<TContractState>, session_key: felt252, token: ContractAddress,
        ) -> SpendingPolicyView {
            let key = (session_key, token);
            if !self.Spending_policy_exists.read(key) {
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
            let window_seconds = self.Spending_window.read(key).window_seconds;
            let max_per_window = self.Spending_max_per_window.read(key);
            let now = get_block_timestamp();
            let bucket_seconds = spending::bucket_seconds(window_seconds);
            let current = spending::bucket_of(now, bucket_seconds);
            let slots = self.window_slots(session_key, token);
            let carried_until = self.Spending_carried_until.read(key);
            let mut spent = spending::window_spent(slots.span(), current);
            let mut next_release_at = spending::next_release(slots.span(), current, bucket_seconds);
            if now < carried_until {
                spent += self.Spending_carried_amount.read(key);
                if next_release_at == 0 || carried_until < next_release_at {
                    next_release_at = carried_until;
                }
            }
            SpendingPolicyView {
                exists: true,
                max_per_call: self.Spending_max_per_call.read(key),
                max_per_window,
                window_seconds,
                spent_in_window: spent,
                remaining_in_window: spending::room(max_per_window, spent),
                next_release_at,
            }
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
    pub impl InternalImpl<
        TContractState, +HasComponent<TContractState>,
    > of InternalTrait<TContractState> {
        /// Every policy of a session, with what its window counts at `now`.
        fn load_policies(
            self: @ComponentState<TContractState>, session_key: felt252, count: u16, now: u64,
        ) -> Array<PolicyState> {
            let mut policies: Array<PolicyState> = array![];
            let count: u32 = count.into();
            for index in 0..count {
                let token = self.Spending_policy_token_at.read((session_key, index));
                let key = (session_key, token);
                let window = self.Spending_window.read(key);
                let generation = window.generation;
                let bucket = spending::bucket_of(
                    now, spending::bucket_seconds(window.window_seconds),
                );
                let ring = self.ring(session_key, token, generation);
                let mut spent = spending::window_spent(ring.span(), bucket);
                let slot: u32 = spending::slot_of(bucket).into();
                // Only a change of window length (generation 2 onwards) carries an amount over.
                if generation > 1 && now < self.Spending_carried_until.read(key) {
                    spent += self.Spending_carried_amount.read(key);
                }
                let (max_per_call, max_per_window) =
                    match pair_packing::unpack_pair(self.Spending_limits.read(key)) {
                    Option::Some(limits) => limits,
                    Option::None => (
                        self.Spending_max_per_call.read(key), self.Spending_max_per_window.read(key),
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

        /// The calldata checks of `spending::check_declared` for a request of a session (a
        /// session with no policy that is not strict has none).
        fn check_declared(
            self: @ComponentState<TContractState>,
            session_key: felt252,
            stored: @StoredSession,
            calls: Span<Call>,
            now: u64,
            account: ContractAddress,
        ) -> Result<(), felt252> {
            if *stored.policy_count == 0 && !*stored.strict {
                return Result::Ok(());
            }
            let policies = self.load_policies(session_key, *stored.policy_count, now);
            spending::check_declared(policies.span(), *stored.strict, calls, account)
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
            ref self: ComponentState<TContractState>,
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

        /// The eight ring slots of the current history of `(session_key, token)`.
        fn window_slots(
            self: @ComponentState<TContractState>, session_key: felt252, token: ContractAddress,
        ) -> Array<BucketSlot> {
            self
                .ring(
                    session_key, token, self.Spending_window.read((session_key, token)).generation,
                )
        }

        /// The eight ring slots of history `generation` of `(session_key, token)`.
        fn ring(
            self: @ComponentState<TContractState>,
            session_key: felt252,
            token: ContractAddress,
            generation: u32,
        ) -> Array<BucketSlot> {
            let mut slots: Array<BucketSlot> = array![];
            for slot in 0..8_u8 {
                slots.append(self.Spending_slots.read((session_key, token, generation, slot)));
            };
            slots
        }

        /// What the window counts at `now`: the ring, plus any amount carried over a change of
        /// window length until it may be released.
        fn window_spent_now(
            self: @ComponentState<TContractState>,
            session_key: felt252,
            token: ContractAddress,
            now: u64,
        ) -> u256 {
            let key = (session_key, token);
            let bucket_seconds = spending::bucket_seconds(
                self.Spending_window.read(key).window_seconds,
            );
            let spent = spending::window_spent(
                self.window_slots(session_key, token).span(),
                spending::bucket_of(now, bucket_seconds),
            );
            if now < self.Spending_carried_until.read(key) {
                spent + self.Spending_carried_amount.read(key)
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
            ref self: ComponentState<TContractState>,
            session_key: felt252,
            token: ContractAddress,
            new_window_seconds: u64,
            now: u64,
        ) {
            let key = (session_key, token);
            let old_window_seconds = self.Spending_window.read(key).window_seconds;
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
            let carried_until = self.Spending_carried_until.read(key);
            if now < carried_until && carried_until > until {
                until = carried_until;
            }
            self.Spending_carried_amount.write(key, spent);
            self.Spending_carried_until.write(key, until);
        }

        /// Adds `amount` to the current bucket of `policy`'s ring.
        fn record_spend(
            ref self: ComponentState<TContractState>,
            session_key: felt252,
            policy: @PolicyState,
            amount: u256,
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
            self.Spending_slots.write(slot_key, updated);
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
}
