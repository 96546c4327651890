//! What a synthetic report says: issuing body, dates, every table value and the presentation
//! choices (headings, header cells, blank style) that defects switch on.
//!
//! [`ReportSpec::consistent`] draws a report whose figures satisfy every arithmetic identity and
//! plausibility rule of domain.md §6 from a seed, so a renderer's output should audit clean and a
//! planted defect is the only thing an auditor can find.

use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use crate::model::{BodyKind, Cell, Number, Table};
use crate::template::{TableId, TemplateVersion, t3_groups};

/// An issuing body the generator can write for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub name: &'static str,
    pub kind: BodyKind,
    /// Only provincial governments and those of 设区的市 may make 规章 (立法法); every other
    /// body must report 0 in the 规章 row.
    pub rule_making: bool,
    /// Rough number of requests a year from natural persons; drives every other magnitude.
    pub scale: u32,
    /// How the body calls itself in prose (我市, 我局…).
    pub we: &'static str,
    /// Short English tag used in file names (`city-gov`, `bureau`…).
    pub tag: &'static str,
}

const fn body(
    name: &'static str,
    kind: BodyKind,
    rule_making: bool,
    scale: u32,
    we: &'static str,
    tag: &'static str,
) -> Body {
    Body {
        name,
        kind,
        rule_making,
        scale,
        we,
        tag,
    }
}

/// Fictional bodies covering every deadline class of domain.md §6.8.
pub static BODIES: &[Body] = &[
    body(
        "青岚市人民政府",
        BodyKind::Government,
        true,
        260,
        "我市",
        "city-gov",
    ),
    body(
        "澄川市人民政府",
        BodyKind::Government,
        true,
        180,
        "我市",
        "city-gov",
    ),
    body(
        "石澜县人民政府",
        BodyKind::Government,
        false,
        40,
        "我县",
        "county-gov",
    ),
    body(
        "望湖区人民政府",
        BodyKind::Government,
        false,
        55,
        "我区",
        "district-gov",
    ),
    body(
        "石澜县人民政府办公室",
        BodyKind::Department,
        false,
        12,
        "我办",
        "county-office",
    ),
    body(
        "青岚市自然资源和规划局",
        BodyKind::Department,
        false,
        45,
        "我局",
        "bureau",
    ),
    body(
        "澄川市人力资源和社会保障局",
        BodyKind::Department,
        false,
        30,
        "我局",
        "bureau",
    ),
    body(
        "望湖区住房和城乡建设局",
        BodyKind::Department,
        false,
        18,
        "我局",
        "bureau",
    ),
    body(
        "栖云县教育体育局",
        BodyKind::Department,
        false,
        6,
        "我局",
        "bureau",
    ),
    body(
        "芦汀镇人民政府",
        BodyKind::Township,
        false,
        3,
        "我镇",
        "town",
    ),
    body(
        "禾丰乡人民政府",
        BodyKind::Township,
        false,
        2,
        "我乡",
        "town",
    ),
    body(
        "枫林街道办事处",
        BodyKind::Township,
        false,
        4,
        "我街道",
        "street",
    ),
];

impl Body {
    /// The first body of the pool with this file-name tag.
    pub fn by_tag(tag: &str) -> &'static Body {
        BODIES
            .iter()
            .find(|b| b.tag == tag)
            .unwrap_or_else(|| panic!("no body tagged {tag}"))
    }
}

/// How a blank (missing) cell is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlankStyle {
    /// Nothing at all (an empty cell, an empty line, a lone `|`).
    Empty,
    Slash,
    Dash,
}

/// How the 2019 采购总金额 is written (domain.md §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountStyle {
    /// `60721754元`: an integer number of 元 with the unit after it.
    Yuan,
    /// `7.4890` under a header `采购总金额（单位：万元）`.
    WanHeader,
    /// `27.88亿`.
    Yi,
    /// A number with no unit anywhere (P-UNIT).
    Bare,
}

/// One of the six section headings as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    /// 1..=6: which canonical section this is, whatever its printed text.
    pub number: u8,
    /// The heading text; `None` prints no heading (the section is missing).
    pub heading: Option<String>,
    /// Whether the section's content (prose or table) is printed.
    pub content: bool,
}

/// The canonical headings of domain.md §2.
pub use crate::template::SECTION_HEADINGS as CANONICAL_HEADINGS;

