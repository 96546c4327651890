//! Report metadata: year, issuing body (and its kind), publication date, statistics period,
//! and which official format the tables follow.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::tokens::{NormLines, norm};
use crate::model::BodyKind;
use crate::template::TemplateVersion;

/// What [`body_first_titles`] finds, as one pattern (the reference its test compares with):
/// 2 to 40 name characters, then the year and the report's name.
#[cfg(test)]
const TITLE_BODY_FIRST: &str = r"([\p{Han}·（）()]{2,40}?)((?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)(?:工作)?年(?:度报告|报)";
/// A run of name characters at the end of a text.
static NAME_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{Han}·（）()]+$").unwrap());
/// What [`year_first_titles`] finds, as one pattern (the reference its test compares with):
/// the year, then 2 to 30 name characters and the report's name.
#[cfg(test)]
const TITLE_YEAR_FIRST: &str = r"((?:19|20)\d{2})年度?([\p{Han}·（）()]{2,30}?)(?:政府信息公开|政务公开)(?:工作)?年(?:度报告|报)";
/// Where a year-first title can begin: its year and `年`.
static YEAR_HEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}年").unwrap());
/// A run of name characters at the start of a text.
static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{Han}·（）()]+").unwrap());
static YEAR_ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)(?:工作)?年(?:度报告|报)")
        .unwrap()
});
static GOV_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{Han}]{2,6}?(?:省|市|县|区|州|旗|镇|乡))人民政府").unwrap());
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:发布日期|发布时间|信息提供日期|成文日期|公开日期|发文日期)[:：]?((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})").unwrap()
});
static DATE_CN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日").unwrap());
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"统计(?:期限|时限|时间|区间|周期)[为是自从:]*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日起?(?:至|到|-|—|~)((?:19|20)\d{2})?年?(\d{1,2})月(\d{1,2})日").unwrap()
});

/// The names [`GOV_NAME`] captures in `text`, in order: its `captures_iter`, run only where a
/// match can be. The pattern begins with a character class, which gives a search nothing to
/// skip ahead by (on a whole report it steps through every byte); but every match ends in
/// `人民政府` and starts at most seven characters (28 bytes) before it. So the regex runs on
/// the stretches from 28 bytes before each `人民政府` to its end, overlapping stretches merged:
/// each match lies inside one stretch and the pattern has no anchors, so the matches are the
/// same.
fn government_names(text: &str) -> impl Iterator<Item = &str> {
    static WORD: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("人民政府"));
    const REACH: usize = 7 * 4;
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for at in WORD.find_iter(text.as_bytes()) {
        let (from, end) = (text.floor_char_boundary(at.saturating_sub(REACH)), at + 12);
        match stretches.last_mut() {
            Some(last) if from <= last.1 => last.1 = end,
            _ => stretches.push((from, end)),
        }
    }
    stretches.into_iter().flat_map(|(from, to)| {
        GOV_NAME
            .captures_iter(&text[from..to])
            .map(|c| c.get(1).expect("group 1").as_str())
    })
}

/// Institutional suffixes a body name ends with.
const SUFFIXES: &[&str] = &[
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "办事处",
    "办公室",
    "办公厅",
    "委员会",
    "街道",
    "局",
    "委",
    "厅",
    "署",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "会",
    "市",
    "县",
    "区",
    "州",
    "旗",
    "镇",
    "乡",
];

/// Words that precede a body name in a sentence (`现公布…`, `关于编制公布…`).
const LEAD_NOISE: &[&str] = &[
    "现将",
    "现公布",
    "公布",
    "编制",
    "发布",
    "印发",
    "关于",
    "做好",
    "的通知",
    "通知",
    "特此",
    "本",
];

