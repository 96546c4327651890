//! The shape of a report (domain.md §2, §6.5): six sections in order, the format the year
//! requires, and the statistics period.
//!
//! The extractor finds the sections and says whether each heading is canonical; this file only
//! judges. A missing section is an error (条例 第五十条 requires the content); a variant heading,
//! a section out of order or section-五 content printed before heading 五 is a warning. Reports
//! for 2018 or earlier predate the unified format and are not held to it.

use chrono::{Datelike, NaiveDate};

use crate::model::{Finding, Severity, TemplateVersion};

use super::Ctx;
use crate::rules::Rule;

/// The six headings as the official format prints them.
pub use crate::template::SECTION_HEADINGS as CANONICAL;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if !ctx.pre_2019() {
        six_sections(ctx, out);
        format_version(ctx, out);
    }
    period(ctx, out);
}

fn six_sections(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let mut sections: Vec<_> = ctx
        .report
        .sections
        .iter()
        .filter(|s| (1..=6).contains(&s.number))
        .collect();
    sections.sort_by_key(|s| s.line);

    for (i, heading) in CANONICAL.iter().enumerate() {
        let n = i as u8 + 1;
        if !sections.iter().any(|s| s.number == n) {
            out.push(Finding::new(
                Rule::SSix,
                Severity::Error,
                format!("缺少第{n}部分「{heading}」 / section {n} is missing"),
            ));
        }
    }

    let mut highest: Option<&crate::model::Section> = None;
    for s in &sections {
        let canonical = CANONICAL[usize::from(s.number) - 1];
        if !s.canonical {
            out.push(
                Finding::new(
                    Rule::SSix,
                    Severity::Warning,
                    format!(
                        "标题「{}」不是规范写法「{canonical}」 / heading {} is a variant of the official one",
                        s.heading, s.number
                    ),
                )
                .line(Some(s.line)),
            );
        }
        match highest {
            Some(h) if s.number <= h.number => {
                let msg = if s.number == h.number {
                    format!(
                        "第{}部分重复出现（第 {} 行已有「{}」） / section {} appears twice",
                        s.number, h.line, h.heading, s.number
                    )
                } else {
                    format!(
                        "第{}部分「{}」出现在第{}部分「{}」之后 / section {} comes after section {}",
                        s.number, s.heading, h.number, h.heading, s.number, h.number
                    )
                };
                out.push(Finding::new(Rule::SSix, Severity::Warning, msg).line(Some(s.line)));
            }
            _ => highest = Some(s),
        }
    }
    misplaced_problems(ctx, &sections, out);
}

/// Section 五 content (存在…问题/不足) printed in section 四 after 表四, before heading 五 (seed 000).
fn misplaced_problems(ctx: &Ctx<'_>, sections: &[&crate::model::Section], out: &mut Vec<Finding>) {
    let four = sections.iter().find(|s| s.number == 4);
    let five = sections.iter().find(|s| s.number == 5);
    let (Some(four), Some(five)) = (four, five) else {
        return;
    };
    // Everything up to the last line 表四 occupies belongs to the table.
    let table_end = ctx.report.tables.t4.as_ref().map_or(0, |t| {
        t.rows
            .iter()
            .flat_map(|r| r.cells.iter().filter_map(|c| c.line).chain(r.label_line))
            .chain(t.line)
            .max()
            .unwrap_or(0)
    });
    let start = four.line.max(table_end) + 1;
    for n in start..five.line {
        let Some(text) = ctx.report.lines.get(n as usize - 1) else {
            break;
        };
        if sections.iter().any(|s| s.line == n) {
            continue;
        }
        if text.contains("存在") && (text.contains("问题") || text.contains("不足")) {
            out.push(
                Finding::new(
                    Rule::SSix,
                    Severity::Warning,
                    format!(
                        "第 {n} 行讲存在的问题，却出现在标题「{}」之前 / problems are discussed before heading 五",
                        five.heading
                    ),
                )
                .line(Some(n)),
            );
            return;
        }
    }
}

fn format_version(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let r = ctx.report;
    let (Some(year), Some(used)) = (r.year, r.template) else {
        return;
    };
    let wanted = TemplateVersion::expected_for_year(year);
    if used == wanted {
        return;
    }
    let msg = match used {
        TemplateVersion::V2019 => format!(
            "{year}年度报告使用旧格式（国办公开办函〔2019〕60号），应使用国办公开办函〔2021〕30号格式 / \
             a {year} report on the old 2019 format"
        ),
        TemplateVersion::V2021 => format!(
            "{year}年度报告使用了2021年起的新格式，应使用国办公开办函〔2019〕60号格式 / \
             a {year} report on the 2021 format, which applies from the 2021 reports"
        ),
    };
    let line = r.tables.iter().find_map(|t| t.line);
    out.push(Finding::new(Rule::VFormat, Severity::Error, msg).line(line));
}

