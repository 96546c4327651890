//! Aligning a table region's tokens to the template grid.
//!
//! Rows are recognised by distinctive words of their fixed labels (`国家秘密`, `另行制作`,
//! `结转下年度`…) found in runs of consecutive label text, so labels split over lines, with inner
//! spaces or with page markers in between still match. The cells that follow a row label are
//! placed by position. When a label is missing, its cells follow the previous label and are
//! spread over the rows in between; when a row has fewer cells than columns and the layout does
//! not show the gaps, the placement is inferred, never silent: a `C-INFERRED` finding says so.

use std::sync::LazyLock;

use super::tokens::{Kind, TokenView};
use crate::model::{Cell, Finding, Row, Severity, Table, TableId};
use crate::rules::Rule;
use crate::template::{ColKind, RowDef, TemplateVersion};

/// Longest label token (normalised chars) that can still be a row label rather than prose.
const MAX_LABEL_LEN: usize = 64;

#[derive(Debug)]
struct Anchor {
    row: usize,
    line: u32,
    /// The anchor's cell tokens: a range of the table's list of anchored cells.
    cells: std::ops::Range<usize>,
}

/// A run of consecutive text tokens and the cell tokens that follow it: two adjacent ranges of
/// token indices (`text.end == cells.start`). The first segment of a region may have no text,
/// the last no cells.
#[derive(Debug, Clone)]
struct Segment {
    text: std::ops::Range<usize>,
    cells: std::ops::Range<usize>,
}

