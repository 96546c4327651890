//! Printers for `gouji check`: the same loaded reports rendered as human text or as JSON.
//!
//! Printers only read [`Report`]s; they never load, audit or decide the exit code (that is
//! `check`'s job), so the TUI and `watch` can reuse the JSON shape and the labels built here.

pub mod json;
pub mod text;

use std::path::Path;

use crate::model::{Report, Severity, TableId, TemplateVersion};
use crate::sanitize::clean;
use crate::template::{RowDef, Template};

/// Totals over a run, shared by both printers and the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files read and recognised as reports.
    pub reports: usize,
    /// Files read but not reports (skipped).
    pub not_reports: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Error-severity findings over all reports.
    pub errors: usize,
    pub warnings: usize,
    /// Reports with at least one error finding.
    pub reports_with_errors: usize,
}

impl Summary {
    pub fn of(reports: &[Report]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &Summary) {
        self.reports += other.reports;
        self.not_reports += other.not_reports;
        self.unreadable += other.unreadable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.reports_with_errors += other.reports_with_errors;
    }

    /// Counts one more report (printers stream reports and total as they go).
    pub fn add(&mut self, r: &Report) {
        match kind(r) {
            EntryKind::Unreadable(_) => self.unreadable += 1,
            EntryKind::NotReport => self.not_reports += 1,
            EntryKind::Report => {
                self.reports += 1;
                let errors = r.count(Severity::Error);
                self.errors += errors;
                self.warnings += r.count(Severity::Warning);
                self.reports_with_errors += usize::from(errors > 0);
            }
        }
    }
}

/// What a loaded file turned out to be; an unreadable file is never called "not a report".
pub(crate) enum EntryKind<'a> {
    Unreadable(&'a str),
    NotReport,
    Report,
}

pub(crate) fn kind(r: &Report) -> EntryKind<'_> {
    match (&r.error, r.is_report) {
        (Some(e), _) => EntryKind::Unreadable(e),
        (None, false) => EntryKind::NotReport,
        (None, true) => EntryKind::Report,
    }
}

/// A path made safe for a terminal: file names are as untrusted as file contents.
pub fn display_path(path: &Path) -> String {
    clean(&path.to_string_lossy())
}

/// The row a key names in `report`, with its position: the extracted table's own rows first
/// (they may include an extra row), then the templates (the report's own first).
pub fn find_row(report: &Report, table: TableId, row: &str) -> Option<(usize, &'static RowDef)> {
    if let Some(rows) = report.tables.get(table).map(|t| &t.rows)
        && let Some(i) = rows.iter().position(|r| r.def.key == row)
    {
        return Some((i, rows[i].def));
    }
    templates(report).find_map(|t| t.row(table, row))
}

/// The report's template, then both (for a report whose template was not recognised).
fn templates(report: &Report) -> impl Iterator<Item = &'static Template> {
    [
        report.template,
        Some(TemplateVersion::V2019),
        Some(TemplateVersion::V2021),
    ]
    .into_iter()
    .flatten()
    .map(TemplateVersion::get)
}

/// Where a finding points, as an inspector reads it: `表三 (七)总计·自然人`.
pub fn location(
    report: &Report,
    table: Option<TableId>,
    row: Option<&str>,
    column: Option<&str>,
) -> Option<String> {
    let mut s = String::new();
    write_location(&mut s, report, table?, row, column).expect("writing to a String");
    Some(s)
}

/// [`location`] of a finding in `table`, written to `out`.
pub fn write_location(
    out: &mut impl std::fmt::Write,
    report: &Report,
    table: TableId,
    row: Option<&str>,
    column: Option<&str>,
) -> std::fmt::Result {
    out.write_str(table.short())?;
    let def = row.and_then(|k| find_row(report, table, k)).map(|(_, d)| d);
    if let Some(key) = row {
        out.write_char(' ')?;
        out.write_str(def.map_or(key, |d| d.short))?;
    }
    if let Some(key) = column {
        // A finding about a whole column (T3-ID) names no row: any template row with the
        // column gives its label.
        let label = def
            .and_then(|d| d.col(key))
            .or_else(|| {
                templates(report)
                    .flat_map(|t| t.rows(table))
                    .find_map(|r| r.col(key))
            })
            .map_or(key, |(_, c)| c.label);
        out.write_str(if row.is_some() { "·" } else { " " })?;
        out.write_str(label)?;
    }
    Ok(())
}

/// A byte buffer as a [`std::fmt::Write`]: a text block's lines, or JSON words that need no
/// escaping, are formatted straight into it.
pub(crate) struct Bytes<'a>(pub(crate) &'a mut Vec<u8>);

impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use std::path::PathBuf;

    use super::*;
    use crate::model::{Finding, Table};

    pub(crate) fn report_2019() -> Report {
        let mut r = Report::empty(PathBuf::from("seeds/002.txt"));
        r.is_report = true;
        r.template = Some(TemplateVersion::V2019);
        r.tables.t3 = Some(Table::blank(TemplateVersion::V2019, TableId::T3));
        r
    }

    #[test]
    fn locations_use_the_official_labels() {
        let r = report_2019();
        assert_eq!(
            location(&r, Some(TableId::T3), Some("r7"), Some("np")).unwrap(),
            "表三 (七)总计·自然人"
        );
        assert_eq!(
            location(&r, Some(TableId::T4), Some("lr"), Some("tot")).unwrap(),
            "表四 复议后起诉·总计"
        );
        assert_eq!(
            location(&r, Some(TableId::T2), Some("procurement"), Some("amount")).unwrap(),
            "表二 集中采购·采购总金额"
        );
        assert_eq!(location(&r, Some(TableId::T2), None, None).unwrap(), "表二");
        assert_eq!(
            location(&r, Some(TableId::T3), None, Some("tot")).unwrap(),
            "表三 总计"
        );
        assert_eq!(location(&r, None, None, None), None);
    }

    #[test]
    fn summary_counts_each_kind_of_entry() {
        let mut bad = report_2019();
        bad.findings
            .push(Finding::new(Rule::T3Sum7, Severity::Error, "x"));
        bad.findings
            .push(Finding::new(Rule::T3Id, Severity::Error, "x"));
        bad.findings
            .push(Finding::new(Rule::SSix, Severity::Warning, "x"));
        let clean = report_2019();
        let readme = Report::empty(PathBuf::from("README.md"));
        let gone = Report::unreadable(PathBuf::from("gone.txt"), "No such file");
        let s = Summary::of(&[bad, clean, readme, gone]);
        assert_eq!(
            s,
            Summary {
                reports: 2,
                not_reports: 1,
                unreadable: 1,
                errors: 2,
                warnings: 1,
                reports_with_errors: 1,
            }
        );
    }

    #[test]
    fn paths_are_sanitised_for_display() {
        assert_eq!(
            display_path(Path::new("in\u{1b}[2Jbox/a\u{7}.txt")),
            "inbox/a.txt"
        );
    }
}
