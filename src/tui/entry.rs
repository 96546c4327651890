//! One line of the report list: a file, its report once loaded, and what the inspector decided.
//!
//! Entries are keyed by path: a reload (watcher) replaces the report in place and keeps the
//! triage status, and the list selection follows the path, not the row number.
//!
//! Once loaded an entry always holds its report's [`Summary`] (what the list draws, counts,
//! sorts and filters by); the full [`Report`] (text, tables, findings with their messages) only
//! while the app keeps it (the open report, a few recent ones, and reports that cannot be read
//! again: those that came without a content hash). See `App::report_of`.
//!
//! What the inbox adds to a file's audit lives on the entry, so that a report read again gets
//! it back ([`ListEntry::restore`]): the inspector's corrections (applied, the report audited
//! again) and what cross-year linking found (`previous`, the X-* findings, always last). The
//! summary is always that of the report so completed.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use crate::audit::AuditConfig;
use crate::audit::yoy::Digest;
use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;
use crate::state::{self, Status};

use super::summary::Summary;

/// A finding of cross-year linking (X-*): made by linking the inbox, not by auditing one file.
pub fn is_cross_year(f: &Finding) -> bool {
    f.rule.id().starts_with("X-")
}

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
    /// Fixed for the entry's life (a renamed file is a removed entry and a new one).
    pub path: PathBuf,
    /// `path` as bytes that sort as `Path`'s own order ([`path_order_key`]): the list sorts
    /// 10,000 entries after every change, and comparing paths component by component was most
    /// of that.
    name_key: Box<[u8]>,
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
    /// The inspector's corrections of this content: cell id (`t3.r7.np`) → value (`None`:
    /// blank). The report holds them applied (`audit::correct`).
    corrected: BTreeMap<String, Option<String>>,
    /// The corrections the summary (and the full report, when kept) were made with.
    applied: BTreeMap<String, Option<String>>,
    /// Last year's report of the same body, as cross-year linking found it (`tui::years`).
    previous: Option<PathBuf>,
    /// The X-* findings cross-year linking found for this report.
    cross: Vec<Finding>,
    // Cached on every report change: sorting and filtering thousands of entries after each
    // loaded report must not walk every finding list again.
    counts: (usize, usize, usize),
    status: Badge,
    haystack: String,
    /// Display widths of the file name and the body as the list draws them (safe text): the
    /// list sizes its columns from every shown entry on every frame.
    widths: (usize, usize),
    /// What cross-year linking needs of the report's text (X-DUP), made the first time a link
    /// asks for it: only the reports of a consecutive-year pair ever need one.
    digest: OnceLock<Digest>,
}

