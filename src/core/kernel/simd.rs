//! Vectors of f64 lanes and the few operations the kernel needs, once per instruction set.
//!
//! The kernel is written once, generic over [`Simd`]; each implementor is a zero-sized token
//! that can only be made once the running CPU is known to have its instructions (see
//! [`super::path`]), so its methods are safe to call. Everything is `#[inline(always)]`: the
//! generic kernel is inlined into one `#[target_feature]` entry point per path, where the
//! intrinsics become single instructions. `exp` and `ln` are each implementor's: most call the
//! generic ones in `fastmath`, which is written over this trait and so sits above it.

/// One instruction set's f64 vector.
pub trait Simd: Copy + Send + Sync + 'static {
    /// f64 values in one vector.
    const LANES: usize;
    /// Vector registers the instruction set has (kernels keep about half as running sums).
    const REGISTERS: usize;
    type V: Copy;
    /// Tiles ahead of the one being evaluated whose coordinates the lane kernel asks the cache
    /// for (0: none). The pass reads a tile's coordinates in a burst, then works in L1 for a
    /// while, and on this project's Xeon the hardware prefetchers did not run ahead of that for
    /// the 4-lane paths: at K = 2 the stream's latency was added to the arithmetic. Two tiles
    /// is at least 400 ns of work on every path, more than a trip to memory.
    const PREFETCH_TILES: usize;

    fn splat(self, x: f64) -> Self::V;
    /// The first `LANES` values of `from`.
    fn load(self, from: &[f64]) -> Self::V;
    /// Into the first `LANES` values of `to`.
    fn store(self, v: Self::V, to: &mut [f64]);
    fn add(self, a: Self::V, b: Self::V) -> Self::V;
    fn sub(self, a: Self::V, b: Self::V) -> Self::V;
    fn mul(self, a: Self::V, b: Self::V) -> Self::V;
    fn div(self, a: Self::V, b: Self::V) -> Self::V;
    fn max(self, a: Self::V, b: Self::V) -> Self::V;
    fn min(self, a: Self::V, b: Self::V) -> Self::V;
    /// a·b + c: one rounding where the path has FMA, two otherwise.
    fn mul_add(self, a: Self::V, b: Self::V, c: Self::V) -> Self::V;
    /// c − a·b: one rounding where the path has FMA, two otherwise.
    fn neg_mul_add(self, a: Self::V, b: Self::V, c: Self::V) -> Self::V;
    /// `yes` in the lanes where a == b, `no` elsewhere.
    fn select_eq(self, a: Self::V, b: Self::V, yes: Self::V, no: Self::V) -> Self::V;
    /// `yes` in the lanes where a > b, `no` elsewhere.
    fn select_gt(self, a: Self::V, b: Self::V, yes: Self::V, no: Self::V) -> Self::V;
    /// (e, m) with x = m·2ᵉ and m in [1, 2), for finite normal x > 0.
    fn split_exponent(self, x: Self::V) -> (Self::V, Self::V);

    /// 1/x for finite x ≥ 1, within an ulp or two: a division unless the path has something
    /// faster (a division is the dearest instruction per point when K is small).
    #[inline(always)]
    fn recip(self, x: Self::V) -> Self::V {
        self.div(self.splat(1.0), x)
    }

    /// The lanes added up, in a fixed order of this path's.
    fn sum_lanes(self, v: Self::V) -> f64;

    /// eˣ within 4e-16 of libm; arguments below −708 give e^-708 (a normal number), above 709
    /// a huge or infinite value.
    fn exp(self, x: Self::V) -> Self::V;

    /// ln x within 4e-16 of libm, for finite normal x > 0.
    fn ln(self, x: Self::V) -> Self::V;
}
