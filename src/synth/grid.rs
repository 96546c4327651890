//! The three tables of a spec as a layout-neutral list of captions, header rows and data rows.
//!
//! Every renderer walks the same list, so the labels, the header cells and the value texts are
//! decided once (including the defects that change them: truncated or missing header cells,
//! extra rows, old labels, units) and only the punctuation differs between layouts.

use rust_decimal::Decimal;

use super::spec::{AmountStyle, ReportSpec};
use crate::model::TableId;
use crate::template::{ColDef, ColKind, RowDef, T3_COLS, T4_COLS, TemplateVersion};

/// The note printed in the top-left cell of 表三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// A header cell and the number of value columns it spans (used by Markdown only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    pub text: String,
    pub span: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridItem {
    /// A sub-table heading (`第二十条第（一）项`).
    Caption(String),
    /// Header rows in reading order; an empty text is a spanned or absent cell.
    Header(Vec<Vec<HeaderCell>>),
    /// One data row: an optional group label (`（三）不予公开`), the row label (none for
    /// 表四's single row) and one text per value column (`None` = blank cell).
    Data {
        group: Option<String>,
        label: Option<String>,
        cells: Vec<Option<String>>,
    },
}

#[derive(Debug, Clone)]
pub struct TableIr {
    pub id: TableId,
    /// Label columns before the values (Markdown needs them: 表二 1, 表三 2, 表四 0).
    pub label_cols: usize,
    pub items: Vec<GridItem>,
}

/// ASCII brackets/colons/commas as many web pages print them, or the full-width forms.
pub fn style_label(spec: &ReportSpec, s: &str) -> String {
    let map: &[(char, char)] = &[('(', '（'), (')', '）'), (':', '：'), (',', '，')];
    s.chars()
        .map(|c| {
            for (half, full) in map {
                if spec.halfwidth && c == *full {
                    return *half;
                }
                if !spec.halfwidth && c == *half {
                    return *full;
                }
            }
            c
        })
        .collect()
}

/// The text a report prints for one cell, `None` when the cell is blank. Counts print as
/// integers; amounts follow the spec's unit style (`60721754元`, `7.4890`, `27.88亿`).
pub fn cell_text(spec: &ReportSpec, table: TableId, row: &str, col: &str) -> Option<String> {
    let cell = spec.table(table).cell(row, col)?;
    let n = cell.value.as_ref()?;
    let def = spec
        .version
        .get()
        .row(table, row)
        .and_then(|(_, r)| r.col(col))
        .map(|(_, c)| c);
    if def.is_some_and(|c| c.kind == ColKind::Amount) {
        let text = amount_text(spec, row, n.value);
        return Some(if spec.as_written {
            three_decimals(&text)
        } else {
            text
        });
    }
    Some(match n.as_int() {
        Some(i) if spec.as_written && col == "delta" => signed_change(spec, row, i),
        Some(i) if spec.as_written => thousands(i),
        Some(i) => i.to_string(),
        None => n.value.to_string(),
    })
}

/// A bare 万元 amount with three decimals when that loses no digit: `7.489`, `12.500`;
/// whole amounts, amounts with a unit and amounts with more decimals stay as they are.
fn three_decimals(text: &str) -> String {
    match text.parse::<Decimal>() {
        Ok(v) if (1..=3).contains(&v.normalize().scale()) => {
            let mut v = v.normalize();
            v.rescale(3);
            v.to_string()
        }
        _ => text.to_string(),
    }
}

/// A count with thousands separators: `1,036`, `-12,000`.
fn thousands(i: i64) -> String {
    let digits = i.unsigned_abs().to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if i < 0 { format!("-{out}") } else { out }
}

/// 本年增/减 as reports write it, chosen per report and row: `增3` or `+3`, `减4` or `-4`.
fn signed_change(spec: &ReportSpec, row: &str, i: i64) -> String {
    let words = (spec.seed ^ row.bytes().map(u64::from).sum::<u64>()).is_multiple_of(2);
    match (i.signum(), words) {
        (0, _) => "0".to_string(),
        (1, true) => format!("增{}", thousands(i)),
        (1, false) => format!("+{}", thousands(i)),
        (_, true) => format!("减{}", thousands(-i)),
        (_, false) => thousands(i),
    }
}

