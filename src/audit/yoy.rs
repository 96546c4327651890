//! This year against last year (domain.md §6.7): reports of the same issuing body loaded
//! together are linked across years, and the link is checked.
//!
//! Reports are matched on the issuing body's full name as the report states it (its title and
//! signature, `Report::body`), normalised (NFKC, no whitespace); never on file names, which say
//! nothing reliable about who wrote a report. Two reports of the same body and year are a
//! duplicate submission (X-TWICE) and neither is linked. A report whose previous year is not
//! loaded gets nothing: most inboxes hold one year.
//!
//! On a linked pair: X-CARRY (this year's 上年结转 = last year's 结转下年度, all seven columns),
//! X-INFORCE (2021 format, 现行有效件数), X-ITEMS (2019 format, 上一年项目数量), X-DUP (a
//! section's text more than half the same as last year's) and X-SPIKE (新收 or 行政复议 more
//! than five times, or under a fifth of, last year's).

use std::collections::HashMap;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use crate::model::{Finding, Report, Section, Severity, Table, TableId, TemplateVersion};
use crate::rules::Rule;
use crate::template::RowDef;

/// The share of a section's text found again in last year's at which X-DUP fires.
pub const DUP_SHARE: f64 = 0.5;

/// Sections shorter than this many characters are not compared: a few stock sentences are the
/// same every year in every report.
const DUP_MIN_CHARS: usize = 80;

/// Characters per shingle when comparing texts.
const SHINGLE: usize = 8;

/// The key reports are linked on: the body's name, NFKC, without whitespace.
pub fn body_key(body: &str) -> String {
    // A body's name is nearly always ideographs (with the odd ASCII letter or middle dot), which
    // NFKC leaves as they are: then the key is the name, without running the normaliser.
    if body
        .chars()
        .all(|c| c.is_ascii_graphic() || crate::extract::tokens::is_nfkc_stable(c))
    {
        return body.to_string();
    }
    body.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Links the reports of one run: sets `previous` on each report whose body's previous-year
/// report is among them, and appends the X-* findings.
pub fn link(reports: &mut [Report]) {
    let digests: Vec<Digest> = reports.iter().map(Digest::of).collect();
    let mut skeletons: Vec<Skeleton> = reports.iter().map(skeleton).collect();
    link_digested(&mut skeletons, &digests);
    for (r, s) in reports.iter_mut().zip(skeletons) {
        if s.previous.is_some() {
            r.previous = s.previous;
        }
        r.findings.extend(s.findings);
    }
}

/// What X-DUP needs of a report's text, kept so that the text itself can be dropped (`check`
/// holds every report of a run until they are linked, without their text): the shingle hashes of
/// sections 一, 五 and 六, sorted and deduplicated, with each section's heading line.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    sections: [Option<(u32, Vec<u64>)>; 3],
}

/// The sections X-DUP compares, with their names.
const DUP_SECTIONS: [(u8, &str); 3] = [
    (1, "总体情况"),
    (5, "存在的主要问题及改进情况"),
    (6, "其他需要报告的事项"),
];

impl Digest {
    pub fn of(r: &Report) -> Digest {
        let mut d = Digest::default();
        if r.error.is_some() || !r.is_report || r.body.is_none() || r.year.is_none() {
            return d;
        }
        for (slot, (number, _)) in d.sections.iter_mut().zip(DUP_SECTIONS) {
            if let Some((section, text)) = section_text(r, number)
                && text.chars().filter(|c| c.is_alphabetic()).count() >= DUP_MIN_CHARS
            {
                *slot = Some((section.line, shingles(text)));
            }
        }
        d
    }
}

/// What linking reads of a report, and what it gives it: the path, body and year, and of the
/// tables only the 表三 rows 新收/上年结转/结转下年度, 表四's 行政复议 row and the 表二 rows X-ITEMS
/// and X-INFORCE read, each cell as its whole-number value and line. `check` and the TUI hold one
/// per report of a run, so it is small: under 2 kB with all its tables, where a [`Report`]
/// holding the same rows (80-byte cells) took ~4.5 kB.
#[derive(Debug, Clone, Default)]
pub struct Skeleton {
    pub path: PathBuf,
    /// The file could not be read.
    pub error: bool,
    pub is_report: bool,
    pub body: Option<String>,
    pub year: Option<i32>,
    t2: Option<Rows>,
    t3: Option<Rows>,
    t4: Option<Rows>,
    /// Set by linking: last year's report of the same body, when it is among those linked.
    pub previous: Option<PathBuf>,
    /// Set by linking: the X-* findings.
    pub findings: Vec<Finding>,
}

/// The rows of a table the X-* rules read.
#[derive(Debug, Clone)]
struct Rows {
    /// Line of the table's heading.
    line: Option<u32>,
    rows: Vec<RowValues>,
}