/// Everything a renderer needs to write one report.
#[derive(Debug, Clone)]
pub struct ReportSpec {
    /// Seeds the prose and padding choices of the renderers (figures are already drawn).
    pub seed: u64,
    pub body: String,
    pub body_kind: BodyKind,
    /// What the body calls itself in prose.
    pub we: String,
    /// Whether the body may make 规章 (see [`Body::rule_making`]).
    pub rule_making: bool,
    /// The body's size class (see [`Body::scale`]).
    pub scale: u32,
    pub year: i32,
    /// The template the tables are printed in.
    pub version: TemplateVersion,
    /// Signature date at the end (and the 发布日期 line when `show_published`).
    pub published: NaiveDate,
    pub show_published: bool,
    /// The statistics period the text states.
    pub period: (NaiveDate, NaiveDate),
    /// Print the period sentence in section 六 (seed 003) instead of the introduction.
    pub period_in_section6: bool,
    pub t2: Table,
    pub t3: Table,
    pub t4: Table,
    pub amount_style: AmountStyle,
    /// 2021 (八) 行政事业性收费 written as `…元` instead of a 万元 figure (P-FEE-UNIT).
    pub fee_in_yuan: bool,
    /// An extra 表二 row `其他主动公开文件` after 规范性文件, with these three values.
    pub extra_row: Option<[i64; 3]>,
    /// 表二 (一) headers cut short (`本年新` instead of `本年新制作数量`).
    pub truncated_headers: bool,
    /// 表三 header lacks `法律服务机构`, `其他` and `总计` (seed 002).
    pub missing_header_cells: bool,
    /// A 2021 report labelling its row `规范性文件` instead of `行政规范性文件` (V-LABEL).
    pub old_labels: bool,
    /// A 2021 report whose 表三 keeps the 2019 single row （六）其他处理 (issue 12, family 7):
    /// `t3` is then on the 2019 grid, its `r6` the sum of the three 2021 sub-rows.
    pub merged_six: bool,
    /// Counts and amounts as written by hand or by a converter (issue 12, family 6): thousands
    /// separators, 本年增/减 as `增3`/`+3`/`减4`, 万元 amounts with three decimals. Set by
    /// [`super::Layout::MarkdownPasted`]; the values are the same.
    pub as_written: bool,
    /// Tables replaced by a sentence (published as images).
    pub omit_tables: Vec<TableId>,
    /// Sections in printed order.
    pub sections: Vec<SectionSpec>,
    pub blank_style: BlankStyle,
    /// ASCII brackets and colons in table labels (`(一)`), as many web pages print them.
    pub halfwidth: bool,
    /// Write the long prose paragraphs (8–20 KB reports); off gives compact test texts.
    pub prose: bool,
    /// State the tables' figures in the narrative in varied numeral forms (see
    /// [`super::stated`]); `None` keeps the plain Arabic request sentence of the samples.
    pub stated: Option<super::stated::Stated>,
}

impl ReportSpec {
    /// A fully consistent report for a body drawn from [`BODIES`] by `seed`.
    pub fn consistent(seed: u64, version: TemplateVersion, year: i32) -> ReportSpec {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let body = &BODIES[rng.random_range(0..BODIES.len() as u32) as usize];
        ReportSpec::consistent_for(seed, version, year, body)
    }

    /// A fully consistent report for `body`: 表三 per-row sums, (七)总计 per column, the
    /// printed identity per column, 表四 totals, and a plausible 表二 (domain.md §6.3–§6.4).
    pub fn consistent_for(
        seed: u64,
        version: TemplateVersion,
        year: i32,
        body: &Body,
    ) -> ReportSpec {
        // Mixing the version in keeps the two template versions of one seed from sharing figures.
        let mut rng = ChaCha8Rng::seed_from_u64(
            seed ^ 0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(version as u64 + 1),
        );
        let t3 = gen_t3(&mut rng, version, body.scale);
        let t4 = gen_t4(&mut rng, body.scale);
        let amount_style = if rng.random_bool(0.5) {
            AmountStyle::Yuan
        } else {
            AmountStyle::WanHeader
        };
        let t2 = match version {
            TemplateVersion::V2019 => gen_t2_2019(&mut rng, body, amount_style),
            TemplateVersion::V2021 => gen_t2_2021(&mut rng, body),
        };
        let published = publication_date(&mut rng, body.kind, year);
        ReportSpec {
            seed,
            body: body.name.to_string(),
            body_kind: body.kind,
            we: body.we.to_string(),
            rule_making: body.rule_making,
            scale: body.scale,
            year,
            version,
            published,
            show_published: rng.random_bool(0.6),
            period: (ymd(year, 1, 1), ymd(year, 12, 31)),
            period_in_section6: rng.random_bool(0.2),
            t2,
            t3,
            t4,
            amount_style,
            fee_in_yuan: false,
            extra_row: None,
            truncated_headers: false,
            missing_header_cells: false,
            old_labels: false,
            merged_six: false,
            as_written: false,
            omit_tables: Vec::new(),
            sections: canonical_sections(),
            blank_style: [BlankStyle::Empty, BlankStyle::Slash, BlankStyle::Dash]
                [rng.random_range(0..3u32) as usize],
            halfwidth: rng.random_bool(0.4),
            prose: true,
            stated: None,
        }
    }

