//! Writes a [`ReportSpec`] as report text in each layout of domain.md §8 the extractor supports.
//!
//! A report is first laid out as blocks (title, paragraphs, headings, tables, signature) and
//! then printed by one function per layout, so every layout carries exactly the same content.
//! Rendering is a pure function of the spec and the layout: the same inputs give the same bytes.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::grid::{self, GridItem, HeaderCell, TableIr, style_label};
use super::prose::{self, Prose};
use super::spec::{BlankStyle, ReportSpec};
use crate::model::TableId;
use crate::template::T4_COLS;

/// The text layouts of domain.md §8 that the generator can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// One table row per line, cells separated by ` | `.
    PipeRow,
    /// One cell per line ending ` |`; a lone `|` for a blank cell, `||||` fillers (seed 000).
    CellPerLinePipe,
    /// One cell per line, an empty line after each, blank cells as a line holding one space,
    /// numbers padded with spaces (seeds 002, 003).
    CellPerLineBare,
    /// The whole body on one physical line, ` | ` between cells, headings inline (seed 004).
    OneLine,
    /// Text pulled from a PDF: prose wrapped at 30 characters, one table row per line with
    /// space-separated values, long labels wrapped, page markers `- 3 -` anywhere.
    PdfText,
    /// Markdown: `##` headings and one Markdown table per (sub-)table.
    Markdown,
    /// Markdown as converters cut it (issue 12, families 1 and 3): 表三 split into one small
    /// table per result group under its own `### （三）不予公开` heading, each with the real
    /// column names, generic ones (`类别 | 数据1 | … | 数据6 | 总计`) or no header; 表四 in three
    /// blocks (a `###` heading per group, a header row, one row of five values), the value row
    /// led by the group name in some reports.
    MarkdownSplit,
    /// [`Layout::PdfText`] with the narrow header cells of 表三 and 表四 printed vertically, two
    /// characters per line, so the columns' pieces interleave line by line (`商业 科研 社会 法律
    /// 其他` / `企业 机构 公益 服务` / `组织 机构`), as `pdftotext -layout` gives the 洪泽区
    /// reports (issue 12, family 4).
    PdfVertical,
    /// [`Layout::Markdown`] as pasted from a converted report (issue 12, families 2 and 6): a
    /// stray header row (the applicant columns again, or a header naming other rows) above the
    /// last rows of 表三, counts with thousands separators (`1,036`), 本年增/减 written `增3`,
    /// `+3` or `减4`, and 万元 amounts with three decimals (`4068.208`, `7.500`).
    MarkdownPasted,
}

impl Layout {
    pub const ALL: [Layout; 6] = [
        Layout::PipeRow,
        Layout::CellPerLinePipe,
        Layout::CellPerLineBare,
        Layout::OneLine,
        Layout::PdfText,
        Layout::Markdown,
    ];

    /// Layouts of converted text that the shipped samples do not use; every generated-report
    /// test runs them as well as [`Layout::ALL`].
    pub const FAMILIES: [Layout; 3] = [
        Layout::MarkdownSplit,
        Layout::PdfVertical,
        Layout::MarkdownPasted,
    ];

    /// [`Layout::ALL`], then [`Layout::FAMILIES`].
    pub fn every() -> impl Iterator<Item = Layout> {
        Layout::ALL.into_iter().chain(Layout::FAMILIES)
    }

    pub fn name(self) -> &'static str {
        match self {
            Layout::PipeRow => "pipe-row",
            Layout::CellPerLinePipe => "cell-per-line-pipe",
            Layout::CellPerLineBare => "cell-per-line-bare",
            Layout::OneLine => "one-line",
            Layout::PdfText => "pdf-text",
            Layout::Markdown => "markdown",
            Layout::MarkdownSplit => "markdown-split",
            Layout::PdfVertical => "pdf-vertical",
            Layout::MarkdownPasted => "markdown-pasted",
        }
    }

    /// File extension a report in this layout is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            Layout::Markdown | Layout::MarkdownSplit | Layout::MarkdownPasted => "md",
            _ => "txt",
        }
    }
}

