//! What a finding says, kept as the little that varies and rendered into words when printed.
//!
//! A sparse real report has ~150 blank cells and dozens of sums that cannot be verified: built
//! eagerly, each of those findings owned a bilingual sentence naming its cell by the template's
//! labels, and `check` spent more time formatting and copying those strings than reading the
//! report. The labels follow from the finding's own rule, cell and values, so the frequent rules
//! store only the rest (a template version, a count, the raw text of a cell) and the words are
//! written when a printer asks, straight into its buffer. Any other finding keeps its words as
//! [`Message::Text`]; both read the same through [`super::Finding::message`].

use std::borrow::Cow;
use std::fmt::{self, Write};

use super::{CellRef, Finding, TableId, TemplateVersion};
use crate::audit::names;
use crate::rules::Rule;

/// A finding's message: its words, or what they are made from (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The words, written when the finding was made.
    Text(String),
    /// C-BLANK: the finding's cell holds no number.
    Blank {
        version: TemplateVersion,
        blank: Blank,
    },
    /// A sum (T3-SUM7, T3-ID, T3-ROW, T4-SUM) at the finding's cell that failed or could not
    /// be verified; the two sides are the finding's `expected` and `actual`.
    Sum {
        version: TemplateVersion,
        /// A value in the sum was placed by inference: the failure may be the placement's.
        inferred: bool,
        how: SumFailure,
    },
}

/// How a cell is blank, as C-BLANK words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blank {
    /// Nothing written.
    Empty,
    /// Something other than a number written, such as `/` or `无` (trimmed).
    Written(Box<str>),
    /// Text that cannot be read as a number (表二 only; 表三/表四 leave it to *-NONNEG).
    Unreadable(Box<str>),
}

/// How a sum went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumFailure {
    /// Both sides known and different.
    Unequal,
    /// The filled cells of the expected side already exceed the actual side; `blank` cells of
    /// the expected side are unknown.
    ExpectedOver { blank: u32 },
    /// The filled cells of the actual side already exceed the expected side.
    ActualOver { blank: u32 },
    /// Cells are missing or unreadable: the first few of them (in equation order), and how
    /// many there are in all.
    Unverified { first: Box<[CellRef]>, count: u32 },
}

impl SumFailure {
    /// How many unknown cells an unverified sum names before `等 N 格`.
    pub const NAMED: usize = 4;
}

impl From<String> for Message {
    fn from(s: String) -> Message {
        Message::Text(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Message {
        Message::Text(s.to_string())
    }
}

impl Message {
    /// The words, as text: borrowed when they were written up front.
    pub(crate) fn text<'f>(&'f self, f: &Finding) -> Cow<'f, str> {
        match self {
            Message::Text(s) => Cow::Borrowed(s),
            _ => {
                let mut s = String::new();
                self.write(f, &mut s).expect("writing to a String");
                Cow::Owned(s)
            }
        }
    }

    /// Writes the words of finding `f` (whose message this is) to `out`.
    pub(crate) fn write(&self, f: &Finding, out: &mut dyn Write) -> fmt::Result {
        match self {
            Message::Text(s) => out.write_str(s),
            Message::Blank { version, blank } => {
                write_cell(out, *version, f)?;
                out.write_str(": ")?;
                match blank {
                    Blank::Empty => {
                        out.write_str("空白（无数据应填 0） / blank (a true zero is written 0)")
                    }
                    Blank::Written(raw) => write!(
                        out,
                        "填写为「{raw}」而非数字（无数据应填 0） / written {raw:?}, not a number"
                    ),
                    Blank::Unreadable(raw) => {
                        write!(out, "「{raw}」无法识别为数字 / cannot be read as a number")
                    }
                }
            }
            Message::Sum {
                version,
                inferred,
                how,
            } => write_sum(out, *version, *inferred, how, f),
        }
    }
}

/// `表三 （一）予以公开 · 自然人` for the finding's cell (its keys when it names none).
fn write_cell(out: &mut dyn Write, version: TemplateVersion, f: &Finding) -> fmt::Result {
    match f.cell() {
        Some(r) => names::write_cell_name(out, version, r),
        None => out.write_str("?"),
    }
}

