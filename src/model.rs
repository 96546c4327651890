//! Plain data shared by every part of gouji: a report's tables as extracted, and findings.
//!
//! No I/O happens here. The extractor fills a [`Report`], the auditor appends [`Finding`]s,
//! printers and the TUI only read it.

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::rules::Rule;
use crate::template::RowDef;
pub use crate::template::{ColKind, TableId, TemplateVersion};

/// A number read from a cell, with the unit written beside it (`元`, `万元`, `亿`), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub value: Decimal,
    pub unit: Option<String>,
}

impl Number {
    pub fn int(v: i64) -> Number {
        Number {
            value: Decimal::from(v),
            unit: None,
        }
    }

    /// The value as an integer, if it is one.
    pub fn as_int(&self) -> Option<i64> {
        use rust_decimal::prelude::ToPrimitive;
        // Most cells are written without decimals: the mantissa is then the value, and the
        // audit reads every cell several times, so skip the general path's fract/trunc.
        if self.value.scale() == 0 {
            return i64::try_from(self.value.mantissa()).ok();
        }
        if self.value.fract().is_zero() {
            self.value.to_i64()
        } else {
            None
        }
    }
}

/// One cell of a statistical table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The text as written in the report (already sanitised), empty for an absent cell.
    pub raw: String,
    /// `None` when the cell is missing: blank, `/`, `-`, `—`, `无` or not found at all.
    pub value: Option<Number>,
    /// 1-based line of the source text the value came from.
    pub line: Option<u32>,
    /// How the extractor placed the value in its row and column.
    pub placed: Placed,
    /// True when the raw text could not be read as a number (e.g. `约30`).
    pub unreadable: bool,
}

/// How a cell's value came to be in its row and column: the more the layout said, the surer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placed {
    /// Read after its own row label, in a row that shows all of its columns.
    #[default]
    Read,
    /// Its row label was not found: the row's values were taken by position after the previous
    /// label, in a row that still shows all of its columns (a `C-INFERRED` finding says so).
    Position,
    /// The row showed fewer values than columns and the layout did not say which columns
    /// they are in: the column was inferred (a `C-INFERRED` finding says so). A check failing
    /// on such a cell cannot say the report is wrong, and one passing does not make it right.
    Inferred,
    /// Set by the inspector (`c` in the report view, kept in the triage state): the value as
    /// read is in [`Report::corrections`]. A corrected value is as certain as a value can be.
    Corrected,
}

impl Cell {
    /// True when the layout did not say which column this value belongs to and the
    /// extractor placed it by inference.
    pub fn inferred(&self) -> bool {
        self.placed == Placed::Inferred
    }

    pub fn is_missing(&self) -> bool {
        self.value.is_none()
    }

    /// True when the inspector set this value (its value as read is in
    /// [`Report::corrections`]).
    pub fn corrected(&self) -> bool {
        self.placed == Placed::Corrected
    }

    pub fn int(&self) -> Option<i64> {
        self.value.as_ref().and_then(Number::as_int)
    }
}

/// One row of a table: the template row it fills and its cells, one per template column.
#[derive(Debug, Clone)]
pub struct Row {
    pub def: &'static RowDef,
    pub cells: Vec<Cell>,
    /// Line of the row label, if the label was found.
    pub label_line: Option<u32>,
}

impl Row {
    pub fn empty(def: &'static RowDef) -> Row {
        Row {
            def,
            cells: vec![Cell::default(); def.cols.len()],
            label_line: None,
        }
    }

    pub fn cell(&self, col: &str) -> Option<&Cell> {
        self.def.col(col).map(|(i, _)| &self.cells[i])
    }
}

/// A row the report has and its format does not (a C-EXTRA-ROW finding says so), kept as
/// written so that a reader sees it where the report put it instead of losing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraRow {
    /// The label as written (sanitised).
    pub label: String,
    /// Its values, left to right as written.
    pub cells: Vec<Cell>,
    pub line: u32,
    /// Index into `Table::rows` of the official row read just before it, if any.
    pub after: Option<usize>,
}

