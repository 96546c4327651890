//! Report file → [`Report`]: decode, tokenise, find sections and tables, align to the template.
//!
//! Pipeline: [`decode`] (BOM/UTF-8/GB18030) → sanitised lines → [`tokens`] (text, values,
//! blanks with their source lines) → [`sections`] (the six headings, which bound the table
//! regions) → [`meta`] (year, body, dates, format) → [`tables`] (表二/表三/表四 aligned by row
//! labels). Extraction never panics on untrusted input and never guesses silently: structural
//! observations become findings (C-HEADER, C-EXTRA-ROW, C-INFERRED, V-LABEL, V-MIXED).

pub mod count_cells;
pub mod decode;
pub mod docx;
pub mod html;
pub mod meta;
pub mod nesting;
pub mod pdf;
pub mod sections;
pub mod tables;
pub mod tokens;

use std::path::Path;

use crate::input::Budget;
use crate::model::{Finding, Report, Severity, SourceLines};
use crate::rules::Rule;
use crate::template::TemplateVersion;

/// The input formats gouji reads, decided by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text or Markdown, in any supported encoding.
    Text,
    Html,
    Docx,
    /// Read by [`pdf`]: rows rebuilt from glyph positions.
    Pdf,
    /// Legacy binary Word (`.doc`) and WPS (`.wps`) files: recognised so that they get a clear
    /// message, not read as garbled text.
    Legacy,
}

impl InputFormat {
    pub fn of(path: &Path) -> InputFormat {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml" | "shtml") => InputFormat::Html,
            Some("docx") => InputFormat::Docx,
            Some("pdf") => InputFormat::Pdf,
            Some("doc" | "wps") => InputFormat::Legacy,
            _ => InputFormat::Text,
        }
    }
}

/// Extracts a report from a file's bytes. HTML and Word files are first turned into lines
/// (one table row per line); line numbers in findings then refer to those lines, which the
/// report keeps in `Report::lines` for the source view.
pub fn extract_bytes(path: &Path, bytes: &[u8]) -> Report {
    extract_bytes_within(path, bytes, &mut Budget::default())
}

/// [`extract_bytes`] within a file's [`Budget`]: a file that trips one of its limits (nesting,
/// inflated bytes, text length, time) is a report whose error names the limit.
pub fn extract_bytes_within(path: &Path, bytes: &[u8], budget: &mut Budget) -> Report {
    let mut pdf_text = None;
    let (text, encoding, lossy) = match InputFormat::of(path) {
        InputFormat::Docx => match docx::to_text(bytes, budget) {
            Ok(t) => (t.into(), "UTF-8", false),
            Err(e) => return Report::unreadable(path.to_path_buf(), e),
        },
        InputFormat::Pdf => match pdf::read(bytes, &pdf::Limits::within(budget)) {
            Ok(t) => {
                let text = t.text();
                pdf_text = Some(t);
                (text.into(), "UTF-8", false)
            }
            Err(e) => return Report::unreadable(path.to_path_buf(), e.to_string()),
        },
        InputFormat::Legacy => {
            return Report::unreadable(
                path.to_path_buf(),
                "旧版 Word/WPS 文件不能直接读取：请另存为 .docx 或导出为 PDF \
                 (legacy .doc/.wps file: save it as .docx or export it to PDF, then check again)",
            );
        }
        InputFormat::Html => {
            let d = decode::decode_html(bytes);
            match html::to_text(&d.text, budget) {
                Ok(t) => (t.into(), d.encoding, d.lossy),
                Err(e) => return Report::unreadable(path.to_path_buf(), e),
            }
        }
        InputFormat::Text => {
            let d = decode::decode(bytes);
            (d.text, d.encoding, d.lossy)
        }
    };
    if let Err(e) = budget.check_text(text.len()) {
        return Report::unreadable(path.to_path_buf(), e);
    }
    let decoded = decode::Decoded {
        text,
        encoding,
        lossy,
    };
    let mut report = extract_text(path, &decoded.text);
    if let Some(t) = pdf_text {
        report.pages = t.line_pages();
        if let Some(note) = t.partial {
            report.findings.push(Finding::new(
                Rule::VPdf,
                Severity::Warning,
                format!("only part of this PDF could be read ({note}); values may be missing"),
            ));
        }
    }
    if decoded.lossy {
        report.findings.push(Finding::new(
            Rule::VEncoding,
            Severity::Warning,
            format!(
                "some bytes are not valid {}; they were replaced and nearby values may be lost",
                decoded.encoding
            ),
        ));
    }
    report
}

