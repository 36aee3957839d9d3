//! The x86-64 vectors: AVX2 (4 lanes, with or without FMA) and AVX-512 (8 lanes).

use std::arch::x86_64::*;

use super::fastmath;
use super::simd::Simd;

/// AVX2, 4 lanes; `FMA` says whether `mul_add` is fused (AVX2 CPUs without FMA exist, and
/// forcing the unfused path on a CPU with FMA tests it).
#[derive(Clone, Copy, Debug)]
pub struct Avx2<const FMA: bool>(());

impl<const FMA: bool> Avx2<FMA> {
    /// The token, if this CPU has AVX2 (and FMA when asked for).
    pub fn new() -> Option<Self> {
        let fma = !FMA || is_x86_feature_detected!("fma");
        (is_x86_feature_detected!("avx2") && fma).then_some(Avx2(()))
    }
}

// SAFETY (every `unsafe` block below): an `Avx2<FMA>` exists only when `new` found AVX2 (and
// FMA if `FMA`) on the running CPU, and loads and stores go through slices of at least 4 values.
impl<const FMA: bool> Simd for Avx2<FMA> {
    const LANES: usize = 4;
    const REGISTERS: usize = 16;
    const PREFETCH_TILES: usize = 2;
    type V = __m256d;

    #[inline(always)]
    fn splat(self, x: f64) -> __m256d {
        unsafe { _mm256_set1_pd(x) }
    }
    #[inline(always)]
    fn load(self, from: &[f64]) -> __m256d {
        let from = &from[..4];
        unsafe { _mm256_loadu_pd(from.as_ptr()) }
    }
    #[inline(always)]
    fn store(self, v: __m256d, to: &mut [f64]) {
        let to = &mut to[..4];
        unsafe { _mm256_storeu_pd(to.as_mut_ptr(), v) }
    }
    #[inline(always)]
    fn add(self, a: __m256d, b: __m256d) -> __m256d {
        unsafe { _mm256_add_pd(a, b) }
    }
    #[inline(always)]
    fn sub(self, a: __m256d, b: __m256d) -> __m256d {
        unsafe { _mm256_sub_pd(a, b) }
    }
    #[inline(always)]
    fn mul(self, a: __m256d, b: __m256d) -> __m256d {
        unsafe { _mm256_mul_pd(a, b) }
    }
    #[inline(always)]
    fn div(self, a: __m256d, b: __m256d) -> __m256d {
        unsafe { _mm256_div_pd(a, b) }
    }
    #[inline(always)]
    fn max(self, a: __m256d, b: __m256d) -> __m256d {
        unsafe { _mm256_max_pd(a, b) }
    }
    #[inline(always)]
    fn min(self, a: __m256d, b: __m256d) -> __m256d {
        unsafe { _mm256_min_pd(a, b) }
    }
    #[inline(always)]
    fn mul_add(self, a: __m256d, b: __m256d, c: __m256d) -> __m256d {
        if FMA {
            unsafe { _mm256_fmadd_pd(a, b, c) }
        } else {
            self.add(self.mul(a, b), c)
        }
    }
    #[inline(always)]
    fn neg_mul_add(self, a: __m256d, b: __m256d, c: __m256d) -> __m256d {
        if FMA {
            unsafe { _mm256_fnmadd_pd(a, b, c) }
        } else {
            self.sub(c, self.mul(a, b))
        }
    }
    #[inline(always)]
    fn select_eq(self, a: __m256d, b: __m256d, yes: __m256d, no: __m256d) -> __m256d {
        unsafe { _mm256_blendv_pd(no, yes, _mm256_cmp_pd::<_CMP_EQ_OQ>(a, b)) }
    }
    #[inline(always)]
    fn select_gt(self, a: __m256d, b: __m256d, yes: __m256d, no: __m256d) -> __m256d {
        unsafe { _mm256_blendv_pd(no, yes, _mm256_cmp_pd::<_CMP_GT_OQ>(a, b)) }
    }
    #[inline(always)]
    fn split_exponent(self, x: __m256d) -> (__m256d, __m256d) {
        unsafe {
            let bits = _mm256_castpd_si256(x);
            let high = _mm256_or_si256(
                _mm256_srli_epi64::<52>(bits),
                _mm256_set1_epi64x(0x4330_0000_0000_0000),
            );
            let exponent = _mm256_sub_pd(
                _mm256_castsi256_pd(high),
                _mm256_set1_pd(4_503_599_627_370_496.0 + 1023.0),
            );
            let mantissa = _mm256_or_si256(
                _mm256_and_si256(bits, _mm256_set1_epi64x(0x000f_ffff_ffff_ffff)),
                _mm256_set1_epi64x(0x3ff0_0000_0000_0000),
            );
            (exponent, _mm256_castsi256_pd(mantissa))
        }
    }
    #[inline(always)]
    fn sum_lanes(self, v: __m256d) -> f64 {
        unsafe { sum_halves(_mm256_castpd256_pd128(v), _mm256_extractf128_pd::<1>(v)) }
    }
    #[inline(always)]
    fn exp(self, x: __m256d) -> __m256d {
        fastmath::exp(self, x, quarter_power)
    }
    #[inline(always)]
    fn ln(self, x: __m256d) -> __m256d {
        fastmath::ln(self, x)
    }
}