/// A table aligned to the template grid.
#[derive(Debug, Clone)]
pub struct Table {
    pub id: TableId,
    pub rows: Vec<Row>,
    /// Line where the table's region begins in the source.
    pub line: Option<u32>,
    /// Rows outside the template, in the order read (not audited).
    pub extra: Vec<ExtraRow>,
}

impl Table {
    /// A table with every template row present and every cell missing.
    pub fn blank(version: TemplateVersion, id: TableId) -> Table {
        Table {
            id,
            rows: version.get().rows(id).iter().map(Row::empty).collect(),
            line: None,
            extra: Vec::new(),
        }
    }

    /// Sets one cell to an integer (tests, generators). Panics on an unknown key.
    pub fn set(&mut self, row: &str, col: &str, value: Option<i64>) {
        let r = self
            .rows
            .iter_mut()
            .find(|r| r.def.key == row)
            .unwrap_or_else(|| panic!("no row {row}"));
        let (i, _) = r.def.col(col).unwrap_or_else(|| panic!("no column {col}"));
        r.cells[i] = match value {
            Some(v) => Cell {
                raw: v.to_string(),
                value: Some(Number::int(v)),
                ..Cell::default()
            },
            None => Cell::default(),
        };
    }

    pub fn row(&self, key: &str) -> Option<&Row> {
        crate::template::find_key(&self.rows, key, |r| r.def.key).map(|(_, r)| r)
    }

    pub fn cell(&self, row: &str, col: &str) -> Option<&Cell> {
        self.row(row).and_then(|r| r.cell(col))
    }

    /// Integer value of a cell; `None` when missing or not an integer.
    pub fn int(&self, row: &str, col: &str) -> Option<i64> {
        self.cell(row, col).and_then(Cell::int)
    }
}

/// The statistical tables found in a report.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub t2: Option<Table>,
    pub t3: Option<Table>,
    pub t4: Option<Table>,
}

impl Tables {
    pub fn get(&self, id: TableId) -> Option<&Table> {
        match id {
            TableId::T2 => self.t2.as_ref(),
            TableId::T3 => self.t3.as_ref(),
            TableId::T4 => self.t4.as_ref(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Table> {
        [&self.t2, &self.t3, &self.t4]
            .into_iter()
            .filter_map(Option::as_ref)
    }
}

/// One of the six required sections, as found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// 1..=6.
    pub number: u8,
    /// The heading as written (sanitised).
    pub heading: String,
    pub line: u32,
    /// True when the heading is the canonical one (after normalisation).
    pub canonical: bool,
}

/// Severity of a finding; ordered so that `Error` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A cell address inside a report: table, row key, column key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CellRef {
    pub table: TableId,
    pub row: &'static str,
    pub column: &'static str,
}

/// One thing the audit says about a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule from the registry; serialises as its id (`T3-SUM7`).
    pub rule: Rule,
    pub severity: Severity,
    pub table: Option<TableId>,
    pub row: Option<&'static str>,
    pub column: Option<&'static str>,
    pub expected: Option<i64>,
    pub actual: Option<i64>,
    pub line: Option<u32>,
    /// What it says: read it as text with [`Finding::message`], write it with
    /// [`Finding::write_message`].
    pub message: Message,
    /// Cells whose values entered the failed check (operands of a sum); the TUI tints them.
    pub operands: Vec<CellRef>,
}

impl Finding {
    pub fn new(rule: Rule, severity: Severity, message: impl Into<Message>) -> Finding {
        Finding {
            rule,
            severity,
            table: None,
            row: None,
            column: None,
            expected: None,
            actual: None,
            line: None,
            message: message.into(),
            operands: Vec::new(),
        }
    }

    pub fn at(
        mut self,
        table: TableId,
        row: Option<&'static str>,
        column: Option<&'static str>,
    ) -> Self {
        self.table = Some(table);
        self.row = row;
        self.column = column;
        self
    }

