//! clap's refusals of the command line, as one line of ours (`main` prints it and exits with
//! status 2, as for every bad input), built from clap's error kind and context, never from its
//! printed text, which a clap release may reword.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::core::InputError;

/// What clap refused, as one line of ours (exit status 2, as every bad input): a value
/// (`--fps 0`, `--covariance foo`, `--delimiter ab`) by [`value_error`], anything else (an
/// unknown flag, a missing argument or value) by [`usage_error`]. `None` where clap is not
/// refusing but showing help or the version.
pub fn refusal(e: &clap::Error) -> Option<InputError> {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => None,
        _ => Some(value_error(e).unwrap_or_else(|| InputError::new(usage_error(e)))),
    }
}

/// clap's refusal of an option's value: our parsers' [`InputError`]s as they are, clap's own (a
/// value outside a list, a `FromStr` refusal) rebuilt from the error's context; `None` for
/// another kind of error.
fn value_error(e: &clap::Error) -> Option<InputError> {
    let cause = std::error::Error::source(e);
    if let Some(ours) = cause.and_then(|c| c.downcast_ref::<InputError>()) {
        return Some(ours.clone());
    }
    if !matches!(
        e.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return None;
    }
    let strings = |kind| context(e, kind);
    // "--delimiter <DELIMITER>" names `--delimiter`; a positional's "<SHELL>" is `shell`.
    let arg = strings(ContextKind::InvalidArg).pop()?;
    let option = match arg.split_once(" <") {
        Some((flag, _)) => flag.to_string(),
        None => arg.trim_matches(['<', '>']).to_lowercase(),
    };
    // Control characters escaped, so that a value such as a line end stays on the message's one
    // line; the rest as typed (a typed `\n` is not doubled to `\\n`).
    let mut value = String::new();
    for c in strings(ContextKind::InvalidValue)
        .pop()
        .unwrap_or_default()
        .chars()
    {
        if c.is_control() {
            value.extend(c.escape_debug());
        } else {
            value.push(c);
        }
    }
    let why = match cause {
        Some(cause) => cause.to_string(),
        None => {
            let mut valid = strings(ContextKind::ValidValue);
            let last = valid.pop()?;
            let listed = if valid.is_empty() {
                last
            } else {
                format!("{} or {last}", valid.join(", "))
            };
            let guess = strings(ContextKind::SuggestedValue);
            match guess.first() {
                Some(guess) => format!("expected {listed} (did you mean '{guess}'?)"),
                None => format!("expected {listed}"),
            }
        }
    };
    Some(InputError::new(format!("{option} '{value}': {why}")))
}

/// clap's other refusals (an unknown flag, a missing argument) in one line, with its first tip
/// if it has one: "unexpected argument '--tol0' found (a similar argument exists: '--tol';
/// --help lists the options)". Built from the error's kind and context, never from clap's
/// printed text.
fn usage_error(e: &clap::Error) -> String {
    let message = what_clap_refused(e);
    match first_tip(e) {
        Some(tip) => format!("{message} ({tip}; --help lists the options)"),
        None => format!("{message} (--help lists the options)"),
    }
}

/// The strings of one kind of context in a clap error (none when it has none).
fn context(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(one)) => vec![one.clone()],
        Some(ContextValue::Strings(many)) => many.clone(),
        Some(ContextValue::StyledStr(one)) => vec![one.to_string()],
        Some(ContextValue::StyledStrs(many)) => many.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// What clap refused, in clap's words, by the error's kind.
fn what_clap_refused(e: &clap::Error) -> String {
    let joined = |kind| context(e, kind).join(", ");
    let arg = joined(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::UnknownArgument => format!("unexpected argument '{arg}' found"),
        ErrorKind::InvalidSubcommand => format!(
            "unrecognized subcommand '{}'",
            joined(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("the following required arguments were not provided: {arg}")
        }
        ErrorKind::InvalidValue => match joined(ContextKind::InvalidValue) {
            value if value.is_empty() => {
                format!("a value is required for '{arg}' but none was supplied")
            }
            value => format!("invalid value '{value}' for '{arg}'"),
        },
        ErrorKind::TooManyValues => format!(
            "unexpected value '{}' for '{arg}' found; no more were expected",
            joined(ContextKind::InvalidValue)
        ),
        ErrorKind::ArgumentConflict => conflict(e),
        kind => kind.as_str().unwrap_or("unknown error").to_string(),
    }
}

/// "the argument '--scenario <SCENARIO>' cannot be used with '--data <FILE>'", or "… cannot be
/// used multiple times".
fn conflict(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let prior = context(e, ContextKind::PriorArg);
    let what = match (
        arg.first(),
        context(e, ContextKind::InvalidSubcommand).first(),
    ) {
        (Some(arg), _) if prior == [arg.clone()] => {
            return format!("the argument '{arg}' cannot be used multiple times");
        }
        (Some(arg), _) => format!("the argument '{arg}'"),
        (None, Some(subcommand)) => format!("the subcommand '{subcommand}'"),
        (None, None) => "an argument".to_string(),
    };
    match prior.as_slice() {
        [] => format!("{what} cannot be used with one or more of the other specified arguments"),
        [one] => format!("{what} cannot be used with '{one}'"),
        many => format!("{what} cannot be used with: {}", many.join(", ")),
    }
}

/// clap's first suggestion, in its words: "a similar argument exists: '--tol'".
fn first_tip(e: &clap::Error) -> Option<String> {
    let similar = [
        (ContextKind::SuggestedSubcommand, "subcommand"),
        (ContextKind::SuggestedArg, "argument"),
        (ContextKind::SuggestedValue, "value"),
    ];
    let did_you_mean = similar.into_iter().find_map(|(kind, what)| {
        let quoted: Vec<String> = context(e, kind).iter().map(|s| format!("'{s}'")).collect();
        match quoted.len() {
            0 => None,
            1 => Some(format!("a similar {what} exists: {}", quoted[0])),
            _ => Some(format!("some similar {what}s exist: {}", quoted.join(", "))),
        }
    });
    did_you_mean.or_else(|| context(e, ContextKind::Suggested).into_iter().next())
}
