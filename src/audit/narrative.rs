//! Prose against tables (domain.md §6.6): the numbers the narrative states about 表三 and 表四
//! (N-NEW, N-CIN, N-DONE, N-COUT, N-CAT, N-APPLICANT, N-RV, N-LIT) and its statements that
//! nothing happened or that every case was upheld (N-NONE, N-ALLUPHELD); the result columns of
//! 表四 a sentence about reviews or suits states (`行政复议3件，其中维持2件、纠正1件`, N-RV and
//! N-LIT); fee notices ([`fee`], N-FEE) and rates ([`rates`], N-PCT).
//!
//! Precision over recall: a warning here tells an office its text contradicts its own table, so
//! a phrase is read only when its meaning is plain. The reading is clause by clause (a clause
//! ends at ，。；、 brackets and `|`, so one clause's number is never paired with another's
//! subject); a clause is skipped whole when it speaks of another period (同比, 较上年, another
//! year, a month), a part (其中, 各部门, 本级), another channel (热线, 信访) or an approximation
//! (约, 余, 以上). A number is read only when 件 follows it, and only when no other subject
//! stands between it and its keyword. A table cell that is blank or unreadable says nothing.
//!
//! The text is read as `SourceLines::all` holds it, lines end to end, so a sentence wrapped over
//! lines (PDF text) reads whole; only clauses that hold 件 (or a "none" or "upheld" phrase) are
//! looked at, all found in one pass over the text, which keeps the family cheap on a large
//! inbox.

use std::sync::LazyLock;

use crate::model::{Finding, Severity, Table, TableId};
use crate::rules::Rule;

use super::Ctx;
use super::numerals::{Num, numbers};
use words::{TextWords, Words};

/// Characters that always end a clause; an ASCII comma ends one too unless it stands between
/// digits, where it is a thousands separator (see [`is_break`]).
const fn breaks(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | ';'
            | '！'
            | '？'
            | '!'
            | '?'
            | '|'
            | '（'
            | '）'
            | '('
            | ')'
            | '【'
            | '】'
            | '\n'
            | '\r'
    )
}

/// Characters that end a sentence.
const fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '|' | '\n')
}

/// The longest clause read, in bytes each side of its anchor: a longer run without punctuation
/// is a table row or a heading run together with text, not a sentence.
const REACH: usize = 240;

/// Words that make a clause ambiguous for every rule: another period, a comparison, another
/// channel than disclosure requests, a part of the body, an approximation, a remainder.
pub(crate) const AMBIGUOUS: &[&str] = &[
    "同比",
    "环比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "去年",
    "上年同期",
    "增长",
    "下降",
    "减少",
    "增加",
    "月",
    "季度",
    "半年",
    "累计",
    "以来",
    "平均",
    "约",
    "近",
    "超过",
    "以上",
    "以下",
    "不足",
    "热线",
    "12345",
    "信访",
    "投诉",
    "咨询",
    "留言",
    "来电",
    "诉求",
    "工单",
    "各县",
    "各区",
    "各乡",
    "各镇",
    "各街道",
    "各部门",
    "各单位",
    "市直",
    "县直",
    "区直",
    "本级",
    "所属",
    "下属",
    "系统内",
    "全省",
    "全国",
    "其余",
    "除",
    "分别",
    "%",
    "％",
    "率",
];

/// Words that make a clause a part of a total: ambiguous for the totals, the natural form of the
/// result-group and applicant statements (`收到申请12件，其中自然人10件`).
const PART: &[&str] = &["其中"];

/// A keyword that says which table figure a number states.
struct Key {
    rule: Rule,
    word: &'static str,
}

const fn k(rule: Rule, word: &'static str) -> Key {
    Key { rule, word }
}