/// The segments of `range`, in order.
fn segments(tokens: &TokenView, range: std::ops::Range<usize>) -> impl Iterator<Item = Segment> {
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
struct Scratch {
    /// Per token of a run of more than one, the byte offset of its text in the run's text.
    starts: Vec<usize>,
    /// Row keys matched in the run (see [`match_keys`]).
    keys: Vec<(&'static str, usize)>,
}

/// A keyword that identifies a row: (keyword, row key). A group heading (`（三）不予公开`)
/// names its first sub-row, so a missing sub-row label still starts the group's rows.
type Key = (&'static str, &'static str);

const T3_KEYS: &[Key] = &[
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

const T2_KEYS: &[Key] = &[
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
const T3_CONTEXT_WORDS: [&str; 3] = ["其他处理", "其他", "总计"];

/// A key table and its keyword matcher (built once), so a run is scanned in one pass.
struct KeySet {
    keys: &'static [Key],
    /// Patterns: the keywords of `keys`, in order, then `context` words.
    matcher: LazyLock<Matcher>,
}

/// Finds every occurrence of a few short patterns in a short text, overlapping ones included,
/// in order of start and, at one start, shortest first: the order of a sort by start of an
/// overlapping Aho-Corasick search, which reports matches by end. Label runs are a few dozen
/// bytes, so checking the patterns that begin with each char is cheaper than an automaton.
struct Matcher {
    patterns: Vec<&'static str>,
    /// The first chars of the patterns, sorted, each with its patterns (indices into
    /// `patterns`) shortest first.
    firsts: Vec<(char, Vec<usize>)>,
    /// Per `c % SLOTS`: 0 when no pattern begins with such a char (most chars of a run),
    /// `k + 1` when only `firsts[k]` may, [`COLLISION`] when several may.
    slots: Vec<u8>,
}

const SLOTS: usize = 4096;
const COLLISION: u8 = u8::MAX;

impl Matcher {
    fn new(patterns: Vec<&'static str>) -> Matcher {
        let mut firsts: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let c = p.chars().next().expect("patterns are not empty");
            match firsts.iter_mut().find(|f| f.0 == c) {
                Some(f) => f.1.push(i),
                None => firsts.push((c, vec![i])),
            }
        }
        firsts.sort_unstable_by_key(|f| f.0);
        let mut slots = vec![0u8; SLOTS];
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
        Matcher {
            patterns,
            firsts,
            slots,
        }
    }

    /// Calls `f(start, pattern, end)` for every match in `text`, in the order described above.
    fn for_each(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        for (pos, c) in text.char_indices() {
            let k = match self.slots[c as usize % SLOTS] {
                0 => continue,
                COLLISION => match self.firsts.binary_search_by_key(&c, |f| f.0) {
                    Ok(k) => k,
                    Err(_) => continue,
                },
                s => {
                    let k = usize::from(s) - 1;
                    if self.firsts[k].0 != c {
                        continue;
                    }
                    k
                }
            };
            // The first char is equal: compare the rest byte by byte (patterns are short and
            // most differ at their second char).
            let rest = &bytes[pos..];
            let skip = c.len_utf8();
            for &p in &self.firsts[k].1 {
                let pat = self.patterns[p].as_bytes();
                if rest.len() >= pat.len()
                    && pat[skip..].iter().zip(&rest[skip..]).all(|(a, b)| a == b)
                {
                    f(pos, p, pos + pat.len());
                }
            }
        }
    }
}

fn matcher_of(keys: &[Key], context: &[&'static str]) -> Matcher {
    Matcher::new(
        keys.iter()
            .map(|k| k.0)
            .chain(context.iter().copied())
            .collect(),
    )
}

static T3_SET: KeySet = KeySet {
    keys: T3_KEYS,
    matcher: LazyLock::new(|| matcher_of(T3_KEYS, &T3_CONTEXT_WORDS)),
};
static T2_SET: KeySet = KeySet {
    keys: T2_KEYS,
    matcher: LazyLock::new(|| matcher_of(T2_KEYS, &[])),
};

/// Whether a token's normalised text can be (part of) a row label: short, not a sentence.
fn label_token_ok(norm: &str) -> bool {
    // A char is 1 to 4 bytes: count the chars only when the byte length does not decide.
    let n = norm.len();
    let short =
        n <= MAX_LABEL_LEN || (n <= 4 * MAX_LABEL_LEN && norm.chars().count() <= MAX_LABEL_LEN);
    short && !norm.contains('。')
}

/// Row keys matched in one run of label text (the tokens `run`), in reading order, with the
/// token of each match; a key matched again right after itself is listed once. The result is
/// held in `scratch.keys`.
fn match_keys<'s>(
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

/// Where the cells of a row (or of several rows whose labels are missing) go.
struct Placement {
    /// Row after row, per column: the token index of the cell, or None.
    cells: Vec<Option<usize>>,
    ncols: usize,
    /// The row whose placement was inferred, if any (only the last row with cells can be).
    inferred: Option<usize>,
}

impl Placement {
    /// The columns of row `j`.
    fn row(&self, j: usize) -> &[Option<usize>] {
        &self.cells[j * self.ncols..(j + 1) * self.ncols]
    }

    fn inferred(&self, j: usize) -> bool {
        self.inferred == Some(j)
    }
}

/// Columns for a short row of bare values whose layout does not show the gaps.
type LoneRule = fn(n_values: usize) -> Option<&'static [usize]>;

fn t3_lone(n: usize) -> Option<&'static [usize]> {
    // Reports written this way fill 总计, or 自然人 and 总计 (seed 000's style): domain.md §8.
    match n {
        1 => Some(&[6]),
        2 => Some(&[0, 6]),
        _ => None,
    }
}

fn t4_lone(n: usize) -> Option<&'static [usize]> {
    match n {
        3 => Some(&[4, 9, 14]),
        _ => None,
    }
}

fn no_lone(_: usize) -> Option<&'static [usize]> {
    None
}

/// Places `cells` in `k` rows of `ncols` columns.
fn place(tokens: &TokenView, cells: &[usize], ncols: usize, k: usize, lone: LoneRule) -> Placement {
    let need = ncols * k;
    let mut p = Placement {
        cells: vec![None; need],
        ncols,
        inferred: None,
    };
    let is_value = |i: &usize| matches!(tokens[*i].kind, Kind::Value(_));
    if cells.len() >= need {
        // Extra cells are row terminators, spanned header cells or trailing notes: take the
        // window holding the most values, the earliest on a tie.
        let mut best = (0usize, 0usize);
        for s in 0..=(cells.len() - need) {
            let v = cells[s..s + need].iter().filter(|i| is_value(i)).count();
            if v > best.1 {
                best = (s, v);
            }
        }
        for (slot, &c) in p.cells.iter_mut().zip(&cells[best.0..best.0 + need]) {
            *slot = Some(c);
        }
        return p;
    }
    let full = cells.len() / ncols;
    for (slot, &c) in p.cells.iter_mut().zip(&cells[..full * ncols]) {
        *slot = Some(c);
    }
    let rest = &cells[full * ncols..];
    if !rest.is_empty() {
        let r = full;
        p.inferred = Some(r);
        let row = &mut p.cells[r * ncols..(r + 1) * ncols];
        let all_values = rest.iter().all(is_value);
        match lone(rest.len()).filter(|_| all_values) {
            Some(cols) => {
                for (&c, &col) in rest.iter().zip(cols) {
                    row[col] = Some(c);
                }
            }
            None => {
                for (j, &c) in rest.iter().enumerate() {
                    row[j] = Some(c);
                }
            }
        }
    }
    p
}

fn cell_from(tokens: &TokenView, idx: Option<usize>, inferred: bool) -> Cell {
    let Some(i) = idx else {
        return Cell::default();
    };
    let t = &tokens[i];
    Cell {
        // Copied directly: `to_string` would go through the formatter.
        raw: String::from(tokens.raw(t)),
        value: match &t.kind {
            Kind::Value(n) => Some(n.number()),
            _ => None,
        },
        line: Some(t.line),
        inferred,
        unreadable: false,
    }
}

/// [`Table::blank`], with each row's missing cells made in place rather than cloned.
fn blank_table(version: TemplateVersion, id: TableId) -> Table {
    Table {
        id,
        rows: version
            .get()
            .rows(id)
            .iter()
            .map(|def| Row {
                def,
                cells: std::iter::repeat_with(Cell::default)
                    .take(def.cols.len())
                    .collect(),
                label_line: None,
            })
            .collect(),
        line: None,
    }
}

/// Result of reading one table.
pub struct Extracted {
    pub table: Option<Table>,
    pub findings: Vec<Finding>,
}

fn row_index(defs: &[RowDef], key: &str) -> Option<usize> {
    defs.iter().position(|r| r.key == key)
}

/// Reads 表三 from `range` of the token stream.
pub fn read_t3(
    tokens: &TokenView,
    range: std::ops::Range<usize>,
    version: TemplateVersion,
) -> Extracted {
    let defs = version.get().t3;
    let mut anchors: Vec<Anchor> = Vec::new();
    // The cells of every anchor, in order (only the last anchor takes cells).
    let mut cells: Vec<usize> = Vec::new();
    let mut first_label: Option<usize> = None;
    let mut scratch = Scratch::default();
    for seg in segments(tokens, range.clone()) {
        let keys: &[(&str, usize)] = if seg.text.is_empty() {
            &[]
        } else {
            match_keys(
                tokens,
                seg.text,
                &T3_SET,
                version,
                TableId::T3,
                !anchors.is_empty(),
                &mut scratch,
            )
        };
        for &(key, tok) in keys {
            let Some(row) = row_index(defs, key) else {
                continue;
            };
            match anchors.last_mut() {
                Some(last) if last.row == row && last.cells.is_empty() => {}
                Some(last) if last.row >= row => {}
                _ => {
                    first_label.get_or_insert(tok);
                    anchors.push(Anchor {
                        row,
                        line: tokens[tok].line,
                        cells: cells.len()..cells.len(),
                    })
                }
            }
        }
        if let Some(last) = anchors.last_mut() {
            cells.extend(seg.cells);
            last.cells.end = cells.len();
        }
    }
    if anchors.is_empty() {
        return Extracted {
            table: None,
            findings: Vec::new(),
        };
    }
    let mut table = blank_table(version, TableId::T3);
    table.line = tokens.get(range.start).map(|t| t.line);
    let mut findings = Vec::new();
    // Column headings are the text between the region start and the first row label.
    let header_text: String = tokens[range.start..first_label.unwrap_or(range.start)]
        .iter()
        .filter(|t| !t.is_cell())
        .map(|t| tokens.norm(t))
        .collect();
    check_t3_header(&header_text, table.line, &mut findings);
    distribute(
        tokens,
        &anchors,
        &cells,
        &mut table,
        defs.len(),
        t3_lone,
        &mut findings,
    );
    Extracted {
        table: Some(table),
        findings,
    }
}

fn distribute(
    tokens: &TokenView,
    anchors: &[Anchor],
    cells: &[usize],
    table: &mut Table,
    n_rows: usize,
    lone: LoneRule,
    findings: &mut Vec<Finding>,
) {
    let id = table.id;
    for (ai, a) in anchors.iter().enumerate() {
        let end = anchors.get(ai + 1).map_or(n_rows, |n| n.row).max(a.row + 1);
        // After the last label, take as many rows as there are full rows of cells (a missing
        // `四、结转下年度` label), never fewer than one.
        let k = if ai + 1 == anchors.len() {
            (a.cells.len() / table.rows[a.row].def.cols.len()).clamp(1, n_rows - a.row)
        } else {
            end - a.row
        };
        let anchor_label = table.rows[a.row].def.label;
        let ncols = table.rows[a.row].def.cols.len();
        let p = place(tokens, &cells[a.cells.clone()], ncols, k, lone);
        for j in 0..k {
            let cols = p.row(j);
            let row = &mut table.rows[a.row + j];
            let got_any = cols.iter().any(Option::is_some);
            if j == 0 {
                row.label_line = Some(a.line);
            } else if got_any {
                row.label_line = cols.iter().flatten().next().map(|i| tokens[*i].line);
                findings.push(
                    Finding::new(
                        Rule::CInferred,
                        Severity::Warning,
                        format!(
                            "{} {}: row label not found; its values were taken by position after {}",
                            id.short(),
                            row.def.label,
                            anchor_label
                        ),
                    )
                    .at(id, Some(row.def.key), None)
                    .line(row.label_line),
                );
            }
            let row = &mut table.rows[a.row + j];
            for (c, idx) in cols.iter().enumerate() {
                row.cells[c] = cell_from(tokens, *idx, p.inferred(j));
            }
            if p.inferred(j) {
                let n = cols.iter().flatten().count();
                let placed: Vec<&str> = cols
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_some())
                    .map(|(i, _)| row.def.cols[i].label)
                    .collect();
                findings.push(
                    Finding::new(
                        Rule::CInferred,
                        Severity::Warning,
                        format!(
                            "{} {}: {} value(s) for {} columns and the layout does not show which; placed in {} (inferred)",
                            id.short(),
                            row.def.label,
                            n,
                            ncols,
                            placed.join("、")
                        ),
                    )
                    .at(id, Some(row.def.key), None)
                    .line(row.label_line),
                );
            }
        }
    }
}

