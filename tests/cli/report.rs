//! The text report read as a person reads it: every number of the fitted parameters close to
//! the value the JSON report gives, whatever its column's scale — a share of 10⁻⁴ beside an
//! income of −10⁷ must not read 0.000 — and a note when `--reg-covar` swamps such a column.

use super::*;

/// `n` rows of two groups in `columns` columns: an income near −1.2·10⁷ (groups 3·10⁵
/// apart, spread 10⁵), a share near 10⁻⁴ (groups 3·10⁻⁵ apart, spread 10⁻⁵), and for three
/// columns a count near 40. Deterministic: the noise is a fixed low-discrepancy sequence
/// pushed through the normal quantile's logistic approximation.
fn two_scale_csv(n: usize, columns: usize) -> String {
    let names = ["income", "share", "count"];
    let mut text = names[..columns].join(",") + "\n";
    let noise = |i: usize, axis: usize| {
        let u = ((i as f64 + 0.5) * [0.618_034, 0.414_214, 0.732_051][axis]).fract();
        (u / (1.0 - u)).ln() / 1.7
    };
    for i in 0..n {
        let group = (i % 3 == 0) as u8 as f64;
        let row = [
            -1.2e7 + 3e5 * group + 1e5 * noise(i, 0),
            1.1e-4 + 3e-5 * group + 1e-5 * noise(i, 1),
            40.0 + 6.0 * group + 2.0 * noise(i, 2),
        ];
        let fields: Vec<String> = row[..columns].iter().map(|v| format!("{v:e}")).collect();
        text += &(fields.join(",") + "\n");
    }
    text
}

/// The numbers of the text report's `fit` block, component by component: weight, mean, then
/// covariance row by row.
fn fitted_numbers(text: &str) -> Vec<Vec<f64>> {
    let block = text
        .split("\n  fit ")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    let mut components: Vec<Vec<f64>> = Vec::new();
    for line in block.lines().skip(1).take_while(|l| !l.trim().is_empty()) {
        let mut words = line.split_whitespace().filter(|w| *w != "|");
        // A component's first line starts with its label, the covariance's further lines not.
        if !line.starts_with("         ") {
            words.next();
            components.push(Vec::new());
        }
        let numbers = words.map(|w| w.parse::<f64>().unwrap_or_else(|_| panic!("{line}")));
        components.last_mut().unwrap().extend(numbers);
    }
    components
}

#[test]
fn every_parameter_reads_at_its_own_scale() {
    for columns in [2, 3] {
        let data = csv_file(
            &format!("scales-{columns}.csv"),
            &two_scale_csv(300, columns),
        );
        let args = ["--data", data.to_str().unwrap(), "--restarts", "2"];
        let text = String::from_utf8(gmm_tui(&[&["fit"][..], &args].concat()).stdout).unwrap();
        let json = fit_json(&args);
        let best = &json["restarts"][json["best_restart"].as_u64().unwrap() as usize];
        let shown = fitted_numbers(&text);
        assert_eq!(shown.len(), 2, "{text}");
        for (c, numbers) in shown.iter().enumerate() {
            let mut exact = vec![best["weights"][c].as_f64().unwrap()];
            exact.extend(
                best["means"][c]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap()),
            );
            for row in best["covariances"][c].as_array().unwrap() {
                exact.extend(row.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()));
            }
            assert_eq!(numbers.len(), exact.len(), "{text}");
            for (read, value) in numbers.iter().zip(&exact) {
                // Three significant digits: within 0.5 % (a zero only for a zero).
                assert!(
                    (read - value).abs() <= 0.005 * value.abs(),
                    "component {}: {read} shown for {value}\n{text}",
                    c + 1
                );
            }
        }
    }
}

#[test]
fn a_column_reg_covar_swamps_is_named_before_fit_and_select() {
    let text = two_scale_csv(300, 2);
    let data = csv_file("swamped.csv", &text);
    let data = data.to_str().unwrap();
    // The share column's variance, computed here from the file's own numbers.
    let shares: Vec<f64> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let mean = shares.iter().sum::<f64>() / shares.len() as f64;
    let variance = shares.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / shares.len() as f64;
    let note_of = |args: &[&str]| {
        let out = gmm_tui(args);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
            .lines()
            .find(|l| l.contains("--reg-covar"))
            .map(String::from)
    };
    for command in ["fit", "select"] {
        let args = [command, "--data", data, "--restarts", "1", "-k", "2"];
        let note = note_of(&args).unwrap_or_else(|| panic!("{command}: no note"));
        let said: f64 = note
            .strip_prefix("gmm-tui: column 'share' varies by ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{note}"));
        assert!(
            (said - variance).abs() <= 0.05 * variance,
            "{said} for {variance}"
        );
        assert!(
            note.ends_with(
                " (variance), under 10 × --reg-covar (1e-6): the fit barely sees it; rescale it \
                 or lower --reg-covar"
            ),
            "{note}"
        );
        // With a regulariser far under the share's variance, nothing to say.
        let lowered = [&args[..], &["--reg-covar", "1e-14"]].concat();
        assert_eq!(note_of(&lowered), None, "{command}");
    }
}

#[test]
fn a_covariance_entry_negligible_beside_its_diagonal_reads_as_zero() {
    // Two points, two components: each covariance is reg_covar·I, off its diagonal rounding
    // residue (1.3e-307 was printed).
    let data = csv_file("tiny2.csv", "x,y\n1,2\n3,4\n")
        .display()
        .to_string();
    let out = gmm_tui(&["fit", "--data", &data, "-k", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("fit "))
        .skip(1)
        .take(2)
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    for row in rows {
        assert!(
            row.ends_with("1.000e-6    0.000 |    0.000 1.000e-6"),
            "{row:?} in\n{text}"
        );
    }
}
