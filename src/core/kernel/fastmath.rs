//! `exp` and `ln` as straight-line arithmetic on a whole vector of lanes (the libm versions are
//! opaque scalar calls, and `exp` is most of an EM iteration at low dimension). Written once over
//! [`Simd`]; a path may replace them with its own instructions (AVX-512 does for `exp`). Both are
//! within 4e-16 of libm over their whole range.

use super::simd::Simd;

/// ln 2 split so that n·LN2_HI is exact for the n that occur (fdlibm's constants).
pub const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
pub const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// Adding then subtracting this rounds an f64 of magnitude < 2⁵¹ to an integer (ties to even),
/// and leaves that integer in the low mantissa bits of the sum.
pub const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 · 2⁵²

/// `exp` clamps its argument to [EXP_MIN, EXP_MAX]. e^-708.39 is just above the smallest normal
/// number (e^-708.3964): below it results would be subnormal, which some CPUs compute 100×
/// slower, and the E-step only ever adds them to numbers ≥ 1. e^709.69 ≈ 1.6e308 is within 20 %
/// of the largest f64 (e^709.78), the most [`exp`]'s 2^(n/4) can reach without overflowing.
pub const EXP_MIN: f64 = -708.39;
pub const EXP_MAX: f64 = 709.69;

/// 1/k! for k = 9 down to 2: the Taylor series of (eʳ − 1 − r)/r, highest term first. Degree 9
/// leaves a truncation error below 7e-18 on |r| ≤ ln2/8 ([`exp`]); the last six, degree 7,
/// below 2e-18 on |r| ≤ ln2/32 (AVX-512's exp).
pub const EXP_TAYLOR: [f64; 8] = [
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
];

/// 2^(j/4) for j = 0…3 (correctly rounded), each bit pattern less j·2⁵⁰: adding n·2⁵⁰ to entry
/// n mod 4 then makes 2^(n/4) exactly, the low bits of n cancelling and ⌊n/4⌋ landing in the
/// exponent ([`quarter_power`]).
pub const EXP2_QUARTERS: [u64; 4] = [
    0x3ff0_0000_0000_0000,
    0x3ff3_06fe_0a31_b715 - (1 << 50),
    0x3ff6_a09e_667f_3bcd - (2 << 50),
    0x3ffa_e89f_995a_d3ad - (3 << 50),
];

/// eʳ − 1 for |r| ≤ ln2/8, by Horner's scheme on the first `EXP_TAYLOR` terms from `from` on:
/// a path without FMA pays two roundings a step, still far below an ulp of eʳ. (Horner, not
/// Estrin: the kernel has many independent vectors in flight, so the dependency chain is hidden
/// and the fewest operations win.)
#[inline(always)]
pub fn exp_minus_one<S: Simd>(s: S, r: S::V, from: usize) -> S::V {
    let mut p = s.splat(EXP_TAYLOR[from]);
    for c in &EXP_TAYLOR[from + 1..] {
        p = s.mul_add(p, r, s.splat(*c));
    }
    s.mul(s.mul_add(p, r, s.splat(1.0)), r)
}

/// eˣ: x = (n/4)·ln2 + r with n an integer and |r| ≤ ln2/8, eˣ = 2^(n/4)·eʳ. `quarter_power`
/// gives 2^(n/4) from a 4-entry table and n's bits (see [`quarter_power`]), which leaves a
/// degree-9 polynomial for eʳ where 2ⁿ alone would need degree 13: as many operations as that,
/// but four of them table and integer work, which x86 CPUs run beside the multiply-adds.
#[inline(always)]
pub fn exp<S: Simd>(s: S, x: S::V, quarter_power: impl Fn(S::V) -> S::V) -> S::V {
    let x = s.min(s.max(x, s.splat(EXP_MIN)), s.splat(EXP_MAX));
    // `shifted`'s low mantissa bits hold n = round(4x·log₂e) as an integer.
    let shifted = s.mul_add(
        x,
        s.splat(4.0 * std::f64::consts::LOG2_E),
        s.splat(ROUND_MAGIC),
    );
    let n = s.sub(shifted, s.splat(ROUND_MAGIC));
    let r = s.neg_mul_add(n, s.splat(LN2_HI / 4.0), x);
    let r = s.neg_mul_add(n, s.splat(LN2_LO / 4.0), r);
    let scale = quarter_power(shifted);
    s.mul_add(scale, exp_minus_one(s, r, 0), scale)
}

/// One lane of an `exp` quarter power: 2^(n/4) for `shifted` = n + [`ROUND_MAGIC`]. Its bit
/// pattern is H + 2⁵¹ + n with H the exponent of 1.5·2⁵², so shifted left by 50 it is n·2⁵⁰
/// (mod 2⁶⁴), and its lowest two bits are n mod 4.
#[inline(always)]
pub fn quarter_power(shifted: f64) -> f64 {
    let bits = shifted.to_bits();
    f64::from_bits(EXP2_QUARTERS[(bits & 3) as usize].wrapping_add(bits << 50))
}

/// 1/(2k+1) for k = 11 down to 1: ln m = 2·atanh(s) = 2s·Σ s²ᵏ/(2k+1).
const ATANH_SERIES: [f64; 11] = [
    1.0 / 23.0,
    1.0 / 21.0,
    1.0 / 19.0,
    1.0 / 17.0,
    1.0 / 15.0,
    1.0 / 13.0,
    1.0 / 11.0,
    1.0 / 9.0,
    1.0 / 7.0,
    1.0 / 5.0,
    1.0 / 3.0,
];

/// ln x for finite normal x > 0.
#[inline(always)]
pub fn ln<S: Simd>(s: S, x: S::V) -> S::V {
    let (exponent, m) = s.split_exponent(x);
    // Fold the mantissa into [√½, √2) so that the series argument stays small.
    let sqrt2 = s.splat(std::f64::consts::SQRT_2);
    let exponent = s.select_gt(m, sqrt2, s.add(exponent, s.splat(1.0)), exponent);
    let m = s.select_gt(m, sqrt2, s.mul(m, s.splat(0.5)), m);
    // |t| ≤ 0.1716, so 11 odd terms reach 1e-17.
    let t = s.div(s.sub(m, s.splat(1.0)), s.add(m, s.splat(1.0)));
    let t2 = s.mul(t, t);
    let mut p = s.splat(ATANH_SERIES[0]);
    for c in &ATANH_SERIES[1..] {
        p = s.mul_add(p, t2, s.splat(*c));
    }
    p = s.mul_add(p, t2, s.splat(1.0));
    let two_t = s.add(t, t);
    let low = s.mul_add(two_t, p, s.mul(exponent, s.splat(LN2_LO)));
    s.mul_add(exponent, s.splat(LN2_HI), low)
}

/// One lane of [`Simd::split_exponent`]'s exponent, as an f64 without an int→float conversion.
#[inline(always)]
pub fn exponent(x: f64) -> f64 {
    let biased =
        f64::from_bits((x.to_bits() >> 52) | 0x4330_0000_0000_0000) - 4_503_599_627_370_496.0;
    biased - 1023.0
}

/// One lane of [`Simd::split_exponent`]'s mantissa, in [1, 2).
#[inline(always)]
pub fn mantissa(x: f64) -> f64 {
    f64::from_bits((x.to_bits() & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000)
}
