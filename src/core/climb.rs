//! How far a run that stopped at `tol` could still have climbed, and so whether its distance
//! below the best run says it found a lower peak or only that it stopped early on a flat climb.
//!
//! EM converges linearly: near a fixed point each increase of the log-likelihood is about
//! `r` times the one before (`r` < 1, EM's rate). A run stops as soon as one increase falls
//! under N·tol, and where `r` is close to 1 (overlapping clusters, a component too many) the
//! geometric tail it leaves, Δ·r/(1 − r) (Aitken's estimate), is many times N·tol. Two runs
//! heading for one peak then stop hundredths apart, which is no sign of two peaks.

/// A run is called `local` only when its gap to the best exceeds this many times the climb its
/// own last increases promise (and N·tol). It is evidence, not proof: the estimate is a
/// geometric tail, and a climb whose rate still creeps towards 1 gains more than it says — runs
/// that reached the best's peak with `fit --tol 1e-11` had stopped up to 78× their estimate
/// below it (K above the clusters), runs on a truly lower peak as little as 6× — and a run on a
/// saddle's flat pass can sit thousands of estimates below and still cross it
/// (`--scenario tiny --init random`'s run 2: 158 below at tol 1e-6, the best at 1e-7). Twenty
/// times keeps every restart of overlap and of the seed data at K = 3 that reaches the best's
/// peak out of `local`; the words that go with `local` say "a lower peak, or a flat pass a
/// smaller tol may cross".
pub const CLEARLY_LOWER: f64 = 20.0;

/// The log-likelihood a run could still gain at its last rate, from its `trace` (the total
/// log-likelihood after each iteration): Aitken's Δ·r/(1 − r) with Δ the last increase and r
/// its ratio to the one before. Infinite where the last increases do not shrink (no rate to
/// extrapolate: the run may be anywhere on its climb), zero where the last step gained
/// nothing (a fixed point, up to rounding).
pub fn climb_left(trace: &[f64]) -> f64 {
    let [.., before, previous, last] = trace else {
        return f64::INFINITY;
    };
    let (delta_previous, delta_last) = (previous - before, last - previous);
    if delta_last <= 0.0 {
        return 0.0;
    }
    let rate = delta_last / delta_previous;
    if delta_previous > 0.0 && rate < 1.0 {
        delta_last * rate / (1.0 - rate)
    } else {
        f64::INFINITY
    }
}

/// Whether a run that ended `gap` below the best, with `climb_left` still to climb at its last
/// rate, is clearly lower: the gap is more than [`CLEARLY_LOWER`] times that climb and more
/// than `same_optimum` (N·tol).
pub fn clearly_lower(gap: f64, climb_left: f64, same_optimum: f64) -> bool {
    gap > same_optimum && gap > CLEARLY_LOWER * climb_left
}
