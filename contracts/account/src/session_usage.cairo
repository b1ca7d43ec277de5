//! What a session has used, in one storage slot: the only session state a session transaction
//! writes, so validation costs one storage write.
//!
//! Layout: `fee_left` in the low 128 bits, `calls_used` above it.

use starknet::storage_access::StorePacking;

const TWO_POW_128_FELT: felt252 = 0x100000000000000000000000000000000;

#[derive(Copy, Drop, PartialEq, Debug)]
pub struct SessionUsage {
    pub calls_used: u32,
    /// What is left of the lifetime fee budget, in fri; `fee_used` is the budget minus this.
    pub fee_left: u128,
}

pub impl SessionUsagePacking of StorePacking<SessionUsage, felt252> {
    fn pack(value: SessionUsage) -> felt252 {
        value.fee_left.into() + value.calls_used.into() * TWO_POW_128_FELT
    }

    fn unpack(value: felt252) -> SessionUsage {
        let wide: u256 = value.into();
        SessionUsage { calls_used: wide.high.try_into().unwrap(), fee_left: wide.low }
    }
}

/// `fee_left` after a change of budget: the new budget minus what was already used, never below 0.
pub fn fee_left_after_budget_change(usage: @SessionUsage, old_budget: u128, new_budget: u128) -> u128 {
    let used = old_budget - *usage.fee_left;
    if used >= new_budget {
        0
    } else {
        new_budget - used
    }
}
