//! Cross-year linking in the TUI: the loaded reports of one body in consecutive years are
//! linked as `check --years` links them (`audit::yoy`), so X-* findings and `previous` show.
//!
//! Linking runs once all files of the inbox are loaded and again after each watched change
//! (`App::settle`). It is kept cheap for inboxes of thousands: each entry's summary holds its
//! link key (normalised body, year) and its skeleton (`yoy::skeleton`, the table rows the X-*
//! rules compare), so linking needs no report kept whole; an entry makes its `yoy::Digest` once
//! a pair first needs it (reading its file again when the report is not in memory: loading
//! does not make one), so linking normalises nothing and copies no table; entries whose links
//! did not change are left alone. The links stay on the entry and go with a report read again.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::audit::yoy::{self, Digest};
use crate::model::{Finding, Report, Severity, Table, TableId};

use super::entry::{ListEntry, is_cross_year};
use super::text::{self, pad, pad_left};

/// Links `entries` and sets each one's `previous` and X-* findings; returns the indices of the
/// entries that changed. The same links and findings as `yoy::link_digested` (a test says so),
/// made from each entry's summary: its link key and skeleton (`yoy::skeleton`, what the X-*
/// rules read of the tables). Only X-DUP needs a report's text: the two reports of a
/// consecutive-year pair are asked for their digests (read again from the file when not in
/// memory, then kept; such pairs are rare in real inboxes). A body's duplicate submissions
/// (X-TWICE) go through `link_digested` itself, on copies of the skeletons.
pub fn link(entries: &mut [ListEntry]) -> Vec<usize> {
    link_bodies(entries, None)
}

/// [`link`] for the reports of `bodies` only (all when `None`): a report's links depend on its
/// own body's reports alone, so the others' links stand. A report without a link key is always
/// looked at, so that one that lost its key (now unreadable) loses its links.
pub fn link_bodies(entries: &mut [ListEntry], bodies: Option<&HashSet<String>>) -> Vec<usize> {
    let in_scope = |e: &ListEntry| match (e.link_key(), bodies) {
        (Some((key, _)), Some(bodies)) => bodies.contains(key),
        _ => true,
    };
    let mut groups: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some((key, year)) = e.link_key().filter(|_| in_scope(e)) {
            groups.entry((key, year)).or_default().push(i);
        }
    }
    let mut links: HashMap<usize, (Option<PathBuf>, Vec<Finding>)> = HashMap::new();
    for (&(key, year), idx) in &groups {
        if idx.len() > 1 {
            let mut copies: Vec<yoy::Skeleton> = idx
                .iter()
                .filter_map(|&i| entries[i].skeleton().map(yoy::Skeleton::identity))
                .collect();
            let digests = vec![Digest::default(); copies.len()];
            yoy::link_digested(&mut copies, &digests);
            for (&i, c) in idx.iter().zip(copies) {
                links.insert(i, (None, c.findings));
            }
            continue;
        }
        let Some(prev) = groups.get(&(key, year - 1)).filter(|p| p.len() == 1) else {
            continue;
        };
        let (i, j) = (idx[0], prev[0]);
        let (Some(this), Some(last)) = (entries[i].skeleton(), entries[j].skeleton()) else {
            continue;
        };
        let mut out = Vec::new();
        yoy::compare(this, last, &mut out);
        yoy::compare_text(entries[i].digest(), entries[j].digest(), &mut out);
        links.insert(i, (Some(entries[j].path.clone()), out));
    }
    let mut changed = Vec::new();
    for (i, e) in entries.iter_mut().enumerate() {
        let link = links.remove(&i);
        if link.is_none() && (!e.is_linked() || !in_scope(e)) {
            continue;
        }
        let (previous, cross) = link.unwrap_or_default();
        if e.set_links(previous, cross) {
            changed.push(i);
        }
    }
    changed
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
const CARRY_LABEL_W: usize = 15;
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
            (text::safe(&f.message()).into_owned(), Kind::Text),
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