const KEYS: &[Key] = &[
    k(Rule::NNew, "新收"),
    k(Rule::NNew, "收到"),
    k(Rule::NNew, "受理"),
    k(Rule::NNew, "接收"),
    k(Rule::NCin, "上年结转"),
    k(Rule::NCin, "上年度结转"),
    k(Rule::NCin, "上一年度结转"),
    k(Rule::NDone, "办结"),
    k(Rule::NDone, "答复"),
    k(Rule::NDone, "已办"),
    k(Rule::NCout, "结转下年"),
    k(Rule::NCout, "结转至下年"),
    k(Rule::NCout, "结转到下年"),
    k(Rule::NCout, "转入下年"),
    k(Rule::NCout, "顺延"),
    k(Rule::NCat, "予以公开"),
    k(Rule::NCat, "部分公开"),
    k(Rule::NCat, "不予公开"),
    k(Rule::NCat, "无法提供"),
    k(Rule::NCat, "不予处理"),
    k(Rule::NCat, "其他处理"),
    k(Rule::NApplicant, "自然人"),
    k(Rule::NApplicant, "法人或其他组织"),
    k(Rule::NApplicant, "法人和其他组织"),
    k(Rule::NRv, "行政复议"),
    k(Rule::NLit, "行政诉讼"),
];

/// The 表四 result columns a sentence about reviews or suits may state, longest word first
/// (`尚未审结` before `未审结`): word, column key, column label.
const RESULTS: &[(&str, &str, &str)] = &[
    ("尚未审结", "pend", "尚未审结"),
    ("未审结", "pend", "尚未审结"),
    ("其他结果", "oth", "其他结果"),
    ("维持", "keep", "结果维持"),
    ("纠正", "fix", "结果纠正"),
    ("纠错", "fix", "结果纠正"),
];

/// The longest run of text between a review or suit and the result a sentence gives for it.
const RESULT_REACH: usize = 40;

/// Phrases that say no review or suit happened, or no request came in.
const NONE_WORDS: &[&str] = &["未发生", "未出现", "没有发生", "未收到", "没有收到"];

/// Phrases that say every review or suit ended upheld.
const UPHELD_WORDS: &[&str] = &[
    "均获维持",
    "均被维持",
    "均予维持",
    "均维持",
    "全部维持",
    "均得到维持",
];

/// Every word [`check`] looks for over a whole text, found in one pass (see [`TextWords`]): 件
/// (a count's unit), then [`NONE_WORDS`], then [`UPHELD_WORDS`], then the full-width percent
/// sign [`rates`] reads (the ASCII one is a single byte, which `memchr` finds faster on its own).
static TEXT_WORDS: LazyLock<TextWords> = LazyLock::new(|| {
    let words: Vec<&str> = std::iter::once(UNIT)
        .chain(NONE_WORDS.iter().copied())
        .chain(UPHELD_WORDS.iter().copied())
        .chain([rates::WIDE_PERCENT])
        .collect();
    TextWords::new(&words)
});

/// The unit a stated count ends with; only clauses holding it are read for counts.
const UNIT: &str = "件";

/// Where each list starts among [`TEXT_WORDS`].
const NONE_AT: usize = 1;
const UPHELD_AT: usize = NONE_AT + NONE_WORDS.len();
const PERCENT_AT: usize = UPHELD_AT + UPHELD_WORDS.len();

/// Words near N-NONE that change its meaning: `未发生行政复议被纠错` says nothing about the count.
const NONE_QUALIFIERS: &[&str] = &["败诉", "纠错", "纠正", "撤销", "违法", "维持", "不利"];

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t3 = ctx.report.tables.t3.as_ref();
    let t4 = ctx.report.tables.t4.as_ref();
    if t3.is_none() && t4.is_none() {
        return;
    }
    let reader = Reader { ctx, t3, t4 };
    let text = ctx.report.lines.all();
    // Word by word in list order, each word's places in text order: the order findings come
    // out in.
    let places = TEXT_WORDS.places(text);
    let of = |first: usize, words: &'static [&'static str]| {
        places
            .iter()
            .filter(move |(w, _)| (first..first + words.len()).contains(w))
            .map(move |&(w, p)| (words[w - first], p))
    };
    let mut done = 0;
    for (_, p) in of(0, &[UNIT]) {
        if p < done {
            continue;
        }
        let Some((s, e)) = clause_at(text, p) else {
            continue;
        };
        done = e;
        let clause = &text[s..e];
        // Neither reading says anything about an ambiguous clause.
        let Some(found) = read_clause(clause, reader.year()) else {
            continue;
        };
        reader.counts(clause, s, &found.keys, out);
        reader.results(clause, s, &found, out);
    }
    fee::check(ctx, t3, out);
    rates::check(
        ctx,
        of(PERCENT_AT, &[rates::WIDE_PERCENT]).map(|(_, p)| p),
        out,
    );
    for (word, p) in of(NONE_AT, NONE_WORDS) {
        if let Some((s, e)) = clause_at(text, p) {
            reader.none(&text[s..e], s, word, out);
        }
    }
    let mut done = 0;
    for (word, p) in of(UPHELD_AT, UPHELD_WORDS) {
        if p < done {
            continue;
        }
        if let Some((s, e)) = sentence_at(text, p) {
            done = e;
            reader.upheld(&text[s..e], s, word, out);
        }
    }
}

