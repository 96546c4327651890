//! Completeness (domain.md §6.5): every template cell holds a number, every table is there.
//!
//! A blank, `/`, `-` or `无` is a missing cell, never a silent zero: inspectors expect a true zero
//! to be written `0`. Each missing cell is one finding so the UI can mark it; grouping is the
//! printer's business. Unreadable cells of 表三/表四 are left to T3-NONNEG/T4-NONNEG so one defect
//! is not reported twice; in 表二, which has no such rule, they are reported here.

use crate::model::{Finding, Severity, TableId};

use super::rules::{C_BLANK, C_TABLE_MISSING};
use super::{Ctx, at, cell_finding, cell_name};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for id in [TableId::T2, TableId::T3, TableId::T4] {
        match ctx.report.tables.get(id) {
            Some(table) => {
                let version = ctx.table_version(table);
                for def in version.get().rows(id) {
                    for col in def.cols {
                        let a = at(table, def.key, col.key);
                        let (missing, unreadable) = match a.cell {
                            None => (true, false),
                            Some(c) => (c.value.is_none(), c.unreadable),
                        };
                        if !missing || (unreadable && id != TableId::T2) {
                            continue;
                        }
                        let raw = a.cell.map_or("", |c| c.raw.trim());
                        let what = if unreadable {
                            format!("「{raw}」无法识别为数字 / cannot be read as a number")
                        } else if raw.is_empty() {
                            "空白（无数据应填 0） / blank (a true zero is written 0)".to_string()
                        } else {
                            format!(
                                "填写为「{raw}」而非数字（无数据应填 0） / written {raw:?}, not a number"
                            )
                        };
                        let msg = format!("{}: {what}", cell_name(version, a.r));
                        out.push(cell_finding(C_BLANK, Severity::Error, &a, msg));
                    }
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
                let mut f = Finding::new(C_TABLE_MISSING, Severity::Error, msg).line(line);
                f.table = Some(id);
                out.push(f);
            }
        }
    }
}