    pub fn line(mut self, line: Option<u32>) -> Self {
        self.line = line;
        self
    }

    pub fn values(mut self, expected: Option<i64>, actual: Option<i64>) -> Self {
        self.expected = expected;
        self.actual = actual;
        self
    }

    pub fn operands(mut self, operands: Vec<CellRef>) -> Self {
        self.operands = operands;
        self
    }

    /// What the finding says, as text (rendered here for the rules that keep their message as
    /// data, see [`Message`]).
    pub fn message(&self) -> std::borrow::Cow<'_, str> {
        self.message.text(self)
    }

    /// Writes what the finding says to `out`, without an intermediate string.
    pub fn write_message(&self, out: &mut dyn std::fmt::Write) -> std::fmt::Result {
        self.message.write(self, out)
    }

    /// The cell this finding points at, if it names one.
    pub fn cell(&self) -> Option<CellRef> {
        Some(CellRef {
            table: self.table?,
            row: self.row?,
            column: self.column?,
        })
    }
}

/// Kind of issuing body, which decides the publication deadline (domain.md §6.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// 县级以上地方人民政府 (the government's own report): due 03-31.
    Government,
    /// 县级以上人民政府部门 (局、委、办、厅…): due 01-31.
    Department,
    /// 乡镇人民政府 / 街道办事处: set by local notice.
    Township,
    Unknown,
}

/// Everything known about one report file.
#[derive(Debug, Clone)]
pub struct Report {
    pub path: PathBuf,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
    /// False when the file is plainly not an annual report (no section or table anchors).
    pub is_report: bool,
    pub body: Option<String>,
    pub body_kind: BodyKind,
    pub year: Option<i32>,
    /// The format detected from the table text.
    pub template: Option<TemplateVersion>,
    pub published: Option<NaiveDate>,
    /// The statistics period stated in the text (`统计期限自2020年1月1日至2020年12月31日`).
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub period_line: Option<u32>,
    pub sections: Vec<Section>,
    pub tables: Tables,
    pub findings: Vec<Finding>,
    /// The decoded, sanitised source text, one entry per line (for the source view).
    pub lines: SourceLines,
    /// For a PDF, the page of each line in `lines` (1-based); empty for other formats.
    pub pages: Vec<u32>,
    /// Last year's report of the same body, when it was loaded in the same run
    /// (`audit::yoy::link`).
    pub previous: Option<PathBuf>,
    /// The cells the inspector corrected, each with the cell as it was read, in the order
    /// applied (`audit::correct`). Empty for nearly every report.
    pub corrections: Vec<Corrected>,
}

/// A cell the inspector corrected: where, and the cell as the extractor read it (the cell in the
/// table now holds the inspector's value, marked [`Placed::Corrected`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    pub cell: CellRef,
    pub original: Cell,
    /// The extractor's findings about this cell as read, set aside while it is corrected.
    pub dropped: Vec<Finding>,
}

/// The lines of a report's text, stored end to end in one string: a report of 600 short lines
/// (one table cell each) is one allocation, not 600, and the text of a run of lines (or of all
/// of them) is a slice. The extractor keeps the normalised lines the same way
/// (`extract::tokens::NormLines`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLines {
    text: String,
    /// End of each line in `text`.
    ends: Vec<u32>,
}

impl SourceLines {
    /// The lines of `text` (as `str::lines` splits them), each sanitised with
    /// [`crate::sanitize::clean`].
    pub fn sanitised(text: &str) -> SourceLines {
        // Most reports have nothing to remove: then the text is copied as it is, without its
        // line feeds.
        if crate::sanitize::lines_are_clean(text) {
            return SourceLines::joined(text);
        }
        // Report lines average some 30 bytes: room for that many spares most growing of `ends`.
        let mut out = SourceLines::with_capacity(text.len(), text.len() / 32);
        let mut push = |line: &str| out.push_with(|text| crate::sanitize::clean_into(line, text));
        // `text.lines()`, with a vectorised search for the line feeds.
        let mut start = 0;
        while start < text.len() {
            let Some(nl) = next_line_feed(text.as_bytes(), start) else {
                push(&text[start..]);
                break;
            };
            let line = &text[start..nl];
            push(line.strip_suffix('\r').unwrap_or(line));
            start = nl + 1;
        }
        out
    }