/// A clause break at byte `i` of `text` (the char starting there is `c`).
fn is_break(text: &str, i: usize, c: char) -> bool {
    if breaks(c) {
        return true;
    }
    if matches!(c, ',' | '，' | '、') {
        let before = text[..i].chars().next_back();
        let after = text[i + c.len_utf8()..].chars().next();
        let digit =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        return c != '、' && !(digit(before) && digit(after));
    }
    false
}

/// The clause around byte `p`: its byte range, or `None` when no break lies within [`REACH`].
pub(crate) fn clause_at(text: &str, p: usize) -> Option<(usize, usize)> {
    span_at(text, p, is_break)
}

/// The sentence around byte `p` (up to 。！？ or a line's `|`).
pub(crate) fn sentence_at(text: &str, p: usize) -> Option<(usize, usize)> {
    span_at(text, p, |_, _, c| ends_sentence(c))
}

/// The span around byte `p` up to the nearest `stop` each side, at most [`REACH`] bytes away
/// (`None` when there is none that near and the text goes on).
///
/// The text is walked byte by byte and only a character that may stop (see [`MAY_STOP`]) is
/// decoded.
fn span_at(
    text: &str,
    p: usize,
    stop: impl Fn(&str, usize, char) -> bool,
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let char_at = |i: usize| text[i..].chars().next().unwrap_or_default();
    let may_stop = |b: &u8| MAY_STOP[usize::from(*b)];
    // Each side reads the characters up to REACH bytes away and the first one at or past the
    // bound: on the left from that character's start, on the right up to its first byte.
    let mut lo = p.saturating_sub(REACH);
    while lo > 0 && continues(bytes[lo]) {
        lo -= 1;
    }
    let mut to = p;
    let start = loop {
        let Some(k) = bytes[lo..to].iter().rposition(may_stop) else {
            break None;
        };
        let (i, c) = (lo + k, char_at(lo + k));
        if stop(text, i, c) {
            break Some(i + c.len_utf8());
        }
        to = i;
    };
    let start = start.or((p <= REACH).then_some(0))?;
    let hi = p + REACH;
    let mut last = hi;
    while last < bytes.len() && continues(bytes[last]) {
        last += 1;
    }
    let limit = (last + 1).min(bytes.len());
    let mut from = p;
    let end = loop {
        let Some(k) = bytes[from..limit].iter().position(may_stop) else {
            break None;
        };
        let i = from + k;
        if stop(text, i, char_at(i)) {
            break Some(i);
        }
        from = i + 1;
    };
    let end = end.or((text.len() <= hi).then_some(text.len()))?;
    Some((start, end))
}

/// True for a UTF-8 continuation byte: no character starts there.
fn continues(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// For each byte, true when a character starting with it may end a clause or a sentence: the
/// ASCII characters [`breaks`], [`is_break`] and [`ends_sentence`] name, and the lead bytes 0xE3
/// (。、【】) and 0xEF (the full-width ，；！？（）), while Chinese characters start with 0xE4 to
/// 0xE9. Only these are decoded and tested: decoding every character of the Chinese text
/// around each 件, and testing every ASCII digit, cost more than the rest of reading its clause.
static MAY_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x80 {
            let c = b as u8 as char;
            breaks(c) || ends_sentence(c) || c == ','
        } else {
            b == 0xE3 || b == 0xEF
        };
        b += 1;
    }
    table
};