fn clean_body(candidate: &str) -> Option<String> {
    let mut s = candidate.trim_matches(|c: char| !c.is_alphanumeric());
    // The body is what follows the last noise word, so it ends where the candidate does: a
    // candidate not ending in an institutional suffix (a sentence, a date) names none.
    if !SUFFIXES.iter().any(|suf| s.ends_with(suf)) {
        return None;
    }
    // A reverse searcher per noise word, built once: `str::rfind` sets one up per call, which
    // cost more than the search in these short texts.
    static NOISE: LazyLock<Vec<memchr::memmem::FinderRev<'static>>> = LazyLock::new(|| {
        LEAD_NOISE
            .iter()
            .map(memchr::memmem::FinderRev::new)
            .collect()
    });
    loop {
        let cut = NOISE
            .iter()
            .filter_map(|f| f.rfind(s.as_bytes()).map(|p| p + f.needle().len()))
            .max();
        match cut {
            Some(p) if p < s.len() => s = &s[p..],
            Some(_) => return None,
            None => break,
        }
    }
    let n = s.chars().count();
    (2..=30)
        .contains(&n)
        .then_some(())
        .filter(|_| SUFFIXES.iter().any(|suf| s.ends_with(suf)))
        .map(|_| s.to_string())
}

/// Report year and issuing body from the title (or a sentence naming the report). `head` holds
/// the first lines, each tried alone and joined with the next (titles wrap); `whole` is the rest.
pub fn title(head: &[&str], whole: &str) -> (Option<i32>, Option<String>) {
    // Most titles sit on the first line: try the candidates in order, building each joined
    // pair only when it is reached.
    let pairs = head
        .windows(2)
        .map(|w| Cow::Owned(format!("{}{}", w[0], w[1])));
    let candidates = || {
        head.iter()
            .map(|l| Cow::Borrowed(*l))
            .chain(pairs.clone())
            .chain(std::iter::once(Cow::Borrowed(whole)))
    };
    // Every title pattern ends in 年度报告 or 年报: a text without either is not searched.
    // Searchers built once (`contains` sets one up per call, for each of up to 24 texts).
    static ENDS: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        LazyLock::new(|| ["年度报告", "年报"].map(memchr::memmem::Finder::new));
    let may_hold = |t: &str| ENDS.iter().any(|f| f.find(t.as_bytes()).is_some());
    for text in candidates().filter(|t| may_hold(t)) {
        for (name, year) in body_first_titles(&text) {
            if let Some(body) = clean_body(name) {
                return (year.parse().ok(), Some(body));
            }
        }
        for (year, name) in year_first_titles(&text) {
            if let Some(body) = clean_body(name) {
                return (year.parse().ok(), Some(body));
            }
        }
    }
    let year = candidates()
        .filter(|t| may_hold(t))
        .find_map(|t| YEAR_ANY.captures(&t).and_then(|c| c[1].parse().ok()));
    (year, None)
}

/// The titles `<name><year>年(度)政府信息公开(工作)年度报告` in `text`, as (name, year), in order:
/// the matches of [`TITLE_BODY_FIRST`], found the cheap way. A name cannot hold digits, so each
/// match ends its name where its year begins: find the year and report name (a small pattern),
/// then take the run of name characters before it, at most 40 and at least 2, never reaching
/// back into the previous match. (The single pattern's 40-fold repetition of `\p{Han}` made
/// every search build a large automaton state by state.)
fn body_first_titles(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut floor = 0;
    YEAR_ANY.captures_iter(text).filter_map(move |c| {
        let whole = c.get(0).expect("group 0");
        let at = whole.start();
        // At most 40 characters back, not before the end of the previous match.
        let from = text[floor..at]
            .char_indices()
            .rev()
            .take(40)
            .last()
            .map_or(at, |(i, _)| floor + i);
        let name = NAME_TAIL.find(&text[from..at])?;
        if name.as_str().chars().count() < 2 {
            return None;
        }
        floor = whole.end();
        Some((name.as_str(), c.get(1).expect("year").as_str()))
    })
}

