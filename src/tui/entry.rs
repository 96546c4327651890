//! One line of the report list: a file, its report once loaded, and what the inspector decided.
//!
//! Entries are keyed by path: a reload (watcher) replaces the report in place and keeps the
//! triage status, and the list selection follows the path, not the row number.
//!
//! Once loaded an entry always holds its report's [`Summary`] (what the list draws, counts,
//! sorts and filters by); the full [`Report`] (text, tables, findings with their messages) only
//! while the app keeps it (the open report, a few recent ones, and reports that cannot be read
//! again: those that came without a content hash). See `App::report_of`.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;
use crate::state::{self, Status};

use super::summary::Summary;

/// The list's words for the inspector's decision on a report (the store's [`Status`]).
impl Status {
    /// The list column text (at most 6 cells); nothing while unreviewed.
    pub fn list_label(self) -> &'static str {
        match self {
            Status::Unreviewed => "",
            s => s.label_zh(),
        }
    }

    /// The status in words, unreviewed included (history lines).
    pub fn history_label(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            s => s.label_zh(),
        }
    }
}

/// What the badge says about an entry (its audit outcome, or that it is not ready).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Badge {
    /// Failed checks or missing cells.
    Errors,
    /// The file could not be read.
    Unreadable,
    Warnings,
    Clean,
    NotReport,
    Loading,
}

