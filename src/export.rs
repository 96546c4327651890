//! The rectification list (整改清单): what is still wrong with each report, in words an inspector
//! can send back to the submitting office.
//!
//! Per report: issuing body, year, file, triage status and note (from the [`Store`]), then every
//! open finding: not dismissed and not `Info`. Each finding is named by the template's table, row
//! and column *labels* (`表三（七）总计·自然人`), never by keys, with expected against actual
//! values. Three forms share one intermediate list:
//! - CSV: one row per open finding, report fields repeated (a report with nothing open still gets
//!   one row, so its status and note are exported);
//! - JSON: structured, with keys and labels, dismissals and a per-table blank-cell summary;
//! - Markdown: the text of a notice: per report a heading, status, note, and a numbered list of
//!   problems grouped by table, with blank cells (C-BLANK) summarised per table and row.
//!
//! [`run`] is `gouji export DIR --format csv|json|md [-o FILE]`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::audit::AuditConfig;
use crate::catalog;
use crate::model::{Finding, Report, Severity};
use crate::sanitize::clean;
use crate::state::{self, Status, Store, View};
use crate::template::{
    RowDef, T2_EXTRA_OTHER_DOCS, T3_COLS, T4_COLS, TableId, TemplateVersion, t3_groups,
};

/// Output form of the rectification list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Md,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
        }
    }
}

/// The rectification list of `reports` in `format`. The triage status of each report is looked
/// up by its path and the hash of the file as it is on disk now.
pub fn export(reports: &[Report], store: &Store, format: Format) -> String {
    export_with(reports, |r| state::hash_file(&r.path).ok(), store, format)
}

/// [`export`] with the content hashes supplied by the caller (the TUI keeps them), so nothing is
/// read from disk. `hash_of` returns `None` for a file that could not be read.
pub fn export_with(
    reports: &[Report],
    hash_of: impl Fn(&Report) -> Option<String>,
    store: &Store,
    format: Format,
) -> String {
    render(&items(reports, hash_of, store), format)
}

fn items(
    reports: &[Report],
    hash_of: impl Fn(&Report) -> Option<String>,
    store: &Store,
) -> Vec<Item> {
    reports
        .iter()
        .map(|r| Item::build(r, hash_of(r), store))
        .collect()
}

fn render(list: &[Item], format: Format) -> String {
    match format {
        Format::Csv => to_csv(list),
        Format::Json => to_json(list),
        Format::Md => to_markdown(list),
    }
}

// ---- the intermediate list --------------------------------------------------------------------

/// One open finding, with labels resolved.
#[derive(Debug, Serialize)]
struct Problem {
    key: String,
    rule: &'static str,
    severity: Severity,
    table: Option<TableId>,
    row: Option<&'static str>,
    column: Option<&'static str>,
    table_label: Option<&'static str>,
    row_label: Option<String>,
    column_label: Option<&'static str>,
    expected: Option<i64>,
    actual: Option<i64>,
    line: Option<u32>,
    /// The sentence for the notice (`表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：…）`).
    text: String,
    /// The auditor's own message.
    message: String,
}

/// The findings of one rule in one table, summarised row by row (blank cells, inferred columns).
#[derive(Debug, Serialize)]
struct Summary {
    rule: &'static str,
    table: Option<TableId>,
    count: usize,
    /// Row label → blank column labels, in template order.
    rows: Vec<BlankRow>,
    text: String,
}

#[derive(Debug, Serialize)]
struct BlankRow {
    row_label: String,
    column_labels: Vec<&'static str>,
    whole_row: bool,
}

#[derive(Debug, Serialize)]
struct DismissedOut {
    key: String,
    rule: &'static str,
    reason: String,
    at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize)]
struct Item {
    path: String,
    /// The path as the store keys it: relative to the inbox when inside it.
    key: String,
    body: Option<String>,
    year: Option<i32>,
    template: Option<TemplateVersion>,
    hash: Option<String>,
    status: Status,
    status_label: &'static str,
    note: String,
    /// Why the file could not be read, if it could not.
    error: Option<String>,
    /// False when the file was read but holds no section headings or tables of a report.
    is_report: bool,
    problems: Vec<Problem>,
    blank_cells: Vec<Summary>,
    dismissed: Vec<DismissedOut>,
}

impl Item {
    fn build(report: &Report, hash: Option<String>, store: &Store) -> Item {
        let view: Option<View> = hash.as_deref().map(|h| store.entry(&report.path, h));
        let keys = state::finding_keys(&report.findings);
        let version = report.template;
        let mut problems = Vec::new();
        let mut dismissed = Vec::new();
        for (f, key) in report.findings.iter().zip(keys) {
            if f.severity == Severity::Info {
                continue;
            }
            if let Some(d) = view.as_ref().and_then(|v| v.dismissal(&key)) {
                dismissed.push(DismissedOut {
                    key,
                    rule: f.rule,
                    reason: d.reason.clone(),
                    at: d.at,
                });
                continue;
            }
            problems.push(Problem::build(f, key, version));
        }
        let blank_cells = summarise(&problems, "C-BLANK", version);
        Item {
            path: clean(&report.path.display().to_string()),
            key: store.key(&report.path),
            body: report.body.clone(),
            year: report.year,
            template: report.template,
            hash,
            status: view.as_ref().map_or(Status::Unreviewed, |v| v.status),
            status_label: view
                .as_ref()
                .map_or(Status::Unreviewed, |v| v.status)
                .label_zh(),
            note: view.map(|v| v.note).unwrap_or_default(),
            error: report.error.clone(),
            is_report: report.is_report,
            problems,
            blank_cells,
            dismissed,
        }
    }