    /// The lines of `text` (as `str::lines` splits them) as they are. Copied 16 bytes at a
    /// time and the line feeds found in each 16 by one vector compare: a report's lines are
    /// short (half of them empty or a cell of a few bytes), and a search and a copy per line
    /// (a call to `memchr` and one to `memcpy`) cost several times that.
    fn joined(text: &str) -> SourceLines {
        let b = text.as_bytes();
        // 16 bytes of room past the end: each step writes a whole block, wherever its line
        // ends. Not filled first: every byte kept is written by a step.
        let mut out: Vec<u8> = Vec::with_capacity(b.len() + BLOCK);
        let mut ends = Vec::with_capacity(b.len() / 32);
        let (mut r, mut w) = (0, 0);
        let to = out.as_mut_ptr();
        while let Some(block) = b[r..].first_chunk::<BLOCK>() {
            // SAFETY: `w <= r` (each step moves `w` no further than `r`) and `r + BLOCK` is at
            // most the text's length, so the 16 bytes from `w` lie in the room reserved (the
            // text's length and 16): written through a pointer, as the bounds test of a slice
            // would cost a quarter of the step.
            unsafe { to.add(w).cast::<[u8; BLOCK]>().write_unaligned(*block) };
            let feeds = line_feeds(block);
            if feeds == 0 {
                r += BLOCK;
                w += BLOCK;
                continue;
            }
            // The line ends at the first line feed; the next step starts after it (what this
            // one wrote past it is written again there, one byte further left).
            let k = feeds.trailing_zeros() as usize;
            r += k + 1;
            w += k;
            ends.push(w as u32);
        }
        // The last bytes, fewer than 16, one at a time.
        let room = out.spare_capacity_mut();
        for &c in &b[r..] {
            if c == b'\n' {
                ends.push(w as u32);
            } else {
                room[w].write(c);
                w += 1;
            }
        }
        // A last line without a line feed (`str::lines` gives it; a final line feed ends the
        // last line and begins none).
        if b.last().is_some_and(|&c| c != b'\n') {
            ends.push(w as u32);
        }
        // SAFETY: every byte below `w` was written: each step writes from `w` on and moves
        // `w` by no more than it wrote.
        unsafe { out.set_len(w) };
        debug_assert!(std::str::from_utf8(&out).is_ok());
        // SAFETY: `out` is `text` without its line feeds, and a line feed (ASCII) is never
        // part of a longer UTF-8 sequence: what is left is still valid UTF-8.
        let text = unsafe { String::from_utf8_unchecked(out) };
        SourceLines { text, ends }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Room for `bytes` of text in `lines` lines.
    pub(crate) fn with_capacity(bytes: usize, lines: usize) -> SourceLines {
        SourceLines {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(lines),
        }
    }

    /// Appends a line: what `write` appends to the text. Inlined: normalising appends every
    /// line of a report, and the compiler left it a call, which with `write`'s state passed
    /// to it cost some 30 instructions a line.
    #[inline]
    pub(crate) fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.text);
        self.ends.push(self.text.len() as u32);
    }

    /// Line `i` (0-based).
    pub fn get(&self, i: usize) -> Option<&str> {
        (i < self.len()).then(|| self.line(i))
    }

    /// Line `i` (0-based); panics past the last line.
    #[inline]
    pub fn line(&self, i: usize) -> &str {
        &self.text[self.line_start(i)..self.ends[i] as usize]
    }

    /// Where line `i` (0-based) starts in [`SourceLines::all`].
    #[inline]
    pub(crate) fn line_start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] as usize }
    }

    /// The text of lines `from..to` (0-based), joined.
    pub fn span(&self, from: usize, to: usize) -> &str {
        let start = self.line_start(from);
        &self.text[start..self.line_start(to).max(start)]
    }

    /// Every line's text, joined.
    pub fn all(&self) -> &str {
        &self.text
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        (0..self.len()).map(|i| self.line(i))
    }

    /// Replaces line `i` (tests and tools that build reports by hand).
    pub fn set(&mut self, i: usize, line: &str) {
        let mut lines: Vec<&str> = self.iter().collect();
        lines[i] = line;
        *self = lines.into_iter().collect();
    }
}