impl Badge {
    /// Four ASCII cells, so the column never shifts.
    pub fn cells(self) -> &'static str {
        match self {
            Badge::Errors => "ERR ",
            Badge::Unreadable => "I/O ",
            Badge::Warnings => "WARN",
            Badge::Clean => " OK ",
            Badge::NotReport => "N/A ",
            Badge::Loading => " .. ",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ListEntry {
    pub path: PathBuf,
    /// `None` while the file is still being loaded; set through [`ListEntry::set_report`] or
    /// [`ListEntry::set_summary`].
    summary: Option<Summary>,
    /// The full report, while it is kept in memory (see the module doc).
    full: Option<Report>,
    pub modified: Option<SystemTime>,
    pub triage: Status,
    pub note: String,
    /// The report changed since the inspector last opened it (set on reload).
    pub updated: bool,
    /// What the last reload changed in the findings; `None` before any reload.
    pub changes: Option<Changes>,
    /// Hash of the bytes the report was extracted from (`state::content_hash`), when known.
    pub hash: Option<String>,
    /// Dismissed findings by `state::finding_key`, with the reason.
    dismissed: BTreeMap<String, String>,
    /// Earlier contents of this path and what was decided on them (newest first).
    pub history: Vec<state::HistoryItem>,
    // Cached on every report change: sorting and filtering thousands of entries after each
    // loaded report must not walk every finding list again.
    counts: (usize, usize, usize),
    status: Badge,
    haystack: String,
}

impl ListEntry {
    pub fn pending(path: PathBuf) -> ListEntry {
        let mut e = ListEntry {
            path,
            summary: None,
            full: None,
            modified: None,
            triage: Status::Unreviewed,
            note: String::new(),
            updated: false,
            changes: None,
            hash: None,
            dismissed: BTreeMap::new(),
            history: Vec::new(),
            counts: (0, 0, 0),
            status: Badge::Loading,
            haystack: String::new(),
        };
        e.recount();
        e
    }

    /// An entry for a loaded report.
    pub fn loaded(report: Report, modified: Option<SystemTime>) -> ListEntry {
        let mut e = ListEntry::pending(report.path.clone());
        e.set_report(report, modified);
        e
    }

    /// Replaces the report (first load or reload) with a full one, kept in memory; triage and
    /// note stay. On a reload the findings are compared with the previous audit's (see
    /// [`Changes`]).
    pub fn set_report(&mut self, report: Report, modified: Option<SystemTime>) {
        self.set_summary(Summary::of(&report), modified);
        self.full = Some(report);
    }

    /// Replaces the report with its summary only (the loader's way: the full report is read
    /// again when it is opened).
    pub fn set_summary(&mut self, summary: Summary, modified: Option<SystemTime>) {
        if let Some(old) = &self.summary {
            self.changes = Some(Changes::between(old, &summary));
        }
        self.summary = Some(summary);
        self.full = None;
        self.modified = modified;
        self.recount();
    }

    /// Keeps `report` as the full report of this entry: read again from the same content (the
    /// caller compared the hashes), so the summary, counts and changes stay as they are.
    pub fn keep_full(&mut self, report: Report) {
        self.full = Some(report);
    }

    /// Lets the full report go, when it can be read again from the file (the content hash is
    /// known); returns whether it went.
    pub fn drop_full(&mut self) -> bool {
        if self.hash.is_none() || self.full.is_none() {
            return false;
        }
        self.full = None;
        true
    }

    /// Takes status, note, dismissals and history from the triage store's view of this
    /// report's content.
    pub fn apply_view(&mut self, v: state::View) {
        self.triage = v.status;
        self.note = v.note;
        self.dismissed = v
            .dismissed
            .into_iter()
            .map(|(k, d)| (k, d.reason))
            .collect();
        self.history = v.history;
        self.recount();
    }

    /// Dismisses (`Some(reason)`) or restores (`None`) findings in memory (without a store).
    pub fn set_dismissed(&mut self, keys: &[String], reason: Option<&str>) {
        for k in keys {
            match reason {
                Some(r) => {
                    self.dismissed.insert(k.clone(), r.to_string());
                }
                None => {
                    self.dismissed.remove(k);
                }
            }
        }
        self.recount();
    }

    /// The key of finding `i` of the report (`state::finding_keys`).
    pub fn finding_key(&self, i: usize) -> Option<&str> {
        self.summary.as_ref()?.key(i)
    }

    /// Why finding `i` was dismissed, if it was.
    pub fn dismissal(&self, i: usize) -> Option<&str> {
        self.dismissed.get(self.finding_key(i)?).map(String::as_str)
    }

    /// True when some finding of `rule` is still open (not dismissed).
    pub fn has_open(&self, rule: &str) -> bool {
        self.summary.as_ref().is_some_and(|s| {
            (0..s.len())
                .any(|i| s.rule(i).is_some_and(|r| r.id() == rule) && self.dismissal(i).is_none())
        })
    }

    fn recount(&mut self) {
        let r = self.summary.as_ref();
        self.counts = r.map_or((0, 0, 0), |r| {
            let mut c = (0, 0, 0);
            for ((rule, severity), key) in r.kinds().zip(r.keys()) {
                // Dismissed findings stay in the report (and on screen) but no longer count.
                if self.dismissed.contains_key(key) {
                    continue;
                }
                // As `Report::failed_checks`, `missing_cells` and `count(Warning)`.
                match severity {
                    _ if rule == Rule::CBlank => c.1 += 1,
                    Severity::Error => c.0 += 1,
                    Severity::Warning => c.2 += 1,
                    Severity::Info => {}
                }
            }
            c
        });
        self.status = match r {
            None => Badge::Loading,
            Some(r) if r.error.is_some() => Badge::Unreadable,
            Some(r) if !r.is_report && r.is_empty() => Badge::NotReport,
            Some(_) if self.counts.0 > 0 || self.counts.1 > 0 => Badge::Errors,
            Some(_) if self.counts.2 > 0 => Badge::Warnings,
            Some(_) => Badge::Clean,
        };
        let body = r.and_then(|r| r.body.as_deref()).unwrap_or("");
        let year = r
            .and_then(|r| r.year)
            .map(|y| y.to_string())
            .unwrap_or_default();
        self.haystack = format!("{} {} {}", self.path.display(), body, year);
    }

    pub fn file_name(&self) -> String {
        file_name(&self.path)
    }

    /// True once the file has been read and audited.
    pub fn is_loaded(&self) -> bool {
        self.summary.is_some()
    }

    /// What the list keeps of the report, once loaded.
    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }

    /// The full report, while it is in memory (`App::report_of` says when it is).
    pub fn full(&self) -> Option<&Report> {
        self.full.as_ref()
    }

    /// Bytes this entry holds beyond the full report (an estimate, see [`Summary::bytes`]).
    pub fn resident_bytes(&self) -> usize {
        std::mem::size_of::<ListEntry>()
            + self.path.as_os_str().len()
            + self.summary.as_ref().map_or(0, Summary::bytes)
            + self.hash.as_ref().map_or(0, String::capacity)
            + self.haystack.capacity()
            + self.note.capacity()
    }

    pub fn failed(&self) -> usize {
        self.counts.0
    }

    pub fn missing(&self) -> usize {
        self.counts.1
    }

    pub fn warnings(&self) -> usize {
        self.counts.2
    }

    /// The one definition of "a report" for every count the TUI shows (title, status bar,
    /// progress, filters), the same as `check`'s: a file that was read and is an annual report.
    /// Files still loading, unreadable files and other documents are not reports.
    pub fn is_report(&self) -> bool {
        self.summary
            .as_ref()
            .is_some_and(|r| r.error.is_none() && r.is_report)
    }

    /// A report "with errors", as `check` counts them: at least one error finding still open
    /// (failed checks and missing cells alike; dismissed ones no longer count).
    pub fn has_errors(&self) -> bool {
        self.is_report() && (self.counts.0 > 0 || self.counts.1 > 0)
    }

    pub fn badge(&self) -> Badge {
        self.status
    }

    /// The text the fuzzy filter searches: path, issuing body, year.
    pub fn haystack(&self) -> &str {
        &self.haystack
    }
}

/// What changed in a report's findings between two audits, by finding identity
/// (`state::finding_keys`: rule and cell, so a changed value on the same cell is the same
/// finding, still open).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Findings of the previous audit that are gone.
    pub fixed: Vec<Finding>,
    /// Indices into the new report's findings of those the previous audit did not have.
    pub new: Vec<usize>,
}

