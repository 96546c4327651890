//! The stable JSON form of `gouji check --format json` (README "JSON output").
//!
//! Built from serde structs whose field order is the documented key order; tables are written
//! as maps in template order. Other tools and tests parse this, so a field is never renamed or
//! removed. `gouji watch` reuses [`ReportJson`] for its lines.
//!
//! [`report_bytes`], which `check` and `watch` call once per report, writes the same bytes
//! without going through serde (`object`, strings escaped by `escape`): on a real inbox the
//! objects are ~28 kB each, mostly finding messages, and the serde route was a quarter of
//! `check`'s time.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{EntryKind, Summary, kind};
use crate::model::{Cell, ColKind, Finding, Report, Row, Table, Tables};

mod blank;
mod escape;
mod keys;
mod object;
pub(crate) use escape::push_str;
pub(crate) use object::push_finding;

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Document<'a> {
    pub gouji: &'static str,
    pub reports: Vec<ReportJson<'a>>,
    pub summary: SummaryJson,
}

#[derive(Debug, Serialize)]
pub struct SummaryJson {
    /// Files recognised as reports (not counting non-reports and unreadable files).
    pub reports: usize,
    /// Error-severity findings over all reports.
    pub errors: usize,
    pub warnings: usize,
}

/// One file's entry.
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    pub path: String,
    pub body: Option<&'a str>,
    pub year: Option<i32>,
    pub template: Option<&'static str>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Last year's report of the same body, when it was loaded in the same run.
    pub previous: Option<String>,
    pub error: Option<&'a str>,
    /// Present (and true) only for a file that was read but is not a report.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_report: bool,
    pub tables: TablesJson<'a>,
    /// The cells whose column was inferred (`t4.rv.keep`), in table order (表三, 表四, 表二);
    /// present only when there are any. Their values stay numbers in `tables`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<String>,
    /// The cells the inspector corrected (triage state), by the same `table.row.column` keys:
    /// `{"t3.r7.np": {"from": 0, "to": 15}}`, each value written as in `tables` (so `null` for
    /// blank). Present only when there are any; not findings, and the findings are those of
    /// the corrected tables.
    #[serde(skip_serializing_if = "CorrectedJson::is_empty")]
    pub corrected: CorrectedJson<'a>,
    pub findings: Vec<FindingJson<'a>>,
}

/// `"corrected"`: cell id → `{"from", "to"}`, in the order the corrections were applied.
#[derive(Debug)]
pub struct CorrectedJson<'a>(&'a Report);

impl CorrectedJson<'_> {
    fn is_empty(&self) -> bool {
        self.0.corrections.is_empty()
    }
}

impl<'a> CorrectedJson<'a> {
    /// Each correction that still names a cell of the tables: its id, the column's kind, the
    /// cell as extracted and as corrected.
    fn entries(&self) -> impl Iterator<Item = (String, ColKind, &'a Cell, &'a Cell)> {
        let r = self.0;
        r.corrections.iter().filter_map(move |c| {
            let row = r.tables.get(c.cell.table)?.row(c.cell.row)?;
            let ((_, col), now) = (row.def.col(c.cell.column)?, row.cell(c.cell.column)?);
            Some((
                crate::audit::correct::cell_id(c.cell),
                col.kind,
                &c.original,
                now,
            ))
        })
    }
}

impl Serialize for CorrectedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct FromTo<'c> {
            from: CellJson<'c>,
            to: CellJson<'c>,
        }
        let mut map = s.serialize_map(Some(self.0.corrections.len()))?;
        for (id, kind, from, to) in self.entries() {
            map.serialize_entry(
                &id,
                &FromTo {
                    from: CellJson { kind, cell: from },
                    to: CellJson { kind, cell: to },
                },
            )?;
        }
        map.end()
    }
}

