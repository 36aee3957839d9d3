//! Tests of `src/core/init/hc.rs`.

use gmm_tui::core::dataset::Dataset;
use gmm_tui::core::init::hc::*;
use gmm_tui::core::init::sample::bootstrap;
use gmm_tui::core::init::transform::svd_transform;
use std::sync::Arc;

#[test]
fn two_tight_groups_merge_within_before_across() {
    // Points 0, 2, 4 near the origin; 1, 3, 5 near (10, 10).
    let z = [
        0.0, 0.0, 10.0, 10.0, 0.1, 0.3, 10.2, 9.9, -0.2, 0.1, 9.7, 10.1,
    ];
    for criterion in [Criterion::Vvv, Criterion::Eii] {
        let merges = agglomerate(&z, 2, 1, criterion);
        assert_eq!(merges.len(), 5);
        assert_eq!(merges[4], (0, 1), "{criterion:?}: {merges:?}");
        assert_eq!(cut(&merges[..4], 6), [0, 1, 0, 1, 0, 1]);
    }
}

#[test]
fn a_cut_of_the_remembered_tree_is_the_agglomeration_to_k() {
    // 40 points in 3-D from a fixed sequence, irregular enough that no two costs tie.
    let z: Vec<f64> = (0..120u64)
        .map(|i| ((i * 7919 + 13) % 101) as f64 / 7.0 + (i % 3) as f64 * (i / 60) as f64)
        .collect();
    for criterion in [Criterion::Vvv, Criterion::Eii] {
        let tree = tree(&z, 3, criterion);
        for k in 1..=8 {
            let direct = agglomerate(&z, 3, k, criterion);
            assert_eq!(
                cut_at(&tree, 40, k),
                cut(&direct, 40),
                "{criterion:?} K={k}"
            );
        }
        assert!(
            Arc::ptr_eq(&tree, &gmm_tui::core::init::hc::tree(&z, 3, criterion)),
            "the second call agglomerates again"
        );
    }
}

#[test]
fn a_cut_numbers_clusters_by_their_first_points() {
    let merges = [(3, 4), (1, 3), (0, 2)];
    assert_eq!(cut(&merges, 5), [0, 1, 0, 1, 1]);
    assert_eq!(cut(&merges[..1], 5), [0, 1, 2, 3, 3]);
}

#[test]
fn the_vvv_term_of_a_cluster_is_mclusts_formula() {
    // Three points in 1-D (n > p): W = 2, so the term is 3·ln(2/3 + (2 + α)/3).
    let z = [0.0, 1.0, 2.0];
    let mut state = State::new(&z, 3, 1, Criterion::Vvv);
    let alpha = 2.0 / 3.0;
    assert!((state.alpha - alpha).abs() < 1e-15);
    state.merge(0, 1);
    let (_, trace, term) = state.merged(0, 2);
    assert!((trace - 2.0).abs() < 1e-12);
    let expected = 3.0 * (2.0 / 3.0 + (2.0 + alpha) / 3.0_f64).ln();
    assert!((term - expected).abs() < 1e-12, "{term} vs {expected}");
}

