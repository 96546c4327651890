//! The rectification list as data: per report its triage and open problems, each named by the
//! template's labels, before any printer turns it into CSV, JSON or Markdown.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::labels::{col_label, location, row_def, row_label, template_pos};
use super::wording;
use crate::model::{Finding, Report, Severity};
use crate::rules::Rule;
use crate::sanitize::clean;
use crate::state::{self, Status, Store, View};
use crate::template::{TableId, TemplateVersion};

/// One open finding, with labels resolved.
#[derive(Debug, Serialize)]
pub(super) struct Problem {
    pub key: String,
    pub rule: Rule,
    pub severity: Severity,
    pub table: Option<TableId>,
    pub row: Option<&'static str>,
    pub column: Option<&'static str>,
    pub table_label: Option<&'static str>,
    pub row_label: Option<String>,
    pub column_label: Option<&'static str>,
    pub expected: Option<i64>,
    pub actual: Option<i64>,
    pub line: Option<u32>,
    /// The sentence for the notice (`表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：…）`).
    pub text: String,
    /// The auditor's own message.
    pub message: String,
}

/// The findings of one rule in one table, summarised row by row (blank cells, inferred columns).
#[derive(Debug, Serialize)]
pub(super) struct Summary {
    pub rule: Rule,
    pub table: Option<TableId>,
    pub count: usize,
    /// Row label → blank column labels, in template order.
    pub rows: Vec<BlankRow>,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub(super) struct BlankRow {
    pub row_label: String,
    pub column_labels: Vec<&'static str>,
    pub whole_row: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct DismissedOut {
    pub key: String,
    pub rule: Rule,
    pub reason: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A cell the inspector corrected (the findings listed are those of the corrected tables).
#[derive(Debug, Serialize)]
pub(super) struct CorrectionOut {
    /// `t3.r7.np`, as in `check`'s JSON.
    pub cell: String,
    /// `表三（七）总计·自然人`.
    pub location: String,
    /// The value as read and as corrected (`None`: blank).
    pub from: Option<String>,
    pub to: Option<String>,
    /// `表三（七）总计·自然人：原填 0，经人工更正为 15`.
    pub text: String,
}

/// One report of the list.
#[derive(Debug, Serialize)]
pub(super) struct Item {
    pub path: String,
    /// The path as the store keys it: relative to the inbox when inside it.
    pub key: String,
    pub body: Option<String>,
    pub year: Option<i32>,
    pub template: Option<TemplateVersion>,
    pub hash: Option<String>,
    pub status: Status,
    pub status_label: &'static str,
    pub note: String,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
    /// False when the file was read but holds no section headings or tables of a report.
    pub is_report: bool,
    pub problems: Vec<Problem>,
    pub blank_cells: Vec<Summary>,
    pub dismissed: Vec<DismissedOut>,
    /// Present only when the inspector corrected cells: the list then says 「经人工更正」.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrected: Vec<CorrectionOut>,
}

/// A problem with the file as a whole, listed before the findings.
pub(super) struct FileProblem {
    pub rule: Rule,
    /// The notice's sentence.
    pub text: String,
    /// What went wrong, as gouji found it (the read error).
    pub detail: String,
}

fn corrections(report: &Report) -> Vec<CorrectionOut> {
    let version = report.template;
    report
        .corrections
        .iter()
        .map(|c| {
            let r = c.cell;
            let loc = location(
                Some(r.table),
                Some(&row_label(version, r.table, r.row)),
                col_label(row_def(version, r.table, r.row), r.table, r.column),
                None,
            );
            let now = report
                .tables
                .get(r.table)
                .and_then(|t| t.cell(r.row, r.column))
                .and_then(|c| c.value.as_ref());
            let from = crate::audit::correct::value_text(c.original.value.as_ref());
            let to = crate::audit::correct::value_text(now);
            let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "空".to_string());
            CorrectionOut {
                cell: crate::audit::correct::cell_id(r),
                text: format!("{loc}：原填 {}，经人工更正为 {}", shown(&from), shown(&to)),
                location: loc,
                from,
                to,
            }
        })
        .collect()
}

/// The list of reports, each given with its content hash, under which its triage is looked up.
pub(super) fn items<'a>(
    reports: impl IntoIterator<Item = (&'a Report, Option<String>)>,
    store: &Store,
) -> Vec<Item> {
    reports
        .into_iter()
        .map(|(r, hash)| Item::build(r, hash, store))
        .collect()
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
        let blank_cells = summarise(&problems, Rule::CBlank, version);
        let status = view.as_ref().map_or(Status::Unreviewed, |v| v.status);
        Item {
            path: crate::sanitize::clean(&report.path.display().to_string()),
            key: store.key(&report.path),
            body: report.body.clone(),
            year: report.year,
            template: report.template,
            hash,
            status,
            status_label: status.label_zh(),
            note: view.map(|v| v.note).unwrap_or_default(),
            error: report.error.clone(),
            is_report: report.is_report,
            problems,
            blank_cells,
            dismissed,
            corrected: corrections(report),
        }
    }

    /// 「经人工更正」 and where, for a report with corrections; `None` without.
    pub fn corrected_line(&self) -> Option<String> {
        if self.corrected.is_empty() {
            return None;
        }
        let places: Vec<&str> = self.corrected.iter().map(|c| c.text.as_str()).collect();
        Some(format!(
            "经人工更正（{} 处，以下问题按更正后的数据核验）：{}",
            self.corrected.len(),
            places.join("；")
        ))
    }

    /// A problem with the file as a whole: it could not be read, or is not a report.
    pub fn file_problem(&self) -> Option<FileProblem> {
        let (rule, detail) = match &self.error {
            Some(e) => (Rule::ERead, clean(e)),
            None if !self.is_report => (
                Rule::ENotReport,
                "no section headings or statistical tables found".to_string(),
            ),
            None => return None,
        };
        Some(FileProblem {
            rule,
            text: wording::file_problem(rule),
            detail,
        })
    }

    /// `鄂城区人民政府 2020 年度报告`, or the file name when the issuing body is unknown.
    pub fn title(&self) -> String {
        let body = self.body.as_deref().map(clean).unwrap_or_else(|| {
            Path::new(&self.path)
                .file_name()
                .map_or(self.path.clone(), |n| n.to_string_lossy().into_owned())
        });
        wording::title(&body, self.year)
    }
}

impl Problem {
    pub(super) fn build(f: &Finding, key: String, version: Option<TemplateVersion>) -> Problem {
        let row_label = f.table.zip(f.row).map(|(t, r)| row_label(version, t, r));
        let column_label = f.table.zip(f.column).and_then(|(t, c)| {
            let row = f.row.and_then(|r| row_def(version, t, r));
            col_label(row, t, c)
        });
        let loc = location(f.table, row_label.as_deref(), column_label, f.line);
        let message = clean(&f.message());
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
            text: wording::problem(f, &loc, &message),
            message,
        }
    }
}

