//! How the parameter table writes its numbers: ordinary values as ordinary decimals, the same
//! form from one iteration to the next; a power of ten only for columns too large or too small
//! for plain digits, named legibly in the header at every width.

use crate::common::{app, press_all, screen, text};
use gmm_tui::app::App;

/// The parameter panel's lines on `app`'s screen at `width`×`height`, header first.
fn table(app: &App, width: u16, height: u16) -> (Vec<String>, String) {
    let screen = text(&screen(app, width, height));
    let lines = screen
        .lines()
        .filter_map(|l| l.split('│').nth(3))
        .take_while(|l| !l.starts_with('├'))
        .map(str::to_string)
        .collect();
    (lines, screen)
}

/// A file in its own folder of the test process's scratch folder.
fn write_file(name: &str, rows: &str) -> std::path::PathBuf {
    let dir = crate::common::scratch_dir(name);
    let file = dir.join(format!("{name}.csv"));
    std::fs::write(&file, rows).unwrap();
    file
}

/// Two clusters 20 apart whose x spreads are exactly 0.4851 and 0.4949 (four points at
/// centre ± spread, repeated): 2 % apart, more than 1 % of the column's largest, yet both
/// `0.49` in two decimals. The stranger's σ column went to thousandths (`σx e-3`, `485.10`) at
/// such a pair, for one iteration.
fn close_spreads() -> std::path::PathBuf {
    let mut rows = String::from("x,y\n");
    for _ in 0..25 {
        for (centre, sx, sy) in [(0.0, 0.4851, 0.30), (20.0, 0.4949, 0.31)] {
            for (dx, dy) in [(-sx, -sy), (sx, -sy), (-sx, sy), (sx, sy)] {
                rows += &format!("{},{}\n", centre + dx, dy);
            }
        }
    }
    write_file("close-spreads", &rows)
}

#[test]
fn sigmas_of_ordinary_size_stay_ordinary_decimals_though_two_print_alike() {
    let file = close_spreads();
    let mut app = app(&[
        "--data",
        file.to_str().unwrap(),
        "--init-means",
        "0,0;20,0",
        "--init-variance",
        "0.25",
    ]);
    let mut headers = Vec::new();
    for keys in ["", " ", "r"] {
        press_all(&mut app, keys);
        for (width, height) in [(120, 40), (100, 30), (80, 24), (60, 16)] {
            let (lines, screen) = table(&app, width, height);
            let header: String = lines
                .iter()
                .filter(|l| l.contains("σx") || l.contains("μx"))
                .cloned()
                .collect();
            let power = |t: &str| {
                t.strip_prefix('e')
                    .is_some_and(|p| p.parse::<i32>().is_ok())
            };
            assert!(
                !header.split_whitespace().any(power),
                "{width}×{height}:\n{screen}"
            );
            headers.push((width, header));
            // Every σx read back is the spread itself to two decimals (0.50 at the start).
            let sigma_x: Vec<f64> = lines
                .iter()
                .filter(|l| l.contains("σx"))
                .flat_map(|header| {
                    let column = header.split_whitespace().position(|h| h == "σx").unwrap();
                    let i = lines.iter().position(|l| l == header).unwrap();
                    lines[i + 1..]
                        .iter()
                        .step_by(if header.contains("μx") { 1 } else { 2 })
                        .take(2)
                        .map(move |row| {
                            let cells: Vec<&str> = row.split_whitespace().collect();
                            // The lead ("● 1") is two words on a component's first line.
                            let skip = if header.contains("μx") { 1 } else { 0 };
                            cells[column + skip].parse::<f64>().unwrap()
                        })
                })
                .collect();
            let want = if app.shown().unwrap().iteration == 0 {
                0.5
            } else {
                0.49
            };
            // 60×16 has no row for the σ's' second line.
            if height > 16 {
                assert_eq!(sigma_x, [want, want], "{width}×{height}:\n{screen}");
            }
        }
    }
    // One header per width, whatever the iteration.
    for (width, header) in &headers {
        assert!(
            headers
                .iter()
                .filter(|(w, _)| w == width)
                .all(|(_, h)| h == header),
            "{headers:?}"
        );
    }
}
/// A file of two clusters at x ≈ −12.3·10⁶ and −12.0·10⁶ (spread 5·10⁴) with y ≈ 10⁻⁴
/// (spread 2·10⁻⁵): columns of very different scales.
fn far_apart_scales() -> std::path::PathBuf {
    let mut rows = String::from("x,y\n");
    for i in 0..200 {
        // Quasi-random offsets in (−1, 1) (golden-ratio sequences), no randomness needed.
        let u = ((i as f64 * 0.618_034) % 1.0) * 2.0 - 1.0;
        let v = ((i as f64 * 0.754_878) % 1.0) * 2.0 - 1.0;
        let centre = if i % 2 == 0 { -12.3e6 } else { -12.0e6 };
        rows += &format!("{},{}\n", centre + 1e5 * u, 1e-4 + 4e-5 * v);
    }
    write_file("scales", &rows)
}