/// Where 表二–表四 can be, as (0-based line, byte offset in the line's normalised text), end
/// exclusive: from the first of the headings 二、三、四 to the next heading after the last of
/// them (in one-line layouts, places inside the one line). Without all three headings the
/// tables are found by their own words, anywhere: every line.
fn table_span(hits: &[Option<sections::Hit>; 6], n_lines: usize) -> ((usize, u32), (usize, u32)) {
    let pos = |h: &sections::Hit| (h.section.line as usize - 1, h.start as u32);
    let tables: Option<Vec<(usize, u32)>> =
        hits[1..=3].iter().map(|h| h.as_ref().map(pos)).collect();
    let everything = ((0, 0), (n_lines, 0));
    let Some(tables) = tables else {
        return everything;
    };
    let (Some(&first), Some(&last)) = (tables.iter().min(), tables.iter().max()) else {
        return everything;
    };
    let next = hits
        .iter()
        .flatten()
        .map(pos)
        .filter(|&p| p > last)
        .min()
        .unwrap_or((n_lines, 0));
    (first, next)
}

/// Extracts a report from decoded text.
pub fn extract_text(path: &Path, text: &str) -> Report {
    let lines = SourceLines::sanitised(text);
    // Normalise every line, find the headings, then tokenise only the lines that can hold the
    // tables: most of a report is prose that needs no tokens.
    let mut toks = tokens::normalise_lines(&lines);
    let hits = sections::find(&toks.line_norm);
    let (from, to) = table_span(&hits, lines.len());
    toks.tokenize_span(&lines, from, to);
    let tk = &toks.view(&lines);
    let n = tk.len();

    let find_from =
        |from: usize, pred: &dyn Fn(&str) -> bool| (from..n).find(|&i| pred(tk.norm(&tk[i])));
    let after = |s: usize| hits[s].as_ref().map(|h| h.after(&toks));
    let t2_start = after(1).or_else(|| find_from(0, &|s| s.starts_with("第二十条")));
    let t3_start = after(2).or_else(|| {
        find_from(t2_start.unwrap_or(0), &|s| {
            s.contains("申请人情况") || s.contains("本年新收")
        })
    });
    let t4_start = after(3).or_else(|| {
        find_from(t3_start.unwrap_or(0), &|s| {
            s.starts_with("行政复议") && !s.contains('。')
        })
    });
    // Every heading and table start bounds the region before it.
    let mut bounds: Vec<usize> = hits.iter().flatten().map(|h| h.at(&toks)).collect();
    bounds.extend([t2_start, t3_start, t4_start].into_iter().flatten());
    bounds.sort_unstable();
    let region = |start: Option<usize>| {
        start.map(|s| s..bounds.iter().copied().find(|&b| b > s).unwrap_or(n))
    };
    let (r2, r3, r4) = (region(t2_start), region(t3_start), region(t4_start));

    let mut report = Report::empty(path.to_path_buf());
    // In document order (several headings may share one physical line).
    let mut found: Vec<&sections::Hit> = hits.iter().flatten().collect();
    found.sort_by_key(|h| (h.section.line, h.start));
    report.sections = found.iter().map(|h| h.section.clone()).collect();
    read_metadata(&mut report, &toks.line_norm, &lines);
    // Format version from the table text.
    let table_text: String = [&r2, &r3]
        .into_iter()
        .flatten()
        .map(|r| tk.joined_norm(r.clone()))
        .collect();
    let (s19, s21) = meta::version_signals(&table_text);
    report.template = meta::version(s19.len(), s21.len(), report.year);
    if !s19.is_empty() && !s21.is_empty() {
        report.findings.push(Finding::new(
            Rule::VMixed,
            Severity::Warning,
            format!(
                "the tables mix both official formats: 2019 headings {} and 2021 headings {}",
                s19.join("、"),
                s21.join("、")
            ),
        ));
    }
    let version = report
        .template
        .or(report.year.map(TemplateVersion::expected_for_year))
        .unwrap_or(TemplateVersion::V2021);

    read_tables(&mut report, tk, [r2, r3, r4], version);
    count_cells::check(&mut report, version);
    // Without the headings of sections 二–四, tables alone do not make a report: a note that
    // quotes a report's cells (an index of files, hand-checked values) has tables but no title.
    report.is_report = hits[1..=3].iter().any(Option::is_some)
        || ((report.tables.t3.is_some() || report.tables.t4.is_some())
            && has_report_title(&toks.line_norm));
    if !report.is_report {
        // What looked like cells in a note is not a report's data.
        report.findings.clear();
        report.tables = crate::model::Tables::default();
    }
    report.lines = lines;
    report
}

