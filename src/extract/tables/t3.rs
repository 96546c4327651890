//! 表三 (requests received and how they were answered): one row per outcome, one column per
//! kind of applicant.

use super::super::tokens::{Kind, TokenView};
use super::keywords::{Anchor, Scratch, T3_SET, match_keys, segments};
use super::place::{distribute, t3_lone};
use std::sync::LazyLock;

use super::{Extracted, Heading, blank_table, headings_missing, row_index};
use crate::model::{Finding, Severity, TableId};
use crate::rules::Rule;
use crate::template::TemplateVersion;

/// Reads 表三 from `range` of the token stream.
pub fn read_t3(
    tokens: &TokenView,
    range: std::ops::Range<usize>,
    version: TemplateVersion,
) -> Extracted {
    let defs = version.get().t3;
    let mut anchors: Vec<Anchor> = Vec::new();
    // The cells of every anchor, in order (only the last anchor takes cells).
    let mut cells: Vec<usize> = Vec::new();
    let mut first_label: Option<usize> = None;
    let mut scratch = Scratch::default();
    for seg in segments(tokens, range.clone()) {
        let keys: &[(&str, usize)] = if seg.text.is_empty() {
            &[]
        } else {
            match_keys(
                tokens,
                seg.text,
                &T3_SET,
                version,
                TableId::T3,
                !anchors.is_empty(),
                &mut scratch,
            )
        };
        for &(key, tok) in keys {
            let Some(row) = row_index(defs, key) else {
                continue;
            };
            match anchors.last_mut() {
                Some(last) if last.row == row && last.cells.is_empty() => {}
                Some(last) if last.row >= row => {}
                _ => {
                    first_label.get_or_insert(tok);
                    anchors.push(Anchor {
                        row,
                        line: tokens[tok].line,
                        cells: cells.len()..cells.len(),
                    })
                }
            }
        }
        if let Some(last) = anchors.last_mut() {
            cells.extend(seg.cells);
            last.cells.end = cells.len();
        }
    }
    if anchors.is_empty() {
        return Extracted {
            table: None,
            findings: Vec::new(),
        };
    }
    if version == TemplateVersion::V2021
        && let Some(line) = keeps_2019_other_row(tokens, &range, defs, &anchors, &cells)
    {
        return read_mixed(tokens, range, line);
    }
    let mut table = blank_table(version, TableId::T3);
    table.line = tokens.get(range.start).map(|t| t.line);
    let mut findings = Vec::new();
    // Column headings are the text between the region start and the first row label.
    let header_text: String = tokens[range.start..first_label.unwrap_or(range.start)]
        .iter()
        .filter(|t| !t.is_cell())
        .map(|t| tokens.norm(t))
        .collect();
    check_t3_header(&header_text, table.line, &mut findings);
    distribute(
        tokens,
        &anchors,
        &cells,
        &mut table,
        defs.len(),
        t3_lone,
        &mut findings,
    );
    Extracted {
        table: Some(table),
        findings,
    }
}

/// Whether a 2021-format 表三 keeps the 2019 single row （六）其他处理: its label (without the
/// 2021 sub-row words) is followed by at most one row of cells and then by （七）总计, and no
/// 2021 sub-row of （六） is named anywhere in the table. Read on the 2021 grid, that row would
/// be filed as （六）1 and the two rows after it reported blank. Returns the row's line.
fn keeps_2019_other_row(
    tokens: &TokenView,
    range: &std::ops::Range<usize>,
    defs: &[crate::template::RowDef],
    anchors: &[Anchor],
    cells: &[usize],
) -> Option<u32> {
    let r6_1 = row_index(defs, "r6_1")?;
    let r7 = row_index(defs, "r7")?;
    let at = anchors.iter().position(|a| a.row == r6_1)?;
    let next_is_total = anchors.get(at + 1).is_some_and(|n| n.row == r7);
    // Values only: a layout's empty label cells (a Markdown group column) are blank cells.
    let values = cells[anchors[at].cells.clone()]
        .iter()
        .filter(|&&i| matches!(tokens[i].kind, Kind::Value(_)))
        .count();
    let one_row = values <= defs[r6_1].cols.len();
    // Any word of a 2021 sub-row label (or a later sub-row anchor) means the 2021 rows are there.
    let text = tokens.joined_norm(range.clone());
    let sub_rows_named = ["逾期不补正", "收费通知", "缴纳费用", "不再处理"]
        .iter()
        .any(|w| text.contains(w))
        || anchors.iter().any(|a| a.row > r6_1 && a.row < r7);
    let six_label = text.contains("其他处理") || text.contains("六)其他");
    (next_is_total && one_row && !sub_rows_named && six_label).then_some(anchors[at].line)
}

/// Reads a 2021-format 表三 that keeps the 2019 single row （六）其他处理 on the 2019 grid, so
/// that row is the （六） total the sums use, and says once that the table mixes the formats.
fn read_mixed(tokens: &TokenView, range: std::ops::Range<usize>, line: u32) -> Extracted {
    let mut e = read_t3(tokens, range, TemplateVersion::V2019);
    e.findings.push(
        Finding::new(
            Rule::VMixed,
            Severity::Warning,
            "表三 keeps the 2019 single row （六）其他处理 in a 2021-format report: read as the \
             （六） total and checked as such; its 2021 sub-rows 1.逾期不补正, 2.逾期未缴费 and \
             3.其他 are not reported separately",
        )
        .at(TableId::T3, Some("r6"), None)
        .line(Some(line)),
    );
    e
}

pub(super) fn check_t3_header(text: &str, line: Option<u32>, findings: &mut Vec<Finding>) {
    static REQUIRED: LazyLock<[Heading<'static>; 8]> = LazyLock::new(|| {
        [
            "自然人",
            "法人或其他组织",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ]
        .map(Heading::new)
    });
    // `其他` is also inside `法人或其他组织`: look for it with the group heading taken out.
    let rest = text.replace("法人或其他组织", "法人或组织");
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|h| h.count_up_to(text, 1) == 0 || (h.label == "其他" && !rest.contains(h.label)))
        .map(|h| h.label)
        .collect();
    findings.extend(headings_missing(TableId::T3, &missing, line));
}
