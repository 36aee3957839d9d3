//! The parameter table's columns: which fit a panel's width (wide, medium, two lines a
//! component), and how each is written — plain, or in a power of ten named in its header — with
//! the header line over them.

use crate::format::fixed;
use crate::format::numbers::{self, ColumnForm};

/// A number column: header, width (with its leading space), decimals.
#[derive(Clone, Copy)]
pub struct Column {
    header: &'static str,
    pub width: usize,
    pub decimals: usize,
    pub value: Value,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Weight,
    MeanX,
    MeanY,
    SigmaX,
    SigmaY,
    Rho,
    Size,
}

const fn column(header: &'static str, width: usize, decimals: usize, value: Value) -> Column {
    Column {
        header,
        width,
        decimals,
        value,
    }
}

/// Width of the lead ("●12", "1≡2", " tr").
pub const LEAD: usize = 3;

const WIDE: [&[Column]; 1] = [&[
    column("weight", 7, 3, Value::Weight),
    column("μx", 8, 2, Value::MeanX),
    column("μy", 8, 2, Value::MeanY),
    column("σx", 7, 2, Value::SigmaX),
    column("σy", 7, 2, Value::SigmaY),
    column("ρ", 6, 2, Value::Rho),
    column("N_k→", 10, 1, Value::Size),
]];
/// The medium row with N_k (about 100 columns wide), and without it where that does not fit.
const MEDIUM_ROW: [Column; 7] = [
    column("π", 5, 2, Value::Weight),
    column("μx", 6, 2, Value::MeanX),
    column("μy", 6, 2, Value::MeanY),
    column("σx", 6, 2, Value::SigmaX),
    column("σy", 6, 2, Value::SigmaY),
    column("ρ", 6, 2, Value::Rho),
    column("N_k→", 10, 1, Value::Size),
];
const MEDIUM_SIZES: [&[Column]; 1] = [&MEDIUM_ROW];
const MEDIUM: [&[Column]; 1] = [MEDIUM_ROW.as_slice().split_at(6).0];
const NARROW: [&[Column]; 2] = [
    &[
        column("π", 5, 2, Value::Weight),
        column("μx", 6, 2, Value::MeanX),
        column("μy", 6, 2, Value::MeanY),
        column("N_k→", 8, 1, Value::Size),
    ],
    &[
        column("σx", 6, 2, Value::SigmaX),
        column("σy", 6, 2, Value::SigmaY),
        column("ρ", 6, 2, Value::Rho),
    ],
];
const ONE_D_WIDE: [&[Column]; 1] = [&[
    column("weight", 7, 3, Value::Weight),
    column("μx", 8, 2, Value::MeanX),
    column("σx", 7, 2, Value::SigmaX),
    column("N_k→", 10, 1, Value::Size),
]];
const ONE_D_NARROW: [&[Column]; 1] = [&[
    column("π", 5, 2, Value::Weight),
    column("μx", 6, 2, Value::MeanX),
    column("σx", 6, 2, Value::SigmaX),
    column("N_k→", 8, 1, Value::Size),
]];

fn line_width(columns: &[Column]) -> usize {
    LEAD + columns.iter().map(|c| c.width).sum::<usize>()
}

