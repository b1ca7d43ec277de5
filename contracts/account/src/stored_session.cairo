//! The storage form of a session's settings: every field the transaction paths read, packed into
//! one felt, so they cost one storage read. Only the owner's entrypoints write it; what a session
//! uses is in `session_usage`.
//!
//! Layout (bits, low to high): `valid_until` 0..64, `max_calls` 64..96, `epoch` 128..160, `generation` 160..192, `allowed_len` 192..200, `policy_count` 200..216,
//! `revoked` 216, `strict` 217, `has_fee_cap` 218. 219 bits, below the felt's 251.

use crate::session_rules::SessionRecord;
use crate::session_usage::SessionUsage;
use starknet::storage_access::StorePacking;

const TWO_POW_8: u128 = 0x100;
const TWO_POW_16: u128 = 0x10000;
const TWO_POW_32: u128 = 0x100000000;
const TWO_POW_64: u128 = 0x10000000000000000;
const TWO_POW_32_FELT: felt252 = 0x100000000;
const TWO_POW_64_FELT: felt252 = 0x10000000000000000;
const TWO_POW_72_FELT: felt252 = 0x1000000000000000000;
const TWO_POW_88_FELT: felt252 = 0x10000000000000000000000;
const TWO_POW_128_FELT: felt252 = 0x100000000000000000000000000000000;

#[derive(Copy, Drop, PartialEq, Debug)]
pub struct StoredSession {
    /// 0 when the key was never registered.
    pub valid_until: u64,
    pub max_calls: u32,
    /// Session epoch the key was registered in.
    pub epoch: u32,
    /// Bumped by every registration or update; names the current allow-list.
    pub generation: u32,
    /// At most `session_rules::MAX_ALLOWED_CALLS` (64).
    pub allowed_len: u8,
    /// Spending policies set for this key; with none, a non-strict session skips the policy step.
    pub policy_count: u16,
    /// Tombstone set by `revoke_session_key`.
    pub revoked: bool,
    pub strict: bool,
    /// The fee cap lives in its own slot, read only when this is set.
    pub has_fee_cap: bool,
}

pub impl StoredSessionPacking of StorePacking<StoredSession, felt252> {
    fn pack(value: StoredSession) -> felt252 {
        let flags: felt252 = bit(value.revoked) + 2 * bit(value.strict) + 4 * bit(value.has_fee_cap);
        let high: felt252 = value.epoch.into()
            + value.generation.into() * TWO_POW_32_FELT
            + value.allowed_len.into() * TWO_POW_64_FELT
            + value.policy_count.into() * TWO_POW_72_FELT
            + flags * TWO_POW_88_FELT;
        let low: felt252 = value.valid_until.into() + value.max_calls.into() * TWO_POW_64_FELT;
        low + high * TWO_POW_128_FELT
    }

    fn unpack(value: felt252) -> StoredSession {
        let wide: u256 = value.into();
        let (max_calls, valid_until) = split(wide.low, TWO_POW_64);
        let (rest, epoch) = split(wide.high, TWO_POW_32);
        let (rest, generation) = split(rest, TWO_POW_32);
        let (rest, allowed_len) = split(rest, TWO_POW_8);
        let (flags, policy_count) = split(rest, TWO_POW_16);
        StoredSession {
            valid_until: valid_until.try_into().unwrap(),
            max_calls: max_calls.try_into().unwrap(),
            epoch: epoch.try_into().unwrap(),
            generation: generation.try_into().unwrap(),
            allowed_len: allowed_len.try_into().unwrap(),
            policy_count: policy_count.try_into().unwrap(),
            revoked: flags & 1 != 0,
            strict: flags & 2 != 0,
            has_fee_cap: flags & 4 != 0,
        }
    }
}

/// The record the pure session rules check, with the usage and the fee cap read separately.
pub fn to_record(stored: @StoredSession, usage: @SessionUsage, max_fee_per_tx: u128) -> SessionRecord {
    SessionRecord {
        valid_until: *stored.valid_until,
        max_calls: *stored.max_calls,
        calls_used: *usage.calls_used,
        epoch: *stored.epoch,
        revoked: *stored.revoked,
        strict: *stored.strict,
        max_fee_per_tx,
    }
}

fn bit(flag: bool) -> felt252 {
    if flag {
        1
    } else {
        0
    }
}

/// `(value / divisor, value % divisor)`.
fn split(value: u128, divisor: u128) -> (u128, u128) {
    DivRem::div_rem(value, divisor.try_into().unwrap())
}

#[generate_trait]
pub impl StoredSessionUpdates of StoredSessionUpdatesTrait {
    fn revoked(self: @StoredSession) -> StoredSession {
        StoredSession {
            valid_until: *self.valid_until,
            max_calls: *self.max_calls,
            epoch: *self.epoch,
            generation: *self.generation,
            allowed_len: *self.allowed_len,
            policy_count: *self.policy_count,
            revoked: true,
            strict: *self.strict,
            has_fee_cap: *self.has_fee_cap,
        }
    }

    fn with_policy_count(self: @StoredSession, policy_count: u16) -> StoredSession {
        StoredSession {
            valid_until: *self.valid_until,
            max_calls: *self.max_calls,
            epoch: *self.epoch,
            generation: *self.generation,
            allowed_len: *self.allowed_len,
            policy_count,
            revoked: *self.revoked,
            strict: *self.strict,
            has_fee_cap: *self.has_fee_cap,
        }
    }
}
