//! Value-moving selectors, safe amount decoding and the sliding-window arithmetic of spending
//! policies. Pure: the account reads and writes the bucket ring, these functions do the math.

use crate::errors;
use starknet::ContractAddress;
use starknet::account::Call;

/// `K`: the window of `W` seconds is cut into `K` sub-windows of `B = ceil(W / K)` seconds.
pub const SUB_WINDOWS: u64 = 7;
/// Buckets counted at any time (`floor(t/B) - K ..= floor(t/B)`), one ring slot each.
pub const RING_SLOTS: u64 = 8;

/// One slot of the ring: the bucket index it holds and the amount spent in that bucket.
#[derive(Copy, Drop, Serde, PartialEq, Debug)]
pub struct BucketSlot {
    pub bucket: u64,
    pub amount: u256,
}

/// Most one bucket records: `2^186 - 1` units, so a slot packs into one felt (the bucket in the
/// low 64 bits). A larger amount is recorded as this; no policy a window can hold counts more.
pub const MAX_BUCKET_AMOUNT: u256 = 0x3ffffffffffffffffffffffffffffffffffffffffffffff;
const TWO_POW_64: u128 = 0x10000000000000000;
const TWO_POW_64_FELT: felt252 = 0x10000000000000000;

/// One storage slot per ring slot: a window reads eight felts, not twenty-four.
pub impl BucketSlotPacking of starknet::storage_access::StorePacking<BucketSlot, felt252> {
    fn pack(value: BucketSlot) -> felt252 {
        let amount = if value.amount > MAX_BUCKET_AMOUNT {
            MAX_BUCKET_AMOUNT
        } else {
            value.amount
        };
        let amount: felt252 = amount.try_into().unwrap();
        value.bucket.into() + amount * TWO_POW_64_FELT
    }