/// The lines of columns that fit `width`, N_k wide enough for `data_points` written in full
/// (`10,000,000`), the weight wide enough for a group of `k` identical components to read
/// `20×.05`: where no layout fits it, the last goes without N_k rather than write it another
/// way.
pub fn layout_for(width: usize, dim: usize, data_points: usize, k: usize) -> Vec<Vec<Column>> {
    let size_width = numbers::points(data_points as f64, data_points, usize::MAX).len() + 1;
    // "2×.5" fits the narrow π column; from K = 3 a member's weight may need two places to
    // sum right ("3×.33", never "3×.3"), and from K = 10 a group's count takes two digits.
    let weight_width = if k >= 10 {
        7
    } else if k >= 3 {
        6
    } else {
        0
    };
    let widened = |lines: &[&[Column]]| -> Vec<Vec<Column>> {
        lines
            .iter()
            .map(|line| {
                line.iter()
                    .map(|&c| match c.value {
                        Value::Size => Column {
                            width: c.width.max(size_width),
                            ..c
                        },
                        Value::Weight => Column {
                            width: c.width.max(weight_width),
                            ..c
                        },
                        _ => c,
                    })
                    .collect()
            })
            .collect()
    };
    let fits = |l: &[Vec<Column>]| l.iter().all(|c| line_width(c) <= width);
    let choices: &[&'static [&'static [Column]]] = if dim == 1 {
        &[&ONE_D_WIDE, &ONE_D_NARROW]
    } else {
        &[&WIDE, &MEDIUM_SIZES, &MEDIUM, &NARROW]
    };
    let mut layouts: Vec<Vec<Vec<Column>>> = choices.iter().map(|l| widened(l)).collect();
    let mut without_sizes = layouts[layouts.len() - 1].clone();
    for line in &mut without_sizes {
        line.retain(|c| c.value != Value::Size);
    }
    layouts.push(without_sizes);
    let last = layouts.len() - 1;
    let chosen = layouts.iter().position(|l| fits(l)).unwrap_or(last);
    layouts.swap_remove(chosen)
}

/// How each location or scale column is written (`numbers::column_form`), chosen from all its
/// rows, fitted and true, so a column reads alike; other columns as their layout says.
pub struct Forms(Vec<(Value, ColumnForm)>);

impl Forms {
    /// The forms for `layout`, `values` giving every row's number in a column.
    pub(super) fn new(layout: &[Vec<Column>], values: impl Fn(Value) -> Vec<f64>) -> Forms {
        let scaled = [Value::MeanX, Value::MeanY, Value::SigmaX, Value::SigmaY];
        Forms(
            layout
                .iter()
                .flatten()
                .filter(|c| scaled.contains(&c.value))
                .map(|c| {
                    let form = numbers::column_form(&values(c.value), c.width - 1, c.decimals);
                    (c.value, form)
                })
                .collect(),
        )
    }

    fn of(&self, column: &Column) -> ColumnForm {
        self.0.iter().find(|(v, _)| *v == column.value).map_or(
            ColumnForm {
                exponent: 0,
                decimals: column.decimals,
            },
            |(_, form)| *form,
        )
    }

    /// `v` in `column`, right-aligned in its width after a space.
    pub(super) fn cell(&self, column: &Column, v: f64) -> String {
        let form = self.of(column);
        let unit = 10f64.powi(form.exponent);
        format!(" {}", fixed(v / unit, column.width - 1, form.decimals))
    }

    /// A column's header with its power of ten joined to it (`μx·e6`): with a blank inside,
    /// `σx σy e-3` read as a factor shared by both columns.
    fn header(&self, column: &Column) -> String {
        match self.of(column).exponent {
            0 => column.header.to_string(),
            e => format!("{}·e{e}", column.header),
        }
    }

    /// The headers of `columns`, each right-aligned over its column with a blank before it. A
    /// header as wide as its column (`σx·e-3` over six characters) takes that blank from the
    /// column to its left, whose header moves left by one: never `σx·e-3` run into `σy·e-3`.
    /// As no header holds a blank, each blank parts two headers.
    pub(super) fn header_line(&self, columns: &[Column]) -> String {
        let width: usize = columns.iter().map(|c| c.width).sum();
        let mut line = vec![' '; width];
        let (mut column_end, mut room_end) = (width, width);
        for column in columns.iter().rev() {
            let header: Vec<char> = self.header(column).chars().collect();
            let end = column_end.min(room_end);
            let start = end.saturating_sub(header.len());
            for (cell, c) in line[start..].iter_mut().zip(header) {
                *cell = c;
            }
            room_end = start.saturating_sub(1);
            column_end -= column.width;
        }
        line.into_iter().collect()
    }
}
