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

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    use super::{EXP_MAX, EXP_MIN};
    use crate::core::kernel::path::{KernelPath, with_simd};
    use crate::core::kernel::simd::Simd;

    /// `f` applied by `path`'s vectors to every value of `xs`.
    fn through(path: KernelPath, xs: &[f64], op: Op) -> Vec<f64> {
        struct Apply<'a>(&'a [f64], Op);
        impl crate::core::kernel::path::WithSimd for Apply<'_> {
            type Output = Vec<f64>;
            #[inline(always)]
            fn run<S: Simd>(self, s: S) -> Vec<f64> {
                let lanes = S::LANES;
                let mut padded = self.0.to_vec();
                padded.resize(self.0.len().next_multiple_of(lanes), 1.0);
                let mut out = vec![0.0; padded.len()];
                for (x, y) in padded.chunks_exact(lanes).zip(out.chunks_exact_mut(lanes)) {
                    let v = s.load(x);
                    let r = match self.1 {
                        Op::Exp => s.exp(v),
                        Op::Ln => s.ln(v),
                    };
                    s.store(r, y);
                }
                out.truncate(self.0.len());
                out
            }
        }
        with_simd(path, Apply(xs, op))
    }

    #[derive(Clone, Copy)]
    enum Op {
        Exp,
        Ln,
    }

    /// The largest |exp(x) − libm| / libm over `xs` on `path`, and where.
    fn worst_exp_error(path: KernelPath, xs: &[f64]) -> (f64, f64) {
        let got = through(path, xs, Op::Exp);
        xs.iter()
            .zip(&got)
            .map(|(x, y)| (((y - x.exp()) / x.exp()).abs(), *x))
            .fold(
                (0.0, f64::NAN),
                |worst, e| if e.0 > worst.0 { e } else { worst },
            )
    }

    /// The whole range [EXP_MIN, EXP_MAX]: a fine grid, a million random arguments, the ends,
    /// and both sides of every point where n (the table index and exponent) changes near them
    /// and near 0.
    #[test]
    fn exp_is_within_4e_16_of_libm_on_its_whole_range_on_every_path() {
        let span = EXP_MAX - EXP_MIN;
        let mut xs: Vec<f64> = (0..=400_000)
            .map(|i| EXP_MIN + span * i as f64 / 400_000.0)
            .collect();
        let mut rng = StdRng::seed_from_u64(19);
        xs.extend((0..1_000_000).map(|_| rng.random_range(EXP_MIN..=EXP_MAX)));
        // Where n changes for the portable and AVX2 quarters (n = round(4x/ln2)) and for
        // AVX-512's sixteenths (n = round(16x/ln2)): every table entry on both sides of 0 and
        // of the range's ends.
        for parts in [4.0, 16.0] {
            let last = (EXP_MAX * parts / std::f64::consts::LN_2) as i64;
            let first = (EXP_MIN * parts / std::f64::consts::LN_2) as i64;
            for n in (first - 1..first + 33)
                .chain(-33..33)
                .chain(last - 33..last + 1)
            {
                let boundary = (n as f64 + 0.5) * std::f64::consts::LN_2 / parts;
                xs.extend([boundary.next_down(), boundary, boundary.next_up()]);
            }
        }
        xs.retain(|x| (EXP_MIN..=EXP_MAX).contains(x));
        xs.extend([EXP_MIN, EXP_MAX, 0.0, -0.0, 1e-300, -1e-300, 1e-10, -1e-10]);
        // Subnormal and tiny arguments, whose exp is 1 or its neighbour.
        let tiny = f64::MIN_POSITIVE;
        xs.extend([
            f64::from_bits(1),
            -f64::from_bits(1),
            tiny / 3.0,
            -tiny / 3.0,
            tiny,
        ]);
        xs.extend([
            f64::EPSILON,
            -f64::EPSILON,
            f64::EPSILON / 4.0,
            -f64::EPSILON / 4.0,
        ]);
        for path in KernelPath::available() {
            let (worst, at) = worst_exp_error(path, &xs);
            assert!(worst < 4e-16, "{path}: relative error {worst:e} at {at}");
        }
    }

    /// Below EXP_MIN libm's results turn subnormal and then 0; ours stop at e^EXP_MIN, a normal
    /// number (subnormal arithmetic is slow on some CPUs, and the E-step adds it to 1 or more).
    #[test]
    fn exp_stops_at_a_normal_number_below_the_range_on_every_path() {
        let xs = [
            EXP_MIN.next_down(),
            -708.3964,
            -708.5,
            -745.2,
            -1e6,
            f64::NEG_INFINITY,
        ];
        for path in KernelPath::available() {
            let floor = through(path, &[EXP_MIN], Op::Exp)[0];
            assert!(floor.is_normal() && floor < 2.3e-308, "{path}: {floor:e}");
            for (x, y) in xs.iter().zip(through(path, &xs, Op::Exp)) {
                assert_eq!(y, floor, "{path}: exp({x})");
            }
        }
    }

    /// Above EXP_MAX results are never NaN or below e^EXP_MAX, and never above libm's: a clamp
    /// where the path has one, and libm's value or +∞ where it has none (AVX-512).
    #[test]
    fn exp_saturates_without_garbage_above_the_range_on_every_path() {
        let xs = [
            EXP_MAX.next_up(),
            709.75,
            709.782,
            709.8,
            1e6,
            f64::INFINITY,
        ];
        for path in KernelPath::available() {
            let ceiling = through(path, &[EXP_MAX], Op::Exp)[0];
            for (x, y) in xs.iter().zip(through(path, &xs, Op::Exp)) {
                assert!(y >= ceiling, "{path}: exp({x}) = {y:e}");
                assert!(y <= x.exp() * (1.0 + 4e-16), "{path}: exp({x}) = {y:e}");
            }
        }
    }

    /// 2^(j/16) to 40 digits (Python's `decimal`, `(Decimal(2).ln() * j / 16).exp()`): Rust
    /// reads a decimal to the nearest f64, so each must be its table entry bit for bit.
    const EXP2_SIXTEENTHS_DECIMAL: [&str; 16] = [
        "1",
        "1.044273782427413840321966478739929008785",
        "1.090507732665257659207010655760707978993",
        "1.138788634756691653703830283841511254720",
        "1.189207115002721066717499970560475915293",
        "1.241857812073484048593677468726595605511",
        "1.296839554651009665933754117792451159835",
        "1.354255546936892728298014740140702804343",
        "1.414213562373095048801688724209698078570",
        "1.476826145939499311386907480374049923924",
        "1.542210825407940823612291862090734841307",
        "1.610490331949254308179520667357400583459",
        "1.681792830507429086062250952466429790080",
        "1.756252160373299483112160619375313221294",
        "1.834008086409342463487083189588288856077",
        "1.915206561397147293872611270295830887850",
    ];

    #[test]
    fn exp_tables_hold_correctly_rounded_powers_of_two() {
        let nearest = |j: usize| EXP2_SIXTEENTHS_DECIMAL[j].parse::<f64>().unwrap();
        for (j, entry) in super::EXP2_QUARTERS.iter().enumerate() {
            // The stored pattern is less j·2⁵⁰ (see EXP2_QUARTERS).
            let value = f64::from_bits(entry + ((j as u64) << 50));
            assert_eq!(value, nearest(4 * j), "2^({j}/4)");
            assert_eq!(super::quarter_power(j as f64 + super::ROUND_MAGIC), value);
        }
        #[cfg(target_arch = "x86_64")]
        for (j, entry) in crate::core::kernel::x86::EXP2_SIXTEENTHS.iter().enumerate() {
            assert_eq!(*entry, nearest(j), "2^({j}/16)");
        }
    }

    #[test]
    fn exp_of_zero_is_one_on_every_path() {
        for path in KernelPath::available() {
            assert_eq!(through(path, &[0.0, -0.0], Op::Exp), [1.0, 1.0], "{path}");
        }
    }

    #[test]
    fn ln_is_within_a_few_ulp_of_libm_on_every_path() {
        let mut xs: Vec<f64> = (1..=200_000).map(|i| i as f64 * 0.000_37).collect();
        xs.extend([1e-300, 1e-10, 0.5, 1.0, 2.0, 1e10, 1e300]);
        for path in KernelPath::available() {
            let got = through(path, &xs, Op::Ln);
            let worst = xs
                .iter()
                .zip(&got)
                .map(|(x, y)| (y - x.ln()).abs() / x.ln().abs().max(1.0))
                .fold(0.0, f64::max);
            assert!(worst < 4e-16, "{path:?}: worst error {worst:e}");
        }
    }
}