/// One row: per template column, the cell's whole-number value ([`crate::model::Cell::int`])
/// and its line.
#[derive(Debug, Clone)]
struct RowValues {
    def: &'static RowDef,
    label_line: Option<u32>,
    cells: Box<[(Option<i64>, Option<u32>)]>,
}

impl Rows {
    fn of(t: &Option<Table>, wanted: impl Fn(&RowDef) -> bool) -> Option<Rows> {
        let t = t.as_ref()?;
        Some(Rows {
            line: t.line,
            rows: (t.rows.iter())
                .filter(|row| wanted(row.def))
                .map(|row| RowValues {
                    def: row.def,
                    label_line: row.label_line,
                    cells: row.cells.iter().map(|c| (c.int(), c.line)).collect(),
                })
                .collect(),
        })
    }

    /// Row `key` (the first of that key, as [`Table::row`] finds it).
    fn row(&self, key: &str) -> Option<&RowValues> {
        crate::template::find_key(&self.rows, key, |r| r.def.key).map(|(_, r)| r)
    }

    /// The whole-number value of a cell, as [`Table::int`] reads it.
    fn int(&self, row: &str, col: &str) -> Option<i64> {
        self.row(row)?.cell(col)?.0
    }
}

impl RowValues {
    fn cell(&self, col: &str) -> Option<&(Option<i64>, Option<u32>)> {
        self.def.col(col).map(|(i, _)| &self.cells[i])
    }
}

impl Skeleton {
    /// The path, body and year of `self` without its tables or links (X-TWICE reads no more).
    pub fn identity(&self) -> Skeleton {
        Skeleton {
            path: self.path.clone(),
            error: self.error,
            is_report: self.is_report,
            body: self.body.clone(),
            year: self.year,
            ..Skeleton::default()
        }
    }

    /// Bytes this skeleton holds, its own size included (an estimate: the allocator's rounding
    /// and bookkeeping come on top).
    pub fn bytes(&self) -> usize {
        let rows = |t: &Rows| {
            std::mem::size_of::<Rows>()
                + t.rows.capacity() * std::mem::size_of::<RowValues>()
                + (t.rows.iter())
                    .map(|r| std::mem::size_of_val(&*r.cells))
                    .sum::<usize>()
        };
        std::mem::size_of::<Skeleton>()
            + self.body.as_ref().map_or(0, String::capacity)
            + self.path.as_os_str().len()
            + [&self.t2, &self.t3, &self.t4]
                .into_iter()
                .flatten()
                .map(rows)
                .sum::<usize>()
            + self.findings.capacity() * std::mem::size_of::<Finding>()
    }
}

/// The skeleton of `r`.
pub fn skeleton(r: &Report) -> Skeleton {
    Skeleton {
        path: r.path.clone(),
        error: r.error.is_some(),
        is_report: r.is_report,
        body: r.body.clone(),
        year: r.year,
        // X-ITEMS and X-INFORCE: the rows of 上一年项目数量 and 现行有效件数, and 规章, whose
        // columns tell the format.
        t2: Rows::of(&r.tables.t2, |d| {
            d.key == "rules" || d.col("prev_items").is_some() || d.col("in_force").is_some()
        }),
        t3: Rows::of(&r.tables.t3, |d| ["new", "cin", "cout"].contains(&d.key)),
        t4: Rows::of(&r.tables.t4, |d| d.key == "rv"),
        previous: None,
        findings: Vec::new(),
    }
}

/// [`link`] with the digests already made, one per report.
pub fn link_digested(reports: &mut [Skeleton], digests: &[Digest]) {
    link_by(reports, |i| digests[i].clone());
}