/// Whether one of the first lines is a report's title: a short line (not a list item or a table
/// row) naming an annual report on information disclosure (`…2023年政府信息公开工作年度报告`).
fn has_report_title(norm: &SourceLines) -> bool {
    norm.iter()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .map(|l| l.trim().trim_start_matches('#').trim())
        .any(|l| {
            l.chars().count() <= 60
                && !l.starts_with(['-', '*', '|', '>', '+'])
                && (l.contains("信息公开") || l.contains("政务公开"))
                && (l.contains("报告") || l.contains("年报"))
        })
}

/// The title, year, issuing body, period and publication date, from the first lines, the last
/// eight (signature and date) and the whole normalised text.
fn read_metadata(report: &mut Report, norm: &SourceLines, lines: &SourceLines) {
    let head: Vec<&str> = norm.iter().filter(|l| !l.is_empty()).take(12).collect();
    let whole = norm.all();
    let (year, body) = meta::title(&head, whole);
    // The last eight non-empty lines (signature and date), in order.
    let mut tail: Vec<(u32, String)> = lines
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(8)
        .map(|(i, l)| ((i + 1) as u32, l.to_string()))
        .collect();
    tail.reverse();
    let tail_lines: Vec<String> = tail.iter().map(|(_, l)| l.clone()).collect();
    let body = body
        .or_else(|| meta::signature_body(&tail_lines))
        .or_else(|| meta::frequent_government(whole));
    report.body_kind = body
        .as_deref()
        .map_or(crate::model::BodyKind::Unknown, meta::body_kind);
    report.body = body;
    if let Some((p, line)) = meta::period(norm) {
        report.period = Some(p);
        report.period_line = Some(line);
    }
    report.year = year.or(report.period.map(|(s, _)| {
        use chrono::Datelike;
        s.year()
    }));
    report.published = meta::published(whole, &tail);
}

/// Reads each table whose region was found into `report`, with the findings of reading it.
fn read_tables(
    report: &mut Report,
    tk: &tokens::TokenView,
    [r2, r3, r4]: [Option<std::ops::Range<usize>>; 3],
    version: TemplateVersion,
) {
    for (range, read) in [
        (r2, tables::read_t2 as fn(_, _, _) -> tables::Extracted),
        (r3, tables::read_t3),
        (r4, tables::read_t4),
    ] {
        let Some(range) = range else { continue };
        let e = read(tk, range, version);
        report.findings.extend(e.findings);
        if let Some(t) = e.table {
            match t.id {
                crate::model::TableId::T2 => report.tables.t2 = Some(t),
                crate::model::TableId::T3 => report.tables.t3 = Some(t),
                crate::model::TableId::T4 => report.tables.t4 = Some(t),
            }
        }
    }
}
