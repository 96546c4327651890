//! Completeness (domain.md §6.5): every template cell holds a number, every table is there.
//!
//! A blank, `/`, `-` or `无` is a missing cell, never a silent zero: inspectors expect a true zero
//! to be written `0`. Each missing cell is one finding so the UI can mark it; grouping is the
//! printer's business. Unreadable cells of 表三/表四 are left to T3-NONNEG/T4-NONNEG so one defect
//! is not reported twice; in 表二, which has no such rule, they are reported here.

use crate::model::{Blank, Finding, Message, Severity, TableId};

use super::{Ctx, cell_finding};
use crate::rules::Rule;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for id in [TableId::T2, TableId::T3, TableId::T4] {
        match ctx.grid(id) {
            Some(grid) => {
                for (i, s) in grid.slots().iter().enumerate() {
                    let (missing, unreadable) = match s.cell {
                        None => (true, false),
                        Some(c) => (c.value.is_none(), c.unreadable),
                    };
                    if !missing || (unreadable && id != TableId::T2) {
                        continue;
                    }
                    let a = grid.at(i);
                    let raw = a.cell.map_or("", |c| c.raw.trim());
                    // Named when printed (`Message::Blank`): a sparse report has a hundred.
                    let blank = if unreadable {
                        Blank::Unreadable(raw.into())
                    } else if raw.is_empty() {
                        Blank::Empty
                    } else {
                        Blank::Written(raw.into())
                    };
                    let msg = Message::Blank {
                        version: grid.version,
                        blank,
                    };
                    out.push(cell_finding(Rule::CBlank, Severity::Error, &a, msg));
                }
            }
            None if ctx.pre_2019() => {}
            None => {
                let section = match id {
                    TableId::T2 => 2,
                    TableId::T3 => 3,
                    TableId::T4 => 4,
                };
                let line = ctx
                    .report
                    .sections
                    .iter()
                    .find(|s| s.number == section)
                    .map(|s| s.line);
                let msg = format!(
                    "未找到{}（可能是图片表格） / table {} not found (an image-only table?)",
                    id.title(),
                    id.short()
                );
                let mut f = Finding::new(Rule::CTableMissing, Severity::Error, msg).line(line);
                f.table = Some(id);
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::{Cell, Severity, TableId, TemplateVersion};

    const V19: TemplateVersion = TemplateVersion::V2019;

    #[test]
    fn every_blank_template_cell_is_one_error_naming_its_labels() {
        let mut r = clean_report(V19, 2020);
        let t2 = r.tables.t2.as_mut().unwrap();
        t2.set("penalty", "decisions", None);
        t2.rows
            .iter_mut()
            .find(|x| x.def.key == "penalty")
            .unwrap()
            .label_line = Some(41);
        let t3 = r.tables.t3.as_mut().unwrap();
        t3.set("r3_1", "res", None);
        let r = audited(r);
        assert_eq!(
            keys(&r, Severity::Error),
            vec![
                ("C-BLANK", Some("penalty"), Some("decisions")),
                ("C-BLANK", Some("r3_1"), Some("res")),
            ]
        );
        let blanks = with_rule(&r, "C-BLANK");
        assert_eq!(blanks[0].table, Some(TableId::T2));
        assert_eq!(
            blanks[0].line,
            Some(41),
            "falls back to the row label's line"
        );
        assert!(
            blanks[0]
                .message()
                .starts_with("表二 第二十条第(六)项 行政处罚 · 处理决定数量: 空白"),
            "{}",
            blanks[0].message()
        );
        assert!(
            blanks[1]
                .message()
                .starts_with("表三 （三）不予公开·1.属于国家秘密 · 科研机构: 空白"),
            "{}",
            blanks[1].message()
        );
    }

    #[test]
    fn an_empty_template_has_every_cell_blank() {
        for v in [V19, TemplateVersion::V2021] {
            let mut r = clean_report(v, if v == V19 { 2020 } else { 2021 });
            r.tables.t2 = Some(crate::model::Table::blank(v, TableId::T2));
            r.tables.t3 = Some(crate::model::Table::blank(v, TableId::T3));
            r.tables.t4 = Some(crate::model::Table::blank(v, TableId::T4));
            let r = audited(r);
            let t = v.get();
            let cells: usize = [TableId::T2, TableId::T3, TableId::T4]
                .iter()
                .map(|id| t.cell_count(*id))
                .sum();
            assert_eq!(r.missing_cells(), cells, "{v:?}");
            assert_eq!(r.failed_checks(), 0, "{v:?}");
        }
    }

    #[test]
    fn a_slash_is_a_blank_and_says_so() {
        let mut r = clean_report(V19, 2020);
        let t4 = r.tables.t4.as_mut().unwrap();
        t4.rows[0].cells[1] = Cell {
            raw: "/".into(),
            line: Some(9),
            ..Cell::default()
        };
        let r = audited(r);
        let b = with_rule(&r, "C-BLANK");
        assert_eq!(b.len(), 1);
        assert_eq!(
            (b[0].row, b[0].column, b[0].line),
            (Some("rv"), Some("fix"), Some(9))
        );
        assert!(b[0].message().contains("填写为「/」"), "{}", b[0].message());
    }

    #[test]
    fn unreadable_cells_are_blanks_in_t2_only() {
        let mut r = clean_report(V19, 2020);
        let unreadable = Cell {
            raw: "若干".into(),
            unreadable: true,
            ..Cell::default()
        };
        r.tables.t2.as_mut().unwrap().rows[0].cells[0] = unreadable.clone();
        r.tables.t3.as_mut().unwrap().rows[0].cells[0] = unreadable;
        let r = audited(r);
        let b = with_rule(&r, "C-BLANK");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].table, Some(TableId::T2));
        assert!(b[0].message().contains("「若干」无法识别为数字"));
        assert_eq!(with_rule(&r, "T3-NONNEG").len(), 1);
    }

    #[test]
    fn a_missing_table_points_at_its_section() {
        let mut r = clean_report(V19, 2020);
        r.tables.t4 = None;
        let line4 = r.sections[3].line;
        let r = audited(r);
        let m = with_rule(&r, "C-TABLE-MISSING");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].table, m[0].line), (Some(TableId::T4), Some(line4)));
        assert_eq!(m[0].severity, Severity::Error);
        assert!(m[0].message().contains("表四"));

        let mut old = clean_report(V19, 2017);
        old.template = None;
        old.tables = Default::default();
        assert!(with_rule(&audited(old), "C-TABLE-MISSING").is_empty());
    }
}
