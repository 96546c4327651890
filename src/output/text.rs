//! The human-readable form of `gouji check`: one block per report, worst findings first.
//!
//! Missing cells (C-BLANK) come one per cell and a sparse report has a hundred of them, so by
//! default they are folded into one line per table; `-v` lists them and shows info findings.
//! Every string from a report is already sanitised by the extractor; paths are sanitised here.

use std::cmp::Reverse;
use std::fmt::Display;
use std::io::{self, Write};

use owo_colors::{OwoColorize, Style};

use super::{Bytes, EntryKind, Summary, display_path, find_row, kind, write_location};
use crate::model::{Finding, Report, Severity, TableId};
use crate::rules::Rule;

/// How many row labels a folded C-BLANK line names before "+N more".
const BLANK_ROWS_SHOWN: usize = 5;

#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    pub color: bool,
    pub verbose: bool,
}

/// Writes every entry and a final summary line.
pub fn write(out: &mut dyn Write, reports: &[Report], opts: &TextOptions) -> io::Result<()> {
    for r in reports {
        write_report(out, r, opts)?;
    }
    write_totals(out, &Summary::of(reports), opts)
}

/// One report's block (streaming form of [`write`]).
pub fn write_report(out: &mut dyn Write, r: &Report, opts: &TextOptions) -> io::Result<()> {
    out.write_all(&report_bytes(r, opts).0)
}

/// One report's block, with where its finding lines sit (`None` for a file that is not a report
/// or could not be read: it has no finding lines).
pub fn report_bytes(r: &Report, opts: &TextOptions) -> (Vec<u8>, Option<Layout>) {
    let mut b = Vec::with_capacity(1024);
    let layout = write_entry(&mut b, r, opts, Paint(opts.color)).expect("writing to memory");
    (b, layout)
}

/// The closing summary line (streaming form of [`write`]).
pub fn write_totals(out: &mut dyn Write, summary: &Summary, opts: &TextOptions) -> io::Result<()> {
    write_summary(out, summary, Paint(opts.color))
}

#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn apply(self, s: impl Display, style: Style) -> String {
        if self.0 {
            s.style(style).to_string()
        } else {
            s.to_string()
        }
    }

    /// [`Paint::apply`] written to `out`.
    fn write(self, out: &mut Bytes, s: impl Display, style: Style) -> std::fmt::Result {
        use std::fmt::Write as _;
        if self.0 {
            write!(out, "{}", s.style(style))
        } else {
            write!(out, "{s}")
        }
    }

    fn severity(self, sev: Severity) -> String {
        let (word, style) = severity_word(sev);
        self.apply(word, style)
    }
}

/// A severity as a finding line starts with it, padded to one width, and its colour.
fn severity_word(sev: Severity) -> (&'static str, Style) {
    match sev {
        Severity::Error => ("error  ", Style::new().red().bold()),
        Severity::Warning => ("warning", Style::new().yellow().bold()),
        Severity::Info => ("info   ", Style::new().cyan()),
    }
}

