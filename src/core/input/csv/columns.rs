//! Deciding, with the whole file read, what its first row is (header or data), which columns
//! are numbers, which one is a row index, which are used — and refusing or dropping bad rows,
//! naming the first by line and column.

use super::body::{Body, Problem, Tally};
use super::scan::Field;
use crate::core::dataset::Dataset;
use crate::core::error::InputError;
use crate::core::input::text::{Value, excerpt};
use crate::core::input::{
    ColumnSelector, ColumnUse, HeaderMode, Loaded, ReadOptions, keep_finite_rows,
};

/// The first record, kept apart until the rest of the file says whether it is a header.
pub struct FirstRow {
    /// The record's bytes; `fields` index into them.
    pub bytes: Vec<u8>,
    pub fields: Vec<Field>,
    /// R's `write.table` layout: one name fewer than the data has fields, the row names'
    /// column having none.
    pub lacks_row_names: bool,
}

impl FirstRow {
    fn has(&self, wanted: fn(Value) -> bool) -> bool {
        self.fields.iter().any(|f| wanted(f.value))
    }

    /// A header with certainty: some text and no number.
    pub fn is_surely_header(&self) -> bool {
        self.has(|v| v == Value::Text) && !self.has(Value::is_numeric)
    }

    /// Whether the row after this header makes it R's `write.table` layout: one field more,
    /// the first a row name (quoted, as R writes it, or a number).
    pub fn is_short_of(&self, next: &[Field]) -> bool {
        self.is_surely_header()
            && next.len() == self.fields.len() + 1
            && (next[0].quoted || next[0].value.is_numeric())
    }
}

/// Names of the row-index column that R and pandas write (pandas reads its own back as
/// `Unnamed: 0`).
const ROW_INDEX_NAMES: [&str; 3] = ["", "rownames", "Unnamed: 0"];

/// A column is numeric when at least one of its values is a number and numbers are not
/// outnumbered by text: `species` is text, while a numeric column with a few typos stays
/// numeric, so its typos are reported (or their rows dropped) instead of the column vanishing.
fn is_numeric(tally: &Tally) -> bool {
    tally.numbers > 0 && tally.numbers >= tally.text
}

/// Turns the parsed file into the points to fit.
pub fn finish(
    source: &str,
    first: FirstRow,
    mut body: Body,
    options: &ReadOptions,
) -> Result<Loaded, InputError> {
    let header = match options.header {
        HeaderMode::Present => true,
        HeaderMode::Absent => false,
        HeaderMode::Auto => {
            first.lacks_row_names
                || first.is_surely_header()
                || first.fields.iter().enumerate().any(|(c, f)| {
                    f.value == Value::Text && body.tallies.get(c).is_some_and(is_numeric)
                })
        }
    };
    if header && body.rows() == 0 && body.ragged.count == 0 {
        return Err(InputError::new(format!(
            "{source}: a header but no data rows"
        )));
    }
    let names = if header {
        header_names(source, &first, body.width())?
    } else {
        prepend_row(&first, &mut body, options.delimiter);
        (1..=body.width()).map(|a| format!("x{a}")).collect()
    };
    let file = FileColumns {
        source,
        names,
        header,
    };
    let index_column = file.row_index_column(&body);
    let Selection { used, uses, notes } = match &options.columns {
        Some(selectors) => {
            let used = file.select(selectors)?;
            let mut uses = vec![ColumnUse::NotSelected; body.width()];
            for &c in &used {
                uses[c] = ColumnUse::Used;
            }
            Selection {
                used,
                uses,
                notes: Vec::new(),
            }
        }
        None => file.default_columns(&body, index_column)?,
    };
    file.refuse_duplicate_names(&used)?;
    if !options.drop_invalid {
        file.refuse_first_problem(&body, &used)?;
    }
    let ragged = body.ragged.count as usize;
    let clean = used
        .iter()
        .all(|&c| body.tallies[c].first_problem.is_none());
    let mut columns: Vec<Vec<f64>> = used
        .iter()
        .map(|&c| std::mem::take(&mut body.columns[c]))
        .collect();
    drop(body);
    let dropped = ragged
        + if clean {
            0
        } else {
            keep_finite_rows(&mut columns)
        };
    if columns[0].is_empty() {
        return Err(InputError::new(if dropped > 0 {
            format!("{source}: every row was invalid and dropped ({dropped} rows)")
        } else if header {
            format!("{source}: a header but no data rows")
        } else {
            format!("{source}: no data rows")
        }));
    }
    let names = used.iter().map(|&c| file.names[c].clone()).collect();
    let dataset = Dataset::from_column_vecs(source.to_string(), names, columns);
    dataset.check_values()?;
    Ok(Loaded {
        dataset,
        dropped,
        notes,
        columns: uses,
    })
}