/// What a report prints, in order, before any layout decision.
enum Block {
    Title,
    Published,
    Para(String),
    Heading(String),
    Table(TableIr),
    Signature,
}

/// Printed in place of a table that was published as an image.
pub const TABLE_AS_IMAGE: &str = "本部分统计表以图片形式随报告附后。";

fn blocks(spec: &ReportSpec, prose: Prose) -> Vec<Block> {
    let mut out = vec![Block::Title];
    if spec.show_published {
        out.push(Block::Published);
    }
    out.extend(prose.intro.into_iter().map(Block::Para));
    let (mut s1, mut s5, mut s6) = (Some(prose.s1), Some(prose.s5), Some(prose.s6));
    for sec in &spec.sections {
        if let Some(h) = &sec.heading {
            out.push(Block::Heading(h.clone()));
        }
        if !sec.content {
            continue;
        }
        let paras = match sec.number {
            1 => s1.take(),
            5 => s5.take(),
            6 => s6.take(),
            n => {
                let id = [TableId::T2, TableId::T3, TableId::T4][n as usize - 2];
                if spec.omit_tables.contains(&id) {
                    out.push(Block::Para(TABLE_AS_IMAGE.to_string()));
                } else {
                    out.push(Block::Table(grid::table(spec, id)));
                }
                None
            }
        };
        out.extend(paras.unwrap_or_default().into_iter().map(Block::Para));
    }
    out.push(Block::Signature);
    out
}

fn mix(seed: u64, salt: u64) -> u64 {
    // splitmix64 finaliser: neighbouring seeds and salts give unrelated streams.
    let mut z = seed ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The report text of `spec` in `layout`. Deterministic: same spec and layout, same bytes.
pub fn render(spec: &ReportSpec, layout: Layout) -> String {
    if layout == Layout::MarkdownPasted && !spec.as_written {
        let mut written = spec.clone();
        written.as_written = true;
        return render(&written, layout);
    }
    let layout_salt = 100 + Layout::ALL.iter().position(|l| *l == layout).unwrap_or(0) as u64;
    let budget = if spec.prose {
        // Size the prose so the whole report lands in 8–20 KB whatever the tables take.
        let mut r = ChaCha8Rng::seed_from_u64(mix(spec.seed, 1));
        let target = r.random_range(9_500..15_500usize);
        let compact = spec.clone().compact();
        let p = prose::write(
            &compact,
            &mut ChaCha8Rng::seed_from_u64(mix(spec.seed, 2)),
            0,
        );
        let prose_len: usize = [&p.intro, &p.s1, &p.s5, &p.s6]
            .iter()
            .flat_map(|v| v.iter())
            .map(String::len)
            .sum();
        let base = print(
            &compact,
            layout,
            blocks(&compact, p),
            &mut ChaCha8Rng::seed_from_u64(mix(spec.seed, layout_salt)),
        );
        target.saturating_sub(base.len() - prose_len).max(3_000)
    } else {
        0
    };
    let p = prose::write(
        spec,
        &mut ChaCha8Rng::seed_from_u64(mix(spec.seed, 2)),
        budget,
    );
    print(
        spec,
        layout,
        blocks(spec, p),
        &mut ChaCha8Rng::seed_from_u64(mix(spec.seed, layout_salt)),
    )
}

fn print(spec: &ReportSpec, layout: Layout, blocks: Vec<Block>, rng: &mut ChaCha8Rng) -> String {
    match layout {
        Layout::PipeRow => pipe_row(spec, &blocks),
        Layout::CellPerLinePipe => cell_per_line_pipe(spec, &blocks),
        Layout::CellPerLineBare => cell_per_line_bare(spec, &blocks, rng),
        Layout::OneLine => one_line(spec, &blocks),
        Layout::PdfText => pdf_text(spec, &blocks, false),
        Layout::PdfVertical => pdf_text(spec, &blocks, true),
        Layout::Markdown | Layout::MarkdownPasted => markdown(spec, &blocks, false),
        Layout::MarkdownSplit => markdown(spec, &blocks, true),
    }
}

pub fn title(spec: &ReportSpec) -> String {
    format!("{}{}年政府信息公开工作年度报告", spec.body, spec.year)
}

fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn published_line(spec: &ReportSpec) -> String {
    format!("发布日期：{}", spec.published.format("%Y-%m-%d"))
}

/// How a blank cell is written where an empty string would be invisible or ambiguous.
/// The lines of a block other than a table, as plain text: each layout prints them its own way
/// (a line each, a paragraph each, a Markdown heading…).
fn plain_lines(spec: &ReportSpec, b: &Block) -> Vec<String> {
    match b {
        Block::Title => vec![title(spec)],
        Block::Published => vec![published_line(spec)],
        Block::Para(p) | Block::Heading(p) => vec![p.clone()],
        Block::Signature => vec![spec.body.clone(), date_cn(spec.published)],
        Block::Table(_) => Vec::new(),
    }
}

fn blank_mark(spec: &ReportSpec, empty: &'static str) -> &'static str {
    match spec.blank_style {
        BlankStyle::Empty => empty,
        BlankStyle::Slash => "/",
        BlankStyle::Dash => "-",
    }
}

fn header_texts(rows: &[Vec<HeaderCell>]) -> impl Iterator<Item = &str> {
    rows.iter()
        .flatten()
        .map(|c| c.text.as_str())
        .filter(|t| !t.is_empty())
}

/// Tokens of one data row: group label, row label, then the cells (blank → `blank`).
fn row_tokens<'a>(
    group: &'a Option<String>,
    label: &'a Option<String>,
    cells: &'a [Option<String>],
    blank: &'a str,
) -> impl Iterator<Item = &'a str> {
    group
        .iter()
        .chain(label.iter())
        .map(String::as_str)
        .chain(cells.iter().map(move |c| c.as_deref().unwrap_or(blank)))
}

