//! `exp` and `ln` written as straight-line arithmetic so that the compiler can vectorise a loop
//! that calls them (the libm versions are opaque calls, and `exp` dominates an EM iteration).
//! Both are accurate to a few ulp over the ranges the E-step uses.

/// ln 2 split so that n·LN2_HI is exact for the n that occur (fdlibm's constants).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// Adding then subtracting this rounds an f64 of magnitude < 2⁵¹ to an integer (ties to even).
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 · 2⁵²

/// e^x for x in any range; values below e^-708 come out as e^-708 (≈ 3e-308), which the E-step
/// only ever adds to numbers ≥ 1.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    let x = x.clamp(-708.0, 709.0);
    // `shifted`'s low mantissa bits hold n = round(x·log₂e) as an integer; reading them with
    // integer ops (not an f64→i64 conversion, which AVX2 cannot vectorise) gives 2ⁿ below.
    let shifted = x * std::f64::consts::LOG2_E + ROUND_MAGIC;
    let n = shifted - ROUND_MAGIC;
    let r = (x - n * LN2_HI) - n * LN2_LO; // |r| ≤ ln2/2
    // Taylor series to degree 13 (truncation error below 1e-17 on |r| ≤ 0.347), evaluated by
    // Estrin's scheme: the same terms as Horner's, but a dependency chain of depth 5 instead of
    // 13, so a vectorised loop is not stalled on each multiply-add's latency.
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let p01 = r + 1.0;
    let p23 = r * (1.0 / 6.0) + 0.5;
    let p45 = r * (1.0 / 120.0) + 1.0 / 24.0;
    let p67 = r * (1.0 / 5_040.0) + 1.0 / 720.0;
    let p89 = r * (1.0 / 362_880.0) + 1.0 / 40_320.0;
    let p1011 = r * (1.0 / 39_916_800.0) + 1.0 / 3_628_800.0;
    let p1213 = r * (1.0 / 6_227_020_800.0) + 1.0 / 479_001_600.0;
    let p0_3 = p23 * r2 + p01;
    let p4_7 = p67 * r2 + p45;
    let p8_11 = p1011 * r2 + p89;
    let p0_7 = p4_7 * r4 + p0_3;
    let p8_13 = p1213 * r4 + p8_11;
    let p = p8_13 * r8 + p0_7;
    // Only the low 12 bits of (bits + 1023) survive the shift: exactly n + 1023 ∈ [2, 2046].
    let scale = f64::from_bits(shifted.to_bits().wrapping_add(1023) << 52);
    p * scale
}

/// ln(x) for finite x > 0 (normal numbers).
#[inline(always)]
pub fn ln(x: f64) -> f64 {
    let bits = x.to_bits();
    // The biased exponent as an f64 by the same magic (no integer→float conversion).
    let biased = f64::from_bits((bits >> 52) | 0x4330_0000_0000_0000) - 4_503_599_627_370_496.0;
    let mut exponent = biased - 1023.0;
    // Mantissa m in [1, 2); fold it into [√½, √2) so the series argument stays small.
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        exponent += 1.0;
    }
    // ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716: 11 odd terms reach 1e-17.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    exponent * LN2_HI + (2.0 * s * p + exponent * LN2_LO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative_error(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn exp_matches_libm_to_a_few_ulp() {
        let mut worst: f64 = 0.0;
        for i in 0..=200_000 {
            let x = -700.0 + i as f64 * 0.0035 * 2.0;
            worst = worst.max(relative_error(exp(x), x.exp()));
        }
        assert!(worst < 1e-15, "worst relative error {worst:e}");
    }

    #[test]
    fn exp_saturates_instead_of_producing_garbage() {
        assert!(exp(-1e6) > 0.0 && exp(-1e6) < 1e-300);
        assert!(exp(1e6).is_finite());
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn ln_matches_libm_to_a_few_ulp() {
        let mut worst: f64 = 0.0;
        for i in 1..=200_000 {
            let x = i as f64 * 0.000_37;
            worst = worst.max((ln(x) - x.ln()).abs() / x.ln().abs().max(1.0));
        }
        for x in [1e-300, 1e-10, 0.5, 1.0, 2.0, 1e10, 1e300] {
            worst = worst.max((ln(x) - x.ln()).abs() / x.ln().abs().max(1.0));
        }
        assert!(worst < 1e-15, "worst error {worst:e}");
    }
}