/// [`fastmath::quarter_power`] on 4 lanes: the table entry by `vpermd` (which picks 32-bit
/// halves, by the low 3 bits of each index: 2j and 2j + 1 pick entry j's), plus n·2⁵⁰.
#[inline(always)]
fn quarter_power(shifted: __m256d) -> __m256d {
    // SAFETY: only called from `Avx2`'s exp, which exists when the CPU has AVX2.
    unsafe {
        let bits = _mm256_castpd_si256(shifted);
        let table = _mm256_loadu_si256(fastmath::EXP2_QUARTERS.as_ptr().cast());
        // Each 64-bit lane's low half (n mod 2³²) in both halves, doubled, the high half + 1.
        let n = _mm256_shuffle_epi32::<0b1010_0000>(bits);
        let index = _mm256_add_epi32(
            _mm256_add_epi32(n, n),
            _mm256_set_epi32(1, 0, 1, 0, 1, 0, 1, 0),
        );
        let entry = _mm256_permutevar8x32_epi32(table, index);
        _mm256_castsi256_pd(_mm256_add_epi64(entry, _mm256_slli_epi64::<50>(bits)))
    }
}

/// (a + b)'s two lanes added: the last steps of `sum_lanes`.
#[inline(always)]
fn sum_halves(a: __m128d, b: __m128d) -> f64 {
    // SAFETY: SSE2 is part of x86-64.
    unsafe {
        let pair = _mm_add_pd(a, b);
        _mm_cvtsd_f64(_mm_add_sd(pair, _mm_unpackhi_pd(pair, pair)))
    }
}

/// AVX-512F, 8 lanes, with FMA.
#[derive(Clone, Copy, Debug)]
pub struct Avx512(());

impl Avx512 {
    /// The token, if this CPU has AVX-512F.
    pub fn new() -> Option<Self> {
        is_x86_feature_detected!("avx512f").then_some(Avx512(()))
    }
}

// SAFETY (every `unsafe` block below): an `Avx512` exists only when `new` found AVX-512F on the
// running CPU, and loads and stores go through slices of at least 8 values.
impl Simd for Avx512 {
    const LANES: usize = 8;
    const REGISTERS: usize = 32;
    /// None: asking for lines ahead made this path 0–8 % slower in interleaved runs on the
    /// project's Xeon (why is not known; the 4-lane paths gained 2–15 %).
    const PREFETCH_TILES: usize = 0;
    type V = __m512d;