// ---- one row per line, ` | ` between cells --------------------------------------------------

fn pipe_row(spec: &ReportSpec, blocks: &[Block]) -> String {
    let mut out = String::new();
    let blank = blank_mark(spec, "");
    for b in blocks {
        match b {
            Block::Title
            | Block::Published
            | Block::Para(_)
            | Block::Heading(_)
            | Block::Signature => plain_lines(spec, b).iter().for_each(|l| line(&mut out, l)),
            Block::Table(t) => {
                for item in &t.items {
                    match item {
                        GridItem::Caption(c) => line(&mut out, c),
                        GridItem::Header(rows) => {
                            for r in rows {
                                let cells: Vec<&str> = r
                                    .iter()
                                    .map(|c| c.text.as_str())
                                    .filter(|t| !t.is_empty())
                                    .collect();
                                if !cells.is_empty() {
                                    line(&mut out, &format!("{} |", cells.join(" | ")));
                                }
                            }
                        }
                        GridItem::Data {
                            group,
                            label,
                            cells,
                        } => {
                            let toks: Vec<&str> = row_tokens(group, label, cells, blank).collect();
                            line(&mut out, &format!("{} |", toks.join(" | ")));
                        }
                    }
                }
            }
        }
    }
    out
}

fn line(out: &mut String, s: &str) {
    out.push_str(s);
    out.push('\n');
}

// ---- one cell per line ending ` |` (seed 000) -----------------------------------------------

