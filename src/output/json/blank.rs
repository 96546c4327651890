//! The JSON objects of plain C-BLANK findings, made once per template cell.
//!
//! A sparse real-shaped report has ~150 blank cells, each a C-BLANK finding whose object is
//! fixed by its template version and cell but for its line number:
//! `{"rule":"C-BLANK",…,"line":98,"message":"表三 … · 科研机构: 空白（无数据应填 0） / …"}`.
//! Writing each one key by key, rendering the cell's name and escaping the ~130 bytes of its
//! message was most of the cost of writing a report's findings. Here the bytes before and after
//! the line number are written once per cell by [`super::object::push_finding_parts`] itself
//! (so they are its bytes by construction) and copied. Anything else about a finding (another
//! severity, values, something written in the cell, a row or column its template does not
//! have) goes the general way.

use crate::model::{Blank, Finding, Message, Severity, TableId, TemplateVersion};
use crate::rules::Rule;
use crate::template::PerRow;

/// A plain C-BLANK finding's object, split where its line number goes.
pub(super) struct Fixed {
    /// Up to and including `"line":`.
    pub head: Box<[u8]>,
    /// From `,"message":` to the closing brace.
    pub tail: Box<[u8]>,
}

/// The objects of each template row's cells, in column order.
static CELLS: PerRow<Vec<Fixed>> = PerRow::new(|version, table, _, row| {
    (row.cols.iter())
        .map(|col| fixed(plain(version, table, row.key, col.key)))
        .collect()
});

/// The plain C-BLANK finding of a cell, as the completeness check makes it, without a line.
fn plain(
    version: TemplateVersion,
    table: TableId,
    row: &'static str,
    col: &'static str,
) -> Finding {
    let blank = Blank::Empty;
    Finding::new(
        Rule::CBlank,
        Severity::Error,
        Message::Blank { version, blank },
    )
    .at(table, Some(row), Some(col))
}

/// Finding `f`'s object (without a line) as the general writer writes it, split at the line.
fn fixed(f: Finding) -> Fixed {
    let mut bytes = Vec::new();
    super::object::push_finding_parts(&mut bytes, &f);
    // Keys and values before the line are escaped, so their quotes are never bare: the first
    // bare `,"line":` is the key's own.
    const LINE: &[u8] = b",\"line\":null";
    let at = (bytes.windows(LINE.len()))
        .position(|w| w == LINE)
        .expect("a finding's object has a line");
    let head_end = at + LINE.len() - b"null".len();
    Fixed {
        head: bytes[..head_end].into(),
        tail: bytes[at + LINE.len()..].into(),
    }
}