/// The 1-based source line holding byte `at` of `SourceLines::all`.
pub(crate) fn line_of(ctx: &Ctx<'_>, at: usize) -> u32 {
    let lines = &ctx.report.lines;
    let (mut lo, mut hi) = (0, lines.len());
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if lines.line_start(mid) <= at {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo as u32 + 1
}

/// True when the clause names a year other than the report's (`2019年受理…` in a 2020 report).
pub(crate) fn other_year(clause: &str, year: Option<i32>) -> bool {
    // Most clauses name no year at all: no need to read their numbers. Nor does a clause whose
    // every 年 follows something other than a numeral (本年, 上年, 年度): a number ends with a
    // digit or a numeral character, and only spaces may stand between it and its 年.
    let named = clause.match_indices('年').any(|(i, _)| {
        clause[..i]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(super::numerals::is_numeral)
    });
    if !named {
        return false;
    }
    numbers(clause).iter().any(|n| {
        (1990..=2100).contains(&n.value)
            && clause[n.end..].trim_start().starts_with('年')
            && year != Some(n.value as i32)
    })
}

/// Read only in the few clauses of "none" and "upheld" phrases and of results: see
/// [`Words::seldom`].
static AMBIGUOUS_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words::seldom(AMBIGUOUS.iter().copied()));

/// The words read in every clause that holds 件, as one automaton: [`AMBIGUOUS`], then the
/// keywords of [`KEYS`], then the result words of [`RESULTS`]. One pass over the clause finds
/// them all, where a pass per list read each clause three times.
static CLAUSE_WORDS: LazyLock<Words> = LazyLock::new(|| {
    Words::new(
        AMBIGUOUS
            .iter()
            .copied()
            .chain(KEYS.iter().map(|k| k.word))
            .chain(RESULTS.iter().map(|r| r.0)),
    )
});

