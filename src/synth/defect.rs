//! Planted defects: one change to a consistent spec per rule family, each stating exactly
//! which findings an auditor must report for it.
//!
//! The expectations are the test oracle for the samples, the generated-report tests and the
//! benchmark corpus, so each variant documents the cells it touches and why only the listed
//! rules can fail. Rule ids and severities follow domain.md §6 and issue 2.

use chrono::Duration;
use rust_decimal::Decimal;
use serde::Serialize;

use super::spec::{AmountStyle, ReportSpec, set_amount};
use crate::model::{Finding, Severity, TableId};
use crate::template::{TemplateVersion, t3_groups};

/// Size of the arithmetic changes: large enough to be plainly wrong, small enough to be typed.
const K: i64 = 3;

/// One defect to plant in a consistent report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "defect", rename_all = "kebab-case")]
pub enum Defect {
    /// (一)予以公开 +3 in `col` and in 总计, so each row still adds up and the identity holds:
    /// T3-SUM7 fails for `col` and for `tot`. `col` is an applicant column (not `tot`).
    BreakT3Sum7 { col: &'static str },
    /// 一、本年新收 +3 in `col` and in 总计: rows and (七)总计 still add up; T3-ID fails for
    /// `col` and `tot`.
    BreakT3Identity { col: &'static str },
    /// 总计 of `row` +3: T3-ROW fails for `row`, plus the column rule the 总计 cell enters
    /// (T3-SUM7 `tot` for a result row or (七); T3-ID `tot` for 一/二/(七)/四).
    BreakT3Row { row: &'static str },
    /// Any one 表三 cell changed by `delta`; the findings are those of [`t3_cell_expect`].
    ChangeT3Cell {
        row: &'static str,
        col: &'static str,
        delta: i64,
    },
    /// 表四 `group` 总计 +3: T4-SUM fails for that group only.
    BreakT4Sum { group: &'static str },
    /// One cell left blank (written per the spec's blank style): C-BLANK for that cell; sums
    /// that need it become unverifiable (info), not errors.
    BlankCell {
        table: TableId,
        row: &'static str,
        col: &'static str,
    },
    /// A table replaced by "published as an image": C-TABLE-MISSING.
    MissingTable { table: TableId },
    /// 表四 行政复议 结果维持 written as -1 and 结果纠正 raised to keep the total: T4-NONNEG.
    NegativeCount,
    /// A 2021+ report printed on the 2019 template (使用旧格式): V-FORMAT.
    OldFormatForYear,
    /// Section `number` has no heading (1, 5, 6 lose their text too; 2–4 keep the table):
    /// S-SIX (error).
    MissingSection { number: u8 },
    /// Section 五 under a heading variant seen in real reports: S-SIX (warning).
    HeadingVariant,
    /// Sections 五 and 六 swapped: S-SIX (warning).
    WrongOrder,
    /// Published 10–40 days after the 条例 deadline of the body's kind: D-LATE.
    LateDeadline,
    /// The statistics period ends on 11-30: Y-PERIOD.
    WrongPeriod,
    /// An extra 表二 row 其他主动公开文件: C-EXTRA-ROW.
    ExtraRow,
    /// 表二 (一) headers cut short (本年新 / 本年制发): C-HEADER on 表二.
    TruncatedHeader,
    /// 表三 header lacks 法律服务机构, 其他 and 总计 (seed 002): C-HEADER on 表三.
    MissingHeaderCells,
    /// 规章 row non-zero for a body without rule-making power (2021 format): P-REG-AUTHORITY.
    RegAuthority,
    /// A 2021 report labelling its row 规范性文件: V-LABEL.
    OldLabel,
    /// 2019: 对外公开总数量 below 本年新公开数量 in `row`: P-PUBTOTAL.
    PubTotal { row: &'static str },
    /// 2019: 本年新公开数量 differs from 本年新制作数量 the wrong way in `row`: P-REGPUB.
    RegPub { row: &'static str },
    /// 2019: 上一年项目数量 + 本年增/减 < 0 in `row`: P-ITEMS.
    ItemsNegative { row: &'static str },
    /// 2019: 处理决定数量 > 0 with no items in `row`: P-DECISIONS.
    DecisionsNoItems { row: &'static str },
    /// 2019: 采购总金额 > 0 with 0 采购项目: P-PROC.
    ProcMismatch,
    /// 2019: 采购总金额 printed with no unit anywhere: P-UNIT.
    AmountNoUnit,
    /// 2021: 现行有效件数 below 本年制发 − 本年废止 for 行政规范性文件: P-INFORCE.
    InForceLow,
    /// 2021: (八) written in 元 (`39400元`) under the 万元 header: P-FEE-UNIT.
    FeeUnitYuan,
}

/// A finding the auditor must (or may) report. `None` fields match anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expect {
    pub rule: &'static str,
    pub severity: Severity,
    pub table: Option<TableId>,
    pub row: Option<&'static str>,
    pub column: Option<&'static str>,
}

impl Expect {
    pub fn new(rule: &'static str, severity: Severity) -> Expect {
        Expect {
            rule,
            severity,
            table: None,
            row: None,
            column: None,
        }
    }

    pub fn at(
        mut self,
        table: TableId,
        row: Option<&'static str>,
        col: Option<&'static str>,
    ) -> Self {
        self.table = Some(table);
        self.row = row;
        self.column = col;
        self
    }

    /// Rule and location agree (severity is documented, not matched: a rule's severity is the
    /// auditor's policy, its location is a fact about the report).
    pub fn matches(&self, f: &Finding) -> bool {
        f.rule == self.rule
            && (self.table.is_none() || f.table == self.table)
            && (self.row.is_none() || f.row == self.row)
            && (self.column.is_none() || f.column == self.column)
    }
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.rule, self.severity.as_str())?;
        if let Some(t) = self.table {
            write!(f, " in {}", t.as_str())?;
        }
        if let Some(r) = self.row {
            write!(f, " row {r}")?;
        }
        if let Some(c) = self.column {
            write!(f, " column {c}")?;
        }
        Ok(())
    }
}

/// A defect as planted in one spec, with the findings it implies.
#[derive(Debug, Clone, Serialize)]
pub struct Planted {
    #[serde(flatten)]
    pub defect: Defect,
    /// Findings that must be present.
    pub must: Vec<Expect>,
    /// Findings that are tolerated (a rule some auditors derive from the same cells).
    pub may: Vec<Expect>,
}

fn e(rule: &'static str, sev: Severity) -> Expect {
    Expect::new(rule, sev)
}

use Severity::{Error, Warning};

/// Findings caused by changing the 表三 cell (`row`, `col`) of a consistent report:
/// T3-ROW for the row; T3-SUM7 for the column when the row is a result row or (七)总计;
/// T3-ID for the column when the row is 一、本年新收, 二、上年结转, (七)总计 or 四、结转.
/// The second list holds T3-COUT≤, tolerated when 结转 or its operands move.
pub fn t3_cell_expect(
    version: TemplateVersion,
    row: &'static str,
    col: &'static str,
) -> (Vec<Expect>, Vec<Expect>) {
    let mut must = vec![e("T3-ROW", Error).at(TableId::T3, Some(row), None)];
    let mut may = Vec::new();
    let is_outcome = t3_groups(version)
        .iter()
        .any(|(_, rows)| rows.contains(&row));
    if is_outcome || row == "r7" {
        must.push(e("T3-SUM7", Error).at(TableId::T3, None, Some(col)));
    }
    if matches!(row, "new" | "cin" | "r7" | "cout") {
        must.push(e("T3-ID", Error).at(TableId::T3, None, Some(col)));
    }
    if matches!(row, "new" | "cin" | "cout") {
        for rule in ["T3-COUT≤", "T3-COUT", "T3-COUT-LE"] {
            may.push(e(rule, Error).at(TableId::T3, None, Some(col)));
        }
    }
    (must, may)
}

impl Defect {
    /// A short kebab-case name for file names and manifests.
    pub fn slug(&self) -> String {
        match self {
            Defect::BreakT3Sum7 { col } => format!("t3-sum7-{col}-broken"),
            Defect::BreakT3Identity { col } => format!("t3-identity-{col}-broken"),
            Defect::BreakT3Row { row } => format!("t3-row-{row}-broken"),
            Defect::ChangeT3Cell { row, col, .. } => format!("t3-cell-{row}-{col}-changed"),
            Defect::BreakT4Sum { group } => format!("t4-sum-{group}-broken"),
            Defect::BlankCell { table, row, col } => {
                format!("blank-{}-{row}-{col}", table.as_str())
            }
            Defect::MissingTable { table } => format!("missing-{}", table.as_str()),
            Defect::NegativeCount => "negative-count".into(),
            Defect::OldFormatForYear => "old-format".into(),
            Defect::MissingSection { number } => format!("missing-section-{number}"),
            Defect::HeadingVariant => "heading-variant".into(),
            Defect::WrongOrder => "sections-out-of-order".into(),
            Defect::LateDeadline => "published-late".into(),
            Defect::WrongPeriod => "wrong-period".into(),
            Defect::ExtraRow => "extra-row".into(),
            Defect::TruncatedHeader => "truncated-header".into(),
            Defect::MissingHeaderCells => "missing-header-cells".into(),
            Defect::RegAuthority => "rules-without-authority".into(),
            Defect::OldLabel => "old-label".into(),
            Defect::PubTotal { row } => format!("pubtotal-{row}"),
            Defect::RegPub { row } => format!("regpub-{row}"),
            Defect::ItemsNegative { row } => format!("items-negative-{row}"),
            Defect::DecisionsNoItems { row } => format!("decisions-no-items-{row}"),
            Defect::ProcMismatch => "procurement-mismatch".into(),
            Defect::AmountNoUnit => "amount-no-unit".into(),
            Defect::InForceLow => "in-force-low".into(),
            Defect::FeeUnitYuan => "fee-in-yuan".into(),
        }
    }

    /// Whether this defect can be planted in `spec` (template version, body kind, year).
    pub fn applies_to(&self, spec: &ReportSpec) -> bool {
        let v19 = spec.version == TemplateVersion::V2019;
        let has_row = |t: TableId, r: &str| spec.version.get().row(t, r).is_some();
        match self {
            Defect::BreakT3Sum7 { col } | Defect::BreakT3Identity { col } => {
                *col != "tot" && crate::template::T3_COLS.iter().any(|c| c.key == *col)
            }
            Defect::BreakT3Row { row } => has_row(TableId::T3, row),
            Defect::ChangeT3Cell { row, col, delta } => {
                has_row(TableId::T3, row)
                    && *delta != 0
                    && spec
                        .int(TableId::T3, row, col)
                        .is_some_and(|v| v + delta >= 0)
            }
            Defect::BreakT4Sum { group } => has_row(TableId::T4, group),
            Defect::BlankCell { table, row, col } => spec
                .version
                .get()
                .row(*table, row)
                .is_some_and(|(_, r)| r.col(col).is_some()),
            Defect::MissingTable { .. }
            | Defect::NegativeCount
            | Defect::MissingSection { .. }
            | Defect::HeadingVariant
            | Defect::WrongOrder
            | Defect::WrongPeriod
            | Defect::ExtraRow
            | Defect::TruncatedHeader
            | Defect::MissingHeaderCells => true,
            Defect::OldFormatForYear => spec.year >= 2021 && !v19,
            Defect::LateDeadline => spec.deadline().is_some(),
            Defect::RegAuthority => !v19 && !spec.rule_making,
            Defect::OldLabel | Defect::InForceLow | Defect::FeeUnitYuan => !v19,
            Defect::PubTotal { row } | Defect::RegPub { row } => {
                v19 && (*row == "normative_docs" || (*row == "rules" && spec.rule_making))
            }
            Defect::ItemsNegative { row } | Defect::DecisionsNoItems { row } => {
                v19 && matches!(
                    *row,
                    "licensing" | "other_services" | "penalty" | "enforcement"
                )
            }
            Defect::ProcMismatch | Defect::AmountNoUnit => v19,
        }
    }

    /// Plants the defect in `spec` and returns the findings it must produce.
    /// Panics when [`Defect::applies_to`] is false: a caller bug, not a data problem.
    pub fn plant(&self, spec: &mut ReportSpec) -> Planted {
        assert!(
            self.applies_to(spec),
            "{self:?} does not apply to this spec"
        );
        let mut may = Vec::new();
        let t3 = TableId::T3;
        let t2 = TableId::T2;
        let must = match *self {
            Defect::BreakT3Sum7 { col } => {
                spec.add(t3, "r1", col, K);
                spec.add(t3, "r1", "tot", K);
                vec![
                    e("T3-SUM7", Error).at(t3, None, Some(col)),
                    e("T3-SUM7", Error).at(t3, None, Some("tot")),
                ]
            }
            Defect::BreakT3Identity { col } => {
                spec.add(t3, "new", col, K);
                spec.add(t3, "new", "tot", K);
                vec![
                    e("T3-ID", Error).at(t3, None, Some(col)),
                    e("T3-ID", Error).at(t3, None, Some("tot")),
                ]
            }
            Defect::BreakT3Row { row } => {
                spec.add(t3, row, "tot", K);
                let (must, m) = t3_cell_expect(spec.version, row, "tot");
                may = m;
                must
            }
            Defect::ChangeT3Cell { row, col, delta } => {
                spec.add(t3, row, col, delta);
                let (must, m) = t3_cell_expect(spec.version, row, col);
                may = m;
                must
            }
            Defect::BreakT4Sum { group } => {
                spec.add(TableId::T4, group, "tot", K);
                if group == "lr" {
                    // A raised 复议后起诉 total may now outnumber a year without 复议.
                    may.push(e("T4-LR-PLAUS", Warning).at(TableId::T4, Some("lr"), None));
                }
                vec![e("T4-SUM", Error).at(TableId::T4, Some(group), None)]
            }
            Defect::BlankCell { table, row, col } => {
                spec.table_mut(table).set(row, col, None);
                vec![e("C-BLANK", Error).at(table, Some(row), Some(col))]
            }
            Defect::MissingTable { table } => {
                if !spec.omit_tables.contains(&table) {
                    spec.omit_tables.push(table);
                }
                vec![e("C-TABLE-MISSING", Error).at(table, None, None)]
            }
            Defect::NegativeCount => {
                let keep = spec.int(TableId::T4, "rv", "keep").unwrap_or(0);
                spec.t4.set("rv", "keep", Some(-1));
                spec.add(TableId::T4, "rv", "fix", keep + 1);
                vec![e("T4-NONNEG", Error).at(TableId::T4, Some("rv"), Some("keep"))]
            }
            Defect::OldFormatForYear => {
                spec.retemplate(TemplateVersion::V2019);
                may.push(e("V-LABEL", Warning));
                may.push(e("V-BASIS", Warning));
                vec![e("V-FORMAT", Error)]
            }
            Defect::MissingSection { number } => {
                if let Some(s) = spec.sections.iter_mut().find(|s| s.number == number) {
                    s.heading = None;
                    s.content = (2..=4).contains(&number);
                }
                if number == 6 {
                    // The period sentence must not vanish with the section (Y-PERIOD).
                    spec.period_in_section6 = false;
                }
                vec![e("S-SIX", Error)]
            }
            Defect::HeadingVariant => {
                const VARIANTS: [&str; 3] = [
                    "五、存在的主要问题及下一步工作情况",
                    "五、存在的问题及改进情况",
                    "五、政府信息公开工作存在的主要问题及改进情况",
                ];
                let v = VARIANTS[(spec.seed % 3) as usize];
                if let Some(s) = spec.sections.iter_mut().find(|s| s.number == 5) {
                    s.heading = Some(v.to_string());
                }
                vec![e("S-SIX", Warning)]
            }
            Defect::WrongOrder => {
                let i5 = spec.sections.iter().position(|s| s.number == 5);
                let i6 = spec.sections.iter().position(|s| s.number == 6);
                if let (Some(a), Some(b)) = (i5, i6) {
                    spec.sections.swap(a, b);
                }
                vec![e("S-SIX", Warning)]
            }
            Defect::LateDeadline => {
                let due = spec.deadline().expect("applies_to checked the deadline");
                spec.published = due + Duration::days(10 + (spec.seed % 31) as i64);
                vec![e("D-LATE", Warning)]
            }
            Defect::WrongPeriod => {
                spec.period.1 = super::spec::ymd(spec.year, 11, 30);
                vec![e("Y-PERIOD", Warning)]
            }
            Defect::ExtraRow => {
                spec.extra_row = Some([4, 4, 19]);
                vec![e("C-EXTRA-ROW", Warning).at(t2, None, None)]
            }
            Defect::TruncatedHeader => {
                spec.truncated_headers = true;
                vec![e("C-HEADER", Warning).at(t2, None, None)]
            }
            Defect::MissingHeaderCells => {
                spec.missing_header_cells = true;
                vec![e("C-HEADER", Warning).at(t3, None, None)]
            }
            Defect::RegAuthority => {
                let in_force = spec.int(t2, "rules", "in_force").unwrap_or(0);
                spec.t2.set("rules", "issued", Some(1));
                spec.t2.set("rules", "repealed", Some(0));
                spec.t2.set("rules", "in_force", Some(in_force + 2));
                vec![e("P-REG-AUTHORITY", Warning).at(t2, Some("rules"), None)]
            }
            Defect::OldLabel => {
                spec.old_labels = true;
                vec![e("V-LABEL", Warning)]
            }
            Defect::PubTotal { row } => {
                let made = spec.int(t2, row, "new_made").unwrap_or(0).max(3);
                spec.t2.set(row, "new_made", Some(made));
                spec.t2.set(row, "new_published", Some(made));
                spec.t2.set(row, "total_published", Some(made - 1));
                vec![e("P-PUBTOTAL", Warning).at(t2, Some(row), None)]
            }
            Defect::RegPub { row } => {
                // Published short of made (seed 003: 规章 36 vs 3, 规范性文件 1705 vs 864).
                let made = spec.int(t2, row, "new_made").unwrap_or(0).max(4);
                let published = made - 3;
                let total = spec.int(t2, row, "total_published").unwrap_or(0);
                spec.t2.set(row, "new_made", Some(made));
                spec.t2.set(row, "new_published", Some(published));
                spec.t2
                    .set(row, "total_published", Some(total.max(published + 5)));
                vec![e("P-REGPUB", Warning).at(t2, Some(row), None)]
            }
            Defect::ItemsNegative { row } => {
                let prev = spec.int(t2, row, "prev_items").unwrap_or(0);
                spec.t2.set(row, "delta", Some(-(prev + K)));
                may.push(e("P-DECISIONS", Warning).at(t2, Some(row), None));
                vec![e("P-ITEMS", Error).at(t2, Some(row), None)]
            }
            Defect::DecisionsNoItems { row } => {
                spec.t2.set(row, "prev_items", Some(0));
                spec.t2.set(row, "delta", Some(0));
                spec.t2.set(row, "decisions", Some(5));
                vec![e("P-DECISIONS", Warning).at(t2, Some(row), None)]
            }
            Defect::ProcMismatch => {
                spec.t2.set("procurement", "items", Some(0));
                let unit = unit_of(spec);
                let v = amount_for(spec);
                set_amount(&mut spec.t2, "procurement", "amount", v, unit);
                vec![e("P-PROC", Warning).at(t2, Some("procurement"), None)]
            }
            Defect::AmountNoUnit => {
                if spec.int(t2, "procurement", "items").unwrap_or(0) == 0 {
                    spec.t2.set("procurement", "items", Some(2));
                }
                spec.amount_style = AmountStyle::Bare;
                let v = amount_for(spec);
                set_amount(&mut spec.t2, "procurement", "amount", v, "");
                vec![e("P-UNIT", Warning).at(t2, Some("procurement"), Some("amount"))]
            }
            Defect::InForceLow => {
                spec.t2.set("normative_docs", "issued", Some(10));
                spec.t2.set("normative_docs", "repealed", Some(0));
                spec.t2.set("normative_docs", "in_force", Some(5));
                vec![e("P-INFORCE", Warning).at(t2, Some("normative_docs"), None)]
            }
            Defect::FeeUnitYuan => {
                spec.fee_in_yuan = true;
                set_amount(&mut spec.t2, "fees", "amount", Decimal::new(394, 2), "元");
                vec![e("P-FEE-UNIT", Warning).at(t2, Some("fees"), None)]
            }
        };
        Planted {
            defect: self.clone(),
            must,
            may,
        }
    }

    /// Every defect kind with a default target, for corpus generation and coverage tests.
    pub fn all() -> Vec<Defect> {
        vec![
            Defect::BreakT3Sum7 { col: "np" },
            Defect::BreakT3Identity { col: "biz" },
            Defect::BreakT3Row { row: "r4_1" },
            Defect::ChangeT3Cell {
                row: "r7",
                col: "np",
                delta: 2,
            },
            Defect::BreakT4Sum { group: "lr" },
            Defect::BlankCell {
                table: TableId::T3,
                row: "r2",
                col: "res",
            },
            Defect::MissingTable { table: TableId::T4 },
            Defect::NegativeCount,
            Defect::OldFormatForYear,
            Defect::MissingSection { number: 6 },
            Defect::HeadingVariant,
            Defect::WrongOrder,
            Defect::LateDeadline,
            Defect::WrongPeriod,
            Defect::ExtraRow,
            Defect::TruncatedHeader,
            Defect::MissingHeaderCells,
            Defect::RegAuthority,
            Defect::OldLabel,
            Defect::PubTotal {
                row: "normative_docs",
            },
            Defect::RegPub {
                row: "normative_docs",
            },
            Defect::ItemsNegative {
                row: "other_services",
            },
            Defect::DecisionsNoItems { row: "enforcement" },
            Defect::ProcMismatch,
            Defect::AmountNoUnit,
            Defect::InForceLow,
            Defect::FeeUnitYuan,
        ]
    }
}

/// The unit the spec's amount style stores for 采购总金额.
fn unit_of(spec: &ReportSpec) -> &'static str {
    match spec.amount_style {
        AmountStyle::Yuan => "元",
        AmountStyle::WanHeader => "万元",
        AmountStyle::Yi => "亿",
        AmountStyle::Bare => "",
    }
}

/// A positive 采购总金额 in the spec's unit.
fn amount_for(spec: &ReportSpec) -> Decimal {
    match spec.amount_style {
        AmountStyle::WanHeader => Decimal::new(1_285_000, 4),
        AmountStyle::Yi => Decimal::new(127, 2),
        AmountStyle::Yuan | AmountStyle::Bare => Decimal::from(1_285_000),
    }
}

/// Checks an auditor's findings against planted defects: every `must` is reported, and every
/// warning or error is explained by a `must` or `may`. Info findings are ignored.
pub fn verify(findings: &[Finding], planted: &[Planted]) -> Result<(), String> {
    let mut problems = Vec::new();
    for p in planted {
        for m in &p.must {
            if !findings
                .iter()
                .any(|f| f.severity >= Severity::Warning && m.matches(f))
            {
                problems.push(format!("missing {m} (planted {})", p.defect.slug()));
            }
        }
    }
    for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        let explained = planted
            .iter()
            .any(|p| p.must.iter().chain(&p.may).any(|x| x.matches(f)));
        if !explained {
            problems.push(format!(
                "unexpected {} ({}) at {}/{}/{}: {}",
                f.rule,
                f.severity.as_str(),
                f.table.map(TableId::as_str).unwrap_or("-"),
                f.row.unwrap_or("-"),
                f.column.unwrap_or("-"),
                f.message()
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests;
