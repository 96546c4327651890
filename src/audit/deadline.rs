//! D-LATE: a report published after its deadline (domain.md §6.8).
//!
//! The deadline depends on who publishes: departments by 01-31 and governments by 03-31 of the
//! next year (条例 第四十九条), townships by whatever the local notice says (unchecked unless
//! configured), and every report for 2018 or earlier by 03-31 (2007 条例 第三十一条). Local
//! notices often set earlier dates, so all of these come from [`super::Deadlines`].

use chrono::{Datelike, NaiveDate};

use crate::model::{BodyKind, Finding, Severity};

use super::{Ctx, Deadlines, MonthDay};
use crate::rules::Rule;

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
            "2018年及以前的年度报告，2007年条例第三十一条",
            "reports for 2018 or earlier",
        )
    } else {
        match r.body_kind {
            BodyKind::Department => (
                d.department,
                defaults.department,
                "县级以上人民政府部门，条例第四十九条第一款",
                "a government department",
            ),
            BodyKind::Government => (
                d.government,
                defaults.government,
                "县级以上地方人民政府，条例第四十九条第二款",
                "a local government",
            ),
            BodyKind::Township => (
                d.township,
                defaults.township,
                "乡镇、街道，本地通知",
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
            Rule::DLate,
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
fn date_line(lines: &crate::model::SourceLines, date: NaiveDate) -> Option<u32> {
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

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{AuditConfig, MonthDay, audit};
    use crate::model::{BodyKind, Report, Severity, TemplateVersion};

    fn report(kind: BodyKind, year: i32, published: (i32, u32, u32)) -> Report {
        let mut r = clean_report(TemplateVersion::expected_for_year(year), year);
        r.body_kind = kind;
        r.published = Some(date(published.0, published.1, published.2));
        r
    }

    fn late(r: Report) -> Option<(i64, String)> {
        let r = audited(r);
        let f = with_rule(&r, "D-LATE");
        assert!(f.len() <= 1);
        f.first().map(|f| {
            assert_eq!(f.severity, Severity::Warning);
            (f.actual.unwrap(), f.message().into_owned())
        })
    }

    #[test]
    fn the_deadline_day_itself_is_on_time() {
        // Seed 004: a department, dated 2024-01-31.
        assert_eq!(
            late(report(BodyKind::Department, 2023, (2024, 1, 31))),
            None
        );
        // Seed 003: a city government, 2021-03-09.
        assert_eq!(late(report(BodyKind::Government, 2020, (2021, 3, 9))), None);
    }

    #[test]
    fn late_reports_say_the_deadline_and_the_days() {
        let (days, msg) = late(report(BodyKind::Department, 2023, (2024, 2, 3))).unwrap();
        assert_eq!(days, 3);
        assert!(
            msg.contains("2024-01-31") && msg.contains("逾期 3 天"),
            "{msg}"
        );
        assert!(msg.contains("部门"), "{msg}");
        let (days, _) = late(report(BodyKind::Government, 2020, (2021, 4, 1))).unwrap();
        assert_eq!(days, 1);
        let (days, _) = late(report(BodyKind::Unknown, 2020, (2021, 4, 2))).unwrap();
        assert_eq!(days, 2);
    }

    #[test]
    fn townships_are_checked_only_when_configured() {
        let r = report(BodyKind::Township, 2021, (2022, 3, 1));
        assert_eq!(late(r.clone()), None);
        let mut cfg = AuditConfig::default();
        cfg.deadlines.township = Some(MonthDay::new(2, 20));
        let mut r = r;
        audit(&mut r, &cfg);
        let f = with_rule(&r, "D-LATE");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].actual, Some(9));
        assert!(f[0].message().contains("已配置"), "{}", f[0].message());
    }

    #[test]
    fn reports_before_2019_were_due_at_the_end_of_march() {
        // A department's 2018 report under the 2007 条例: 03-31, not 01-31.
        assert_eq!(
            late(report(BodyKind::Department, 2018, (2019, 3, 20))),
            None
        );
        assert!(late(report(BodyKind::Department, 2018, (2019, 4, 20))).is_some());
    }

    #[test]
    fn the_finding_points_at_the_date_in_the_text() {
        let mut r = report(BodyKind::Department, 2020, (2021, 2, 5));
        r.lines
            .set(70, "来源: 区行政审批局 发布日期: 2021年02月05日");
        let r = audited(r);
        assert_eq!(with_rule(&r, "D-LATE")[0].line, Some(71));
    }
}