impl Changes {
    pub fn between(old: &Summary, new: &Summary) -> Changes {
        let old_keys: HashSet<&str> = old.keys().collect();
        let new_keys: HashSet<&str> = new.keys().collect();
        let fixed = old
            .keys()
            .enumerate()
            .filter(|(_, k)| !new_keys.contains(k))
            .filter_map(|(i, _)| old.finding(i))
            .collect();
        let new = new
            .keys()
            .enumerate()
            .filter(|(_, k)| !old_keys.contains(k))
            .map(|(i, _)| i)
            .collect();
        Changes { fixed, new }
    }

    pub fn is_empty(&self) -> bool {
        self.fixed.is_empty() && self.new.is_empty()
    }

    /// `2 fixed, 1 new` for the report view.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            "findings unchanged".to_string()
        } else {
            format!("{} fixed, {} new", self.fixed.len(), self.new.len())
        }
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// How the list is ordered; `s` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortMode {
    /// Worst first: most failed checks, then most missing cells, then most warnings.
    #[default]
    Errors,
    Name,
    /// Most recently modified first.
    Modified,
    /// Latest report year first.
    Year,
    /// Issuing body (by its characters), then name.
    Body,
    /// Undecided first, then needs-fix, accepted, rejected.
    Status,
}

impl SortMode {
    pub fn next(self) -> SortMode {
        match self {
            SortMode::Errors => SortMode::Name,
            SortMode::Name => SortMode::Modified,
            SortMode::Modified => SortMode::Year,
            SortMode::Year => SortMode::Body,
            SortMode::Body => SortMode::Status,
            SortMode::Status => SortMode::Errors,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortMode::Errors => "errors",
            SortMode::Name => "name",
            SortMode::Modified => "modified",
            SortMode::Year => "year",
            SortMode::Body => "body",
            SortMode::Status => "status",
        }
    }