fn cell_per_line_pipe(spec: &ReportSpec, blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Title
            | Block::Published
            | Block::Para(_)
            | Block::Heading(_)
            | Block::Signature => plain_lines(spec, b).iter().for_each(|l| line(&mut out, l)),
            Block::Table(t) => {
                for item in &t.items {
                    match item {
                        GridItem::Caption(c) => {
                            line(&mut out, &format!("{c} |"));
                            line(&mut out, "||||");
                        }
                        GridItem::Header(rows) => {
                            for r in rows {
                                let mut n = 0;
                                for c in r.iter().filter(|c| !c.text.is_empty()) {
                                    line(&mut out, &format!("{} |", c.text));
                                    n += c.span;
                                }
                                // Fillers stand for the spanned cells: always two pipes or
                                // more, so they never read as a blank cell's lone `|`.
                                line(&mut out, &"|".repeat(n.max(1) + 1));
                            }
                        }
                        GridItem::Data {
                            group,
                            label,
                            cells,
                        } => {
                            for l in group.iter().chain(label.iter()) {
                                line(&mut out, &format!("{l} |"));
                            }
                            for c in cells {
                                match c.as_deref() {
                                    Some(v) => line(&mut out, &format!("{v} |")),
                                    None => match blank_mark(spec, "") {
                                        "" => line(&mut out, "|"),
                                        m => line(&mut out, &format!("{m} |")),
                                    },
                                }
                            }
                            line(&mut out, "||");
                        }
                    }
                }
            }
        }
    }
    out
}

// ---- one cell per line, empty lines between (seeds 002, 003) ---------------------------------