/// [`link`] with each report's digest made only when a linked pair needs it (`check` loads
/// the pair's files again): `digest(i)` is the digest of `reports[i]`.
pub fn link_by(reports: &mut [Skeleton], mut digest: impl FnMut(usize) -> Digest) {
    let mut by_key: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if r.error || !r.is_report {
            continue;
        }
        if let (Some(body), Some(year)) = (&r.body, r.year) {
            let key = body_key(body);
            if !key.is_empty() {
                by_key.entry((key, year)).or_default().push(i);
            }
        }
    }
    let mut pairs = Vec::new();
    for ((key, year), idx) in &by_key {
        if idx.len() > 1 {
            // Name a few of the others: an inbox with a body's report copied many times must not
            // make every entry list every other.
            const NAMED: usize = 3;
            // Only the first NAMED + 1 are ever named (each entry names the first NAMED others),
            // so every entry past them says the same.
            let named: Vec<String> = idx
                .iter()
                .take(NAMED + 1)
                .map(|&j| reports[j].path.display().to_string())
                .collect();
            let more = if idx.len() - 1 > NAMED {
                format!(" 等 {} 份", idx.len() - 1)
            } else {
                String::new()
            };
            let message = |at: usize| {
                let others: Vec<&str> = named
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != at)
                    .take(NAMED)
                    .map(|(_, name)| name.as_str())
                    .collect();
                format!(
                    "同一机关同一年度有多份报告（{}{more}） / another report of the same body and year: {}",
                    others.join("、"),
                    others.join(", ")
                )
            };
            let rest = message(named.len());
            for (at, &i) in idx.iter().enumerate() {
                let text = if at < named.len() {
                    message(at)
                } else {
                    rest.clone()
                };
                reports[i]
                    .findings
                    .push(Finding::new(Rule::XTwice, Severity::Warning, text));
            }
            continue;
        }
        if let Some(prev) = by_key.get(&(key.clone(), year - 1))
            && prev.len() == 1
        {
            pairs.push((idx[0], prev[0]));
        }
    }
    pairs.sort_unstable();
    for (this, prev) in pairs {
        let prev_path: PathBuf = reports[prev].path.clone();
        let mut out = Vec::new();
        compare(&reports[this], &reports[prev], &mut out);
        duplicate_text(&digest(this), &digest(prev), &mut out);
        let r = &mut reports[this];
        r.previous = Some(prev_path);
        r.findings.extend(out);
    }
}

/// X-DUP of `this` against `prev` from their digests alone: for callers that link without
/// keeping a report's text (the TUI keeps a [`Digest`] per entry).
pub fn compare_text(this: &Digest, prev: &Digest, out: &mut Vec<Finding>) {
    duplicate_text(this, prev, out);
}

/// The X-* findings of `this` against `prev`, last year's report of the same body.
pub fn compare(this: &Skeleton, prev: &Skeleton, out: &mut Vec<Finding>) {
    let py = prev.year.unwrap_or_default();
    if let (Some(t), Some(p)) = (&this.t3, &prev.t3) {
        carry(t, p, py, out);
        spike(
            this.t3.as_ref(),
            prev.t3.as_ref(),
            "new",
            TableId::T3,
            "一、本年新收",
            out,
        );
    }
    if let (Some(t), Some(p)) = (&this.t4, &prev.t4) {
        spike(Some(t), Some(p), "rv", TableId::T4, "行政复议", out);
    }
    if let (Some(t), Some(p)) = (&this.t2, &prev.t2) {
        items(t, p, py, out);
    }
}

const T3_COLS: [(&str, &str); 7] = [
    ("np", "自然人"),
    ("biz", "商业企业"),
    ("res", "科研机构"),
    ("ngo", "社会公益组织"),
    ("law", "法律服务机构"),
    ("oth", "其他"),
    ("tot", "总计"),
];

fn line(t: &Rows, row: &str, col: &str) -> Option<u32> {
    let r = t.row(row);
    r.and_then(|r| r.cell(col))
        .and_then(|c| c.1)
        .or_else(|| r.and_then(|r| r.label_line))
        .or(t.line)
}

fn carry(t: &Rows, p: &Rows, py: i32, out: &mut Vec<Finding>) {
    for (col, name) in T3_COLS {
        let (Some(cin), Some(cout)) = (t.int("cin", col), p.int("cout", col)) else {
            continue;
        };
        if cin != cout {
            out.push(
                Finding::new(
                    Rule::XCarry,
                    Severity::Error,
                    format!(
                        "二、上年结转 · {name}: 应为 {cout}（= {py}年报告 四、结转下年度继续办理），实为 {cin} / carried in ({name}) should be {cout}, last year's carried over, is {cin}"
                    ),
                )
                .at(TableId::T3, Some("cin"), Some(col))
                .values(Some(cout), Some(cin))
                .line(line(t, "cin", col)),
            );
        }
    }
}

fn spike(
    t: Option<&Rows>,
    p: Option<&Rows>,
    row: &'static str,
    table: TableId,
    label: &str,
    out: &mut Vec<Finding>,
) {
    let (Some(t), Some(p)) = (t, p) else { return };
    let (Some(now), Some(before)) = (t.int(row, "tot"), p.int(row, "tot")) else {
        return;
    };
    // Small counts swing by chance: 1 → 6 says nothing about the report.
    if now.max(before) < 10 || now == 0 || before == 0 {
        return;
    }
    if now > 5 * before || now * 5 < before {
        out.push(
            Finding::new(
                Rule::XSpike,
                Severity::Info,
                format!(
                    "{label} 总计 {now}，上年为 {before}，变化超过五倍，请核实 / {label} total {now} against {before} last year"
                ),
            )
            .at(table, Some(row), Some("tot"))
            .values(Some(before), Some(now))
            .line(line(t, row, "tot")),
        );
    }
}

