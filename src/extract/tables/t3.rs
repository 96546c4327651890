//! 表三 (requests received and how they were answered): one row per outcome, one column per
//! kind of applicant.

use super::super::tokens::TokenView;
use super::keywords::{Anchor, Scratch, T3_SET, match_keys, segments};
use super::place::{distribute, t3_lone};
use super::{Extracted, blank_table, headings_missing, row_index};
use crate::model::{Finding, TableId};
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

pub(super) fn check_t3_header(text: &str, line: Option<u32>, findings: &mut Vec<Finding>) {
    let required = [
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ];
    // `其他` is also inside `法人或其他组织`: look for it with the group heading taken out.
    let rest = text.replace("法人或其他组织", "法人或组织");
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|l| !text.contains(l) || (*l == "其他" && !rest.contains(l)))
        .collect();
    findings.extend(headings_missing(TableId::T3, &missing, line));
}