    /// The same 2021 report with 表三's three （六） sub-rows printed as the 2019 single row
    /// （六）其他处理 holding their sums, as some 2021 reports do; a 2019 report is unchanged.
    pub fn with_merged_six(mut self) -> ReportSpec {
        if self.version != TemplateVersion::V2021 {
            return self;
        }
        let mut t3 = Table::blank(TemplateVersion::V2019, TableId::T3);
        for row in &mut t3.rows {
            for (i, col) in row.def.cols.iter().enumerate() {
                row.cells[i] = if row.def.key == "r6" {
                    let parts: Option<Vec<i64>> = ["r6_1", "r6_2", "r6_3"]
                        .iter()
                        .map(|k| self.t3.int(k, col.key))
                        .collect();
                    match parts {
                        Some(p) => {
                            let v: i64 = p.iter().sum();
                            Cell {
                                raw: v.to_string(),
                                value: Some(Number::int(v)),
                                ..Cell::default()
                            }
                        }
                        None => Cell::default(),
                    }
                } else {
                    self.t3
                        .cell(row.def.key, col.key)
                        .cloned()
                        .unwrap_or_default()
                };
            }
        }
        self.t3 = t3;
        self.merged_six = true;
        self
    }

    /// Same report without the long prose: small texts for fast tests.
    pub fn compact(mut self) -> ReportSpec {
        self.prose = false;
        self
    }

    pub fn table(&self, id: TableId) -> &Table {
        match id {
            TableId::T2 => &self.t2,
            TableId::T3 => &self.t3,
            TableId::T4 => &self.t4,
        }
    }

    pub fn table_mut(&mut self, id: TableId) -> &mut Table {
        match id {
            TableId::T2 => &mut self.t2,
            TableId::T3 => &mut self.t3,
            TableId::T4 => &mut self.t4,
        }
    }

    /// Integer value of a cell (`None` when blank or a decimal amount).
    pub fn int(&self, table: TableId, row: &str, col: &str) -> Option<i64> {
        self.table(table).int(row, col)
    }

    /// Adds `delta` to an integer cell (a blank cell counts as 0). Panics on unknown keys.
    pub fn add(&mut self, table: TableId, row: &str, col: &str, delta: i64) {
        let v = self.int(table, row, col).unwrap_or(0) + delta;
        self.table_mut(table).set(row, col, Some(v));
    }

    /// The body this spec was drawn for, as far as the figures depend on it.
    pub fn as_body(&self) -> Body {
        Body {
            name: "",
            kind: self.body_kind,
            rule_making: self.rule_making,
            scale: self.scale,
            we: "",
            tag: "",
        }
    }

    /// Replaces the three tables with consistent ones in `version`'s format (same seed), e.g.
    /// to print a 2021 report on the 2019 template.
    pub fn retemplate(&mut self, version: TemplateVersion) {
        let other = ReportSpec::consistent_for(self.seed, version, self.year, &self.as_body());
        self.version = version;
        self.t2 = other.t2;
        self.t3 = other.t3;
        self.t4 = other.t4;
        self.amount_style = other.amount_style;
    }

    /// The deadline of domain.md §6.8 for this body, if the 条例 fixes one.
    pub fn deadline(&self) -> Option<NaiveDate> {
        deadline(self.body_kind, self.year)
    }
}

