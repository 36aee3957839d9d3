//! `gmm-tui select`: the K × covariance-type table of BIC, AIC and ICL, like mclust's
//! `mclustBIC` but with scikit-learn's sign (lower is better), the best cell marked.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::core::select::{
    Cell, Criterion, best_cell, parse_covariance_list, parse_k_list, rank_cells, select,
};
use crate::core::{FitOptions, InputError, Preference};
use crate::format::fixed;

use super::args::{ModelArgs, SelectArgs};
use super::setup::{self, fit_options, load_data};
use super::{data_line, io_result, source_name};
use crate::format::plural;
use crate::format::shortest;

#[derive(Serialize)]
struct SelectReport {
    source: String,
    n: usize,
    dim: usize,
    columns: Vec<String>,
    restarts: usize,
    reg_covar: f64,
    seed: u64,
    /// Every cell, K-major in the order asked.
    cells: Vec<CellReport>,
    /// Index into `cells` of the lowest BIC among sound cells (null when no cell could be fitted).
    best: Option<usize>,
    best_aic: Option<usize>,
    best_icl: Option<usize>,
}

#[derive(Serialize)]
struct CellReport {
    k: usize,
    covariance_type: String,
    /// Why the cell has no fit (e.g. K larger than the data); absent when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    log_likelihood: Option<f64>,
    n_parameters: Option<usize>,
    bic: Option<f64>,
    aic: Option<f64>,
    icl: Option<f64>,
    /// The restart (0-based) the cell keeps.
    best_restart: Option<usize>,
    /// Whether the kept fit has a component on a point or a line (every restart did).
    spurious: bool,
    spurious_components: Vec<usize>,
    degenerate: bool,
}

impl CellReport {
    fn of(cell: &Cell) -> Self {
        let fit = cell.outcome.as_ref().ok();
        CellReport {
            k: cell.k,
            covariance_type: cell.covariance_type.to_string(),
            error: cell.outcome.as_ref().err().map(|e| e.0.clone()),
            log_likelihood: fit.map(|f| f.log_likelihood),
            n_parameters: fit.map(|f| f.n_parameters),
            bic: fit.map(|f| f.bic),
            aic: fit.map(|f| f.aic),
            icl: fit.map(|f| f.icl),
            best_restart: fit.map(|f| f.best_restart),
            spurious: fit.is_some_and(|f| !f.spurious_components.is_empty()),
            spurious_components: fit.map_or_else(Vec::new, |f| f.spurious_components.clone()),
            degenerate: fit.is_some_and(|f| f.degenerate),
        }
    }
}

/// A bar on stderr counting restarts, only when stderr is a terminal (scripts get clean output).
fn progress_bar(total: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} restarts, {eta} left")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix("select");
    bar
}

