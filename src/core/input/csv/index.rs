//! Which leading columns are a row index, as R and pandas write one, and which fitted column
//! counts the rows like one: the names decide, the values confirm.

use super::body::Body;
use super::columns::{FileColumns, IndexNamed};

/// Names of the row-index column that R and pandas write: pandas reads its own back as
/// `Unnamed: 0`, and its `reset_index()` names it `index` (`level_0` when `index` is taken).
const ROW_INDEX_NAMES: [&str; 5] = ["", "rownames", "Unnamed: 0", "index", "level_0"];

/// How a column counts the rows: from `start` to `end`, from its start again `restarts` times.
struct Counting {
    start: f64,
    end: f64,
    restarts: usize,
}

impl FileColumns<'_> {
    /// The leading columns that are row indexes: the first when named as R and pandas name
    /// theirs (see [`FileColumns::index_named_column`]), and each after an index so named too
    /// (pandas' index read back and written again: `,Unnamed: 0,x`). The last may be one kept
    /// as data, with its note.
    pub fn row_indexes(&self, body: &Body) -> Vec<(usize, IndexNamed)> {
        let mut found = Vec::new();
        for c in 0..self.names.len() {
            match self.index_named_column(body, c) {
                Some(IndexNamed::Skipped(note)) => found.push((c, IndexNamed::Skipped(note))),
                Some(kept) => {
                    found.push((c, kept));
                    break;
                }
                None => break,
            }
        }
        found
    }

    /// Whether column `c`'s name is a row index's: R's and pandas' for the first column
    /// (`""`, `rownames`, `Unnamed: 0`), and pandas' `Unnamed: N` or an empty name after it.
    fn has_index_name(&self, c: usize) -> bool {
        let name = self.names[c].as_str();
        let unnamed = name.strip_prefix("Unnamed: ").is_some_and(|n| {
            let (whole, fraction) = n.split_once('.').unwrap_or((n, "0"));
            [whole, fraction]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        });
        ROW_INDEX_NAMES.contains(&name) || (c > 0 && unnamed)
    }

    /// Column `c` (one of the leading ones), when named as R and pandas name their row index:
    /// skipped when its values are a row index's, kept (and said so) when they cannot be. The
    /// name decides, as pandas' `index_col=0` and R's `row.names = 1` do, so an index
    /// filtered, shuffled or sliced is still one; `id` or any other name is data. A missing
    /// cell does not vote (a row index with a hole is still one), nor does a row dropped as
    /// ragged. A first name of spaces alone is no index name: such a column is an index only
    /// when it counts the rows.
    pub fn index_named_column(&self, body: &Body, c: usize) -> Option<IndexNamed> {
        let tally = body.tallies.get(c)?;
        let what = self.describe(c);
        if !self.header {
            return None;
        }
        if c == 0 && self.first_name_is_spaces {
            return match self.counts_rows(body, 0) {
                Some(Counting {
                    start,
                    end,
                    restarts: 0,
                }) => Some(IndexNamed::Skipped(format!(
                    "skipping row-index column 1 (named by spaces, counting {start}…{end} row by \
                     row)"
                ))),
                _ => tally.is_numeric().then(|| {
                    IndexNamed::Kept(
                        "column 1 is named by spaces alone and does not count the rows, so it \
                         is fitted as data; `--columns` leaves it out"
                            .into(),
                    )
                }),
            };
        }
        if !self.has_index_name(c) || tally.numbers + tally.text == 0 {
            return None;
        }
        if !tally.is_numeric() {
            let example = tally
                .first_text
                .as_ref()
                .map_or(String::new(), |p| format!(" such as '{}'", p.excerpt));
            return Some(IndexNamed::Skipped(format!(
                "skipping row-name column {what} (text{example}, as R writes row names)"
            )));
        }
        // Missing cells and ragged rows are NaN here, and do not vote.
        let values = body.columns[c].iter().filter(|v| !v.is_nan());
        let whole = tally.text == 0
            && values.clone().count() as u64 == tally.numbers
            && values.clone().all(|v| v.is_finite() && v.fract() == 0.0);
        if !whole {
            return Some(IndexNamed::Kept(format!(
                "column {what} is named as R and pandas name a row index, but holds values no \
                 row index has (fractions, text, infinities), so it is fitted as data; \
                 `--columns` leaves it out"
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

    /// How column `c` counts the rows, when it counts 0, 1, 2, … or 1, 2, 3, … row by row (three
    /// rows at least, every one a number), perhaps from its start again in runs of three or more
    /// (a row-index level within groups: 0…9 for each of `g1`, `g2`).
    fn counts_rows(&self, body: &Body, c: usize) -> Option<Counting> {
        let tally = body.tallies.get(c)?;
        let values = body.columns.get(c)?;
        if !tally.is_numeric() || tally.missing + tally.text > 0 || values.len() < 3 {
            return None;
        }
        let start = values[0];
        if start != 0.0 && start != 1.0 {
            return None;
        }
        let (mut run, mut restarts, mut end) = (1, 0, start);
        for pair in values.windows(2) {
            if pair[1] == pair[0] + 1.0 {
                run += 1;
            } else if pair[1] == start && run >= 3 {
                (run, restarts) = (1, restarts + 1);
            } else {
                return None;
            }
            end = end.max(pair[1]);
        }
        (run >= 3).then_some(Counting {
            start,
            end,
            restarts,
        })
    }

    /// A fitted column otherwise named (`id`, `n`) that counts the rows (see
    /// [`FileColumns::counts_rows`]) is fitted as data, as its name says, but a note names it:
    /// a row index fitted as a dimension ruins a model without a word. `c` is the first column
    /// fitted; a counter after it is data (a trial number, say).
    pub fn counting_column_note(&self, body: &Body, c: usize) -> Option<String> {
        if !self.header {
            return None;
        }
        let Counting {
            start,
            end,
            restarts,
        } = self.counts_rows(body, c)?;
        let groups = match restarts {
            0 => String::new(),
            n => format!(
                " (from {start} again {}, as a row-index level within groups does)",
                crate::format::plural(n, "time")
            ),
        };
        Some(format!(
            "column {} counts {start}…{end} row by row{groups}, like a row index, and is fitted \
             as data; `--columns` leaves it out",
            self.describe(c)
        ))
    }
}
