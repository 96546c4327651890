//! N-PCT (domain.md §6.6): a rate the narrative states against the same rate computed from the
//! tables, for the rates whose formula is plain from their name:
//! - 实质公开率 = (予以公开 + 部分公开) / (七)总计 ([`crate::audit::ratios::disclosure`]);
//! - 复议纠错率 (also `行政复议纠错率`, or `纠错率` in a clause about 行政复议) = 结果纠正 /
//!   (总计 − 尚未审结) ([`crate::audit::ratios::review_correction`]);
//! - 办结率 in a sentence about disclosure requests = (七)总计 / 本年新收, or / (新收 + 上年结转):
//!   reports use either base, so it fires only when the rate matches neither.
//!
//! Precision over recall: `公开率`, `答复率`, `回复率` and the like name no single formula (on
//! time? in full? over which base?), so they say nothing; the number must follow the rate's
//! name directly (`实质公开率为93.5%`, `办结率达100%`); a sentence about hotlines, other
//! periods or parts says nothing; a zero base says nothing. The stated figure may be rounded or
//! cut at its last digit: a difference within one unit of that digit, and at least 0.1 point,
//! is agreement.

use std::sync::LazyLock;

use crate::audit::ratios::{self, Ratio};
use crate::model::{Finding, Severity, TableId};
use crate::rules::Rule;

use super::super::Ctx;
use super::words::Words;
use super::{AMBIGUOUS, clause_at, line_of, sentence_at};

/// What may stand between a rate's name and its figure.
const LINKS: &[&str] = &["为", "达到", "达", "是", "：", ":", "均为", "实现"];

/// Words that make a rate's sentence about something else: [`AMBIGUOUS`] but the percent sign
/// and 率 (the rate's own), and a part (其中). Read only around percent signs: see
/// [`Words::seldom`].
static QUIET: LazyLock<Words> = LazyLock::new(|| {
    Words::seldom(
        AMBIGUOUS
            .iter()
            .copied()
            .filter(|w| !matches!(*w, "%" | "％" | "率"))
            .chain(["其中"]),
    )
});

/// Which rate a name states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Disclosure,
    Correction,
    Done,
}

/// The full-width percent sign, which the narrative's one search over the text finds (the
/// ASCII one is found here).
pub(super) const WIDE_PERCENT: &str = "％";

/// N-PCT over every percent sign of the text: the ASCII ones, then the full-width ones at
/// `wide` (byte offsets, in text order).
pub(super) fn check(ctx: &Ctx<'_>, wide: impl Iterator<Item = usize>, out: &mut Vec<Finding>) {
    let text = ctx.report.lines.all();
    for p in memchr::memchr_iter(b'%', text.as_bytes()).chain(wide) {
        if let Some(f) = one(ctx, text, p) {
            out.push(f);
        }
    }
}

/// The finding for the percent sign at byte `p`, if the rate before it contradicts the tables.
fn one(ctx: &Ctx<'_>, text: &str, p: usize) -> Option<Finding> {
    let (s, _) = clause_at(text, p)?;
    let before = &text[s..p];
    let (figure, decimals, num_at) = figure(before)?;
    let named = before[..num_at].trim_end();
    let named = LINKS
        .iter()
        .find_map(|l| named.strip_suffix(l))
        .unwrap_or(named)
        .trim_end();
    let (which, name) = if let Some(n) = named.strip_suffix("实质公开率") {
        (Which::Disclosure, n)
    } else if let Some(n) = named.strip_suffix("纠错率") {
        let review = n.ends_with("复议") || (n.contains("行政复议") && !n.contains("诉讼"));
        if !review {
            return None;
        }
        (Which::Correction, n)
    } else if let Some(n) = named.strip_suffix("办结率") {
        (Which::Done, n)
    } else {
        return None;
    };
    // The sentence, not only the clause: `受理12345工单320件，办结率98%` names its subject in
    // the clause before.
    let (ss, se) = sentence_at(text, p)?;
    let sentence = &text[ss..se];
    let quiet = QUIET.any_in(sentence)
        || super::other_year(sentence, ctx.report.year)
        || super::negated(name, name.len());
    if quiet || (which == Which::Done && !sentence.contains("申请")) {
        return None;
    }
    let t3 = ctx.report.tables.t3.as_ref();
    let (computed, place, label): (Vec<Ratio>, _, _) = match which {
        Which::Disclosure => (
            vec![ratios::disclosure(t3?)?],
            (TableId::T3, Some("r7"), Some("tot")),
            "（予以公开+部分公开）/（七）总计",
        ),
        Which::Correction => (
            vec![ratios::review_correction(ctx.report.tables.t4.as_ref()?)?],
            (TableId::T4, Some("rv"), Some("fix")),
            "行政复议 结果纠正/（总计−尚未审结）",
        ),
        Which::Done => {
            let t3 = t3?;
            let done = t3.int("r7", "tot")?;
            let new = t3.int("new", "tot")?;
            let cin = t3.int("cin", "tot")?;
            let mut bases = vec![Ratio {
                numerator: done,
                denominator: new,
            }];
            if cin != 0 {
                bases.push(Ratio {
                    numerator: done,
                    denominator: new + cin,
                });
            }
            (
                bases,
                (TableId::T3, Some("r7"), Some("tot")),
                "（七）总计/本年新收（或加上年结转）",
            )
        }
    };
    let tolerance = 10f64.powi(-(decimals as i32)).max(0.1) + 1e-9;
    let mut defined = computed.iter().filter_map(|r| r.percent().map(|v| (*r, v)));
    let first = defined.clone().next()?;
    if defined.any(|(_, v)| (v - figure).abs() <= tolerance) {
        return None;
    }
    let (ratio, _) = first;
    let at = s + name.len();
    let quote = text[at..p + pct_len(text, p)].trim().to_string();
    let line = line_of(ctx, at);
    let shown = format_figure(figure, decimals);
    Some(
        Finding::new(
            Rule::NPct,
            Severity::Warning,
            format!(
                "正文「{quote}」与表格计算的 {label} = {ratio} 不一致 / the text says {shown}%, the tables give {ratio}"
            ),
        )
        .at(place.0, place.1, place.2)
        .line(Some(line)),
    )
}

fn pct_len(text: &str, p: usize) -> usize {
    text[p..].chars().next().map_or(0, char::len_utf8)
}

fn format_figure(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}")
}

/// The figure written right before a percent sign at the end of `before`: its value, its
/// number of decimals, and the byte where it starts. Arabic or full-width digits with an
/// optional decimal point; anything else (a Chinese numeral, a range) is no figure.
fn figure(before: &str) -> Option<(f64, usize, usize)> {
    let trimmed = before.trim_end();
    let mut start = trimmed.len();
    let mut digits = String::new();
    for (i, c) in trimmed.char_indices().rev() {
        let d = match c {
            '0'..='9' | '.' => c,
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            _ => break,
        };
        digits.insert(0, d);
        start = i;
    }
    if digits.is_empty() || digits.starts_with('.') || digits.ends_with('.') {
        return None;
    }
    // `1-2%`, `~5%`: a range or approximation.
    if trimmed[..start].ends_with(['-', '~', '～', '至', '—']) {
        return None;
    }
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    Some((digits.parse().ok()?, decimals, start))
}
