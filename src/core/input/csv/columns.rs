//! The file's columns and what becomes of each: which one is a row index, which are numeric,
//! which `--columns` picks — each other one named in a note, and every refusal naming a column
//! as the user knows it.

use super::body::{Body, Problem, Tally};
use super::hints::{closest_name, other_delimiter};
use crate::core::error::InputError;
use crate::core::input::loaded::ColumnUse;
use crate::core::input::options::ColumnSelector;
use crate::core::input::text::{Value, excerpt, is_spreadsheet_error};

/// The columns chosen, what became of each, and the notes saying so.
pub struct Selection {
    pub used: Vec<usize>,
    pub uses: Vec<ColumnUse>,
    pub notes: Vec<String>,
}

/// How many names an error lists before it says how many more there are.
const NAMES_LISTED: usize = 12;

/// A first column named as R and pandas name their row index (`""`, `rownames`,
/// `Unnamed: 0`, `index`), and what was made of it.
pub enum IndexNamed {
    /// Whole numbers in any order (pandas' index after a filter or shuffle, R's row names of a
    /// subset) or text (R's row names): skipped, with this note.
    Skipped(String),
    /// Values no row index holds (fractions, missing values): fitted as data, with this note.
    Kept(String),
}

/// The file's columns as messages name them.
pub struct FileColumns<'a> {
    pub source: &'a str,
    pub names: Vec<String>,
    pub header: bool,
    /// The first column is named by spaces alone (see [`FileColumns::index_named_column`]).
    pub first_name_is_spaces: bool,
    /// Where the `--columns` names came from, when not from the user.
    pub origin: Option<&'a str>,
    /// The delimiter the first row more likely has, for a ragged row's message.
    pub delimiter_hint: Option<String>,
    /// The comment character, to explain a `#` line read as a row.
    pub comment: Option<u8>,
    /// The delimiter read with, which a hint never suggests.
    pub delimiter: u8,
    /// Said when the header names its first column only: a title above the real header?
    pub title_hint: Option<String>,
}

