//! Aligning a table region's tokens to the template grid.
//!
//! Rows are recognised by distinctive words of their fixed labels (`国家秘密`, `另行制作`,
//! `结转下年度`…) found in runs of consecutive label text, so labels split over lines, with inner
//! spaces or with page markers in between still match. The cells that follow a row label are
//! placed by position. When a label is missing, its cells follow the previous label and are
//! spread over the rows in between; when a row has fewer cells than columns and the layout does
//! not show the gaps, the placement is inferred, never silent: a `C-INFERRED` finding says so.
//! Every cell records how it was placed ([`crate::model::Placed`]): read under its own label,
//! taken by position after another label, or inferred; the audit does not call a sum wrong on
//! an inferred cell, and JSON lists those cells.
//!
//! Layouts of converted reports handled on purpose (issue 12): a 2021 表三 keeping the 2019
//! single row （六）其他处理 (read on the 2019 grid, one `V-MIXED`), 表四 in one block per group
//! (each group from its own block only), header rows repeated inside a table, and column
//! headings printed vertically in PDF text.
//!
//! In parts: `keywords` (which text names which row), `place` (cells to columns), and one reader
//! per table (`t2`, `t3`, `t4`); this file holds what they share.

mod keywords;
mod place;
mod t2;
mod t3;
mod t4;

use memchr::memmem::Finder;

use crate::model::{Cell, Finding, Row, Severity, Table, TableId};
use crate::rules::Rule;
use crate::template::{RowDef, TemplateVersion};

pub use t2::read_t2;
pub use t3::read_t3;
pub use t4::read_t4;

/// [`Table::blank`], with each row's missing cells made in place rather than cloned.
pub(super) fn blank_table(version: TemplateVersion, id: TableId) -> Table {
    Table {
        id,
        rows: version
            .get()
            .rows(id)
            .iter()
            .map(|def| Row {
                def,
                cells: std::iter::repeat_with(Cell::default)
                    .take(def.cols.len())
                    .collect(),
                label_line: None,
            })
            .collect(),
        line: None,
        extra: Vec::new(),
    }
}

/// Result of reading one table.
pub struct Extracted {
    pub table: Option<Table>,
    pub findings: Vec<Finding>,
}

pub(super) fn row_index(defs: &[RowDef], key: &str) -> Option<usize> {
    // Keys are a few bytes: compared in line, not by a `memcmp` call per row.
    defs.iter()
        .position(|r| r.key.len() == key.len() && r.key.bytes().eq(key.bytes()))
}

/// A column heading a reader looks for, with its searchers: built once per heading (in a
/// static list), because setting a searcher up cost more than searching a table's short header
/// text with it, and each heading is searched in every table.
pub(super) struct Heading<'a> {
    pub(super) label: &'a str,
    whole: Finder<'a>,
    /// The label's two-character pieces, when it is counted by them too (see
    /// [`Heading::count_up_to`]); empty otherwise.
    pieces: Vec<Finder<'a>>,
}

impl<'a> Heading<'a> {
    pub(super) fn new(label: &'a str) -> Heading<'a> {
        let n = label.chars().count();
        let pieces = if n < 4 || !n.is_multiple_of(2) {
            Vec::new()
        } else {
            // The two-character pieces, as slices of the label.
            let mut cuts = (label.char_indices().map(|(i, _)| i).step_by(2)).chain([label.len()]);
            let mut from = cuts.next().unwrap_or(0);
            cuts.map(|to| Finder::new(&label[std::mem::replace(&mut from, to)..to]))
                .collect()
        };
        Heading {
            label,
            whole: Finder::new(label),
            pieces,
        }
    }

    /// How many times the heading is printed in `text`. PDF text of a table whose header cells
    /// are printed vertically or wrapped (`商业` over `企业`, `结 果` over `维持`) interleaves the
    /// columns' characters line by line, two characters of a column per line: a heading of four
    /// or more characters, an even number, then also counts as present as often as each of its
    /// two-character pieces is (`社会`, `公益`, `组织`).
    ///
    /// Counted no further than `cap`: the result is the smaller of the count and `cap`, so a
    /// count below `cap` is exact. The readers only ask whether a heading is there often
    /// enough, and a header text can be long: most searches stop at the table's own header.
    pub(super) fn count_up_to(&self, text: &str, cap: usize) -> usize {
        // Non-overlapping occurrences, as `str::matches` counts them.
        let count = |f: &Finder| f.find_iter(text.as_bytes()).take(cap).count();
        let whole = count(&self.whole);
        if whole == cap || self.pieces.is_empty() {
            return whole;
        }
        let pieces = self.pieces.iter().map(count).min().unwrap_or(0);
        whole.max(pieces)
    }
}

/// [`Heading::count_up_to`] for a heading searched once.
#[cfg(test)]
pub(super) fn heading_count_up_to(text: &str, label: &str, cap: usize) -> usize {
    Heading::new(label).count_up_to(text, cap)
}

/// One C-HEADER warning listing a table's missing column headings, if any are.
pub(super) fn headings_missing<S: AsRef<str>>(
    id: TableId,
    missing: &[S],
    line: Option<u32>,
) -> Option<Finding> {
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(AsRef::as_ref).collect();
    Some(
        Finding::new(
            Rule::CHeader,
            Severity::Warning,
            format!(
                "{} column headings missing: {}",
                id.short(),
                names.join("、")
            ),
        )
        .at(id, None, None)
        .line(line),
    )
}

#[cfg(test)]
mod tests;