fn cell_per_line_bare(spec: &ReportSpec, blocks: &[Block], rng: &mut ChaCha8Rng) -> String {
    let mut out = String::new();
    let mut put = |s: &str| {
        out.push_str(s);
        out.push_str("\n\n");
    };
    for b in blocks {
        match b {
            Block::Heading(h) => {
                // Some pages indent a heading or leave spaces after it (seed 003).
                let pad = ["", "", "", "    "].choose(rng).expect("pad");
                put(&format!("{pad}{h}"));
            }
            Block::Title | Block::Published | Block::Para(_) | Block::Signature => {
                for l in plain_lines(spec, b) {
                    put(&l);
                }
            }
            Block::Table(t) => {
                for item in &t.items {
                    match item {
                        GridItem::Caption(c) => put(c),
                        GridItem::Header(rows) => {
                            for h in header_texts(rows) {
                                put(h);
                            }
                        }
                        GridItem::Data {
                            group,
                            label,
                            cells,
                        } => {
                            if let Some(g) = group {
                                put(g);
                            }
                            if let Some(l) = label {
                                let trail =
                                    ["", "", "", "            "].choose(rng).expect("trail");
                                put(&format!("{l}{trail}"));
                            }
                            for c in cells {
                                match c {
                                    Some(v) => {
                                        let (lead, trail) = [
                                            ("", ""),
                                            ("", ""),
                                            (" ", ""),
                                            ("     ", ""),
                                            ("", "  "),
                                        ]
                                        .choose(rng)
                                        .expect("padding");
                                        put(&format!("{lead}{v}{trail}"));
                                    }
                                    None => put(blank_mark(spec, " ")),
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

// ---- everything on one physical line (seed 004) ---------------------------------------------

fn one_line(spec: &ReportSpec, blocks: &[Block]) -> String {
    let blank = blank_mark(spec, "");
    let mut parts: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Title | Block::Signature => {}
            Block::Published => parts.push(published_line(spec)),
            Block::Para(p) | Block::Heading(p) => parts.push(p.clone()),
            Block::Table(t) => {
                let mut toks: Vec<&str> = Vec::new();
                for item in &t.items {
                    match item {
                        GridItem::Caption(c) => toks.push(c),
                        GridItem::Header(rows) => toks.extend(header_texts(rows)),
                        GridItem::Data {
                            group,
                            label,
                            cells,
                        } => toks.extend(row_tokens(group, label, cells, blank)),
                    }
                }
                parts.push(format!("{} |", toks.join(" | ")));
            }
        }
    }
    format!(
        "{}\n{}\n{} {}\n",
        title(spec),
        parts.join(" "),
        spec.body,
        date_cn(spec.published)
    )
}

// ---- PDF text ---------------------------------------------------------------------------------

/// Lines of PDF text with a page marker (`- 3 -`) every [`PAGE_LINES`] lines. Markers go
/// between units (a prose line, a table row with its wrapped label), so they land in tables.
struct PdfOut {
    text: String,
    on_page: usize,
    page: u32,
}

const PAGE_LINES: usize = 34;

impl PdfOut {
    fn unit(&mut self, lines: &[String]) {
        if self.on_page + lines.len() > PAGE_LINES {
            self.page += 1;
            let _ = writeln!(self.text, "- {} -", self.page);
            self.on_page = 0;
        }
        for l in lines {
            self.text.push_str(l);
            self.text.push('\n');
        }
        self.on_page += lines.len();
    }
}

/// PDF extractors put a space between digits and CJK text (`2024 年`).
fn pdf_spacing(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev {
            let boundary = (p.is_ascii_digit() && !c.is_ascii() && !is_punct(c))
                || (!p.is_ascii() && !is_punct(p) && c.is_ascii_digit());
            if boundary {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '（'
            | '）'
            | '〔'
            | '〕'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '“'
            | '”'
    )
}

/// Wraps at `width` characters without splitting a run of ASCII digits or letters and without
/// starting a line with closing punctuation (as typesetters do); no spaces at line ends.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let closing = |c: char| {
        matches!(
            c,
            '，' | '。' | '、' | '；' | '：' | '）' | '》' | '〉' | '”' | '〕'
        )
    };
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + width).min(chars.len());
        while end < chars.len()
            && end > start + 1
            && ((chars[end].is_ascii_alphanumeric() && chars[end - 1].is_ascii_alphanumeric())
                || closing(chars[end]))
        {
            end += 1;
        }
        let line: String = chars[start..end].iter().collect();
        let line = line.trim();
        if !line.is_empty() {
            out.push(line.to_string());
        }
        start = end;
    }
    out
}

fn pdf_text(spec: &ReportSpec, blocks: &[Block], vertical: bool) -> String {
    let mut out = PdfOut {
        text: String::new(),
        on_page: 0,
        page: 1,
    };
    out.unit(&["- 1 -".to_string()]);
    let blank = blank_mark(spec, "/");
    for b in blocks {
        match b {
            Block::Title => {
                out.unit(std::slice::from_ref(&spec.body));
                out.unit(&[pdf_spacing(&format!(
                    "{}年政府信息公开工作年度报告",
                    spec.year
                ))]);
            }
            Block::Published => out.unit(&[published_line(spec)]),
            Block::Heading(h) => out.unit(std::slice::from_ref(h)),
            Block::Para(p) => {
                for l in wrap(&pdf_spacing(p), 30) {
                    out.unit(&[l]);
                }
            }
            Block::Signature => {
                out.unit(std::slice::from_ref(&spec.body));
                out.unit(&[pdf_spacing(&date_cn(spec.published))]);
            }
            Block::Table(t) => pdf_table(&mut out, t, blank, vertical),
        }
    }
    out.text
}

/// Splits a header label the way narrow PDF cells break it: `结 果` / `维持`.
fn pdf_split_label(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() == 4 {
        vec![
            format!("{} {}", chars[0], chars[1]),
            chars[2..].iter().collect(),
        ]
    } else {
        vec![s.to_string()]
    }
}

/// Narrow header cells printed vertically: line `k` holds the `k`-th two-character piece of
/// every label that has one.
fn pdf_vertical(out: &mut PdfOut, labels: &[&str]) {
    let pieces: Vec<Vec<String>> = labels
        .iter()
        .map(|l| {
            let chars: Vec<char> = l.chars().collect();
            chars.chunks(2).map(|p| p.iter().collect()).collect()
        })
        .collect();
    let depth = pieces.iter().map(Vec::len).max().unwrap_or(0);
    for k in 0..depth {
        let line: Vec<&str> = pieces
            .iter()
            .filter_map(|p| p.get(k).map(String::as_str))
            .collect();
        out.unit(&[line.join(" ")]);
    }
}

fn pdf_table(out: &mut PdfOut, t: &TableIr, blank: &str, vertical: bool) {
    for item in &t.items {
        match item {
            GridItem::Caption(c) => out.unit(std::slice::from_ref(c)),
            GridItem::Header(rows) if vertical && t.id != TableId::T2 => {
                // The wide cells (the note, 申请人情况, the group names) stay on their lines.
                let mut narrow: Vec<&str> = Vec::new();
                for (i, r) in rows.iter().enumerate() {
                    for c in r.iter().filter(|c| !c.text.is_empty()) {
                        if c.span > 1 || (t.id == TableId::T3 && i < 2) {
                            let text = c.text.as_str();
                            if text.chars().count() > 24 {
                                out.unit(&wrap(text, 22));
                            } else {
                                out.unit(&[text.to_string()]);
                            }
                        } else {
                            narrow.push(&c.text);
                        }
                    }
                }
                pdf_vertical(out, &narrow);
            }
            GridItem::Header(rows) => match t.id {
                TableId::T2 => {
                    for r in rows {
                        let texts: Vec<&str> = header_texts(std::slice::from_ref(r)).collect();
                        out.unit(&[texts.join(" ")]);
                    }
                }
                TableId::T3 => {
                    let mut texts = header_texts(rows);
                    if let Some(note) = texts.next() {
                        out.unit(&wrap(note, 22));
                    }
                    for h in texts {
                        out.unit(&[h.to_string()]);
                    }
                }
                TableId::T4 => {
                    for r in rows {
                        // Wide spanning cells share a line; the narrow part labels break.
                        let wide: Vec<&str> = r
                            .iter()
                            .filter(|c| c.span > 1 && !c.text.is_empty())
                            .map(|c| c.text.as_str())
                            .collect();
                        for c in r.iter().filter(|c| c.span == 1) {
                            out.unit(&pdf_split_label(&c.text));
                        }
                        if !wide.is_empty() {
                            out.unit(&[wide.join(" ")]);
                        }
                    }
                }
            },
            GridItem::Data {
                group,
                label,
                cells,
            } => {
                let mut lines = Vec::new();
                if let Some(g) = group {
                    let chars: Vec<char> = g.chars().collect();
                    if g.starts_with("三、") {
                        // The spanning row label comes out one character per line.
                        lines.push("三、".to_string());
                        lines.extend(chars[2..].iter().map(|c| c.to_string()));
                    } else {
                        lines.push(chars[..4.min(chars.len())].iter().collect());
                        lines.push(chars[4.min(chars.len())..].iter().collect());
                    }
                }
                let values: Vec<&str> = cells
                    .iter()
                    .map(|c| c.as_deref().unwrap_or(blank))
                    .collect();
                let values = values.join(" ");
                match label {
                    Some(l) if l.chars().count() > 16 => {
                        let chars: Vec<char> = l.chars().collect();
                        lines.push(chars[..14].iter().collect());
                        let rest: String = chars[14..].iter().collect();
                        lines.push(format!("{rest} {values}"));
                    }
                    Some(l) => lines.push(format!("{l} {values}")),
                    None => lines.push(values),
                }
                out.unit(&lines);
            }
        }
    }
}

// ---- Markdown ---------------------------------------------------------------------------------

fn md_row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

fn md_expand(row: &[HeaderCell]) -> Vec<String> {
    row.iter()
        .flat_map(|c| std::iter::once(c.text.clone()).chain((1..c.span).map(|_| String::new())))
        .collect()
}

fn markdown(spec: &ReportSpec, blocks: &[Block], split: bool) -> String {
    let mut out = String::new();
    let blank = blank_mark(spec, "");
    let para = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push_str("\n\n");
    };
    for b in blocks {
        match b {
            Block::Title => para(&mut out, &format!("# {}", title(spec))),
            Block::Heading(h) => para(&mut out, &format!("## {h}")),
            Block::Published | Block::Para(_) | Block::Signature => {
                for l in plain_lines(spec, b) {
                    para(&mut out, &l);
                }
            }
            Block::Table(t) if split && t.id == TableId::T3 => md_split_t3(spec, t, &mut out),
            Block::Table(t) if split && t.id == TableId::T4 => md_blocks_t4(spec, t, &mut out),
            Block::Table(t) => {
                let mut open = false;
                // The stray header of [`Layout::MarkdownPasted`] goes above one of 表三's last
                // rows: from the group （五） on, (七)总计 and the carry-over included.
                let rows = t
                    .items
                    .iter()
                    .filter(|i| matches!(i, GridItem::Data { .. }))
                    .count();
                let (mut t3_rows, stray_at) =
                    (0, rows.saturating_sub((mix(spec.seed, 41) % 8) as usize));
                for item in &t.items {
                    match item {
                        GridItem::Caption(c) => {
                            if open {
                                out.push('\n');
                                open = false;
                            }
                            para(&mut out, c);
                        }
                        GridItem::Header(rows) => {
                            let width = md_expand(&rows[0]).len();
                            line(&mut out, &md_row(&md_expand(&rows[0])));
                            line(&mut out, &md_row(&vec!["---".to_string(); width]));
                            for r in &rows[1..] {
                                line(&mut out, &md_row(&md_expand(r)));
                            }
                            open = true;
                        }
                        GridItem::Data {
                            group,
                            label,
                            cells,
                        } => {
                            if spec.as_written && t.id == TableId::T3 {
                                t3_rows += 1;
                                if t3_rows == stray_at {
                                    md_stray_header(spec, &mut out);
                                }
                            }
                            let mut row: Vec<String> = Vec::new();
                            if t.label_cols == 2 {
                                row.push(group.clone().unwrap_or_default());
                            }
                            row.extend(label.iter().cloned());
                            row.extend(
                                cells
                                    .iter()
                                    .map(|c| c.clone().unwrap_or_else(|| blank.to_string())),
                            );
                            line(&mut out, &md_row(&row));
                        }
                    }
                }
                if open {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// 表三's header as a converter writes it: the label column, then the applicant columns.
const T3_HEADER: [&str; 8] = [
    "项目",
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// A header row pasted inside 表三 (family 2): the applicant columns repeated after a page
/// break, with or without their `---` line, or a header naming 表三's rows as columns.
fn md_stray_header(spec: &ReportSpec, out: &mut String) {
    const ROWS: [&str; 7] = [
        "项目",
        "本年新收件数",
        "上年结转件数",
        "予以公开",
        "部分公开",
        "不予公开",
        "总计",
    ];
    match mix(spec.seed, 42) % 3 {
        0 => {
            // The applicant header as the full table has it: label column, group column.
            let header: Vec<String> = ["项目", ""]
                .into_iter()
                .chain(T3_HEADER[1..].iter().copied())
                .map(String::from)
                .collect();
            line(out, &md_row(&header));
            line(out, &md_row(&vec!["---".to_string(); header.len()]));
        }
        1 => {
            let header: Vec<String> = T3_HEADER[1..].iter().map(|s| s.to_string()).collect();
            line(out, &md_row(&header));
        }
        _ => line(out, &md_row(&ROWS.map(String::from))),
    }
}

/// The header of one of 表三's small tables, chosen per report and group: the real column
/// names, generic ones, or none.
fn md_sub_header(spec: &ReportSpec, nth: u64, out: &mut String) {
    const GENERIC: [&str; 8] = [
        "类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计",
    ];
    let header = match mix(spec.seed, nth) % 3 {
        0 => T3_HEADER,
        1 => GENERIC,
        _ => return,
    };
    // Some converters shorten `社会公益组织` (family 5).
    let short = mix(spec.seed, 31).is_multiple_of(2);
    let header: Vec<String> = header
        .iter()
        .map(|s| match *s {
            "社会公益组织" if short => "社会公益".to_string(),
            s => s.to_string(),
        })
        .collect();
    line(out, &md_row(&header));
    line(out, &md_row(&vec!["---".to_string(); header.len()]));
}

fn md_values(spec: &ReportSpec, cells: &[Option<String>]) -> impl Iterator<Item = String> {
    let blank = blank_mark(spec, "");
    cells
        .iter()
        .map(move |c| c.clone().unwrap_or_else(|| blank.to_string()))
}

/// 表三 cut into one small table per result group (family 1): the official header and the
/// rows up to （二） first, then each group under its own `###` heading with its own header
/// (or none), then a last small table for the rows after the groups.
fn md_split_t3(spec: &ReportSpec, t: &TableIr, out: &mut String) {
    let (mut in_group, mut split) = (false, false);
    let mut nth = 0u64;
    for item in &t.items {
        match item {
            GridItem::Caption(c) => {
                line(out, c);
                out.push('\n');
            }
            GridItem::Header(rows) => {
                let width = md_expand(&rows[0]).len();
                line(out, &md_row(&md_expand(&rows[0])));
                line(out, &md_row(&vec!["---".to_string(); width]));
                for r in &rows[1..] {
                    line(out, &md_row(&md_expand(r)));
                }
            }
            GridItem::Data {
                group,
                label,
                cells,
            } => {
                // Variant labels (family 5): `（六）其他` for `（六）其他处理`, and the group
                // label repeated before its first sub-row (`（三）不予公开 1.属于国家秘密`).
                let shorten = mix(spec.seed, 32).is_multiple_of(2);
                let doubled = mix(spec.seed, 33).is_multiple_of(2);
                let six = |s: &str| {
                    if shorten {
                        s.replace("其他处理", "其他")
                    } else {
                        s.to_string()
                    }
                };
                let mut label = six(&label.clone().unwrap_or_default());
                let group = group.as_deref().map(six);
                // `三、本年度办理结果` heads the whole result block, not a small table.
                let opens = group.as_deref().filter(|g| !g.starts_with('三'));
                if let Some(g) = opens.filter(|_| doubled) {
                    label = format!("{g} {label}");
                }
                let sub_row = label.starts_with(['1', '2', '3', '4', '5', '6', '7', '8']);
                if let Some(g) = opens {
                    nth += 1;
                    out.push('\n');
                    line(out, &format!("### {g}"));
                    out.push('\n');
                    md_sub_header(spec, nth, out);
                    (in_group, split) = (true, true);
                } else if in_group && !sub_row {
                    nth += 1;
                    out.push('\n');
                    md_sub_header(spec, nth, out);
                    in_group = false;
                }
                // The first table keeps the official two label columns; the small ones have one.
                let mut row = Vec::new();
                if !split {
                    row.push(group.clone().unwrap_or_default());
                }
                row.push(label);
                row.extend(md_values(spec, cells));
                line(out, &md_row(&row));
            }
        }
    }
    out.push('\n');
}

/// 表四 in three blocks (family 3): a `###` heading per group, a header row of the five
/// parts, then the group's five values, led by the group name in some reports.
fn md_blocks_t4(spec: &ReportSpec, t: &TableIr, out: &mut String) {
    let Some(cells) = t.items.iter().find_map(|i| match i {
        GridItem::Data { cells, .. } => Some(cells),
        _ => None,
    }) else {
        return;
    };
    let named = mix(spec.seed, 7).is_multiple_of(2);
    let groups = [
        "行政复议",
        "行政诉讼（未经复议直接起诉）",
        "行政诉讼（复议后起诉）",
    ];
    for (g, name) in groups.iter().enumerate() {
        let name = style_label(spec, name);
        line(out, &format!("### {name}"));
        out.push('\n');
        let mut header: Vec<String> = T4_COLS.iter().map(|c| c.label.to_string()).collect();
        let mut row: Vec<String> = md_values(spec, &cells[g * 5..g * 5 + 5]).collect();
        if named {
            header.insert(0, "类别".to_string());
            row.insert(0, name.clone());
        }
        line(out, &md_row(&header));
        line(out, &md_row(&vec!["---".to_string(); header.len()]));
        line(out, &md_row(&row));
        out.push('\n');
    }
}

#[cfg(test)]
mod tests;
