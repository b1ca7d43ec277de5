//! Pure session checks: session status, the per-call rules (self-call ban, allow-list) and the fee
//! cap. They read nothing from storage and return `Err(error_felt)` instead of panicking, so the
//! transaction, outside-execution and `is_valid_signature` paths share them exactly.

use crate::errors;
use crate::interfaces::AllowedCall;
use starknet::ContractAddress;
use starknet::account::Call;
use core::num::traits::{CheckedAdd, CheckedMul};
use starknet::info::v2::ResourceBounds;

/// Most allow-list entries a session may hold.
pub const MAX_ALLOWED_CALLS: u32 = 64;
/// Resource name of L2 gas in `ResourceBounds.resource`.
pub const L2_GAS: felt252 = 'L2_GAS';

pub const STATUS_UNKNOWN: u8 = 0;
pub const STATUS_ACTIVE: u8 = 1;
pub const STATUS_EXPIRED: u8 = 2;
pub const STATUS_REVOKED: u8 = 3;
pub const STATUS_EXHAUSTED: u8 = 4;

/// What the account stores about one session key.
#[derive(Copy, Drop, PartialEq, Debug)]
pub struct SessionRecord {
    /// 0 when the key was never registered.
    pub valid_until: u64,
    pub max_calls: u32,
    pub calls_used: u32,
    /// Session epoch the key was registered in.
    pub epoch: u32,
    /// Tombstone set by `revoke_session_key`.
    pub revoked: bool,
    pub strict: bool,
    pub max_fee_per_tx: u128,
}

/// Storage-backed allow-list of one session, as the call rules see it.
pub trait AllowList<T> {
    fn entries_len(self: @T) -> u32;
    /// Whether the exact entry `(contract, selector)` is on the list.
    fn contains(self: @T, contract: ContractAddress, selector: felt252) -> bool;
}

pub fn is_registered(record: @SessionRecord) -> bool {
    *record.valid_until != 0
}

/// Revoked by `revoke_session_key`, or registered in an earlier epoch (`revoke_all`, key rotation).
pub fn is_revoked(record: @SessionRecord, current_epoch: u32) -> bool {
    *record.revoked || (is_registered(record) && *record.epoch != current_epoch)
}

/// Status at time `now`: revoked takes precedence over expired, expired over exhausted.
pub fn status(record: @SessionRecord, current_epoch: u32, now: u64) -> u8 {
    if is_revoked(record, current_epoch) {
        STATUS_REVOKED
    } else if !is_registered(record) {
        STATUS_UNKNOWN
    } else if now > *record.valid_until {
        STATUS_EXPIRED
    } else if *record.calls_used >= *record.max_calls {
        STATUS_EXHAUSTED
    } else {
        STATUS_ACTIVE
    }
}

/// `max_calls - calls_used` while active, else 0.
pub fn remaining_calls(record: @SessionRecord, current_epoch: u32, now: u64) -> u32 {
    if status(record, current_epoch, now) == STATUS_ACTIVE {
        *record.max_calls - *record.calls_used
    } else {
        0
    }
}

/// Rule 1: the `valid_until` element of a session signature must fit u64.
pub fn parse_valid_until(raw: felt252) -> Result<u64, felt252> {
    match raw.try_into() {
        Option::Some(value) => Result::Ok(value),
        Option::None => Result::Err(errors::SESSION_INVALID_VALID_UNTIL),
    }
}

/// Rules 2 to 5: registered, not revoked, `valid_until` as registered, not expired, calls left.
pub fn check_usable(
    record: @SessionRecord, current_epoch: u32, signed_valid_until: u64, now: u64,
) -> Result<(), felt252> {
    if !*record.revoked && !is_registered(record) {
        return Result::Err(errors::SESSION_NOT_REGISTERED);
    }
    if is_revoked(record, current_epoch) {
        return Result::Err(errors::SESSION_REVOKED);
    }
    if signed_valid_until != *record.valid_until {
        return Result::Err(errors::SESSION_VALID_UNTIL_MISMATCH);
    }
    if now > *record.valid_until {
        return Result::Err(errors::SESSION_EXPIRED);
    }
    if *record.calls_used >= *record.max_calls {
        return Result::Err(errors::SESSION_MAX_CALLS_EXCEEDED);
    }
    Result::Ok(())
}

/// Most a transaction can pay: `Σ max_amount × max_price_per_unit` over the resource bounds, plus
/// `tip × l2_gas.max_amount`, plus the legacy `max_fee` field (0 in V3 transactions).
pub fn max_transaction_fee(resource_bounds: Span<ResourceBounds>, tip: u128, max_fee: u128) -> u256 {
    // Every real bound fits u128, where the arithmetic is cheaper; u256 only on overflow.
    match narrow_transaction_fee(resource_bounds, tip, max_fee) {
        Option::Some(fee) => fee.into(),
        Option::None => wide_transaction_fee(resource_bounds, tip, max_fee),
    }
}