    fn unpack(value: felt252) -> BucketSlot {
        let wide: u256 = value.into();
        let (low_rest, bucket) = DivRem::div_rem(wide.low, TWO_POW_64.try_into().unwrap());
        let (high_rest, high_low) = DivRem::div_rem(wide.high, TWO_POW_64.try_into().unwrap());
        BucketSlot {
            bucket: bucket.try_into().unwrap(),
            amount: u256 { low: low_rest + high_low * TWO_POW_64, high: high_rest },
        }
    }
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

/// Selectors that move value by a rule the account does not decode (NFT and multi-token transfers,
/// vault withdrawals, burns). A strict session may call them only on a contract it has a policy
/// on, where the balance it measures decides.
pub fn moves_value_undecoded(selector: felt252) -> bool {
    selector == selector!("safe_transfer_from")
        || selector == selector!("safeTransferFrom")
        || selector == selector!("safe_batch_transfer_from")
        || selector == selector!("safeBatchTransferFrom")
        || selector == selector!("withdraw")
        || selector == selector!("redeem")
        || selector == selector!("burn")
        || selector == selector!("burn_from")
        || selector == selector!("burnFrom")
        || selector == selector!("permit")
}

/// Grants over every asset of a contract at once: a strict session never calls them
/// (`'policy/forbidden-selector'`), on any contract.
pub fn is_forbidden_in_strict(selector: felt252) -> bool {
    selector == selector!("set_approval_for_all") || selector == selector!("setApprovalForAll")
}

/// `approve`, `increase_allowance`, `increaseAllowance`: the first calldata element names the
/// spender whose allowance the account measures after execution.
pub fn is_allowance_grant(selector: felt252) -> bool {
    selector == selector!("approve")
        || selector == selector!("increase_allowance")
        || selector == selector!("increaseAllowance")
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

/// Most spending policies one session may hold: execution reads every policy token's balance
/// around each call, so this bounds its gas.
pub const MAX_POLICIES: u32 = 8;

/// One policy of a session as a request sees it: its limits and what its window counts now.
#[derive(Copy, Drop, PartialEq, Debug)]
pub struct PolicyState {
    pub token: ContractAddress,
    pub max_per_call: u256,
    pub max_per_window: u256,
    pub spent: u256,
    /// Where a spend is recorded: the ring generation, the current bucket and what its ring slot
    /// holds now.
    pub generation: u32,
    pub bucket: u64,
    pub slot: BucketSlot,
}

/// Index of the policy on `token`, if the session has one.
pub fn find_policy(policies: Span<PolicyState>, token: ContractAddress) -> Option<u32> {
    let mut index: u32 = 0;
    let mut found: Option<u32> = Option::None;
    for policy in policies {
        if *policy.token == token {
            found = Option::Some(index);
            break;
        }
        index += 1;
    };
    found
}

/// Sum of the amounts planned for policy `index`.
fn planned_for(planned: Span<(u32, u256)>, index: u32) -> u256 {
    let mut total: u256 = 0;
    for entry in planned {
        let (planned_index, amount) = *entry;
        if planned_index == index {
            total += amount;
        }
    };
    total
}

/// The checks a request's calldata allows before anything runs, in call order: a strict session
/// never calls an approval-for-all selector (`'policy/forbidden-selector'`) nor a value-moving
/// selector on a contract without a policy (`'policy/no-policy'`); the amount an ERC-20 call
/// declares must fit the per-call cap and, with the earlier calls of the request, the window.
/// Execution then measures what really leaves (the binding rule); `is_valid_signature` can only
/// run these.
pub fn check_declared(
    policies: Span<PolicyState>, strict: bool, calls: Span<Call>, account: ContractAddress,
) -> Result<(), felt252> {
    let mut planned: Array<(u32, u256)> = array![];
    let mut remaining = calls;
    loop {
        let call = match remaining.pop_front() {
            Option::Some(call) => call,
            Option::None => { break Result::Ok(()); },
        };
        let selector = *call.selector;
        if strict && is_forbidden_in_strict(selector) {
            break Result::Err(errors::POLICY_FORBIDDEN_SELECTOR);
        }
        let decoded = is_value_moving(selector);
        if !decoded && !moves_value_undecoded(selector) {
            continue;
        }
        let found = find_policy(policies, *call.to);
        if found.is_none() {
            if strict {
                break Result::Err(errors::POLICY_NO_POLICY);
            }
            continue;
        }
        if !decoded {
            continue;
        }
        let index = found.unwrap();
        let amount = match spent_amount(selector, *call.calldata, account) {
            Result::Ok(amount) => amount,
            Result::Err(error) => { break Result::Err(error); },
        };
        let policy = *policies.at(index);
        let spent = policy.spent + planned_for(planned.span(), index);
        if let Result::Err(error) =
            check_spend(amount, policy.max_per_call, policy.max_per_window, spent) {
            break Result::Err(error);
        }
        planned.append((index, amount));
    }
}

/// What left between two balance readings: `before - after`, or 0 when the balance grew.
pub fn outflow(before: u256, after: u256) -> u256 {
    if before > after {
        before - after
    } else {
        0
    }
}

/// A policy's window length and the generation of its ring, in one slot: a request reads both.
#[derive(Copy, Drop, PartialEq, Debug)]
pub struct PolicyWindow {
    /// 0 until the policy is first set.
    pub window_seconds: u64,
    /// Bumped by every change of window length; names the current ring.
    pub generation: u32,
}

pub impl PolicyWindowPacking of starknet::storage_access::StorePacking<PolicyWindow, felt252> {
    fn pack(value: PolicyWindow) -> felt252 {
        value.window_seconds.into() + value.generation.into() * TWO_POW_64_FELT
    }

    fn unpack(value: felt252) -> PolicyWindow {
        let wide: u256 = value.into();
        let (generation, window_seconds) = DivRem::div_rem(wide.low, TWO_POW_64.try_into().unwrap());
        PolicyWindow {
            window_seconds: window_seconds.try_into().unwrap(),
            generation: generation.try_into().unwrap(),
        }
    }
}
