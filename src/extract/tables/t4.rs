//! 表四 (administrative reconsideration and litigation): one row of fifteen columns.

use super::super::tokens::{Kind, TokenView};
use super::keywords::{Segment, segments};
use super::place::{cell_from, place, t4_lone};
use super::{Extracted, blank_table, headings_missing};
use crate::model::{Finding, Severity, TableId};
use crate::rules::Rule;
use crate::template::TemplateVersion;

pub(super) const T4_HEADER_WORDS: &[&str] = &[
    "结果",
    "维持",
    "纠正",
    "审结",
    "总计",
    "行政复议",
    "行政诉讼",
    "起诉",
    "尚未",
];

/// Reads 表四: one data row of 15 cells under a three-level header.
pub fn read_t4(
    tokens: &TokenView,
    range: std::ops::Range<usize>,
    version: TemplateVersion,
) -> Extracted {
    let segs: Vec<Segment> = segments(tokens, range.clone()).collect();
    let is_header = |s: &Segment| {
        let joined = tokens.joined_norm(s.text.clone());
        T4_HEADER_WORDS.iter().any(|w| joined.contains(w))
    };
    // The data row follows the last header text; an unlabelled table starts at its first cells.
    let last_header = segs
        .iter()
        .rposition(|s| !s.text.is_empty() && is_header(s));
    // A table with its headings but no values (an unfilled template) is a table of blank
    // cells; without headings, only cells holding values make a table.
    let has_value = |seg: &Segment| {
        tokens[seg.cells.clone()]
            .iter()
            .any(|t| matches!(t.kind, Kind::Value(_)))
    };
    let data: Option<&Segment> = match last_header {
        Some(i) => Some(&segs[i]),
        None => segs.iter().find(|s| has_value(s)),
    };
    let Some(data) = data else {
        return Extracted {
            table: None,
            findings: Vec::new(),
        };
    };
    let mut table = blank_table(version, TableId::T4);
    table.line = tokens.get(range.start).map(|t| t.line);
    let header_text: String = segs
        .iter()
        .take(last_header.map_or(0, |i| i + 1))
        .flat_map(|s| &tokens[s.text.clone()])
        .map(|t| tokens.norm(t))
        .collect();
    let mut findings = Vec::new();
    let mut missing = Vec::new();
    for (label, want) in [
        ("行政复议", 1),
        ("未经复议直接起诉", 1),
        ("复议后起诉", 1),
        ("结果维持", 3),
        ("结果纠正", 3),
        ("其他结果", 3),
        ("尚未审结", 3),
        ("总计", 3),
    ] {
        let have = header_text.matches(label).count();
        if have < want {
            missing.push(format!("{label} ({have} of {want})"));
        }
    }
    findings.extend(headings_missing(TableId::T4, &missing, table.line));
    let data_cells: Vec<usize> = data.cells.clone().collect();
    let p = place(tokens, &data_cells, 15, 1, t4_lone);
    for (j, idx) in p.row(0).iter().enumerate() {
        let row = &mut table.rows[j / 5];
        row.cells[j % 5] = cell_from(tokens, *idx, p.placed(0, true));
        if row.label_line.is_none() {
            row.label_line = idx.map(|i| tokens[i].line);
        }
    }
    if p.inferred(0) {
        let n = p.row(0).iter().flatten().count();
        let placed: Vec<String> = p
            .row(0)
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_some())
            .map(|(j, _)| {
                let r = &table.rows[j / 5].def;
                format!("{}·{}", r.short, r.cols[j % 5].label)
            })
            .collect();
        findings.push(
            Finding::new(
                Rule::CInferred,
                Severity::Warning,
                format!(
                    "表四: {n} value(s) for 15 cells and the layout does not show which; placed in {} (inferred)",
                    placed.join("、")
                ),
            )
            .at(TableId::T4, None, None)
            .line(data_cells.first().map(|i| tokens[*i].line)),
        );
    }
    Extracted {
        table: Some(table),
        findings,
    }
}
