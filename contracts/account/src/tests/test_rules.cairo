//! Pure rule functions: session status, fee bound, amount decoding and the sliding window.

use crate::errors;
use crate::session_rules::{
    STATUS_ACTIVE, STATUS_EXHAUSTED, STATUS_EXPIRED, STATUS_REVOKED, STATUS_UNKNOWN,
    SessionRecord, check_fee_cap, check_usable, max_transaction_fee, parse_valid_until,
    remaining_calls, status,
};
use crate::spending::{
    BucketSlot, PolicyState, bucket_of, bucket_seconds, check_declared, check_spend, decode_u256,
    is_allowance_grant, is_forbidden_in_strict, is_value_moving, moves_value_undecoded,
    next_release, outflow, release_time, room, slot_of, spent_amount, window_spent,
};
use crate::pair_packing::{WIDE_PAIR, pack_pair, unpack_pair};
use starknet::account::Call;
use core::poseidon::poseidon_hash_span;
use starknet::contract_address_const;
use starknet::info::v2::ResourceBounds;

fn record(valid_until: u64, max_calls: u32, calls_used: u32, epoch: u32, revoked: bool) -> SessionRecord {
    SessionRecord {
        valid_until, max_calls, calls_used, epoch, revoked, strict: false, max_fee_per_tx: 0,
    }
}

#[test]
fn test_session_rules_status_precedence() {
    assert(status(@record(0, 0, 0, 0, false), 0, 100) == STATUS_UNKNOWN, 'unknown');
    assert(status(@record(0, 0, 0, 0, true), 0, 100) == STATUS_REVOKED, 'tombstone only');
    assert(status(@record(200, 5, 0, 0, false), 0, 100) == STATUS_ACTIVE, 'active');
    assert(status(@record(200, 5, 0, 0, false), 0, 200) == STATUS_ACTIVE, 'active at expiry');
    assert(status(@record(200, 5, 0, 0, false), 0, 201) == STATUS_EXPIRED, 'expired');
    assert(status(@record(200, 5, 5, 0, false), 0, 100) == STATUS_EXHAUSTED, 'exhausted');
    assert(status(@record(200, 5, 5, 0, false), 0, 300) == STATUS_EXPIRED, 'expired first');
    assert(status(@record(200, 5, 0, 0, true), 0, 300) == STATUS_REVOKED, 'revoked first');
    assert(status(@record(200, 5, 0, 0, false), 1, 100) == STATUS_REVOKED, 'old epoch');
    assert(remaining_calls(@record(200, 5, 2, 0, false), 0, 100) == 3, 'remaining');
    assert(remaining_calls(@record(200, 5, 2, 0, false), 0, 201) == 0, 'none when expired');
    assert(remaining_calls(@record(200, 5, 2, 0, true), 0, 100) == 0, 'none when revoked');
}

#[test]
fn test_session_rules_parse_valid_until() {
    assert(parse_valid_until(0xffffffffffffffff) == Result::Ok(0xffffffffffffffff), 'max u64');
    assert(
        parse_valid_until(0x10000000000000000) == Result::Err(errors::SESSION_INVALID_VALID_UNTIL),
        '2^64',
    );
    assert(parse_valid_until(-1) == Result::Err(errors::SESSION_INVALID_VALID_UNTIL), 'p - 1');
}

#[test]
fn test_session_rules_check_usable_order() {
    let live = record(200, 5, 0, 0, false);
    assert(check_usable(@live, 0, 200, 100) == Result::Ok(()), 'ok');
    assert(
        check_usable(@record(0, 0, 0, 0, false), 0, 200, 100) == Result::Err(errors::SESSION_NOT_REGISTERED),
        'not registered',
    );
    assert(
        check_usable(@record(0, 0, 0, 0, true), 0, 200, 100) == Result::Err(errors::SESSION_REVOKED),
        'tombstone',
    );
    // Revoked is reported before a mismatching or expired `valid_until`.
    assert(
        check_usable(@record(200, 5, 0, 0, true), 0, 7, 900) == Result::Err(errors::SESSION_REVOKED),
        'revoked',
    );
    assert(check_usable(@live, 1, 200, 100) == Result::Err(errors::SESSION_REVOKED), 'epoch');
    assert(
        check_usable(@live, 0, 201, 100) == Result::Err(errors::SESSION_VALID_UNTIL_MISMATCH),
        'later valid_until',
    );
    assert(
        check_usable(@live, 0, 199, 100) == Result::Err(errors::SESSION_VALID_UNTIL_MISMATCH),
        'earlier valid_until',
    );
    assert(check_usable(@live, 0, 200, 201) == Result::Err(errors::SESSION_EXPIRED), 'expired');
    assert(
        check_usable(@record(200, 5, 5, 0, false), 0, 200, 100) == Result::Err(
            errors::SESSION_MAX_CALLS_EXCEEDED,
        ),
        'exhausted',
    );
}