/// The titles `<year>年(度)<name>政府信息公开(工作)年度报告` in `text`, as (year, name), in order:
/// the matches of [`TITLE_YEAR_FIRST`], found without it. Its 30-fold repetition of `\p{Han}`
/// cost more to compile than the searches of a whole run of reports. Each match begins where
/// its year does (years and `年` cannot overlap, so the places [`YEAR_HEAD`] finds are all the
/// candidates); at each, in the pattern's order of preference: `度` taken as part of `年度` if
/// there, else as the name's first character; the shortest name (of 2 to 30 name characters)
/// that the report's name follows.
fn year_first_titles(text: &str) -> impl Iterator<Item = (&str, &str)> {
    // The report's name after a name, if it is there: its length in bytes. Each optional or
    // alternative part is decided by the next characters, so at most one way matches.
    let report_name = |rest: &str| {
        let after =
            (rest.strip_prefix("政府信息公开")).or_else(|| rest.strip_prefix("政务公开"))?;
        let after = after.strip_prefix("工作").unwrap_or(after);
        let after = after.strip_prefix('年')?;
        let after = (after.strip_prefix("度报告")).or_else(|| after.strip_prefix('报'))?;
        Some(rest.len() - after.len())
    };
    // The shortest name at `from` that the report's name follows: (name, end of the match).
    let name_at = move |from: usize| {
        // 30 characters are at most 120 bytes.
        let run = NAME_RUN.find(&text[from..text.floor_char_boundary(from + 120)])?;
        let ends = run.as_str().char_indices().map(|(i, c)| i + c.len_utf8());
        ends.skip(1).take(29).find_map(|end| {
            let len = report_name(&text[from + end..])?;
            Some((&text[from..from + end], from + end + len))
        })
    };
    let mut floor = 0;
    YEAR_HEAD.find_iter(text).filter_map(move |head| {
        if head.start() < floor {
            return None;
        }
        let p = head.end();
        let (name, end) = (text[p..].starts_with('度'))
            .then(|| name_at(p + '度'.len_utf8()))
            .flatten()
            .or_else(|| name_at(p))?;
        floor = end;
        Some((&text[head.start()..p - '年'.len_utf8()], name))
    })
}

/// The body named on the signature line just before a final date, if any.
pub fn signature_body(tail_lines: &[String]) -> Option<String> {
    for line in tail_lines.iter().rev() {
        let n = norm(line);
        if let Some(m) = DATE_CN.find(&n) {
            if let Some(b) = clean_body(&n[..m.start()]) {
                return Some(b);
            }
        } else if let Some(b) = clean_body(&n) {
            return Some(b);
        }
    }
    None
}

/// The most frequently named `X人民政府` in the text: a last resort for reports without title.
pub fn frequent_government(whole: &str) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for name in government_names(whole) {
        *counts.entry(name).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(name, n)| (*n, std::cmp::Reverse(*name)))
        .map(|(name, _)| format!("{name}人民政府"))
}

pub fn body_kind(body: &str) -> BodyKind {
    if body.contains("街道")
        || body.ends_with("镇人民政府")
        || body.ends_with("乡人民政府")
        || body.ends_with('镇')
        || body.ends_with('乡')
    {
        BodyKind::Township
    } else if body.ends_with("人民政府")
        || ["市", "县", "区", "州", "旗", "省"]
            .iter()
            .any(|s| body.ends_with(s))
    {
        BodyKind::Government
    } else {
        BodyKind::Department
    }
}