/// The merge sequences of the agglomeration as of 2a1ab23 (before it was made faster), pinned: any change to a cost's arithmetic (its
/// order of operations, its logarithm) or to how ties are broken moves some merge on these data
/// sets, and the default start was validated against scikit-learn and mclust with these merges.
/// Each row: the case, the number of merges, the FNV-1a 64 digest of their pairs and that of
/// each merge's (cost, trace, term) bits as `State::merged` gives them just before it, which a
/// change in the last bit of a cost moves even where the merges stay (the grids' rows were
/// made by 2a1ab23's code too). To be regenerated only when the merges are meant to change (the
/// failure prints the rows found).
const DIGESTS: [(&str, usize, u64, u64); 38] = [
    ("blobs 2x1", 1, 0x692558b056101a44, 0x10eae06423f499a0),
    ("blobs 2x2", 1, 0x692558b056101a44, 0x1009484b20f2a9c7),
    ("blobs 3x1", 2, 0x3ad69be6bd6f8046, 0x9993493ea78a7ee4),
    ("blobs 5x3", 4, 0x6f16ce0a452ca621, 0x41a68935f4b31a79),
    ("blobs 10x2", 9, 0xd4292094b65bbc40, 0x7ed4d2a295c3afc0),
    ("blobs 37x5", 36, 0x4dfbbb81088cb941, 0x55a0d5404f70d263),
    ("blobs 100x1", 99, 0x0b3b4ae0a3f96439, 0x950aa6820b4dfd7b),
    ("blobs 300x3", 299, 0x37d42449cc3ea491, 0x62b5e45502368469),
    ("blobs 150x13", 149, 0x94fb2ebff72f3b7b, 0xa4c0fc02419b90bc),
    ("blobs 120x30", 119, 0xa632ecbd38426083, 0x182cc45210063894),
    ("blobs 140x64", 139, 0x2847940caa56bc0f, 0x4f68676c978e1671),
    ("blobs 2000x2", 1999, 0x8913b909fb537513, 0xb921a7f6e1e67a0c),
    (
        "blobs 200x2 to 3",
        197,
        0x2cb1711ad73f0652,
        0xea485e971ae00d17,
    ),
    (
        "blobs 90x70 eii",
        89,
        0xdaf864589bcbd285,
        0x44a29eaa4e55e8c1,
    ),
    (
        "blobs 300x2 eii",
        299,
        0x50c46d1dd8b98a4d,
        0x23101bbb45dff52b,
    ),
    (
        "blobs 1000x3 eii",
        999,
        0x8de4444468607484,
        0xefcb508fbeb3a394,
    ),
    (
        "integers 200x2",
        199,
        0x13769866d066c53c,
        0x3b1e3060c5a6ec8a,
    ),
    (
        "integers 150x3",
        149,
        0x6532ac8807ef9ad9,
        0x5cf0cd3b9e1ad5ce,
    ),
    (
        "integers 120x1",
        119,
        0x2f77c579107429a1,
        0x9c676b09b0ec5fd8,
    ),
    (
        "integers 150x2 eii",
        149,
        0x308ca8b01d3cccd5,
        0xae4aab5326407502,
    ),
    ("one point 20x2", 19, 0x4b40d79a717026e5, 0xc91fd0b84e1eafed),
    ("repeats 250x2", 249, 0x08c418ba99464d18, 0x7bde0d8279dd5eb1),
    ("repeats 120x5", 119, 0xfb7b0675a4d16e98, 0x624ddeb90210c7f2),
    ("flat 120x3", 119, 0xce5531330375d5f1, 0x1c48b8fc4f8c7dea),
    ("huge 100x5", 99, 0x47e1e2a8bcb5ea41, 0x91ac414f51413f0a),
    ("tiny 100x5", 99, 0x0310d553b4bd9b65, 0x9d2012065506aa16),
    ("grid 64x1", 63, 0x9c5a3e623b8b032c, 0xc7466154648e01ef),
    ("grid 100x2", 99, 0x4e4dd30201acb2f5, 0x3fa57c5b179812ea),
    (
        "grid 100x2 scrambled",
        99,
        0xb45720bb71149d3e,
        0x84bf966239377d9f,
    ),
    ("grid 100x2 eii", 99, 0xc7e22a13be8deb27, 0x5d1844879a7ad102),
    ("grid 125x3", 124, 0x20069bb6de42c6e1, 0x203f97f24fd52025),
    ("grid 81x4", 80, 0x4c7148484758abe2, 0x3c63699bba414fd7),
    ("wine raw", 177, 0x8dfefa172b8b04d6, 0xef3a8772a1f7e5af),
    ("wine svd", 177, 0xcb85a8310b4bc713, 0xe82de49060abf774),
    (
        "wine bootstrap 0 svd",
        113,
        0x208e2056a71d987c,
        0xe2231f600a16ea72,
    ),
    (
        "wine bootstrap 1 svd",
        108,
        0x1a219c2303210e55,
        0x98cbf9a8ea7436d9,
    ),
    (
        "blobs 2000x2 bootstrap svd",
        1267,
        0xa41d2cfcf2efe4a0,
        0xc59f6f470fb14808,
    ),
    (
        "integers 300x3 svd",
        299,
        0x59f5eba4dfea8c46,
        0x4176e7560d9b8f0a,
    ),
];

