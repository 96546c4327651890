//! The tables' figures stated in the narrative, as reports write them: 新收/受理 … 申请 X 件,
//! 上年结转, 办结, 结转下年度 (or X 件顺延), 行政复议 X 件, 行政诉讼 X 件, each number in one of the
//! forms real reports use (Arabic, Arabic with a thousands separator, full-width, Chinese
//! numerals such as 一百二十七).
//!
//! A spec with [`ReportSpec::stated`] set writes these sentences instead of the samples' plain
//! request sentence, so the prose-against-table rules (`audit::narrative`) are exercised on every
//! layout: a consistent spec must give no N-* finding, and [`contradict`] plants one stated
//! number that disagrees with its cell and says which finding that must give. The numeral forms
//! are drawn from [`Stated::seed`] alone, so planting a wrong number changes nothing else.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::spec::ReportSpec;
use crate::model::TableId;

/// A table figure the narrative states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    New,
    Cin,
    Done,
    Cout,
    Review,
    Suit,
}

/// How the narrative states the figures: the seed of the numeral forms and wording, and at most
/// one figure stated with a number other than the table's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub seed: u64,
    pub wrong: Option<(Figure, i64)>,
}

/// One stated figure: what it states and the phrase as written, from keyword to 件 (the quote an
/// N-* finding gives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub figure: Figure,
    pub value: i64,
    pub phrase: String,
}

/// A planted contradiction between prose and table and the finding it must give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    pub rule: &'static str,
    pub table: TableId,
    pub row: Option<&'static str>,
    /// The table's figure (the finding's expected value).
    pub table_value: i64,
    /// The number the text states (the finding's actual value).
    pub stated: i64,
    /// The phrase as written, from keyword to 件.
    pub phrase: String,
}

const CN_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `n` (0 ≤ n < 10⁸) in Chinese numerals as reports write them: 十二, 一百零五, 三千零五,
/// 一万二千.
pub fn chinese(n: i64) -> String {
    assert!((0..100_000_000).contains(&n), "{n} out of range");
    if n >= 10_000 {
        let (hi, lo) = (n / 10_000, n % 10_000);
        let mut s = format!("{}万", chinese(hi));
        if lo > 0 {
            if lo < 1000 {
                s.push('零');
            }
            s.push_str(&below_wan(lo, false));
        }
        return s;
    }
    if n == 0 {
        return "零".to_string();
    }
    below_wan(n, true)
}

/// 1 ≤ n < 10⁴; `lead` drops the 一 of a leading 一十 (十二, but 一万零一十二 keeps it).
fn below_wan(n: i64, lead: bool) -> String {
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut s = String::new();
    let mut zero = false;
    for (i, (&d, unit)) in digits.iter().zip(units).enumerate() {
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        if !(i == 2 && d == 1 && s.is_empty() && lead) {
            s.push_str(CN_DIGITS[d as usize]);
        }
        s.push_str(unit);
    }
    s
}

/// `n` in full-width digits (１２７).
pub fn fullwidth(n: i64) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

/// `n` in a form drawn from `rng`.
fn form(rng: &mut ChaCha8Rng, n: i64) -> String {
    match rng.random_range(0..4u32) {
        0 => fullwidth(n),
        1 => chinese(n),
        2 if n >= 1000 => format!("{},{:03}", n / 1000, n % 1000),
        _ => n.to_string(),
    }
}

impl Stated {
    /// Consistent statements drawn from `seed`.
    pub fn new(seed: u64) -> Stated {
        Stated { seed, wrong: None }
    }
}

impl ReportSpec {
    /// The same report with its figures stated in the narrative in varied numeral forms.
    pub fn with_stated_figures(mut self) -> ReportSpec {
        self.stated = Some(Stated::new(self.seed ^ 0x0005_eed0_ff19_u64));
        self
    }
}

fn value(spec: &ReportSpec, figure: Figure) -> Option<i64> {
    let t3 = |r| spec.int(TableId::T3, r, "tot");
    let t4 = |r| spec.int(TableId::T4, r, "tot");
    match figure {
        Figure::New => t3("new"),
        Figure::Cin => t3("cin"),
        Figure::Done => t3("r7"),
        Figure::Cout => t3("cout"),
        Figure::Review => t4("rv"),
        Figure::Suit => Some(t4("ld")? + t4("lr")?),
    }
}