/// The step of [`SourceLines::joined`].
const BLOCK: usize = 16;

/// Bit `k` set where `block[k]` is a line feed. SSE2 is part of every x86-64 processor: a
/// compare and a byte mask.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn line_feeds(block: &[u8; BLOCK]) -> u16 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of x86-64, so every processor this is built for has it; `block`
    // is 16 readable bytes, and an unaligned load asks for nothing more.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))) as u16
    }
}

/// Bit `k` set where `block[k]` is a line feed.
#[cfg(not(target_arch = "x86_64"))]
fn line_feeds(block: &[u8; BLOCK]) -> u16 {
    (0..BLOCK).fold(0, |m, k| m | (u16::from(block[k] == b'\n') << k))
}

/// The first line feed in `b` at or after `from`. Half the lines of a report are empty or a
/// cell of a byte or two: their first bytes are looked at one by one, which costs less than
/// setting up the vectorised search (`memchr`) that the longer lines get.
fn next_line_feed(b: &[u8], from: usize) -> Option<usize> {
    let head = &b[from..b.len().min(from + 4)];
    match head.iter().position(|&c| c == b'\n') {
        Some(i) => Some(from + i),
        None => {
            let rest = from + head.len();
            memchr::memchr(b'\n', &b[rest..]).map(|i| rest + i)
        }
    }
}

impl std::ops::Index<usize> for SourceLines {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        if i >= self.len() {
            panic!("line {i} of {}", self.len());
        }
        self.line(i)
    }
}

/// Lines taken as they are (not sanitised).
impl<S: AsRef<str>> FromIterator<S> for SourceLines {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> SourceLines {
        let mut out = SourceLines::default();
        for line in iter {
            out.push_with(|text| text.push_str(line.as_ref()));
        }
        out
    }
}

impl Report {
    /// A report that could not be read at all.
    /// A file that could not be read, and why. The reason may quote the file (an XML error
    /// message does): it is cleaned of control sequences here, once for every output.
    pub fn unreadable(path: PathBuf, error: impl Into<String>) -> Report {
        Report {
            error: Some(crate::sanitize::clean(&error.into())),
            ..Report::empty(path)
        }
    }

    /// The page a 1-based source line is on, for a PDF.
    pub fn page_of(&self, line: u32) -> Option<u32> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        self.pages.get(i).copied()
    }

    pub fn empty(path: PathBuf) -> Report {
        Report {
            path,
            error: None,
            is_report: false,
            body: None,
            body_kind: BodyKind::Unknown,
            year: None,
            template: None,
            published: None,
            period: None,
            period_line: None,
            sections: Vec::new(),
            tables: Tables::default(),
            findings: Vec::new(),
            lines: SourceLines::default(),
            pages: Vec::new(),
            previous: None,
            corrections: Vec::new(),
        }
    }

    /// The correction of `cell`, if the inspector made one.
    pub fn correction(&self, cell: CellRef) -> Option<&Corrected> {
        self.corrections.iter().find(|c| c.cell == cell)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Error findings that are not missing cells: failed checks.
    pub fn failed_checks(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.rule != Rule::CBlank)
            .count()
    }

    pub fn missing_cells(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.rule == Rule::CBlank)
            .count()
    }
}

mod message;
#[cfg(test)]
pub(crate) use message::random_sum;
pub use message::{Blank, Message, SumFailure};

#[cfg(test)]
mod tests;