/// FNV-1a 64 over the words' little-endian bytes.
fn digest(words: impl IntoIterator<Item = u64>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in words.into_iter().flat_map(u64::to_le_bytes) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The digests of `merges` and of each one's (cost, trace, term), replayed on a fresh `State`.
fn digests(z: &[f64], p: usize, criterion: Criterion, merges: &[Merge]) -> (u64, u64) {
    let pairs = merges.iter().flat_map(|&(i, j)| [i as u64, j as u64]);
    let mut state = State::new(z, z.len() / p, p, criterion);
    let mut costs = Vec::with_capacity(3 * merges.len());
    for &(i, j) in merges {
        let (cost, trace, term) = state.merged(i, j);
        costs.extend([cost.to_bits(), trace.to_bits(), term.to_bits()]);
        state.merge(i, j);
    }
    (digest(pairs), digest(costs))
}

/// SplitMix64: a seeded stream that depends on no crate's version.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform on [0, 1), 53 bits.
    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal (a sum of four uniforms, centred): no libm, so the same bits anywhere.
    fn noise(&mut self) -> f64 {
        (0..4).map(|_| self.uniform()).sum::<f64>() - 2.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `n` points in `p` dimensions around three centres, each cluster stretched along its own axis.
fn blobs(n: usize, p: usize, seed: u64) -> Vec<f64> {
    let mut s = Stream(seed);
    let mut z = Vec::with_capacity(n * p);
    for i in 0..n {
        let c = i % 3;
        for a in 0..p {
            let stretch = if a % 3 == c { 3.0 } else { 1.0 };
            z.push(4.0 * c as f64 * ((a + c) % 2) as f64 + stretch * s.noise());
        }
    }
    z
}

/// Small integers: many exact ties between costs, and repeated rows.
fn integers(n: usize, p: usize, values: usize, seed: u64) -> Vec<f64> {
    let mut s = Stream(seed);
    (0..n * p).map(|_| s.below(values) as f64).collect()
}

/// Rows of `z` drawn with replacement, repeats kept: clusters of identical points.
fn resampled(z: &[f64], p: usize, draws: usize, seed: u64) -> Vec<f64> {
    let mut s = Stream(seed);
    let n = z.len() / p;
    (0..draws)
        .flat_map(|_| {
            let i = s.below(n);
            z[i * p..(i + 1) * p].to_vec()
        })
        .collect()
}

/// Points on a line in 3-D, then a plane: clusters whose scatter is singular.
fn flat(n: usize, seed: u64) -> Vec<f64> {
    let mut s = Stream(seed);
    (0..n)
        .flat_map(|i| {
            let (t, u) = (s.noise(), if i % 2 == 0 { 0.0 } else { s.noise() });
            [t + 5.0 * (i % 2) as f64, 2.0 * t + u, 3.0 * t - u]
        })
        .collect()
}

/// Every point of a grid with these sides, the i-th drawn at `order(i)`: no two points alike,
/// yet many pairs exactly as costly as others (neighbours), so ties decide most merges.
fn grid(sides: &[usize], order: impl Fn(usize) -> usize) -> Vec<f64> {
    let n: usize = sides.iter().product();
    (0..n)
        .flat_map(|i| {
            let mut rest = order(i);
            sides.iter().map(move |&side| {
                let x = rest % side;
                rest /= side;
                x as f64
            })
        })
        .collect()
}

fn dataset(z: &[f64], p: usize) -> Dataset {
    let rows: Vec<Vec<f64>> = z.chunks_exact(p).map(<[f64]>::to_vec).collect();
    let columns = (0..p).map(|a| format!("x{a}")).collect();
    Dataset::from_rows("cases".into(), columns, &rows)
}

/// wine.csv's 178 points in 13 dimensions, row-major.
fn wine() -> Vec<f64> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/wine.csv"
    ))
    .unwrap();
    let rows = text.lines().skip(1).filter(|l| !l.is_empty());
    rows.flat_map(|l| {
        l.split(',')
            .map(|v| v.parse::<f64>().unwrap())
            .collect::<Vec<_>>()
    })
    .collect()
}