fn bounds(l1: (u64, u128), l2: (u64, u128), data: (u64, u128)) -> Span<ResourceBounds> {
    let (l1_amount, l1_price) = l1;
    let (l2_amount, l2_price) = l2;
    let (data_amount, data_price) = data;
    array![
        ResourceBounds { resource: 'L1_GAS', max_amount: l1_amount, max_price_per_unit: l1_price },
        ResourceBounds { resource: 'L2_GAS', max_amount: l2_amount, max_price_per_unit: l2_price },
        ResourceBounds {
            resource: 'L1_DATA', max_amount: data_amount, max_price_per_unit: data_price,
        },
    ]
        .span()
}

#[test]
fn test_session_rules_fee_bound_sums_resources_and_tip() {
    // 10·100 + 1000·2 + 5·7 + tip 3 · 1000 (L2 gas) = 6035.
    let resource_bounds = bounds((10, 100), (1000, 2), (5, 7));
    assert(max_transaction_fee(resource_bounds, 3, 0) == 6035, 'v3 bound');
    // The tip only multiplies the L2 gas amount.
    assert(max_transaction_fee(resource_bounds, 0, 0) == 3035, 'no tip');
    // The legacy max_fee field is added (V1 transactions have no resource bounds).
    assert(max_transaction_fee(array![].span(), 0, 777) == 777, 'legacy max_fee');
}

#[test]
fn test_session_rules_fee_cap_boundary() {
    let fee = max_transaction_fee(bounds((10, 100), (1000, 2), (5, 7)), 3, 0);
    assert(check_fee_cap(6035, fee) == Result::Ok(()), 'at cap');
    assert(check_fee_cap(6034, fee) == Result::Err(errors::SESSION_FEE_TOO_HIGH), 'above cap');
    assert(check_fee_cap(0, fee) == Result::Ok(()), 'no cap');
}

#[test]
fn test_session_rules_fee_bound_extreme_values_do_not_overflow() {
    let max_u64: u64 = 0xffffffffffffffff;
    let max_u128: u128 = 0xffffffffffffffffffffffffffffffff;
    let fee = max_transaction_fee(
        bounds((max_u64, max_u128), (max_u64, max_u128), (max_u64, max_u128)), max_u128, max_u128,
    );
    assert(check_fee_cap(max_u128, fee) == Result::Err(errors::SESSION_FEE_TOO_HIGH), 'refused');
}

#[test]
fn test_spending_value_moving_selectors() {
    assert(is_value_moving(selector!("transfer")), 'transfer');
    assert(is_value_moving(selector!("approve")), 'approve');
    assert(is_value_moving(selector!("increase_allowance")), 'increase_allowance');
    assert(is_value_moving(selector!("increaseAllowance")), 'increaseAllowance');
    assert(is_value_moving(selector!("transfer_from")), 'transfer_from');
    assert(is_value_moving(selector!("transferFrom")), 'transferFrom');
    assert(!is_value_moving(selector!("balance_of")), 'balance_of');
    assert(!is_value_moving(selector!("decrease_allowance")), 'decrease_allowance');
}

#[test]
fn test_spending_strict_selector_classes() {
    assert(is_forbidden_in_strict(selector!("set_approval_for_all")), 'set_approval_for_all');
    assert(is_forbidden_in_strict(selector!("setApprovalForAll")), 'setApprovalForAll');
    assert(!is_forbidden_in_strict(selector!("approve")), 'approve');
    assert(moves_value_undecoded(selector!("safe_transfer_from")), 'safe_transfer_from');
    assert(moves_value_undecoded(selector!("safeBatchTransferFrom")), 'safeBatchTransferFrom');
    assert(moves_value_undecoded(selector!("withdraw")), 'withdraw');
    assert(moves_value_undecoded(selector!("redeem")), 'redeem');
    assert(moves_value_undecoded(selector!("burn")), 'burn');
    assert(!moves_value_undecoded(selector!("transfer")), 'transfer is decoded');
    assert(is_allowance_grant(selector!("increaseAllowance")), 'increaseAllowance');
    assert(!is_allowance_grant(selector!("transfer_from")), 'transfer_from');
}

