//! `exp` and `ln` as straight-line arithmetic on a whole vector of lanes (the libm versions are
//! opaque scalar calls, and `exp` is most of an EM iteration at low dimension). Written once over
//! [`Simd`]; a path may replace them with its own instructions (AVX-512 does for `exp`). Both are
//! within a few ulp of libm over the ranges the E-step uses.

use super::simd::Simd;

/// ln 2 split so that n·LN2_HI is exact for the n that occur (fdlibm's constants).
pub const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
pub const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// Adding then subtracting this rounds an f64 of magnitude < 2⁵¹ to an integer (ties to even),
/// and leaves that integer in the low mantissa bits of the sum.
pub const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 · 2⁵²

/// Arguments are clamped to this range: e^-708 ≈ 3e-308 is still a normal number, and the
/// E-step only ever adds it to numbers ≥ 1.
pub const EXP_MIN: f64 = -708.0;
pub const EXP_MAX: f64 = 709.0;

/// 1/k! for k = 13 down to 2: the Taylor series of eʳ − 1 − r, highest term first. Degree 13
/// leaves a truncation error below 5e-18 on |r| ≤ ln2/2.
pub const EXP_TAYLOR: [f64; 12] = [
    1.0 / 6_227_020_800.0,
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
];

/// eʳ for |r| ≤ ln2/2 by Horner's scheme: a path without FMA pays two roundings a step, still
/// within a few ulp. (Horner, not Estrin: the kernel has many independent vectors in flight,
/// so the dependency chain is hidden and the fewest operations win.)
#[inline(always)]
pub fn exp_reduced<S: Simd>(s: S, r: S::V) -> S::V {
    let mut p = s.splat(EXP_TAYLOR[0]);
    for c in &EXP_TAYLOR[1..] {
        p = s.mul_add(p, r, s.splat(*c));
    }
    p = s.mul_add(p, r, s.splat(1.0));
    s.mul_add(p, r, s.splat(1.0))
}

/// eˣ: x = n·ln2 + r with n an integer, eˣ = 2ⁿ·eʳ; 2ⁿ is built from n's bits.
#[inline(always)]
pub fn exp<S: Simd>(s: S, x: S::V) -> S::V {
    let x = s.min(s.max(x, s.splat(EXP_MIN)), s.splat(EXP_MAX));
    // `shifted`'s low mantissa bits hold n = round(x·log₂e) as an integer; reading them with
    // integer operations (not an f64→i64 conversion, which AVX2 lacks) gives 2ⁿ.
    let shifted = s.mul_add(x, s.splat(std::f64::consts::LOG2_E), s.splat(ROUND_MAGIC));
    let n = s.sub(shifted, s.splat(ROUND_MAGIC));
    let r = s.mul_add(n, s.splat(-LN2_HI), x);
    let r = s.mul_add(n, s.splat(-LN2_LO), r);
    s.mul(exp_reduced(s, r), s.pow2_of_rounded(shifted))
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

/// One lane of [`Simd::pow2_of_rounded`]: only the low 12 bits of (bits + 1023) survive the
/// shift, exactly n + 1023.
#[inline(always)]
pub fn pow2_of_rounded(shifted: f64) -> f64 {
    f64::from_bits(shifted.to_bits().wrapping_add(1023) << 52)
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

    #[test]
    fn exp_is_within_a_few_ulp_of_libm_on_every_path() {
        let xs: Vec<f64> = (0..=200_000).map(|i| -700.0 + i as f64 * 0.007).collect();
        for path in KernelPath::available() {
            let got = through(path, &xs, Op::Exp);
            let worst = xs
                .iter()
                .zip(&got)
                .map(|(x, y)| ((y - x.exp()) / x.exp()).abs())
                .fold(0.0, f64::max);
            assert!(worst < 4e-16, "{path:?}: worst relative error {worst:e}");
        }
    }

    #[test]
    fn exp_saturates_instead_of_producing_garbage_on_every_path() {
        for path in KernelPath::available() {
            let got = through(path, &[-1e6, 1e6, 0.0, -708.5], Op::Exp);
            // Tiny arguments stay normal numbers (subnormals are slow on some CPUs).
            assert!(got[0].is_normal() && got[0] < 1e-300, "{path:?}: {got:?}");
            assert!(got[1] > 1e300, "{path:?}: {got:?}");
            assert_eq!(got[2], 1.0, "{path:?}");
            assert!(got[3] > 0.0 && got[3].is_normal(), "{path:?}: {got:?}");
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