fn items(t: &Rows, p: &Rows, py: i32, out: &mut Vec<Finding>) {
    let version = |t: &Rows| match t.row("rules").map(|r| r.def.cols[0].key) {
        Some("new_made") => Some(TemplateVersion::V2019),
        Some("issued") => Some(TemplateVersion::V2021),
        _ => None,
    };
    match (version(t), version(p)) {
        (Some(TemplateVersion::V2021), Some(TemplateVersion::V2021)) => {
            for (row, name) in [("rules", "规章"), ("normative_docs", "行政规范性文件")] {
                let (Some(now), Some(issued), Some(repealed), Some(before)) = (
                    t.int(row, "in_force"),
                    t.int(row, "issued"),
                    t.int(row, "repealed"),
                    p.int(row, "in_force"),
                ) else {
                    continue;
                };
                let expected = before + issued - repealed;
                if now != expected {
                    out.push(
                        Finding::new(
                            Rule::XInforce,
                            Severity::Warning,
                            format!(
                                "{name} 现行有效件数: 应为 {expected}（= {py}年 {before} + 本年制发 {issued} − 本年废止 {repealed}），实为 {now} / {name} in force should be {expected}, is {now}"
                            ),
                        )
                        .at(TableId::T2, Some(row), Some("in_force"))
                        .values(Some(expected), Some(now))
                        .line(line(t, row, "in_force")),
                    );
                }
            }
        }
        (Some(TemplateVersion::V2019), Some(TemplateVersion::V2019)) => {
            for row in t.rows.iter().filter(|r| r.def.col("prev_items").is_some()) {
                let key = row.def.key;
                let (Some(now), Some(before), Some(delta)) = (
                    t.int(key, "prev_items"),
                    p.int(key, "prev_items"),
                    p.int(key, "delta"),
                ) else {
                    continue;
                };
                let expected = before + delta;
                if now != expected {
                    out.push(
                        Finding::new(
                            Rule::XItems,
                            Severity::Warning,
                            format!(
                                "{} 上一年项目数量: 应为 {expected}（= {py}年 {before} + 增减 {delta}），实为 {now} / items last year should be {expected}, is {now}",
                                row.def.label
                            ),
                        )
                        .at(TableId::T2, Some(key), Some("prev_items"))
                        .values(Some(expected), Some(now))
                        .line(line(t, key, "prev_items")),
                    );
                }
            }
        }
        _ => {}
    }
}

/// The text of section `number` of `r` (heading line excluded, to the next section's heading).
fn section_text(r: &Report, number: u8) -> Option<(&Section, &str)> {
    let mut sections: Vec<&Section> = r.sections.iter().collect();
    sections.sort_by_key(|s| s.line);
    let i = sections.iter().position(|s| s.number == number)?;
    let from = sections[i].line as usize;
    let to = sections
        .get(i + 1)
        .map_or(r.lines.len(), |s| s.line as usize - 1)
        .min(r.lines.len());
    (to > from).then(|| (sections[i], r.lines.span(from, to)))
}

/// The text's shingles (runs of [`SHINGLE`] letters) as FNV-1a hashes, sorted and unique.
/// Digits and punctuation are left out: a pasted text with this year's numbers is still a
/// pasted text.
fn shingles(text: &str) -> Vec<u64> {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let mut out: Vec<u64> = letters
        .windows(SHINGLE.min(letters.len().max(1)))
        .map(|w| {
            w.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, c| {
                (h ^ u64::from(*c as u32)).wrapping_mul(0x0100_0000_01b3)
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The share of `a` (sorted, unique) found in `b` (sorted, unique).
fn share(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut same) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                same += 1;
                i += 1;
                j += 1;
            }
        }
    }
    same as f64 / a.len().max(1) as f64
}

fn duplicate_text(this: &Digest, prev: &Digest, out: &mut Vec<Finding>) {
    for ((now, before), (number, name)) in
        this.sections.iter().zip(&prev.sections).zip(DUP_SECTIONS)
    {
        let (Some((line, a)), Some((_, b))) = (now, before) else {
            continue;
        };
        let share = share(a, b);
        if share > DUP_SHARE {
            let pct = (share * 100.0).round() as i64;
            out.push(
                Finding::new(
                    Rule::XDup,
                    Severity::Warning,
                    format!(
                        "第{number}部分「{name}」与上年报告 {pct}% 相同 / section {number} is {pct}% the same as last year's"
                    ),
                )
                .values(None, Some(pct))
                .line(Some(*line)),
            );
        }
    }
}

#[cfg(test)]
mod tests;
