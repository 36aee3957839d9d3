//! Tests of `src/core/kernel/fastmath.rs`.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use gmm_tui::core::kernel::fastmath::{EXP_MAX, EXP_MIN};
use gmm_tui::core::kernel::path::{KernelPath, with_simd};
use gmm_tui::core::kernel::simd::Simd;

/// `f` applied by `path`'s vectors to every value of `xs`.
fn through(path: KernelPath, xs: &[f64], op: Op) -> Vec<f64> {
    struct Apply<'a>(&'a [f64], Op);
    impl gmm_tui::core::kernel::path::WithSimd for Apply<'_> {
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
    for (j, entry) in gmm_tui::core::kernel::fastmath::EXP2_QUARTERS
        .iter()
        .enumerate()
    {
        // The stored pattern is less j·2⁵⁰ (see EXP2_QUARTERS).
        let value = f64::from_bits(entry + ((j as u64) << 50));
        assert_eq!(value, nearest(4 * j), "2^({j}/4)");
        assert_eq!(
            gmm_tui::core::kernel::fastmath::quarter_power(
                j as f64 + gmm_tui::core::kernel::fastmath::ROUND_MAGIC
            ),
            value
        );
    }
    #[cfg(target_arch = "x86_64")]
    for (j, entry) in gmm_tui::core::kernel::x86::EXP2_SIXTEENTHS
        .iter()
        .enumerate()
    {
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