/// The header's names, which must be UTF-8; R's `write.table` layout gets an empty first name.
fn header_names(source: &str, first: &FirstRow, width: usize) -> Result<Vec<String>, InputError> {
    let mut names: Vec<String> = Vec::with_capacity(width);
    if first.lacks_row_names {
        names.push(String::new());
    }
    for (c, field) in first.fields.iter().enumerate() {
        let text = field.text(&first.bytes);
        let name = String::from_utf8(text).map_err(|e| {
            InputError::new(format!(
                "{source}:{}:{}: the header is not UTF-8 text ('{}'); save the file as UTF-8",
                field.line + 1,
                c + 1,
                excerpt(e.as_bytes())
            ))
        })?;
        names.push(name);
    }
    Ok(names)
}

/// Adds the first row in front of the body's rows: it was data after all.
fn prepend_row(first: &FirstRow, body: &mut Body, delimiter: u8) {
    if first.fields.len() != body.width() {
        // Only R's layout read with --header no: the short row is ragged, and comes first.
        body.ragged.count += 1;
        body.ragged.first = Some((first.fields[0].line, first.fields.len()));
        return;
    }
    for ((column, tally), field) in body
        .columns
        .iter_mut()
        .zip(&mut body.tallies)
        .zip(&first.fields)
    {
        column.insert(0, field.value.stored());
        let mut earliest = Tally::default();
        earliest.count(field, &first.bytes, delimiter);
        let rest = std::mem::replace(tally, earliest);
        tally.numbers += rest.numbers;
        tally.missing += rest.missing;
        tally.text += rest.text;
        tally.first_problem = tally.first_problem.take().or(rest.first_problem);
        tally.first_text = tally.first_text.take().or(rest.first_text);
    }
}

/// The columns chosen, what became of each, and the notes saying so.
struct Selection {
    used: Vec<usize>,
    uses: Vec<ColumnUse>,
    notes: Vec<String>,
}

/// The file's columns as messages name them.
struct FileColumns<'a> {
    source: &'a str,
    names: Vec<String>,
    header: bool,
}