impl ListEntry {
    pub fn pending(path: PathBuf) -> ListEntry {
        let mut e = ListEntry {
            name_key: path_order_key(&path),
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
            corrected: BTreeMap::new(),
            applied: BTreeMap::new(),
            previous: None,
            cross: Vec::new(),
            counts: (0, 0, 0),
            status: Badge::Loading,
            haystack: String::new(),
            widths: (0, 0),
            digest: OnceLock::new(),
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
    /// note stay. The corrections known so far are applied, so that a reload compares like
    /// with like (new content loses them when the store's view of it arrives, `apply_view`);
    /// a reload comes unlinked, and until the inbox is linked again (`tui::years`) it keeps
    /// last run's cross-year findings, so they do not show as "fixed". On a reload the
    /// findings are compared with the previous audit's (see [`Changes`]).
    pub fn set_report(&mut self, mut report: Report, modified: Option<SystemTime>) {
        if report.previous.is_some() || report.findings.iter().any(is_cross_year) {
            // Linked already (a caller that linked it): those links are the report's.
            self.previous = report.previous.take();
            self.cross = report
                .findings
                .iter()
                .filter(|f| is_cross_year(f))
                .cloned()
                .collect();
            report.findings.retain(|f| !is_cross_year(f));
        }
        let report = self.complete(report);
        self.applied = self.corrected.clone();
        self.take_summary(Summary::of(&report), modified);
        self.full = Some(report);
    }

    /// Replaces the report with its summary only (the loader's way: the full report is read
    /// again when it is opened). The summary is of the report as audited from its file, without
    /// corrections or links: the entry's links are put in; corrections, when the entry has any,
    /// are applied once its content hash is known (`apply_view`).
    pub fn set_summary(&mut self, mut summary: Summary, modified: Option<SystemTime>) {
        summary.set_cross(&self.cross);
        self.applied = BTreeMap::new();
        self.take_summary(summary, modified);
        self.full = None;
    }

    fn take_summary(&mut self, summary: Summary, modified: Option<SystemTime>) {
        if let Some(old) = &self.summary {
            self.changes = Some(Changes::between(old, &summary));
        }
        self.summary = Some(summary);
        self.digest = OnceLock::new();
        self.modified = modified;
        self.recount();
    }

    /// `report`, as audited from this entry's file, with what the inbox added to it: the
    /// entry's corrections (audited again with them) and its cross-year links. What a report
    /// read again must go through before it is shown or exported: it then is the report the
    /// entry's summary was made of.
    pub fn restore(&self, report: Report) -> Report {
        self.complete(report)
    }

    fn complete(&self, mut report: Report) -> Report {
        report.findings.retain(|f| !is_cross_year(f));
        if !self.corrected.is_empty() || !report.corrections.is_empty() {
            let corrections = crate::audit::correct::from_stored(&report, &self.corrected);
            crate::audit::correct::apply(&mut report, &corrections, &AuditConfig::default());
        }
        report.findings.extend(self.cross.iter().cloned());
        report.previous.clone_from(&self.previous);
        report
    }

    /// The file read and audited again, when it still holds the content this entry was made
    /// of (same content hash); as audited, without the entry's corrections or links.
    fn reread(&self) -> Option<Report> {
        let hash = self.hash.as_ref()?;
        let (report, now) = crate::catalog::load_file_hashed(&self.path, &AuditConfig::default());
        (now.as_ref() == Some(hash)).then_some(report)
    }

    /// Keeps `report`, read again from the entry's content (the caller compared the hashes),
    /// as the full report: completed as [`ListEntry::restore`] says, so the summary, counts
    /// and changes stay as they are.
    pub fn keep_full(&mut self, report: Report) {
        self.full = Some(self.complete(report));
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

    /// Sets what cross-year linking found: last year's report and the X-* findings, in place of
    /// the previous link's. Returns false when nothing changed (the caller then redraws
    /// nothing). A reload's [`Changes`] learn of X-* findings that came or went.
    pub fn set_links(&mut self, previous: Option<PathBuf>, cross: Vec<Finding>) -> bool {
        let Some(s) = self.summary.as_mut() else {
            return false;
        };
        if self.previous == previous && self.cross == cross {
            return false;
        }
        let old = std::mem::replace(&mut self.cross, cross);
        self.previous = previous;
        if let Some(r) = self.full.as_mut() {
            r.findings.retain(|f| !is_cross_year(f));
            r.findings.extend(self.cross.iter().cloned());
            r.previous.clone_from(&self.previous);
        }
        let base = s.len() - old.len();
        s.set_cross(&self.cross);
        if let Some(c) = self.changes.as_mut() {
            let keys: Vec<&str> = s.keys().collect();
            let old_keys = state::finding_keys(&old);
            let new_keys = &keys[base..];
            c.new.retain(|&i| i < base);
            c.new
                .extend((base..keys.len()).filter(|&i| !old_keys.iter().any(|k| k == keys[i])));
            c.fixed.extend(
                old.into_iter()
                    .zip(&old_keys)
                    .filter(|(_, k)| !new_keys.contains(&k.as_str()))
                    .map(|(f, _)| f),
            );
        }
        self.recount();
        true
    }

    /// Last year's report of this body, when linking found one.
    pub fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }

    /// True when linking gave this report a previous year or X-* findings.
    pub fn is_linked(&self) -> bool {
        self.previous.is_some() || !self.cross.is_empty()
    }

    /// The normalised body and year this report is linked on, if it can be linked.
    pub fn link_key(&self) -> Option<(&str, i32)> {
        self.summary.as_ref()?.link_key()
    }

    /// What linking compares of the report (`yoy::skeleton`), when it can be linked.
    pub fn skeleton(&self) -> Option<&crate::audit::yoy::Skeleton> {
        self.summary.as_ref()?.skeleton()
    }

    /// What linking needs of this entry's text (see [`Digest`]): from the full report, else
    /// from the file read again (only the reports of a consecutive-year pair are asked, rare
    /// in real inboxes). A file that no longer holds what was loaded gives the digest of what
    /// it holds now; the watcher's reload of it links the inbox again.
    pub fn digest(&self) -> &Digest {
        self.digest.get_or_init(|| match &self.full {
            Some(r) => Digest::of(r),
            None if self.hash.is_some() => {
                let (r, _) = crate::catalog::load_file_hashed(&self.path, &AuditConfig::default());
                Digest::of(&r)
            }
            None => Digest::default(),
        })
    }

    /// 实质公开率 of the report, when its tables give one.
    pub fn disclosure_rate(&self) -> Option<f64> {
        self.summary.as_ref()?.ratios.0
    }

    /// 复议纠错率 of the report, when its tables give one.
    pub fn correction_rate(&self) -> Option<f64> {
        self.summary.as_ref()?.ratios.1
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
        self.corrected = v.corrected;
        self.apply_corrections();
    }

    /// Sets (`Some(value)`) or removes (`None`) the correction of one cell in memory (without a
    /// store) and audits the report again.
    pub fn set_correction(&mut self, cell: &str, value: Option<Option<String>>) {
        match value {
            Some(v) => self.corrected.insert(cell.to_string(), v),
            None => self.corrected.remove(cell),
        };
        self.apply_corrections();
    }

    /// Makes the report's applied corrections those of `self.corrected` (audited again when
    /// they changed); the summary, finding keys and counts follow. A report not kept whole is
    /// read again for it (corrections are few, made by hand); if its file no longer holds
    /// what was loaded, the summary stays until the watcher's reload of it comes.
    fn apply_corrections(&mut self) {
        if self.corrected != self.applied && self.summary.is_some() {
            let kept = self.full.is_some();
            let fresh = match self.full.take() {
                Some(r) => Some(r),
                None => self.reread(),
            };
            if let Some(r) = fresh {
                let r = self.complete(r);
                let changes = self.changes.take();
                self.summary = Some(Summary::of(&r));
                self.changes = changes;
                self.full = kept.then_some(r);
            }
            self.applied = self.corrected.clone();
        }
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
        self.widths = (
            super::text::width(&super::text::safe(&self.file_name())),
            super::text::width(&super::text::safe(body)),
        );
    }

    /// Display widths of the file name and the body (see the field).
    pub fn widths(&self) -> (usize, usize) {
        self.widths
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

/// Bytes whose order is `Path`'s order (component by component): each component as a tag in
/// `Component`'s variant order, its bytes, and a 0 (which no component holds), so a path that
/// is a prefix of another, component-wise, sorts first.
fn path_order_key(path: &Path) -> Box<[u8]> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        key.push(match c {
            Component::Prefix(_) => 1,
            Component::RootDir => 2,
            Component::CurDir => 3,
            Component::ParentDir => 4,
            Component::Normal(_) => 5,
        });
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key.into_boxed_slice()
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
    /// Lowest 实质公开率 first (reports without one last).
    Disclosure,
    /// Highest 复议纠错率 first (reports without one last).
    Correction,
}

impl SortMode {
    pub fn next(self) -> SortMode {
        match self {
            SortMode::Errors => SortMode::Name,
            SortMode::Name => SortMode::Modified,
            SortMode::Modified => SortMode::Year,
            SortMode::Year => SortMode::Body,
            SortMode::Body => SortMode::Status,
            SortMode::Status => SortMode::Disclosure,
            SortMode::Disclosure => SortMode::Correction,
            SortMode::Correction => SortMode::Errors,
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
            SortMode::Disclosure => "disclosure rate",
            SortMode::Correction => "correction rate",
        }
    }

    pub fn compare(self, a: &ListEntry, b: &ListEntry) -> Ordering {
        let by_name = || a.name_key.cmp(&b.name_key);
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
            // Worst first: the lowest share disclosed, the highest share overturned.
            SortMode::Disclosure => {
                by_rate(a.disclosure_rate(), b.disclosure_rate(), false).then_with(by_name)
            }
            SortMode::Correction => {
                by_rate(a.correction_rate(), b.correction_rate(), true).then_with(by_name)
            }
        }
    }
}

/// Orders two rates, highest first when `high_first`, a report without the rate after those
/// with one (`r` turns the whole order around, as for every sort).
fn by_rate(a: Option<f64>, b: Option<f64>, high_first: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if high_first { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn entries_sort_by_name_in_the_order_of_their_paths() {
        use rand::{Rng, SeedableRng};
        // Separators, dots and bytes on either side of '/' make byte order and component
        // order differ: "a/b" sorts before "a-b" and "a!" as paths.
        let pieces = [
            "a", "b", "a-b", "a!", "/", "/", ".", "..", "报告", "a.txt", "-", "!",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let paths: Vec<PathBuf> = (0..3000)
            .map(|_| {
                let n = rng.random_range(1..7);
                (0..n)
                    .map(|_| pieces[rng.random_range(0..pieces.len())])
                    .collect::<String>()
                    .into()
            })
            .collect();
        for a in &paths {
            let b = &paths[rng.random_range(0..paths.len())];
            assert_eq!(
                super::path_order_key(a).cmp(&super::path_order_key(b)),
                a.cmp(b),
                "{a:?} vs {b:?}"
            );
        }
        fn names(mut v: Vec<&str>) -> Vec<&str> {
            v.sort_by(|a, b| {
                SortMode::Name.compare(&ListEntry::pending(a.into()), &ListEntry::pending(b.into()))
            });
            v
        }
        assert_eq!(names(vec!["a-b", "a/b", "a!"]), ["a/b", "a!", "a-b"]);
    }

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