#[test]
fn test_spending_outflow() {
    assert(outflow(100, 40) == 60, 'lowered');
    assert(outflow(40, 100) == 0, 'grew');
    assert(outflow(7, 7) == 0, 'unchanged');
}

fn transfer(to: starknet::ContractAddress, amount: felt252) -> Call {
    Call { to, selector: selector!("transfer"), calldata: array![1, amount, 0].span() }
}

#[test]
fn test_spending_check_declared() {
    let token = contract_address_const::<'token'>();
    let other = contract_address_const::<'other'>();
    let account = contract_address_const::<'account'>();
    let policies = array![PolicyState {
        token, max_per_call: 10, max_per_window: 15, spent: 5, generation: 0, bucket: 0,
        slot: BucketSlot { bucket: 0, amount: 0 },
    }];
    let safe = Call { to: other, selector: selector!("safe_transfer_from"), calldata: array![].span() };
    let for_all = Call { to: other, selector: selector!("setApprovalForAll"), calldata: array![].span() };
    let p = policies.span();
    assert(check_declared(p, true, array![transfer(token, 10)].span(), account) == Result::Ok(()), 'fits');
    assert(
        check_declared(p, true, array![transfer(token, 5), transfer(token, 6)].span(), account) == Result::Err(
            errors::POLICY_EXCEEDS_WINDOW,
        ),
        'window',
    );
    assert(check_declared(p, true, array![safe].span(), account) == Result::Err(errors::POLICY_NO_POLICY), 'strict nft');
    assert(check_declared(p, false, array![safe].span(), account) == Result::Ok(()), 'non-strict nft');
    assert(
        check_declared(p, true, array![for_all].span(), account) == Result::Err(errors::POLICY_FORBIDDEN_SELECTOR),
        'for all',
    );
    assert(check_declared(p, false, array![for_all].span(), account) == Result::Ok(()), 'non-strict for all');
}

#[test]
fn test_spending_decode_limbs() {
    let max_u128: felt252 = 0xffffffffffffffffffffffffffffffff;
    assert(decode_u256(5, 0) == Result::Ok(5), 'small');
    assert(
        decode_u256(max_u128, max_u128) == Result::Ok(
            0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff,
        ),
        'max',
    );
    assert(decode_u256(max_u128 + 1, 0) == Result::Err(errors::POLICY_BAD_AMOUNT), 'low 2^128');
    assert(decode_u256(0, max_u128 + 1) == Result::Err(errors::POLICY_BAD_AMOUNT), 'high 2^128');
    assert(decode_u256(-1, 0) == Result::Err(errors::POLICY_BAD_AMOUNT), 'low p - 1');
}

#[test]
fn test_spending_decode_calldata_lengths() {
    let account = contract_address_const::<'account'>();
    let transfer = selector!("transfer");
    assert(spent_amount(transfer, array![1, 9, 0].span(), account) == Result::Ok(9), 'exact');
    assert(
        spent_amount(transfer, array![1, 9].span(), account) == Result::Err(errors::POLICY_BAD_CALLDATA),
        'short',
    );
    assert(
        spent_amount(transfer, array![1, 9, 0, 0].span(), account) == Result::Err(
            errors::POLICY_BAD_CALLDATA,
        ),
        'long',
    );
    assert(
        spent_amount(transfer, array![].span(), account) == Result::Err(errors::POLICY_BAD_CALLDATA),
        'empty',
    );
    let from = selector!("transfer_from");
    assert(
        spent_amount(from, array!['account', 2, 9, 0].span(), account) == Result::Ok(9),
        'from account',
    );
    assert(
        spent_amount(from, array!['account', 2, 9].span(), account) == Result::Err(
            errors::POLICY_BAD_CALLDATA,
        ),
        'from short',
    );
    // Someone else's tokens: no spend for the account, but the limbs are still checked.
    assert(spent_amount(from, array![3, 2, 9, 0].span(), account) == Result::Ok(0), 'other sender');
    assert(
        spent_amount(from, array![3, 2, 0x100000000000000000000000000000000, 0].span(), account) == Result::Err(
            errors::POLICY_BAD_AMOUNT,
        ),
        'other sender limb',
    );
}

