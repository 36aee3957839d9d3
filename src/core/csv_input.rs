//! Reading points from CSV: header detected, columns chosen by name or 1-based index, and every
//! problem reported as `file:line:column: what`.

use std::path::Path;

use super::dataset::Dataset;
use super::error::InputError;

/// A column named in `--columns`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnSelector {
    Name(String),
    /// 1-based.
    Index(usize),
}

impl ColumnSelector {
    /// Parses "x,y" or "1,3" (names and indexes may mix).
    pub fn parse_list(list: &str) -> Result<Vec<ColumnSelector>, InputError> {
        list.split(',')
            .map(|item| {
                let item = item.trim();
                if item.is_empty() {
                    Err(InputError::new(format!(
                        "--columns '{list}' has an empty entry"
                    )))
                } else if let Ok(i) = item.parse::<usize>() {
                    if i == 0 {
                        Err(InputError::new("--columns indexes start at 1"))
                    } else {
                        Ok(ColumnSelector::Index(i))
                    }
                } else {
                    Ok(ColumnSelector::Name(item.to_string()))
                }
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    pub delimiter: u8,
    /// `None`: every numeric column.
    pub columns: Option<Vec<ColumnSelector>>,
    /// Skip bad rows instead of failing.
    pub drop_invalid: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            columns: None,
            drop_invalid: false,
        }
    }
}

/// The points read and how many rows were skipped.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvData {
    pub dataset: Dataset,
    pub dropped: usize,
}

/// Reads the file at `path`.
pub fn read_csv(path: &Path, options: &CsvOptions) -> Result<CsvData, InputError> {
    let bytes = std::fs::read(path).map_err(|e| {
        InputError::new(format!(
            "{}: cannot read: {}",
            path.display(),
            io_reason(&e)
        ))
    })?;
    parse_csv(&path.display().to_string(), &bytes, options)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn parse_number(field: &[u8]) -> Option<f64> {
    std::str::from_utf8(field).ok()?.trim().parse::<f64>().ok()
}

fn text(field: &[u8]) -> String {
    String::from_utf8_lossy(field).trim().to_string()
}

/// Parses CSV bytes; `source` names them in messages.
pub fn parse_csv(source: &str, bytes: &[u8], options: &CsvOptions) -> Result<CsvData, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(options.delimiter)
        .from_reader(bytes);
    let mut records = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(|e| InputError::new(format!("{source}: {e}")))?;
        // A line with nothing on it is not a row.
        if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        records.push((line, record));
    }
    let Some((_, first)) = records.first() else {
        return Err(InputError::new(format!("{source}: empty file (no rows)")));
    };
    let width = first.len();
    let has_header = first.iter().all(|f| parse_number(f).is_none());
    let names: Vec<String> = if has_header {
        first.iter().map(text).collect()
    } else {
        (1..=width).map(|a| format!("x{a}")).collect()
    };
    let rows = &records[usize::from(has_header)..];
    let Some((_, first_row)) = rows.first() else {
        return Err(InputError::new(format!(
            "{source}: a header but no data rows"
        )));
    };
    let selected = select_columns(source, &names, has_header, first_row, options)?;

    let mut values: Vec<Vec<f64>> = vec![Vec::new(); selected.len()];
    let mut dropped = 0;
    for (line, record) in rows {
        match parse_row(record, width, &selected) {
            Ok(row) => {
                for (column, v) in values.iter_mut().zip(row) {
                    column.push(v);
                }
            }
            Err(_) if options.drop_invalid => dropped += 1,
            Err((column, problem)) => {
                let place = match column {
                    Some(c) => format!("{source}:{line}:{} (column '{}')", c + 1, names[c]),
                    None => format!("{source}:{line}"),
                };
                return Err(InputError::new(format!("{place}: {problem}")));
            }
        }
    }
    if values[0].is_empty() {
        return Err(InputError::new(format!(
            "{source}: every row was invalid and dropped"
        )));
    }
    let columns = selected.iter().map(|&c| names[c].clone()).collect();
    Ok(CsvData {
        dataset: Dataset::from_columns(source.to_string(), columns, values.concat()),
        dropped,
    })
}

/// Column indexes (0-based) to read.
fn select_columns(
    source: &str,
    names: &[String],
    has_header: bool,
    first_row: &csv::ByteRecord,
    options: &CsvOptions,
) -> Result<Vec<usize>, InputError> {
    let width = names.len();
    let Some(selectors) = &options.columns else {
        let numeric: Vec<usize> = (0..width)
            .filter(|&c| first_row.get(c).and_then(parse_number).is_some())
            .collect();
        if numeric.is_empty() {
            return Err(InputError::new(format!("{source}: no numeric column")));
        }
        return Ok(numeric);
    };
    selectors
        .iter()
        .map(|selector| match selector {
            ColumnSelector::Index(i) if *i <= width => Ok(i - 1),
            ColumnSelector::Index(i) => Err(InputError::new(format!(
                "{source}: there is no column {i} (the file has {width})"
            ))),
            ColumnSelector::Name(name) if !has_header => Err(InputError::new(format!(
                "{source}: no header row, so columns cannot be named ('{name}'); use 1-based indexes"
            ))),
            ColumnSelector::Name(name) => names.iter().position(|n| n == name).ok_or_else(|| {
                InputError::new(format!(
                    "{source}: unknown column '{name}' (columns: {})",
                    names.join(", ")
                ))
            }),
        })
        .collect()
}

/// A row's selected values, or the column (if any) and what is wrong.
fn parse_row(
    record: &csv::ByteRecord,
    width: usize,
    selected: &[usize],
) -> Result<Vec<f64>, (Option<usize>, String)> {
    if record.len() != width {
        return Err((
            None,
            format!(
                "expected {width} fields like the first row, found {}",
                record.len()
            ),
        ));
    }
    selected
        .iter()
        .map(|&c| {
            let field = &record[c];
            let shown = text(field);
            if shown.is_empty() {
                return Err((Some(c), "empty field".to_string()));
            }
            match parse_number(field) {
                None => Err((Some(c), format!("not a number: '{shown}'"))),
                Some(v) if !v.is_finite() => Err((
                    Some(c),
                    format!("'{shown}' is not a finite number (NaN/inf)"),
                )),
                Some(v) => Ok(v),
            }
        })
        .collect()
}
