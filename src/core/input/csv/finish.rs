//! Turning the parsed file into the points to fit, phase by phase: whether the first row is a
//! header, what each column is, which are used, what is refused or dropped, and every note
//! that says how the file was read.

use super::body::Body;
use super::columns::{FileColumns, IndexNamed, Selection};
use super::first_row::FirstRow;
use super::scan::Dialect;
use crate::core::error::InputError;
use crate::core::input::loaded::{ColumnUse, Loaded, Notes, every_row_dropped, into_loaded};
use crate::core::input::options::{HeaderMode, ReadOptions};
use crate::format::plural;

/// Turns the parsed file into the points to fit.
pub fn finish(
    source: &str,
    mut first: FirstRow,
    mut body: Body,
    options: &ReadOptions,
) -> Result<Loaded, InputError> {
    let trailing = drop_trailing_field(&mut first, &mut body, options.delimiter);
    let header = first.is_header(options.header, &body);
    if header && body.rows() == 0 {
        return Err(InputError::new(format!(
            "{source}: a header but no data rows"
        )));
    }
    let mut notes = Notes {
        reading: skipped_lines_notes(&body, options.comment),
        ..Notes::default()
    };
    notes.reading.extend(trailing);
    let file = name_columns(source, &first, &mut body, header, options, &mut notes)?;
    refuse_every_row_ragged(&file, &body, options)?;
    file.refuse_comma_file(&body)?;
    let Selection {
        used,
        uses,
        notes: column_notes,
    } = choose_columns(&file, &body, options, &mut notes)?;
    notes.columns = column_notes;
    file.refuse_duplicate_names(&used)?;
    file.refuse_mixed_percentages(&body, &used)?;
    if !options.drop_invalid {
        file.refuse_first_problem(&body, &used)?;
    }
    notes.reading.extend(file.decimal_comma_note(&body, &used));
    notes.reading.extend(file.formatted_notes(&body, &used));
    let clean = body.ragged.count == 0
        && used
            .iter()
            .all(|&c| body.tallies[c].first_problem.is_none());
    let columns: Vec<Vec<f64>> = used
        .iter()
        .map(|&c| std::mem::take(&mut body.columns[c]))
        .collect();
    drop(body);
    let names = used.iter().map(|&c| file.names[c].clone()).collect();
    into_loaded(
        source,
        names,
        columns,
        clean,
        notes,
        uses,
        options.drop_invalid,
    )
}

/// A header one field short of rows whose extra field is the last and empty in every row
/// (`a,b` above `0.13,4.74,`): a trailing delimiter, not R's row names, so the empty field is
/// dropped rather than every name shifted one column right. The note saying so, if it was.
fn drop_trailing_field(first: &mut FirstRow, body: &mut Body, delimiter: u8) -> Option<String> {
    let last = body.tallies.last()?;
    let empty = last.empty > 0 && last.empty == last.missing && last.numbers + last.text == 0;
    if !first.lacks_row_names || !empty {
        return None;
    }
    body.columns.pop();
    body.tallies.pop();
    first.lacks_row_names = false;
    Some(format!(
        "every row ends with an empty field after a '{}' that the header lacks (a trailing \
         delimiter): the empty field is dropped",
        crate::core::input::text::excerpt(&[delimiter])
    ))
}

/// The notes on lines that are no rows: comments, and repeats of the header.
fn skipped_lines_notes(body: &Body, comment: Option<u8>) -> Vec<String> {
    let mut notes = Vec::new();
    if let (Some(marker), true) = (comment, body.comments.count > 0) {
        notes.push(format!(
            "skipped {} starting with '{}' ({})",
            plural(body.comments.count as usize, "comment line"),
            char::from(marker),
            body.comments.describe()
        ));
    }
    let repeats = &body.repeated_headers;
    if repeats.count > 0 {
        let verb = if repeats.count == 1 {
            "repeats"
        } else {
            "repeat"
        };
        notes.push(format!("{} {verb} the header: skipped", repeats.describe()));
    }
    notes
}

