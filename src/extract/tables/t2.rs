//! 表二 (information made public on the office's own initiative): rows of documents, licences,
//! penalties and charges, with the units their headers give.

use super::super::tokens::{Kind, TokenView};
use super::keywords::{Scratch, T2_SET, match_keys, segments};
use super::place::{cell_from, no_lone, place};
use super::{Extracted, blank_table, row_index};
use crate::model::{ExtraRow, Finding, Placed, Severity, Table, TableId};
use crate::rules::Rule;
use crate::template::{ColKind, TemplateVersion};

/// Reads 表二: sub-tables whose rows each have their own columns.
pub fn read_t2(
    tokens: &TokenView,
    range: std::ops::Range<usize>,
    version: TemplateVersion,
) -> Extracted {
    let defs = version.get().t2;
    let mut table = blank_table(version, TableId::T2);
    table.line = tokens.get(range.start).map(|t| t.line);
    let mut findings = Vec::new();
    let mut found = false;
    let mut text = String::new();
    let mut scratch = Scratch::default();
    let mut seg_cells: Vec<usize> = Vec::new();
    // The official row read last: an extra row is shown after it.
    let mut last_row: Option<usize> = None;
    for seg in segments(tokens, range.clone()) {
        let last_key = if seg.text.is_empty() {
            None
        } else {
            let keys = match_keys(
                tokens,
                seg.text.clone(),
                &T2_SET,
                version,
                TableId::T2,
                false,
                &mut scratch,
            );
            keys.last().copied()
        };
        for t in &tokens[seg.text] {
            text.push_str(tokens.norm(t));
        }
        // Cells belong to the last row label of the run just before them.
        let Some((key, tok)) = last_key else {
            continue;
        };
        seg_cells.clear();
        seg_cells.extend(seg.cells);
        let seg_cells = &seg_cells[..];
        let line = tokens[tok].line;
        if key == "normative_docs" {
            check_normative_label(tokens.norm(&tokens[tok]), version, line, &mut findings);
        }
        match row_index(defs, key) {
            Some(r) if table.rows[r].label_line.is_none() => {
                found = true;
                last_row = Some(r);
                let ncols = defs[r].cols.len();
                let p = place(tokens, seg_cells, ncols, 1, no_lone);
                let row = &mut table.rows[r];
                row.label_line = Some(line);
                for (c, idx) in p.row(0).iter().enumerate() {
                    row.cells[c] = cell_from(tokens, *idx, p.placed(0, true));
                }
                if p.inferred(0) {
                    findings.push(
                        Finding::new(
                            Rule::CInferred,
                            Severity::Warning,
                            format!(
                                "表二 {}: {} cell(s) for {} columns; placed from the left (inferred)",
                                row.def.label,
                                seg_cells.len(),
                                ncols
                            ),
                        )
                        .at(TableId::T2, Some(row.def.key), None)
                        .line(Some(line)),
                    );
                }
            }
            Some(_) => {}
            None => {
                let values: Vec<&str> = seg_cells
                    .iter()
                    .filter(|i| matches!(tokens[**i].kind, Kind::Value(_)))
                    .map(|i| tokens.raw(&tokens[*i]))
                    .collect();
                let why = if key == "other_docs" {
                    "not a row of the official format".to_string()
                } else {
                    format!(
                        "a row of the other official format, not of the {} format",
                        version.as_str()
                    )
                };
                findings.push(
                    Finding::new(
                        Rule::CExtraRow,
                        Severity::Warning,
                        format!(
                            "表二 extra row {} ({why}); values {}",
                            tokens.raw(&tokens[tok]),
                            if values.is_empty() {
                                "none".to_string()
                            } else {
                                values.join(", ")
                            }
                        ),
                    )
                    .at(TableId::T2, None, None)
                    .line(Some(line)),
                );
                table.extra.push(ExtraRow {
                    label: tokens.raw(&tokens[tok]).to_string(),
                    cells: seg_cells
                        .iter()
                        .filter(|i| matches!(tokens[**i].kind, Kind::Value(_)))
                        .map(|i| cell_from(tokens, Some(*i), Placed::Read))
                        .collect(),
                    line,
                    after: last_row,
                });
            }
        }
    }
    if !found {
        return Extracted {
            table: None,
            findings: Vec::new(),
        };
    }
    check_t2_header(&text, version, table.line, &mut findings);
    apply_header_units(&mut table, &text);
    Extracted {
        table: Some(table),
        findings,
    }
}

/// An amount written without a unit takes the unit its column heading states
/// (`采购总金额(单位:万元)`, `本年收费金额(单位:万元)`), so the value keeps its meaning.
pub(super) fn apply_header_units(table: &mut Table, header_text: &str) {
    for row in &mut table.rows {
        for (col, cell) in row.def.cols.iter().zip(row.cells.iter_mut()) {
            if col.kind != ColKind::Amount {
                continue;
            }
            let stem: String = col.label.chars().take_while(|c| *c != '(').collect();
            let unit = header_text.find(&stem).and_then(|p| {
                let after = &header_text[p + stem.len()..];
                let inner = after.strip_prefix("(单位:")?;
                let end = inner.find(')')?;
                Some(inner[..end].to_string()).filter(|u| !u.is_empty() && u.chars().count() <= 4)
            });
            if let (Some(n), Some(u)) = (cell.value.as_mut(), unit)
                && n.unit.is_none()
            {
                n.unit = Some(u);
            }
        }
    }
}

pub(super) fn check_normative_label(
    norm: &str,
    version: TemplateVersion,
    line: u32,
    findings: &mut Vec<Finding>,
) {
    let modern = norm.contains("行政规范性文件");
    let msg = match (version, modern) {
        (TemplateVersion::V2021, false) => {
            "表二 uses the 2019 label 规范性文件; the 2021 format says 行政规范性文件"
        }
        (TemplateVersion::V2019, true) => {
            "表二 uses the 2021 label 行政规范性文件 in a 2019-format table"
        }
        _ => return,
    };
    findings.push(
        Finding::new(Rule::VLabel, Severity::Warning, msg)
            .at(TableId::T2, Some("normative_docs"), None)
            .line(Some(line)),
    );
}

pub(super) fn check_t2_header(
    text: &str,
    version: TemplateVersion,
    line: Option<u32>,
    findings: &mut Vec<Finding>,
) {
    let required: &[&str] = match version {
        TemplateVersion::V2019 => &[
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
            "上一年项目数量",
            "本年增/减",
            "处理决定数量",
            "采购项目数量",
            "采购总金额",
        ],
        TemplateVersion::V2021 => &[
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "本年处理决定数量",
            "本年收费金额",
        ],
    };
    for label in required {
        if text.contains(label) {
            continue;
        }
        // A heading cut short (`本年新` for 本年新公开数量) reads as a prefix of the label.
        let cut: String = label.chars().take(3).collect();
        let msg = if text.contains(&cut) {
            format!("表二 column heading {label} is truncated (only {cut}… found)")
        } else {
            format!("表二 column heading {label} not found")
        };
        findings.push(
            Finding::new(Rule::CHeader, Severity::Warning, msg)
                .at(TableId::T2, None, None)
                .line(line),
        );
    }
}