/// `gmm-tui select`.
pub fn run_select(args: &SelectArgs, out: &mut impl Write) -> Result<(), InputError> {
    let ks = parse_k_list(&args.k)?;
    let types = parse_covariance_list(&args.covariance_types)?;
    // Each cell makes exactly the fit `gmm-tui fit -k K --covariance T` would; the largest K
    // is the one whose memory is checked.
    let model_args = ModelArgs {
        k: ks.iter().max().copied(),
        covariance_type: types[0],
        init_means: None,
        init_variance: None,
        init_weights: None,
        em: args.em.clone(),
    };
    model_args.check_values()?;
    let data = load_data(&args.data)?;
    setup::announce(&data);
    let n = data.dataset.n();
    if ks.iter().all(|&k| k > n) {
        return Err(InputError::new(format!(
            "-k {}: every K is larger than the data ({}); a component needs a point at least",
            args.k,
            plural(n, "point")
        )));
    }
    let base = fit_options(&model_args, &data, args.data.seed)?;
    setup::announce_before_fit(&data, &base);
    // The options besides K are checked once; a K the data cannot take is its cell's message.
    FitOptions {
        k: 1,
        ..base.clone()
    }
    .validate(&data.dataset)?;
    let preference = setup::preference(args.allow_spurious);
    let bar = progress_bar(ks.len() * types.len() * args.em.restarts);
    let cells = select(&data.dataset, &base, &ks, &types, preference, &|| {
        bar.inc(1)
    });
    bar.finish_and_clear();
    if let Some(reasons) = none_fitted(&cells) {
        return Err(InputError::new(format!(
            "no cell could be fitted: {reasons}"
        )));
    }
    let report = SelectReport {
        source: source_name(&data),
        n: data.dataset.n(),
        dim: data.dataset.dim(),
        columns: data.dataset.columns.clone(),
        restarts: args.em.restarts,
        reg_covar: args.em.reg_covar,
        seed: args.data.seed,
        cells: cells.iter().map(CellReport::of).collect(),
        best: best_cell(&cells, Criterion::Bic, preference),
        best_aic: best_cell(&cells, Criterion::Aic, preference),
        best_icl: best_cell(&cells, Criterion::Icl, preference),
    };
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("the report serialises") + "\n"
    } else {
        tables(&report, preference, &ks, &types, &cells)
    };
    io_result(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// When no cell has a fit, why the first has none (the others failed alike or similarly).
fn none_fitted(cells: &[Cell]) -> Option<String> {
    let mut reasons = cells.iter().map(|c| c.outcome.as_ref().err());
    let first = reasons.next()??;
    reasons.all(|r| r.is_some()).then(|| {
        format!(
            "K={} {}: {}{}",
            cells[0].k,
            cells[0].covariance_type,
            first.0,
            match cells.len() - 1 {
                0 => String::new(),
                more => format!(" (and {} more)", plural(more, "cell")),
            }
        )
    })
}

/// Width of a table cell: a value such as `-12345.6` and two markers (best, unsound).
const CELL: usize = 12;

fn tables(
    report: &SelectReport,
    preference: Preference,
    ks: &[usize],
    types: &[crate::core::CovarianceType],
    cells: &[Cell],
) -> String {
    let mut out = data_line(&report.source, report.n, report.dim, &report.columns);
    out += &format!(
        "each cell: the best of {} (reg_covar {}, seed {}), as `gmm-tui fit -k K --covariance T`\n",
        plural(report.restarts, "restart"),
        shortest(report.reg_covar),
        report.seed
    );
    out += "BIC = -2 log L + p ln N, AIC = -2 log L + 2p, ICL = BIC + 2·entropy: lower is better \
            (mclust's BIC is the negative)\n";
    let mut footnotes = Vec::new();
    for criterion in Criterion::ALL {
        let best = match criterion {
            Criterion::Bic => report.best,
            Criterion::Aic => report.best_aic,
            Criterion::Icl => report.best_icl,
        };
        out += &format!("\n{:<4}", criterion.name());
        for t in types {
            out += &format!("{:>w$}  ", t.name(), w = CELL - 2);
        }
        out.truncate(out.trim_end_matches(' ').len());
        out += "\n";
        for (row, &k) in ks.iter().enumerate() {
            if k > report.n {
                continue;
            }
            out += &format!("{k:>4}");
            for col in 0..types.len() {
                let index = row * types.len() + col;
                let cell = &cells[index];
                out += &match &cell.outcome {
                    Err(e) => {
                        if criterion == Criterion::Bic {
                            footnotes.push(format!("K={k} {}: {}", cell.covariance_type, e.0));
                        }
                        format!("{:>w$}", "—  ", w = CELL)
                    }
                    Ok(fit) => {
                        let best_mark = if Some(index) == best { '*' } else { ' ' };
                        let unsound_mark = if fit.is_unsound() { '!' } else { ' ' };
                        let value = fixed(fit.value(criterion), CELL - 2, 1);
                        format!("{value}{best_mark}{unsound_mark}")
                    }
                };
            }
            out.truncate(out.trim_end_matches(' ').len());
            out += "\n";
        }
    }
    out += if preference == Preference::HighestLikelihood {
        "\n* lowest (best). ! a spurious fit (a component on a point or a line; allowed to win by \
         --allow-spurious) or a degenerate one.\n"
    } else {
        "\n* lowest (best). ! a spurious or degenerate fit: a component on a point or a line, \
         in every restart; never chosen while a sound fit exists.\n"
    };
    footnotes.extend(too_many_components(ks, report.n));
    for note in footnotes {
        out += &format!("— {note}\n");
    }
    out += &summary(report, cells, preference);
    out
}

/// One line for every K larger than the data (`ks` sorted), which no covariance type can fit:
/// their rows are left out of the tables.
fn too_many_components(ks: &[usize], n: usize) -> Option<String> {
    let too_many: Vec<usize> = ks.iter().copied().filter(|&k| k > n).collect();
    let (&first, &last) = (too_many.first()?, too_many.last()?);
    let named = if too_many.len() == 1 {
        return Some(format!(
            "K={first}: more components than the {}, so it cannot be fitted",
            plural(n, "point")
        ));
    } else if last - first + 1 == too_many.len() {
        format!("{first}…{last}")
    } else {
        let listed: Vec<String> = too_many.iter().map(usize::to_string).collect();
        listed.join(", ")
    };
    Some(format!(
        "K={named}: more components than the {}, so none can be fitted",
        plural(n, "point")
    ))
}

/// mclust's summary: the top three cells by BIC.
fn summary(report: &SelectReport, cells: &[Cell], preference: Preference) -> String {
    let best = report.best.expect("a cell was fitted");
    // As the best is chosen: among sound fits while there is one, else among them all.
    let ranking = rank_cells(cells, Criterion::Bic, preference);
    let name = |i: usize| format!("K={} {}", cells[i].k, cells[i].covariance_type);
    let bic = |i: usize| cells[i].outcome.as_ref().map_or(f64::NAN, |f| f.bic);
    let top: Vec<String> = ranking
        .cells
        .iter()
        .take(3)
        .map(|&i| format!("{} ({:.1})", name(i), bic(i)))
        .collect();
    let mut out = format!("\nbest: {} by BIC", name(best));
    for (criterion, choice) in [
        (Criterion::Aic, report.best_aic),
        (Criterion::Icl, report.best_icl),
    ] {
        if let Some(i) = choice {
            out += &format!("; {} by {}", name(i), criterion.name());
        }
    }
    out += &format!("\ntop 3 by BIC: {}\n", top.join(", "));
    if !ranking.any_sound {
        out += "every fitted cell is spurious or degenerate (marked !), so none of these \
                models is to be trusted: the data has too few distinct points for these K\n";
    }
    out
}
