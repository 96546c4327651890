//! The rectification list as Markdown, the text of a notice: per report a heading, status, note,
//! and a numbered list of problems grouped by table, with blank cells (C-BLANK) summarised per
//! table and row.

use std::io::{self, Write};

use super::model::{GROUPED, Item, Problem, Summary, grouped, summarise};
use crate::sanitize::clean;
use crate::state::Status;
use crate::template::TableId;

/// One line of untrusted text for Markdown: controls stripped, and `<` escaped so that a viewer
/// cannot take report text for HTML.
fn md(s: &str) -> String {
    clean(s).replace('<', "\\<")
}

/// Writes `list` as a Markdown notice to `out`.
pub(super) fn write(list: &[Item], out: &mut dyn Write) -> io::Result<()> {
    let count = |s: Status| list.iter().filter(|i| i.status == s).count();
    writeln!(out, "# 政府信息公开工作年度报告整改清单\n")?;
    writeln!(
        out,
        "共 {} 份报告：待整改 {} 份，退回 {} 份，通过 {} 份，未审核 {} 份。",
        list.len(),
        count(Status::NeedsFix),
        count(Status::Rejected),
        count(Status::Accepted),
        count(Status::Unreviewed),
    )?;
    for (n, it) in list.iter().enumerate() {
        write!(out, "\n## {}. {}\n\n", n + 1, md(&it.title()))?;
        writeln!(out, "- 文件：{}", md(&it.key))?;
        writeln!(
            out,
            "- 审核状态：{}（{}）",
            it.status_label,
            it.status.as_str()
        )?;
        let note: Vec<String> = it
            .note
            .lines()
            .map(md)
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("> {l}"))
            .collect();
        if let Some(c) = it.corrected_line() {
            writeln!(out, "- 数据：{}", md(&c))?;
        }
        if !note.is_empty() {
            writeln!(out, "- 备注：\n\n{}", note.join("\n>\n"))?;
        }
        writeln!(out)?;
        problems(it, out)?;
    }
    Ok(())
}

fn problems(it: &Item, out: &mut dyn Write) -> io::Result<()> {
    let file_problem = it.file_problem();
    if it.problems.is_empty() && file_problem.is_none() {
        return writeln!(out, "未发现需要整改的问题。");
    }
    writeln!(out, "存在问题：")?;
    let mut n = 0;
    let mut item = |out: &mut dyn Write, text: &str| {
        n += 1;
        writeln!(out, "{n}. {}", md(text))
    };
    if let Some(fp) = file_problem {
        writeln!(out)?;
        item(out, &fp.text)?;
    }
    let groups: [Option<TableId>; 4] = [
        Some(TableId::T2),
        Some(TableId::T3),
        Some(TableId::T4),
        None,
    ];
    let summaries: Vec<Summary> = GROUPED
        .iter()
        .flat_map(|&rule| summarise(&it.problems, rule, it.template))
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
        write!(out, "\n**{heading}**\n\n")?;
        for p in listed {
            item(out, &p.text)?;
        }
        for s in summed {
            item(out, &s.text)?;
        }
    }
    Ok(())
}