/// The words of a sum: what is checked and what its expected side is, in Chinese and English.
fn write_sum(
    out: &mut dyn Write,
    version: TemplateVersion,
    inferred: bool,
    how: &SumFailure,
    f: &Finding,
) -> fmt::Result {
    let (table, row, col) = (
        f.table.unwrap_or(TableId::T3),
        f.row.unwrap_or(""),
        f.column.unwrap_or(""),
    );
    // The checked thing, by rule and place; the words of each side are fixed per rule.
    let what = |out: &mut dyn Write, en: bool| -> fmt::Result {
        match f.rule {
            Rule::T3Sum7 => {
                out.write_str(if en {
                    "(七) total, column "
                } else {
                    "（七）总计 · "
                })?;
                names::write_col_name(out, TableId::T3, version, "r7", col)
            }
            Rule::T3Id => {
                if en {
                    out.write_str("column ")?;
                    names::write_col_name(out, TableId::T3, version, "r7", col)?;
                    out.write_str(": handled (七) + carried over")
                } else {
                    names::write_col_name(out, TableId::T3, version, "r7", col)?;
                    out.write_str(" · 第三项（七）总计+第四项结转下年度")
                }
            }
            Rule::T3Row => {
                if en {
                    out.write_str("row ")?;
                    names::write_row_name(out, TableId::T3, version, row)?;
                    out.write_str(", 总计")
                } else {
                    names::write_row_name(out, TableId::T3, version, row)?;
                    out.write_str(" · 总计")
                }
            }
            _ => {
                names::write_row_name(out, table, version, row)?;
                out.write_str(if en { ", total" } else { " · 总计" })
            }
        }
    };
    let (sum, sum_en) = match f.rule {
        Rule::T3Sum7 => ("（一）至（六）各项之和", "sum of (一)–(六)"),
        Rule::T3Id => ("第一项本年新收+第二项上年结转", "new + carried in"),
        Rule::T3Row => (
            "自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他",
            "sum of the six applicant columns",
        ),
        _ => (
            "结果维持+结果纠正+其他结果+尚未审结",
            "upheld + corrected + other + pending",
        ),
    };
    let (e, a) = (f.expected.unwrap_or(0), f.actual.unwrap_or(0));
    use Piece::{N, S};
    if inferred && !matches!(how, SumFailure::Unverified { .. }) {
        out.write_str("placement inferred, could not verify (位置系推断，无法核实): ")?;
    }
    match how {
        SumFailure::Unequal => {
            what(out, false)?;
            put(
                out,
                &[
                    S(": 应为 "),
                    N(e),
                    S("（= "),
                    S(sum),
                    S("），实为 "),
                    N(a),
                    S(" / "),
                ],
            )?;
            what(out, true)?;
            put(
                out,
                &[
                    S(": should be "),
                    N(e),
                    S(" (= "),
                    S(sum_en),
                    S("), is "),
                    N(a),
                ],
            )
        }
        SumFailure::ExpectedOver { blank: n } => {
            what(out, false)?;
            let n = i64::from(*n);
            put(
                out,
                &[
                    S(": 实为 "),
                    N(a),
                    S("，但 "),
                    S(sum),
                    S(" 已填各项之和已达 "),
                    N(e),
                    S("（另有 "),
                    N(n),
                    S(" 格空白），无论空白填什么都不相符 / "),
                ],
            )?;
            what(out, true)?;
            put(
                out,
                &[
                    S(": is "),
                    N(a),
                    S(", but the filled cells of "),
                    S(sum_en),
                    S(" already add up to "),
                    N(e),
                    S(" ("),
                    N(n),
                    S(" blank), so it cannot hold"),
                ],
            )
        }
        SumFailure::ActualOver { blank: n } => {
            what(out, false)?;
            let n = i64::from(*n);
            put(
                out,
                &[
                    S(": 应为 "),
                    N(e),
                    S("（= "),
                    S(sum),
                    S("），但已填各项之和已达 "),
                    N(a),
                    S("（另有 "),
                    N(n),
                    S(" 格空白），无论空白填什么都不相符 / "),
                ],
            )?;
            what(out, true)?;
            put(
                out,
                &[
                    S(": should be "),
                    N(e),
                    S(" (= "),
                    S(sum_en),
                    S("), but the filled cells already add up to "),
                    N(a),
                    S(" ("),
                    N(n),
                    S(" blank), so it cannot hold"),
                ],
            )
        }
        SumFailure::Unverified { first, count } => {
            out.write_str("无法核验 ")?;
            what(out, false)?;
            put(out, &[S(" = "), S(sum), S("：缺少或无法识别 ")])?;
            for (i, r) in first.iter().enumerate() {
                if i > 0 {
                    out.write_str("、")?;
                }
                names::write_cell_name(out, version, *r)?;
            }
            if *count as usize > first.len() {
                put(out, &[S(" 等 "), N(i64::from(*count)), S(" 格")])?;
            }
            out.write_str(" / could not verify ")?;
            what(out, true)?;
            let count = i64::from(*count);
            put(
                out,
                &[
                    S(" = "),
                    S(sum_en),
                    S(": "),
                    N(count),
                    S(" cell(s) missing or unreadable"),
                ],
            )
        }
    }
}

