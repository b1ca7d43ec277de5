//! Two amounts in one storage slot (`low + high · 2^125`) when both are below `2^125`, so the hot
//! paths read and write one felt; larger values are marked `WIDE_PAIR` and kept in their own
//! slots by the caller. Used for a policy's two caps.

/// The slot of a pair that does not fit: the caller reads and writes its own full-width slots.
pub const WIDE_PAIR: felt252 = 0x400000000000000000000000000000000000000000000000000000000000000;
const TWO_POW_125: u256 = 0x20000000000000000000000000000000;
const TWO_POW_125_FELT: felt252 = 0x20000000000000000000000000000000;

/// `low + high · 2^125` when both are below `2^125`, else `WIDE_PAIR`.
pub fn pack_pair(low: u256, high: u256) -> felt252 {
    if low >= TWO_POW_125 || high >= TWO_POW_125 {
        return WIDE_PAIR;
    }
    let low: felt252 = low.try_into().unwrap();
    let high: felt252 = high.try_into().unwrap();
    low + high * TWO_POW_125_FELT
}

/// `(low, high)` from `pack_pair`, or `None` for `WIDE_PAIR`.
pub fn unpack_pair(packed: felt252) -> Option<(u256, u256)> {
    if packed == WIDE_PAIR {
        return Option::None;
    }
    let wide: u256 = packed.into();
    let (high, low) = DivRem::div_rem(wide, TWO_POW_125.try_into().unwrap());
    Option::Some((low, high))
}