    /// A problem with the file as a whole, listed first: (rule, sentence, detail).
    fn file_problem(&self) -> Option<(&'static str, String, String)> {
        match &self.error {
            Some(e) => Some(("E-READ", format!("文件无法读取：{}", clean(e)), clean(e))),
            None if !self.is_report => Some((
                "E-NOT-REPORT",
                "未识别为政府信息公开工作年度报告（未找到六个部分的标题或统计表）".to_string(),
                "no section headings or statistical tables found".to_string(),
            )),
            None => None,
        }
    }

    fn title(&self) -> String {
        let body = self.body.as_deref().map(clean).unwrap_or_else(|| {
            Path::new(&self.path)
                .file_name()
                .map_or(self.path.clone(), |n| n.to_string_lossy().into_owned())
        });
        match self.year {
            Some(y) => format!("{body} {y} 年度报告"),
            None => format!("{body}（年度不详）"),
        }
    }
}

impl Problem {
    fn build(f: &Finding, key: String, version: Option<TemplateVersion>) -> Problem {
        let row_label = f.table.zip(f.row).map(|(t, r)| row_label(version, t, r));
        let column_label = f.table.zip(f.column).and_then(|(t, c)| {
            let row = f.row.and_then(|r| row_def(version, t, r));
            col_label(row, t, c)
        });
        let loc = location(f.table, row_label.as_deref(), column_label, f.line);
        let message = clean(&f.message);
        // Extraction messages start with the table name, which the location already gives.
        let said = f
            .table
            .and_then(|t| message.strip_prefix(t.short()))
            .map_or(message.as_str(), |m| m.trim_start_matches([' ', ':', '：']));
        let what = if f.rule == "C-BLANK" {
            "空白".to_string()
        } else {
            match (f.expected, f.actual) {
                (Some(e), Some(a)) => format!("应为 {e}，实为 {a}"),
                (Some(e), None) => format!("应为 {e}，实为空白"),
                (None, Some(a)) => format!("实为 {a}；{said}"),
                (None, None) => said.to_string(),
            }
        };
        let why = match rule_zh(f.rule) {
            Some(w) => format!("{}：{w}", f.rule),
            None => f.rule.to_string(),
        };
        let flag = if f.severity == Severity::Warning {
            "［提醒］"
        } else {
            ""
        };
        Problem {
            key,
            rule: f.rule,
            severity: f.severity,
            table: f.table,
            row: f.row,
            column: f.column,
            table_label: f.table.map(TableId::title),
            row_label,
            column_label,
            expected: f.expected,
            actual: f.actual,
            line: f.line,
            text: format!("{flag}{loc}：{what}（{why}）"),
            message,
        }
    }
}

/// What a rule checks, in the words of a notice.
fn rule_zh(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "T3-ID" => {
            "本列“一、本年新收”与“二、上年结转”之和应等于“（七）总计”与“四、结转下年度继续办理”之和"
        }
        "T3-SUM7" => "（七）总计应等于（一）至（六）各项之和",
        "T3-ROW" => "总计应等于各类申请人数量之和",
        "T3-NONNEG" | "T4-NONNEG" => "应填写非负整数",
        "T3-COUT≤" => "结转下年度数量不应超过本年新收与上年结转之和",
        "T4-SUM-rv" | "T4-SUM-ld" | "T4-SUM-lr" => {
            "总计应等于结果维持、结果纠正、其他结果、尚未审结之和"
        }
        "T4-LR-PLAUS" => "有复议后起诉的案件，但未见行政复议",
        "C-BLANK" => "单元格空白，无数据应填 0",
        "C-TABLE-MISSING" => "未找到该表（可能以图片发布）",
        "C-HEADER" => "表头不完整",
        "C-EXTRA-ROW" => "存在模板以外的行",
        "C-INFERRED" => "数值所在列无法确定，系推断",
        "S-SIX" => "应包含六个部分且顺序正确",
        "V-FORMAT" => "所用表格格式与报告年度不符",
        "V-LABEL" => "行名称与所用格式不符",
        "V-BASIS" => "引用了已被替代的格式文件",
        "V-ENCODING" => "文件编码有误，部分内容无法识别",
        "Y-PERIOD" => "统计期限应为报告年度 1 月 1 日至 12 月 31 日",
        "D-LATE" => "发布晚于规定期限",
        _ if rule.starts_with("N-") => "正文所述数字与表格不一致",
        _ if rule.starts_with("X-") => "与上年度报告不衔接",
        _ if rule.starts_with("P-") => "数值不合常理，请核实",
        _ => return None,
    })
}

/// The row definition, trying the report's format first (keys are shared by both formats
/// except a few), then the extra 表二 row some provinces add.
fn row_def(version: Option<TemplateVersion>, table: TableId, key: &str) -> Option<&'static RowDef> {
    let order = match version {
        Some(TemplateVersion::V2019) => [TemplateVersion::V2019, TemplateVersion::V2021],
        _ => [TemplateVersion::V2021, TemplateVersion::V2019],
    };
    order
        .iter()
        .find_map(|v| v.get().row(table, key).map(|(_, r)| r))
        .or_else(|| {
            (table == TableId::T2 && key == T2_EXTRA_OTHER_DOCS.key).then_some(&T2_EXTRA_OTHER_DOCS)
        })
}