fn write_entry(
    out: &mut Vec<u8>,
    r: &Report,
    opts: &TextOptions,
    paint: Paint,
) -> io::Result<Option<Layout>> {
    let path = display_path(&r.path);
    match kind(r) {
        EntryKind::Unreadable(why) => {
            let label = paint.apply("error:", Style::new().red().bold());
            writeln!(out, "{path}: {label} could not read this file: {why}")?;
            return Ok(None);
        }
        EntryKind::NotReport => {
            let note = paint.apply("not a report: skipped", Style::new().dimmed());
            writeln!(out, "{path}: {note}")?;
            return Ok(None);
        }
        EntryKind::Report => {}
    }
    writeln!(out, "{}", paint.apply(&path, Style::new().bold()))?;
    let mut facts = Vec::new();
    if let Some(body) = &r.body {
        facts.push(body.clone());
    }
    if let Some(year) = r.year {
        facts.push(format!("{year}年"));
    }
    if let Some(t) = r.template {
        facts.push(format!("{} template", t.as_str()));
    }
    if let Some(d) = r.published {
        facts.push(format!("published {}", d.format("%Y-%m-%d")));
    }
    if !facts.is_empty() {
        writeln!(out, "  {}", facts.join(" · "))?;
    }
    // The inspector's corrections come before the findings: the findings are those of the
    // corrected tables.
    for c in &r.corrections {
        let version = r.template.unwrap_or(crate::model::TemplateVersion::V2019);
        let now = r
            .tables
            .get(c.cell.table)
            .and_then(|t| t.cell(c.cell.row, c.cell.column));
        let shown = |cell: Option<&crate::model::Cell>| {
            crate::audit::correct::value_text(cell.and_then(|c| c.value.as_ref()))
                .unwrap_or_else(|| "空".to_string())
        };
        let label = paint.apply("corrected", Style::new().green().bold());
        writeln!(
            out,
            "  {label} {}: {} → {} (已更正 / corrected by the inspector)",
            crate::audit::cell_name(version, c.cell),
            shown(Some(&c.original)),
            shown(now)
        )?;
    }

    let mut layout = Layout::of(r, out.len());
    let items = items(r, opts.verbose);
    if items.is_empty() {
        write_ok(out, layout.info, paint)?;
        return Ok(Some(layout));
    }
    layout.lines.reserve_exact(items.len());
    for (key, item) in items {
        layout.lines.push((key, out.len()));
        match item {
            Item::One(f) => finding_line(&mut Bytes(out), r, f, paint).expect("writing to memory"),
            Item::Folded {
                rule,
                table,
                findings,
            } => writeln!(out, "  {}", folded_line(r, rule, table, &findings, paint))?,
        }
    }
    writeln!(out)?;
    Ok(Some(layout))
}

/// The line of a report with no finding to show (and the blank line that ends its block).
fn write_ok(out: &mut Vec<u8>, hidden: usize, paint: Paint) -> io::Result<()> {
    let ok = paint.apply("ok", Style::new().green().bold());
    if hidden > 0 {
        writeln!(
            out,
            "  {ok} no errors or warnings ({hidden} info, -v to show)\n"
        )
    } else {
        writeln!(out, "  {ok} no findings\n")
    }
}

/// Where a rendered report block's finding lines sit, and what placing a finding among them
/// needs of the report (its tables' row order, template and PDF pages; not its cells or text).
/// `check` links reports across years only once every report is rendered; with this it puts
/// the X-* findings in their places ([`splice`]) instead of loading and rendering the report
/// again.
#[derive(Debug, Clone)]
pub struct Layout {
    /// First byte of the finding lines (or of the `ok` line).
    findings_at: usize,
    /// Each finding line's sort key and first byte, in print order.
    lines: Vec<(SortKey, usize)>,
    /// The report's info findings, which the `ok` line counts.
    info: usize,
    template: Option<crate::model::TemplateVersion>,
    /// The row definitions of 表二, 表三 and 表四 in the report's order (empty when absent).
    rows: [Vec<&'static crate::template::RowDef>; 3],
    pages: Vec<u32>,
}

const LAYOUT_TABLES: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];

impl Layout {
    fn of(r: &Report, findings_at: usize) -> Layout {
        let rows = LAYOUT_TABLES.map(|id| {
            r.tables
                .get(id)
                .map(|t| t.rows.iter().map(|row| row.def).collect())
                .unwrap_or_default()
        });
        Layout {
            findings_at,
            lines: Vec::new(),
            info: r.count(Severity::Info),
            template: r.template,
            rows,
            pages: r.pages.clone(),
        }
    }

    /// A report with the rendered one's template, row order and pages, and nothing else: what
    /// the printer reads to place and word a finding.
    fn shape(&self) -> Report {
        let mut r = Report::empty(std::path::PathBuf::new());
        r.is_report = true;
        r.template = self.template;
        r.pages = self.pages.clone();
        for (id, defs) in LAYOUT_TABLES.into_iter().zip(&self.rows) {
            if defs.is_empty() {
                continue;
            }
            let table = crate::model::Table {
                id,
                line: None,
                extra: Vec::new(),
                rows: defs
                    .iter()
                    .map(|&def| crate::model::Row {
                        def,
                        label_line: None,
                        cells: Vec::new(),
                    })
                    .collect(),
            };
            let slot = match id {
                TableId::T2 => &mut r.tables.t2,
                TableId::T3 => &mut r.tables.t3,
                TableId::T4 => &mut r.tables.t4,
            };
            *slot = Some(table);
        }
        r
    }
}

