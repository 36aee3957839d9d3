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
    /// One name fewer than the next row has fields: R's `write.table` layout (the row names'
    /// column has none), or a delimiter ending every row but the header (see
    /// `finish::drop_trailing_field`).
    pub lacks_row_names: bool,
    /// A second header row (pandas' MultiIndex columns: `,g,g` above `,a,b`), whose names
    /// join the first's.
    pub below: Option<Box<FirstRow>>,
}

impl FirstRow {
    /// The record of `fields` in `bytes`, which start at `offset` in the fields' bytes.
    pub fn copy(bytes: &[u8], fields: &[Field], offset: usize) -> Self {
        FirstRow {
            bytes: bytes.to_vec(),
            fields: fields
                .iter()
                .map(|f| Field {
                    start: f.start - offset,
                    end: f.end - offset,
                    ..*f
                })
                .collect(),
            lacks_row_names: false,
            below: None,
        }
    }

    /// Whether this row, the one after `header`, is a second header row above `next`: as many
    /// fields, none a number and some text, each text below a name and above a number in
    /// `next`. (Text under an unnamed column is a real header under a title row instead.)
    pub fn names_columns_above(&self, header: &FirstRow, next: &[Field]) -> bool {
        let width = header.fields.len();
        let names_above = header.texts();
        self.fields.len() == width
            && next.len() == width
            && self.is_surely_header()
            && (self.fields.iter().zip(next).zip(&names_above)).all(|((f, below), above)| {
                f.value != Value::Text || (below.value.is_numeric() && !above.is_empty())
            })
    }
    fn has(&self, wanted: fn(Value) -> bool) -> bool {
        self.fields.iter().any(|f| wanted(f.value))
    }

    /// A header with certainty: some text and no number.
    pub fn is_surely_header(&self) -> bool {
        self.has(|v| v == Value::Text) && !self.has(Value::is_numeric)
    }

    /// Whether the row after this header (in `bytes`) has one field more: the first a row name
    /// (quoted, as R's `write.table` writes it, or a number), or the last empty (a trailing
    /// delimiter).
    pub fn is_short_of(&self, next: &[Field], bytes: &[u8]) -> bool {
        let last_empty = next.last().is_some_and(|f| f.is_empty(bytes));
        self.is_surely_header()
            && next.len() == self.fields.len() + 1
            && (next[0].quoted || next[0].value.is_numeric() || last_empty)
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
                    || self.is_numbers_header(body)
                    || self.fields.iter().enumerate().any(|(c, f)| {
                        f.value == Value::Text && body.tallies.get(c).is_some_and(Tally::is_numeric)
                    })
            }
        }
    }

    /// Whether this row of years names the columns (`2019,2020` above fractions): two columns
    /// or more, each value a whole number from 1800 to 2200, each column below holding a
    /// fraction, and each year farther outside its column's values than they spread. Read as
    /// data, it would be an outlier in every column at once; other whole numbers stay data.
    pub fn is_numbers_header(&self, body: &Body) -> bool {
        self.fields.len() >= 2
            && self.fields.len() == body.width()
            && (self.fields.iter().zip(&body.columns)).all(|(field, column)| {
                let Value::Number(year) = field.value else {
                    return false;
                };
                let values = column.iter().filter(|x| x.is_finite());
                let (lo, hi) = (values.clone())
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                        (lo.min(x), hi.max(x))
                    });
                year.fract() == 0.0
                    && (1800.0..=2200.0).contains(&year)
                    && values.clone().any(|x| x.fract() != 0.0)
                    && (year - hi).max(lo - year) > hi - lo
            })
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
    /// name, and a second header row's names join these (`g.a`, or the one that is not empty).
    pub fn names(&self, source: &str, width: usize) -> Result<Vec<String>, InputError> {
        let mut names: Vec<String> = Vec::with_capacity(width);
        if self.lacks_row_names {
            names.push(String::new());
        }
        names.extend(self.own_names(source)?);
        if let Some(below) = &self.below {
            for (name, sub) in names.iter_mut().zip(below.own_names(source)?) {
                *name = match (name.is_empty(), sub.is_empty()) {
                    (_, true) => continue,
                    (true, false) => sub,
                    (false, false) => format!("{name}.{sub}"),
                };
            }
        }
        Ok(names)
    }

    /// This row's fields as names, refused unless UTF-8.
    fn own_names(&self, source: &str) -> Result<Vec<String>, InputError> {
        (self.fields.iter().enumerate())
            .map(|(c, field)| {
                String::from_utf8(field.text(&self.bytes)).map_err(|e| {
                    InputError::new(format!(
                        "{source}:{}:{}: the header is not UTF-8 text ('{}'); save the file as \
                         UTF-8",
                        field.line + 1,
                        c + 1,
                        excerpt(e.as_bytes())
                    ))
                })
            })
            .collect()
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
    /// delimiter that splits it into more fields (`;` for R's `write.csv2`, tab, a comma), if one
    /// does.
    pub fn other_delimiter(&self, dialect: Dialect) -> Option<String> {
        [(b';', "';'"), (b'\t', "tab"), (b',', "','")]
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
