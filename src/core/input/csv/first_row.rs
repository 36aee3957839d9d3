//! The first record, kept apart until the rest of the file says whether it is a header: the
//! decision, the names it gives, and what it says about a delimiter the file more likely has.

use super::body::{Body, Tally};
use super::scan::{Dialect, Field, Scan, Scanner};
use crate::core::error::InputError;
use crate::core::input::options::HeaderMode;
use crate::core::input::text::{Value, excerpt};

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

    /// Each field's text (quotes undone, spaces trimmed): a later record equal to them repeats
    /// the header.
    pub fn texts(&self) -> Vec<Vec<u8>> {
        self.fields.iter().map(|f| f.text(&self.bytes)).collect()
    }

    /// Whether the first row names the columns: as `mode` says, or (auto) when it is surely a
    /// header, is R's layout, or has text in a column that is numeric in the rest of the file.
    pub fn is_header(&self, mode: HeaderMode, body: &Body) -> bool {
        match mode {
            HeaderMode::Present => true,
            HeaderMode::Absent => false,
            HeaderMode::Auto => {
                self.lacks_row_names
                    || self.is_surely_header()
                    || self.fields.iter().enumerate().any(|(c, f)| {
                        f.value == Value::Text && body.tallies.get(c).is_some_and(Tally::is_numeric)
                    })
            }
        }
    }

    /// Whether the first field is named by spaces alone (` ,y`): no name, but not the empty
    /// name R and pandas give a row index.
    pub fn first_name_is_spaces(&self) -> bool {
        self.fields.first().is_some_and(|f| {
            let raw = &self.bytes[f.start..f.end];
            !f.quoted && !raw.is_empty() && raw.trim_ascii().is_empty()
        })
    }

    /// The header's names, which must be UTF-8; R's `write.table` layout gets an empty first
    /// name.
    pub fn names(&self, source: &str, width: usize) -> Result<Vec<String>, InputError> {
        let mut names: Vec<String> = Vec::with_capacity(width);
        if self.lacks_row_names {
            names.push(String::new());
        }
        for (c, field) in self.fields.iter().enumerate() {
            let name = String::from_utf8(field.text(&self.bytes)).map_err(|e| {
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

    /// Adds the row in front of the body's rows: it was data after all.
    pub fn prepend_to(&self, body: &mut Body, dialect: Dialect) {
        if self.fields.len() != body.width() {
            // Only R's layout read with --header no: the short row is ragged, and comes first.
            body.ragged.count += 1;
            body.ragged.first = Some((self.fields[0].line, self.fields.len()));
            body.columns.iter_mut().for_each(|c| c.insert(0, f64::NAN));
            return;
        }
        for ((column, tally), field) in body
            .columns
            .iter_mut()
            .zip(&mut body.tallies)
            .zip(&self.fields)
        {
            column.insert(0, field.value.stored());
            let mut earliest = Tally::default();
            earliest.count(field, &self.bytes, dialect);
            earliest.absorb(std::mem::take(tally), 0);
            *tally = earliest;
        }
    }

    /// The hint for a file whose rows have another number of fields than this one: the
    /// delimiter that splits it into more fields (`;` for R's `write.csv2`, tab), if one does.
    pub fn other_delimiter(&self, dialect: Dialect) -> Option<String> {
        [(b';', "';'"), (b'\t', "tab")]
            .into_iter()
            .filter(|&(d, _)| d != dialect.delimiter)
            .find_map(|(delimiter, name)| {
                let other = Dialect {
                    delimiter,
                    comment: None,
                    thousands: None,
                };
                let mut fields = Vec::new();
                let scanned = Scanner::new(&self.bytes, other, true).record(0, 0, &mut fields);
                (matches!(scanned, Scan::Record { .. }) && fields.len() > self.fields.len()).then(
                    || {
                        format!(
                            "the first row splits on {name} into {} fields: try --delimiter {name}",
                            fields.len()
                        )
                    },
                )
            })
    }
}