impl FileColumns<'_> {
    /// Column `c`'s name as a message quotes it: short, escaped.
    pub(super) fn shown(&self, c: usize) -> String {
        excerpt(self.names[c].as_bytes())
    }

    /// The names, quoted (an empty one shows as `''`), the first dozen of a wide file.
    pub(super) fn all_shown(&self) -> String {
        let mut names: Vec<String> = (0..self.names.len().min(NAMES_LISTED))
            .map(|c| format!("'{}'", self.shown(c)))
            .collect();
        if self.names.len() > NAMES_LISTED {
            names.push(format!("… {} in all", self.names.len()));
        }
        names.join(", ")
    }

    /// `'species'` with a header, `3` without (or with an empty name), to follow "column".
    pub fn describe(&self, c: usize) -> String {
        if self.header && !self.names[c].is_empty() {
            format!("'{}'", self.shown(c))
        } else {
            format!("{}", c + 1)
        }
    }

    /// `; line 1 names its first column only: …` when it does, to end a refusal with.
    fn title_suffix(&self) -> String {
        self.title_hint
            .as_ref()
            .map_or(String::new(), |hint| format!("; {hint}"))
    }

    /// An error about `--columns`, saying where its names came from when not from the user.
    fn selection_error(&self, message: String) -> InputError {
        match self.origin {
            Some(origin) => InputError::new(format!("{message}; {origin}")),
            None => InputError::new(message),
        }
    }

    /// Every numeric column but a row index; each other column is named in a note. A column
    /// between numeric and text (see [`Tally::is_text`]) is refused: neither fitting its
    /// numbers nor ignoring it can be right.
    pub fn default_columns(
        &self,
        body: &Body,
        indexes: &[(usize, IndexNamed)],
    ) -> Result<Selection, InputError> {
        let mut used = Vec::new();
        let mut uses = Vec::new();
        let mut notes = Vec::new();
        for (c, tally) in body.tallies.iter().enumerate() {
            let what = self.describe(c);
            let skipped = indexes.iter().find_map(|(i, index)| match index {
                IndexNamed::Skipped(note) if *i == c => Some(note),
                _ => None,
            });
            let usage = if let Some(note) = skipped {
                notes.push(note.clone());
                ColumnUse::RowIndex
            } else if tally.is_numeric() {
                used.push(c);
                ColumnUse::Used
            } else if tally.numbers + tally.text == 0 {
                notes.push(format!("ignoring column {what}: every value is missing"));
                ColumnUse::Empty
            } else if !tally.is_text() {
                return Err(self.mixed_column(c, tally));
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

    /// A column of numbers and text in proportions that make it neither.
    fn mixed_column(&self, c: usize, tally: &Tally) -> InputError {
        let example = tally.first_text.as_ref().map_or(String::new(), |p| {
            format!(" (line {} has '{}'{})", p.line + 1, p.excerpt, p.hint)
        });
        InputError::new(format!(
            "{}: column {} holds {} and {}{example}: fix its text, or leave it out with --columns",
            self.source,
            self.describe(c),
            crate::format::plural(tally.numbers as usize, "number"),
            crate::format::plural(tally.text as usize, "text value"),
        ))
    }

    /// Why no column is numeric, with the delimiter a one-column file more likely has: `;` or
    /// tab in its name or values, or values that are numbers between spaces (R's
    /// `write.table`); else the first field that is not a number, by line and column, as other
    /// errors quote one (`np.float64(-1.83)`, as NumPy 2 writes a scalar into a string).
    pub fn no_numeric_column(&self, body: &Body, uses: &[ColumnUse]) -> String {
        let mut message = format!("{}: no numeric column", self.source);
        let value = body.tallies[0].first_text.as_ref();
        let other = (self.names.len() == 1)
            .then(|| {
                let value = value.map(|p| p.excerpt.as_str());
                other_delimiter(&self.names[0], value, self.delimiter)
            })
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
    pub fn select(&self, selectors: &[ColumnSelector]) -> Result<Vec<usize>, InputError> {
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
                ColumnSelector::Name(name) => self.find(name, &used)?,
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

    /// The column named `name`: a header's name, or `x1…xD` in a file without one. A wrong name
    /// gets the nearest one not among the `taken` (already selected).
    pub fn find(&self, name: &str, taken: &[usize]) -> Result<usize, InputError> {
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
                let suggestion = closest_name(name, &self.names, taken)
                    .map_or(String::new(), |c| {
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
    pub fn refuse_duplicate_names(&self, used: &[usize]) -> Result<(), InputError> {
        let mut seen = std::collections::HashMap::with_capacity(used.len());
        for &b in used {
            if let Some(a) = seen.insert(self.names[b].as_str(), b) {
                return Err(InputError::new(format!(
                    "{}: columns {} and {} are both named '{}'; rename one, or leave one out \
                     with --columns{}",
                    self.source,
                    a.min(b) + 1,
                    a.max(b) + 1,
                    self.shown(a),
                    self.title_suffix()
                )));
            }
        }
        Ok(())
    }

    /// A file read as one column named with a comma, whose numbers have decimal commas: a
    /// comma-separated file read with another delimiter (`a,b` above `1,2`), not decimals.
    pub fn refuse_comma_file(&self, body: &Body) -> Result<(), InputError> {
        let one_named_with_a_comma =
            self.header && self.names.len() == 1 && self.names[0].contains(',');
        if one_named_with_a_comma && body.tallies[0].decimal_commas > 0 {
            return Err(InputError::new(format!(
                "{}: no numeric column (its one column holds commas: try --delimiter ',')",
                self.source
            )));
        }
        Ok(())
    }

    /// A used column where some numbers have a percent sign and others none: `3%` among `1`,
    /// `2`, `4` is 0.03 or 3, and either guess misreads the rest, so the column is refused (even
    /// with `--drop-invalid`: it is the column's scale that is unknown, not a row's value).
    pub fn refuse_mixed_percentages(&self, body: &Body, used: &[usize]) -> Result<(), InputError> {
        for &c in used {
            let tally = &body.tallies[c];
            let Some((line, shown, value)) = tally.first_percent.as_deref() else {
                continue;
            };
            let plain = tally.numbers - tally.percents;
            if plain == 0 {
                continue;
            }
            let whole = shown.trim_end().trim_end_matches('%').trim_end();
            return Err(InputError::new(format!(
                "{}:{}:{} (column {}): '{shown}' has a percent sign and {plain} of the column's \
                 {} numbers have none: is it {} or {whole}? Write the column one way, or leave \
                 it out with --columns",
                self.source,
                line + 1,
                c + 1,
                self.describe(c),
                tally.numbers,
                crate::format::shortest(*value),
            )));
        }
        Ok(())
    }

    /// The notes naming formatted numbers read as plain ones, one per used column that had
    /// them, with the first as written and as read.
    pub fn formatted_notes(&self, body: &Body, used: &[usize]) -> Vec<String> {
        used.iter()
            .filter_map(|&c| {
                let tally = &body.tallies[c];
                let (shown, value) = tally.first_formatted.as_deref()?;
                Some(format!(
                    "reading formatted numbers in column {} as plain ones ('{shown}' as {}: {})",
                    self.describe(c),
                    crate::format::shortest(*value),
                    tally.formatted.describe()
                ))
            })
            .collect()
    }

    /// A row (0-based `line`) with `found` fields where the first row has `width`: the
    /// delimiter the first row more likely has, or else `--drop-invalid`.
    pub fn ragged_row(&self, width: usize, line: u64, found: usize) -> InputError {
        let hint = self.delimiter_hint.as_deref().unwrap_or(DROP_HINT);
        InputError::new(format!(
            "{}:{}: expected {} like the first row, found {found} ({hint})",
            self.source,
            line + 1,
            crate::format::plural(width, "field")
        ))
    }

    /// The note saying which used columns had numbers with decimal commas, if any.
    pub fn decimal_comma_note(&self, body: &Body, used: &[usize]) -> Option<String> {
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
    pub fn refuse_first_problem(&self, body: &Body, used: &[usize]) -> Result<(), InputError> {
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
            let comment_row = c == 0
                && p.value == Value::Text
                && self
                    .comment
                    .is_some_and(|m| p.excerpt.as_bytes().first() == Some(&m));
            let wrong = if comment_row {
                format!(
                    "not a number: '{}' (a line starting with '{}' and a digit that has the \
                     header's fields, numbers among them, is a row, not a comment; {DROP_HINT})",
                    p.excerpt,
                    char::from(self.comment.unwrap_or(b'#'))
                )
            } else if body.tallies[c].is_text() {
                // Chosen by --columns (or a model's names): skipping its rows would skip them all.
                format!(
                    "not a number: '{}' (the column holds text, not numbers: leave it out of \
                     --columns)",
                    p.excerpt
                )
            } else {
                what_is_wrong(p)
            };
            return Err(InputError::new(format!(
                "{}:{}:{}{named}: {wrong}{}",
                self.source,
                p.line + 1,
                c + 1,
                self.title_suffix()
            )));
        }
        match ragged {
            Some((line, found)) => Err(self.ragged_row(width, line, found)),
            None => Ok(()),
        }
    }
}

/// Said of every bad value or row that `--drop-invalid` would skip.
pub const DROP_HINT: &str = "--drop-invalid skips such rows";

fn what_is_wrong(p: &Problem) -> String {
    let shown = &p.excerpt;
    match p.value {
        Value::Missing if shown.trim().is_empty() => {
            format!("empty field (a missing value; {DROP_HINT})")
        }
        Value::Missing if is_spreadsheet_error(shown.as_bytes()) => {
            format!("spreadsheet error '{shown}' (a missing value; {DROP_HINT})")
        }
        Value::Missing => format!("missing value '{shown}' ({DROP_HINT})"),
        Value::Infinite(_) => format!("'{shown}' is not a finite number ({DROP_HINT})"),
        Value::Text | Value::Unread | Value::Number(_) if p.hint.is_empty() => {
            format!("not a number: '{shown}' ({DROP_HINT})")
        }
        Value::Text | Value::Unread | Value::Number(_) => {
            format!("not a number: '{shown}'{}", p.hint)
        }
    }
}
