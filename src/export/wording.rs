//! The Chinese sentences of the rectification list: every line a notice sends to an office is
//! built here, from the rule registry's wording and the finding's place and values.
//!
//! The auditor's messages are partly English (`表二 extra row … (not a row of the official
//! format)`); a notice uses a message only for its Chinese half (`中文 / English`), and otherwise
//! says what the registry says about the rule.

use super::model::BlankRow;
use crate::model::{Finding, Severity};
use crate::rules::{Bound, Rule};
use crate::template::TableId;

/// Marks a line that asks the office to check rather than to correct.
const WARNING_FLAG: &str = "［提醒］";

fn flag(warning: bool) -> &'static str {
    if warning { WARNING_FLAG } else { "" }
}

/// `表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）`;
/// without a value or a Chinese detail, `表三：表头不完整，…（C-HEADER）`.
pub(super) fn problem(f: &Finding, loc: &str, message: &str) -> String {
    let spec = f.rule.spec();
    let flag = flag(f.severity == Severity::Warning);
    let what = if f.rule == Rule::CBlank {
        Some("空白".to_string())
    } else {
        match (spec.bound, f.expected) {
            (Some(bound), Some(e)) => Some(bounded(bound, e, f.actual)),
            _ => chinese_detail(message, f.table),
        }
    };
    match what {
        Some(what) => format!("{flag}{loc}：{what}（{}：{}）", f.rule, spec.notice),
        None => format!("{flag}{loc}：{}（{}）", spec.notice, f.rule),
    }
}

/// `应为 15，实为 0`, `应不少于 864，实为 12`, `应不超过 30，实为空白`.
fn bounded(bound: Bound, expected: i64, actual: Option<i64>) -> String {
    let should = match bound {
        Bound::Equal => "应为",
        Bound::AtLeast => "应不少于",
        Bound::AtMost => "应不超过",
    };
    match actual {
        Some(a) => format!("{should} {expected}，实为 {a}"),
        None => format!("{should} {expected}，实为空白"),
    }
}

/// The Chinese half of an auditor's message (`缺少第5部分「…」 / section 5 is missing`), without
/// the table or cell name the location already gives; `None` when the message has no Chinese
/// half free of English.
fn chinese_detail(message: &str, table: Option<TableId>) -> Option<String> {
    let (zh, _en) = message.split_once(" / ")?;
    let zh = table.and_then(|t| zh.strip_prefix(t.short())).unwrap_or(zh);
    // Plausibility and cell messages lead with the cell's name (`… · 总计: 「1.5」…`).
    let zh = zh.split_once(": ").map_or(zh, |(_, rest)| rest);
    let zh = zh.trim_matches([' ', ':', '：']);
    let chinese = zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let english = zh.chars().any(|c| c.is_ascii_alphabetic());
    (chinese && !english).then(|| zh.to_string())
}

/// The line for a file that could not be read or is not a report.
pub(super) fn file_problem(rule: Rule) -> String {
    rule.spec().notice.to_string()
}

/// `鄂城区人民政府 2020 年度报告`, `说明.md（年度不详）`.
pub(super) fn title(body: &str, year: Option<i32>) -> String {
    match year {
        Some(y) => format!("{body} {y} 年度报告"),
        None => format!("{body}（年度不详）"),
    }
}

/// One line for all findings of a grouped rule (C-BLANK, C-INFERRED) in one table:
/// `表三 存在 138 个空白单元格（无数据应填 0）：…`.
pub(super) fn summary(
    rule: Rule,
    table: Option<TableId>,
    count: usize,
    rows: &[BlankRow],
    every_row: bool,
    warning_only: bool,
) -> String {
    // Rows with the same blank columns share one clause: a table filled only in 总计
    // reads as one list of rows and one list of columns, not 23 repetitions.
    let mut clauses: Vec<(String, Vec<&str>)> = Vec::new();
    for r in rows {
        let what = if r.whole_row {
            "整行".to_string()
        } else {
            r.column_labels.join("、")
        };
        match clauses.iter_mut().find(|(w, _)| *w == what) {
            Some((_, labels)) => labels.push(&r.row_label),
            None => clauses.push((what, vec![&r.row_label])),
        }
    }
    let name = table.map_or("报告", TableId::short);
    let flag = flag(warning_only);
    let blank = rule == Rule::CBlank;
    let mut text = if blank {
        format!("{flag}{name} 存在 {count} 个空白单元格（无数据应填 0）")
    } else {
        format!("{flag}{name} 有 {count} 行数值无法确定所在列，已推断填入，请按模板逐列填写")
    };
    if every_row && blank && rows.iter().all(|r| r.whole_row) {
        text.push_str("：整表空白");
    } else if every_row && !blank {
        text.push_str("：全表各行");
    } else if every_row && clauses.len() == 1 {
        text.push_str(&format!("：各行的“{}”列", clauses[0].0));
    } else if !clauses.is_empty() {
        let parts: Vec<String> = clauses
            .iter()
            .map(|(what, labels)| match what.as_str() {
                "" => labels.join("，"),
                w => format!("{}（{w}）", labels.join("，")),
            })
            .collect();
        text.push('：');
        text.push_str(&parts.join("；"));
    }
    text
}
