//! Shell completion and the manual, tried as a user would: bash completing after a subcommand,
//! option values offered, and one page documenting every command's options.

use super::*;

/// What bash completes for `words` (the last one being typed), with the generated script.
fn bash_completes(script: &std::path::Path, words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_gmm__tui gmm-tui '{}' '{}'\necho \"${{COMPREPLY[*]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2]
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &program])
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn bash_completes_options_and_their_values_after_a_subcommand() {
    let script = crate::binary::stdout_of(&["completions", "bash"]);
    let path = temp_file("completions", "gmm-tui.bash", &script);
    for (words, expected) in [
        (&["gmm-tui", "fit", "--sa"][..], "--save"),
        (&["gmm-tui", "predict", "--pr"], "--proba"),
        (&["gmm-tui", "select", "--allow"], "--allow-spurious"),
        (&["gmm-tui", "fit", "--covariance", "sp"], "spherical"),
        (&["gmm-tui", "score", "--scenario", "ci"], "cigars"),
        (&["gmm-tui", "--init", "k"], "kmeans++ kmeans"),
        (&["gmm-tui", "fi"], "fit"),
    ] {
        assert_eq!(bash_completes(&path, words), expected, "{words:?}");
    }
    // A value outside the list is refused by name, with the list.
    let out = gmm_tui(&["fit", "--scenario", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "gmm-tui: error: --scenario 'nope': expected seed, overlap, cigars, unequal, tiny or \
         outliers\n"
    );
}

#[test]
fn completions_and_the_manual_name_every_command_and_option() {
    let commands = [
        "fit",
        "predict",
        "score",
        "sample",
        "select",
        "generate",
        "bench",
        "completions",
        "man",
    ];
    for shell in ["bash", "zsh", "fish"] {
        let script = crate::binary::stdout_of(&["completions", shell]);
        for command in commands {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
        assert!(
            script.contains("allow-spurious"),
            "{shell}: options of subcommands too"
        );
    }
    let man = crate::binary::stdout_of(&["man"]);
    assert!(man.contains(".TH gmm-tui 1"), "roff");
    for command in commands {
        assert!(
            man.contains(&format!(".SS \"gmm-tui {command}\"")),
            "man lacks a section for {command}"
        );
    }
    // Every subcommand's own options, in roff's escaped hyphens.
    for option in [
        "save",
        "model",
        "proba",
        "json",
        "trace",
        "samples",
        "allow\\-spurious",
        "quick",
    ] {
        assert!(
            man.contains(&format!("\\-\\-{option}")),
            "man lacks --{option}"
        );
    }
    assert!(!man.contains("gmm\\-tui\\-fit(1)") && !man.contains("gmm-tui-fit(1)"));
}