/// The cases: (name, points, p, until, criterion).
fn cases() -> Vec<(String, Vec<f64>, usize, usize, Criterion)> {
    let (vvv, eii) = (Criterion::Vvv, Criterion::Eii);
    let mut cases = Vec::new();
    let mut add = |name: &str, z: Vec<f64>, p: usize, until: usize, c: Criterion| {
        cases.push((name.to_string(), z, p, until, c));
    };
    for (n, p) in [
        (2, 1),
        (2, 2),
        (3, 1),
        (5, 3),
        (10, 2),
        (37, 5),
        (100, 1),
        (300, 3),
    ] {
        add(&format!("blobs {n}x{p}"), blobs(n, p, n as u64), p, 1, vvv);
    }
    for (n, p) in [(150, 13), (120, 30), (140, 64)] {
        add(&format!("blobs {n}x{p}"), blobs(n, p, p as u64), p, 1, vvv);
    }
    add("blobs 2000x2", blobs(2000, 2, 7), 2, 1, vvv);
    add("blobs 200x2 to 3", blobs(200, 2, 8), 2, 3, vvv);
    add("blobs 90x70 eii", blobs(90, 70, 9), 70, 1, eii);
    add("blobs 300x2 eii", blobs(300, 2, 10), 2, 1, eii);
    add("blobs 1000x3 eii", blobs(1000, 3, 11), 3, 1, eii);
    add("integers 200x2", integers(200, 2, 5, 12), 2, 1, vvv);
    add("integers 150x3", integers(150, 3, 3, 13), 3, 1, vvv);
    add("integers 120x1", integers(120, 1, 4, 14), 1, 1, vvv);
    add("integers 150x2 eii", integers(150, 2, 4, 15), 2, 1, eii);
    add("one point 20x2", vec![1.5; 40], 2, 1, vvv);
    add(
        "repeats 250x2",
        resampled(&blobs(100, 2, 16), 2, 250, 17),
        2,
        1,
        vvv,
    );
    add(
        "repeats 120x5",
        resampled(&blobs(60, 5, 18), 5, 120, 19),
        5,
        1,
        vvv,
    );
    add("flat 120x3", flat(120, 20), 3, 1, vvv);
    let huge: Vec<f64> = blobs(100, 5, 21).iter().map(|x| x * 1e70).collect();
    add("huge 100x5", huge, 5, 1, vvv);
    let tiny: Vec<f64> = blobs(100, 5, 22).iter().map(|x| x * 1e-70).collect();
    add("tiny 100x5", tiny, 5, 1, vvv);
    add("grid 64x1", grid(&[64], |i| i), 1, 1, vvv);
    add("grid 100x2", grid(&[10, 10], |i| i), 2, 1, vvv);
    add(
        "grid 100x2 scrambled",
        grid(&[10, 10], |i| i * 37 % 100),
        2,
        1,
        vvv,
    );
    add("grid 100x2 eii", grid(&[10, 10], |i| i), 2, 1, eii);
    add("grid 125x3", grid(&[5, 5, 5], |i| i), 3, 1, vvv);
    add("grid 81x4", grid(&[3, 3, 3, 3], |i| i * 7 % 81), 4, 1, vvv);
    let wine = wine();
    add("wine raw", wine.clone(), 13, 1, vvv);
    let scaled = |z: &[f64], p: usize| svd_transform(&dataset(z, p));
    let (z, p) = scaled(&wine, 13);
    add("wine svd", z, p, 1, vvv);
    for seed in 0..2 {
        let (z, p) = svd_transform(&bootstrap(&dataset(&wine, 13), seed));
        add(&format!("wine bootstrap {seed} svd"), z, p, 1, vvv);
    }
    let (z, p) = svd_transform(&bootstrap(&dataset(&blobs(2000, 2, 23), 2), 24));
    add("blobs 2000x2 bootstrap svd", z, p, 1, vvv);
    let (z, p) = scaled(&integers(300, 3, 4, 25), 3);
    add("integers 300x3 svd", z, p, 1, vvv);
    cases
}

#[test]
fn the_merges_are_the_pinned_ones_bit_for_bit() {
    let mut found = Vec::new();
    for (name, z, p, until, criterion) in cases() {
        let merges = agglomerate(&z, p, until, criterion);
        let (pairs, costs) = digests(&z, p, criterion, &merges);
        found.push((name, merges.len(), pairs, costs));
    }
    let printed: Vec<String> = found
        .iter()
        .map(|(name, count, pairs, costs)| {
            format!("(\"{name}\", {count}, {pairs:#018x}, {costs:#018x}),")
        })
        .collect();
    let expected: Vec<(String, usize, u64, u64)> = DIGESTS
        .iter()
        .map(|&(name, count, pairs, costs)| (name.to_string(), count, pairs, costs))
        .collect();
    assert_eq!(found, expected, "now:\n{}", printed.join("\n"));
}