/// A report block rendered by [`report_bytes`] as it reads with `added` appended to the
/// report's findings (the X-* findings of a link): each added line goes where the printer's
/// order puts it, after the lines it ties with, and the `ok` line becomes the added lines or
/// counts the added info findings. `layout` is the block's.
pub fn splice(block: Vec<u8>, layout: &Layout, added: &[Finding], opts: &TextOptions) -> Vec<u8> {
    let paint = Paint(opts.color);
    let info = layout.info
        + added
            .iter()
            .filter(|f| f.severity == Severity::Info)
            .count();
    let shown: Vec<&Finding> = added
        .iter()
        .filter(|f| opts.verbose || f.severity != Severity::Info)
        .collect();
    if shown.is_empty() && (info == layout.info || !layout.lines.is_empty()) {
        return block;
    }
    let shape = layout.shape();
    let mut new: Vec<(SortKey, Vec<u8>)> = shown
        .into_iter()
        .map(|f| {
            let mut line = Vec::new();
            finding_line(&mut Bytes(&mut line), &shape, f, paint).expect("writing to memory");
            (sort_key(&shape, &Item::One(f)), line)
        })
        .collect();
    // The printer's sort is stable and the added findings come last: among equal keys they
    // follow the report's own lines and keep their order.
    new.sort_by_key(|(key, _)| *key);
    let mut out = Vec::with_capacity(block.len() + 256 * new.len());
    out.extend_from_slice(&block[..layout.findings_at]);
    let push = |out: &mut Vec<u8>, line: &[u8]| out.extend_from_slice(line);
    if layout.lines.is_empty() {
        if new.is_empty() {
            write_ok(&mut out, info, paint).expect("writing to memory");
        } else {
            for (_, line) in &new {
                push(&mut out, line);
            }
            out.push(b'\n');
        }
        return out;
    }
    // The block ends with a blank line after its last finding line.
    let end = block.len() - 1;
    let mut new = new.into_iter().peekable();
    for (i, (key, at)) in layout.lines.iter().enumerate() {
        while let Some((_, line)) = new.next_if(|(k, _)| k < key) {
            push(&mut out, &line);
        }
        let next = layout.lines.get(i + 1).map_or(end, |(_, at)| *at);
        out.extend_from_slice(&block[*at..next]);
    }
    for (_, line) in new {
        push(&mut out, &line);
    }
    out.extend_from_slice(&block[end..]);
    out
}

/// A line of a report block: one finding, or the folded findings of one rule in one table.
enum Item<'a> {
    One(&'a Finding),
    Folded {
        rule: Rule,
        table: Option<TableId>,
        findings: Vec<&'a Finding>,
    },
}

/// Rules that come once per cell or row and are folded into one line per table unless `-v`.
const FOLDED: &[Rule] = &[Rule::CBlank, Rule::CInferred];

/// The report's findings in print order: severity (errors first), then table, row and column in
/// template order; report-wide findings (no table) lead their severity.
fn items(r: &Report, verbose: bool) -> Vec<(SortKey, Item<'_>)> {
    let mut items: Vec<Item> = Vec::new();
    for f in &r.findings {
        if f.severity == Severity::Info && !verbose {
            continue;
        }
        if FOLDED.contains(&f.rule) && !verbose {
            let group = items.iter_mut().find_map(|it| match it {
                Item::Folded {
                    rule,
                    table,
                    findings,
                } if *rule == f.rule && *table == f.table => Some(findings),
                _ => None,
            });
            match group {
                Some(findings) => findings.push(f),
                None => items.push(Item::Folded {
                    rule: f.rule,
                    table: f.table,
                    findings: vec![f],
                }),
            }
            continue;
        }
        items.push(Item::One(f));
    }
    // A lone inferred placement reads better as itself than as a summary.
    for it in &mut items {
        if let Item::Folded { rule, findings, .. } = it
            && *rule != Rule::CBlank
            && findings.len() == 1
        {
            *it = Item::One(findings[0]);
        }
    }
    let mut items: Vec<(SortKey, Item)> =
        items.into_iter().map(|it| (sort_key(r, &it), it)).collect();
    // Stable, as the order among equal keys is the findings' own.
    items.sort_by_key(|(key, _)| *key);
    items
}

