//! The hard 勾稽 relations of 表三 and 表四 (domain.md §6.1–§6.2).
//!
//! Every relation is an equation between two sums of cells. Each failing (rule, row or column)
//! is its own finding, even where the rules overlap, so an inspector sees where it broke.
//! Unreadable, fractional or negative cells are errors of their own (T3-NONNEG / T4-NONNEG) and
//! count as unknown in the sums: a sum with unknown operands is reported as not verifiable
//! (`Info`), unless the known operands already make it impossible.
//!
//! The cells are read from the [`Grid`]s by position; addresses, names and messages are only
//! built for a finding.

use std::sync::OnceLock;

use crate::model::{CellRef, Finding, Severity, TableId, TemplateVersion};
use crate::template::t3_groups;

use super::{Ctx, Grid, Val, cell_finding, cell_name, col_name, name_list, row_name};
use crate::rules::Rule;

const T3_PARTS: [&str; 6] = ["np", "biz", "res", "ngo", "law", "oth"];
const T3_ALL_COLS: [&str; 7] = ["np", "biz", "res", "ngo", "law", "oth", "tot"];
const T4_PARTS: [&str; 4] = ["keep", "fix", "oth", "pend"];
const T4_ALL_COLS: [&str; 5] = ["keep", "fix", "oth", "pend", "tot"];

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(t3) = &ctx.t3 {
        check_t3(t3, ctx.cfg.cout_bound, out);
    }
    if let Some(t4) = &ctx.t4 {
        check_t4(t4, out);
    }
}

/// Where the cells the relations read sit in one version's template: row and column positions
/// of a [`Grid`], found by key once per process.
#[derive(Debug)]
struct Layout {
    /// 表三: 一、本年新收, 二、上年结转, （七）总计, 四、结转下年度.
    new: usize,
    cin: usize,
    r7: usize,
    cout: usize,
    /// 表三's result rows (（一）to（六）), in group order.
    results: Vec<usize>,
    /// 表三's columns: the six applicants (`T3_PARTS`), all seven (`T3_ALL_COLS`), 总计.
    t3_parts: [usize; 6],
    t3_cols: [usize; 7],
    t3_tot: usize,
    /// 表四's columns: the four results (`T4_PARTS`), all five (`T4_ALL_COLS`), 总计.
    t4_parts: [usize; 4],
    t4_cols: [usize; 5],
    t4_tot: usize,
}

impl Layout {
    fn get(version: TemplateVersion) -> &'static Layout {
        static LAYOUTS: [OnceLock<Layout>; 2] = [OnceLock::new(), OnceLock::new()];
        let i = match version {
            TemplateVersion::V2019 => 0,
            TemplateVersion::V2021 => 1,
        };
        LAYOUTS[i].get_or_init(|| Layout::new(version))
    }

    fn new(version: TemplateVersion) -> Layout {
        let t = version.get();
        let row = |rows: &[crate::template::RowDef], key: &str| {
            crate::template::find_key(rows, key, |r| r.key)
                .unwrap_or_else(|| panic!("no template row {key}"))
                .0
        };
        // Every row of 表三 (of 表四) has the same columns.
        let col = |rows: &[crate::template::RowDef], key: &str| {
            let (i, _) = rows[0]
                .col(key)
                .unwrap_or_else(|| panic!("no template column {key}"));
            assert!(rows.iter().all(|r| r.col(key).map(|c| c.0) == Some(i)));
            i
        };
        Layout {
            new: row(t.t3, "new"),
            cin: row(t.t3, "cin"),
            r7: row(t.t3, "r7"),
            cout: row(t.t3, "cout"),
            results: t3_groups(version)
                .iter()
                .flat_map(|(_, members)| members.iter().map(|k| row(t.t3, k)))
                .collect(),
            t3_parts: T3_PARTS.map(|c| col(t.t3, c)),
            t3_cols: T3_ALL_COLS.map(|c| col(t.t3, c)),
            t3_tot: col(t.t3, "tot"),
            t4_parts: T4_PARTS.map(|c| col(t.t4, c)),
            t4_cols: T4_ALL_COLS.map(|c| col(t.t4, c)),
            t4_tot: col(t.t4, "tot"),
        }
    }
}

/// Each listed cell that holds something other than a non-negative integer.
fn nonneg(rule: Rule, grid: &Grid<'_>, cols: &[usize], out: &mut Vec<Finding>) {
    for row in 0..grid.rows.len() {
        for &col in cols {
            let i = grid.index(row, col);
            if grid.slot(i).val != Val::Bad {
                continue;
            }
            let a = grid.at(i);
            let raw = a.cell.map_or("", |c| c.raw.as_str());
            let raw: String = raw.chars().take(24).collect();
            let actual = a.cell.and_then(|c| c.int());
            let msg = format!(
                "{}: 「{raw}」不是非负整数，不计入合计 / is not a non-negative integer; left out of the sums",
                cell_name(grid.version, a.r)
            );
            out.push(cell_finding(rule, Severity::Error, &a, msg).values(None, actual));
        }
    }
}

