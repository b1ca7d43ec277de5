//! Value-moving selectors, safe amount decoding and the sliding-window arithmetic of spending
//! policies. Pure: the account reads and writes the bucket ring, these functions do the math.

use crate::errors;
use starknet::ContractAddress;

/// `K`: the window of `W` seconds is cut into `K` sub-windows of `B = ceil(W / K)` seconds.
pub const SUB_WINDOWS: u64 = 7;
/// Buckets counted at any time (`floor(t/B) - K ..= floor(t/B)`), one ring slot each.
pub const RING_SLOTS: u64 = 8;

/// One slot of the ring: the bucket index it holds and the amount spent in that bucket.
#[derive(Copy, Drop, Serde, PartialEq, Debug, starknet::Store)]
pub struct BucketSlot {
    pub bucket: u64,
    pub amount: u256,
}

/// `transfer`, `approve`, `increase_allowance`, `increaseAllowance`, `transfer_from`,
/// `transferFrom`.
pub fn is_value_moving(selector: felt252) -> bool {
    selector == selector!("transfer")
        || selector == selector!("approve")
        || selector == selector!("increase_allowance")
        || selector == selector!("increaseAllowance")
        || is_transfer_from(selector)
}

fn is_transfer_from(selector: felt252) -> bool {
    selector == selector!("transfer_from") || selector == selector!("transferFrom")
}

/// A u256 from two calldata limbs, each of which must fit u128 (`'policy/bad-amount'`).
pub fn decode_u256(low: felt252, high: felt252) -> Result<u256, felt252> {
    let low: Option<u128> = low.try_into();
    let high: Option<u128> = high.try_into();
    match (low, high) {
        (Option::Some(low), Option::Some(high)) => Result::Ok(u256 { low, high }),
        _ => Result::Err(errors::POLICY_BAD_AMOUNT),
    }
}

/// Amount a value-moving call spends. The calldata must have exactly the ERC-20 length
/// (`'policy/bad-calldata'`). `transfer_from` spends only when the account is the sender.
pub fn spent_amount(
    selector: felt252, calldata: Span<felt252>, account: ContractAddress,
) -> Result<u256, felt252> {
    if is_transfer_from(selector) {
        if calldata.len() != 4 {
            return Result::Err(errors::POLICY_BAD_CALLDATA);
        }
        let amount = decode_u256(*calldata[2], *calldata[3])?;
        let account: felt252 = account.into();
        if *calldata[0] == account {
            Result::Ok(amount)
        } else {
            Result::Ok(0)
        }
    } else {
        if calldata.len() != 3 {
            return Result::Err(errors::POLICY_BAD_CALLDATA);
        }
        decode_u256(*calldata[1], *calldata[2])
    }
}

/// `B = ceil(W / K)`; `window_seconds` must be positive.
pub fn bucket_seconds(window_seconds: u64) -> u64 {
    let quotient = window_seconds / SUB_WINDOWS;
    if window_seconds % SUB_WINDOWS == 0 {
        quotient
    } else {
        quotient + 1
    }
}

/// `floor(time / B)`.
pub fn bucket_of(time: u64, bucket_seconds: u64) -> u64 {
    time / bucket_seconds
}

/// Ring slot of a bucket.
pub fn slot_of(bucket: u64) -> u8 {
    (bucket % RING_SLOTS).try_into().unwrap()
}

/// Whether `bucket` is still counted when the current bucket is `current`.
pub fn is_counted(bucket: u64, current: u64) -> bool {
    bucket <= current && current - bucket <= SUB_WINDOWS
}

/// Amount spent in the window ending in bucket `current`.
pub fn window_spent(slots: Span<BucketSlot>, current: u64) -> u256 {
    let mut total: u256 = 0;
    for slot in slots {
        if is_counted(*slot.bucket, current) {
            total += *slot.amount;
        }
    };
    total
}

/// When an amount spent in `bucket` stops being counted: `(bucket + K + 1) · B` (saturating).
pub fn release_time(bucket: u64, bucket_seconds: u64) -> u64 {
    let bucket: u256 = bucket.into();
    let seconds: u256 = bucket_seconds.into();
    let time: u256 = (bucket + SUB_WINDOWS.into() + 1) * seconds;
    match time.try_into() {
        Option::Some(value) => value,
        Option::None => 0xffffffffffffffff,
    }
}

/// Earliest time some currently counted amount frees up; 0 when nothing is counted.
pub fn next_release(slots: Span<BucketSlot>, current: u64, bucket_seconds: u64) -> u64 {
    let mut oldest: Option<u64> = Option::None;
    for slot in slots {
        if *slot.amount != 0 && is_counted(*slot.bucket, current) {
            oldest =
                match oldest {
                    Option::Some(bucket) => if *slot.bucket < bucket {
                        Option::Some(*slot.bucket)
                    } else {
                        Option::Some(bucket)
                    },
                    Option::None => Option::Some(*slot.bucket),
                };
        }
    };
    match oldest {
        Option::Some(bucket) => release_time(bucket, bucket_seconds),
        Option::None => 0,
    }
}

/// `max_per_window - spent`, or 0 once the window is full (or the cap was lowered below it).
pub fn room(max_per_window: u256, spent: u256) -> u256 {
    if spent >= max_per_window {
        0
    } else {
        max_per_window - spent
    }
}

/// Per-call cap, then window room.
pub fn check_spend(
    amount: u256, max_per_call: u256, max_per_window: u256, spent_in_window: u256,
) -> Result<(), felt252> {
    if amount > max_per_call {
        return Result::Err(errors::POLICY_EXCEEDS_PER_CALL);
    }
    if amount > room(max_per_window, spent_in_window) {
        return Result::Err(errors::POLICY_EXCEEDS_WINDOW);
    }
    Result::Ok(())
}