    #[inline(always)]
    fn splat(self, x: f64) -> __m512d {
        unsafe { _mm512_set1_pd(x) }
    }
    #[inline(always)]
    fn load(self, from: &[f64]) -> __m512d {
        let from = &from[..8];
        unsafe { _mm512_loadu_pd(from.as_ptr()) }
    }
    #[inline(always)]
    fn store(self, v: __m512d, to: &mut [f64]) {
        let to = &mut to[..8];
        unsafe { _mm512_storeu_pd(to.as_mut_ptr(), v) }
    }
    #[inline(always)]
    fn add(self, a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_add_pd(a, b) }
    }
    #[inline(always)]
    fn sub(self, a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_sub_pd(a, b) }
    }
    #[inline(always)]
    fn mul(self, a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_mul_pd(a, b) }
    }
    #[inline(always)]
    fn div(self, a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_div_pd(a, b) }
    }
    #[inline(always)]
    fn max(self, a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_max_pd(a, b) }
    }
    #[inline(always)]
    fn min(self, a: __m512d, b: __m512d) -> __m512d {
        unsafe { _mm512_min_pd(a, b) }
    }
    #[inline(always)]
    fn mul_add(self, a: __m512d, b: __m512d, c: __m512d) -> __m512d {
        unsafe { _mm512_fmadd_pd(a, b, c) }
    }
    #[inline(always)]
    fn neg_mul_add(self, a: __m512d, b: __m512d, c: __m512d) -> __m512d {
        unsafe { _mm512_fnmadd_pd(a, b, c) }
    }
    #[inline(always)]
    fn select_eq(self, a: __m512d, b: __m512d, yes: __m512d, no: __m512d) -> __m512d {
        unsafe { _mm512_mask_blend_pd(_mm512_cmp_pd_mask::<_CMP_EQ_OQ>(a, b), no, yes) }
    }
    #[inline(always)]
    fn select_gt(self, a: __m512d, b: __m512d, yes: __m512d, no: __m512d) -> __m512d {
        unsafe { _mm512_mask_blend_pd(_mm512_cmp_pd_mask::<_CMP_GT_OQ>(a, b), no, yes) }
    }
    #[inline(always)]
    fn split_exponent(self, x: __m512d) -> (__m512d, __m512d) {
        unsafe {
            (
                _mm512_getexp_pd(x),
                _mm512_getmant_pd::<_MM_MANT_NORM_1_2, _MM_MANT_SIGN_SRC>(x),
            )
        }
    }
    /// `vrcp14pd` (14 bits) and two Newton steps (28, then 53 bits): a third of a division's
    /// cost on Zen 4.
    #[inline(always)]
    fn recip(self, x: __m512d) -> __m512d {
        let one = self.splat(1.0);
        let mut y = unsafe { _mm512_rcp14_pd(x) };
        for _ in 0..2 {
            y = self.mul_add(y, self.neg_mul_add(x, y, one), y);
        }
        y
    }
    #[inline(always)]
    fn sum_lanes(self, v: __m512d) -> f64 {
        unsafe {
            let quad = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd::<1>(v));
            sum_halves(
                _mm256_castpd256_pd128(quad),
                _mm256_extractf128_pd::<1>(quad),
            )
        }
    }

    #[inline(always)]
    fn ln(self, x: __m512d) -> __m512d {
        fastmath::ln(self, x)
    }

    /// eˣ = 2^(n/16)·eʳ with n = round(16x/ln2): 2^(j/16) for j = n mod 16 from a 16-entry
    /// table held in two registers (`vpermt2pd`), 2^⌊n/16⌋ applied by `vscalefpd`, and eʳ on
    /// |r| ≤ ln2/32 needing degree 7 instead of 9. Large x gives +∞ rather than a clamp.
    #[inline(always)]
    fn exp(self, x: __m512d) -> __m512d {
        let x = self.max(x, self.splat(fastmath::EXP_MIN));
        let magic = self.splat(fastmath::ROUND_MAGIC);
        // `shifted`'s low mantissa bits hold n as an integer, the low 4 all vpermt2pd reads.
        let shifted = self.mul_add(x, self.splat(16.0 * std::f64::consts::LOG2_E), magic);
        let n = self.sub(shifted, magic);
        let r = self.neg_mul_add(n, self.splat(fastmath::LN2_HI / 16.0), x);
        let r = self.neg_mul_add(n, self.splat(fastmath::LN2_LO / 16.0), r);
        let q = fastmath::exp_minus_one(self, r, 2);
        unsafe {
            let table = _mm512_permutex2var_pd(
                _mm512_loadu_pd(EXP2_SIXTEENTHS.as_ptr()),
                _mm512_castpd_si512(shifted),
                _mm512_loadu_pd(EXP2_SIXTEENTHS[8..].as_ptr()),
            );
            // vscalefpd multiplies by 2^⌊b⌋: ⌊n/16⌋ for b = n/16.
            _mm512_scalef_pd(
                self.mul_add(table, q, table),
                self.mul(n, self.splat(1.0 / 16.0)),
            )
        }
    }
}

/// 2^(j/16) for j = 0…15, correctly rounded.
pub static EXP2_SIXTEENTHS: [f64; 16] = [
    f64::from_bits(0x3ff0000000000000),
    f64::from_bits(0x3ff0b5586cf9890f),
    f64::from_bits(0x3ff172b83c7d517b),
    f64::from_bits(0x3ff2387a6e756238),
    f64::from_bits(0x3ff306fe0a31b715),
    f64::from_bits(0x3ff3dea64c123422),
    f64::from_bits(0x3ff4bfdad5362a27),
    f64::from_bits(0x3ff5ab07dd485429),
    f64::from_bits(0x3ff6a09e667f3bcd),
    f64::from_bits(0x3ff7a11473eb0187),
    f64::from_bits(0x3ff8ace5422aa0db),
    f64::from_bits(0x3ff9c49182a3f090),
    f64::from_bits(0x3ffae89f995ad3ad),
    f64::from_bits(0x3ffc199bdd85529c),
    f64::from_bits(0x3ffd5818dcfba487),
    f64::from_bits(0x3ffea4afa2a490da),
];