impl FileColumns<'_> {
    /// Column `c`'s name as a message quotes it: short, escaped.
    fn shown(&self, c: usize) -> String {
        excerpt(self.names[c].as_bytes())
    }

    /// Every name, for a message.
    fn all_shown(&self) -> String {
        let names: Vec<String> = (0..self.names.len()).map(|c| self.shown(c)).collect();
        excerpt(names.join(", ").as_bytes())
    }

    /// `'species'` with a header, `3` without (or with an empty name), to follow "column".
    fn describe(&self, c: usize) -> String {
        if self.header && !self.names[c].is_empty() {
            format!("'{}'", self.shown(c))
        } else {
            format!("{}", c + 1)
        }
    }

    /// The first column, when it is R's or pandas' row index: named as they name it and
    /// holding exactly 1..N or 0..N−1.
    fn row_index_column(&self, body: &Body) -> Option<usize> {
        if !self.header || !ROW_INDEX_NAMES.contains(&self.names.first()?.as_str()) {
            return None;
        }
        let column = body.columns.first()?;
        let start = *column.first()?;
        let counts = (start == 0.0 || start == 1.0)
            && column
                .iter()
                .enumerate()
                .all(|(i, &v)| v == i as f64 + start);
        counts.then_some(0)
    }

    /// Every numeric column but a row index; each other column is named in a note.
    fn default_columns(
        &self,
        body: &Body,
        index_column: Option<usize>,
    ) -> Result<Selection, InputError> {
        let mut used = Vec::new();
        let mut uses = Vec::new();
        let mut notes = Vec::new();
        for (c, tally) in body.tallies.iter().enumerate() {
            let what = self.describe(c);
            let usage = if index_column == Some(c) {
                let n = body.rows();
                let start = body.columns[c][0];
                notes.push(format!(
                    "skipping row-index column {what} (values {start}…{}); `--columns {}` \
                     would fit it",
                    start as usize + n - 1,
                    c + 1
                ));
                ColumnUse::RowIndex
            } else if is_numeric(tally) {
                used.push(c);
                ColumnUse::Used
            } else if tally.numbers + tally.text == 0 {
                notes.push(format!("ignoring column {what}: every value is missing"));
                ColumnUse::Empty
            } else {
                let mut note = format!("ignoring non-numeric column {what}");
                if let (true, Some(p)) = (tally.numbers > 0, &tally.first_text) {
                    note += &format!(
                        " ({} of {} values are numbers; line {} has '{}')",
                        tally.numbers,
                        tally.numbers + tally.text + tally.missing,
                        p.line + 1,
                        p.excerpt
                    );
                }
                notes.push(note);
                ColumnUse::NotNumeric
            };
            uses.push(usage);
        }
        if used.is_empty() {
            let mut message = format!("{}: no numeric column", self.source);
            if self.names.len() == 1 && self.names[0].contains([';', '\t']) {
                message += " (is ';' or tab the delimiter? try --delimiter)";
            } else if self.header {
                message += &format!(" (columns: {})", self.all_shown());
            }
            return Err(InputError::new(message));
        }
        Ok(Selection { used, uses, notes })
    }

    /// The columns `--columns` names, each once.
    fn select(&self, selectors: &[ColumnSelector]) -> Result<Vec<usize>, InputError> {
        let width = self.names.len();
        let source = self.source;
        let mut used: Vec<usize> = Vec::with_capacity(selectors.len());
        for selector in selectors {
            let c = match selector {
                ColumnSelector::Index(i) if *i <= width => i - 1,
                ColumnSelector::Index(i) => {
                    return Err(InputError::new(format!(
                        "{source}: there is no column {i} (the file has {width})"
                    )));
                }
                ColumnSelector::Name(name) if !self.header => {
                    return Err(InputError::new(format!(
                        "{source}: no header row, so columns cannot be named ('{name}'); use \
                         1-based indexes"
                    )));
                }
                ColumnSelector::Name(name) => {
                    let mut matches = (0..width).filter(|&c| &self.names[c] == name);
                    match (matches.next(), matches.next()) {
                        (Some(c), None) => c,
                        (Some(a), Some(b)) => {
                            return Err(InputError::new(format!(
                                "{source}: columns {} and {} are both named '{name}'; select by \
                                 index",
                                a + 1,
                                b + 1
                            )));
                        }
                        (None, _) => {
                            return Err(InputError::new(format!(
                                "{source}: unknown column '{}' (columns: {})",
                                excerpt(name.as_bytes()),
                                self.all_shown()
                            )));
                        }
                    }
                }
            };
            if used.contains(&c) {
                return Err(InputError::new(format!(
                    "--columns selects column {} twice: a duplicated column is perfectly \
                     correlated with itself",
                    self.describe(c)
                )));
            }
            used.push(c);
        }
        Ok(used)
    }

    /// Two used columns with one name would be told apart nowhere in the report.
    fn refuse_duplicate_names(&self, used: &[usize]) -> Result<(), InputError> {
        let mut seen = std::collections::HashMap::with_capacity(used.len());
        for &b in used {
            if let Some(a) = seen.insert(self.names[b].as_str(), b) {
                return Err(InputError::new(format!(
                    "{}: columns {} and {} are both named '{}'; rename one, or leave one out \
                     with --columns",
                    self.source,
                    a.min(b) + 1,
                    a.max(b) + 1,
                    self.shown(a)
                )));
            }
        }
        Ok(())
    }

    /// The earliest ragged row or bad value in a used column, as an error.
    fn refuse_first_problem(&self, body: &Body, used: &[usize]) -> Result<(), InputError> {
        let field_problem = used
            .iter()
            .filter_map(|&c| Some((c, body.tallies[c].first_problem.as_deref()?)))
            .min_by_key(|(c, p)| (p.line, *c));
        let width = body.width();
        let ragged = body.ragged.first;
        if let Some((c, p)) = field_problem
            && ragged.is_none_or(|(line, _)| p.line < line)
        {
            let named = if self.names[c].is_empty() {
                String::new()
            } else {
                format!(" (column '{}')", self.shown(c))
            };
            return Err(InputError::new(format!(
                "{}:{}:{}{named}: {}",
                self.source,
                p.line + 1,
                c + 1,
                what_is_wrong(p)
            )));
        }
        match ragged {
            Some((line, found)) => Err(InputError::new(format!(
                "{}:{}: expected {width} fields like the first row, found {found}",
                self.source,
                line + 1
            ))),
            None => Ok(()),
        }
    }
}

fn what_is_wrong(p: &Problem) -> String {
    let shown = &p.excerpt;
    match p.value {
        Value::Missing if shown.trim().is_empty() => {
            "empty field (a missing value; --drop-invalid skips such rows)".into()
        }
        Value::Missing => format!("missing value '{shown}' (--drop-invalid skips such rows)"),
        Value::Infinite(_) => format!("'{shown}' is not a finite number"),
        Value::Text | Value::Number(_) => format!("not a number: '{shown}'{}", p.hint),
    }
}
