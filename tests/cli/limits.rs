//! Numbers a user types that are out of range, negative or too large for memory: each refused
//! at once, before anything is built, in one line of our own words with exit status 2 — never
//! an allocation failure, a backtrace, or clap's "unexpected argument".

use super::*;

/// Runs `args`, checks exit status 2, and gives stderr.
fn refusal(args: &[&str]) -> String {
    let out = gmm_tui(args);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {message}");
    message
}

#[test]
fn a_huge_k_range_is_refused_by_its_end_before_a_list_is_built() {
    let data = csv_file("k-range.csv", "x,y\n1,2\n3,4\n")
        .display()
        .to_string();
    // Built first, this list would need 8 TB: the allocation failed and aborted.
    assert_eq!(
        refusal(&[
            "select",
            "--data",
            &data,
            "-k",
            "1..1000000000000",
            "--restarts",
            "1"
        ]),
        "gmm-tui: error: -k: 1000000000000 components is more than a fit takes (at most 255)\n"
    );
    assert_eq!(
        refusal(&["select", "--data", &data, "-k", "5..2"]),
        "gmm-tui: error: -k 5..2: the range runs backwards; did you mean 2..5?\n"
    );
}

#[test]
fn restarts_beyond_memory_are_refused_before_the_first_one_runs() {
    // 10¹⁴ restarts, each model kept: sized up front, the vector's allocation aborted.
    for command in ["fit", "select"] {
        let message = refusal(&[command, "--restarts", "100000000000000", "-k", "2"]);
        assert!(
            message.starts_with(
                "gmm-tui: error: --restarts 100000000000000 (every restart's model is kept) \
                 would need "
            ) && message.contains(" of memory, but ")
                && message.ends_with(" is available\n"),
            "{command}: {message}"
        );
    }
}

#[test]
fn sample_and_generate_refuse_too_many_points_in_the_same_words() {
    let dir = crate::binary::temp_dir("limits-sample");
    let model = dir.join("m.json").display().to_string();
    let fitted = gmm_tui(&["fit", "--restarts", "1", "--save", &model]);
    assert!(fitted.status.success(), "{}", stderr(&fitted));
    let sample = refusal(&["sample", "--model", &model, "-n", "1000000000000"]);
    let generate = refusal(&["generate", "--points", "1000000000000"]);
    // Both: the option, the bytes a point, the size in binary units, what is available.
    // (Two columns, and for sample a label: 16 and 24 bytes; 10¹² of them, 14.6 and 21.8 TiB.)
    assert!(
        sample.starts_with(
            "gmm-tui: error: -n 1000000000000 (24 bytes a point) would need 21.8 TiB of memory, \
             but "
        ),
        "{sample}"
    );
    assert!(
        generate.starts_with(
            "gmm-tui: error: --points 1000000000000 (16 bytes a point) would need 14.6 TiB of \
             memory, but "
        ),
        "{generate}"
    );
    for message in [&sample, &generate] {
        let available = message.rsplit("but ").next().unwrap();
        assert!(
            available.ends_with("iB is available\n"),
            "binary units, as the size: {message}"
        );
    }
}

#[test]
fn negative_numbers_reach_our_own_checks() {
    let cases: [(&[&str], &str); 9] = [
        (&["fit", "-k", "-1"], "-k must be at least 1"),
        (
            &["fit", "--seed", "-1"],
            "--seed must be a non-negative integer",
        ),
        (
            &["fit", "--restarts", "-3"],
            "--restarts must be at least 1",
        ),
        (
            &["fit", "--max-iter", "-1"],
            "--max-iter must be a non-negative integer",
        ),
        (&["fit", "--points", "-5"], "--points must be at least 1"),
        (&["select", "-k", "-1"], "-k -1: every K must be at least 1"),
        (
            &["generate", "--points", "-1"],
            "--points must be at least 1",
        ),
        (
            &["generate", "--seed", "-7"],
            "--seed must be a non-negative integer",
        ),
        // The app, refused before it looks for a terminal.
        (&["-k", "-2"], "-k must be at least 1"),
    ];
    for (args, expected) in cases {
        assert_eq!(
            refusal(args),
            format!("gmm-tui: error: {expected}\n"),
            "{args:?}"
        );
    }
    // A zero is refused in the same words as a negative number.
    assert_eq!(
        refusal(&["fit", "-k", "0"]),
        "gmm-tui: error: -k must be at least 1\n"
    );
}

#[test]
fn every_refused_value_of_every_command_is_one_line_of_our_own() {
    let cases: [(&[&str], &str); 12] = [
        // The app's own option: negative, zero and too high say the same.
        (&["--fps", "-5"], "--fps must be between 1 and 120"),
        (&["--fps", "0"], "--fps must be between 1 and 120"),
        (&["--fps", "121"], "--fps must be between 1 and 120"),
        (
            &["fit", "--data", "x.csv", "--delimiter", "ab"],
            "--delimiter 'ab': one ASCII character other than a quote or line end, or 'tab'",
        ),
        (
            &["fit", "--covariance", "foo"],
            "--covariance 'foo': expected full, diag, spherical or tied",
        ),
        (
            &["fit", "--init", "kmeans+"],
            "--init 'kmeans+': expected mixed, kmeans++, scaled-kmeans++, kmeans, hc, small-em, \
             random or collapsed (did you mean 'kmeans++'?)",
        ),
        (
            &["fit", "--reg-covar", "abc"],
            "--reg-covar 'abc': expected a number",
        ),
        (
            &[
                "predict", "--model", "m.json", "--data", "x.csv", "--header", "maybe",
            ],
            "--header 'maybe': expected auto, yes or no",
        ),
        (
            &["generate", "--scenario", "nope"],
            "--scenario 'nope': expected seed, overlap, cigars, unequal, tiny or outliers",
        ),
        (
            &["bench", "--only", "x"],
            "--only 'x': expected em, drawing, load, roofline or starts",
        ),
        (
            &["completions", "foo"],
            "shell 'foo': expected bash, elvish, fish, powershell or zsh",
        ),
        (
            &["sample", "--model", "m.json", "-n", "-1"],
            "-n must be at least 1",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(
            refusal(args),
            format!("gmm-tui: error: {expected}\n"),
            "{args:?}"
        );
    }
    // An unknown flag, a missing argument or value: clap's words, in one line with its tip.
    let usage: [(&[&str], &str); 4] = [
        (
            &["fit", "--bogus"],
            "unexpected argument '--bogus' found (--help lists the options)",
        ),
        (
            &["fit", "--tol0", "1"],
            "unexpected argument '--tol0' found (a similar argument exists: '--tol'; --help \
             lists the options)",
        ),
        (
            &["fit", "--init-variance", "2"],
            "the following required arguments were not provided: --init-means <MEANS> (--help \
             lists the options)",
        ),
        (
            &["fit", "-k"],
            "a value is required for '--components <K>' but none was supplied (--help lists the \
             options)",
        ),
    ];
    for (args, expected) in usage {
        assert_eq!(
            refusal(args),
            format!("gmm-tui: error: {expected}\n"),
            "{args:?}"
        );
    }
}