/// A line's place in a report block: severity (errors first), table, row, column.
type SortKey = (Reverse<Severity>, Option<TableId>, usize, usize);

fn sort_key(r: &Report, item: &Item) -> SortKey {
    match item {
        Item::One(f) => {
            let (row, col) = grid_position(r, f);
            (Reverse(f.severity), f.table, row, col)
        }
        // After the table's single findings: a summary of what else is wrong there.
        Item::Folded {
            table, findings, ..
        } => (Reverse(findings[0].severity), *table, usize::MAX, 0),
    }
}

/// Row and column index of a finding's cell in its table, for template-order sorting; findings
/// about a whole table or column come before its cells, unknown rows last.
fn grid_position(r: &Report, f: &Finding) -> (usize, usize) {
    let (Some(table), Some(key)) = (f.table, f.row) else {
        return (0, 0);
    };
    match find_row(r, table, key) {
        Some((i, def)) => {
            let col = f.column.and_then(|c| def.col(c)).map_or(0, |(j, _)| j + 1);
            (i + 1, col)
        }
        None => (usize::MAX, 0),
    }
}

/// `  error   T3-SUM7 表三 (七)总计·自然人 expected 15, actual 0 (line 412): message` and its
/// newline, written to `w`.
fn finding_line(w: &mut Bytes, r: &Report, f: &Finding, paint: Paint) -> std::fmt::Result {
    use std::fmt::Write as _;
    w.write_str("  ")?;
    let (word, style) = severity_word(f.severity);
    paint.write(w, word, style)?;
    w.write_char(' ')?;
    paint.write(w, f.rule, Style::new().bold())?;
    if let Some(table) = f.table {
        w.write_char(' ')?;
        write_location(w, r, table, f.row, f.column)?;
    }
    match (f.expected, f.actual) {
        (Some(e), Some(a)) => write!(w, " expected {e}, actual {a}")?,
        (Some(e), None) => write!(w, " expected {e}")?,
        (None, Some(a)) => write!(w, " actual {a}")?,
        (None, None) => {}
    }
    match (f.line, f.line.and_then(|l| r.page_of(l))) {
        // A PDF's lines are gouji's rebuilt rows: the page is what the inspector can find.
        (Some(line), Some(page)) => write!(w, " (line {line}, p.{page})")?,
        (Some(line), None) => write!(w, " (line {line})")?,
        (None, _) => {}
    }
    w.write_str(": ")?;
    f.write_message(w)?;
    w.write_char('\n')
}

/// `error   C-BLANK 表三: 138 missing cells in 20 rows (一、本年新收, ..., +15 more)`
fn folded_line(
    r: &Report,
    rule: Rule,
    table: Option<TableId>,
    findings: &[&Finding],
    paint: Paint,
) -> String {
    let mut s = format!(
        "{} {}",
        paint.severity(findings[0].severity),
        paint.apply(rule.id(), Style::new().bold())
    );
    if let Some(t) = table {
        s.push(' ');
        s.push_str(t.short());
    }
    let n = findings.len();
    let plural = if n == 1 { "" } else { "s" };
    if rule == Rule::CBlank {
        s.push_str(&format!(": {n} missing cell{plural}"));
    } else {
        s.push_str(": values placed by inference, the layout does not show their columns;");
    }
    let mut rows: Vec<&str> = Vec::new();
    for f in findings {
        // A row's findings mostly come one after another: the last row is asked first.
        if let Some(key) = f.row
            && rows.last() != Some(&key)
            && !rows.contains(&key)
        {
            rows.push(key);
        }
    }
    if let (Some(t), false) = (table, rows.is_empty()) {
        // (position, label) in template order; a row the templates do not know goes last.
        let mut named: Vec<(usize, &str)> = rows
            .iter()
            .map(|k| find_row(r, t, k).map_or((usize::MAX, *k), |(i, d)| (i, d.short)))
            .collect();
        named.sort();
        let labels: Vec<&str> = named
            .iter()
            .take(BLANK_ROWS_SHOWN)
            .map(|(_, l)| *l)
            .collect();
        let more = rows.len().saturating_sub(BLANK_ROWS_SHOWN);
        let rows_word = if rows.len() == 1 { "row" } else { "rows" };
        s.push_str(&format!(
            " in {} {rows_word} ({}",
            rows.len(),
            labels.join(", ")
        ));
        if more > 0 {
            s.push_str(&format!(", +{more} more"));
        }
        s.push(')');
    }
    s
}

