//! Vectors of f64 lanes and the few operations the kernel needs, once per instruction set.
//!
//! The kernel is written once, generic over [`Simd`]; each implementor is a zero-sized token
//! that can only be made once the running CPU is known to have its instructions (see
//! [`super::path`]), so its methods are safe to call. Everything is `#[inline(always)]`: the
//! generic kernel is inlined into one `#[target_feature]` entry point per path, where the
//! intrinsics become single instructions.

use super::super::fastmath;

/// One instruction set's f64 vector.
pub trait Simd: Copy + Send + Sync + 'static {
    /// f64 values in one vector.
    const LANES: usize;
    /// Vector registers the instruction set has (kernels keep about half as running sums).
    const REGISTERS: usize;
    type V: Copy;

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
    /// 2ⁿ, for `shifted` = n + [`fastmath::ROUND_MAGIC`] with n an integer in [−1022, 1023].
    fn pow2_of_rounded(self, shifted: Self::V) -> Self::V;
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

    /// eˣ to within a few ulp (see [`fastmath::exp`]).
    #[inline(always)]
    fn exp(self, x: Self::V) -> Self::V {
        fastmath::exp(self, x)
    }

    /// ln x to within a few ulp, for finite normal x > 0.
    #[inline(always)]
    fn ln(self, x: Self::V) -> Self::V {
        fastmath::ln(self, x)
    }
}

/// Plain Rust on four lanes, which the compiler vectorises for whatever the build targets.
#[derive(Clone, Copy, Debug)]
pub struct Portable;

type Quad = [f64; 4];

#[inline(always)]
fn lanewise(a: Quad, b: Quad, f: impl Fn(f64, f64) -> f64) -> Quad {
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])]
}

impl Simd for Portable {
    const LANES: usize = 4;
    const REGISTERS: usize = 16;
    type V = Quad;

    #[inline(always)]
    fn splat(self, x: f64) -> Quad {
        [x; 4]
    }
    #[inline(always)]
    fn load(self, from: &[f64]) -> Quad {
        from[..4].try_into().expect("four lanes")
    }
    #[inline(always)]
    fn store(self, v: Quad, to: &mut [f64]) {
        to[..4].copy_from_slice(&v);
    }
    #[inline(always)]
    fn add(self, a: Quad, b: Quad) -> Quad {
        lanewise(a, b, |x, y| x + y)
    }
    #[inline(always)]
    fn sub(self, a: Quad, b: Quad) -> Quad {
        lanewise(a, b, |x, y| x - y)
    }
    #[inline(always)]
    fn mul(self, a: Quad, b: Quad) -> Quad {
        lanewise(a, b, |x, y| x * y)
    }
    #[inline(always)]
    fn div(self, a: Quad, b: Quad) -> Quad {
        lanewise(a, b, |x, y| x / y)
    }
    #[inline(always)]
    fn max(self, a: Quad, b: Quad) -> Quad {
        lanewise(a, b, |x, y| if x > y { x } else { y })
    }
    #[inline(always)]
    fn min(self, a: Quad, b: Quad) -> Quad {
        lanewise(a, b, |x, y| if x < y { x } else { y })
    }
    #[inline(always)]
    fn mul_add(self, a: Quad, b: Quad, c: Quad) -> Quad {
        self.add(self.mul(a, b), c)
    }
    #[inline(always)]
    fn neg_mul_add(self, a: Quad, b: Quad, c: Quad) -> Quad {
        self.sub(c, self.mul(a, b))
    }
    #[inline(always)]
    fn select_eq(self, a: Quad, b: Quad, yes: Quad, no: Quad) -> Quad {
        std::array::from_fn(|j| if a[j] == b[j] { yes[j] } else { no[j] })
    }
    #[inline(always)]
    fn select_gt(self, a: Quad, b: Quad, yes: Quad, no: Quad) -> Quad {
        std::array::from_fn(|j| if a[j] > b[j] { yes[j] } else { no[j] })
    }
    #[inline(always)]
    fn pow2_of_rounded(self, shifted: Quad) -> Quad {
        shifted.map(fastmath::pow2_of_rounded)
    }
    #[inline(always)]
    fn split_exponent(self, x: Quad) -> (Quad, Quad) {
        (x.map(fastmath::exponent), x.map(fastmath::mantissa))
    }
    #[inline(always)]
    fn sum_lanes(self, v: Quad) -> f64 {
        (v[0] + v[2]) + (v[1] + v[3])
    }
}
