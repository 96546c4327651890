//! Row keyword matching: which runs of label text name which rows. Rows are recognised by
//! distinctive words of their fixed labels (`国家秘密`, `另行制作`, `结转下年度`…) found in runs
//! of consecutive label text, so labels split over lines, with inner spaces or with page markers
//! in between still match.

use std::sync::LazyLock;

use super::super::tokens::TokenView;
use crate::model::TableId;
use crate::template::TemplateVersion;

/// Longest label token (normalised chars) that can still be a row label rather than prose.
pub(super) const MAX_LABEL_LEN: usize = 64;

#[derive(Debug)]
pub(super) struct Anchor {
    pub(super) row: usize,
    pub(super) line: u32,
    /// The anchor's cell tokens: a range of the table's list of anchored cells.
    pub(super) cells: std::ops::Range<usize>,
}

/// A run of consecutive text tokens and the cell tokens that follow it: two adjacent ranges of
/// token indices (`text.end == cells.start`). The first segment of a region may have no text,
/// the last no cells.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub(super) text: std::ops::Range<usize>,
    pub(super) cells: std::ops::Range<usize>,
}

/// The segments of `range`, in order.
pub(super) fn segments(
    tokens: &TokenView,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = Segment> {
    let end = range.end;
    let mut i = range.start;
    std::iter::from_fn(move || {
        if i >= end {
            return None;
        }
        let start = i;
        while i < end && !tokens[i].is_cell() {
            i += 1;
        }
        let text_end = i;
        while i < end && tokens[i].is_cell() {
            i += 1;
        }
        Some(Segment {
            text: start..text_end,
            cells: text_end..i,
        })
    })
}

/// Buffers reused for every run of a table, so matching a run allocates nothing.
#[derive(Default)]
pub(super) struct Scratch {
    /// Per token of a run of more than one, the byte offset of its text in the run's text.
    pub(super) starts: Vec<usize>,
    /// Row keys matched in the run (see [`match_keys`]).
    pub(super) keys: Vec<(&'static str, usize)>,
}

/// A keyword that identifies a row: (keyword, row key). A group heading (`（三）不予公开`)
/// names its first sub-row, so a missing sub-row label still starts the group's rows.
pub(super) type Key = (&'static str, &'static str);

pub(super) const T3_KEYS: &[Key] = &[
    ("本年新收", "new"),
    ("上年结转", "cin"),
    ("本年度办理结果", "r1"),
    ("予以公开", "r1"),
    ("部分公开", "r2"),
    ("不予公开", "r3_1"),
    ("国家秘密", "r3_1"),
    ("禁止公开", "r3_2"),
    ("三安全一稳定", "r3_3"),
    ("第三方合法权益", "r3_4"),
    ("内部事务", "r3_5"),
    ("过程性信息", "r3_6"),
    ("执法案卷", "r3_7"),
    ("行政查询", "r3_8"),
    ("无法提供", "r4_1"),
    ("不掌握", "r4_1"),
    ("另行制作", "r4_2"),
    ("仍不明确", "r4_3"),
    ("不予处理", "r5_1"),
    ("信访举报", "r5_1"),
    ("投诉类", "r5_1"),
    ("重复申请", "r5_2"),
    ("出版物", "r5_3"),
    ("大量反复", "r5_4"),
    ("重新出具", "r5_5"),
    ("确认或重新", "r5_5"),
    ("逾期不补正", "r6_1"),
    ("收费通知", "r6_2"),
    ("缴纳费用", "r6_2"),
    ("结转下年度", "cout"),
    ("下年度继续办理", "cout"),
];

pub(super) const T2_KEYS: &[Key] = &[
    ("规章", "rules"),
    ("规范性文件", "normative_docs"),
    ("行政许可", "licensing"),
    ("对外管理服务", "other_services"),
    ("行政处罚", "penalty"),
    ("行政强制", "enforcement"),
    ("事业性收费", "fees"),
    ("集中采购", "procurement"),
    ("其他主动公开", "other_docs"),
];

/// Words of 表三 labels that need their context to name a row (see [`match_keys`]); they are
/// searched in the same pass as the keywords, as the patterns after them.
pub(super) const T3_CONTEXT_WORDS: [&str; 3] = ["其他处理", "其他", "总计"];

/// A key table and its keyword matcher (built once), so a run is scanned in one pass.
pub(super) struct KeySet {
    pub(super) keys: &'static [Key],
    /// Patterns: the keywords of `keys`, in order, then `context` words.
    pub(super) matcher: LazyLock<KeywordMatcher>,
}

/// Finds every occurrence of a few short patterns in a short text, overlapping ones included,
/// in order of start and, at one start, shortest first: the order of a sort by start of an
/// overlapping Aho-Corasick search, which reports matches by end. Label runs are a few dozen
/// bytes, so checking the patterns that begin with each char is cheaper than an automaton.
pub(super) struct KeywordMatcher {
    pub(super) patterns: Vec<&'static str>,
    /// The first chars of the patterns, sorted, each with its patterns (indices into
    /// `patterns`) shortest first.
    pub(super) firsts: Vec<(char, Vec<usize>)>,
    /// Per `c % SLOTS`: 0 when no pattern begins with such a char (most chars of a run),
    /// `k + 1` when only `firsts[k]` may, [`COLLISION`] when several may.
    pub(super) slots: Box<[u8; SLOTS]>,
}

pub(super) const SLOTS: usize = 4096;

pub(super) const COLLISION: u8 = u8::MAX;

impl KeywordMatcher {
    pub(super) fn new(patterns: Vec<&'static str>) -> KeywordMatcher {
        let mut firsts: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let c = p.chars().next().expect("patterns are not empty");
            match firsts.iter_mut().find(|f| f.0 == c) {
                Some(f) => f.1.push(i),
                None => firsts.push((c, vec![i])),
            }
        }
        firsts.sort_unstable_by_key(|f| f.0);
        let mut slots = Box::new([0u8; SLOTS]);
        for (k, f) in firsts.iter_mut().enumerate() {
            // Stable: equal lengths (distinct patterns cannot both match at one start) keep
            // pattern order.
            f.1.sort_by_key(|&i| patterns[i].len());
            let slot = &mut slots[f.0 as usize % SLOTS];
            *slot = match u8::try_from(k + 1) {
                Ok(s) if *slot == 0 && s != COLLISION => s,
                _ => COLLISION,
            };
        }
        KeywordMatcher {
            patterns,
            firsts,
            slots,
        }
    }

    /// Calls `f(start, pattern, end)` for every match in `text`, in the order described above.
    pub(super) fn for_each(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let mut pos = 0;
        loop {
            // The char's width and slot, read from its bytes: for a char of three bytes (most
            // chars of a label) `c % SLOTS` is the payload of its last two bytes, so it is not
            // decoded. Slice patterns, so the common case checks no index.
            let (width, slot) = match bytes[pos..] {
                [] => return,
                [b0 @ 0..0x80, ..] => (1, usize::from(b0)),
                [0xE0..0xF0, b1, b2, ..] => {
                    (3, usize::from(b1 & 0x3F) << 6 | usize::from(b2 & 0x3F))
                }
                _ => {
                    let c = first_char(&text[pos..]);
                    (c.len_utf8(), c as usize % SLOTS)
                }
            };
            let k = match self.slots[slot] {
                0 => {
                    pos += width;
                    continue;
                }
                COLLISION => {
                    let c = first_char(&text[pos..]);
                    match self.firsts.binary_search_by_key(&c, |f| f.0) {
                        Ok(k) => k,
                        Err(_) => {
                            pos += width;
                            continue;
                        }
                    }
                }
                // Only `firsts[k]` may begin here; a different first char with the same slot
                // fails the whole-pattern comparison below.
                s => usize::from(s) - 1,
            };
            // Compare whole patterns (a few bytes; most differ at their second char).
            let rest = &bytes[pos..];
            for &p in &self.firsts[k].1 {
                let pat = self.patterns[p].as_bytes();
                if rest.starts_with(pat) {
                    f(pos, p, pos + pat.len());
                }
            }
            pos += width;
        }
    }
}

/// The first char of a text that is not empty.
fn first_char(text: &str) -> char {
    text.chars().next().expect("a char starts here")
}

pub(super) fn matcher_of(keys: &[Key], context: &[&'static str]) -> KeywordMatcher {
    KeywordMatcher::new(
        keys.iter()
            .map(|k| k.0)
            .chain(context.iter().copied())
            .collect(),
    )
}

pub(super) static T3_SET: KeySet = KeySet {
    keys: T3_KEYS,
    matcher: LazyLock::new(|| matcher_of(T3_KEYS, &T3_CONTEXT_WORDS)),
};

pub(super) static T2_SET: KeySet = KeySet {
    keys: T2_KEYS,
    matcher: LazyLock::new(|| matcher_of(T2_KEYS, &[])),
};

/// Whether a token's normalised text can be (part of) a row label: short, not a sentence.
pub(super) fn label_token_ok(norm: &str) -> bool {
    // A char is 1 to 4 bytes: count the chars only when the byte length does not decide.
    let n = norm.len();
    let short =
        n <= MAX_LABEL_LEN || (n <= 4 * MAX_LABEL_LEN && norm.chars().count() <= MAX_LABEL_LEN);
    short && !norm.contains('。')
}

/// Row keys matched in one run of label text (the tokens `run`), in reading order, with the
/// token of each match; a key matched again right after itself is listed once. The result is
/// held in `scratch.keys`.
pub(super) fn match_keys<'s>(
    tokens: &TokenView,
    run: std::ops::Range<usize>,
    set: &KeySet,
    version: TemplateVersion,
    table: TableId,
    in_rows: bool,
    scratch: &'s mut Scratch,
) -> &'s [(&'static str, usize)] {
    let Scratch { starts, keys } = scratch;
    keys.clear();
    // A run of one token (most runs) is read in place.
    let single = run.len() == 1;
    let joined;
    let text: &str = if single {
        tokens.norm(&tokens[run.start])
    } else {
        starts.clear();
        let mut at = 0;
        for t in &tokens[run.clone()] {
            starts.push(at);
            at += tokens.norm(t).len();
        }
        joined = tokens.joined_norm(run.clone());
        &joined
    };
    // The token holding byte `pos` of the run's text.
    let token_at = |pos: usize| {
        if single {
            run.start
        } else {
            run.start + starts.partition_point(|s| *s <= pos).saturating_sub(1)
        }
    };
    let mut add = |pos: usize, key: &'static str| {
        let tok = token_at(pos);
        if label_token_ok(tokens.norm(&tokens[tok])) && keys.last().map(|l| l.0) != Some(key) {
            keys.push((key, tok));
        }
    };
    // One pass over the run for all keywords and context words, in reading order
    // (overlapping: `确认或重新出具` holds two keywords, `其他处理` the context word `其他` as well).
    set.matcher.for_each(text, |pos, p, end| {
        if let Some(key) = set.keys.get(p) {
            add(pos, key.1);
            return;
        }
        if table != TableId::T3 {
            return;
        }
        let before = &text[..pos];
        match T3_CONTEXT_WORDS[p - set.keys.len()] {
            "其他处理" => add(
                pos,
                match version {
                    TemplateVersion::V2019 => "r6",
                    TemplateVersion::V2021 => "r6_1",
                },
            ),
            // `3.其他` (2021 (六)3) but not `2.其他法律…`, `其他处理`, `其他结果`.
            "其他" => {
                let after = &text[end..];
                let numbered =
                    before.ends_with("3.") || before.ends_with("3、") || before.ends_with("(3)");
                let continues = ["法律", "处理", "结果", "对外", "主动", "情形"]
                    .iter()
                    .any(|w| after.starts_with(w));
                if numbered && !continues && version == TemplateVersion::V2021 {
                    add(pos, "r6_3");
                }
                // `（六）其他`, the group label shortened: the same row as `（六）其他处理`.
                let six = before.ends_with("六)") || before.ends_with("六、");
                if six && !continues {
                    add(
                        pos,
                        match version {
                            TemplateVersion::V2019 => "r6",
                            TemplateVersion::V2021 => "r6_1",
                        },
                    );
                }
            }
            _ => {
                // 总计
                if before.ends_with("七)")
                    || before.ends_with("七、")
                    || before.ends_with('七')
                    || (in_rows && text == "总计")
                {
                    add(pos, "r7");
                }
            }
        }
    });
    keys
}