/// Rules whose findings the notice lists per table rather than one by one: a blank table gives
/// 100+ C-BLANK findings, an ambiguous layout a C-INFERRED per row.
pub(super) const GROUPED: [Rule; 2] = [Rule::CBlank, Rule::CInferred];

/// Whether the notice lists `rule` in `table` as one summary line.
pub(super) fn grouped(problems: &[Problem], rule: Rule, table: Option<TableId>) -> bool {
    // A single inferred row reads better as its own line, at its row.
    rule == Rule::CBlank
        || (GROUPED.contains(&rule)
            && problems
                .iter()
                .filter(|p| p.rule == rule && p.table == table)
                .count()
                > 1)
}

/// The findings of `rule` grouped by table, then by row in template order.
pub(super) fn summarise(
    problems: &[Problem],
    rule: Rule,
    version: Option<TemplateVersion>,
) -> Vec<Summary> {
    let mut by_table: BTreeMap<Option<TableId>, Vec<&Problem>> = BTreeMap::new();
    for p in problems.iter().filter(|p| p.rule == rule) {
        by_table.entry(p.table).or_default().push(p);
    }
    by_table
        .into_iter()
        .map(|(table, ps)| {
            let rows = blank_rows(&ps, table, version);
            let every_row = match (table, version) {
                (Some(t), Some(v)) => rows.len() == v.get().rows(t).len(),
                _ => false,
            };
            let warning_only = ps.iter().all(|p| p.severity == Severity::Warning);
            let text = wording::summary(rule, table, ps.len(), &rows, every_row, warning_only);
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

/// The rows of one table's summarised findings in template order, each with its column labels.
fn blank_rows(
    ps: &[&Problem],
    table: Option<TableId>,
    version: Option<TemplateVersion>,
) -> Vec<BlankRow> {
    // (row position, row key) → column keys.
    let mut rows: BTreeMap<(usize, &str), Vec<&str>> = BTreeMap::new();
    for p in ps {
        let pos = table
            .zip(p.row)
            .and_then(|(t, r)| template_pos(version, t, r))
            .unwrap_or(usize::MAX);
        let e = rows.entry((pos, p.row.unwrap_or(""))).or_default();
        if let Some(c) = p.column {
            e.push(c);
        }
    }
    rows.into_iter()
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
        .collect()
}