/// The `table.row.column` keys of the inferred cells of `tables`.
fn inferred_cells(tables: &Tables) -> Vec<String> {
    [&tables.t3, &tables.t4, &tables.t2]
        .into_iter()
        .flatten()
        .flat_map(|t| {
            t.rows.iter().flat_map(move |r| {
                r.cells
                    .iter()
                    .zip(r.def.cols)
                    .filter(|(c, _)| c.inferred())
                    .map(move |(_, col)| format!("{}.{}.{}", t.id.as_str(), r.def.key, col.key))
            })
        })
        .collect()
}

/// `{"t3": ..., "t4": ..., "t2": ...}` with absent tables left out.
#[derive(Debug)]
pub struct TablesJson<'a>(&'a Tables);

#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    pub rule: &'static str,
    pub severity: &'static str,
    pub table: Option<&'static str>,
    pub row: Option<&'static str>,
    pub column: Option<&'static str>,
    pub expected: Option<i64>,
    pub actual: Option<i64>,
    pub line: Option<u32>,
    pub message: MessageJson<'a>,
}

/// A finding's message as a JSON string, rendered by [`with_message`], so a report of 150
/// blank cells allocates no string per finding.
#[derive(Debug)]
pub struct MessageJson<'a>(&'a Finding);

impl Serialize for MessageJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        with_message(self.0, |words| s.serialize_str(words))
    }
}

/// Calls `with` on the words of finding `f`'s message: its own text, or the message rendered
/// ([`Finding::write_message`]) into a buffer each thread reuses. Both JSON writers use it.
fn with_message<R>(f: &Finding, with: impl FnOnce(&str) -> R) -> R {
    use std::cell::RefCell;
    thread_local! {
        static WORDS: RefCell<String> = const { RefCell::new(String::new()) };
    }
    if let crate::model::Message::Text(text) = &f.message {
        return with(text);
    }
    // A message never contains another finding's, so the buffer is never re-entered.
    WORDS.with_borrow_mut(|words| {
        words.clear();
        f.write_message(words).expect("writing to memory");
        with(words)
    })
}

impl<'a> ReportJson<'a> {
    pub fn new(r: &'a Report) -> ReportJson<'a> {
        ReportJson {
            path: r.path.to_string_lossy().into_owned(),
            body: r.body.as_deref(),
            year: r.year,
            template: r.template.map(|t| t.as_str()),
            published: r.published.map(|d| d.format("%Y-%m-%d").to_string()),
            previous: r
                .previous
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
            error: r.error.as_deref(),
            not_report: matches!(kind(r), EntryKind::NotReport),
            tables: TablesJson(&r.tables),
            inferred: inferred_cells(&r.tables),
            corrected: CorrectedJson(r),
            findings: r.findings.iter().map(FindingJson::new).collect(),
        }
    }
}

impl<'a> FindingJson<'a> {
    pub fn new(f: &'a Finding) -> FindingJson<'a> {
        FindingJson {
            rule: f.rule.id(),
            severity: f.severity.as_str(),
            table: f.table.map(|t| t.as_str()),
            row: f.row,
            column: f.column,
            expected: f.expected,
            actual: f.actual,
            line: f.line,
            message: MessageJson(f),
        }
    }
}

impl<'a> Document<'a> {
    pub fn new(reports: &'a [Report]) -> Document<'a> {
        let s = Summary::of(reports);
        Document {
            gouji: env!("CARGO_PKG_VERSION"),
            reports: reports.iter().map(ReportJson::new).collect(),
            summary: SummaryJson::from(&s),
        }
    }
}

impl From<&Summary> for SummaryJson {
    fn from(s: &Summary) -> SummaryJson {
        SummaryJson {
            reports: s.reports,
            errors: s.errors,
            warnings: s.warnings,
        }
    }
}

/// One report's JSON object, as [`Stream`] writes it: the bytes of [`ReportJson`] (with C1
/// controls escaped, see [`crate::sanitize::escape_c1_in_json`]), written by `object`.
pub fn report_bytes(r: &Report) -> Vec<u8> {
    // Sized from what a report's object takes on a real-shaped inbox (tables ~2.3 kB, a finding
    // 330–370 bytes, one alone up to 540), so the buffer is seldom grown and copied.
    let mut out = Vec::with_capacity(4096 + r.findings.len() * 400);
    object::push_report(&mut out, r);
    out
}

/// Writes the document (one report per line) with a final newline.
pub fn write(out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    let mut stream = Stream::begin(out)?;
    for r in reports {
        stream.report(r)?;
    }
    stream.finish()
}

/// Writes the document of [`write`] one report at a time, so a run over thousands of files
/// never holds them all: `{"gouji":…,"reports":[` then each report on its own line, then the
/// summary. The bytes parse to the same value as `Document`.
pub struct Stream<'w> {
    out: &'w mut dyn Write,
    first: bool,
    summary: Summary,
}

impl<'w> Stream<'w> {
    pub fn begin(out: &'w mut dyn Write) -> io::Result<Stream<'w>> {
        write!(out, "{{\"gouji\":")?;
        serde_json::to_writer(&mut *out, env!("CARGO_PKG_VERSION"))?;
        write!(out, ",\"reports\":[")?;
        Ok(Stream {
            out,
            first: true,
            summary: Summary::default(),
        })
    }

    pub fn report(&mut self, r: &Report) -> io::Result<()> {
        self.rendered(&report_bytes(r), &Summary::of(std::slice::from_ref(r)))
    }

    /// Writes one report already rendered by [`report_bytes`] (on another thread, say);
    /// `counts` is its [`Summary`].
    pub fn rendered(&mut self, json: &[u8], counts: &Summary) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        self.out.write_all(json)?;
        self.summary.merge(counts);
        Ok(())
    }

