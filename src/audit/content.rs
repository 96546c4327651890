//! What two sections say (domain.md §6.4, §7 item 5): section 五 must state problems and
//! improvements (S-FIVE: empty, only 无/暂无, or a few characters is what inspectors and the
//! KIROGOVCOMPARE checker flag as 空缺), and section 六's 信息处理费 must not be the amount
//! put in 表二 (八) 行政事业性收费 (P-FEE-CONFUSION).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{Finding, Section, Severity, TableId, TemplateVersion};
use crate::rules::Rule;

use super::Ctx;

/// Fewer meaningful characters than this in section 五 is no statement of problems.
pub const FIVE_MIN_CHARS: usize = 10;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.pre_2019() {
        return;
    }
    if let Some(five) = section_text(ctx, 5) {
        section_five(five, out);
    }
    if let Some(six) = section_text(ctx, 6) {
        fee_confusion(ctx, six, out);
    }
}

/// A section's text: from after its heading to the next section's heading. `None` when the
/// section is missing or, for 五, no later heading closes it (the rest of the file would be read
/// as its content).
fn section_text<'a>(ctx: &Ctx<'a>, number: u8) -> Option<(&'a Section, &'a str)> {
    let lines = &ctx.report.lines;
    let mut sections: Vec<&Section> = ctx.report.sections.iter().collect();
    sections.sort_by_key(|s| s.line);
    let i = sections.iter().position(|s| s.number == number)?;
    let here = sections[i];
    let heading_end = |s: &Section| {
        let l = s.line as usize - 1;
        let line = lines.get(l)?;
        let at = find(line, s.heading.trim()).map_or(0, |a| a + s.heading.trim().len());
        Some(lines.line_start(l) + at)
    };
    let heading_start = |s: &Section| {
        let l = s.line as usize - 1;
        let line = lines.get(l)?;
        Some(lines.line_start(l) + find(line, s.heading.trim()).unwrap_or(0))
    };
    let start = heading_end(here)?;
    let end = match sections.get(i + 1) {
        Some(next) => heading_start(next)?,
        None if number == 6 => lines.all().len(),
        None => return None,
    };
    (end >= start).then(|| (here, &lines.all()[start..end]))
}

/// Where `heading` first occurs in `line`, as `line.find(heading)` says. `str::find` sets up a
/// two-way searcher for the long heading every time, which cost more than the rest of the
/// family; `memmem` reads a short line without one. A match of a whole UTF-8 needle always
/// starts on a character, so the byte search finds the same place.
fn find(line: &str, heading: &str) -> Option<usize> {
    memchr::memmem::find(line.as_bytes(), heading.as_bytes())
}

fn section_five((section, text): (&Section, &str), out: &mut Vec<Finding>) {
    let meaningful = text
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit());
    // Most sections say enough: the count stops at the bound instead of copying the section.
    if meaningful.clone().nth(FIVE_MIN_CHARS - 1).is_some() {
        return;
    }
    let meaningful: String = meaningful.collect();
    let what = if meaningful.is_empty() {
        "没有内容 / is empty".to_string()
    } else if ["无", "暂无", "没有", "无问题"].contains(&meaningful.as_str()) {
        format!("只写了「{meaningful}」 / only says {meaningful}")
    } else if meaningful.chars().count() < FIVE_MIN_CHARS {
        format!(
            "只有「{meaningful}」，不足 {FIVE_MIN_CHARS} 字 / has fewer than {FIVE_MIN_CHARS} characters"
        )
    } else {
        return;
    };
    out.push(
        Finding::new(
            Rule::SFive,
            Severity::Warning,
            format!("第五部分「{}」{what}", section.heading.trim()),
        )
        .line(Some(section.line)),
    );
}

/// `信息处理费 … 3940 元` / `0.394万元`: an amount with its unit, in section 六.
static FEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"信息处理费[^，。；;,]*?(\d+(?:\.\d+)?)\s*(万元|元)").expect("a valid pattern")
});

