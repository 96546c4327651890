//! D-LATE: a report published after its deadline (domain.md §6.8).
//!
//! The deadline depends on who publishes: departments by 01-31 and governments by 03-31 of the
//! next year (条例 第四十九条), townships by whatever the local notice says (unchecked unless
//! configured), and every report for 2018 or earlier by 03-31 (2007 条例 第三十一条). Local
//! notices often set earlier dates, so all of these come from [`super::Deadlines`].

use chrono::{Datelike, NaiveDate};

use crate::model::{BodyKind, Finding, Severity};

use super::rules::D_LATE;
use super::{Ctx, Deadlines, MonthDay};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let r = ctx.report;
    let (Some(year), Some(published)) = (r.year, r.published) else {
        return;
    };
    let d = &ctx.cfg.deadlines;
    let defaults = Deadlines::default();
    let (day, default, zh, en): (Option<MonthDay>, Option<MonthDay>, &str, &str) = if year <= 2018 {
        (
            d.pre_2019,
            defaults.pre_2019,
            "2018年及以前的年度报告（2007年条例第三十一条）",
            "reports for 2018 or earlier",
        )
    } else {
        match r.body_kind {
            BodyKind::Department => (
                d.department,
                defaults.department,
                "县级以上人民政府部门（条例第四十九条第一款）",
                "a government department",
            ),
            BodyKind::Government => (
                d.government,
                defaults.government,
                "县级以上地方人民政府（条例第四十九条第二款）",
                "a local government",
            ),
            BodyKind::Township => (
                d.township,
                defaults.township,
                "乡镇、街道（本地通知）",
                "a township or sub-district (local notice)",
            ),
            BodyKind::Unknown => (
                d.unknown,
                defaults.unknown,
                "机关类型不明，按最晚的法定期限",
                "body kind unknown, latest statutory deadline",
            ),
        }
    };
    let Some(day) = day else {
        return;
    };
    let Some(deadline) = day.in_year(year + 1) else {
        return;
    };
    if published <= deadline {
        return;
    }
    let late = (published - deadline).num_days();
    let configured = if Some(day) == default {
        ""
    } else {
        "，已配置"
    };
    out.push(
        Finding::new(
            D_LATE,
            Severity::Warning,
            format!(
                "发布日期 {published} 晚于期限 {deadline}（{zh}{configured}），逾期 {late} 天 / \
                 published {late} day(s) after the {deadline} deadline for {en}"
            ),
        )
        .values(None, Some(late))
        .line(date_line(&r.lines, published)),
    );
}

/// The first line that writes `date` in one of the usual forms, for the source view.
fn date_line(lines: &[String], date: NaiveDate) -> Option<u32> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let forms = [
        format!("{y}-{m:02}-{d:02}"),
        format!("{y}年{m}月{d}日"),
        format!("{y}年{m:02}月{d:02}日"),
        format!("{y}.{m:02}.{d:02}"),
        format!("{y}/{m:02}/{d:02}"),
    ];
    lines
        .iter()
        .position(|line| {
            let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            forms.iter().any(|f| squeezed.contains(f.as_str()))
        })
        .map(|i| i as u32 + 1)
}