/// The keywords and result words of one clause, each list word by word in list order and each
/// word's places in text order (see [`Words::places`]).
struct Found {
    /// (start, end, key).
    keys: Vec<(usize, usize, &'static Key)>,
    /// (index in [`RESULTS`], start, end).
    results: Vec<(usize, usize, usize)>,
}

/// The keywords and result words of `clause`, or `None` when it is [`ambiguous`].
fn read_clause(clause: &str, year: Option<i32>) -> Option<Found> {
    let places = CLAUSE_WORDS.places(clause);
    // The lists follow each other in the automaton, so a word's index says its list.
    let (keys_at, results_at) = (AMBIGUOUS.len(), AMBIGUOUS.len() + KEYS.len());
    if places.first().is_some_and(|p| p.0 < keys_at) || other_year(clause, year) {
        return None;
    }
    let (keys, results) = places.split_at(places.partition_point(|p| p.0 < results_at));
    Some(Found {
        keys: keys
            .iter()
            .map(|&(k, s, e)| (s, e, &KEYS[k - keys_at]))
            .collect(),
        results: results
            .iter()
            .map(|&(r, s, e)| (r - results_at, s, e))
            .collect(),
    })
}

/// True when the clause holds an [`AMBIGUOUS`] word or names another year.
pub(crate) fn ambiguous(clause: &str, year: Option<i32>) -> bool {
    AMBIGUOUS_WORDS.any_in(clause) || other_year(clause, year)
}

/// True when a negation stands right before byte `at` (`未收到`, `不予受理`).
pub(crate) fn negated(clause: &str, at: usize) -> bool {
    // A `match` on the five characters, not `"未不无没非".contains(c)`: that searched the
    // string for each character's encoding.
    clause[..at]
        .chars()
        .rev()
        .take(2)
        .any(|c| matches!(c, '未' | '不' | '无' | '没' | '非'))
}

/// True when the text before a keyword ends with another keyword and a connector
/// (`行政复议、行政诉讼共9件`): the number is their sum, not the second's.
fn joined(before: &str) -> bool {
    let Some(rest) = before.trim_end().strip_suffix(['、', '和', '及', '与']) else {
        return false;
    };
    KEYS.iter().any(|k| rest.trim_end().ends_with(k.word))
}

/// The number a keyword ending at `from` states: the first whole number after it, skipping a
/// year (`2020年`), when 件 follows it and nothing in between names another subject or a part.
fn stated(clause: &str, from: usize, nums: &[Num], others: &[(usize, usize)]) -> Option<Num> {
    let n = nums
        .iter()
        .filter(|n| n.start >= from && !page_number(clause, n))
        .find(|n| !clause[n.end..].trim_start().starts_with(['年', '日', '号']))?;
    if !clause[n.end..].trim_start().starts_with('件') {
        return None;
    }
    let between = &clause[from..n.start];
    if between.chars().count() > 30
        || ["各", "其中", "共各"].iter().any(|w| between.contains(w))
        || others.iter().any(|&(s, _)| s >= from && s < n.start)
    {
        return None;
    }
    let before = clause[..n.start].chars().next_back();
    if before.is_some_and(|c| "第每".contains(c)) {
        return None;
    }
    Some(*n)
}

/// True when `n` is a PDF page number (`- 2 -`) that a page break put inside the sentence
/// (`受理政府信息公开申请- 2 -一百三十一件` read end to end): it states nothing.
fn page_number(clause: &str, n: &Num) -> bool {
    const DASHES: [char; 4] = ['-', '－', '—', '–'];
    clause[..n.start].trim_end().ends_with(DASHES)
        && clause[n.end..].trim_start().starts_with(DASHES)
}

/// The phrase a finding quotes: from the keyword to the number's 件.
fn phrase(clause: &str, from: usize, n: &Num) -> String {
    let rest = &clause[n.end..];
    let end = n.end + rest.find('件').map_or(0, |i| i + '件'.len_utf8());
    clause[from..end].trim().to_string()
}

fn tot(t: Option<&Table>, row: &str, col: &str) -> Option<i64> {
    t?.int(row, col)
}

fn sum(t: Option<&Table>, cells: &[(&str, &str)]) -> Option<i64> {
    cells.iter().map(|(r, c)| tot(t, r, c)).sum()
}

const LP: [&str; 5] = ["biz", "res", "ngo", "law", "oth"];

fn lp(t: Option<&Table>, row: &str) -> Option<i64> {
    LP.iter().map(|c| tot(t, row, c)).sum()
}

/// The table cell a finding names: table, row, column.
type Place = (TableId, Option<&'static str>, Option<&'static str>);

/// Reads one applicant figure of a 表三 row.
type Read = fn(Option<&Table>, &str) -> Option<i64>;

struct Reader<'a, 'c> {
    ctx: &'c Ctx<'a>,
    t3: Option<&'a Table>,
    t4: Option<&'a Table>,
}

impl Reader<'_, '_> {
    fn year(&self) -> Option<i32> {
        self.ctx.report.year
    }

    fn warn(
        &self,
        rule: Rule,
        (table, row, column): Place,
        values: (i64, i64),
        line: u32,
        message: String,
    ) -> Finding {
        Finding::new(rule, Severity::Warning, message)
            .at(table, row, column)
            .values(Some(values.0), Some(values.1))
            .line(Some(line))
    }