#[test]
fn test_spending_bucket_math() {
    assert(bucket_seconds(70) == 10, 'exact split');
    assert(bucket_seconds(64) == 10, 'ceil');
    assert(bucket_seconds(1) == 1, 'one second');
    assert(bucket_seconds(7) == 1, 'seven');
    assert(bucket_seconds(8) == 2, 'eight');
    assert(bucket_seconds(86400) == 12343, 'a day');
    assert(bucket_seconds(0xffffffffffffffff) == 0x2492492492492493, 'max window');
    assert(bucket_of(1_700_000_009, 10) == 170_000_000, 'bucket');
    assert(slot_of(170_000_000) == 0, 'slot 0');
    assert(slot_of(170_000_007) == 7, 'slot 7');
    assert(release_time(5, 10) == 130, 'release');
    assert(release_time(0xffffffffffffffff, 0xffffffffffffffff) == 0xffffffffffffffff, 'saturates');
    assert(room(100, 30) == 70, 'room');
    assert(room(100, 130) == 0, 'no negative room');
    assert(check_spend(10, 10, 100, 90) == Result::Ok(()), 'exact limits');
    assert(check_spend(11, 10, 100, 0) == Result::Err(errors::POLICY_EXCEEDS_PER_CALL), 'per call');
    assert(check_spend(10, 10, 100, 91) == Result::Err(errors::POLICY_EXCEEDS_WINDOW), 'window');
    assert(check_spend(0, 0, 0, 0) == Result::Ok(()), 'zero budget, zero spend');
    assert(check_spend(1, 10, 0, 0) == Result::Err(errors::POLICY_EXCEEDS_WINDOW), 'zero budget');
}

#[test]
fn test_spending_window_counts_eight_buckets() {
    let slots = array![
        BucketSlot { bucket: 100, amount: 1 }, BucketSlot { bucket: 101, amount: 2 },
        BucketSlot { bucket: 102, amount: 4 }, BucketSlot { bucket: 103, amount: 8 },
        BucketSlot { bucket: 104, amount: 16 }, BucketSlot { bucket: 105, amount: 32 },
        BucketSlot { bucket: 106, amount: 64 }, BucketSlot { bucket: 107, amount: 128 },
    ]
        .span();
    assert(window_spent(slots, 107) == 255, 'all eight');
    assert(window_spent(slots, 108) == 254, 'oldest out');
    assert(window_spent(slots, 114) == 128, 'one left');
    assert(window_spent(slots, 115) == 0, 'all out');
    assert(window_spent(slots, 99) == 0, 'future buckets ignored');
    assert(next_release(slots, 107, 10) == 1080, 'oldest releases first');
    assert(next_release(slots, 108, 10) == 1090, 'next one');
    assert(next_release(slots, 115, 10) == 0, 'nothing counted');
}

/// Spends into a ring the way the account does.
fn ring_record(slots: Span<BucketSlot>, bucket: u64, amount: u256) -> Array<BucketSlot> {
    let target = slot_of(bucket);
    let mut updated: Array<BucketSlot> = array![];
    let mut index: u8 = 0;
    for slot in slots {
        if index == target {
            if *slot.bucket == bucket {
                updated.append(BucketSlot { bucket, amount: *slot.amount + amount });
            } else {
                updated.append(BucketSlot { bucket, amount });
            }
        } else {
            updated.append(*slot);
        }
        index += 1;
    };
    updated
}

fn empty_ring() -> Array<BucketSlot> {
    let mut slots: Array<BucketSlot> = array![];
    for _slot in 0..8_u8 {
        slots.append(BucketSlot { bucket: 0, amount: 0 });
    };
    slots
}

/// Sum of the admitted spends in `(time - window, time]`.
fn admitted_in_interval(times: Span<u64>, amounts: Span<u256>, time: u64, window: u64) -> u256 {
    let mut total: u256 = 0;
    let mut index = 0;
    while index < times.len() {
        let t = *times[index];
        if t <= time && time - t < window {
            total += *amounts[index];
        }
        index += 1;
    };
    total
}