fn amount_text(spec: &ReportSpec, row: &str, v: Decimal) -> String {
    if row == "fees" {
        // 2021 (八) is in 万元 by its header; the defect writes it out in 元.
        return if spec.fee_in_yuan {
            format!("{}元", (v * Decimal::from(10_000)).normalize())
        } else {
            v.to_string()
        };
    }
    match spec.amount_style {
        AmountStyle::Yuan => format!("{v}元"),
        AmountStyle::Yi => format!("{v}亿"),
        AmountStyle::WanHeader | AmountStyle::Bare => v.to_string(),
    }
}

fn header_label(spec: &ReportSpec, row: &RowDef, col: &ColDef) -> String {
    let text = match (row.key, col.key) {
        ("procurement", "amount") if spec.amount_style == AmountStyle::WanHeader => {
            "采购总金额（单位：万元）"
        }
        (_, "new_made" | "new_published") if spec.truncated_headers => "本年新",
        (_, "issued") if spec.truncated_headers => "本年制发",
        (_, "repealed") if spec.truncated_headers => "本年废止",
        _ => col.label,
    };
    style_label(spec, text)
}

fn hc(text: impl Into<String>, span: usize) -> HeaderCell {
    HeaderCell {
        text: text.into(),
        span,
    }
}

fn row_label(spec: &ReportSpec, row: &RowDef) -> String {
    if spec.old_labels && row.key == "normative_docs" {
        return style_label(spec, "规范性文件");
    }
    style_label(spec, row.label)
}

/// 表二: one caption, header and data rows per `第二十条` item.
pub fn t2(spec: &ReportSpec) -> TableIr {
    let rows = spec.version.get().t2;
    let mut items = Vec::new();
    let mut current: Option<&str> = None;
    for row in rows {
        if row.item != current {
            current = row.item;
            items.push(GridItem::Caption(style_label(spec, row.item.unwrap_or(""))));
            let mut header = vec![hc(style_label(spec, "信息内容"), 1)];
            header.extend(row.cols.iter().map(|c| hc(header_label(spec, row, c), 1)));
            items.push(GridItem::Header(vec![header]));
        }
        items.push(GridItem::Data {
            group: None,
            label: Some(row_label(spec, row)),
            cells: row
                .cols
                .iter()
                .map(|c| cell_text(spec, TableId::T2, row.key, c.key))
                .collect(),
        });
        if row.key == "normative_docs"
            && let Some(extra) = spec.extra_row
        {
            items.push(GridItem::Data {
                group: None,
                label: Some(style_label(spec, "其他主动公开文件")),
                cells: extra.iter().map(|v| Some(v.to_string())).collect(),
            });
        }
    }
    TableIr {
        id: TableId::T2,
        label_cols: 1,
        items,
    }
}

/// The group label printed before a 表三 row, if the row opens a group.
pub fn t3_group(version: TemplateVersion, key: &str) -> Option<&'static str> {
    match key {
        "r1" => Some("三、本年度办理结果"),
        "r3_1" => Some("（三）不予公开"),
        "r4_1" => Some("（四）无法提供"),
        "r5_1" => Some("（五）不予处理"),
        "r6_1" if version == TemplateVersion::V2021 => Some("（六）其他处理"),
        _ => None,
    }
}

/// 表三: the three header rows of the official form, then one data row per template row.
pub fn t3(spec: &ReportSpec) -> TableIr {
    let drop = |label: &'static str| -> String {
        let dropped =
            spec.missing_header_cells && matches!(label, "法律服务机构" | "其他" | "总计");
        if dropped {
            String::new()
        } else {
            label.to_string()
        }
    };
    let header = vec![
        vec![hc(style_label(spec, T3_NOTE), 2), hc("申请人情况", 7)],
        vec![
            hc("", 2),
            hc("自然人", 1),
            hc("法人或其他组织", 5),
            hc(drop("总计"), 1),
        ],
        vec![
            hc("", 3),
            hc("商业企业", 1),
            hc("科研机构", 1),
            hc("社会公益组织", 1),
            hc(drop("法律服务机构"), 1),
            hc(drop("其他"), 1),
            hc("", 1),
        ],
    ];
    let mut items = vec![GridItem::Header(header)];
    // The rows of the spec's table: the template's, or the 2019 ones of a mixed report.
    for row in spec.t3.rows.iter().map(|r| r.def) {
        items.push(GridItem::Data {
            group: t3_group(spec.version, row.key).map(|g| style_label(spec, g)),
            label: Some(style_label(spec, row.label)),
            cells: T3_COLS
                .iter()
                .map(|c| cell_text(spec, TableId::T3, row.key, c.key))
                .collect(),
        });
    }
    TableIr {
        id: TableId::T3,
        label_cols: 2,
        items,
    }
}

