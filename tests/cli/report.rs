//! The text report read as a person reads it: every number of the fitted parameters close to
//! the value the JSON report gives, whatever its column's scale — a share of 10⁻⁴ beside an
//! income of −10⁷ must not read 0.000.

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