fn write_summary(out: &mut dyn Write, s: &Summary, paint: Paint) -> io::Result<()> {
    if s.reports + s.not_reports + s.unreadable == 0 {
        return writeln!(out, "no report files found");
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let errors = plural(s.errors, "error", "errors");
    let errors = if s.errors > 0 {
        paint.apply(errors, Style::new().red().bold())
    } else {
        paint.apply(errors, Style::new().green())
    };
    let warnings = plural(s.warnings, "warning", "warnings");
    let warnings = if s.warnings > 0 {
        paint.apply(warnings, Style::new().yellow())
    } else {
        warnings
    };
    let mut line = format!(
        "{}: {errors}, {warnings}",
        plural(s.reports, "report", "reports")
    );
    if s.reports_with_errors > 0 {
        line.push_str(&format!(
            " ({} with errors)",
            plural(s.reports_with_errors, "report", "reports")
        ));
    }
    if s.not_reports > 0 {
        line.push_str(&format!(
            "; {}, skipped",
            plural(
                s.not_reports,
                "file is not a report",
                "files are not reports"
            )
        ));
    }
    if s.unreadable > 0 {
        let n = plural(s.unreadable, "file", "files");
        line.push_str(&format!(
            "; {}",
            paint.apply(format!("{n} could not be read"), Style::new().red().bold())
        ));
    }
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use std::path::PathBuf;

    use super::*;
    use crate::output::tests::report_2019;

    fn render(reports: &[Report], verbose: bool) -> String {
        let mut buf = Vec::new();
        let opts = TextOptions {
            color: false,
            verbose,
        };
        write(&mut buf, reports, &opts).unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn blank(row: &'static str, col: &'static str) -> Finding {
        Finding::new(Rule::CBlank, Severity::Error, "missing").at(TableId::T3, Some(row), Some(col))
    }

    fn sample() -> Report {
        let mut r = report_2019();
        r.body = Some("鄂城区人民政府".into());
        r.year = Some(2020);
        r.findings = vec![
            Finding::new(Rule::SSix, Severity::Warning, "heading 五 is a variant").line(Some(80)),
            blank("cin", "res"),
            Finding::new(Rule::T3Id, Severity::Error, "15 + 0 ≠ 0 + 0")
                .at(TableId::T3, None, Some("tot"))
                .values(Some(15), Some(0)),
            blank("new", "res"),
            Finding::new(
                Rule::T3Sum7,
                Severity::Error,
                "(七)总计 is not the sum of (一)–(六)",
            )
            .at(TableId::T3, Some("r7"), Some("np"))
            .values(Some(15), Some(0))
            .line(Some(412)),
            Finding::new(
                Rule::T3Sum7,
                Severity::Error,
                "(七)总计 is not the sum of (一)–(六)",
            )
            .at(TableId::T3, Some("r1"), Some("tot"))
            .values(Some(15), Some(0)),
            blank("new", "ngo"),
            Finding::new(Rule::T4Sum, Severity::Info, "could not be verified").at(
                TableId::T4,
                Some("rv"),
                Some("tot"),
            ),
        ];
        r
    }

    #[test]
    fn findings_are_sorted_and_missing_cells_folded() {
        let text = render(&[sample()], false);
        let expected = "\
seeds/002.txt
  鄂城区人民政府 · 2020年 · 2019 template
  error   T3-ID 表三 总计 expected 15, actual 0: 15 + 0 ≠ 0 + 0
  error   T3-SUM7 表三 (一)予以公开·总计 expected 15, actual 0: (七)总计 is not the sum of (一)–(六)
  error   T3-SUM7 表三 (七)总计·自然人 expected 15, actual 0 (line 412): (七)总计 is not the sum of (一)–(六)
  error   C-BLANK 表三: 3 missing cells in 2 rows (一、本年新收, 二、上年结转)
  warning S-SIX (line 80): heading 五 is a variant

1 report: 6 errors, 1 warning (1 report with errors)
";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_pdfs_findings_name_the_page_of_their_line() {
        let mut r = sample();
        r.pages = (0..500).map(|i| 1 + i / 100).collect();
        let text = render(&[r], false);
        assert!(text.contains("(line 412, p.5):"), "{text}");
        assert!(text.contains("(line 80, p.1):"), "{text}");
    }

    #[test]
    fn verbose_lists_each_missing_cell_and_info_findings() {
        let text = render(&[sample()], true);
        assert!(
            text.contains("  error   C-BLANK 表三 一、本年新收·科研机构: missing\n"),
            "{text}"
        );
        assert!(text.contains("  error   C-BLANK 表三 一、本年新收·社会公益组织: missing\n"));
        assert!(text.contains("  error   C-BLANK 表三 二、上年结转·科研机构: missing\n"));
        assert!(text.contains("  info    T4-SUM 表四 行政复议·总计: could not be verified\n"));
        assert!(!text.contains("missing cells"));
    }

    #[test]
    fn inferred_placements_fold_per_table_but_a_lone_one_stays_whole() {
        let mut r = report_2019();
        let inferred = |row: &'static str| {
            Finding::new(
                Rule::CInferred,
                Severity::Warning,
                "placed in 总计 (inferred)",
            )
            .at(TableId::T3, Some(row), None)
        };
        r.findings.extend(["new", "cin", "r1"].map(inferred));
        r.findings.push(
            Finding::new(Rule::CInferred, Severity::Warning, "3 values for 15 cells").at(
                TableId::T4,
                None,
                None,
            ),
        );
        let text = render(&[r.clone()], false);
        assert!(
            text.contains("  warning C-INFERRED 表三: values placed by inference, the layout does not show their columns; in 3 rows (一、本年新收, 二、上年结转, (一)予以公开)\n"),
            "{text}"
        );
        assert!(
            text.contains("  warning C-INFERRED 表四: 3 values for 15 cells\n"),
            "{text}"
        );
        let verbose = render(&[r], true);
        assert_eq!(verbose.matches("placed in 总计 (inferred)").count(), 3);
    }

    #[test]
    fn many_blank_rows_are_cut_short() {
        let mut r = report_2019();
        for row in ["new", "cin", "r1", "r2", "r3_1", "r3_2", "r3_3"] {
            r.findings.push(blank(row, "np"));
            r.findings.push(blank(row, "biz"));
        }
        let text = render(&[r], false);
        assert!(
            text.contains(
                "C-BLANK 表三: 14 missing cells in 7 rows (一、本年新收, 二、上年结转, (一)予以公开, (二)部分公开, (三)1.国家秘密, +2 more)\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn clean_reports_non_reports_and_unreadable_files() {
        let mut ok = report_2019();
        ok.path = PathBuf::from("ok.txt");
        let mut quiet = report_2019();
        quiet.path = PathBuf::from("quiet.txt");
        quiet
            .findings
            .push(Finding::new(Rule::T4Sum, Severity::Info, "unverified"));
        let readme = Report::empty(PathBuf::from("README.md"));
        let gone = Report::unreadable(PathBuf::from("gone.txt"), "No such file or directory");
        let text = render(&[ok, quiet, readme, gone], false);
        let expected = "\
ok.txt
  2019 template
  ok no findings

quiet.txt
  2019 template
  ok no errors or warnings (1 info, -v to show)

README.md: not a report: skipped
gone.txt: error: could not read this file: No such file or directory
2 reports: 0 errors, 0 warnings; 1 file is not a report, skipped; 1 file could not be read
";
        assert_eq!(text, expected);
    }

    /// Each report of `reports` rendered with its layout, then `added` appended: the spliced
    /// block reads exactly as the report rendered with the added findings.
    fn assert_splices(reports: &[Report], added: &[Finding]) {
        for (verbose, color) in [(false, false), (true, false), (false, true), (true, true)] {
            let opts = TextOptions { color, verbose };
            for r in reports {
                let (block, layout) = report_bytes(r, &opts);
                let layout = layout.expect("a report has a layout");
                let mut linked = r.clone();
                linked.findings.extend_from_slice(added);
                let spliced = String::from_utf8(splice(block, &layout, added, &opts)).unwrap();
                let rendered = String::from_utf8(report_bytes(&linked, &opts).0).unwrap();
                assert_eq!(spliced, rendered, "verbose {verbose}, colour {color}");
            }
        }
    }

    fn year_over_year() -> Vec<Finding> {
        vec![
            Finding::new(Rule::XTwice, Severity::Warning, "another report"),
            Finding::new(Rule::XCarry, Severity::Error, "carried in")
                .at(TableId::T3, Some("cin"), Some("np"))
                .values(Some(3), Some(2))
                .line(Some(400)),
            Finding::new(Rule::XSpike, Severity::Info, "new requests tripled")
                .at(TableId::T3, Some("new"), Some("tot"))
                .line(Some(399)),
            Finding::new(Rule::XCarry, Severity::Error, "carried in total")
                .at(TableId::T3, Some("cin"), Some("tot"))
                .values(Some(9), Some(8)),
            Finding::new(Rule::XDup, Severity::Warning, "section 1 is 90% the same").line(Some(3)),
            Finding::new(Rule::XSpike, Severity::Info, "reviews").at(
                TableId::T4,
                Some("rv"),
                Some("tot"),
            ),
            Finding::new(Rule::XInforce, Severity::Warning, "rules in force").at(
                TableId::T2,
                Some("rules"),
                Some("in_force"),
            ),
        ]
    }

    #[test]
    fn year_over_year_findings_spliced_into_a_block_read_as_the_block_rendered_with_them() {
        let mut paged = sample();
        paged.pages = (0..500).map(|i| 1 + i / 100).collect();
        let mut clean = report_2019();
        clean.path = PathBuf::from("clean.txt");
        let mut quiet = report_2019();
        quiet
            .findings
            .push(Finding::new(Rule::T4Sum, Severity::Info, "unverified"));
        let mut tables = report_2019();
        tables.template = Some(crate::model::TemplateVersion::V2021);
        for id in [TableId::T2, TableId::T3, TableId::T4] {
            let t = crate::model::Table::blank(crate::model::TemplateVersion::V2021, id);
            match id {
                TableId::T2 => tables.tables.t2 = Some(t),
                TableId::T3 => tables.tables.t3 = Some(t),
                TableId::T4 => tables.tables.t4 = Some(t),
            }
        }
        tables.findings = vec![
            Finding::new(Rule::T4Sum, Severity::Error, "review total").at(
                TableId::T4,
                Some("rv"),
                Some("tot"),
            ),
            Finding::new(Rule::PInforce, Severity::Warning, "rules").at(
                TableId::T2,
                Some("rules"),
                Some("issued"),
            ),
            Finding::new(Rule::T3Sum7, Severity::Warning, "carried").at(
                TableId::T3,
                Some("cin"),
                Some("np"),
            ),
        ];
        let reports = [sample(), paged, clean, quiet, tables];
        let added = year_over_year();
        assert_splices(&reports, &added);
        for one in &added {
            assert_splices(&reports, std::slice::from_ref(one));
        }
        assert_splices(&reports, &[]);
    }

    #[test]
    fn an_info_finding_spliced_into_a_clean_block_is_counted_on_its_ok_line() {
        let opts = TextOptions::default();
        let (block, layout) = report_bytes(&report_2019(), &opts);
        let spike = &year_over_year()[2..3];
        let spliced = String::from_utf8(splice(block, &layout.unwrap(), spike, &opts)).unwrap();
        assert!(
            spliced.ends_with("  ok no errors or warnings (1 info, -v to show)\n\n"),
            "{spliced}"
        );
    }

    #[test]
    fn nothing_found() {
        assert_eq!(render(&[], false), "no report files found\n");
    }

    #[test]
    fn colour_only_when_asked_and_paths_are_sanitised() {
        let mut r = sample();
        r.path = PathBuf::from("evil\u{1b}]0;pwned\u{7}.txt");
        let plain = render(std::slice::from_ref(&r), false);
        assert!(!plain.contains('\u{1b}'), "{plain:?}");
        assert!(plain.starts_with("evil.txt\n"));
        let mut buf = Vec::new();
        let opts = TextOptions {
            color: true,
            verbose: false,
        };
        write(&mut buf, &[r], &opts).unwrap();
        let coloured = String::from_utf8(buf).unwrap();
        assert!(
            coloured.contains("\u{1b}[1;31merror  \u{1b}[0m")
                || coloured.contains("\u{1b}[31;1merror"),
            "{coloured:?}"
        );
        assert!(!coloured.contains("]0;pwned"));
    }
}