/// The official row label; a 表三 sub-item carries its group (`（三）不予公开 1.属于国家秘密`),
/// since `1.` alone names four different rows.
fn row_label(version: Option<TemplateVersion>, table: TableId, key: &str) -> String {
    let Some(def) = row_def(version, table, key) else {
        return key.to_string();
    };
    if table == TableId::T3 {
        let v = version.unwrap_or(TemplateVersion::V2021);
        for (group, members) in t3_groups(v) {
            if members.len() > 1 && members.contains(&key) {
                return format!("{group} {}", def.label);
            }
        }
    }
    def.label.to_string()
}

fn col_label(row: Option<&'static RowDef>, table: TableId, key: &str) -> Option<&'static str> {
    if let Some((_, c)) = row.and_then(|r| r.col(key)) {
        return Some(c.label);
    }
    let cols: &[crate::template::ColDef] = match table {
        TableId::T3 => &T3_COLS,
        TableId::T4 => &T4_COLS,
        TableId::T2 => return None,
    };
    cols.iter().find(|c| c.key == key).map(|c| c.label)
}

/// `表三（七）总计·自然人`, `表四 行政复议·结果维持`, `表二`, `第 40 行`.
fn location(
    table: Option<TableId>,
    row: Option<&str>,
    col: Option<&str>,
    line: Option<u32>,
) -> String {
    let Some(t) = table else {
        return line.map_or("报告".to_string(), |l| format!("第 {l} 行"));
    };
    let mut s = t.short().to_string();
    if let Some(r) = row {
        if !r.starts_with('（') {
            s.push(' ');
        }
        s.push_str(r);
    }
    if let Some(c) = col {
        s.push(if row.is_some() { '·' } else { ' ' });
        s.push_str(c);
    }
    s
}

/// Rules whose findings the notice lists per table rather than one by one: a blank table gives
/// 100+ C-BLANK findings, an ambiguous layout a C-INFERRED per row.
const GROUPED: [&str; 2] = ["C-BLANK", "C-INFERRED"];

/// Whether the notice lists `rule` in `table` as one summary line.
fn grouped(problems: &[Problem], rule: &str, table: Option<TableId>) -> bool {
    // A single inferred row reads better with the extractor's own explanation.
    rule == "C-BLANK"
        || (GROUPED.contains(&rule)
            && problems
                .iter()
                .filter(|p| p.rule == rule && p.table == table)
                .count()
                > 1)
}

/// The findings of `rule` grouped by table, then by row in template order.
fn summarise(
    problems: &[Problem],
    rule: &'static str,
    version: Option<TemplateVersion>,
) -> Vec<Summary> {
    let mut by_table: BTreeMap<Option<TableId>, Vec<&Problem>> = BTreeMap::new();
    for p in problems.iter().filter(|p| p.rule == rule) {
        by_table.entry(p.table).or_default().push(p);
    }
    by_table
        .into_iter()
        .map(|(table, ps)| {
            // (row position, row key) → blank column keys.
            let mut rows: BTreeMap<(usize, &str), Vec<&str>> = BTreeMap::new();
            for p in &ps {
                let pos = table
                    .zip(p.row)
                    .and_then(|(t, r)| template_pos(version, t, r))
                    .unwrap_or(usize::MAX);
                let e = rows.entry((pos, p.row.unwrap_or(""))).or_default();
                if let Some(c) = p.column {
                    e.push(c);
                }
            }
            let rows: Vec<BlankRow> = rows
                .into_iter()
                .filter(|((_, key), _)| !key.is_empty())
                .map(|((_, key), cols)| {
                    let t = table.unwrap_or(TableId::T3);
                    let def = row_def(version, t, key);
                    let mut labelled: Vec<(usize, &'static str)> = cols
                        .iter()
                        .filter_map(|c| {
                            let i = def.and_then(|d| d.col(c)).map_or(usize::MAX, |(i, _)| i);
                            col_label(def, t, c).map(|l| (i, l))
                        })
                        .collect();
                    labelled.sort();
                    labelled.dedup();
                    let whole_row = def.is_some_and(|d| labelled.len() == d.cols.len());
                    BlankRow {
                        row_label: row_label(version, t, key),
                        column_labels: labelled.into_iter().map(|(_, l)| l).collect(),
                        whole_row,
                    }
                })
                .collect();
            // Rows with the same blank columns share one clause: a table filled only in 总计
            // reads as one list of rows and one list of columns, not 23 repetitions.
            let mut clauses: Vec<(String, Vec<&str>)> = Vec::new();
            for r in &rows {
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
            let flag = if ps.iter().all(|p| p.severity == Severity::Warning) {
                "［提醒］"
            } else {
                ""
            };
            let mut text = if rule == "C-BLANK" {
                format!(
                    "{flag}{name} 存在 {} 个空白单元格（无数据应填 0）",
                    ps.len()
                )
            } else {
                format!(
                    "{flag}{name} 有 {} 行数值无法确定所在列，已推断填入，请按模板逐列填写",
                    ps.len()
                )
            };
            let every_row = match (table, version) {
                (Some(t), Some(v)) => rows.len() == v.get().rows(t).len(),
                _ => false,
            };
            if every_row && rule == "C-BLANK" && rows.iter().all(|r| r.whole_row) {
                text.push_str("：整表空白");
            } else if every_row && rule != "C-BLANK" {
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
            Summary {
                rule,
                table,
                count: ps.len(),
                rows,
                text,
            }
        })
        .collect()
}

fn template_pos(version: Option<TemplateVersion>, table: TableId, key: &str) -> Option<usize> {
    let v = version.unwrap_or(TemplateVersion::V2021);
    v.get()
        .row(table, key)
        .map(|(i, _)| i)
        .or_else(|| (key == T2_EXTRA_OTHER_DOCS.key).then_some(usize::MAX - 1))
}

// ---- CSV --------------------------------------------------------------------------------------

const CSV_HEADER: [&str; 21] = [
    "path",
    "body",
    "year",
    "template",
    "status",
    "status_zh",
    "note",
    "finding_key",
    "rule",
    "severity",
    "table",
    "row",
    "column",
    "table_label",
    "row_label",
    "column_label",
    "expected",
    "actual",
    "line",
    "problem",
    "message",
];

/// Spreadsheets run a cell starting with `=`, `+`, `-` or `@` as a formula; report text and notes
/// are untrusted, so such text cells get a leading `'` (OWASP's advice for CSV injection).
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn to_csv(list: &[Item]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let ok = (|| -> csv::Result<()> {
        w.write_record(CSV_HEADER)?;
        for it in list {
            let head = [
                csv_text(&it.path),
                csv_text(&it.body.as_deref().map(clean).unwrap_or_default()),
                opt(it.year),
                opt(it.template.map(TemplateVersion::as_str)),
                it.status.as_str().to_string(),
                it.status_label.to_string(),
                csv_text(&clean_lines(&it.note)),
            ];
            let mut rows: Vec<[String; 14]> = it
                .problems
                .iter()
                .map(|p| {
                    [
                        p.key.clone(),
                        p.rule.to_string(),
                        p.severity.as_str().to_string(),
                        opt(p.table.map(TableId::as_str)),
                        opt(p.row),
                        opt(p.column),
                        opt(p.table_label),
                        opt(p.row_label.as_deref()),
                        opt(p.column_label),
                        opt(p.expected),
                        opt(p.actual),
                        opt(p.line),
                        csv_text(&p.text),
                        csv_text(&p.message),
                    ]
                })
                .collect();
            if let Some((rule, text, detail)) = it.file_problem() {
                let mut r: [String; 14] = Default::default();
                r[1] = rule.into();
                r[2] = "error".into();
                r[12] = csv_text(&text);
                r[13] = csv_text(&detail);
                rows.insert(0, r);
            }
            if rows.is_empty() {
                rows.push(Default::default());
            }
            for r in rows {
                w.write_record(head.iter().chain(r.iter()))?;
            }
        }
        w.flush()?;
        Ok(())
    })();
    // Writing into a Vec cannot fail; a failure here would be a bug in the csv crate.
    ok.expect("CSV into memory");
    String::from_utf8(w.into_inner().expect("CSV into memory")).expect("CSV from UTF-8 text")
}

// ---- JSON -------------------------------------------------------------------------------------

fn to_json(list: &[Item]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        kind: &'static str,
        version: u32,
        reports: &'a [Item],
    }
    let json = serde_json::to_vec_pretty(&Doc {
        kind: "gouji-rectification-list",
        version: 1,
        reports: list,
    })
    .expect("rectification list serialises");
    let mut s = String::from_utf8(crate::sanitize::escape_c1_in_json(json)).expect("JSON is UTF-8");
    s.push('\n');
    s
}

// ---- Markdown ---------------------------------------------------------------------------------

/// One line of untrusted text for Markdown: controls stripped, and `<` escaped so that a viewer
/// cannot take report text for HTML.
fn md(s: &str) -> String {
    clean(s).replace('<', "\\<")
}

fn clean_lines(s: &str) -> String {
    s.lines().map(clean).collect::<Vec<_>>().join("\n")
}

fn to_markdown(list: &[Item]) -> String {
    let mut out = String::new();
    let count = |s: Status| list.iter().filter(|i| i.status == s).count();
    out.push_str("# 政府信息公开工作年度报告整改清单\n\n");
    out.push_str(&format!(
        "共 {} 份报告：待整改 {} 份，退回 {} 份，通过 {} 份，未审核 {} 份。\n",
        list.len(),
        count(Status::NeedsFix),
        count(Status::Rejected),
        count(Status::Accepted),
        count(Status::Unreviewed),
    ));
    for (n, it) in list.iter().enumerate() {
        out.push_str(&format!("\n## {}. {}\n\n", n + 1, md(&it.title())));
        out.push_str(&format!("- 文件：{}\n", md(&it.key)));
        out.push_str(&format!(
            "- 审核状态：{}（{}）\n",
            it.status_label,
            it.status.as_str()
        ));
        let note: Vec<String> = it
            .note
            .lines()
            .map(md)
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !note.is_empty() {
            out.push_str("- 备注：\n\n");
            out.push_str(
                &note
                    .iter()
                    .map(|l| format!("> {l}"))
                    .collect::<Vec<_>>()
                    .join("\n>\n"),
            );
            out.push('\n');
        }
        out.push('\n');
        problems_md(it, &mut out);
    }
    out
}

fn problems_md(it: &Item, out: &mut String) {
    let file_problem = it.file_problem();
    if it.problems.is_empty() && file_problem.is_none() {
        out.push_str("未发现需要整改的问题。\n");
        return;
    }
    out.push_str("存在问题：\n");
    let mut n = 0;
    let mut item = |out: &mut String, text: &str| {
        n += 1;
        out.push_str(&format!("{n}. {}\n", md(text)));
    };
    if let Some((_, text, _)) = file_problem {
        out.push('\n');
        item(out, &text);
    }
    let groups: [Option<TableId>; 4] = [
        Some(TableId::T2),
        Some(TableId::T3),
        Some(TableId::T4),
        None,
    ];
    let summaries: Vec<Summary> = GROUPED
        .iter()
        .flat_map(|rule| summarise(&it.problems, rule, it.template))
        .filter(|s| grouped(&it.problems, s.rule, s.table))
        .collect();
    for table in groups {
        let listed: Vec<&Problem> = it
            .problems
            .iter()
            .filter(|p| p.table == table && !grouped(&it.problems, p.rule, table))
            .collect();
        let summed: Vec<&Summary> = summaries.iter().filter(|s| s.table == table).collect();
        if listed.is_empty() && summed.is_empty() {
            continue;
        }
        let heading = table.map_or("其他", TableId::title);
        out.push_str(&format!("\n**{heading}**\n\n"));
        for p in listed {
            item(out, &p.text);
        }
        for s in summed {
            item(out, &s.text);
        }
    }
}

// ---- `gouji export` ---------------------------------------------------------------------------

/// Why `gouji export` failed.
#[derive(Debug)]
pub enum ExportError {
    State(state::StateError),
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::State(e) => write!(f, "{e}"),
            ExportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::State(e) => Some(e),
            ExportError::Io { source, .. } => Some(source),
        }
    }
}

impl From<state::StateError> for ExportError {
    fn from(e: state::StateError) -> Self {
        ExportError::State(e)
    }
}

/// What `gouji export` did, for the caller to print on stderr.
#[derive(Debug, Default)]
pub struct Exported {
    pub reports: usize,
    pub open_problems: usize,
    /// Files that could not be listed, and state-file warnings.
    pub warnings: Vec<String>,
    /// The file written, if not stdout.
    pub written: Option<PathBuf>,
}

/// `gouji export DIR --format csv|json|md [-o FILE]`, with the state in `DIR/.gouji/state.json`.
pub fn run(dir: &Path, format: Format, out_path: Option<&Path>) -> Result<Exported, ExportError> {
    run_with_state(dir, None, format, out_path)
}

/// [`run`] with an explicit state file (`--state PATH`). `dir` may also be a single report file.
/// Nothing is written to the state; the list goes to `out_path` (atomically) or stdout.
pub fn run_with_state(
    dir: &Path,
    state_path: Option<&Path>,
    format: Format,
    out_path: Option<&Path>,
) -> Result<Exported, ExportError> {
    let meta = std::fs::metadata(dir).map_err(|source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let root = if !meta.is_dir() {
        dir.parent().unwrap_or(Path::new("."))
    } else {
        dir
    };
    let mut store = match state_path {
        Some(p) => Store::open_at(p, Some(root))?,
        None => Store::open_inbox(root)?,
    };
    let found = catalog::discover(&[dir.to_path_buf()]);
    let reports = catalog::load_all(&found.files, &AuditConfig::default());
    let list = items(&reports, |r| state::hash_file(&r.path).ok(), &store);
    let text = render(&list, format);
    let mut done = Exported {
        reports: list.len(),
        open_problems: list.iter().map(|i| i.problems.len()).sum(),
        warnings: found
            .errors
            .into_iter()
            .map(|(p, e)| format!("{}: {e}", p.display()))
            .collect(),
        written: None,
    };
    done.warnings
        .extend(store.take_warnings().iter().map(ToString::to_string));
    match out_path {
        Some(p) => {
            state::write_atomic(p, text.as_bytes()).map_err(|source| ExportError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            done.written = Some(p.to_path_buf());
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| ExportError::Io {
                    path: PathBuf::from("<stdout>"),
                    source,
                })?;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Table;
    use std::fs;

    const NOTE: &str = "表三（七）总计有误\n请于五日内更正";

    /// Three reports in an inbox: one with problems (needs fix, with a note and a dismissal),
    /// one clean and accepted, one unreadable.
    fn fixture() -> (tempfile::TempDir, Vec<Report>, Store) {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("ecq-2020.txt");
        let good = dir.path().join("good.txt");
        fs::write(&bad, "鄂城区 2020 报告").unwrap();
        fs::write(&good, "良好报告").unwrap();

        let v = TemplateVersion::V2019;
        let mut t3 = Table::blank(v, TableId::T3);
        t3.set("r1", "np", Some(15));
        t3.set("r7", "np", Some(0));
        let mut r = Report::empty(bad.clone());
        r.is_report = true;
        r.body = Some("鄂城区人民政府".into());
        r.year = Some(2020);
        r.template = Some(v);
        r.tables.t3 = Some(t3);
        let blank = |row, col| {
            Finding::new("C-BLANK", Severity::Error, format!("{row}/{col} is blank")).at(
                TableId::T3,
                Some(row),
                Some(col),
            )
        };
        r.findings = vec![
            Finding::new(
                "T3-SUM7",
                Severity::Error,
                "（七）总计 should be the sum of (一)–(六): 15, found 0",
            )
            .at(TableId::T3, Some("r7"), Some("np"))
            .values(Some(15), Some(0)),
            Finding::new("T3-ID", Severity::Error, "new + cin ≠ r7 + cout")
                .at(TableId::T3, None, Some("tot"))
                .values(Some(15), Some(0)),
            blank("r1", "res"),
            blank("r1", "ngo"),
            Finding::new(
                "C-INFERRED",
                Severity::Info,
                "value placed in 总计 by inference",
            )
            .at(TableId::T3, Some("new"), Some("tot")),
            Finding::new("C-BLANK", Severity::Error, "penalty decisions blank").at(
                TableId::T2,
                Some("penalty"),
                Some("decisions"),
            ),
            Finding::new("C-BLANK", Severity::Error, "rv keep blank").at(
                TableId::T4,
                Some("rv"),
                Some("keep"),
            ),
            Finding::new("S-SIX", Severity::Warning, "heading 五 is a variant").line(Some(40)),
        ];
        for c in ["np", "biz", "res", "ngo", "law", "oth", "tot"] {
            r.findings.push(blank("r3_1", c));
        }

        let mut ok = Report::empty(good.clone());
        ok.is_report = true;
        ok.body = Some("兰州市人民政府".into());
        ok.year = Some(2020);
        ok.template = Some(v);
        let gone = Report::unreadable(dir.path().join("gone.txt"), "permission denied");
        let readme = Report::empty(dir.path().join("说明.md"));

        let mut store = Store::open_inbox(dir.path()).unwrap();
        let h = state::hash_file(&bad).unwrap();
        store.set_status(&bad, &h, Status::NeedsFix).unwrap();
        store.set_note(&bad, &h, NOTE).unwrap();
        store
            .dismiss(
                &bad,
                &h,
                "C-BLANK@t2.penalty.decisions",
                "当地口径：无处罚事项",
            )
            .unwrap();
        let hg = state::hash_file(&good).unwrap();
        store.set_status(&good, &hg, Status::Accepted).unwrap();
        (dir, vec![r, ok, gone, readme], store)
    }

    #[test]
    fn csv_has_one_row_per_open_finding_with_labels_and_values() {
        let (_dir, reports, store) = fixture();
        let text = export(&reports, &store, Format::Csv);
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(rd.headers().unwrap(), CSV_HEADER.as_slice());
        let rows: Vec<BTreeMap<String, String>> = rd.deserialize().map(Result::unwrap).collect();

        let bad: Vec<_> = rows
            .iter()
            .filter(|r| r["path"].ends_with("ecq-2020.txt"))
            .collect();
        // 2 arithmetic + 2 + 7 + 1 blank (one dismissed, the info one left out) + 1 warning.
        assert_eq!(bad.len(), 13);
        let sum7 = bad.iter().find(|r| r["rule"] == "T3-SUM7").unwrap();
        let expect = [
            ("body", "鄂城区人民政府"),
            ("year", "2020"),
            ("template", "2019"),
            ("status", "needs_fix"),
            ("status_zh", "待整改"),
            ("note", NOTE),
            ("finding_key", "T3-SUM7@t3.r7.np"),
            ("severity", "error"),
            ("table", "t3"),
            ("row", "r7"),
            ("column", "np"),
            ("table_label", "表三 收到和处理政府信息公开申请情况"),
            ("row_label", "（七）总计"),
            ("column_label", "自然人"),
            ("expected", "15"),
            ("actual", "0"),
            ("line", ""),
            (
                "problem",
                "表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）",
            ),
            (
                "message",
                "（七）总计 should be the sum of (一)–(六): 15, found 0",
            ),
        ];
        for (field, want) in expect {
            assert_eq!(sum7[field], want, "field {field}");
        }
        let id = bad.iter().find(|r| r["rule"] == "T3-ID").unwrap();
        assert_eq!(id["column_label"], "总计");
        assert!(id["problem"].starts_with("表三 总计：应为 15，实为 0"));
        let r3 = bad
            .iter()
            .find(|r| r["finding_key"] == "C-BLANK@t3.r3_1.law")
            .unwrap();
        assert_eq!(r3["row_label"], "（三）不予公开 1.属于国家秘密");
        assert_eq!(r3["column_label"], "法律服务机构");
        assert!(!bad.iter().any(|r| r["rule"] == "C-INFERRED"));
        assert!(
            !bad.iter()
                .any(|r| r["finding_key"] == "C-BLANK@t2.penalty.decisions")
        );
        let s6 = bad.iter().find(|r| r["rule"] == "S-SIX").unwrap();
        assert_eq!(s6["severity"], "warning");
        assert_eq!(s6["line"], "40");

        let good: Vec<_> = rows
            .iter()
            .filter(|r| r["path"].ends_with("good.txt"))
            .collect();
        assert_eq!(good.len(), 1, "a clean report still has its row");
        assert_eq!(good[0]["status"], "accepted");
        assert_eq!(good[0]["status_zh"], "通过");
        assert_eq!(good[0]["rule"], "");

        let gone: Vec<_> = rows
            .iter()
            .filter(|r| r["path"].ends_with("gone.txt"))
            .collect();
        assert_eq!(gone.len(), 1);
        assert_eq!(gone[0]["rule"], "E-READ");
        assert_eq!(gone[0]["status"], "unreviewed");
        assert_eq!(gone[0]["problem"], "文件无法读取：permission denied");

        let readme: Vec<_> = rows
            .iter()
            .filter(|r| r["path"].ends_with("说明.md"))
            .collect();
        assert_eq!(readme.len(), 1);
        assert_eq!(readme[0]["rule"], "E-NOT-REPORT");
    }

    #[test]
    fn json_is_structured_with_dismissals_and_blank_summaries() {
        let (_dir, reports, store) = fixture();
        let text = export(&reports, &store, Format::Json);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["kind"], "gouji-rectification-list");
        let r = &doc["reports"][0];
        assert_eq!(r["body"], "鄂城区人民政府");
        assert_eq!(r["year"], 2020);
        assert_eq!(r["template"], "2019");
        assert_eq!(r["status"], "needs_fix");
        assert_eq!(r["status_label"], "待整改");
        assert_eq!(r["note"], NOTE);
        assert!(r["hash"].as_str().unwrap().starts_with("sha256:"));
        let p = &r["problems"][0];
        assert_eq!(p["key"], "T3-SUM7@t3.r7.np");
        assert_eq!(p["table"], "t3");
        assert_eq!(p["row_label"], "（七）总计");
        assert_eq!(p["column_label"], "自然人");
        assert_eq!(p["expected"], 15);
        assert_eq!(p["actual"], 0);
        assert_eq!(p["severity"], "error");
        assert_eq!(r["problems"].as_array().unwrap().len(), 13);

        let d = &r["dismissed"][0];
        assert_eq!(d["key"], "C-BLANK@t2.penalty.decisions");
        assert_eq!(d["reason"], "当地口径：无处罚事项");
        assert_eq!(r["dismissed"].as_array().unwrap().len(), 1);

        let blanks = r["blank_cells"].as_array().unwrap();
        assert_eq!(
            blanks.len(),
            2,
            "表三 and 表四; 表二's only blank is dismissed"
        );
        assert_eq!(blanks[0]["table"], "t3");
        assert_eq!(blanks[0]["count"], 9);
        assert_eq!(blanks[0]["rows"][0]["row_label"], "（一）予以公开");
        assert_eq!(
            blanks[0]["rows"][0]["column_labels"],
            serde_json::json!(["科研机构", "社会公益组织"])
        );
        assert_eq!(blanks[0]["rows"][1]["whole_row"], true);
        assert_eq!(blanks[1]["table"], "t4");

        assert_eq!(doc["reports"][1]["status"], "accepted");
        assert_eq!(doc["reports"][1]["problems"], serde_json::json!([]));
        assert_eq!(doc["reports"][2]["error"], "permission denied");
    }

    #[test]
    fn markdown_reads_as_a_notice() {
        let (_dir, reports, store) = fixture();
        let text = export(&reports, &store, Format::Md);
        let lines: Vec<&str> = text.lines().collect();
        let at = |needle: &str| {
            lines
                .iter()
                .position(|l| *l == needle)
                .unwrap_or_else(|| panic!("no line {needle:?} in\n{text}"))
        };
        assert_eq!(lines[0], "# 政府信息公开工作年度报告整改清单");
        assert_eq!(
            lines[2],
            "共 4 份报告：待整改 1 份，退回 0 份，通过 1 份，未审核 2 份。"
        );
        let h = at("## 1. 鄂城区人民政府 2020 年度报告");
        assert_eq!(
            lines[h + 2],
            "- 文件：ecq-2020.txt",
            "relative to the inbox"
        );
        assert_eq!(lines[h + 3], "- 审核状态：待整改（needs_fix）");
        let note = at("> 表三（七）总计有误");
        assert_eq!(lines[note + 2], "> 请于五日内更正");

        let t3 = at("**表三 收到和处理政府信息公开申请情况**");
        assert_eq!(
            lines[t3 + 2],
            "1. 表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）"
        );
        assert!(lines[t3 + 3].starts_with("2. 表三 总计：应为 15，实为 0（T3-ID："));
        assert_eq!(
            lines[t3 + 4],
            "3. 表三 存在 9 个空白单元格（无数据应填 0）：（一）予以公开（科研机构、社会公益组织）；（三）不予公开 1.属于国家秘密（整行）"
        );
        let t4 = at("**表四 行政复议、行政诉讼情况**");
        assert_eq!(
            lines[t4 + 2],
            "4. 表四 存在 1 个空白单元格（无数据应填 0）：行政复议（结果维持）"
        );
        let other = at("**其他**");
        assert_eq!(
            lines[other + 2],
            "5. ［提醒］第 40 行：heading 五 is a variant（S-SIX：应包含六个部分且顺序正确）"
        );
        assert!(
            !text.contains("表二 主动公开"),
            "the only 表二 finding is dismissed"
        );
        assert!(!text.contains("inference"), "info findings are left out");

        let ok = at("## 2. 兰州市人民政府 2020 年度报告");
        assert_eq!(lines[ok + 3], "- 审核状态：通过（accepted）");
        assert_eq!(lines[ok + 5], "未发现需要整改的问题。");
        let gone = at("## 3. gone.txt（年度不详）");
        assert_eq!(lines[gone + 2], "- 文件：gone.txt");
        assert_eq!(lines[gone + 7], "1. 文件无法读取：permission denied");
        let readme = at("## 4. 说明.md（年度不详）");
        assert_eq!(
            lines[readme + 7],
            "1. 未识别为政府信息公开工作年度报告（未找到六个部分的标题或统计表）"
        );
    }

    #[test]
    fn labels_follow_the_report_format() {
        let f = Finding::new("T3-SUM7", Severity::Error, "x")
            .at(TableId::T3, Some("r6_2"), Some("biz"))
            .values(Some(1), Some(2));
        let p = Problem::build(&f, "k".into(), Some(TemplateVersion::V2021));
        assert_eq!(
            p.row_label.as_deref(),
            Some(
                "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            )
        );
        let f = Finding::new("P-REGPUB", Severity::Warning, "36 made, 3 published")
            .at(TableId::T2, Some("rules"), Some("new_published"))
            .values(Some(36), Some(3));
        let p = Problem::build(&f, "k".into(), Some(TemplateVersion::V2019));
        assert_eq!(
            p.text,
            "［提醒］表二 规章·本年新公开数量：应为 36，实为 3（P-REGPUB：数值不合常理，请核实）"
        );
        let f = Finding::new("C-EXTRA-ROW", Severity::Warning, "extra row").at(
            TableId::T2,
            Some("other_docs"),
            None,
        );
        let p = Problem::build(&f, "k".into(), Some(TemplateVersion::V2019));
        assert_eq!(p.row_label.as_deref(), Some("其他主动公开文件"));
    }

    #[test]
    fn several_inferred_rows_are_one_line_and_a_single_one_keeps_its_explanation() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Report::empty(dir.path().join("x.txt"));
        r.is_report = true;
        r.year = Some(2020);
        r.template = Some(TemplateVersion::V2019);
        let inferred = |t, row: Option<&'static str>, msg: &str| {
            Finding::new("C-INFERRED", Severity::Warning, msg).at(t, row, None)
        };
        r.findings = vec![
            inferred(
                TableId::T3,
                Some("new"),
                "表三 new: placed in 总计 (inferred)",
            ),
            inferred(
                TableId::T3,
                Some("r3_2"),
                "表三 r3_2: placed in 总计 (inferred)",
            ),
            inferred(
                TableId::T4,
                None,
                "表四: 3 values placed in 总计 (inferred)",
            ),
        ];
        let store = Store::open_inbox(dir.path()).unwrap();
        let text = export_with(&[r], |_| None, &store, Format::Md);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(
            &"1. ［提醒］表三 有 2 行数值无法确定所在列，已推断填入，请按模板逐列填写：一、本年新收政府信息公开申请数量，（三）不予公开 2.其他法律行政法规禁止公开"
        ), "{text}");
        assert!(lines.contains(
            &"2. ［提醒］表四：3 values placed in 总计 (inferred)（C-INFERRED：数值所在列无法确定，系推断）"
        ), "{text}");
    }

    #[test]
    fn an_empty_table_is_one_short_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Report::empty(dir.path().join("x.txt"));
        r.is_report = true;
        r.template = Some(TemplateVersion::V2021);
        for row in TemplateVersion::V2021.get().t4 {
            for c in row.cols {
                r.findings
                    .push(Finding::new("C-BLANK", Severity::Error, "blank").at(
                        TableId::T4,
                        Some(row.key),
                        Some(c.key),
                    ));
            }
        }
        let store = Store::open_inbox(dir.path()).unwrap();
        let text = export_with(&[r], |_| None, &store, Format::Md);
        assert!(
            text.lines()
                .any(|l| l == "1. 表四 存在 15 个空白单元格（无数据应填 0）：整表空白"),
            "{text}"
        );
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Report::empty(dir.path().join("x.txt"));
        r.body = Some("=HYPERLINK(\"http://evil\")".into());
        let store = Store::open_inbox(dir.path()).unwrap();
        let text = export_with(&[r], |_| None, &store, Format::Csv);
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let row = rd.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "'=HYPERLINK(\"http://evil\")");
    }

    #[test]
    fn run_writes_the_list_to_a_file_with_the_inbox_triage() {
        let dir = tempfile::tempdir().unwrap();
        let seed =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/002_4839d2431c749bff.txt");
        let bytes = fs::read(&seed).expect("../shared/seeds must sit beside the project");
        let report = dir.path().join("002.txt");
        fs::write(&report, &bytes).unwrap();
        fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
        let mut store = Store::open_inbox(dir.path()).unwrap();
        let h = state::content_hash(&bytes);
        store.set_status(&report, &h, Status::NeedsFix).unwrap();
        store.set_note(&report, &h, "请重报").unwrap();
        let out = dir.path().join("list.md");
        let done = run(dir.path(), Format::Md, Some(&out)).unwrap();
        assert_eq!(done.reports, 1);
        assert_eq!(done.written.as_deref(), Some(out.as_path()));
        let text = fs::read_to_string(&out).unwrap();
        assert!(text.contains("## 1. 鄂城区"), "{text}");
        assert!(text.contains("- 审核状态：待整改（needs_fix）"));
        assert!(text.contains("> 请重报"));
        // The audit runs: seed 002's broken (七)总计 is on the list.
        assert!(
            text.lines().any(|l| l.ends_with(
                "表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）"
            )),
            "{text}"
        );
    }
}
