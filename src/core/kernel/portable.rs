//! The vectors of the portable path: plain Rust on four lanes, which the compiler vectorises for
//! whatever the build targets (SSE2 on x86-64).

use super::fastmath;
use super::simd::Simd;

/// The portable path's token.
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
    const PREFETCH_TILES: usize = 2;
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
    fn split_exponent(self, x: Quad) -> (Quad, Quad) {
        (x.map(fastmath::exponent), x.map(fastmath::mantissa))
    }
    #[inline(always)]
    fn sum_lanes(self, v: Quad) -> f64 {
        (v[0] + v[2]) + (v[1] + v[3])
    }
    #[inline(always)]
    fn exp(self, x: Quad) -> Quad {
        fastmath::exp(self, x, |shifted| shifted.map(fastmath::quarter_power))
    }
    #[inline(always)]
    fn ln(self, x: Quad) -> Quad {
        fastmath::ln(self, x)
    }
}