fn period(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let r = ctx.report;
    let Some((from, to)) = r.period else {
        return;
    };
    let year = r.year.unwrap_or(from.year());
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1);
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31);
    if Some(from) == jan1 && Some(to) == dec31 {
        return;
    }
    out.push(
        Finding::new(
            Rule::YPeriod,
            Severity::Warning,
            format!(
                "统计期限为 {from} 至 {to}，应为 {year}-01-01 至 {year}-12-31 / \
                 the statistics period should be the whole of {year}"
            ),
        )
        .line(r.period_line),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::{Severity, TemplateVersion};

    const V19: TemplateVersion = TemplateVersion::V2019;
    const V21: TemplateVersion = TemplateVersion::V2021;

    #[test]
    fn a_missing_section_is_an_error_and_a_variant_a_warning() {
        let mut r = clean_report(V19, 2020);
        r.sections.remove(5);
        r.sections[4].heading = "五、存在的主要问题及下一步工作情况".into();
        r.sections[4].canonical = false;
        let line5 = r.sections[4].line;
        let r = audited(r);
        let six = with_rule(&r, "S-SIX");
        assert_eq!(six.len(), 2);
        assert_eq!(six[0].severity, Severity::Error);
        assert!(six[0].message().contains("六、其他需要报告的事项"));
        assert_eq!(
            (six[1].severity, six[1].line),
            (Severity::Warning, Some(line5))
        );
        assert!(six[1].message().contains("五、存在的主要问题及改进情况"));
    }

    #[test]
    fn sections_out_of_order_are_a_warning() {
        let mut r = clean_report(V19, 2020);
        // 六 printed before 五.
        let (l5, l6) = (r.sections[4].line, r.sections[5].line);
        r.sections[4].line = l6;
        r.sections[5].line = l5;
        let r = audited(r);
        let six = with_rule(&r, "S-SIX");
        assert_eq!(six.len(), 1);
        assert_eq!(
            (six[0].severity, six[0].line),
            (Severity::Warning, Some(l6))
        );
        assert!(six[0].message().contains("第5部分"), "{}", six[0].message());
    }

    #[test]
    fn problems_printed_before_heading_five_are_a_warning() {
        // Seed 000: a 存在问题 paragraph after 表四, before 五.
        let mut r = clean_report(V19, 2020);
        let l5 = r.sections[4].line;
        r.lines.set(
            l5 as usize - 2,
            "2020年，总体来看，全市政府信息公开工作取得了一定成效，但还存在一些问题",
        );
        let r = audited(r);
        let six = with_rule(&r, "S-SIX");
        assert_eq!(six.len(), 1);
        assert_eq!(six[0].line, Some(l5 - 1));
        assert_eq!(six[0].severity, Severity::Warning);
    }

    #[test]
    fn a_2021_report_on_the_2019_format_uses_the_old_format() {
        let mut r = clean_report(V19, 2022);
        r.template = Some(V19);
        let r = audited(r);
        let v = with_rule(&r, "V-FORMAT");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].severity, Severity::Error);
        assert!(v[0].message().contains("使用旧格式"), "{}", v[0].message());

        let r = audited(clean_report(V21, 2020));
        assert_eq!(with_rule(&r, "V-FORMAT").len(), 1);
        assert!(with_rule(&audited(clean_report(V21, 2021)), "V-FORMAT").is_empty());
        assert!(with_rule(&audited(clean_report(V19, 2019)), "V-FORMAT").is_empty());
    }

    #[test]
    fn the_period_must_be_the_report_year() {
        let mut r = clean_report(V19, 2020);
        r.period = Some((date(2019, 12, 1), date(2020, 11, 30)));
        let r = audited(r);
        let p = with_rule(&r, "Y-PERIOD");
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].severity, p[0].line), (Severity::Warning, Some(2)));
        assert!(
            p[0].message().contains("2019-12-01 至 2020-11-30"),
            "{}",
            p[0].message()
        );

        let mut r = clean_report(V19, 2020);
        r.period = Some((date(2019, 1, 1), date(2019, 12, 31)));
        assert_eq!(with_rule(&audited(r), "Y-PERIOD").len(), 1);
    }
}