    /// The count rules over one unambiguous clause holding 件 at byte `base` of the text.
    fn counts(
        &self,
        clause: &str,
        base: usize,
        hits: &[(usize, usize, &'static Key)],
        out: &mut Vec<Finding>,
    ) {
        let part = PART.iter().any(|w| clause.contains(w));
        if hits.is_empty() {
            return;
        }
        let nums = numbers(clause);
        let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.0, h.1)).collect();
        let mut seen: Vec<(Rule, usize)> = Vec::new();
        for &(s, e, key) in hits {
            if negated(clause, s) || joined(&clause[..s]) {
                continue;
            }
            let part_rule = matches!(key.rule, Rule::NCat | Rule::NApplicant);
            if part && !part_rule {
                continue;
            }
            let needs_request = matches!(
                key.rule,
                Rule::NNew | Rule::NDone | Rule::NCat | Rule::NApplicant
            );
            if needs_request && !self.about_requests(clause, base) {
                continue;
            }
            let Some(n) = stated(clause, e, &nums, &spans) else {
                continue;
            };
            if seen.contains(&(key.rule, n.start)) {
                continue;
            }
            seen.push((key.rule, n.start));
            let quote = phrase(clause, s, &n);
            let line = line_of(self.ctx, base + s);
            if let Some(f) = self.compare(key, n.value, &quote, line) {
                out.push(f);
            }
        }
        // `另有 103 件顺延到下年度`: the number before its keyword, with nothing in between.
        for n in &nums {
            let rest = clause[n.end..].trim_start();
            let Some(rest) = rest.strip_prefix('件') else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(key) = KEYS
                .iter()
                .find(|k| k.rule == Rule::NCout && rest.starts_with(k.word))
            else {
                continue;
            };
            if seen.iter().any(|&(r, s)| r == Rule::NCout && s == n.start) {
                continue;
            }
            let end = clause.len() - rest.len() + key.word.len();
            let quote = clause[n.start..end].trim().to_string();
            let line = line_of(self.ctx, base + n.start);
            if let Some(f) = self.compare(key, n.value, &quote, line) {
                out.push(f);
            }
        }
    }