    pub fn finish(self) -> io::Result<()> {
        write!(self.out, "\n],\"summary\":")?;
        serde_json::to_writer(&mut *self.out, &SummaryJson::from(&self.summary))?;
        writeln!(self.out, "}}")
    }
}

impl Serialize for TablesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let tables = [&self.0.t3, &self.0.t4, &self.0.t2];
        let present: Vec<&Table> = tables.into_iter().filter_map(Option::as_ref).collect();
        let mut map = s.serialize_map(Some(present.len()))?;
        for t in present {
            map.serialize_entry(t.id.as_str(), &TableJson(t))?;
        }
        map.end()
    }
}

struct TableJson<'a>(&'a Table);

impl Serialize for TableJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut rows = s.serialize_map(Some(self.0.rows.len()))?;
        for row in &self.0.rows {
            rows.serialize_entry(row.def.key, &RowJson(row))?;
        }
        rows.end()
    }
}

/// A row as `{"<col key>": cell, ...}` in template column order.
struct RowJson<'a>(&'a Row);

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut cells = s.serialize_map(Some(self.0.cells.len()))?;
        for (col, cell) in self.0.def.cols.iter().zip(&self.0.cells) {
            cells.serialize_entry(
                col.key,
                &CellJson {
                    kind: col.kind,
                    cell,
                },
            )?;
        }
        cells.end()
    }
}

/// A cell: `null` when missing; a number for counts and deltas; `{"value", "unit"}` for amounts.
struct CellJson<'a> {
    kind: ColKind,
    cell: &'a Cell,
}

impl Serialize for CellJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(n) = &self.cell.value else {
            return s.serialize_none();
        };
        match self.kind {
            ColKind::Count | ColKind::Delta => DecimalJson(n.value).serialize(s),
            ColKind::Amount => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("value", &DecimalJson(n.value))?;
                map.serialize_entry("unit", &n.unit)?;
                map.end()
            }
        }
    }
}

/// A decimal as a JSON number: an integer when it is one, else the shortest float that reads
/// back as the same decimal (`7.4890` → `7.489`, `27.88` → `27.88`).
struct DecimalJson(Decimal);