fn date(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Publication date: an explicit `发布日期` field, else the last date in the closing lines
/// (the signature), returned with its line.
pub fn published(whole: &str, tail: &[(u32, String)]) -> Option<NaiveDate> {
    // Every field name ends in 日期 or 时间 and is at most four characters longer: no match
    // starts before the first of those, less 12 bytes.
    static FIELD_ENDS: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        LazyLock::new(|| ["日期", "时间"].map(memchr::memmem::Finder::new));
    let first = FIELD_ENDS
        .iter()
        .filter_map(|f| f.find(whole.as_bytes()))
        .min();
    if let Some(at) = first {
        let from = whole.floor_char_boundary(at.saturating_sub(12));
        if let Some(c) = PUBLISHED.captures(&whole[from..]) {
            return date(&c[1], &c[2], &c[3]);
        }
    }
    for (_, line) in tail.iter().rev() {
        let n = norm(line);
        if n.contains("统计") {
            continue;
        }
        if let Some(c) = DATE_CN.captures_iter(&n).last() {
            return date(&c[1], &c[2], &c[3]);
        }
    }
    None
}

/// The stated statistics period and the line it is on.
pub fn period(lines_norm: &NormLines) -> Option<((NaiveDate, NaiveDate), u32)> {
    for i in lines_with(lines_norm, "统计") {
        // PDF text wraps the sentence: read on into the next two lines.
        let joined = lines_norm.span(i, (i + 3).min(lines_norm.len()));
        if let Some(c) = PERIOD.captures(joined) {
            let start = date(&c[1], &c[2], &c[3])?;
            let end_year = c.get(4).map_or(&c[1], |m| m.as_str());
            let end = date(end_year, &c[5], &c[6])?;
            return Some(((start, end), (i + 1) as u32));
        }
    }
    None
}

/// The lines (0-based, in order, each once) whose text holds `word`: one search over the text
/// of all lines, not one per line (most lines hold no such word, and a search set up for each
/// of a report's hundreds of lines cost more than the search itself).
fn lines_with<'a>(lines: &'a NormLines, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let all = lines.all();
    let end = |i: usize| lines.line_start(i) + lines[i].len();
    // The first line not yet given.
    let mut next = 0;
    memchr::memmem::find_iter(all.as_bytes(), word.as_bytes()).filter_map(move |at| {
        if next >= lines.len() || at < lines.line_start(next) {
            return None;
        }
        // The line holding `at`; a match running over the end of its line is in no line.
        let mut line = next;
        while end(line) <= at {
            line += 1;
        }
        (at + word.len() <= end(line)).then(|| {
            next = line + 1;
            line
        })
    })
}

const SIGNALS_2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "逾期不补正",
    "逾期未按收费通知",
];
const SIGNALS_2019: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "第二十条第(九)项",
    "政府集中采购",
];

/// Format signals found in the table text: (2019 signals, 2021 signals).
pub fn version_signals(table_text: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    // A searcher per signal, built once: the text is searched for each of them per report.
    type Finders = Vec<(&'static str, memchr::memmem::Finder<'static>)>;
    static FINDERS: LazyLock<[Finders; 2]> = LazyLock::new(|| {
        [SIGNALS_2019, SIGNALS_2021].map(|list| {
            list.iter()
                .map(|s| (*s, memchr::memmem::Finder::new(s)))
                .collect()
        })
    });
    let f = |finders: &Finders| {
        finders
            .iter()
            .filter(|(_, f)| f.find(table_text.as_bytes()).is_some())
            .map(|(s, _)| *s)
            .collect()
    };
    (f(&FINDERS[0]), f(&FINDERS[1]))
}