/// Runs `attempts` spends against a ring and checks the worst case: over any interval shorter than
/// `window`, at most `max_per_window` is admitted. `step` bounds the pseudo-random time gaps.
/// Returns how many spends were admitted.
fn check_window_invariant(
    window: u64, max_per_window: u256, attempts: u32, step: u64, seed: felt252,
) -> u32 {
    let bucket_len = bucket_seconds(window);
    let mut slots = empty_ring();
    let mut times: Array<u64> = array![];
    let mut amounts: Array<u256> = array![];
    let mut time: u64 = 1_700_000_000;
    let mut state = seed;
    let mut attempt = 0;
    while attempt < attempts {
        state = poseidon_hash_span(array![state, attempt.into()].span());
        let random: u256 = state.into();
        time += (random.low % step.into()).try_into().unwrap();
        let amount: u256 = (random.high % (max_per_window.low + 1)).into();
        let current = bucket_of(time, bucket_len);
        let spent = window_spent(slots.span(), current);
        if check_spend(amount, max_per_window, max_per_window, spent).is_ok() {
            slots = ring_record(slots.span(), current, amount);
            times.append(time);
            amounts.append(amount);
            let in_interval = admitted_in_interval(times.span(), amounts.span(), time, window);
            assert(in_interval <= max_per_window, 'window invariant broken');
        }
        attempt += 1;
    };
    times.len()
}

#[test]
fn test_spending_window_invariant_every_second() {
    // An attacker retrying the whole budget every second over three windows.
    let window: u64 = 70;
    let bucket_len = bucket_seconds(window);
    let mut slots = empty_ring();
    let mut last_admitted: u64 = 0;
    let mut admitted: u32 = 0;
    let mut time: u64 = 1_700_000_000;
    while time < 1_700_000_000 + 3 * window {
        let current = bucket_of(time, bucket_len);
        if check_spend(100, 100, 100, window_spent(slots.span(), current)).is_ok() {
            if admitted > 0 {
                assert(time - last_admitted >= window, 'two budgets within W');
                assert(time - last_admitted <= window + 2 * bucket_len, 'released too late');
            }
            slots = ring_record(slots.span(), current, 100);
            last_admitted = time;
            admitted += 1;
        }
        time += 1;
    };
    assert(admitted == 3, 'one budget per window');
}

#[test]
fn test_spending_window_invariant_random_short_steps() {
    assert(check_window_invariant(70, 1000, 150, 9, 'seed-1') >= 10, 'too few spends');
}

#[test]
fn test_spending_window_invariant_random_long_steps() {
    assert(check_window_invariant(64, 500, 150, 40, 'seed-2') >= 20, 'too few spends');
}

#[test]
fn test_spending_window_invariant_one_day() {
    assert(check_window_invariant(86400, 50_000_000, 120, 5000, 'seed-3') >= 5, 'too few spends');
}

#[test]
fn test_pair_packing_round_trip() {
    let below: u256 = 0x1fffffffffffffffffffffffffffffff; // 2^125 - 1
    assert(unpack_pair(pack_pair(0, 0)) == Option::Some((0, 0)), 'zeros');
    assert(unpack_pair(pack_pair(7, below)) == Option::Some((7, below)), 'largest window');
    assert(unpack_pair(pack_pair(below, 3)) == Option::Some((below, 3)), 'largest call');
    assert(pack_pair(below + 1, 1) == WIDE_PAIR, 'call too wide');
    assert(pack_pair(1, below + 1) == WIDE_PAIR, 'window too wide');
    assert(unpack_pair(WIDE_PAIR).is_none(), 'wide');
}

#[test]
fn test_session_rules_fee_bound_beyond_u128_exact() {
    // Past u128 the bound is computed in u256, exactly.
    let max_u64: u64 = 0xffffffffffffffff;
    let max_u128: u128 = 0xffffffffffffffffffffffffffffffff;
    let fee = max_transaction_fee(bounds((max_u64, max_u128), (0, 0), (0, 0)), 0, 0);
    let expected: u256 = max_u64.into() * max_u128.into();
    assert(fee == expected, 'wide product');
    let tipped = max_transaction_fee(bounds((0, 0), (max_u64, max_u128), (0, 0)), 1, 5);
    assert(tipped == expected + max_u64.into() + 5, 'wide with tip and max_fee');
}