fn check_t3_header(text: &str, line: Option<u32>, findings: &mut Vec<Finding>) {
    let required = [
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ];
    // `其他` is also inside `法人或其他组织`: look for it with the group heading taken out.
    let rest = text.replace("法人或其他组织", "法人或组织");
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|l| !text.contains(l) || (*l == "其他" && !rest.contains(l)))
        .collect();
    findings.extend(headings_missing(TableId::T3, &missing, line));
}

/// One C-HEADER warning listing a table's missing column headings, if any are.
fn headings_missing<S: AsRef<str>>(
    id: TableId,
    missing: &[S],
    line: Option<u32>,
) -> Option<Finding> {
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(AsRef::as_ref).collect();
    Some(
        Finding::new(
            Rule::CHeader,
            Severity::Warning,
            format!(
                "{} column headings missing: {}",
                id.short(),
                names.join("、")
            ),
        )
        .at(id, None, None)
        .line(line),
    )
}

const T4_HEADER_WORDS: &[&str] = &[
    "结果",
    "维持",
    "纠正",
    "审结",
    "总计",
    "行政复议",
    "行政诉讼",
    "起诉",
    "尚未",
];

/// Reads 表四: one data row of 15 cells under a three-level header.
pub fn read_t4(
    tokens: &TokenView,
    range: std::ops::Range<usize>,
    version: TemplateVersion,
) -> Extracted {
    let segs: Vec<Segment> = segments(tokens, range.clone()).collect();
    let is_header = |s: &Segment| {
        let joined = tokens.joined_norm(s.text.clone());
        T4_HEADER_WORDS.iter().any(|w| joined.contains(w))
    };
    // The data row follows the last header text; an unlabelled table starts at its first cells.
    let last_header = segs
        .iter()
        .rposition(|s| !s.text.is_empty() && is_header(s));
    // A table with its headings but no values (an unfilled template) is a table of blank
    // cells; without headings, only cells holding values make a table.
    let has_value = |seg: &Segment| {
        tokens[seg.cells.clone()]
            .iter()
            .any(|t| matches!(t.kind, Kind::Value(_)))
    };
    let data: Option<&Segment> = match last_header {
        Some(i) => Some(&segs[i]),
        None => segs.iter().find(|s| has_value(s)),
    };
    let Some(data) = data else {
        return Extracted {
            table: None,
            findings: Vec::new(),
        };
    };
    let mut table = blank_table(version, TableId::T4);
    table.line = tokens.get(range.start).map(|t| t.line);
    let header_text: String = segs
        .iter()
        .take(last_header.map_or(0, |i| i + 1))
        .flat_map(|s| &tokens[s.text.clone()])
        .map(|t| tokens.norm(t))
        .collect();
    let mut findings = Vec::new();
    let mut missing = Vec::new();
    for (label, want) in [
        ("行政复议", 1),
        ("未经复议直接起诉", 1),
        ("复议后起诉", 1),
        ("结果维持", 3),
        ("结果纠正", 3),
        ("其他结果", 3),
        ("尚未审结", 3),
        ("总计", 3),
    ] {
        let have = header_text.matches(label).count();
        if have < want {
            missing.push(format!("{label} ({have} of {want})"));
        }
    }
    findings.extend(headings_missing(TableId::T4, &missing, table.line));
    let data_cells: Vec<usize> = data.cells.clone().collect();
    let p = place(tokens, &data_cells, 15, 1, t4_lone);
    for (j, idx) in p.row(0).iter().enumerate() {
        let row = &mut table.rows[j / 5];
        row.cells[j % 5] = cell_from(tokens, *idx, p.inferred(0));
        if row.label_line.is_none() {
            row.label_line = idx.map(|i| tokens[i].line);
        }
    }
    if p.inferred(0) {
        let n = p.row(0).iter().flatten().count();
        let placed: Vec<String> = p
            .row(0)
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_some())
            .map(|(j, _)| {
                let r = &table.rows[j / 5].def;
                format!("{}·{}", r.short, r.cols[j % 5].label)
            })
            .collect();
        findings.push(
            Finding::new(
                Rule::CInferred,
                Severity::Warning,
                format!(
                    "表四: {n} value(s) for 15 cells and the layout does not show which; placed in {} (inferred)",
                    placed.join("、")
                ),
            )
            .at(TableId::T4, None, None)
            .line(data_cells.first().map(|i| tokens[*i].line)),
        );
    }
    Extracted {
        table: Some(table),
        findings,
    }
}

