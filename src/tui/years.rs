//! Cross-year linking in the TUI: the loaded reports of one body in consecutive years are
//! linked as `check --years` links them (`audit::yoy`), so X-* findings and `previous` show.
//!
//! Linking runs once all files of the inbox are loaded and again after each watched change
//! (`App::settle`). It is kept cheap for inboxes of thousands: entries are grouped by body and
//! year, and only those with a neighbour (same body, year ±1, or a second report of the same
//! year) are linked, on a skeleton of their report (tables, body, year, no text) with the
//! `yoy::Digest` each entry keeps, so no text is needed.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::audit::yoy::{self, Digest};
use crate::model::{Finding, Report, Severity, Table, TableId};

use super::entry::{ListEntry, is_cross_year};
use super::text::{self, pad, pad_left};

/// Links `entries` and sets each one's `previous` and X-* findings; returns the indices of the
/// entries that changed.
pub fn link(entries: &mut [ListEntry]) -> Vec<usize> {
    let mut groups: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(r) = e.report() else { continue };
        if r.error.is_some() || !r.is_report {
            continue;
        }
        if let (Some(body), Some(year)) = (&r.body, r.year) {
            let key = yoy::body_key(body);
            if !key.is_empty() {
                groups.entry((key, year)).or_default().push(i);
            }
        }
    }
    let mut candidates: Vec<usize> = groups
        .iter()
        .filter(|((key, year), idx)| {
            idx.len() > 1
                || groups.contains_key(&(key.clone(), year - 1))
                || groups.contains_key(&(key.clone(), year + 1))
        })
        .flat_map(|(_, idx)| idx.iter().copied())
        .collect();
    candidates.sort_unstable();

    let mut skeletons: Vec<Report> = candidates
        .iter()
        .filter_map(|&i| entries[i].report().map(skeleton))
        .collect();
    let digests: Vec<Digest> = candidates
        .iter()
        .map(|&i| entries[i].digest().clone())
        .collect();
    yoy::link_digested(&mut skeletons, &digests);

    let mut links: HashMap<usize, (Option<PathBuf>, Vec<Finding>)> = candidates
        .iter()
        .zip(skeletons)
        .map(|(&i, s)| (i, (s.previous, s.findings)))
        .collect();
    let linked: HashSet<usize> = links.keys().copied().collect();
    let mut changed = Vec::new();
    for (i, e) in entries.iter_mut().enumerate() {
        let (previous, cross) = links.remove(&i).unwrap_or_default();
        let had = e
            .report()
            .is_some_and(|r| r.previous.is_some() || r.findings.iter().any(is_cross_year));
        if (linked.contains(&i) || had) && e.set_links(previous, cross) {
            changed.push(i);
        }
    }
    changed
}

/// What `yoy` compares of a report, without its text or findings.
fn skeleton(r: &Report) -> Report {
    let mut s = Report::empty(r.path.clone());
    s.is_report = r.is_report;
    s.error.clone_from(&r.error);
    s.body.clone_from(&r.body);
    s.year = r.year;
    s.template = r.template;
    s.tables = r.tables.clone();
    s
}

/// What a piece of the year pane is, for its style (the view asks the theme by this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Title,
    Header,
    Text,
    Dim,
    /// A value that differs from last year's (marked `*` too, for terminals without colour).
    Changed,
    /// A carry-over cell that does not match: this year's 上年结转 against last year's 结转下年度.
    CarryBad,
    Finding(Severity),
}

/// One line of the pane: pieces of text, each with its kind.
pub type PaneLine = Vec<(String, Kind)>;

const LABEL_W: usize = 18;
const VALUE_W: usize = 8;
/// The carry-over block has seven columns whose headings are up to 8 cells: one more each,
/// and a shorter label, so that it still fits 80 columns.
const CARRY_LABEL_W: usize = 16;
const CARRY_W: usize = 9;

