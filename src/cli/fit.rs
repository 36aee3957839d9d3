//! `gmm-tui fit`: restarts on the data, the report (a table or JSON), and with `--save` the best
//! restart as a model file; a fit whose every restart ended degenerate is refused with advice.

use std::io::Write;

use crate::core::fit::fit_with;
use crate::core::model_file::{FitSummary, ModelFile};
use crate::core::{Dataset, EmSettings, FitOptions, FitResult, InputError, RunStatus};
use crate::format::{plural, shortest};

use super::args::FitArgs;
use super::{progress, report, setup, source_name, write_out};
use crate::core::input::Loaded;

/// `gmm-tui fit`: writes the report to `out`, and with `--save` the best restart as a model file.
pub fn run_fit(args: &FitArgs, out: &mut impl Write) -> Result<(), InputError> {
    args.model.check_values()?;
    let data = setup::load_data(&args.data)?;
    setup::announce(&data);
    let options = setup::fit_options(&args.model, &data, args.data.seed)?;
    setup::announce_before_fit(&data, &options);
    let preference = setup::preference(args.allow_spurious);
    let fitting = progress::Spinner::after_a_second(format!(
        "fitting {} on {}",
        plural(options.restarts, "restart"),
        plural(data.dataset.n(), "point")
    ));
    let result = fit_with(&data.dataset, &options, preference, &|| {});
    drop(fitting);
    let result = result?;
    if result.best().status.is_degenerate() {
        // As scikit-learn refuses a fit whose covariances are ill-defined: a model with a
        // singular covariance has no density to report, save or predict with.
        return Err(no_model(
            &data.dataset,
            &options,
            &result,
            args.model.init_means.is_some(),
        ));
    }
    if let Some(path) = &args.save {
        save_model(path, &data, &options, &result)?;
    }
    let report = report::FitReport::new(&data, &options, &result, args.trace);
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("the report serialises") + "\n"
    } else {
        report::table(&report)
    };
    write_out(out, text.as_bytes())
}

/// Why every restart ended degenerate, and what to change. An explicit start (`explicit`:
/// `--init-means`) that already leaves a component without points is named as the cause:
/// neither regularising nor fewer components would help it.
pub fn no_model(
    data: &Dataset,
    options: &FitOptions,
    result: &FitResult,
    explicit: bool,
) -> InputError {
    let best = result.best();
    let fewer = if options.k > 1 {
        ", fit fewer components"
    } else {
        ""
    };
    let advice = match best.status {
        RunStatus::EmptyComponent(c) if explicit && result.best == 0 && best.iterations == 0 => {
            let d = data.dim();
            let mean = &best.model.means[c * d..(c + 1) * d];
            let at: Vec<String> = mean.iter().map(|&v| shortest(v)).collect();
            let (far, change) = if far_from_the_data(data, mean) {
                (
                    ", far from every point",
                    "start it among the data (--init-means)",
                )
            } else {
                ("", "raise its --init-weights share or --init-variance")
            };
            format!(
                "component {} starts at ({}){far}: it gets no responsibility, so no point can \
                 move it; {change}",
                c + 1,
                at.join(", ")
            )
        }
        RunStatus::EmptyComponent(c) => {
            format!(
                "component {} lost all its points; try more restarts{fewer}",
                c + 1
            )
        }
        _ => {
            let reg_covar = options.settings.reg_covar;
            let default = EmSettings::default().reg_covar;
            let differs = if reg_covar == default {
                String::new()
            } else {
                format!(" (default {})", shortest(default))
            };
            format!(
                "raise --reg-covar above its {}{differs}{fewer} or scale the data",
                shortest(reg_covar)
            )
        }
    };
    let ended = match best.status {
        RunStatus::EmptyComponent(_) => "an empty component",
        _ => "a singular covariance",
    };
    InputError::new(format!(
        "every restart ended with {ended} (degenerate), so there is no model to report: {advice}"
    ))
}

/// Whether `point` lies beyond the data's range, by more than that range, in some column.
fn far_from_the_data(data: &Dataset, point: &[f64]) -> bool {
    point.iter().zip(data.bounds()).any(|(&v, (low, high))| {
        let span = (high - low).max(f64::MIN_POSITIVE);
        v < low - span || v > high + span
    })
}

/// Writes the best restart of `result` to `path`.
fn save_model(
    path: &std::path::Path,
    data: &Loaded,
    options: &FitOptions,
    result: &FitResult,
) -> Result<(), InputError> {
    let best = result.best();
    let file = ModelFile::new(
        &best.model,
        FitSummary {
            columns: &data.dataset.columns,
            reg_covar: options.settings.reg_covar,
            source: &source_name(data),
            n: data.dataset.n(),
            log_likelihood: best.log_likelihood,
            bic: result.bic,
            aic: result.aic,
            spurious_components: best.spurious.iter().map(|s| s.component).collect(),
        },
    );
    std::fs::write(path, file.to_json())
        .map_err(|e| InputError::new(format!("{}: cannot write the model: {e}", path.display())))
}