/// The sentences stating `spec`'s figures and the pieces they hold; `None` when 表三's totals
/// are blank (nothing to state).
pub fn sentences(spec: &ReportSpec, stated: &Stated) -> Option<(String, Vec<Piece>)> {
    let mut rng = ChaCha8Rng::seed_from_u64(stated.seed);
    let said = |figure| match stated.wrong {
        Some((f, v)) if f == figure => Some(v),
        _ => value(spec, figure),
    };
    let mut pieces = Vec::new();
    let mut piece = |figure, value, phrase: String| {
        pieces.push(Piece {
            figure,
            value,
            phrase: phrase.clone(),
        });
        phrase
    };
    let (new, cin, done, cout) = (
        said(Figure::New)?,
        said(Figure::Cin)?,
        said(Figure::Done)?,
        said(Figure::Cout)?,
    );
    // Real reports say 受理 both for 新收 alone and for 新收 + 上年结转 (N-NEW accepts either).
    let (word, with_cin) = match rng.random_range(0..3u32) {
        0 => ("新收", false),
        1 => ("受理", false),
        _ => ("受理", true),
    };
    // 受理 counting 上年结转 adds the table's figure, whatever the text says of 上年结转.
    let received = if with_cin && stated.wrong.is_none_or(|(f, _)| f != Figure::New) {
        new + value(spec, Figure::Cin)?
    } else {
        new
    };
    let mut text = format!(
        "{}年，{}{}，",
        spec.year,
        spec.we,
        piece(
            Figure::New,
            received,
            format!("{word}政府信息公开申请{}件", form(&mut rng, received))
        )
    );
    text.push_str(&piece(
        Figure::Cin,
        cin,
        format!("上年结转{}件", form(&mut rng, cin)),
    ));
    text.push('，');
    let done_word = if rng.random_bool(0.5) {
        "全年办结"
    } else {
        "办结"
    };
    text.push_str(&piece(
        Figure::Done,
        done,
        format!("{done_word}{}件", form(&mut rng, done)),
    ));
    text.push('，');
    let n = form(&mut rng, cout);
    if rng.random_bool(0.5) {
        let p = piece(Figure::Cout, cout, format!("结转下年度继续办理{n}件"));
        text.push_str(&p);
    } else {
        let p = piece(Figure::Cout, cout, format!("{n}件顺延"));
        text.push_str(&format!("另有{p}至下年度办理"));
    }
    text.push('。');

    let (rv, suit) = (said(Figure::Review), said(Figure::Suit));
    let (rv_form, suit_form) = (
        rv.map(|v| form(&mut rng, v)),
        suit.map(|v| form(&mut rng, v)),
    );
    match (rv, suit) {
        (Some(0), Some(0)) => text.push_str(&format!(
            "{}年，{}未发生因政府信息公开引发的行政复议、行政诉讼。",
            spec.year, spec.we
        )),
        _ => {
            let mut clauses = Vec::new();
            match (rv, rv_form) {
                (Some(0), _) => clauses.push("未发生行政复议".to_string()),
                (Some(v), Some(f)) => clauses.push(format!(
                    "被申请{}",
                    piece(Figure::Review, v, format!("行政复议{f}件"))
                )),
                _ => {}
            }
            match (suit, suit_form) {
                (Some(0), _) => clauses.push("未发生行政诉讼".to_string()),
                (Some(v), Some(f)) => clauses.push(format!(
                    "被提起{}",
                    piece(Figure::Suit, v, format!("行政诉讼{f}件"))
                )),
                _ => {}
            }
            if !clauses.is_empty() {
                text.push_str(&format!("因政府信息公开工作，{}。", clauses.join("，")));
            }
        }
    }
    Some((text, pieces))
}

/// Plants one stated number that contradicts its table cell (`pick` chooses the figure among
/// those stated, in sentence order, and seeds how far off it is), and returns the finding that must follow; `None` when the spec states no figures or the
/// table the figure belongs to is not printed.
pub fn contradict(spec: &mut ReportSpec, pick: u64) -> Option<Contradiction> {
    let stated = spec.stated.clone()?;
    const FIGURES: [Figure; 6] = [
        Figure::New,
        Figure::Cin,
        Figure::Done,
        Figure::Cout,
        Figure::Review,
        Figure::Suit,
    ];
    // A figure the text words as none (未发生行政复议) can be contradicted too: the text then
    // states a number where the table holds 0.
    let candidates: Vec<Figure> = FIGURES
        .into_iter()
        .filter(|&f| {
            let table = match f {
                Figure::Review | Figure::Suit => TableId::T4,
                _ => TableId::T3,
            };
            value(spec, f).is_some() && !spec.omit_tables.contains(&table)
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let figure = candidates[(pick % candidates.len() as u64) as usize];
    let mut rng = ChaCha8Rng::seed_from_u64(pick ^ stated.seed);
    let table_value = value(spec, figure)?;
    let off = rng.random_range(1..=9i64);
    // N-NEW accepts the number with or without 上年结转: the wrong one is above both.
    let wrong = match figure {
        Figure::New => table_value + value(spec, Figure::Cin)? + off,
        _ => table_value + off,
    };
    spec.stated = Some(Stated {
        seed: stated.seed,
        wrong: Some((figure, wrong)),
    });
    let (_, pieces) = sentences(spec, spec.stated.as_ref()?)?;
    let phrase = pieces.iter().find(|p| p.figure == figure)?.phrase.clone();
    let (rule, table, row) = match figure {
        Figure::New => ("N-NEW", TableId::T3, Some("new")),
        Figure::Cin => ("N-CIN", TableId::T3, Some("cin")),
        Figure::Done => ("N-DONE", TableId::T3, Some("r7")),
        Figure::Cout => ("N-COUT", TableId::T3, Some("cout")),
        Figure::Review => ("N-RV", TableId::T4, Some("rv")),
        Figure::Suit => ("N-LIT", TableId::T4, None),
    };
    Some(Contradiction {
        rule,
        table,
        row,
        table_value,
        stated: wrong,
        phrase,
    })
}

#[cfg(test)]
mod tests;
