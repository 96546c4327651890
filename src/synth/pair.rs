//! Last year's report of the same body, for the year-over-year rules (`audit::yoy`,
//! domain.md §6.7): a consistent pair links with no X-* finding, [`break_carry`] plants the
//! broken carry-over X-CARRY must name, [`ReportSpec::previous_year_copied`] the pasted prose
//! X-DUP must name.
//!
//! Last year's report keeps this year's body, template and 表四, and its tables are made to
//! lead into this year's: 结转下年度 = this year's 上年结转 (column by column), 现行有效件数 and
//! 上一年项目数量 such that this year's follow. Its prose comes from another seed and is short,
//! so it is written anew, unless copied on purpose.

use chrono::{Datelike, NaiveDate};

use super::spec::ReportSpec;
use super::stated::Stated;
use crate::model::TableId;
use crate::template::TemplateVersion;

const APPLICANTS: [&str; 6] = ["np", "biz", "res", "ngo", "law", "oth"];

fn year_before(d: NaiveDate) -> NaiveDate {
    d.with_year(d.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), 28))
        .expect("a date a year earlier")
}

impl ReportSpec {
    /// Last year's report of this body, written anew: its prose from another seed and short
    /// (one paragraph per section). The generator's sentence banks are small, so two long texts
    /// drawn from them share more than half their wording, which X-DUP rightly calls copied.
    pub fn previous_year(&self) -> ReportSpec {
        let mut p = self.previous(self.seed ^ 0x00a5_7ea2_u64);
        p.prose = false;
        p
    }

    /// Last year's report of this body with this year's prose (same seed): the copied text
    /// X-DUP must find.
    pub fn previous_year_copied(&self) -> ReportSpec {
        self.previous(self.seed)
    }

    fn previous(&self, seed: u64) -> ReportSpec {
        let mut p = self.clone();
        p.seed = seed;
        p.year = self.year - 1;
        p.published = year_before(self.published);
        p.period = (year_before(self.period.0), year_before(self.period.1));
        if let Some(s) = &self.stated {
            p.stated = Some(Stated::new(s.seed ^ seed ^ self.seed ^ 1));
        }
        // 表三: last year carried over what this year carried in; what it finished stays, and
        // its new and carried-in requests make up the rest (new + cin = done + cout).
        for col in APPLICANTS {
            let (Some(done), Some(cin_now), Some(new_now)) = (
                self.t3.int("r7", col),
                self.t3.int("cin", col),
                self.t3.int("new", col),
            ) else {
                continue;
            };
            let total = done + cin_now;
            let new = new_now.min(total);
            p.t3.set("cout", col, Some(cin_now));
            p.t3.set("new", col, Some(new));
            p.t3.set("cin", col, Some(total - new));
        }
        for row in ["new", "cin", "cout"] {
            let sum: Option<i64> = APPLICANTS.iter().map(|c| p.t3.int(row, c)).sum();
            p.t3.set(row, "tot", sum);
        }
        // 表二: this year's stock follows from last year's.
        match self.version {
            TemplateVersion::V2021 => {
                for row in ["rules", "normative_docs"] {
                    if let (Some(now), Some(issued), Some(repealed)) = (
                        self.t2.int(row, "in_force"),
                        self.t2.int(row, "issued"),
                        self.t2.int(row, "repealed"),
                    ) {
                        p.t2.set(row, "in_force", Some(now - issued + repealed));
                    }
                }
            }
            TemplateVersion::V2019 => {
                let keys: Vec<&'static str> = self
                    .t2
                    .rows
                    .iter()
                    .filter(|r| r.def.col("prev_items").is_some())
                    .map(|r| r.def.key)
                    .collect();
                for key in keys {
                    let (Some(now), Some(delta)) =
                        (self.t2.int(key, "prev_items"), p.t2.int(key, "delta"))
                    else {
                        continue;
                    };
                    // Keep last year's change when it leaves a stock of at least 0.
                    let delta = if now - delta >= 0 { delta } else { 0 };
                    p.t2.set(key, "delta", Some(delta));
                    p.t2.set(key, "prev_items", Some(now - delta));
                }
            }
        }
        p
    }
}

/// Breaks the carry-over between `prev` and this year: last year's 结转下年度 of applicant
/// column `col` grows by `by` (with its 新收, so last year's own table stays consistent), and the
/// cells this year's 上年结转 no longer matches: `col` and 总计, each with (last year's figure,
/// this year's figure).
pub fn break_carry(
    prev: &mut ReportSpec,
    col: &'static str,
    by: i64,
) -> Vec<(&'static str, i64, i64)> {
    let mut out = Vec::new();
    for c in [col, "tot"] {
        let before = prev.int(TableId::T3, "cout", c).unwrap_or(0);
        prev.add(TableId::T3, "cout", c, by);
        prev.add(TableId::T3, "new", c, by);
        out.push((c, before + by, before));
    }
    out
}

#[cfg(test)]
mod tests;