/// The slots of one side of an equation, without allocating: at most every result row of 表三.
#[derive(Clone, Copy)]
struct Cells {
    idx: [u16; Cells::CAP],
    len: u8,
}

impl Cells {
    const CAP: usize = 24;

    fn of(slots: impl IntoIterator<Item = usize>) -> Cells {
        let mut c = Cells {
            idx: [0; Cells::CAP],
            len: 0,
        };
        for i in slots {
            c.idx[usize::from(c.len)] = i as u16;
            c.len += 1;
        }
        c
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.idx[..usize::from(self.len)]
            .iter()
            .map(|&i| usize::from(i))
    }
}

/// One equation: the cells on the `expected` side must add up to the cells on the `actual`
/// side. The finding is attached to `target`, which is one of the `actual` cells.
struct Equation<'g, 'a> {
    rule: Rule,
    grid: &'g Grid<'a>,
    target: usize,
    expected: Cells,
    actual: Cells,
    /// What is checked; rendered into words only when the check fails or cannot be verified.
    what: What,
    /// Whether known operands may prove a failure despite blanks. Off where a more specific
    /// rule (T3-COUT) reports that case, so one defect is one error.
    bounds: bool,
}

/// The equation an [`Equation`] is, by rule and place: enough to name it in a message.
#[derive(Clone, Copy)]
enum What {
    /// T3-SUM7 for one column.
    Sum7(&'static str),
    /// T3-ID for one column.
    Identity(&'static str),
    /// T3-ROW for one row.
    RowTotal(&'static str),
    /// T4-SUM for one group.
    T4Group(&'static str),
}

/// An equation's words: what is checked and what its expected side is, in Chinese and English.
struct Texts {
    what_zh: String,
    what_en: String,
    sum_zh: &'static str,
    sum_en: &'static str,
}

impl What {
    fn texts(self, version: TemplateVersion) -> Texts {
        match self {
            What::Sum7(col) => {
                let cname = col_name(TableId::T3, version, "r7", col);
                Texts {
                    what_zh: format!("（七）总计 · {cname}"),
                    what_en: format!("(七) total, column {cname}"),
                    sum_zh: "（一）至（六）各项之和",
                    sum_en: "sum of (一)–(六)",
                }
            }
            What::Identity(col) => {
                let cname = col_name(TableId::T3, version, "r7", col);
                Texts {
                    what_zh: format!("{cname} · 第三项（七）总计+第四项结转下年度"),
                    what_en: format!("column {cname}: handled (七) + carried over"),
                    sum_zh: "第一项本年新收+第二项上年结转",
                    sum_en: "new + carried in",
                }
            }
            What::RowTotal(row) => {
                let rname = row_name(TableId::T3, version, row);
                Texts {
                    what_zh: format!("{rname} · 总计"),
                    what_en: format!("row {rname}, 总计"),
                    sum_zh: "自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他",
                    sum_en: "sum of the six applicant columns",
                }
            }
            What::T4Group(group) => {
                let gname = row_name(TableId::T4, version, group);
                Texts {
                    what_zh: format!("{gname} · 总计"),
                    what_en: format!("{gname}, total"),
                    sum_zh: "结果维持+结果纠正+其他结果+尚未审结",
                    sum_en: "upheld + corrected + other + pending",
                }
            }
        }
    }
}

/// The known sum of one side and how many of its cells could not be read.
struct Side {
    sum: i64,
    unknown: usize,
    /// Some unknown cell holds a value that is not a non-negative integer (a negative
    /// count, say): unlike a blank, it may have made the equation hold, so no bound applies.
    bad: bool,
}

fn side(grid: &Grid<'_>, cells: &Cells) -> Side {
    let mut s = Side {
        sum: 0,
        unknown: 0,
        bad: false,
    };
    for i in cells.iter() {
        match grid.slot(i).val {
            // Values come from untrusted text: saturate rather than overflow.
            Val::Int(v) => s.sum = s.sum.saturating_add(v),
            Val::Missing => s.unknown += 1,
            Val::Bad => {
                s.unknown += 1;
                s.bad = true;
            }
        }
    }
    s
}

impl Equation<'_, '_> {
    fn finding(&self, severity: Severity, msg: String) -> Finding {
        let target = self.grid.at(self.target);
        // A value whose column was inferred may belong elsewhere: the failure may be the
        // placement's, not the report's, so it is a warning that says so.
        let inferred = self.expected.iter().chain(self.actual.iter()).any(|i| {
            self.grid
                .slot(i)
                .cell
                .is_some_and(crate::model::Cell::inferred)
        });
        let (severity, msg) = if inferred && severity == Severity::Error {
            (
                Severity::Warning,
                format!("placement inferred, could not verify (位置系推断，无法核实): {msg}"),
            )
        } else {
            (severity, msg)
        };
        let operands: Vec<CellRef> = self
            .expected
            .iter()
            .chain(self.actual.iter())
            .map(|i| self.grid.at(i).r)
            .filter(|r| *r != target.r)
            .collect();
        cell_finding(self.rule, severity, &target, msg).operands(operands)
    }

    fn check(&self) -> Option<Finding> {
        let exp = side(self.grid, &self.expected);
        let act = side(self.grid, &self.actual);
        if exp.unknown == 0 && act.unknown == 0 && exp.sum == act.sum {
            return None;
        }
        let version = self.grid.version;
        let t = self.what.texts(version);
        let (what, what_en, sum, sum_en) = (&t.what_zh, &t.what_en, t.sum_zh, t.sum_en);
        match (exp.unknown == 0, act.unknown == 0) {
            (true, true) => {
                let (e, a) = (exp.sum, act.sum);
                Some(
                    self.finding(
                        Severity::Error,
                        format!(
                            "{what}: 应为 {e}（= {sum}），实为 {a} / {what_en}: should be {e} (= {sum_en}), is {a}"
                        ),
                    )
                    .values(Some(e), Some(a)),
                )
            }
            // The blanks can only add (cells are ≥ 0): a known part already above the whole
            // other side fails whatever they hold.
            (false, true) if self.bounds && !exp.bad && exp.sum > act.sum => {
                let (e, a, n) = (exp.sum, act.sum, exp.unknown);
                Some(
                    self.finding(
                        Severity::Error,
                        format!(
                            "{what}: 实为 {a}，但 {sum} 已填各项之和已达 {e}（另有 {n} 格空白），无论空白填什么都不相符 / \
                             {what_en}: is {a}, but the filled cells of {sum_en} already add up to {e} ({n} blank), so it cannot hold"
                        ),
                    )
                    .values(Some(e), Some(a)),
                )
            }
            (true, false) if self.bounds && !act.bad && act.sum > exp.sum => {
                let (e, a, n) = (exp.sum, act.sum, act.unknown);
                Some(
                    self.finding(
                        Severity::Error,
                        format!(
                            "{what}: 应为 {e}（= {sum}），但已填各项之和已达 {a}（另有 {n} 格空白），无论空白填什么都不相符 / \
                             {what_en}: should be {e} (= {sum_en}), but the filled cells already add up to {a} ({n} blank), so it cannot hold"
                        ),
                    )
                    .values(Some(e), Some(a)),
                )
            }
            (exp_known, act_known) => {
                let names: Vec<String> = self
                    .expected
                    .iter()
                    .chain(self.actual.iter())
                    .filter(|&i| !matches!(self.grid.slot(i).val, Val::Int(_)))
                    .map(|i| cell_name(version, self.grid.at(i).r))
                    .collect();
                let n = names.len();
                Some(
                    self.finding(
                        Severity::Info,
                        format!(
                            "无法核验 {what} = {sum}：缺少或无法识别 {} / could not verify {what_en} = {sum_en}: {n} cell(s) missing or unreadable",
                            name_list(&names)
                        ),
                    )
                    .values(exp_known.then_some(exp.sum), act_known.then_some(act.sum)),
                )
            }
        }
    }
}

fn check_t3(t3: &Grid<'_>, cout_bound: bool, out: &mut Vec<Finding>) {
    let l = Layout::get(t3.version);

    nonneg(Rule::T3Nonneg, t3, &l.t3_cols, out);

    // T3-SUM7 and T3-ID, per column.
    for (&col, col_key) in l.t3_cols.iter().zip(T3_ALL_COLS) {
        let r7 = t3.index(l.r7, col);
        let sum7 = Equation {
            rule: Rule::T3Sum7,
            grid: t3,
            target: r7,
            expected: Cells::of(l.results.iter().map(|&r| t3.index(r, col))),
            actual: Cells::of([r7]),
            what: What::Sum7(col_key),
            bounds: true,
        };
        out.extend(sum7.check());

        // Attached to r7 so the TUI can jump to the (七) row; cout is an operand. With (七)
        // blank, the only failure T3-ID could still prove is cout > new + cin: T3-COUT says so.
        let r7_unknown = !matches!(t3.slot(r7).val, Val::Int(_));
        let (new, cin, cout) = (
            t3.index(l.new, col),
            t3.index(l.cin, col),
            t3.index(l.cout, col),
        );
        let id = Equation {
            rule: Rule::T3Id,
            grid: t3,
            target: r7,
            expected: Cells::of([new, cin]),
            actual: Cells::of([r7, cout]),
            what: What::Identity(col_key),
            bounds: !(cout_bound && r7_unknown),
        };
        out.extend(id.check());
        if cout_bound && r7_unknown {
            out.extend(cout_le(t3, col_key, [new, cin, cout]));
        }
    }

    // T3-ROW, per row.
    for (row, def) in t3.rows.iter().enumerate() {
        let tot = t3.index(row, l.t3_tot);
        let eq = Equation {
            rule: Rule::T3Row,
            grid: t3,
            target: tot,
            expected: Cells::of(l.t3_parts.iter().map(|&c| t3.index(row, c))),
            actual: Cells::of([tot]),
            what: What::RowTotal(def.key),
            bounds: true,
        };
        out.extend(eq.check());
    }
}

/// T3-COUT for a column whose (七) is blank: carried over cannot exceed what there was to handle.
/// Only a definite failure is reported; T3-ID already says the column could not be verified.
/// `cells` are the column's new, carried-in and carried-over slots.
fn cout_le(t3: &Grid<'_>, col: &'static str, cells: [usize; 3]) -> Option<Finding> {
    let [new, cin, cout] = cells;
    let Val::Int(c) = t3.slot(cout).val else {
        return None;
    };
    let (Val::Int(n), Val::Int(i)) = (t3.slot(new).val, t3.slot(cin).val) else {
        return None;
    };
    let bound = n.saturating_add(i);
    if c <= bound {
        return None;
    }
    let cname = col_name(TableId::T3, t3.version, "r7", col);
    // As for the sums: a bound broken by a value whose column was inferred is not verified.
    let inferred = [cout, new, cin]
        .iter()
        .any(|&i| t3.slot(i).cell.is_some_and(crate::model::Cell::inferred));
    let (severity, unsure) = if inferred {
        (
            Severity::Warning,
            "placement inferred, could not verify (位置系推断，无法核实): ",
        )
    } else {
        (Severity::Error, "")
    };
    Some(
        cell_finding(
            Rule::T3Cout,
            severity,
            &t3.at(cout),
            format!(
                "{unsure}四、结转下年度 · {cname}: {c} 超过 本年新收+上年结转 = {bound} / carried over {c} exceeds new + carried in = {bound}"
            ),
        )
        .values(Some(bound), Some(c))
        .operands(vec![t3.at(new).r, t3.at(cin).r]),
    )
}

fn check_t4(t4: &Grid<'_>, out: &mut Vec<Finding>) {
    let l = Layout::get(t4.version);
    nonneg(Rule::T4Nonneg, t4, &l.t4_cols, out);
    for (g, def) in t4.rows.iter().enumerate() {
        let tot = t4.index(g, l.t4_tot);
        let eq = Equation {
            rule: Rule::T4Sum,
            grid: t4,
            target: tot,
            expected: Cells::of(l.t4_parts.iter().map(|&c| t4.index(g, c))),
            actual: Cells::of([tot]),
            what: What::T4Group(def.key),
            bounds: true,
        };
        out.extend(eq.check());
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::{Cell, Report, Severity, TableId, TemplateVersion};
    use crate::template::t3_groups;

    const V19: TemplateVersion = TemplateVersion::V2019;
    const V21: TemplateVersion = TemplateVersion::V2021;

    type Key = (&'static str, Option<&'static str>, Option<&'static str>);

    fn t3_mut(r: &mut Report) -> &mut crate::model::Table {
        r.tables.t3.as_mut().unwrap()
    }

    /// Seed 002 (鄂城区 2020): 15 requests granted, but (七)总计 left at 0.
    fn seed002() -> Report {
        let mut r = clean_report(V19, 2020);
        let mut t3 = t3_literal(
            V19,
            &[
                ("new", [15, 0, 0, 0, 0, 0, 15]),
                ("r1", [15, 0, 0, 0, 0, 0, 15]),
            ],
        );
        number_lines(&mut t3, 200);
        r.tables.t3 = Some(t3);
        r.tables.t4 = Some(t4_literal([
            [10, 0, 2, 2, 14],
            [0, 0, 0, 1, 1],
            [0, 0, 0, 3, 3],
        ]));
        r
    }

    /// Seed 004 (元江县人民政府办公室 2023, 2021 format): 复议后起诉 total 1 with no parts.
    fn seed004() -> Report {
        let mut r = clean_report(V21, 2023);
        r.tables.t3 = Some(t3_consistent(
            V21,
            [8, 0, 0, 0, 0, 0],
            [0; 6],
            &[("r1", [8, 0, 0, 0, 0, 0])],
        ));
        r.tables.t4 = Some(t4_literal([[0, 1, 0, 0, 1], [0; 5], [0, 0, 0, 0, 1]]));
        r
    }

    #[test]
    fn layouts_find_the_cells_the_relations_name() {
        use super::super::Grid;
        use super::{Cells, Layout, T3_ALL_COLS, T3_PARTS, T4_ALL_COLS, T4_PARTS};
        use crate::model::CellRef;
        for version in [V19, V21] {
            let l = Layout::get(version);
            let r = clean_report(version, 2022);
            let (t3, t4) = (r.tables.t3.as_ref().unwrap(), r.tables.t4.as_ref().unwrap());
            let (g3, g4) = (Grid::new(t3, version), Grid::new(t4, version));
            let cell = |g: &Grid<'_>, row: usize, col: usize| {
                let c = g.at(g.index(row, col)).r;
                (c.table, c.row, c.column)
            };
            let t3_at = |row, col| (TableId::T3, row, col);
            assert_eq!(cell(&g3, l.new, l.t3_tot), t3_at("new", "tot"));
            assert_eq!(cell(&g3, l.cin, l.t3_parts[0]), t3_at("cin", "np"));
            assert_eq!(cell(&g3, l.r7, l.t3_cols[5]), t3_at("r7", "oth"));
            assert_eq!(cell(&g3, l.cout, l.t3_cols[6]), t3_at("cout", "tot"));
            let results: Vec<&str> = l.results.iter().map(|&r| g3.rows[r].key).collect();
            let grouped: Vec<&str> = t3_groups(version)
                .iter()
                .flat_map(|g| g.1.iter().copied())
                .collect();
            assert_eq!(results, grouped);
            assert!(l.results.len() <= Cells::CAP);
            for (row, def) in g3.rows.iter().enumerate() {
                let cols: Vec<&str> = l.t3_cols.iter().map(|&c| cell(&g3, row, c).2).collect();
                assert_eq!(cols, T3_ALL_COLS);
                let parts: Vec<&str> = l.t3_parts.iter().map(|&c| cell(&g3, row, c).2).collect();
                assert_eq!(parts, T3_PARTS);
                assert_eq!(cell(&g3, row, l.t3_tot), t3_at(def.key, "tot"));
            }
            for (row, def) in g4.rows.iter().enumerate() {
                let cols: Vec<&str> = l.t4_cols.iter().map(|&c| cell(&g4, row, c).2).collect();
                assert_eq!(cols, T4_ALL_COLS);
                let parts: Vec<&str> = l.t4_parts.iter().map(|&c| cell(&g4, row, c).2).collect();
                assert_eq!(parts, T4_PARTS);
                let tot = g4.at(g4.index(row, l.t4_tot)).r;
                assert_eq!(
                    tot,
                    CellRef {
                        table: TableId::T4,
                        row: def.key,
                        column: "tot"
                    }
                );
            }
        }
    }

    fn arithmetic_errors(r: &Report) -> Vec<Key> {
        keys(r, Severity::Error)
            .into_iter()
            .filter(|k| k.0.starts_with("T3") || k.0.starts_with("T4"))
            .collect()
    }

    #[test]
    fn seed003_figures_pass_every_sum() {
        let r = audited(seed003());
        assert_eq!(arithmetic_errors(&r), vec![]);
        assert!(
            r.findings
                .iter()
                .all(|f| !f.rule.id().starts_with("T3") && !f.rule.id().starts_with("T4"))
        );
    }

    #[test]
    fn seed002_reports_the_unfilled_total_on_r7() {
        let r = audited(seed002());
        assert_eq!(
            arithmetic_errors(&r),
            vec![
                ("T3-ID", Some("r7"), Some("np")),
                ("T3-ID", Some("r7"), Some("tot")),
                ("T3-SUM7", Some("r7"), Some("np")),
                ("T3-SUM7", Some("r7"), Some("tot")),
            ]
        );
        let t3 = r.tables.t3.as_ref().unwrap();
        let r7_np_line = t3.cell("r7", "np").unwrap().line;
        let sum7 = r
            .findings
            .iter()
            .find(|f| f.rule == "T3-SUM7" && f.column == Some("np"))
            .unwrap();
        assert_eq!((sum7.expected, sum7.actual), (Some(15), Some(0)));
        assert_eq!(sum7.line, r7_np_line);
        assert!(
            sum7.message
                .starts_with("（七）总计 · 自然人: 应为 15（= （一）至（六）各项之和），实为 0"),
            "{}",
            sum7.message
        );
        // Every result row of the column entered the sum; the TUI tints them.
        assert_eq!(sum7.operands.len(), 19);
        assert!(
            sum7.operands
                .iter()
                .all(|c| c.column == "np" && c.row != "r7")
        );
        let id = r
            .findings
            .iter()
            .find(|f| f.rule == "T3-ID" && f.column == Some("tot"))
            .unwrap();
        assert_eq!((id.expected, id.actual), (Some(15), Some(0)));
        let mut ops: Vec<&str> = id.operands.iter().map(|c| c.row).collect();
        ops.sort();
        assert_eq!(ops, vec!["cin", "cout", "new"]);
    }

    #[test]
    fn seed004_has_exactly_one_arithmetic_error_on_lr() {
        let r = audited(seed004());
        assert_eq!(
            arithmetic_errors(&r),
            vec![("T4-SUM", Some("lr"), Some("tot"))]
        );
        let f = &with_rule(&r, "T4-SUM")[0];
        assert_eq!((f.expected, f.actual), (Some(0), Some(1)));
        assert!(f.message.contains("复议后起诉"), "{}", f.message);
        assert_eq!(f.operands.len(), 4);
    }

    /// The (rule, row, column) of every check a cell enters, from the formulas of domain.md §6.1.
    fn touching(version: TemplateVersion, row: &'static str, col: &'static str) -> Vec<Key> {
        let results: Vec<&str> = t3_groups(version)
            .iter()
            .flat_map(|g| g.1.iter().copied())
            .collect();
        let mut v = vec![("T3-ROW", Some(row), Some("tot"))];
        if results.contains(&row) || row == "r7" {
            v.push(("T3-SUM7", Some("r7"), Some(col)));
        }
        if matches!(row, "new" | "cin" | "r7" | "cout") {
            v.push(("T3-ID", Some("r7"), Some(col)));
        }
        v.sort();
        v
    }

    fn busy_t3(version: TemplateVersion) -> crate::model::Table {
        // Seed 003's figures with one request in every result row and column, so no sum is 0.
        let results: Vec<(&str, [i64; 6])> = t3_groups(version)
            .iter()
            .flat_map(|g| g.1.iter().map(|k| (*k, [2, 1, 1, 1, 1, 1])))
            .collect();
        t3_consistent(
            version,
            [284, 50, 30, 30, 30, 30],
            [14, 3, 3, 3, 3, 3],
            &results,
        )
    }

    #[test]
    fn changing_one_t3_cell_fails_exactly_the_rules_touching_it() {
        for version in [V19, V21] {
            let mut base = clean_report(version, if version == V19 { 2020 } else { 2022 });
            base.tables.t3 = Some(busy_t3(version));
            assert_eq!(keys(&audited(base.clone()), Severity::Error), vec![]);
            let rows: Vec<&'static str> = version.get().t3.iter().map(|d| d.key).collect();
            for row in rows {
                for col in ["np", "biz", "res", "ngo", "law", "oth", "tot"] {
                    let mut r = base.clone();
                    let v = r.tables.t3.as_ref().unwrap().int(row, col).unwrap();
                    t3_mut(&mut r).set(row, col, Some(v + 1));
                    let got = keys(&audited(r), Severity::Error);
                    assert_eq!(
                        got,
                        touching(version, row, col),
                        "{version:?} {row}/{col} +1"
                    );
                }
            }
        }
    }

    #[test]
    fn blanking_one_t3_cell_is_a_blank_not_a_failed_sum() {
        for version in [V19, V21] {
            let mut base = clean_report(version, if version == V19 { 2020 } else { 2022 });
            base.tables.t3 = Some(busy_t3(version));
            for (row, col) in [
                ("r3_5", "res"),
                ("r7", "tot"),
                ("cout", "np"),
                ("new", "law"),
            ] {
                let mut r = base.clone();
                t3_mut(&mut r).set(row, col, None);
                let r = audited(r);
                assert_eq!(
                    keys(&r, Severity::Error),
                    vec![("C-BLANK", Some(row), Some(col))],
                    "{row}/{col}"
                );
                // Each check that needed the cell says it could not be verified.
                let infos: Vec<Key> = keys(&r, Severity::Info)
                    .into_iter()
                    .filter(|k| k.0 != "T3-COUT")
                    .collect();
                assert_eq!(infos, touching(version, row, col), "{row}/{col}");
                assert!(
                    r.findings
                        .iter()
                        .filter(|f| f.severity == Severity::Info)
                        .all(|f| f.message.starts_with("无法核验"))
                );
            }
        }
    }

    #[test]
    fn changing_one_t4_cell_fails_only_its_group() {
        let base = {
            let mut r = clean_report(V19, 2020);
            r.tables.t4 = Some(t4_literal([
                [18, 6, 30, 14, 68],
                [1, 2, 25, 13, 41],
                [1, 0, 7, 6, 14],
            ]));
            r
        };
        for g in ["rv", "ld", "lr"] {
            for col in ["keep", "fix", "oth", "pend", "tot"] {
                let mut r = base.clone();
                let t4 = r.tables.t4.as_mut().unwrap();
                let v = t4.int(g, col).unwrap();
                t4.set(g, col, Some(v + 3));
                let r = audited(r);
                assert_eq!(
                    keys(&r, Severity::Error),
                    vec![("T4-SUM", Some(g), Some("tot"))]
                );
                let f = &with_rule(&r, "T4-SUM")[0];
                let (e, a) = if col == "tot" {
                    (v_sum(&base, g), v_sum(&base, g) + 3)
                } else {
                    (v_sum(&base, g) + 3, v_sum(&base, g))
                };
                assert_eq!((f.expected, f.actual), (Some(e), Some(a)), "{g}/{col}");
            }
        }
    }

    fn v_sum(r: &Report, g: &str) -> i64 {
        r.tables.t4.as_ref().unwrap().int(g, "tot").unwrap()
    }

    #[test]
    fn only_totals_filled_is_blanks_not_errors() {
        // Seed 001: every 表三 row holds one 0 (in 总计), 表四 only its three totals.
        let mut r = clean_report(V19, 2020);
        let mut t3 = crate::model::Table::blank(V19, TableId::T3);
        for def in V19.get().t3 {
            t3.set(def.key, "tot", Some(0));
        }
        r.tables.t3 = Some(t3);
        let mut t4 = crate::model::Table::blank(V19, TableId::T4);
        for g in ["rv", "ld", "lr"] {
            t4.set(g, "tot", Some(0));
        }
        r.tables.t4 = Some(t4);
        let r = audited(r);
        assert_eq!(r.failed_checks(), 0);
        assert_eq!(r.missing_cells(), 23 * 6 + 3 * 4);
        // The 总计 column still checks (0 = 0); the six others and every row cannot.
        assert!(
            with_rule(&r, "T3-SUM7")
                .iter()
                .all(|f| f.column != Some("tot"))
        );
        assert_eq!(with_rule(&r, "T3-SUM7").len(), 6);
        assert_eq!(with_rule(&r, "T3-ROW").len(), 23);
        assert_eq!(with_rule(&r, "T4-SUM").len(), 3);
    }

    #[test]
    fn known_operands_above_the_total_fail_whatever_the_blanks_hold() {
        let mut r = clean_report(V19, 2020);
        let t3 = t3_mut(&mut r);
        t3.set("r1", "np", Some(10));
        t3.set("r2", "np", None);
        t3.set("r7", "np", Some(5));
        let r = audited(r);
        let sum7: Vec<_> = with_rule(&r, "T3-SUM7");
        assert_eq!(sum7.len(), 1);
        assert_eq!(sum7[0].severity, Severity::Error);
        assert_eq!((sum7[0].expected, sum7[0].actual), (Some(10), Some(5)));
        assert!(
            sum7[0].message.contains("无论空白填什么都不相符"),
            "{}",
            sum7[0].message
        );

        // The other way round: the total is blank-free but its parts already exceed it.
        let mut r = clean_report(V19, 2020);
        let t3 = t3_mut(&mut r);
        t3.set("r1", "tot", Some(4));
        t3.set("r1", "np", Some(7));
        t3.set("r1", "biz", None);
        let r = audited(r);
        let row: Vec<_> = with_rule(&r, "T3-ROW");
        assert_eq!(row.len(), 1);
        assert_eq!(
            (row[0].severity, row[0].expected, row[0].actual),
            (Severity::Error, Some(7), Some(4))
        );
    }

    #[test]
    fn unreadable_and_negative_cells_are_nonneg_errors_left_out_of_sums() {
        let mut r = clean_report(V19, 2020);
        let t3 = t3_mut(&mut r);
        let row = t3.rows.iter_mut().find(|x| x.def.key == "r2").unwrap();
        row.cells[0] = Cell {
            raw: "约30".into(),
            unreadable: true,
            line: Some(77),
            ..Cell::default()
        };
        t3.set("r4_1", "biz", Some(-2));
        let r = audited(r);
        assert_eq!(
            keys(&r, Severity::Error),
            vec![
                ("T3-NONNEG", Some("r2"), Some("np")),
                ("T3-NONNEG", Some("r4_1"), Some("biz"))
            ]
        );
        let f = &with_rule(&r, "T3-NONNEG")[0];
        assert_eq!(f.line, Some(77));
        assert!(f.message.contains("「约30」不是非负整数"), "{}", f.message);
        assert_eq!(with_rule(&r, "T3-NONNEG")[1].actual, Some(-2));
        let infos = keys(&r, Severity::Info);
        assert!(infos.contains(&("T3-ROW", Some("r2"), Some("tot"))));
        assert!(infos.contains(&("T3-SUM7", Some("r7"), Some("biz"))));

        let mut r = clean_report(V19, 2020);
        r.tables.t4.as_mut().unwrap().set("ld", "fix", Some(-1));
        assert_eq!(
            keys(&audited(r), Severity::Error),
            vec![("T4-NONNEG", Some("ld"), Some("fix"))]
        );
    }

    #[test]
    fn carried_over_beyond_received_fails_when_the_total_is_blank() {
        let mut r = clean_report(V19, 2020);
        let t3 = t3_mut(&mut r);
        t3.set("new", "np", Some(3));
        t3.set("new", "tot", Some(3));
        t3.set("r7", "np", None);
        t3.set("cout", "np", Some(5));
        t3.set("cout", "tot", Some(5));
        let r = audited(r);
        let cout = with_rule(&r, "T3-COUT");
        assert_eq!(cout.len(), 1);
        assert_eq!((cout[0].row, cout[0].column), (Some("cout"), Some("np")));
        assert_eq!((cout[0].expected, cout[0].actual), (Some(3), Some(5)));
        // One defect, one error: T3-ID could not be verified in 自然人 ...
        assert!(keys(&r, Severity::Info).contains(&("T3-ID", Some("r7"), Some("np"))));
        // ... while 总计 has its (七), so T3-ID speaks there, not T3-COUT.
        assert_eq!(
            keys(&r, Severity::Error),
            vec![
                ("C-BLANK", Some("r7"), Some("np")),
                ("T3-COUT", Some("cout"), Some("np")),
                ("T3-ID", Some("r7"), Some("tot")),
            ]
        );

        let cfg = super::super::AuditConfig {
            cout_bound: false,
            ..Default::default()
        };
        let mut r2 = clean_report(V19, 2020);
        r2.tables.t3 = r.tables.t3.clone();
        super::super::audit(&mut r2, &cfg);
        assert!(with_rule(&r2, "T3-COUT").is_empty());
        // Without T3-COUT, T3-ID proves the failure from the known operands itself.
        assert!(keys(&r2, Severity::Error).contains(&("T3-ID", Some("r7"), Some("np"))));
    }

    #[test]
    fn a_sum_failing_on_an_inferred_cell_is_a_warning_that_could_not_verify() {
        // 行政复议 8/0/1/1 and 总计 12, with 结果维持 placed by inference: the failure may be the
        // placement's, so it is a warning, and the same sum on read cells stays an error.
        let mut r = seed004();
        r.tables.t4 = Some(t4_literal([[8, 0, 1, 1, 12], [0; 5], [0; 5]]));
        let read = audited(r.clone());
        let sums = with_rule(&read, "T4-SUM");
        assert_eq!(sums.len(), 1);
        assert_eq!(sums[0].severity, Severity::Error);

        let t4 = r.tables.t4.as_mut().unwrap();
        t4.rows[0].cells[0].placed = crate::model::Placed::Inferred;
        let inferred = audited(r);
        let sums = with_rule(&inferred, "T4-SUM");
        assert_eq!(sums.len(), 1);
        assert_eq!(sums[0].severity, Severity::Warning);
        assert!(
            sums[0]
                .message
                .starts_with("placement inferred, could not verify"),
            "{}",
            sums[0].message
        );
        assert_eq!((sums[0].expected, sums[0].actual), (Some(10), Some(12)));
    }

    #[test]
    fn carried_over_beyond_received_on_an_inferred_cell_is_a_warning() {
        let mut r = clean_report(V19, 2020);
        let t3 = t3_mut(&mut r);
        t3.set("new", "np", Some(3));
        t3.set("new", "tot", Some(3));
        t3.set("r7", "np", None);
        t3.set("cout", "np", Some(5));
        t3.set("cout", "tot", Some(5));
        t3.rows.last_mut().unwrap().cells[0].placed = crate::model::Placed::Inferred;
        let r = audited(r);
        let cout = with_rule(&r, "T3-COUT");
        assert_eq!(cout.len(), 1);
        assert_eq!(cout[0].severity, Severity::Warning);
        assert!(cout[0].message.starts_with("placement inferred"));
    }
}