/// Reads 表二: sub-tables whose rows each have their own columns.
pub fn read_t2(
    tokens: &TokenView,
    range: std::ops::Range<usize>,
    version: TemplateVersion,
) -> Extracted {
    let defs = version.get().t2;
    let mut table = blank_table(version, TableId::T2);
    table.line = tokens.get(range.start).map(|t| t.line);
    let mut findings = Vec::new();
    let mut found = false;
    let mut text = String::new();
    let mut scratch = Scratch::default();
    let mut seg_cells: Vec<usize> = Vec::new();
    for seg in segments(tokens, range.clone()) {
        let last_key = if seg.text.is_empty() {
            None
        } else {
            let keys = match_keys(
                tokens,
                seg.text.clone(),
                &T2_SET,
                version,
                TableId::T2,
                false,
                &mut scratch,
            );
            keys.last().copied()
        };
        for t in &tokens[seg.text] {
            text.push_str(tokens.norm(t));
        }
        // Cells belong to the last row label of the run just before them.
        let Some((key, tok)) = last_key else {
            continue;
        };
        seg_cells.clear();
        seg_cells.extend(seg.cells);
        let seg_cells = &seg_cells[..];
        let line = tokens[tok].line;
        if key == "normative_docs" {
            check_normative_label(tokens.norm(&tokens[tok]), version, line, &mut findings);
        }
        match row_index(defs, key) {
            Some(r) if table.rows[r].label_line.is_none() => {
                found = true;
                let ncols = defs[r].cols.len();
                let p = place(tokens, seg_cells, ncols, 1, no_lone);
                let row = &mut table.rows[r];
                row.label_line = Some(line);
                for (c, idx) in p.row(0).iter().enumerate() {
                    row.cells[c] = cell_from(tokens, *idx, p.inferred(0));
                }
                if p.inferred(0) {
                    findings.push(
                        Finding::new(
                            Rule::CInferred,
                            Severity::Warning,
                            format!(
                                "表二 {}: {} cell(s) for {} columns; placed from the left (inferred)",
                                row.def.label,
                                seg_cells.len(),
                                ncols
                            ),
                        )
                        .at(TableId::T2, Some(row.def.key), None)
                        .line(Some(line)),
                    );
                }
            }
            Some(_) => {}
            None => {
                let values: Vec<&str> = seg_cells
                    .iter()
                    .filter(|i| matches!(tokens[**i].kind, Kind::Value(_)))
                    .map(|i| tokens.raw(&tokens[*i]))
                    .collect();
                let why = if key == "other_docs" {
                    "not a row of the official format".to_string()
                } else {
                    format!(
                        "a row of the other official format, not of the {} format",
                        version.as_str()
                    )
                };
                findings.push(
                    Finding::new(
                        Rule::CExtraRow,
                        Severity::Warning,
                        format!(
                            "表二 extra row {} ({why}); values {}",
                            tokens.raw(&tokens[tok]),
                            if values.is_empty() {
                                "none".to_string()
                            } else {
                                values.join(", ")
                            }
                        ),
                    )
                    .at(TableId::T2, None, None)
                    .line(Some(line)),
                );
            }
        }
    }
    if !found {
        return Extracted {
            table: None,
            findings: Vec::new(),
        };
    }
    check_t2_header(&text, version, table.line, &mut findings);
    apply_header_units(&mut table, &text);
    Extracted {
        table: Some(table),
        findings,
    }
}