/// The year-over-year pane of `this` (last year's report `prev`, when one is loaded): the
/// carry-over (this year's 二、上年结转 against last year's 四、结转下年度, all seven columns),
/// 表三's 总计 column for both years, 表二 for both years (changed cells marked), and the X-*
/// findings. Text from the reports is made safe here.
pub fn pane(this: &Report, prev: Option<&Report>) -> Vec<PaneLine> {
    let year = |r: &Report| r.year.map_or_else(|| "?".to_string(), |y| y.to_string());
    let mut out: Vec<PaneLine> = Vec::new();
    let Some(prev) = prev else {
        out.push(vec![(
            format!(
                "last year ({}) is not loaded",
                this.year.map_or(0, |y| y - 1)
            ),
            Kind::Title,
        )]);
        out.push(vec![(
            "no report of the previous year by this body is in the inbox:".to_string(),
            Kind::Text,
        )]);
        out.push(vec![(
            format!(
                "  {}",
                text::safe(this.body.as_deref().unwrap_or("(body not named)"))
            ),
            Kind::Text,
        )]);
        out.push(vec![(
            "reports are linked on the body's full name and consecutive years.".to_string(),
            Kind::Dim,
        )]);
        push_findings(this, &mut out);
        return out;
    };
    let (ty, py) = (year(this), year(prev));
    out.push(vec![(
        format!(
            "{py} beside {ty}: {}",
            text::safe(&crate::tui::entry::file_name(&prev.path))
        ),
        Kind::Title,
    )]);

    // The carry-over, column by column.
    if let (Some(t), Some(p)) = (&this.tables.t3, &prev.tables.t3) {
        out.push(vec![(
            format!("结转: {ty} 上年结转 = {py} 结转下年度"),
            Kind::Header,
        )]);
        let cols = t.rows.first().map_or(&[][..], |r| r.def.cols);
        let mut head = vec![(pad("", CARRY_LABEL_W), Kind::Header)];
        head.extend(
            cols.iter()
                .map(|c| (pad_left(c.short, CARRY_W), Kind::Header)),
        );
        out.push(head);
        let mut now = vec![(pad(&format!("{ty} 上年结转"), CARRY_LABEL_W), Kind::Text)];
        let mut before = vec![(pad(&format!("{py} 结转下年度"), CARRY_LABEL_W), Kind::Text)];
        for c in cols {
            let (a, b) = (t.int("cin", c.key), p.int("cout", c.key));
            let kind = if a.is_some() && b.is_some() && a != b {
                Kind::CarryBad
            } else {
                Kind::Text
            };
            now.push((pad_left(&show(a), CARRY_W), kind));
            before.push((pad_left(&show(b), CARRY_W), kind));
        }
        out.push(now);
        out.push(before);
    }

    // 表三 总计 and 表二, this year beside last year.
    for (table, what) in [(TableId::T3, "表三 总计"), (TableId::T2, "表二")] {
        let (Some(t), Some(p)) = (this.tables.get(table), prev.tables.get(table)) else {
            continue;
        };
        out.push(vec![(String::new(), Kind::Text)]);
        out.push(vec![
            (pad(what, LABEL_W), Kind::Header),
            (pad_left(&ty, VALUE_W), Kind::Header),
            (pad_left(&py, VALUE_W), Kind::Header),
        ]);
        for row in &t.rows {
            let cols: Vec<&'static str> = if table == TableId::T3 {
                vec!["tot"]
            } else {
                row.def.cols.iter().map(|c| c.key).collect()
            };
            for col in cols {
                let a = cell_text(t, row.def.key, col);
                let b = cell_text(p, row.def.key, col);
                let label = if table == TableId::T3 {
                    row.def.short.to_string()
                } else {
                    let c = row.def.col(col).map_or(col, |(_, c)| c.short);
                    format!("{} {c}", row.def.short)
                };
                let changed = a != b;
                let kind = if changed { Kind::Changed } else { Kind::Text };
                out.push(vec![
                    (pad(&label, LABEL_W), Kind::Text),
                    (pad_left(&a, VALUE_W), kind),
                    (pad_left(&b, VALUE_W), Kind::Dim),
                    (if changed { " *" } else { "" }.to_string(), kind),
                ]);
            }
        }
    }
    push_findings(this, &mut out);
    out
}

fn push_findings(this: &Report, out: &mut Vec<PaneLine>) {
    let cross: Vec<&Finding> = this.findings.iter().filter(|f| is_cross_year(f)).collect();
    out.push(vec![(String::new(), Kind::Text)]);
    out.push(vec![(
        format!("cross-year findings ({})", cross.len()),
        Kind::Header,
    )]);
    if cross.is_empty() {
        out.push(vec![("  none".to_string(), Kind::Dim)]);
    }
    for f in cross {
        out.push(vec![
            (format!("{:<10}", f.rule.id()), Kind::Finding(f.severity)),
            (text::safe(&f.message).into_owned(), Kind::Text),
        ]);
    }
}

fn show(v: Option<i64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// A cell as a number, else as written (an amount with its unit), else `-`.
fn cell_text(t: &Table, row: &str, col: &str) -> String {
    let Some(c) = t.cell(row, col) else {
        return "-".to_string();
    };
    match c.int() {
        Some(v) => v.to_string(),
        None if !c.raw.trim().is_empty() => text::safe(c.raw.trim()).into_owned(),
        None => "-".to_string(),
    }
}