impl Serialize for DecimalJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use rust_decimal::prelude::ToPrimitive;
        // Counts, nearly every cell: a whole number already (`-0` is written `0`, as below).
        if self.0.scale() == 0
            && let Ok(i) = i64::try_from(self.0.mantissa())
        {
            return s.serialize_i64(i);
        }
        let d = self.0.normalize();
        if d.scale() == 0
            && let Some(i) = d.to_i64()
        {
            return s.serialize_i64(i);
        }
        // Through the decimal string, so the float is the one nearest the written value.
        let f: f64 = d.to_string().parse().map_err(serde::ser::Error::custom)?;
        s.serialize_f64(f)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use std::path::PathBuf;

    use chrono::NaiveDate;
    use serde_json::{Value, json};

    use super::*;
    use crate::audit::testkit::set_raw;
    use crate::model::{Severity, TableId, TemplateVersion};
    use crate::output::tests::report_2019;

    fn to_value(reports: &[Report]) -> Value {
        let mut buf = Vec::new();
        write(&mut buf, reports).unwrap();
        assert!(buf.ends_with(b"}\n"));
        serde_json::from_slice(&buf).unwrap()
    }

    #[test]
    fn a_report_entry_has_the_documented_keys_in_order() {
        let mut r = report_2019();
        r.body = Some("鄂城区人民政府".into());
        r.year = Some(2020);
        r.published = NaiveDate::from_ymd_opt(2021, 1, 27);
        r.tables.t3.as_mut().unwrap().set("r1", "np", Some(15));
        r.tables.t3.as_mut().unwrap().set("r7", "np", Some(0));
        r.findings.push(
            Finding::new(Rule::T3Sum7, Severity::Error, "（七）总计 ≠ Σ")
                .at(TableId::T3, Some("r7"), Some("np"))
                .values(Some(15), Some(0))
                .line(Some(412)),
        );
        let v = to_value(&[r]);
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["gouji", "reports", "summary"]);
        assert_eq!(v["gouji"], env!("CARGO_PKG_VERSION"));
        let rep = &v["reports"][0];
        let keys: Vec<&str> = rep
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "path",
                "body",
                "year",
                "template",
                "published",
                "previous",
                "error",
                "tables",
                "findings"
            ]
        );
        assert_eq!(rep["path"], "seeds/002.txt");
        assert_eq!(rep["body"], "鄂城区人民政府");
        assert_eq!(rep["year"], 2020);
        assert_eq!(rep["template"], "2019");
        assert_eq!(rep["published"], "2021-01-27");
        assert_eq!(rep["error"], Value::Null);
        assert_eq!(
            rep["findings"][0],
            json!({"rule": "T3-SUM7", "severity": "error", "table": "t3", "row": "r7",
                   "column": "np", "expected": 15, "actual": 0, "line": 412,
                   "message": "（七）总计 ≠ Σ"})
        );
        assert_eq!(
            v["summary"],
            json!({"reports": 1, "errors": 1, "warnings": 0})
        );
    }

    #[test]
    fn table_rows_and_columns_follow_the_template_and_missing_cells_are_null() {
        let mut r = report_2019();
        r.tables.t3.as_mut().unwrap().set("new", "tot", Some(343));
        let v = to_value(&[r]);
        let t3 = v["reports"][0]["tables"]["t3"].as_object().unwrap();
        let rows: Vec<&str> = t3.keys().map(String::as_str).collect();
        let expected: Vec<&str> = TemplateVersion::V2019
            .get()
            .rows(TableId::T3)
            .iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(rows, expected);
        let cols: Vec<&str> = t3["new"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(cols, ["np", "biz", "res", "ngo", "law", "oth", "tot"]);
        assert_eq!(t3["new"]["tot"], 343);
        assert_eq!(t3["new"]["np"], Value::Null);
        assert!(
            v["reports"][0]["tables"].get("t4").is_none(),
            "absent table is left out"
        );
    }

    #[test]
    fn amounts_keep_value_and_unit_and_deltas_are_signed() {
        let mut r = report_2019();
        let mut t2 = Table::blank(TemplateVersion::V2019, TableId::T2);
        t2.set("fees", "delta", Some(-27));
        t2.set("procurement", "items", Some(6447));
        set_raw(
            &mut t2,
            "procurement",
            "amount",
            "27.88",
            "27.88",
            Some("亿"),
        );
        r.tables.t2 = Some(t2);
        let mut t4 = Table::blank(TemplateVersion::V2019, TableId::T4);
        t4.set("rv", "tot", Some(68));
        r.tables.t4 = Some(t4);
        let v = to_value(&[r]);
        let tables = &v["reports"][0]["tables"];
        let order: Vec<&str> = tables
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(order, ["t3", "t4", "t2"]);
        assert_eq!(
            tables["t2"]["fees"],
            json!({"prev_items": null, "delta": -27})
        );
        assert_eq!(
            tables["t2"]["procurement"],
            json!({"items": 6447, "amount": {"value": 27.88, "unit": "亿"}})
        );
        assert_eq!(tables["t4"]["rv"]["tot"], 68);
    }

    #[test]
    fn decimals_are_written_as_exact_numbers() {
        let text = |v: &str| serde_json::to_string(&DecimalJson(v.parse().unwrap())).unwrap();
        assert_eq!(text("7.4890"), "7.489");
        assert_eq!(text("27.88"), "27.88");
        assert_eq!(text("4068.208"), "4068.208");
        assert_eq!(text("60721754"), "60721754");
        assert_eq!(text("15.00"), "15");
        assert_eq!(text("-27"), "-27");
        assert_eq!(text("0.092"), "0.092");
    }

    #[test]
    fn an_amount_without_unit_has_a_null_unit() {
        let mut r = report_2019();
        let mut t2 = Table::blank(TemplateVersion::V2021, TableId::T2);
        set_raw(&mut t2, "fees", "amount", "7.4890", "7.4890", None);
        r.tables.t2 = Some(t2);
        let v = to_value(&[r]);
        assert_eq!(
            v["reports"][0]["tables"]["t2"]["fees"]["amount"],
            json!({"value": 7.489, "unit": null})
        );
    }

    #[test]
    fn non_reports_are_flagged_and_unreadable_files_carry_their_error() {
        let readme = Report::empty(PathBuf::from("README.md"));
        let gone = Report::unreadable(PathBuf::from("gone.txt"), "No such file or directory");
        let v = to_value(&[readme, gone]);
        assert_eq!(v["reports"][0]["not_report"], true);
        assert_eq!(v["reports"][0]["error"], Value::Null);
        assert_eq!(v["reports"][0]["tables"], json!({}));
        assert!(v["reports"][1].get("not_report").is_none());
        assert_eq!(v["reports"][1]["error"], "No such file or directory");
        assert_eq!(v["summary"]["reports"], 0);
    }

    #[test]
    fn inferred_cells_are_listed_by_key_and_keep_their_numbers() {
        let mut r = report_2019();
        let t3 = r.tables.t3.as_mut().unwrap();
        t3.set("new", "tot", Some(3));
        t3.rows[0].cells[6].placed = crate::model::Placed::Inferred;
        let clean = report_2019();
        let v = to_value(&[r, clean]);
        assert_eq!(v["reports"][0]["inferred"], json!(["t3.new.tot"]));
        assert_eq!(v["reports"][0]["tables"]["t3"]["new"]["tot"], 3);
        // Between "tables" and "findings"; left out when no cell was inferred.
        let keys: Vec<&str> = v["reports"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let at = keys.iter().position(|k| *k == "inferred").unwrap();
        assert_eq!((keys[at - 1], keys[at + 1]), ("tables", "findings"));
        assert!(v["reports"][1].get("inferred").is_none());
    }

    /// The bytes serde_json writes for report `r` through the schema types, C1 escaped after.
    fn serde_bytes(r: &Report) -> Vec<u8> {
        let json = serde_json::to_vec(&ReportJson::new(r)).unwrap();
        crate::sanitize::escape_c1_in_json(json)
    }

    #[track_caller]
    fn same_as_serde(r: &Report) {
        let (ours, serde) = (report_bytes(r), serde_bytes(r));
        if ours != serde {
            let at = ours.iter().zip(&serde).take_while(|(a, b)| a == b).count();
            let from = at.saturating_sub(80);
            panic!(
                "{}: report_bytes differs from serde_json at byte {at}:\n  ours:  {}\n  serde: {}",
                r.path.display(),
                String::from_utf8_lossy(&ours[from..(at + 80).min(ours.len())]),
                String::from_utf8_lossy(&serde[from..(at + 80).min(serde.len())]),
            );
        }
    }

    #[test]
    fn every_report_of_the_seeds_reports_and_samples_is_written_as_serde_json_writes_it() {
        let dirs = ["../shared/seeds", "../shared/reports", "samples"].map(PathBuf::from);
        let found = crate::catalog::discover(&dirs);
        assert!(found.files.len() > 30, "{} files", found.files.len());
        let cfg = crate::audit::AuditConfig::default();
        let mut reports: Vec<Report> = found
            .files
            .iter()
            .map(|f| crate::catalog::load_file(f, &cfg))
            .collect();
        for r in &reports {
            same_as_serde(r);
        }
        // Linked across years: `previous` set and the X-* findings in.
        crate::audit::yoy::link(&mut reports);
        assert!(reports.iter().any(|r| r.previous.is_some()));
        for r in &reports {
            same_as_serde(r);
        }
    }

    #[test]
    fn awkward_strings_amounts_corrections_and_inferred_cells_are_written_as_serde_json_writes_them()
     {
        let mut r = report_2019();
        r.path = PathBuf::from("收件箱/\u{9b}31m\"报告\"\t.txt");
        r.body = Some("鄂城区\u{202e}人民政府\\".into());
        r.year = Some(-1);
        r.published = NaiveDate::from_ymd_opt(2021, 1, 27);
        r.previous = Some(PathBuf::from("2019/\u{85}.txt"));
        let mut t2 = Table::blank(TemplateVersion::V2019, TableId::T2);
        t2.set("fees", "delta", Some(-27));
        set_raw(
            &mut t2,
            "procurement",
            "amount",
            "27.880",
            "27.880",
            Some("亿\u{9f}"),
        );
        let big = "79228162514264337593543950335";
        set_raw(&mut t2, "fees", "prev_items", big, big, None);
        r.tables.t2 = Some(t2);
        let t3 = r.tables.t3.as_mut().unwrap();
        t3.set("new", "tot", Some(3));
        t3.rows[0].cells[6].placed = crate::model::Placed::Inferred;
        r.corrections.push(crate::model::Corrected {
            cell: crate::model::CellRef {
                table: TableId::T3,
                row: "new",
                column: "tot",
            },
            original: Cell::default(),
            dropped: Vec::new(),
        });
        r.findings.push(
            Finding::new(
                Rule::SSix,
                Severity::Warning,
                "「\u{1}\u{1f}\u{7f}\u{80}」 \"quoted\" 📄",
            )
            .at(TableId::T3, Some("r7"), None)
            .values(Some(i64::MIN), Some(i64::MAX))
            .line(Some(u32::MAX)),
        );
        same_as_serde(&r);
        let v: Value = serde_json::from_slice(&report_bytes(&r)).unwrap();
        assert_eq!(v["corrected"]["t3.new.tot"], json!({"from": null, "to": 3}));
        assert_eq!(v["inferred"], json!(["t3.new.tot"]));
        for unreadable in [
            Report::empty(PathBuf::from("README.md")),
            Report::unreadable(PathBuf::from("gone\u{9b}.txt"), "No such \u{1b}file"),
        ] {
            same_as_serde(&unreadable);
        }
    }
}