/// An amount written without a unit takes the unit its column heading states
/// (`采购总金额(单位:万元)`, `本年收费金额(单位:万元)`), so the value keeps its meaning.
fn apply_header_units(table: &mut Table, header_text: &str) {
    for row in &mut table.rows {
        for (col, cell) in row.def.cols.iter().zip(row.cells.iter_mut()) {
            if col.kind != ColKind::Amount {
                continue;
            }
            let stem: String = col.label.chars().take_while(|c| *c != '(').collect();
            let unit = header_text.find(&stem).and_then(|p| {
                let after = &header_text[p + stem.len()..];
                let inner = after.strip_prefix("(单位:")?;
                let end = inner.find(')')?;
                Some(inner[..end].to_string()).filter(|u| !u.is_empty() && u.chars().count() <= 4)
            });
            if let (Some(n), Some(u)) = (cell.value.as_mut(), unit)
                && n.unit.is_none()
            {
                n.unit = Some(u);
            }
        }
    }
}

fn check_normative_label(
    norm: &str,
    version: TemplateVersion,
    line: u32,
    findings: &mut Vec<Finding>,
) {
    let modern = norm.contains("行政规范性文件");
    let msg = match (version, modern) {
        (TemplateVersion::V2021, false) => {
            "表二 uses the 2019 label 规范性文件; the 2021 format says 行政规范性文件"
        }
        (TemplateVersion::V2019, true) => {
            "表二 uses the 2021 label 行政规范性文件 in a 2019-format table"
        }
        _ => return,
    };
    findings.push(
        Finding::new(Rule::VLabel, Severity::Warning, msg)
            .at(TableId::T2, Some("normative_docs"), None)
            .line(Some(line)),
    );
}