/// 表四: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), five parts each, one data row.
pub fn t4(spec: &ReportSpec) -> TableIr {
    let parts = || T4_COLS.iter().map(|c| hc(c.label, 1)).collect::<Vec<_>>();
    let mut row1 = parts();
    row1.push(hc("未经复议直接起诉", 5));
    row1.push(hc("复议后起诉", 5));
    let mut row2 = vec![hc("", 5)];
    row2.extend(parts());
    row2.extend(parts());
    let header = vec![vec![hc("行政复议", 5), hc("行政诉讼", 10)], row1, row2];
    let cells = ["rv", "ld", "lr"]
        .iter()
        .flat_map(|g| T4_COLS.iter().map(move |c| (*g, c.key)))
        .map(|(g, c)| cell_text(spec, TableId::T4, g, c))
        .collect();
    TableIr {
        id: TableId::T4,
        label_cols: 0,
        items: vec![
            GridItem::Header(header),
            GridItem::Data {
                group: None,
                label: None,
                cells,
            },
        ],
    }
}

pub fn table(spec: &ReportSpec, id: TableId) -> TableIr {
    match id {
        TableId::T2 => t2(spec),
        TableId::T3 => t3(spec),
        TableId::T4 => t4(spec),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::spec::ReportSpec;

    #[test]
    fn amounts_keep_their_written_units() {
        let mut spec = ReportSpec::consistent(3, TemplateVersion::V2019, 2020);
        super::super::spec::set_amount(
            &mut spec.t2,
            "procurement",
            "amount",
            Decimal::from(60_721_754),
            "元",
        );
        spec.amount_style = AmountStyle::Yuan;
        assert_eq!(
            cell_text(&spec, TableId::T2, "procurement", "amount").as_deref(),
            Some("60721754元")
        );
        super::super::spec::set_amount(
            &mut spec.t2,
            "procurement",
            "amount",
            Decimal::new(74890, 4),
            "万元",
        );
        spec.amount_style = AmountStyle::WanHeader;
        assert_eq!(
            cell_text(&spec, TableId::T2, "procurement", "amount").as_deref(),
            Some("7.4890")
        );
        let t2 = t2(&spec);
        assert!(t2.items.iter().any(|i| matches!(i, GridItem::Header(h)
            if h[0].iter().any(|c| c.text.contains("万元")))));
        spec.t2.set("licensing", "delta", Some(-27));
        assert_eq!(
            cell_text(&spec, TableId::T2, "licensing", "delta").as_deref(),
            Some("-27")
        );
    }

    #[test]
    fn halfwidth_labels_use_ascii_brackets() {
        let mut spec = ReportSpec::consistent(3, TemplateVersion::V2021, 2022);
        spec.halfwidth = true;
        assert_eq!(style_label(&spec, "（一）予以公开"), "(一)予以公开");
        spec.halfwidth = false;
        assert_eq!(style_label(&spec, "第二十条第(一)项"), "第二十条第（一）项");
    }

    #[test]
    fn t3_has_one_data_row_per_template_row_with_groups_where_they_open() {
        for v in [TemplateVersion::V2019, TemplateVersion::V2021] {
            let spec = ReportSpec::consistent(5, v, 2020);
            let ir = t3(&spec);
            let data: Vec<_> = ir
                .items
                .iter()
                .filter_map(|i| match i {
                    GridItem::Data { group, .. } => Some(group.clone()),
                    _ => None,
                })
                .collect();
            assert_eq!(data.len(), v.get().t3.len());
            assert_eq!(
                data.iter().flatten().count(),
                if v == TemplateVersion::V2019 { 4 } else { 5 }
            );
        }
    }
}