/// Decides the format from its signals; the year breaks ties.
pub fn version(s2019: usize, s2021: usize, year: Option<i32>) -> Option<TemplateVersion> {
    match s2019.cmp(&s2021) {
        std::cmp::Ordering::Greater => Some(TemplateVersion::V2019),
        std::cmp::Ordering::Less => Some(TemplateVersion::V2021),
        std::cmp::Ordering::Equal if s2019 > 0 => year.map(TemplateVersion::expected_for_year),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::normalise_lines;

    fn owned((a, b): (&str, &str)) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    /// Checks that `titles` finds in random texts made of `pieces` the two groups of every
    /// match of `reference`, over `rounds` texts of up to `most` pieces drawn with `seed`, and
    /// that enough of them hold a title for that to mean something.
    fn same_titles_as(
        reference: &Regex,
        pieces: &[&str],
        (seed, rounds, most): (u64, usize, usize),
        titles: impl Fn(&str) -> Vec<(String, String)>,
    ) {
        use rand::{Rng, SeedableRng};
        let mut compared = 0;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..rounds {
            let n = rng.random_range(0..most);
            let text: String = (0..n)
                .map(|_| pieces[rng.random_range(0..pieces.len())])
                .collect();
            let expected: Vec<(String, String)> = reference
                .captures_iter(&text)
                .map(|c| owned((c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str())))
                .collect();
            assert_eq!(titles(&text), expected, "{text}");
            compared += expected.len();
        }
        assert!(compared > 5_000, "only {compared} titles compared");
    }

    #[test]
    fn body_first_titles_are_the_matches_of_the_single_pattern() {
        let reference = Regex::new(TITLE_BODY_FIRST).unwrap();
        let pieces = [
            "政",
            "府",
            "市",
            "县",
            "人民政府",
            "办公室",
            "·",
            "（",
            ")",
            "2019",
            "2020",
            "19",
            "年",
            "度",
            "政府信息公开",
            "信息公开",
            "政务公开",
            "工作",
            "年度报告",
            "年报",
            "报",
            "，",
            "a",
            "1",
            " ",
            "。",
            "2019年政府信息公开工作年度报告",
            "2020年度政务公开年报",
            "2021年信息公开年度报告",
        ];
        let body_first = |t: &str| body_first_titles(t).map(owned).collect();
        same_titles_as(&reference, &pieces, (7, 20_000, 60), body_first);
        let long = format!("{}2021年政府信息公开工作年度报告", "很".repeat(50));
        assert_eq!(
            body_first_titles(&long).next().unwrap().0.chars().count(),
            40
        );
    }

    #[test]
    fn year_first_titles_are_the_matches_of_the_single_pattern() {
        let reference = Regex::new(TITLE_YEAR_FIRST).unwrap();
        let pieces = [
            "2019",
            "2020",
            "19",
            "20",
            "1",
            "２",
            "年",
            "度",
            "年度",
            "政府信息公开",
            "政务公开",
            "信息公开",
            "工作",
            "年度报告",
            "年报",
            "报",
            "度报告",
            "市",
            "县",
            "人民政府",
            "·",
            "（",
            ")",
            "，",
            "a",
            " ",
            "。",
            "𠀀",
            "很很很很很很很很很很",
            "2021年某市",
            "政府信息公开工作年度报告",
            "2020年",
            "2021年度",
            "某某区",
            "某市",
            "政务公开年报",
            "2020年度某县政府信息公开年度报告",
        ];
        let year_first = |t: &str| year_first_titles(t).map(owned).collect();
        same_titles_as(&reference, &pieces, (19, 30_000, 16), year_first);
        let long = format!("2021年{}政府信息公开工作年度报告", "很".repeat(29));
        assert_eq!(year_first_titles(&long).count(), 1);
        let too_long = format!("2021年{}政府信息公开工作年度报告", "很".repeat(31));
        assert_eq!(year_first_titles(&too_long).count(), 0);
    }

    #[test]
    fn lines_with_a_word_are_those_a_search_line_by_line_finds() {
        use rand::{Rng, SeedableRng};
        let pieces = ["统计", "统", "计", "统计期限", "年", "a", " ", "。", ""];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut found = 0;
        for _ in 0..5_000 {
            let lines: Vec<String> = (0..rng.random_range(0..8))
                .map(|_| {
                    (0..rng.random_range(0..5))
                        .map(|_| pieces[rng.random_range(0..pieces.len())])
                        .collect()
                })
                .collect();
            let norm = normalise_lines(&lines.iter().collect()).line_norm;
            let expected: Vec<usize> = (0..norm.len())
                .filter(|&i| norm[i].contains("统计"))
                .collect();
            assert_eq!(
                lines_with(&norm, "统计").collect::<Vec<_>>(),
                expected,
                "{lines:?}"
            );
            found += expected.len();
        }
        assert!(found > 2_000, "only {found} lines found");
    }

    #[test]
    fn government_names_are_the_matches_of_the_search_over_the_whole_text() {
        use rand::{Rng, SeedableRng};
        let pieces = [
            "人民政府",
            "人民",
            "政府",
            "市",
            "县",
            "区",
            "镇",
            "乡",
            "省",
            "州",
            "旗",
            "红河",
            "弥勒",
            "𠀋",
            "a",
            "1",
            " ",
            "。",
            "，",
            "关于",
            "办公室",
        ];
        let mut compared = 0;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for _ in 0..20_000 {
            let n = rng.random_range(0..50);
            let text: String = (0..n)
                .map(|_| pieces[rng.random_range(0..pieces.len())])
                .collect();
            let expected: Vec<&str> = GOV_NAME
                .captures_iter(&text)
                .map(|c| c.get(1).unwrap().as_str())
                .collect();
            assert_eq!(
                government_names(&text).collect::<Vec<_>>(),
                expected,
                "{text}"
            );
            compared += expected.len();
        }
        assert!(compared > 5_000, "only {compared} names compared");
    }

    #[test]
    fn titles_in_both_word_orders() {
        assert_eq!(
            title(&["兰州市2020年政府信息公开工作年度报告"], ""),
            (Some(2020), Some("兰州市".into()))
        );
        assert_eq!(
            title(
                &[
                    "今天是智能问答无障碍浏览长者模式",
                    "鄂城区2020年政府信息公开工作年报"
                ],
                ""
            ),
            (Some(2020), Some("鄂城区".into()))
        );
        assert_eq!(
            title(
                &[],
                "现公布玉溪市元江县人民政府办公室2023年政府信息公开工作年度报告"
            ),
            (Some(2023), Some("玉溪市元江县人民政府办公室".into()))
        );
        assert_eq!(
            title(
                &["-1-", "淮安市人民政府", "2024年政府信息公开工作年度报告"],
                ""
            ),
            (Some(2024), Some("淮安市人民政府".into()))
        );
    }

    #[test]
    fn a_notice_title_gives_the_year_but_no_body() {
        assert_eq!(
            title(
                &["按照《关于编制公布2020年政府信息公开工作年度报告有关事项的通知》"],
                ""
            ),
            (Some(2020), None)
        );
    }

    #[test]
    fn body_kinds() {
        assert_eq!(body_kind("元江县人民政府办公室"), BodyKind::Department);
        assert_eq!(body_kind("弥勒市人民政府"), BodyKind::Government);
        assert_eq!(body_kind("太和街道办事处"), BodyKind::Township);
        assert_eq!(body_kind("某某镇人民政府"), BodyKind::Township);
        assert_eq!(body_kind("兰州市"), BodyKind::Government);
        assert_eq!(body_kind("市生态环境局"), BodyKind::Department);
    }

    #[test]
    fn period_with_and_without_end_year() {
        let lines = normalise_lines(
            &["报告所列数据的统计期限为 2020 年 1 月 1 日至 12 月 31 日。".to_string()]
                .iter()
                .collect(),
        );
        let ((s, e), line) = period(&lines.line_norm).unwrap();
        assert_eq!(
            (s.to_string(), e.to_string(), line),
            ("2020-01-01".into(), "2020-12-31".into(), 1)
        );
    }

    #[test]
    fn period_wrapped_over_lines() {
        let lines = normalise_lines(
            &[
                "本报告所列数据的统计期限自 2023 年 1 月 1 日起至 2023".to_string(),
                "年 12 月 31 日止。".to_string(),
            ]
            .iter()
            .collect(),
        );
        let ((s, e), line) = period(&lines.line_norm).unwrap();
        assert_eq!(
            (s.to_string(), e.to_string(), line),
            ("2023-01-01".into(), "2023-12-31".into(), 1)
        );
    }

    #[test]
    fn published_field_beats_signature() {
        let tail = vec![(9, "某局 2021年3月1日".to_string())];
        assert_eq!(
            published("来源:区局发布日期:2021年01月27日", &tail)
                .unwrap()
                .to_string(),
            "2021-01-27"
        );
        assert_eq!(published("", &tail).unwrap().to_string(), "2021-03-01");
    }
}