    /// N-RV and N-LIT over the result columns an unambiguous clause states (`维持2件、纠正1件`),
    /// for the review or suit its sentence names last before the result word.
    fn results(&self, clause: &str, base: usize, found: &Found, out: &mut Vec<Finding>) {
        let mut hits: Vec<(usize, usize, &'static str, &'static str)> = Vec::new();
        for &(r, i, e) in &found.results {
            // `未审结` inside `尚未审结` is the same word.
            if !hits.iter().any(|h| h.0 <= i && i < h.1) {
                let (_, col, label) = RESULTS[r];
                hits.push((i, e, col, label));
            }
        }
        if hits.is_empty() {
            return;
        }
        let nums = numbers(clause);
        let mut spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.0, h.1)).collect();
        spans.extend(found.keys.iter().map(|&(s, e, _)| (s, e)));
        let text = self.ctx.report.lines.all();
        for &(s, e, col, label) in &hits {
            if negated(clause, s) {
                continue;
            }
            let Some(n) = stated(clause, e, &nums, &spans) else {
                continue;
            };
            let Some((sentence, _)) = sentence_at(text, base + s) else {
                continue;
            };
            let Some(group) = self.result_group(&text[sentence..base + s]) else {
                continue;
            };
            let (v, row, name) = if group == "rv" {
                (tot(self.t4, "rv", col), Some("rv"), "行政复议")
            } else {
                let lit = tot(self.t4, "ld", col).zip(tot(self.t4, "lr", col));
                (lit.map(|(a, b)| a + b), None, "行政诉讼（两组之和）")
            };
            let Some(v) = v.filter(|v| *v != n.value) else {
                continue;
            };
            let rule = if group == "rv" { Rule::NRv } else { Rule::NLit };
            let quote = phrase(clause, s, &n);
            let line = line_of(self.ctx, base + s);
            out.push(self.warn(
                rule,
                (TableId::T4, row, Some(col)),
                (v, n.value),
                line,
                format!(
                    "正文「{quote}」与表四 {name} {label} {v} 不一致 / the text says {}, 表四 {name} {label} {v}",
                    n.value
                ),
            ));
        }
    }

    /// Which group of 表四 the text before a result word speaks of, `rv` or `lit`; `None` when it names neither, names both together
    /// (`行政复议、行政诉讼`), is too far away, or the way there is ambiguous.
    fn result_group(&self, before: &str) -> Option<&'static str> {
        let rv = before.rfind("行政复议");
        let lit = before.rfind("行政诉讼");
        let (group, at, word) = match (rv, lit) {
            (Some(a), Some(b)) if a > b => ("rv", a, "行政复议"),
            (Some(a), None) => ("rv", a, "行政复议"),
            (_, Some(b)) => ("lit", b, "行政诉讼"),
            (None, None) => return None,
        };
        let after = &before[at + word.len()..];
        if after.chars().count() > RESULT_REACH
            || joined(&before[..at])
            || after.trim_start().starts_with(['、', '和', '及', '与'])
            || ambiguous(after, self.year())
            || after.contains("起诉")
        {
            return None;
        }
        Some(group)
    }

    /// N-NEW, N-DONE and the parts need the sentence to be about disclosure requests (申请),
    /// not about hotline cases or documents.
    fn about_requests(&self, clause: &str, base: usize) -> bool {
        if clause.contains("申请") {
            return true;
        }
        let text = self.ctx.report.lines.all();
        sentence_at(text, base).is_some_and(|(s, e)| text[s..e].contains("申请"))
    }

    fn compare(&self, key: &Key, x: i64, quote: &str, line: u32) -> Option<Finding> {
        let (t3, t4) = (self.t3, self.t4);
        let differs = |rule, table, row, label: &str, v: i64| {
            (v != x).then(|| {
                self.warn(
                    rule,
                    (table, row, Some("tot")),
                    (v, x),
                    line,
                    format!(
                        "正文「{quote}」与{label} {v} 不一致 / the text says {x}, the table {v}"
                    ),
                )
            })
        };
        match key.rule {
            Rule::NNew => {
                let new = tot(t3, "new", "tot")?;
                let with_cin = new + tot(t3, "cin", "tot")?;
                let (zh, en) = if with_cin == new {
                    (String::new(), String::new())
                } else {
                    (
                        format!("（含上年结转为 {with_cin}）"),
                        format!(" ({with_cin} with those carried in)"),
                    )
                };
                (x != new && x != with_cin).then(|| {
                    self.warn(
                        Rule::NNew,
                        (TableId::T3, Some("new"), Some("tot")),
                        (new, x),
                        line,
                        format!(
                            "正文「{quote}」与表三 一、本年新收 总计 {new} 不一致{zh} / the text says {x}, 表三 new requests total {new}{en}"
                        ),
                    )
                })
            }
            Rule::NCin => differs(
                Rule::NCin,
                TableId::T3,
                Some("cin"),
                "表三 二、上年结转 总计",
                tot(t3, "cin", "tot")?,
            ),
            Rule::NDone => differs(
                Rule::NDone,
                TableId::T3,
                Some("r7"),
                "表三 （七）总计",
                tot(t3, "r7", "tot")?,
            ),
            Rule::NCout => differs(
                Rule::NCout,
                TableId::T3,
                Some("cout"),
                "表三 四、结转下年度继续办理 总计",
                tot(t3, "cout", "tot")?,
            ),
            Rule::NCat => {
                let version = self.ctx.table_version(t3?);
                let short = &key.word;
                let (label, members) = crate::template::t3_groups(version)
                    .iter()
                    .find(|(label, _)| label.contains(short))?;
                let cells: Vec<(&str, &str)> = members.iter().map(|m| (*m, "tot")).collect();
                let v = sum(t3, &cells)?;
                let row = (members.len() == 1).then(|| members[0]);
                differs(
                    Rule::NCat,
                    TableId::T3,
                    row,
                    &format!("表三 {label} 总计"),
                    v,
                )
            }
            Rule::NApplicant => {
                let (col, label, read): (_, _, Read) = if key.word == "自然人" {
                    (Some("np"), "自然人", |t, r| tot(t, r, "np"))
                } else {
                    (None, "法人或其他组织", lp)
                };
                let new = read(t3, "new")?;
                let cin = read(t3, "cin")?;
                let done = read(t3, "r7");
                if x == new || x == new + cin || done == Some(x) {
                    return None;
                }
                Some(
                    self.warn(
                        Rule::NApplicant,
                        (TableId::T3, Some("new"), col),
                        (new, x),
                        line,
                        format!(
                            "正文「{quote}」与表三 一、本年新收 {label} {new} 不一致 / the text says {x}, 表三 new requests from {label} {new}"
                        ),
                    ),
                )
            }
            Rule::NRv => differs(
                Rule::NRv,
                TableId::T4,
                Some("rv"),
                "表四 行政复议 总计",
                tot(t4, "rv", "tot")?,
            ),
            Rule::NLit => {
                let v = tot(t4, "ld", "tot")? + tot(t4, "lr", "tot")?;
                differs(
                    Rule::NLit,
                    TableId::T4,
                    None,
                    "表四 行政诉讼 总计（两组之和）",
                    v,
                )
            }
            _ => None,
        }
    }

    /// N-NONE over the clause of a "none" phrase.
    fn none(&self, clause: &str, base: usize, word: &str, out: &mut Vec<Finding>) {
        if ambiguous(clause, self.year()) || PART.iter().any(|w| clause.contains(w)) {
            return;
        }
        if NONE_QUALIFIERS.iter().any(|w| clause.contains(w)) {
            return;
        }
        let Some(at) = clause.find(word) else { return };
        let line = line_of(self.ctx, base + at);
        let quote = clause.trim();
        let (t3, t4) = (self.t3, self.t4);
        let mut fire = |row: Option<&'static str>, table, label: &str, v: Option<i64>| {
            if let Some(v) = v.filter(|v| *v != 0) {
                out.push(self.warn(
                    Rule::NNone,
                    (table, row, Some("tot")),
                    (v, 0),
                    line,
                    format!(
                        "正文「{quote}」与{label} {v} 不一致 / the text says none, the table {v}"
                    ),
                ));
            }
        };
        if word.contains("收到") {
            if clause.contains("申请")
                && !["复议", "诉讼", "举报", "补正"]
                    .iter()
                    .any(|w| clause.contains(w))
            {
                fire(
                    Some("new"),
                    TableId::T3,
                    "表三 一、本年新收 总计",
                    tot(t3, "new", "tot"),
                );
            }
            return;
        }
        if clause.contains("行政复议") {
            fire(
                Some("rv"),
                TableId::T4,
                "表四 行政复议 总计",
                tot(t4, "rv", "tot"),
            );
        }
        if clause.contains("行政诉讼") {
            let lit = tot(t4, "ld", "tot")
                .zip(tot(t4, "lr", "tot"))
                .map(|(a, b)| a + b);
            fire(None, TableId::T4, "表四 行政诉讼 总计", lit);
        }
    }

    /// N-ALLUPHELD over the sentence of an "all upheld" phrase: reviews, suits, or both as the
    /// sentence names them.
    fn upheld(&self, sentence: &str, base: usize, word: &str, out: &mut Vec<Finding>) {
        let Some(at) = sentence.find(word) else {
            return;
        };
        let clause_end = clause_at(sentence, at).map_or(sentence.len(), |c| c.1);
        let (clause_start, _) = clause_at(sentence, at).unwrap_or((0, 0));
        if ambiguous(&sentence[clause_start..clause_end], self.year()) {
            return;
        }
        let rv = sentence.contains("复议");
        let lit = sentence.contains("诉讼");
        let groups: &[(&'static str, &str)] = match (rv, lit) {
            (true, false) => &[("rv", "行政复议")],
            (false, true) => &[("ld", "未经复议直接起诉"), ("lr", "复议后起诉")],
            _ => &[
                ("rv", "行政复议"),
                ("ld", "未经复议直接起诉"),
                ("lr", "复议后起诉"),
            ],
        };
        let line = line_of(self.ctx, base + at);
        let quote = sentence[clause_start..clause_end].trim();
        for (g, label) in groups {
            for (col, name) in [
                ("fix", "结果纠正"),
                ("oth", "其他结果"),
                ("pend", "尚未审结"),
            ] {
                if let Some(v) = tot(self.t4, g, col).filter(|v| *v != 0) {
                    out.push(self.warn(
                        Rule::NAllUpheld,
                        (TableId::T4, Some(g), Some(col)),
                        (v, 0),
                        line,
                        format!(
                            "正文「{quote}」与表四 {label} {name} {v} 不一致 / the text says all upheld, 表四 {label} {name} is {v}"
                        ),
                    ));
                }
            }
        }
    }
}

mod fee;
mod rates;
mod words;

#[cfg(test)]
mod tests;