/// The columns' names: the header's, or `x1…xD` (said in a note when decided, not told) with
/// the first row put back among the data.
fn name_columns<'a>(
    source: &'a str,
    first: &FirstRow,
    body: &mut Body,
    header: bool,
    options: &'a ReadOptions,
    notes: &mut Notes,
) -> Result<FileColumns<'a>, InputError> {
    let dialect = Dialect {
        delimiter: options.delimiter,
        comment: options.comment,
        thousands: options.thousands,
    };
    let names = if header {
        if options.header == HeaderMode::Auto && first.is_numbers_header(body) {
            notes.reading.push(format!(
                "line {} is read as the header: its years lie far outside the fractional \
                 values below them; `--header no` reads it as data",
                first.fields[0].line + 1
            ));
        }
        first.names(source, body.width())?
    } else {
        first.prepend_to(body, dialect);
        let width = body.width();
        if options.header == HeaderMode::Auto {
            notes.reading.push(format!(
                "no header row (line {} is data), so the columns are named {}; `--header yes` \
                 reads it as names",
                first.fields[0].line + 1,
                match width {
                    1 => "x1".to_string(),
                    2 => "x1, x2".to_string(),
                    _ => format!("x1…x{width}"),
                }
            ));
        }
        crate::core::dataset::positional_names(width)
    };
    let title_hint = (header && is_title(&names, body)).then(|| {
        format!(
            "line {} names its first column only: a title above the header? Delete that line, \
             or the columns are misnamed",
            first.fields[0].line + 1
        )
    });
    notes.reading.extend(title_hint.clone());
    let file = FileColumns {
        source,
        names,
        header,
        first_name_is_spaces: header && !first.lacks_row_names && first.first_name_is_spaces(),
        origin: options.columns_origin.as_deref(),
        delimiter_hint: first.other_delimiter(dialect),
        comment: options.comment,
        delimiter: options.delimiter,
        title_hint,
    };
    if let Some(below) = &first.below {
        notes.reading.push(format!(
            "line {} is a second header row (no number in it, above numbers): the columns are \
             named by both rows, {}",
            below.fields[0].line + 1,
            file.all_shown()
        ));
    }
    Ok(file)
}

/// Whether a header names its first column and no other, of two or more that hold values, as a
/// spreadsheet's title row above the real header does (`Survey 2024,,,`). Columns that hold
/// nothing are a trailing delimiter's (`a,` above `1,`), no title's.
fn is_title(names: &[String], body: &Body) -> bool {
    let unnamed_hold_values = (body.tallies.iter().skip(1)).any(|t| t.numbers + t.text > 0);
    names.len() >= 2
        && !names[0].is_empty()
        && names[1..].iter().all(String::is_empty)
        && unnamed_hold_values
}

/// A file whose every row is ragged: no column heard of a single value, so "no numeric
/// column" would blame the columns. The first ragged row is named, with the delimiter the
/// first row more likely has; `--drop-invalid` without such a hint dropped every row.
fn refuse_every_row_ragged(
    file: &FileColumns,
    body: &Body,
    options: &ReadOptions,
) -> Result<(), InputError> {
    if body.rows() == 0 || body.ragged.count < body.rows() as u64 {
        return Ok(());
    }
    match body.ragged.first {
        Some((line, found)) if !options.drop_invalid || file.delimiter_hint.is_some() => {
            Err(file.ragged_row(body.width(), line, found))
        }
        _ => Err(every_row_dropped(file.source, body.rows(), "")),
    }
}

/// The columns `--columns` names, or every numeric column but a row index.
fn choose_columns(
    file: &FileColumns,
    body: &Body,
    options: &ReadOptions,
    notes: &mut Notes,
) -> Result<Selection, InputError> {
    let indexes = file.row_indexes(body);
    let Some(selectors) = &options.columns else {
        for (_, index) in &indexes {
            if let IndexNamed::Kept(note) = index {
                notes.reading.push(note.clone());
            }
        }
        let selection = file.default_columns(body, &indexes)?;
        if let Some(&c) = selection.used.first() {
            notes.fitting.extend(file.counting_column_note(body, c));
        }
        return Ok(selection);
    };
    let used = file.select(selectors)?;
    for (c, index) in &indexes {
        if used.contains(c) && matches!(index, IndexNamed::Skipped(_)) {
            notes.reading.push(format!(
                "column {} is named as R and pandas name a row index, and `--columns` selects \
                 it, so it is fitted as data (`--columns` numbers every column of the file from \
                 1, the index too)",
                file.describe(*c)
            ));
        }
    }
    let mut uses = vec![ColumnUse::NotSelected; body.width()];
    for &c in &used {
        uses[c] = ColumnUse::Used;
    }
    Ok(Selection {
        used,
        uses,
        notes: Vec::new(),
    })
}