#[test]
fn columns_on_very_different_scales_keep_their_digits() {
    let file = far_apart_scales();
    let mut app = app(&["--data", file.to_str().unwrap(), "-k", "2"]);
    press_all(&mut app, "r");
    for width in [80, 100, 120] {
        let (table, screen) = table(&app, width, 24);
        // Each header apart from its power of ten and from the header before it (they once ran
        // together at 80 and 100 columns: `μye-6`, `σx σye-3`).
        let header = &table[0];
        for named in ["μx·e6", "μy·e-6", "σy·e-3"] {
            assert!(header.contains(&format!(" {named}")), "{screen}");
        }
        let means: Vec<Vec<&str>> = table[1..3]
            .iter()
            .map(|row| row.split_whitespace().skip(3).take(2).collect())
            .collect();
        // Two different x means read differently, in millions; no y mean reads as zero.
        let mut xs: Vec<f64> = means.iter().map(|m| m[0].parse().unwrap()).collect();
        xs.sort_by(f64::total_cmp);
        assert!(
            (xs[0] + 12.3).abs() < 0.05 && (xs[1] + 12.0).abs() < 0.05,
            "{screen}"
        );
        for m in &means {
            let y: f64 = m[1].parse().unwrap();
            assert!((90.0..110.0).contains(&y), "{screen}");
        }
        // The axes' ends: two different texts for two different ends, none `0.00`.
        let top = screen.lines().nth(2).unwrap();
        let bottom = screen.lines().nth(22).unwrap();
        let (y_high, y_low) = (&top[3..12], &bottom[3..12]);
        assert!(y_high.trim().ends_with("e-6"), "{screen}");
        assert_ne!(y_high, y_low);
    }
}

#[test]
fn each_power_of_ten_belongs_to_one_header() {
    // Incomes (σ in the hundred thousands, plain or in e3) beside shares (σ in e-3): the header
    // once read `σx σy e-3`, as if both columns shared the factor.
    let scales = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scales.csv");
    let app = app(&["--data", scales]);
    for (width, height) in [(120, 30), (100, 30), (80, 24), (60, 16)] {
        let (table, screen) = table(&app, width, height);
        let header: Vec<&str> = table[0].split_whitespace().collect();
        assert!(
            header.iter().all(|h| !h.starts_with('e')),
            "a power of ten apart from its header at {width}: {header:?}\n{screen}"
        );
        assert!(
            header.iter().any(|h| h.contains("·e")),
            "the shares are written in a power of ten at {width}\n{screen}"
        );
        // A header for every number of the first row ("● 1" is the lead, under "#").
        let cells = table[1].split_whitespace().count();
        assert_eq!(header.len(), cells - 1, "at {width}:\n{screen}");
    }
}