fn check_t2_header(
    text: &str,
    version: TemplateVersion,
    line: Option<u32>,
    findings: &mut Vec<Finding>,
) {
    let required: &[&str] = match version {
        TemplateVersion::V2019 => &[
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
            "上一年项目数量",
            "本年增/减",
            "处理决定数量",
            "采购项目数量",
            "采购总金额",
        ],
        TemplateVersion::V2021 => &[
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "本年处理决定数量",
            "本年收费金额",
        ],
    };
    for label in required {
        if text.contains(label) {
            continue;
        }
        // A heading cut short (`本年新` for 本年新公开数量) reads as a prefix of the label.
        let cut: String = label.chars().take(3).collect();
        let msg = if text.contains(&cut) {
            format!("表二 column heading {label} is truncated (only {cut}… found)")
        } else {
            format!("表二 column heading {label} not found")
        };
        findings.push(
            Finding::new(Rule::CHeader, Severity::Warning, msg)
                .at(TableId::T2, None, None)
                .line(line),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn t3(text: &str, v: TemplateVersion) -> Extracted {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let t = tokenize(&lines);
        read_t3(&t.view(), 0..t.tokens.len(), v)
    }

    /// The matcher reports what an overlapping Aho-Corasick search sorted (stably) by start
    /// reports, which is what rows were found with before.
    #[test]
    fn matcher_equals_a_sorted_overlapping_automaton_search() {
        for (keys, context) in [(T3_KEYS, &T3_CONTEXT_WORDS[..]), (T2_KEYS, &[][..])] {
            let patterns: Vec<&str> = keys
                .iter()
                .map(|k| k.0)
                .chain(context.iter().copied())
                .collect();
            let ac = aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&patterns)
                .unwrap();
            let m = matcher_of(keys, context);
            // Pieces: whole patterns, their halves, and other words and marks of labels.
            let mut pieces: Vec<String> = Vec::new();
            for p in &patterns {
                let chars: Vec<char> = p.chars().collect();
                pieces.push(p.to_string());
                pieces.push(chars[..chars.len() / 2].iter().collect());
                pieces.push(chars[chars.len() / 2..].iter().collect());
            }
            for w in [
                "3.", "(七)", "七、", "1", " ", "a", "。", "法律", "处理", "申请", "é",
            ] {
                pieces.push(w.to_string());
            }
            let mut seed = 0x2545_f491_4f6c_dd1du64;
            let mut matches = 0;
            for _ in 0..20_000 {
                let mut text = String::new();
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                for _ in 0..seed % 8 {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    text.push_str(&pieces[(seed >> 16) as usize % pieces.len()]);
                }
                let mut want: Vec<(usize, usize, usize)> = ac
                    .find_overlapping_iter(&text)
                    .map(|x| (x.start(), x.pattern().as_usize(), x.end()))
                    .collect();
                want.sort_by_key(|h| h.0);
                let mut got = Vec::new();
                m.for_each(&text, |a, b, c| got.push((a, b, c)));
                assert_eq!(got, want, "{text}");
                matches += got.len();
            }
            assert!(matches > 10_000, "{matches}");
        }
    }

    #[test]
    fn matcher_handles_first_chars_that_share_a_slot() {
        // U+4E00 and U+5E00 share a slot; U+4E01 has its own.
        let m = Matcher::new(vec!["一二", "\u{5e00}三", "一", "丁", "\u{5e00}"]);
        let mut got = Vec::new();
        m.for_each("丁一二\u{5e00}三一", |a, b, c| got.push((a, b, c)));
        assert_eq!(
            got,
            [
                (0, 3, 3),
                (3, 2, 6),
                (3, 0, 9),
                (9, 4, 12),
                (9, 1, 15),
                (15, 2, 18)
            ]
        );
    }

    #[test]
    fn segments_are_a_text_run_and_the_cells_after_it() {
        let lines: Vec<String> = ["1 | 2", "予以公开 | 甲 | 3 | / |", "乙", "丙"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = tokenize(&lines);
        let kinds: String = t
            .tokens
            .iter()
            .map(|t| if t.is_cell() { 'c' } else { 't' })
            .collect();
        let segs: Vec<(usize, usize)> = segments(&t.view(), 0..t.tokens.len())
            .map(|s| {
                assert_eq!(s.text.end, s.cells.start);
                (s.text.len(), s.cells.len())
            })
            .collect();
        // Rebuild the kinds from the segments: every token is in exactly one, in order.
        let rebuilt: String = segs
            .iter()
            .map(|&(t, c)| "t".repeat(t) + &"c".repeat(c))
            .collect();
        assert_eq!(rebuilt, kinds);
        assert!(segs[0].0 == 0 && segs[0].1 > 0, "{kinds}: leading cells");
        assert!(segs.last().unwrap().1 == 0, "{kinds}: trailing text");
        assert!(segs[1..].iter().all(|s| s.0 > 0));
        assert!(segments(&t.view(), 3..3).next().is_none());
    }

    #[test]
    fn label_length_counts_chars_not_bytes() {
        assert!(label_token_ok(&"公".repeat(64)));
        assert!(!label_token_ok(&"公".repeat(65)));
        assert!(label_token_ok(&"a".repeat(64)));
        assert!(!label_token_ok(&"a".repeat(65)));
        assert!(!label_token_ok(&"公".repeat(200)));
        assert!(!label_token_ok("予以公开。"));
    }

    #[test]
    fn missing_labels_spread_values_over_the_rows_between() {
        let text = "(一)予以公开 | 8 | 0 | 0 | 0 | 0 | 0 | 8 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0";
        let e = t3(text, TemplateVersion::V2021);
        let t = e.table.unwrap();
        assert_eq!(t.int("r1", "tot"), Some(8));
        assert_eq!(t.int("r2", "np"), Some(1));
        assert_eq!(t.int("r3_1", "tot"), Some(0));
        assert!(
            e.findings
                .iter()
                .any(|f| f.rule == "C-INFERRED" && f.row == Some("r2"))
        );
    }

    #[test]
    fn a_lone_value_goes_to_total_and_says_so() {
        let e = t3("(七)总计 | 0 | ||||||||", TemplateVersion::V2019);
        let t = e.table.unwrap();
        assert_eq!(t.int("r7", "tot"), Some(0));
        assert!(t.cell("r7", "tot").unwrap().inferred);
        assert!(t.cell("r7", "np").unwrap().is_missing());
        assert_eq!(
            e.findings.iter().filter(|f| f.rule == "C-INFERRED").count(),
            1
        );
    }

    #[test]
    fn group_heading_then_sub_rows_in_2021() {
        let text = "(六)其他处理\n1.申请人无正当理由逾期不补\n正、行政机关不再处理其政府信息公开申请\n1 0 0 0 0 0 1\n2.申请人逾期未按收费通知要求缴纳费用\n2 0 0 0 0 0 2\n3、其他 3 0 0 0 0 0 3\n（七）总计 6 0 0 0 0 0 6";
        let t = t3(text, TemplateVersion::V2021).table.unwrap();
        assert_eq!(t.int("r6_1", "tot"), Some(1));
        assert_eq!(t.int("r6_2", "tot"), Some(2));
        assert_eq!(t.int("r6_3", "np"), Some(3));
        assert_eq!(t.int("r7", "tot"), Some(6));
    }

    #[test]
    fn rows_never_go_backwards() {
        let text = "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n一、本年新收 | 9 | 9 | 9 | 9 | 9 | 9 | 9";
        let t = t3(text, TemplateVersion::V2019).table.unwrap();
        assert_eq!(t.int("cout", "tot"), Some(1));
        assert!(t.cell("new", "tot").unwrap().is_missing());
    }

    #[test]
    fn t4_three_totals_are_placed_in_total_columns() {
        let lines: Vec<String> = "行政复议 | 行政诉讼 |\n总计 |\n0 | 0 | 0 |"
            .lines()
            .map(str::to_string)
            .collect();
        let t = tokenize(&lines);
        let e = read_t4(&t.view(), 0..t.tokens.len(), TemplateVersion::V2019);
        let tab = e.table.unwrap();
        assert_eq!(tab.int("rv", "tot"), Some(0));
        assert_eq!(tab.int("lr", "tot"), Some(0));
        assert!(tab.cell("rv", "keep").unwrap().is_missing());
        assert!(e.findings.iter().any(|f| f.rule == "C-INFERRED"));
    }
}
