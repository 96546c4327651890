//! 表四 (administrative reconsideration and litigation): one row of fifteen columns, or, as some
//! converters write it, one block of five values per group under the group's own name.

use super::super::tokens::{Kind, TokenView};
use super::keywords::{Segment, segments};
use super::place::{cell_from, no_lone, place, t4_lone};
use std::sync::LazyLock;

use super::{Extracted, Heading, blank_table, headings_missing};
use crate::model::{Finding, Severity, Table, TableId};
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
    static HEADINGS: LazyLock<[(Heading<'static>, usize); 8]> = LazyLock::new(|| {
        [
            ("行政复议", 1),
            ("未经复议直接起诉", 1),
            ("复议后起诉", 1),
            ("结果维持", 3),
            ("结果纠正", 3),
            ("其他结果", 3),
            ("尚未审结", 3),
            ("总计", 3),
        ]
        .map(|(label, want)| (Heading::new(label), want))
    });
    for (heading, want) in HEADINGS.iter() {
        // Counted up to `want`: below it, the count is exact for the message.
        let (label, want) = (heading.label, *want);
        let have = heading.count_up_to(&header_text, want);
        if have < want {
            missing.push(format!("{label} ({have} of {want})"));
        }
    }
    findings.extend(headings_missing(TableId::T4, &missing, table.line));
    if let Some(blocks) = group_blocks(tokens, &segs) {
        return read_blocks(tokens, &blocks, table, findings);
    }
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

/// The group (0 行政复议, 1 未经复议直接起诉, 2 复议后起诉) a piece of label text names, if any.
/// `行政诉讼` alone names none: it heads two groups.
fn group_of(text: &str) -> Option<usize> {
    if text.contains("复议后起诉") {
        Some(2)
    } else if text.contains("未经复议") || text.contains("直接起诉") {
        Some(1)
    } else if text.contains("行政复议") {
        Some(0)
    } else {
        None
    }
}

/// One group's block: the line of its label and the cells between it and the next group label.
struct Block {
    group: usize,
    line: u32,
    cells: Vec<usize>,
}

/// 表四 written as one block per group (a heading or first cell naming the group, maybe a
/// header row 结果维持 | … | 总计, then the group's values), when at least two groups have values
/// after their own label. In the official layout the three group names are all header text
/// above one row of fifteen values, so at most the last of them is followed by values.
fn group_blocks(tokens: &TokenView, segs: &[Segment]) -> Option<Vec<Block>> {
    let mut blocks: Vec<Block> = Vec::new();
    for seg in segs {
        for t in &tokens[seg.text.clone()] {
            let norm = tokens.norm(t);
            if norm.contains('。') {
                continue;
            }
            if let Some(group) = group_of(norm) {
                let same = blocks
                    .last()
                    .is_some_and(|b| b.group == group && b.cells.is_empty());
                if !same {
                    blocks.push(Block {
                        group,
                        line: t.line,
                        cells: Vec::new(),
                    });
                }
            }
        }
        if let Some(b) = blocks.last_mut() {
            b.cells.extend(seg.cells.clone());
        }
    }
    let has_value = |b: &Block| {
        b.cells
            .iter()
            .any(|&i| matches!(tokens[i].kind, Kind::Value(_)))
    };
    let with_values = blocks.iter().filter(|b| has_value(b)).count();
    // A group named twice with values (a repeated table) is not this layout either.
    let mut seen = [false; 3];
    let distinct = blocks.iter().filter(|b| has_value(b)).all(|b| {
        let first = !seen[b.group];
        seen[b.group] = true;
        first
    });
    (with_values >= 2 && distinct).then_some(blocks)
}

/// Fills each group from its own block only: a group without values stays blank rather than
/// borrowing the values under another group's label.
fn read_blocks(
    tokens: &TokenView,
    blocks: &[Block],
    mut table: Table,
    mut findings: Vec<Finding>,
) -> Extracted {
    for b in blocks.iter().filter(|b| {
        b.cells
            .iter()
            .any(|&i| matches!(tokens[i].kind, Kind::Value(_)))
    }) {
        let p = place(tokens, &b.cells, 5, 1, no_lone);
        let row = &mut table.rows[b.group];
        row.label_line = Some(b.line);
        for (c, idx) in p.row(0).iter().enumerate() {
            row.cells[c] = cell_from(tokens, *idx, p.placed(0, true));
        }
        if p.inferred(0) {
            let n = p.row(0).iter().flatten().count();
            findings.push(
                Finding::new(
                    Rule::CInferred,
                    Severity::Warning,
                    format!(
                        "表四 {}: {n} value(s) for 5 columns and the layout does not show which; placed from the left (inferred)",
                        row.def.label
                    ),
                )
                .at(TableId::T4, Some(row.def.key), None)
                .line(Some(b.line)),
            );
        }
    }
    Extracted {
        table: Some(table),
        findings,
    }
}