fn narrow_transaction_fee(
    resource_bounds: Span<ResourceBounds>, tip: u128, max_fee: u128,
) -> Option<u128> {
    let mut total: u128 = max_fee;
    let mut remaining = resource_bounds;
    loop {
        let bound = match remaining.pop_front() {
            Option::Some(bound) => bound,
            Option::None => { break Option::Some(total); },
        };
        let amount: u128 = (*bound.max_amount).into();
        let mut price = *bound.max_price_per_unit;
        if *bound.resource == L2_GAS {
            price = match price.checked_add(tip) {
                Option::Some(value) => value,
                Option::None => { break Option::None; },
            };
        }
        let cost = match amount.checked_mul(price) {
            Option::Some(value) => value,
            Option::None => { break Option::None; },
        };
        total = match total.checked_add(cost) {
            Option::Some(value) => value,
            Option::None => { break Option::None; },
        };
    }
}

fn wide_transaction_fee(resource_bounds: Span<ResourceBounds>, tip: u128, max_fee: u128) -> u256 {
    let mut total: u256 = max_fee.into();
    let tip: u256 = tip.into();
    for bound in resource_bounds {
        let amount: u256 = (*bound.max_amount).into();
        let price: u256 = (*bound.max_price_per_unit).into();
        total += amount * price;
        if *bound.resource == L2_GAS {
            total += amount * tip;
        }
    };
    total
}

/// Rule 6: `max_fee_per_tx = 0` means no cap.
pub fn check_fee_cap(max_fee_per_tx: u128, transaction_fee: u256) -> Result<(), felt252> {
    if max_fee_per_tx != 0 && transaction_fee > max_fee_per_tx.into() {
        return Result::Err(errors::SESSION_FEE_TOO_HIGH);
    }
    Result::Ok(())
}

/// Rule 6b: the transaction's maximum fee must fit in what is left of the lifetime fee budget;
/// returns what is left after it.
pub fn debit_fee_budget(fee_left: u128, transaction_fee: u256) -> Result<u128, felt252> {
    if transaction_fee > fee_left.into() {
        return Result::Err(errors::SESSION_FEE_BUDGET_EXCEEDED);
    }
    // Fits: `transaction_fee <= fee_left < 2^128`.
    Result::Ok(fee_left - transaction_fee.low)
}

/// The self-call ban for one call: never the account itself, never `__execute__` anywhere.
pub fn check_call_target(call: @Call, account: ContractAddress) -> Result<(), felt252> {
    if *call.to == account || *call.selector == selector!("__execute__") {
        return Result::Err(errors::SESSION_SELF_CALL);
    }
    Result::Ok(())
}

/// Rule 7 for every call: the self-call ban, then the allow-list (`(to, selector)` or
/// `(0, selector)`; an empty list admits every call to other contracts).
pub fn check_calls<T, +AllowList<T>>(
    calls: Span<Call>, account: ContractAddress, allow_list: @T,
) -> Result<(), felt252> {
    let list_len = allow_list.entries_len();
    let any_contract: ContractAddress = 0.try_into().unwrap();
    let mut remaining = calls;
    loop {
        match remaining.pop_front() {
            Option::None => { break Result::Ok(()); },
            Option::Some(call) => {
                if let Result::Err(error) = check_call_target(call, account) {
                    break Result::Err(error);
                }
                if list_len != 0
                    && !allow_list.contains(*call.to, *call.selector)
                    && !allow_list.contains(any_contract, *call.selector) {
                    break Result::Err(errors::SESSION_ENTRYPOINT_NOT_ALLOWED);
                }
            },
        }
    }
}

/// Registration rules, in the order the specification lists them.
pub fn check_registration(
    session_key: felt252,
    valid_until: u64,
    max_calls: u32,
    allowed_calls: Span<AllowedCall>,
    account: ContractAddress,
    now: u64,
    revoked: bool,
) -> Result<(), felt252> {
    if session_key == 0 {
        return Result::Err(errors::SESSION_INVALID_KEY);
    }
    if valid_until <= now {
        return Result::Err(errors::SESSION_INVALID_VALID_UNTIL);
    }
    if max_calls == 0 {
        return Result::Err(errors::SESSION_INVALID_MAX_CALLS);
    }
    if allowed_calls.len() > MAX_ALLOWED_CALLS {
        return Result::Err(errors::SESSION_TOO_MANY_ENTRYPOINTS);
    }
    let mut names_account = false;
    for entry in allowed_calls {
        if *entry.contract == account {
            names_account = true;
            break;
        }
    };
    if names_account {
        return Result::Err(errors::SESSION_SELF_CALL);
    }
    if revoked {
        return Result::Err(errors::SESSION_REVOKED);
    }
    Result::Ok(())
}
