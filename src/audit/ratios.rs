//! The two ratios inspectors compute from a report's tables (issue 16): 实质公开率, the share of
//! answered requests that were disclosed in full or in part, and 复议纠错率, the share of decided
//! administrative reviews that corrected the body.
//!
//! They live in one place so the N-PCT rule (a percentage stated in prose), the TUI overview and
//! anything sorting by them agree on the formula and on when a ratio is undefined: an operand
//! blank or unreadable gives no ratio at all, a zero base gives a [`Ratio`] whose value is `None`
//! (nothing answered, nothing decided: neither 0 % nor 100 %).

use std::cmp::Ordering;
use std::fmt;

use crate::model::{Report, Table};

/// A ratio as its two integer operands, so a reader can show `29/31` beside the percentage and
/// nothing is lost to rounding before it is displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    pub numerator: i64,
    pub denominator: i64,
}

impl Ratio {
    /// The ratio as a fraction in 0..=1 (or beyond, for inconsistent tables); `None` for a zero
    /// or negative base.
    pub fn value(self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    /// The ratio in percent; `None` for a zero or negative base.
    pub fn percent(self) -> Option<f64> {
        self.value().map(|v| v * 100.0)
    }

    /// Orders ratios by value, lowest first, with undefined ones (zero base) last: the order of
    /// a "worst first" list of 实质公开率.
    pub fn cmp_value(self, other: Ratio) -> Ordering {
        match (self.value(), other.value()) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
}

impl fmt::Display for Ratio {
    /// `93.5%（29/31）`, or `—（0/0）` for a zero base.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.percent() {
            Some(p) => write!(f, "{p:.1}%（{}/{}）", self.numerator, self.denominator),
            None => write!(f, "—（{}/{}）", self.numerator, self.denominator),
        }
    }
}

/// 实质公开率 = (（一）予以公开 + （二）部分公开) / （七）总计, all in 表三's 总计 column.
pub fn disclosure(t3: &Table) -> Option<Ratio> {
    let numerator = t3.int("r1", "tot")? + t3.int("r2", "tot")?;
    let denominator = t3.int("r7", "tot")?;
    Some(Ratio {
        numerator,
        denominator,
    })
}

/// 复议纠错率 = 行政复议 结果纠正 / (行政复议 总计 − 尚未审结), from 表四: the reviews that
/// corrected the body among those decided.
pub fn review_correction(t4: &Table) -> Option<Ratio> {
    let numerator = t4.int("rv", "fix")?;
    let denominator = t4.int("rv", "tot")? - t4.int("rv", "pend")?;
    Some(Ratio {
        numerator,
        denominator,
    })
}

/// Both ratios of one report (each `None` when its table or an operand is missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratios {
    /// 实质公开率, see [`disclosure`].
    pub disclosure: Option<Ratio>,
    /// 复议纠错率, see [`review_correction`].
    pub review_correction: Option<Ratio>,
}

impl Ratios {
    pub fn of(report: &Report) -> Ratios {
        Ratios {
            disclosure: report.tables.t3.as_ref().and_then(disclosure),
            review_correction: report.tables.t4.as_ref().and_then(review_correction),
        }
    }
}

/// 实质公开率 of `r` as a fraction, when its 表三 gives one (the TUI's list sort and overview).
pub fn disclosure_rate(r: &Report) -> Option<f64> {
    r.tables
        .t3
        .as_ref()
        .and_then(disclosure)
        .and_then(Ratio::value)
}

/// 复议纠错率 of `r` as a fraction, when its 表四 gives one.
pub fn correction_rate(r: &Report) -> Option<f64> {
    r.tables
        .t4
        .as_ref()
        .and_then(review_correction)
        .and_then(Ratio::value)
}

/// A fraction as a percentage with one decimal (`62.5%`), or `-` when there is none.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TableId, TemplateVersion};

    fn t3(r1: Option<i64>, r2: Option<i64>, r7: Option<i64>) -> Table {
        let mut t = Table::blank(TemplateVersion::V2021, TableId::T3);
        t.set("r1", "tot", r1);
        t.set("r2", "tot", r2);
        t.set("r7", "tot", r7);
        t
    }

    fn t4(fix: Option<i64>, pend: Option<i64>, tot: Option<i64>) -> Table {
        let mut t = Table::blank(TemplateVersion::V2021, TableId::T4);
        t.set("rv", "fix", fix);
        t.set("rv", "pend", pend);
        t.set("rv", "tot", tot);
        t
    }

    #[test]
    fn disclosure_rate_counts_full_and_partial_disclosure_over_all_answered() {
        let r = disclosure(&t3(Some(20), Some(9), Some(31))).unwrap();
        assert_eq!(
            r,
            Ratio {
                numerator: 29,
                denominator: 31
            }
        );
        assert!((r.percent().unwrap() - 93.548).abs() < 0.001);
        assert_eq!(r.to_string(), "93.5%（29/31）");
    }

    #[test]
    fn review_correction_rate_leaves_pending_reviews_out_of_the_base() {
        let r = review_correction(&t4(Some(1), Some(2), Some(6))).unwrap();
        assert_eq!(
            r,
            Ratio {
                numerator: 1,
                denominator: 4
            }
        );
        assert_eq!(r.to_string(), "25.0%（1/4）");
    }

    #[test]
    fn a_blank_operand_gives_no_ratio_and_a_zero_base_an_undefined_one() {
        assert_eq!(disclosure(&t3(Some(1), None, Some(3))), None);
        assert_eq!(review_correction(&t4(Some(0), None, Some(3))), None);
        let none_decided = review_correction(&t4(Some(0), Some(2), Some(2))).unwrap();
        assert_eq!(none_decided.value(), None);
        assert_eq!(none_decided.to_string(), "—（0/0）");
    }

    #[test]
    fn worst_first_order_puts_undefined_ratios_last() {
        let low = Ratio {
            numerator: 1,
            denominator: 4,
        };
        let high = Ratio {
            numerator: 3,
            denominator: 4,
        };
        let undefined = Ratio {
            numerator: 0,
            denominator: 0,
        };
        let mut v = [undefined, high, low];
        v.sort_by(|a, b| a.cmp_value(*b));
        assert_eq!(v, [low, high, undefined]);
    }

    #[test]
    fn a_report_without_tables_has_neither_ratio() {
        assert_eq!(
            Ratios::of(&Report::empty("x.txt".into())),
            Ratios::default()
        );
    }
}
