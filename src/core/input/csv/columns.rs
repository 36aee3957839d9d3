//! Deciding, with the whole file read, what its first row is (header or data), which columns
//! are numbers, which one is a row index, which are used — and refusing or dropping bad rows,
//! naming the first by line and column.

use super::body::{Body, Problem, Tally};
use super::hints::{closest_name, other_delimiter};
use super::scan::Field;
use crate::core::dataset::Dataset;
use crate::core::error::InputError;
use crate::core::input::text::{Value, excerpt};
use crate::core::input::{
    ColumnSelector, ColumnUse, HeaderMode, Loaded, ReadOptions, constant_column_note,
    keep_finite_rows,
};
use crate::format::plural;

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
    if header && body.rows() == 0 {
        return Err(InputError::new(format!(
            "{source}: a header but no data rows"
        )));
    }
    let mut reading_notes = Vec::new();
    let mut fitting_notes = Vec::new();
    let names = if header {
        header_names(source, &first, body.width())?
    } else {
        prepend_row(&first, &mut body, options.delimiter);
        let width = body.width();
        if options.header == HeaderMode::Auto {
            reading_notes.push(format!(
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
        (1..=width).map(|a| format!("x{a}")).collect()
    };
    let file = FileColumns {
        source,
        names,
        header,
        origin: options.columns_origin.as_deref(),
    };
    if body.rows() > 0 && body.ragged.count == body.rows() as u64 {
        // No column heard of a single value, so "no numeric column" would blame the columns.
        return Err(match body.ragged.first {
            Some((line, found)) if !options.drop_invalid => {
                ragged_row(source, body.width(), line, found)
            }
            _ => every_row_dropped(source, body.rows()),
        });
    }
    let Selection { used, uses, notes } = match &options.columns {
        Some(selectors) => {
            let used = file.select(selectors)?;
            if used.contains(&0)
                && matches!(file.index_named_column(&body), Some(IndexNamed::Skipped(_)))
            {
                reading_notes.push(format!(
                    "column {} is named as R and pandas name a row index, and `--columns` \
                     selects it, so it is fitted as data (`--columns` numbers every column of \
                     the file from 1, the index too)",
                    file.describe(0)
                ));
            }
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
        None => {
            let index = file.index_named_column(&body);
            if let Some(IndexNamed::Kept(note)) = &index {
                reading_notes.push(note.clone());
            }
            if index.is_none() {
                fitting_notes.extend(file.counting_column_note(&body));
            }
            file.default_columns(&body, index)?
        }
    };
    file.refuse_duplicate_names(&used)?;
    if !options.drop_invalid {
        file.refuse_first_problem(&body, &used)?;
    }
    reading_notes.extend(file.decimal_comma_note(&body, &used));
    let clean = body.ragged.count == 0
        && used
            .iter()
            .all(|&c| body.tallies[c].first_problem.is_none());
    let mut columns: Vec<Vec<f64>> = used
        .iter()
        .map(|&c| std::mem::take(&mut body.columns[c]))
        .collect();
    drop(body);
    let dropped_rows = if clean {
        Vec::new()
    } else {
        keep_finite_rows(&mut columns)
    };
    if columns[0].is_empty() {
        return Err(every_row_dropped(source, dropped_rows.len()));
    }
    let names = used.iter().map(|&c| file.names[c].clone()).collect();
    let dataset = Dataset::from_column_vecs(source.to_string(), names, columns);
    let bounds = dataset.check_values()?;
    fitting_notes.extend(constant_column_note(&dataset, &bounds));
    Ok(Loaded {
        dataset,
        dropped_rows,
        notes,
        reading_notes,
        fitting_notes,
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
        body.columns.iter_mut().for_each(|c| c.insert(0, f64::NAN));
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
        tally.decimal_commas += rest.decimal_commas;
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

/// A first column named as R and pandas name their row index (`""`, `rownames`,
/// `Unnamed: 0`), and what was made of it.
enum IndexNamed {
    /// Whole numbers in any order (pandas' index after a filter or shuffle, R's row names of a
    /// subset) or text (R's row names): skipped, with this note.
    Skipped(String),
    /// Values no row index holds (fractions, missing values): fitted as data, with this note.
    Kept(String),
}

/// How many names an error lists before it says how many more there are.
const NAMES_LISTED: usize = 12;

/// The file's columns as messages name them.
struct FileColumns<'a> {
    source: &'a str,
    names: Vec<String>,
    header: bool,
    /// Where the `--columns` names came from, when not from the user.
    origin: Option<&'a str>,
}

impl FileColumns<'_> {
    /// Column `c`'s name as a message quotes it: short, escaped.
    fn shown(&self, c: usize) -> String {
        excerpt(self.names[c].as_bytes())
    }

    /// The names, quoted (an empty one shows as `''`), the first dozen of a wide file.
    fn all_shown(&self) -> String {
        let mut names: Vec<String> = (0..self.names.len().min(NAMES_LISTED))
            .map(|c| format!("'{}'", self.shown(c)))
            .collect();
        if self.names.len() > NAMES_LISTED {
            names.push(format!("… {} in all", self.names.len()));
        }
        names.join(", ")
    }

    /// `'species'` with a header, `3` without (or with an empty name), to follow "column".
    fn describe(&self, c: usize) -> String {
        if self.header && !self.names[c].is_empty() {
            format!("'{}'", self.shown(c))
        } else {
            format!("{}", c + 1)
        }
    }

    /// An error about `--columns`, saying where its names came from when not from the user.
    fn selection_error(&self, message: String) -> InputError {
        match self.origin {
            Some(origin) => InputError::new(format!("{message}; {origin}")),
            None => InputError::new(message),
        }
    }

    /// The first column, when named as R and pandas name their row index: skipped when its
    /// values are a row index's, kept (and said so) when they cannot be. The name decides, as
    /// pandas' `index_col=0` and R's `row.names = 1` do, so an index filtered, shuffled or
    /// sliced is still one; `id` or any other name is data.
    fn index_named_column(&self, body: &Body) -> Option<IndexNamed> {
        if !self.header || !ROW_INDEX_NAMES.contains(&self.names.first()?.as_str()) {
            return None;
        }
        let tally = body.tallies.first()?;
        let what = self.describe(0);
        if tally.numbers + tally.text == 0 {
            return None;
        }
        if !is_numeric(tally) {
            let example = tally
                .first_text
                .as_ref()
                .map_or(String::new(), |p| format!(" such as '{}'", p.excerpt));
            return Some(IndexNamed::Skipped(format!(
                "skipping row-name column {what} (text{example}, as R writes row names)"
            )));
        }
        // Ragged rows are NaN here but counted in no tally, so they do not spoil an index.
        let values = body.columns[0].iter().filter(|v| !v.is_nan());
        let whole = tally.missing == 0
            && tally.text == 0
            && values.clone().all(|v| v.is_finite() && v.fract() == 0.0);
        if !whole {
            return Some(IndexNamed::Kept(format!(
                "column {what} is named as R and pandas name a row index, but holds values no \
                 row index has (fractions, missing values), so it is fitted as data; `--columns` \
                 leaves it out"
            )));
        }
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        Some(IndexNamed::Skipped(format!(
            "skipping row-index column {what} (whole numbers {lo}…{hi}, as R and pandas write \
             row names); `--columns` can still select it"
        )))
    }

    /// A first column otherwise named (`id`, `n`) that counts 0, 1, 2, … or 1, 2, 3, … is
    /// fitted as data, as its name says, but a note names it: a row index fitted as a dimension
    /// ruins a model without a word.
    fn counting_column_note(&self, body: &Body) -> Option<String> {
        let tally = body.tallies.first()?;
        let values = body.columns.first()?;
        if !self.header || !is_numeric(tally) || tally.missing + tally.text > 0 || values.len() < 3
        {
            return None;
        }
        let start = values[0];
        let counts = (start == 0.0 || start == 1.0)
            && values
                .iter()
                .zip(0..)
                .all(|(&v, i)| v == start + f64::from(i));
        counts.then(|| {
            format!(
                "column {} counts {start}…{} row by row, like a row index, and is fitted as \
                 data; `--columns` leaves it out",
                self.describe(0),
                values[values.len() - 1]
            )
        })
    }

    /// Every numeric column but a row index; each other column is named in a note.
    fn default_columns(
        &self,
        body: &Body,
        index: Option<IndexNamed>,
    ) -> Result<Selection, InputError> {
        let mut used = Vec::new();
        let mut uses = Vec::new();
        let mut notes = Vec::new();
        let mut index_note = match index {
            Some(IndexNamed::Skipped(note)) => Some(note),
            _ => None,
        };
        for (c, tally) in body.tallies.iter().enumerate() {
            let what = self.describe(c);
            let usage = if let Some(note) = index_note.take().filter(|_| c == 0) {
                notes.push(note);
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
                        " ({} of {} values are numbers; line {} has '{}'{})",
                        tally.numbers,
                        tally.numbers + tally.text + tally.missing,
                        p.line + 1,
                        p.excerpt,
                        p.hint
                    );
                }
                notes.push(note);
                ColumnUse::NotNumeric
            };
            uses.push(usage);
        }
        if used.is_empty() {
            return Err(InputError::new(self.no_numeric_column(body, &uses)));
        }
        Ok(Selection { used, uses, notes })
    }

    /// Why no column is numeric, with the delimiter a one-column file more likely has: `;` or
    /// tab in its name or values, or values that are numbers between spaces (R's
    /// `write.table`); else the first field that is not a number, by line and column, as other
    /// errors quote one (`np.float64(-1.83)`, as NumPy 2 writes a scalar into a string).
    fn no_numeric_column(&self, body: &Body, uses: &[ColumnUse]) -> String {
        let mut message = format!("{}: no numeric column", self.source);
        let value = body.tallies[0].first_text.as_ref();
        let other = (self.names.len() == 1)
            .then(|| other_delimiter(&self.names[0], value.map(|p| p.excerpt.as_str())))
            .flatten();
        if let Some((what, name)) = other {
            message += &format!(" (its one column holds {what}: try --delimiter {name})");
        } else {
            if self.header {
                message += &format!(" (columns: {})", self.all_shown());
            }
            let first_text = (body.tallies.iter().enumerate())
                .filter(|&(c, _)| uses[c] == ColumnUse::NotNumeric)
                .filter_map(|(c, tally)| Some((tally.first_text.as_ref()?, c)))
                .min_by_key(|&(p, c)| (p.line, c));
            if let Some((p, c)) = first_text {
                let name = if self.header && !self.names[c].is_empty() {
                    format!(" ('{}')", self.shown(c))
                } else {
                    String::new()
                };
                message += &format!(
                    "; the first field that is not a number: line {}, column {}{name}: '{}'{}",
                    p.line + 1,
                    c + 1,
                    p.excerpt,
                    p.hint
                );
            }
        }
        message
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
                    return Err(self.selection_error(format!(
                        "{source}: there is no column {i} (the file has {width})"
                    )));
                }
                ColumnSelector::Name(name) => self.find(name)?,
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

    /// The column named `name`: a header's name, or `x1…xD` in a file without one.
    fn find(&self, name: &str) -> Result<usize, InputError> {
        let source = self.source;
        let mut matches = (0..self.names.len()).filter(|&c| self.names[c] == name);
        match (matches.next(), matches.next()) {
            (Some(c), None) => Ok(c),
            (Some(a), Some(b)) => Err(InputError::new(format!(
                "{source}: columns {} and {} are both named '{name}'; select by index",
                a + 1,
                b + 1
            ))),
            (None, _) if !self.header => Err(self.selection_error(format!(
                "{source}: no column '{}': the file has no header row, so its columns are \
                 {} (or 1-based indexes; `--header yes` if the first row names them)",
                excerpt(name.as_bytes()),
                self.all_shown()
            ))),
            (None, _) => {
                let suggestion = closest_name(name, &self.names).map_or(String::new(), |c| {
                    format!(" (did you mean '{}'?)", self.shown(c))
                });
                Err(self.selection_error(format!(
                    "{source}: unknown column '{}'{suggestion}; columns: {}",
                    excerpt(name.as_bytes()),
                    self.all_shown()
                )))
            }
        }
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

    /// The note saying which used columns had numbers with decimal commas, if any.
    fn decimal_comma_note(&self, body: &Body, used: &[usize]) -> Option<String> {
        let with_commas: Vec<String> = used
            .iter()
            .filter(|&&c| body.tallies[c].decimal_commas > 0)
            .map(|&c| self.describe(c))
            .collect();
        (!with_commas.is_empty()).then(|| {
            format!(
                "reading decimal commas as decimal points (1,5 as 1.5, as R's read.csv2 does) \
                 in column{} {}",
                if with_commas.len() == 1 { "" } else { "s" },
                with_commas.join(", ")
            )
        })
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
            Some((line, found)) => Err(ragged_row(self.source, width, line, found)),
            None => Ok(()),
        }
    }
}

/// A row (0-based `line`) with `found` fields where the first row has `width`.
fn ragged_row(source: &str, width: usize, line: u64, found: usize) -> InputError {
    InputError::new(format!(
        "{source}:{}: expected {width} fields like the first row, found {found} ({DROP_HINT})",
        line + 1
    ))
}

fn every_row_dropped(source: &str, rows: usize) -> InputError {
    InputError::new(format!(
        "{source}: every row was invalid and dropped ({})",
        plural(rows, "row")
    ))
}

/// Said of every bad value or row that `--drop-invalid` would skip.
const DROP_HINT: &str = "--drop-invalid skips such rows";

fn what_is_wrong(p: &Problem) -> String {
    let shown = &p.excerpt;
    match p.value {
        Value::Missing if shown.trim().is_empty() => {
            format!("empty field (a missing value; {DROP_HINT})")
        }
        Value::Missing => format!("missing value '{shown}' ({DROP_HINT})"),
        Value::Infinite(_) => format!("'{shown}' is not a finite number ({DROP_HINT})"),
        Value::Text | Value::Number(_) if p.hint.is_empty() => {
            format!("not a number: '{shown}' ({DROP_HINT})")
        }
        Value::Text | Value::Number(_) => format!("not a number: '{shown}'{}", p.hint),
    }
}