/// A piece of a message: words, or a number written in decimal.
enum Piece<'a> {
    S(&'a str),
    N(i64),
}

/// Writes `pieces` in order. A sum's message has up to ten; `write!` with its formatting
/// machinery cost some four hundred instructions a call, and a real-shaped report has ~20 sums
/// that cannot be verified.
fn put(out: &mut dyn Write, pieces: &[Piece<'_>]) -> fmt::Result {
    for p in pieces {
        match p {
            Piece::S(s) => out.write_str(s)?,
            Piece::N(n) => out.write_str(itoa::Buffer::new().format(*n))?,
        }
    }
    Ok(())
}

/// A sum finding of any rule, failure and value, at a random cell of either template (now and
/// then one whose row or column key the template does not have, or none at all).
#[cfg(test)]
pub(crate) fn random_sum(rng: &mut rand_chacha::ChaCha8Rng) -> Finding {
    use rand::Rng;

    use super::Severity;

    let versions = [TemplateVersion::V2019, TemplateVersion::V2021];
    let tables = [TableId::T2, TableId::T3, TableId::T4];
    let rules = [Rule::T3Sum7, Rule::T3Id, Rule::T3Row, Rule::T4Sum];
    let value = |rng: &mut rand_chacha::ChaCha8Rng| match rng.random_range(0..6) {
        0 => None,
        1 => Some(i64::MIN),
        2 => Some(i64::MAX),
        3 => Some(rng.random_range(-1000..0)),
        _ => Some(rng.random_range(0..100_000)),
    };
    let version = versions[rng.random_range(0..2)];
    let cell = |rng: &mut rand_chacha::ChaCha8Rng| {
        let table = tables[rng.random_range(0..3)];
        let rows = version.get().rows(table);
        let row = &rows[rng.random_range(0..rows.len())];
        let column = match rng.random_range(0..8) {
            0 => "zz",
            _ => row.cols[rng.random_range(0..row.cols.len())].key,
        };
        let row = if rng.random_bool(0.1) { "zz" } else { row.key };
        CellRef { table, row, column }
    };
    let blank = rng.random_range(0..=u32::MAX);
    let how = match rng.random_range(0..4) {
        0 => SumFailure::Unequal,
        1 => SumFailure::ExpectedOver { blank },
        2 => SumFailure::ActualOver { blank },
        _ => {
            let named = rng.random_range(0..=SumFailure::NAMED);
            SumFailure::Unverified {
                first: (0..named).map(|_| cell(rng)).collect(),
                count: if rng.random_bool(0.1) {
                    u32::MAX
                } else {
                    rng.random_range(0..30)
                },
            }
        }
    };
    let inferred = rng.random_bool(0.3);
    let at = cell(rng);
    let mut f = Finding::new(
        rules[rng.random_range(0..4)],
        Severity::Info,
        Message::Sum {
            version,
            inferred,
            how,
        },
    )
    .at(at.table, Some(at.row), Some(at.column))
    .values(value(rng), value(rng));
    if rng.random_bool(0.05) {
        f.row = None;
        f.column = None;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn blank(blank: Blank) -> Finding {
        Finding::new(
            Rule::CBlank,
            Severity::Error,
            Message::Blank {
                version: TemplateVersion::V2019,
                blank,
            },
        )
        .at(TableId::T3, Some("r3_1"), Some("res"))
    }

    #[test]
    fn words_given_up_front_are_read_back_as_they_are() {
        let f = Finding::new(Rule::SSix, Severity::Warning, "第五部分缺失");
        assert!(matches!(f.message(), Cow::Borrowed("第五部分缺失")));
    }

    #[test]
    fn a_blank_cell_is_named_by_its_labels_when_read() {
        assert_eq!(
            blank(Blank::Empty).message(),
            "表三 （三）不予公开·1.属于国家秘密 · 科研机构: 空白（无数据应填 0） / blank (a true zero is written 0)"
        );
        assert_eq!(
            blank(Blank::Written("/".into())).message(),
            "表三 （三）不予公开·1.属于国家秘密 · 科研机构: 填写为「/」而非数字（无数据应填 0） / written \"/\", not a number"
        );
    }

    #[test]
    fn writing_a_message_gives_the_same_words_as_reading_it() {
        let mut out = String::from("> ");
        let f = blank(Blank::Unreadable("若干".into()));
        f.write_message(&mut out).unwrap();
        assert_eq!(out, format!("> {}", f.message()));
    }

    #[test]
    fn an_unverified_sum_names_four_cells_and_counts_the_rest() {
        let cell = |column| CellRef {
            table: TableId::T3,
            row: "r1",
            column,
        };
        let f = Finding::new(
            Rule::T3Row,
            Severity::Info,
            Message::Sum {
                version: TemplateVersion::V2019,
                inferred: false,
                how: SumFailure::Unverified {
                    first: ["np", "biz", "res", "ngo"].map(cell).into(),
                    count: 6,
                },
            },
        )
        .at(TableId::T3, Some("r1"), Some("tot"));
        assert_eq!(
            f.message(),
            "无法核验 （一）予以公开 · 总计 = 自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他：\
             缺少或无法识别 表三 （一）予以公开 · 自然人、表三 （一）予以公开 · 商业企业、\
             表三 （一）予以公开 · 科研机构、表三 （一）予以公开 · 社会公益组织 等 6 格 / \
             could not verify row （一）予以公开, 总计 = sum of the six applicant columns: \
             6 cell(s) missing or unreadable"
        );
    }

    #[test]
    fn a_failed_sum_on_an_inferred_placement_says_so_first() {
        let f = Finding::new(
            Rule::T4Sum,
            Severity::Warning,
            Message::Sum {
                version: TemplateVersion::V2019,
                inferred: true,
                how: SumFailure::Unequal,
            },
        )
        .at(TableId::T4, Some("rv"), Some("tot"))
        .values(Some(5), Some(4));
        assert_eq!(
            f.message(),
            "placement inferred, could not verify (位置系推断，无法核实): 行政复议 · 总计: 应为 5（= 结果维持+结果纠正+其他结果+尚未审结），实为 4 / \
             行政复议, total: should be 5 (= upheld + corrected + other + pending), is 4"
        );
    }

    /// [`write_sum`] as it was written with `write!`: the plain version its pieces are held to.
    fn write_sum_by_format(
        out: &mut dyn Write,
        version: TemplateVersion,
        inferred: bool,
        how: &SumFailure,
        f: &Finding,
    ) -> fmt::Result {
        let (table, row, col) = (
            f.table.unwrap_or(TableId::T3),
            f.row.unwrap_or(""),
            f.column.unwrap_or(""),
        );
        // The checked thing, by rule and place; the words of each side are fixed per rule.
        let what = |out: &mut dyn Write, en: bool| -> fmt::Result {
            match f.rule {
                Rule::T3Sum7 => {
                    out.write_str(if en {
                        "(七) total, column "
                    } else {
                        "（七）总计 · "
                    })?;
                    names::write_col_name(out, TableId::T3, version, "r7", col)
                }
                Rule::T3Id => {
                    if en {
                        out.write_str("column ")?;
                        names::write_col_name(out, TableId::T3, version, "r7", col)?;
                        out.write_str(": handled (七) + carried over")
                    } else {
                        names::write_col_name(out, TableId::T3, version, "r7", col)?;
                        out.write_str(" · 第三项（七）总计+第四项结转下年度")
                    }
                }
                Rule::T3Row => {
                    if en {
                        out.write_str("row ")?;
                        names::write_row_name(out, TableId::T3, version, row)?;
                        out.write_str(", 总计")
                    } else {
                        names::write_row_name(out, TableId::T3, version, row)?;
                        out.write_str(" · 总计")
                    }
                }
                _ => {
                    names::write_row_name(out, table, version, row)?;
                    out.write_str(if en { ", total" } else { " · 总计" })
                }
            }
        };
        let (sum, sum_en) = match f.rule {
            Rule::T3Sum7 => ("（一）至（六）各项之和", "sum of (一)–(六)"),
            Rule::T3Id => ("第一项本年新收+第二项上年结转", "new + carried in"),
            Rule::T3Row => (
                "自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他",
                "sum of the six applicant columns",
            ),
            _ => (
                "结果维持+结果纠正+其他结果+尚未审结",
                "upheld + corrected + other + pending",
            ),
        };
        let (e, a) = (f.expected.unwrap_or(0), f.actual.unwrap_or(0));
        if inferred && !matches!(how, SumFailure::Unverified { .. }) {
            out.write_str("placement inferred, could not verify (位置系推断，无法核实): ")?;
        }
        match how {
            SumFailure::Unequal => {
                what(out, false)?;
                write!(out, ": 应为 {e}（= {sum}），实为 {a} / ")?;
                what(out, true)?;
                write!(out, ": should be {e} (= {sum_en}), is {a}")
            }
            SumFailure::ExpectedOver { blank: n } => {
                what(out, false)?;
                write!(
                    out,
                    ": 实为 {a}，但 {sum} 已填各项之和已达 {e}（另有 {n} 格空白），无论空白填什么都不相符 / "
                )?;
                what(out, true)?;
                write!(
                    out,
                    ": is {a}, but the filled cells of {sum_en} already add up to {e} ({n} blank), so it cannot hold"
                )
            }
            SumFailure::ActualOver { blank: n } => {
                what(out, false)?;
                write!(
                    out,
                    ": 应为 {e}（= {sum}），但已填各项之和已达 {a}（另有 {n} 格空白），无论空白填什么都不相符 / "
                )?;
                what(out, true)?;
                write!(
                    out,
                    ": should be {e} (= {sum_en}), but the filled cells already add up to {a} ({n} blank), so it cannot hold"
                )
            }
            SumFailure::Unverified { first, count } => {
                out.write_str("无法核验 ")?;
                what(out, false)?;
                write!(out, " = {sum}：缺少或无法识别 ")?;
                for (i, r) in first.iter().enumerate() {
                    if i > 0 {
                        out.write_str("、")?;
                    }
                    names::write_cell_name(out, version, *r)?;
                }
                if *count as usize > first.len() {
                    write!(out, " 等 {count} 格")?;
                }
                out.write_str(" / could not verify ")?;
                what(out, true)?;
                write!(out, " = {sum_en}: {count} cell(s) missing or unreadable")
            }
        }
    }

    /// Random sums of every rule, failure, place and value (unknown rows and columns, none,
    /// extreme numbers): their pieces read as the `write!` version's words.
    #[test]
    fn sums_written_in_pieces_read_as_written_with_write() {
        use rand::SeedableRng;
        use rand_chacha::ChaCha8Rng;

        let mut rng = ChaCha8Rng::seed_from_u64(15);
        for _ in 0..20_000 {
            let f = random_sum(&mut rng);
            let Message::Sum {
                version,
                inferred,
                how,
            } = &f.message
            else {
                unreachable!("random_sum makes sums")
            };
            let (version, inferred) = (*version, *inferred);
            let mut want = String::new();
            write_sum_by_format(&mut want, version, inferred, how, &f).unwrap();
            assert_eq!(f.message(), want);
        }
    }
}
