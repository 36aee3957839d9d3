//! What a reader hands back: the points, what became of every column, and the notes that say
//! how the file was read; and the ending both readers share.

use crate::core::dataset::{Dataset, LARGEST_VALUE};
use crate::core::error::InputError;
use crate::core::input::text;
use crate::core::scenario::Scenario;
use crate::format::shortest;

/// What became of one column of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUse {
    Used,
    /// Mostly text (a note names it).
    NotNumeric,
    /// Nothing but missing values (a note names it).
    Empty,
    /// R's or pandas' row numbers (a note names it).
    RowIndex,
    /// Left out by `--columns`.
    NotSelected,
}

/// The points read, and what the user should hear about how.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub dataset: Dataset,
    /// The built-in scenario the points were drawn from; `None` for a file.
    pub scenario: Option<Scenario>,
    /// The data rows (0-based, in file order, blank and comment lines not counted) skipped by
    /// `drop_invalid`, so that per-row output can keep its rows aligned with the file's.
    pub dropped_rows: Vec<usize>,
    /// One line for each column ignored or skipped, and why.
    pub notes: Vec<String>,
    /// How the file was read where a reader could guess otherwise: no header row, decimal
    /// commas, a used column named as a row index is.
    pub reading_notes: Vec<String>,
    /// What a fit of the used columns should know (one holds a single value, one counts the
    /// rows): said where a model is fitted, not where a fixed one labels or scores the points.
    pub fitting_notes: Vec<String>,
    /// Every column of the file, in order.
    pub columns: Vec<ColumnUse>,
}

impl Loaded {
    /// A scenario's points: nothing read, nothing to say.
    pub fn scenario(dataset: Dataset, scenario: Scenario) -> Self {
        let columns = vec![ColumnUse::Used; dataset.dim()];
        Loaded {
            dataset,
            scenario: Some(scenario),
            dropped_rows: Vec::new(),
            notes: Vec::new(),
            reading_notes: Vec::new(),
            fitting_notes: Vec::new(),
            columns,
        }
    }
}

/// The notes a reader gathers as it decides: see [`Loaded`]'s fields of the same names.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Notes {
    pub reading: Vec<String>,
    pub columns: Vec<String>,
    pub fitting: Vec<String>,
}

/// The points of the used columns (`names`, `columns`), once every rule is applied: rows with
/// a value that is not a finite number dropped (the caller refused them first unless
/// `drop_invalid`; `clean` says there are none), and with `drop_invalid` rows with a value
/// beyond ±[`LARGEST_VALUE`] too (else refused by the check), the values checked, and a note
/// for columns holding one value. The ending both readers share.
pub(crate) fn into_loaded(
    source: &str,
    names: Vec<String>,
    mut columns: Vec<Vec<f64>>,
    clean: bool,
    mut notes: Notes,
    uses: Vec<ColumnUse>,
    drop_invalid: bool,
) -> Result<Loaded, InputError> {
    let (dropped_rows, any_valid) = if clean && !drop_invalid {
        (Vec::new(), vec![true; columns.len()])
    } else {
        let largest = if drop_invalid {
            LARGEST_VALUE
        } else {
            f64::INFINITY
        };
        keep_rows_within(&mut columns, largest)
    };
    if columns[0].is_empty() {
        let hopeless: Vec<String> = (names.iter().zip(&any_valid))
            .filter(|(_, valid)| !**valid)
            .map(|(name, _)| format!("'{}'", text::excerpt(name.as_bytes())))
            .collect();
        let why = match hopeless.as_slice() {
            [] => String::new(),
            [one] => format!(": column {one} has no value to keep; leave it out with --columns"),
            many => format!(
                ": columns {} have no value to keep; leave them out with --columns",
                many.join(", ")
            ),
        };
        return Err(every_row_dropped(source, dropped_rows.len(), &why));
    }
    let dataset = Dataset::from_column_vecs(source.to_string(), names, columns);
    let bounds = dataset.check_values()?;
    notes
        .fitting
        .extend(constant_column_note(&dataset, &bounds));
    Ok(Loaded {
        dataset,
        scenario: None,
        dropped_rows,
        notes: notes.columns,
        reading_notes: notes.reading,
        fitting_notes: notes.fitting,
        columns: uses,
    })
}

/// `--drop-invalid` left no row of the `rows` there were; `why` (if not empty) follows.
pub(crate) fn every_row_dropped(source: &str, rows: usize, why: &str) -> InputError {
    InputError::new(format!(
        "{source}: every row was invalid and dropped ({}){why}",
        crate::format::plural(rows, "row")
    ))
}

/// A column holding one value has no spread for EM to fit: every component's variance along it
/// is `reg_covar` alone, so none differs from another there. Said before fitting (one
/// note for them all), so a reader knows why no component differs along it.
fn constant_column_note(data: &Dataset, bounds: &[(f64, f64)]) -> Option<String> {
    const LISTED: usize = 12;
    if data.n() < 2 {
        return None;
    }
    let constant: Vec<(String, f64)> = bounds
        .iter()
        .zip(&data.columns)
        .filter(|((lo, hi), _)| lo == hi)
        .map(|(&(value, _), name)| (text::excerpt(name.as_bytes()), value))
        .collect();
    let (columns, along) = match constant.as_slice() {
        [] => return None,
        [(name, value)] => (
            format!("column '{name}' holds one value ({})", shortest(*value)),
            "it",
        ),
        many => {
            let mut names: Vec<String> = many
                .iter()
                .take(LISTED)
                .map(|(n, _)| format!("'{n}'"))
                .collect();
            if many.len() > LISTED {
                names.push(format!("… {} in all", many.len()));
            }
            (
                format!("columns {} each hold one value", names.join(", ")),
                "them",
            )
        }
    };
    Some(format!(
        "{columns} in every row: no component differs from another along {along}, and each one's \
         variance there is reg_covar alone; `--columns` leaves {along} out"
    ))
}

/// Removes every row with a value that is not a finite number of magnitude `largest` at most,
/// in place; returns their indexes, and whether each column had a value to keep.
fn keep_rows_within(columns: &mut [Vec<f64>], largest: f64) -> (Vec<usize>, Vec<bool>) {
    let n = columns[0].len();
    let mut kept = 0;
    let mut dropped = Vec::new();
    let mut any_valid = vec![false; columns.len()];
    for i in 0..n {
        let mut valid = true;
        for (c, column) in columns.iter().enumerate() {
            let ok = column[i].is_finite() && column[i].abs() <= largest;
            any_valid[c] |= ok;
            valid &= ok;
        }
        if valid {
            for column in columns.iter_mut() {
                column[kept] = column[i];
            }
            kept += 1;
        } else {
            dropped.push(i);
        }
    }
    for column in columns.iter_mut() {
        column.truncate(kept);
        column.shrink_to_fit();
    }
    (dropped, any_valid)
}
