//! The two ratios inspectors compute from a report's tables (issue 16 §3): how much of what was
//! asked was actually given, and how often a review overturned the body.
//!
//! - 实质公开率 (disclosure rate) = (（一）予以公开 + （二）部分公开) / （七）总计, 表三 总计 column;
//! - 复议纠错率 (correction rate) = 行政复议 结果纠正 / (行政复议 总计 − 尚未审结), 表四.
//!
//! Both are `None` when a cell they need is blank or unreadable, or when the denominator is zero:
//! a report that answered nothing has no rate, and a made-up 0 % or 100 % would rank it among the
//! worst. (Another helper builds the same module for the check side; the integrator keeps one.)

use crate::model::Report;

/// 实质公开率: (予以公开 + 部分公开) / (七)总计, from 表三's 总计 column.
pub fn disclosure_rate(r: &Report) -> Option<f64> {
    let t3 = r.tables.t3.as_ref()?;
    let given = t3.int("r1", "tot")? + t3.int("r2", "tot")?;
    rate(given, t3.int("r7", "tot")?)
}

/// 复议纠错率: 行政复议 结果纠正 / (总计 − 尚未审结), from 表四.
pub fn correction_rate(r: &Report) -> Option<f64> {
    let t4 = r.tables.t4.as_ref()?;
    let decided = t4.int("rv", "tot")? - t4.int("rv", "pend")?;
    rate(t4.int("rv", "fix")?, decided)
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A rate as a percentage with one decimal (`62.5%`), or `-` when there is none.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::testkit::{clean_report, t3_consistent, t4_literal};
    use crate::model::TemplateVersion;

    fn with_results(r1: i64, r2: i64, other: i64) -> Report {
        let mut r = clean_report(TemplateVersion::V2021, 2021);
        r.tables.t3 = Some(t3_consistent(
            TemplateVersion::V2021,
            [r1 + r2 + other, 0, 0, 0, 0, 0],
            [0; 6],
            &[
                ("r1", [r1, 0, 0, 0, 0, 0]),
                ("r2", [r2, 0, 0, 0, 0, 0]),
                ("r4_1", [other, 0, 0, 0, 0, 0]),
            ],
        ));
        r
    }

    #[test]
    fn disclosure_rate_is_given_and_partly_given_over_all_answered() {
        let r = with_results(5, 3, 8);
        assert_eq!(disclosure_rate(&r), Some(0.5));
        assert_eq!(percent(disclosure_rate(&r)), "50.0%");
    }

    #[test]
    fn a_report_that_answered_nothing_has_no_disclosure_rate() {
        let r = with_results(0, 0, 0);
        assert_eq!(disclosure_rate(&r), None);
        assert_eq!(percent(None), "-");
    }

    #[test]
    fn a_blank_cell_leaves_the_rate_unknown() {
        let mut r = with_results(5, 3, 8);
        if let Some(t) = r.tables.t3.as_mut() {
            t.set("r2", "tot", None);
        }
        assert_eq!(disclosure_rate(&r), None);
        r.tables.t3 = None;
        assert_eq!(disclosure_rate(&r), None);
    }

    #[test]
    fn correction_rate_leaves_pending_reviews_out() {
        let mut r = clean_report(TemplateVersion::V2021, 2021);
        // 行政复议: 维持 4, 纠正 2, 其他 0, 尚未审结 2, 总计 8 → 2 / 6.
        r.tables.t4 = Some(t4_literal([[4, 2, 0, 2, 8], [0; 5], [0; 5]]));
        let got = correction_rate(&r).unwrap();
        assert!((got - 2.0 / 6.0).abs() < 1e-9);
        assert_eq!(percent(Some(got)), "33.3%");
        // Every review still pending: nothing decided, no rate.
        r.tables.t4 = Some(t4_literal([[0, 0, 0, 3, 3], [0; 5], [0; 5]]));
        assert_eq!(correction_rate(&r), None);
    }
}