fn fee_confusion(ctx: &Ctx<'_>, (_, text): (&Section, &str), out: &mut Vec<Finding>) {
    let Some(t2) = &ctx.report.tables.t2 else {
        return;
    };
    if ctx.table_version(t2) != TemplateVersion::V2021 {
        return;
    }
    let Some(cell) = t2.cell("fees", "amount") else {
        return;
    };
    let Some(table) = cell.value.as_ref().map(|n| n.value) else {
        return;
    };
    if table.is_zero() {
        return;
    }
    for m in FEE.captures_iter(text) {
        let (Some(n), Some(unit)) = (m.get(1), m.get(2)) else {
            continue;
        };
        let Ok(v) = n.as_str().parse::<Decimal>() else {
            continue;
        };
        let wan = if unit.as_str() == "元" {
            v / Decimal::from(10_000)
        } else {
            v
        };
        if wan.normalize() == table.normalize() {
            let phrase = &m[0];
            let base = text.as_ptr() as usize - ctx.report.lines.all().as_ptr() as usize;
            let line = super::narrative::line_of(ctx, base + m.get(0).map_or(0, |g| g.start()));
            out.push(
                Finding::new(
                    Rule::PFeeConfusion,
                    Severity::Warning,
                    format!(
                        "第六部分「{phrase}」与表二（八）行政事业性收费 {table} 万元相同：信息处理费不属于行政事业性收费 / section 六's processing fee equals 表二 (八) {table} 万元"
                    ),
                )
                .at(TableId::T2, Some("fees"), Some("amount"))
                .line(Some(line)),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::testkit::{audited, clean_report, set_raw, with_rule};
    use crate::model::{Report, TemplateVersion};

    /// A clean 2023 report whose section 五 (line 51, up to 六 at line 63) reads `five`.
    fn with_five(five: &[&str]) -> Report {
        let mut r = clean_report(TemplateVersion::V2021, 2023);
        r.lines.set(51, "");
        for (i, l) in five.iter().enumerate() {
            r.lines.set(51 + i, l);
        }
        audited(r)
    }

    #[test]
    fn a_heading_is_found_where_str_find_finds_it() {
        for (line, heading) in [
            (
                "五、存在的主要问题及改进情况",
                "五、存在的主要问题及改进情况",
            ),
            (
                "  五、存在的主要问题 五、存在的主要问题",
                "五、存在的主要问题",
            ),
            ("第五部分：五、问题", "五、问题"),
            ("没有标题", "五、问题"),
            ("", "五"),
            ("abc", ""),
        ] {
            assert_eq!(super::find(line, heading), line.find(heading), "{line}");
        }
    }

    #[test]
    fn an_empty_or_token_section_five_is_a_warning() {
        for five in [&[][..], &["无"], &["暂无。"], &["问题较少。"]] {
            let r = with_five(five);
            let f = with_rule(&r, "S-FIVE");
            assert_eq!(f.len(), 1, "{five:?}");
            assert_eq!(f[0].line, Some(51));
        }
    }

    #[test]
    fn a_section_five_that_states_problems_is_not() {
        let r = with_five(&[
            "一是政策解读质量仍需提升；",
            "二是队伍建设还需加强。下一步将加强培训。",
        ]);
        assert!(with_rule(&r, "S-FIVE").is_empty());
    }

    fn with_fee(table: (&str, &str), six: &str) -> Report {
        let mut r = clean_report(TemplateVersion::V2021, 2023);
        r.lines
            .set(51, "一是政策解读质量仍需提升，二是队伍建设还需加强。");
        r.lines.set(63, six);
        set_raw(
            r.tables.t2.as_mut().unwrap(),
            "fees",
            "amount",
            table.0,
            table.1,
            Some("万元"),
        );
        audited(r)
    }

    #[test]
    fn a_processing_fee_equal_to_the_administrative_fee_is_a_confusion() {
        let r = with_fee(
            ("0.394", "0.394"),
            "全年收取政府信息公开信息处理费 3940 元。",
        );
        let f = with_rule(&r, "P-FEE-CONFUSION");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].row, f[0].line), (Some("fees"), Some(64)));
        let r = with_fee(("0.394", "0.394"), "全年收取信息处理费0.394万元。");
        assert_eq!(with_rule(&r, "P-FEE-CONFUSION").len(), 1);
    }

    #[test]
    fn different_amounts_or_none_charged_are_no_confusion() {
        let r = with_fee(("12.5", "12.5"), "全年收取政府信息公开信息处理费 3940 元。");
        assert!(with_rule(&r, "P-FEE-CONFUSION").is_empty());
        let r = with_fee(("0.394", "0.394"), "未收取信息处理费。");
        assert!(with_rule(&r, "P-FEE-CONFUSION").is_empty());
        let r = with_fee(("0", "0"), "全年收取信息处理费0元。");
        assert!(with_rule(&r, "P-FEE-CONFUSION").is_empty());
    }
}
