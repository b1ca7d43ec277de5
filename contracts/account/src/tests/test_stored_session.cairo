//! The packed storage forms of a session and its usage: every field survives a round trip at its
//! extremes.

use crate::session_usage::{SessionUsage, SessionUsagePacking, fee_left_after_budget_change};
use crate::spending::{BucketSlot, BucketSlotPacking, MAX_BUCKET_AMOUNT};
use crate::stored_session::{StoredSession, StoredSessionPacking, StoredSessionUpdates};
use starknet::storage_access::StorePacking;

fn all_max() -> StoredSession {
    StoredSession {
        valid_until: 0xffffffffffffffff,
        max_calls: 0xffffffff,
        epoch: 0xffffffff,
        generation: 0xffffffff,
        allowed_len: 0xff,
        policy_count: 0xffff,
        revoked: true,
        strict: true,
        has_fee_cap: true,
    }
}

fn distinct() -> StoredSession {
    StoredSession {
        valid_until: 1_900_000_000,
        max_calls: 7,
        epoch: 2,
        generation: 5,
        allowed_len: 64,
        policy_count: 1,
        revoked: false,
        strict: true,
        has_fee_cap: false,
    }
}

#[test]
fn test_pack_all_zero_is_zero() {
    let zero = StorePacking::<StoredSession, felt252>::unpack(0);
    assert(zero.valid_until == 0 && zero.max_calls == 0 && zero.policy_count == 0, 'zero');
    assert(!zero.revoked && !zero.strict && !zero.has_fee_cap, 'flags');
    assert(StoredSessionPacking::pack(zero) == 0, 'packs to 0');
}

#[test]
fn test_pack_round_trip_max_values() {
    let value = all_max();
    assert(StoredSessionPacking::unpack(StoredSessionPacking::pack(value)) == value, 'max');
}

#[test]
fn test_pack_round_trip_distinct_values() {
    let value = distinct();
    assert(StoredSessionPacking::unpack(StoredSessionPacking::pack(value)) == value, 'distinct');
}

#[test]
fn test_pack_fields_do_not_overlap() {
    let packed = StoredSessionPacking::pack(distinct().with_policy_count(4));
    let value = StoredSessionPacking::unpack(packed);
    assert(value.policy_count == 4 && value.allowed_len == 64, 'policy count');
    assert(value.max_calls == 7 && value.valid_until == 1_900_000_000, 'neighbours');
    let revoked = StoredSessionPacking::unpack(StoredSessionPacking::pack(distinct().revoked()));
    assert(revoked.revoked && revoked.strict && !revoked.has_fee_cap, 'flags');
    assert(revoked.policy_count == 1, 'policy count');
}

#[test]
fn test_session_usage_packing_round_trip() {
    let zero = SessionUsagePacking::unpack(0);
    assert(zero == SessionUsage { calls_used: 0, fee_left: 0 }, 'zero');
    let max = SessionUsage { calls_used: 0xffffffff, fee_left: 0xffffffffffffffffffffffffffffffff };
    assert(SessionUsagePacking::unpack(SessionUsagePacking::pack(max)) == max, 'max');
    let distinct = SessionUsage { calls_used: 3, fee_left: 0x8000000000000000000000000000000f };
    assert(SessionUsagePacking::unpack(SessionUsagePacking::pack(distinct)) == distinct, 'distinct');
}

#[test]
fn test_fee_left_after_budget_change_keeps_what_was_used() {
    let usage = SessionUsage { calls_used: 2, fee_left: 400 };
    // 600 of 1000 used: a budget of 2000 leaves 1400, one of 500 leaves nothing.
    assert(fee_left_after_budget_change(@usage, 1000, 2000) == 1400, 'raised');
    assert(fee_left_after_budget_change(@usage, 1000, 700) == 100, 'lowered');
    assert(fee_left_after_budget_change(@usage, 1000, 600) == 0, 'exactly used');
    assert(fee_left_after_budget_change(@usage, 1000, 500) == 0, 'below used');
    let fresh = SessionUsage { calls_used: 0, fee_left: 0 };
    assert(fee_left_after_budget_change(@fresh, 0, 5000) == 5000, 'new session');
}

#[test]
fn test_bucket_slot_packing_round_trip() {
    let slot = BucketSlot { bucket: 0xffffffffffffffff, amount: MAX_BUCKET_AMOUNT };
    assert(BucketSlotPacking::unpack(BucketSlotPacking::pack(slot)) == slot, 'largest');
    let small = BucketSlot { bucket: 24_285_714, amount: 0x100000000000000000000000000000001 };
    assert(BucketSlotPacking::unpack(BucketSlotPacking::pack(small)) == small, 'both limbs');
    let huge = BucketSlot { bucket: 7, amount: MAX_BUCKET_AMOUNT + 1 };
    let clamped = BucketSlotPacking::unpack(BucketSlotPacking::pack(huge));
    let expected = BucketSlot { bucket: 7, amount: MAX_BUCKET_AMOUNT };
    assert(clamped == expected, 'clamped');
}

#[test]
fn test_policy_window_packing_round_trip() {
    use_policy_window(crate::spending::PolicyWindow { window_seconds: 0xffffffffffffffff, generation: 0xffffffff });
    use_policy_window(crate::spending::PolicyWindow { window_seconds: 3600, generation: 2 });
}

fn use_policy_window(window: crate::spending::PolicyWindow) {
    let packed = crate::spending::PolicyWindowPacking::pack(window);
    assert(crate::spending::PolicyWindowPacking::unpack(packed) == window, 'round trip');
}