/// The 条例 art. 49 deadline: departments by 01-31, governments by 03-31; townships are set by
/// local notice, so none here.
pub fn deadline(kind: BodyKind, year: i32) -> Option<NaiveDate> {
    match kind {
        BodyKind::Department => Some(ymd(year + 1, 1, 31)),
        BodyKind::Government => Some(ymd(year + 1, 3, 31)),
        BodyKind::Township | BodyKind::Unknown => None,
    }
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn canonical_sections() -> Vec<SectionSpec> {
    CANONICAL_HEADINGS
        .iter()
        .enumerate()
        .map(|(i, h)| SectionSpec {
            number: i as u8 + 1,
            heading: Some(h.to_string()),
            content: true,
        })
        .collect()
}

/// A date well inside every deadline, including the strictest local notices for townships
/// (late January), so a clean report never trips D-LATE.
fn publication_date(rng: &mut ChaCha8Rng, kind: BodyKind, year: i32) -> NaiveDate {
    let start = ymd(year + 1, 1, 8);
    let span = match kind {
        BodyKind::Government => 70,
        _ => 18,
    };
    let d = start + Duration::days(rng.random_range(0..span));
    debug_assert!(d.year() == year + 1);
    d
}

/// Sets a decimal amount with its unit, as an extractor would store `60721754元`.
pub(crate) fn set_amount(t: &mut Table, row: &str, col: &str, value: Decimal, unit: &str) {
    let r = t
        .rows
        .iter_mut()
        .find(|r| r.def.key == row)
        .unwrap_or_else(|| panic!("no row {row}"));
    let (i, _) = r.def.col(col).unwrap_or_else(|| panic!("no column {col}"));
    r.cells[i] = Cell {
        raw: value.to_string(),
        value: Some(Number {
            value,
            unit: (!unit.is_empty()).then(|| unit.to_string()),
        }),
        ..Cell::default()
    };
}

/// Applicant columns of 表三 (without 总计) and how large each is relative to 自然人, in 1/40.
const T3_APPLICANTS: [(&str, u32); 6] = [
    ("np", 40),
    ("biz", 8),
    ("res", 1),
    ("ngo", 1),
    ("law", 4),
    ("oth", 2),
];

/// Relative frequency of each outcome (domain.md §3.2 rows), by row key.
fn outcome_weight(key: &str) -> u32 {
    match key {
        "r1" => 45,
        "r2" => 10,
        "r4_1" => 15,
        "r4_2" => 3,
        "r4_3" | "r5_2" | "r6_3" | "r6" => 3,
        "r5_1" => 4,
        "r6_1" => 2,
        _ => 1,
    }
}

fn gen_t3(rng: &mut ChaCha8Rng, version: TemplateVersion, scale: u32) -> Table {
    let mut t = Table::blank(version, TableId::T3);
    let outcomes: Vec<&str> = t3_groups(version)
        .iter()
        .flat_map(|(_, rows)| rows.iter().copied())
        .collect();
    let weights: Vec<u32> = outcomes.iter().map(|k| outcome_weight(k)).collect();
    let total_weight: u32 = weights.iter().sum();
    for key in t.rows.iter().map(|r| r.def.key).collect::<Vec<_>>() {
        for (col, _) in T3_APPLICANTS {
            t.set(key, col, Some(0));
        }
    }
    for (col, share) in T3_APPLICANTS {
        let max = (scale * share / 40) as i64;
        let done = rng.random_range(0..=max);
        // Multinomial draw: each finished request lands in one outcome row.
        let mut counts = vec![0i64; outcomes.len()];
        for _ in 0..done {
            let mut pick = rng.random_range(0..total_weight);
            for (i, w) in weights.iter().enumerate() {
                if pick < *w {
                    counts[i] += 1;
                    break;
                }
                pick -= w;
            }
        }
        for (k, n) in outcomes.iter().zip(&counts) {
            t.set(k, col, Some(*n));
        }
        let cin = rng.random_range(0..=done.min(max / 10 + 1));
        let cout = rng.random_range(0..=max / 8 + 1);
        t.set("r7", col, Some(done));
        t.set("cin", col, Some(cin));
        t.set("cout", col, Some(cout));
        t.set("new", col, Some(done + cout - cin));
    }
    let keys: Vec<&'static str> = t.rows.iter().map(|r| r.def.key).collect();
    for key in keys {
        let sum: i64 = T3_APPLICANTS
            .iter()
            .map(|(c, _)| t.int(key, c).unwrap_or(0))
            .sum();
        t.set(key, "tot", Some(sum));
    }
    t
}

fn gen_t4(rng: &mut ChaCha8Rng, scale: u32) -> Table {
    let mut t = Table::blank(TemplateVersion::V2021, TableId::T4);
    for (group, div) in [("rv", 8), ("ld", 20), ("lr", 30)] {
        let max = (scale / div) as i64;
        let mut sum = 0;
        for col in ["keep", "fix", "oth", "pend"] {
            let v = rng.random_range(0..=max);
            sum += v;
            t.set(group, col, Some(v));
        }
        t.set(group, "tot", Some(sum));
    }
    t
}

fn gen_t2_2019(rng: &mut ChaCha8Rng, body: &Body, amount: AmountStyle) -> Table {
    let s = body.scale as i64;
    let mut t = Table::blank(TemplateVersion::V2019, TableId::T2);
    let made = if body.rule_making {
        rng.random_range(0..=4)
    } else {
        0
    };
    // 规章 must all be published (P-REGPUB) and the stock includes this year's (P-PUBTOTAL).
    let stock = if body.rule_making {
        made + rng.random_range(0..=30)
    } else {
        0
    };
    t.set("rules", "new_made", Some(made));
    t.set("rules", "new_published", Some(made));
    t.set("rules", "total_published", Some(stock));
    let made = rng.random_range(0..=s / 3 + 2);
    // Normative documents must all be published (P-REGPUB warns when fewer are).
    let published = made;
    t.set("normative_docs", "new_made", Some(made));
    t.set("normative_docs", "new_published", Some(published));
    t.set(
        "normative_docs",
        "total_published",
        Some(published + rng.random_range(0..=200)),
    );
    for row in ["licensing", "other_services", "penalty", "enforcement"] {
        let prev = rng.random_range(0..=s * 2 + 5);
        let delta = rng.random_range(-(prev / 10)..=prev / 10 + 3);
        let decisions = if prev + delta > 0 {
            rng.random_range(0..=s * 50 + 10)
        } else {
            0
        };
        t.set(row, "prev_items", Some(prev));
        t.set(row, "delta", Some(delta));
        t.set(row, "decisions", Some(decisions));
    }
    let prev = rng.random_range(0..=40);
    t.set("fees", "prev_items", Some(prev));
    t.set("fees", "delta", Some(rng.random_range(-(prev / 5)..=3)));
    let items = rng.random_range(0..=s);
    t.set("procurement", "items", Some(items));
    let yuan = if items > 0 {
        items * rng.random_range(5_000..=200_000)
    } else {
        0
    };
    let (value, unit) = match amount {
        AmountStyle::Yuan | AmountStyle::Bare => (Decimal::from(yuan), "元"),
        AmountStyle::WanHeader => (Decimal::new(yuan, 4), "万元"),
        AmountStyle::Yi => (Decimal::new(yuan / 1_000_000, 2), "亿"),
    };
    set_amount(&mut t, "procurement", "amount", value, unit);
    t
}

fn gen_t2_2021(rng: &mut ChaCha8Rng, body: &Body) -> Table {
    let s = body.scale as i64;
    let mut t = Table::blank(TemplateVersion::V2021, TableId::T2);
    if body.rule_making {
        let issued = rng.random_range(0..=3);
        t.set("rules", "issued", Some(issued));
        t.set("rules", "repealed", Some(rng.random_range(0..=1)));
        t.set("rules", "in_force", Some(issued + rng.random_range(0..=20)));
    } else {
        for c in ["issued", "repealed", "in_force"] {
            t.set("rules", c, Some(0));
        }
    }
    let issued = rng.random_range(0..=s / 5 + 2);
    t.set("normative_docs", "issued", Some(issued));
    t.set(
        "normative_docs",
        "repealed",
        Some(rng.random_range(0..=issued)),
    );
    t.set(
        "normative_docs",
        "in_force",
        Some(issued + rng.random_range(0..=150)),
    );
    for row in ["licensing", "penalty", "enforcement"] {
        t.set(row, "decisions", Some(rng.random_range(0..=s * 40 + 5)));
    }
    let fee = if body.kind == BodyKind::Township {
        0
    } else {
        rng.random_range(0..=s * 400)
    };
    // A zero is printed `0`, not `0.00`.
    let fee = if fee == 0 {
        Decimal::ZERO
    } else {
        Decimal::new(fee, 2)
    };
    set_amount(&mut t, "fees", "amount", fee, "万元");
    t
}

#[cfg(test)]
mod tests;