/// The made-once object of finding `f`, when it is a plain C-BLANK finding of a template cell:
/// an error with no values, nothing written in the cell, and a row and column of its version's
/// template (an extra row, such as 表二's `other_docs`, is named another way).
#[inline]
pub(super) fn fixed_of(f: &Finding) -> Option<&'static Fixed> {
    let Message::Blank {
        version,
        blank: Blank::Empty,
    } = &f.message
    else {
        return None;
    };
    if f.rule != Rule::CBlank
        || f.severity != Severity::Error
        || f.expected.is_some()
        || f.actual.is_some()
    {
        return None;
    }
    let (table, row, col) = (f.table?, f.row?, f.column?);
    let (i, def) = version.get().row(table, row)?;
    let (j, _) = def.col(col)?;
    Some(&CELLS.rows(*version, table)[i][j])
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::super::object::{push_finding, push_finding_parts};
    use super::*;

    const VERSIONS: [TemplateVersion; 2] = [TemplateVersion::V2019, TemplateVersion::V2021];
    const TABLES: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];

    fn general(f: &Finding) -> String {
        let mut out = Vec::new();
        push_finding_parts(&mut out, f);
        String::from_utf8(out).unwrap()
    }

    fn written(f: &Finding) -> String {
        let mut out = Vec::new();
        push_finding(&mut out, f);
        String::from_utf8(out).unwrap()
    }

    #[track_caller]
    fn same(f: &Finding) {
        assert_eq!(written(f), general(f), "for {f:?}");
    }

    #[test]
    fn every_blank_cell_of_both_templates_is_written_made_once_as_the_general_writer_writes_it() {
        let mut cells = 0;
        for version in VERSIONS {
            for table in TABLES {
                for row in version.get().rows(table) {
                    for col in row.cols {
                        for line in [None, Some(0), Some(7), Some(98), Some(u32::MAX)] {
                            let f = plain(version, table, row.key, col.key).line(line);
                            assert!(fixed_of(&f).is_some(), "{f:?} is not made once");
                            same(&f);
                        }
                        cells += 1;
                    }
                }
            }
        }
        assert!(cells > 300, "{cells} cells");
        // The example in the brief, whole.
        let f = plain(TemplateVersion::V2019, TableId::T3, "new", "res").line(Some(98));
        assert_eq!(
            written(&f),
            r#"{"rule":"C-BLANK","severity":"error","table":"t3","row":"new","column":"res","expected":null,"actual":null,"line":98,"message":"表三 一、本年新收政府信息公开申请数量 · 科研机构: 空白（无数据应填 0） / blank (a true zero is written 0)"}"#
        );
    }

    #[test]
    fn a_blank_that_is_not_plain_goes_the_general_way_and_reads_the_same() {
        let v = TemplateVersion::V2019;
        let base = || plain(v, TableId::T3, "new", "res").line(Some(98));
        let not_plain = [
            {
                let mut f = base();
                f.severity = Severity::Warning;
                f
            },
            base().values(Some(0), None),
            base().values(None, Some(3)),
            {
                let mut f = base();
                f.message = Message::Blank {
                    version: v,
                    blank: Blank::Written("/\"\u{9b}".into()),
                };
                f
            },
            {
                let mut f = base();
                f.message = Message::Blank {
                    version: v,
                    blank: Blank::Unreadable("若干".into()),
                };
                f
            },
            {
                let mut f = base();
                f.rule = Rule::CInferred;
                f
            },
            base().at(TableId::T3, Some("zz"), Some("res")),
            base().at(TableId::T3, Some("new"), Some("zz")),
            base().at(TableId::T3, None, Some("res")),
            base().at(TableId::T3, Some("new"), None),
            base().at(TableId::T2, Some("other_docs"), Some("made")),
            {
                let mut f = base();
                f.table = None;
                f
            },
            {
                let mut f = base();
                f.message = Message::Text("表三 空白".into());
                f
            },
        ];
        for f in &not_plain {
            assert!(fixed_of(f).is_none(), "{f:?} is made once");
            same(f);
        }
        // A row or column key that is not the template's own string is the same cell.
        let row: &'static str = String::from("new").leak();
        let col: &'static str = String::from("res").leak();
        let f = base().at(TableId::T3, Some(row), Some(col));
        assert!(fixed_of(&f).is_some());
        same(&f);
        // A 2021 finding on a 2019 key both templates have is named by the 2021 template.
        for row in TemplateVersion::V2019.get().rows(TableId::T3) {
            let f = plain(
                TemplateVersion::V2021,
                TableId::T3,
                row.key,
                row.cols[0].key,
            );
            same(&f);
        }
    }

    /// Random findings, plain C-BLANK ones among them, each written as the general writer
    /// writes it.
    #[test]
    fn random_findings_are_written_as_the_general_writer_writes_them() {
        let mut rng = ChaCha8Rng::seed_from_u64(15);
        let keys: Vec<&'static str> = VERSIONS
            .iter()
            .flat_map(|v| TABLES.iter().flat_map(|t| v.get().rows(*t)))
            .flat_map(|r| std::iter::once(r.key).chain(r.cols.iter().map(|c| c.key)))
            .chain(["zz", "other_docs", "\"", ""])
            .collect();
        let pick = |rng: &mut ChaCha8Rng| keys[rng.random_range(0..keys.len())];
        let (mut fast, mut all) = (0, 0);
        for _ in 0..20_000 {
            let version = VERSIONS[rng.random_range(0..2)];
            let table = TABLES[rng.random_range(0..3)];
            // Mostly a cell of the template, so the plain case comes up often.
            let rows = version.get().rows(table);
            let def = &rows[rng.random_range(0..rows.len())];
            let (row, col) = match rng.random_range(0..4) {
                0 => (pick(&mut rng), pick(&mut rng)),
                1 => (def.key, pick(&mut rng)),
                _ => (def.key, def.cols[rng.random_range(0..def.cols.len())].key),
            };
            let blank = match rng.random_range(0..6) {
                0 => Blank::Written("无".into()),
                1 => Blank::Unreadable("\u{85}".into()),
                _ => Blank::Empty,
            };
            let rule =
                [Rule::CBlank, Rule::CBlank, Rule::CBlank, Rule::T3Row][rng.random_range(0..4)];
            let severity = [
                Severity::Error,
                Severity::Error,
                Severity::Warning,
                Severity::Info,
            ][rng.random_range(0..4)];
            let value = |rng: &mut ChaCha8Rng| rng.random_bool(0.1).then(|| rng.random::<i64>());
            let mut f = Finding::new(rule, severity, Message::Blank { version, blank })
                .at(table, Some(row), Some(col))
                .values(value(&mut rng), value(&mut rng))
                .line(rng.random_bool(0.9).then(|| rng.random_range(0..2000)));
            if rng.random_bool(0.05) {
                f.row = None;
            }
            fast += usize::from(fixed_of(&f).is_some());
            all += 1;
            same(&f);
        }
        assert!(fast > all / 10, "{fast} of {all} made once");
    }
}