    pub fn compare(self, a: &ListEntry, b: &ListEntry) -> Ordering {
        let by_name = || a.path.cmp(&b.path);
        match self {
            SortMode::Errors => (a.badge(), Reverse(a.failed()), Reverse(a.missing()))
                .cmp(&(b.badge(), Reverse(b.failed()), Reverse(b.missing())))
                .then_with(|| b.warnings().cmp(&a.warnings()))
                .then_with(by_name),
            SortMode::Name => by_name(),
            SortMode::Modified => b.modified.cmp(&a.modified).then_with(by_name),
            SortMode::Year => {
                let year = |e: &ListEntry| e.summary().and_then(|r| r.year);
                year(b).cmp(&year(a)).then_with(by_name)
            }
            SortMode::Body => {
                fn body(e: &ListEntry) -> Option<&str> {
                    e.summary().and_then(|r| r.body.as_deref())
                }
                // Reports without a body (not reports, loading) after the named ones.
                (body(a).is_none(), body(a))
                    .cmp(&(body(b).is_none(), body(b)))
                    .then_with(by_name)
            }
            SortMode::Status => {
                let rank = |e: &ListEntry| match e.triage {
                    Status::Unreviewed => 0,
                    Status::NeedsFix => 1,
                    Status::Accepted => 2,
                    Status::Rejected => 3,
                };
                rank(a).cmp(&rank(b)).then_with(by_name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Finding;
    use crate::rules::Rule;

    fn entry(name: &str, findings: Vec<Finding>) -> ListEntry {
        let mut r = Report::empty(PathBuf::from(name));
        r.is_report = true;
        r.findings = findings;
        ListEntry::loaded(r, None)
    }

    #[test]
    fn worst_first_puts_failed_checks_before_blanks_before_warnings_before_clean() {
        let e = |rule| Finding::new(Rule::from_id(rule).unwrap(), Severity::Error, "");
        let w = Finding::new(Rule::PUnit, Severity::Warning, "");
        let mut list = [
            entry("a-clean", vec![]),
            entry("b-warn", vec![w.clone()]),
            entry("c-blank", vec![e("C-BLANK"), e("C-BLANK")]),
            entry("d-one-failure", vec![e("T3-ID")]),
            entry("e-two-failures", vec![e("T3-ID"), e("T3-SUM7")]),
            ListEntry::pending(PathBuf::from("f-loading")),
            ListEntry::loaded(Report::unreadable(PathBuf::from("g-io"), "denied"), None),
        ];
        list.sort_by(|a, b| SortMode::Errors.compare(a, b));
        let names: Vec<String> = list.iter().map(ListEntry::file_name).collect();
        assert_eq!(
            names,
            [
                "e-two-failures",
                "d-one-failure",
                "c-blank",
                "g-io",
                "b-warn",
                "a-clean",
                "f-loading"
            ]
        );
        assert_eq!(list[2].missing(), 2);
        assert_eq!(list[2].failed(), 0);
    }

    #[test]
    fn a_reload_records_the_findings_fixed_and_the_new_ones() {
        let at = |rule, col| {
            Finding::new(Rule::from_id(rule).unwrap(), Severity::Error, "").at(
                crate::model::TableId::T3,
                Some("r7"),
                Some(col),
            )
        };
        let mut e = entry("r.txt", vec![at("T3-SUM7", "np"), at("T3-SUM7", "tot")]);
        assert_eq!(e.changes, None);
        let mut r = Report::empty(PathBuf::from("r.txt"));
        r.is_report = true;
        r.findings = vec![at("T3-SUM7", "tot"), at("T3-ID", "tot")];
        e.set_report(r, None);
        let c = e.changes.clone().unwrap();
        assert_eq!(c.fixed.len(), 1);
        assert_eq!(c.fixed[0].column, Some("np"));
        assert_eq!(c.new, vec![1]);
        assert_eq!(c.summary(), "1 fixed, 1 new");
    }

    #[test]
    fn dismissed_findings_stop_counting_and_the_badge_follows() {
        let f = Finding::new(Rule::T3Id, Severity::Error, "").at(
            crate::model::TableId::T3,
            Some("r7"),
            Some("np"),
        );
        let mut e = entry("r.txt", vec![f]);
        assert_eq!((e.failed(), e.badge()), (1, Badge::Errors));
        let key = e.finding_key(0).unwrap().to_string();
        e.set_dismissed(std::slice::from_ref(&key), Some("误报"));
        assert_eq!((e.failed(), e.badge()), (0, Badge::Clean));
        assert_eq!(e.dismissal(0), Some("误报"));
        e.set_dismissed(&[key], None);
        assert_eq!(e.failed(), 1);
    }
}
