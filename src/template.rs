//! The two official report formats as data: row and column keys, labels and short labels.
//!
//! Everything the extractor aligns to, the auditor checks and the TUI draws comes from these
//! tables, so a key is spelt in exactly one place. Keys follow `domain.md` §3–§4.

use serde::Serialize;

/// The six section headings both official formats require, in order (domain.md §2).
pub const SECTION_HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// Which official format a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TemplateVersion {
    /// 国办公开办函〔2019〕60号, for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号, for 2021 reports onward.
    #[serde(rename = "2021")]
    V2021,
}

impl TemplateVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateVersion::V2019 => "2019",
            TemplateVersion::V2021 => "2021",
        }
    }

    /// The format a report of `year` must use.
    pub fn expected_for_year(year: i32) -> TemplateVersion {
        if year <= 2020 {
            TemplateVersion::V2019
        } else {
            TemplateVersion::V2021
        }
    }

    pub fn get(self) -> &'static Template {
        match self {
            TemplateVersion::V2019 => &TEMPLATE_2019,
            TemplateVersion::V2021 => &TEMPLATE_2021,
        }
    }
}

/// The three statistical tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableId {
    T2,
    T3,
    T4,
}

impl TableId {
    pub fn as_str(self) -> &'static str {
        match self {
            TableId::T2 => "t2",
            TableId::T3 => "t3",
            TableId::T4 => "t4",
        }
    }

    /// The name an inspector uses: 表二, 表三, 表四.
    pub fn title(self) -> &'static str {
        match self {
            TableId::T2 => "表二 主动公开政府信息情况",
            TableId::T3 => "表三 收到和处理政府信息公开申请情况",
            TableId::T4 => "表四 行政复议、行政诉讼情况",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            TableId::T2 => "表二",
            TableId::T3 => "表三",
            TableId::T4 => "表四",
        }
    }
}

/// What a column holds, which decides how a cell is parsed and validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// A non-negative integer count.
    Count,
    /// A signed integer change (2019 `本年增/减`).
    Delta,
    /// A money amount that may carry a unit and decimals.
    Amount,
}

#[derive(Debug, PartialEq, Eq)]
pub struct ColDef {
    pub key: &'static str,
    pub label: &'static str,
    /// At most 4 CJK characters: fits a grid column in an 80-column terminal.
    pub short: &'static str,
    pub kind: ColKind,
}

#[derive(Debug, PartialEq, Eq)]
pub struct RowDef {
    pub key: &'static str,
    /// The exact label of the official template.
    pub label: &'static str,
    /// An abbreviation for narrow grids.
    pub short: &'static str,
    /// The columns of this row (表二's sub-tables differ; 表三 and 表四 share one set).
    pub cols: &'static [ColDef],
    /// The 表二 sub-table heading (`第二十条第(一)项`), if any.
    pub item: Option<&'static str>,
}

impl RowDef {
    pub fn col(&self, key: &str) -> Option<(usize, &'static ColDef)> {
        find_key(self.cols, key, |c| c.key)
    }
}

/// The entry of `items` whose key is `key`. Keys passed around are usually the template's own
/// `&'static str`s, so the same pointer is tried first: the audit looks cells up by key some
/// thousand times per report, and a pointer compare is much cheaper than a string compare.
pub fn find_key<'a, T>(
    items: &'a [T],
    key: &str,
    key_of: impl Fn(&T) -> &str,
) -> Option<(usize, &'a T)> {
    items
        .iter()
        .position(|it| std::ptr::eq(key_of(it), key))
        .or_else(|| items.iter().position(|it| key_of(it) == key))
        .map(|i| (i, &items[i]))
}

/// Something made once for each row of each table of a template version, on first use and
/// then kept for the run: the rows' and cells' names ([`crate::audit::names`]), the JSON of
/// their keys and of their blank-cell findings (`output::json`). Held in a `static`.
pub(crate) struct PerRow<T> {
    /// Makes a row's entry: its version, table, index in the table and definition.
    make: fn(TemplateVersion, TableId, usize, &'static RowDef) -> T,
    /// By version (2019, 2021), then by table (表二, 表三, 表四), then by row.
    made: [std::sync::OnceLock<[Vec<T>; 3]>; 2],
}

impl<T> PerRow<T> {
    pub(crate) const fn new(
        make: fn(TemplateVersion, TableId, usize, &'static RowDef) -> T,
    ) -> Self {
        PerRow {
            make,
            made: [std::sync::OnceLock::new(), std::sync::OnceLock::new()],
        }
    }

    /// The entries of `table`'s rows in `version`, in the template's order.
    pub(crate) fn rows(&self, version: TemplateVersion, table: TableId) -> &[T] {
        let slot = match version {
            TemplateVersion::V2019 => 0,
            TemplateVersion::V2021 => 1,
        };
        let tables = self.made[slot].get_or_init(|| {
            [TableId::T2, TableId::T3, TableId::T4].map(|table| {
                (version.get().rows(table).iter().enumerate())
                    .map(|(j, row)| (self.make)(version, table, j, row))
                    .collect()
            })
        });
        &tables[table as usize]
    }
}

/// One official format.
#[derive(Debug)]
pub struct Template {
    pub version: TemplateVersion,
    pub t2: &'static [RowDef],
    pub t3: &'static [RowDef],
    pub t4: &'static [RowDef],
}

impl Template {
    pub fn rows(&self, table: TableId) -> &'static [RowDef] {
        match table {
            TableId::T2 => self.t2,
            TableId::T3 => self.t3,
            TableId::T4 => self.t4,
        }
    }

    pub fn row(&self, table: TableId, key: &str) -> Option<(usize, &'static RowDef)> {
        find_key(self.rows(table), key, |r| r.key)
    }

    /// Number of data cells the template requires in `table`.
    pub fn cell_count(&self, table: TableId) -> usize {
        self.rows(table).iter().map(|r| r.cols.len()).sum()
    }
}

/// The extra 表二 row some provinces add (`其他主动公开文件`); reported, never required.
pub static T2_EXTRA_OTHER_DOCS: RowDef = RowDef {
    key: "other_docs",
    label: "其他主动公开文件",
    short: "其他文件",
    cols: T2_2019_ITEM1,
    item: Some("第二十条第(一)项"),
};

const fn col(key: &'static str, label: &'static str, short: &'static str, kind: ColKind) -> ColDef {
    ColDef {
        key,
        label,
        short,
        kind,
    }
}

// ---- 表二, 2019 format -------------------------------------------------------------------------

const T2_2019_ITEM1: &[ColDef] = &[
    col("new_made", "本年新制作数量", "新制作", ColKind::Count),
    col("new_published", "本年新公开数量", "新公开", ColKind::Count),
    col(
        "total_published",
        "对外公开总数量",
        "公开总数",
        ColKind::Count,
    ),
];
const T2_2019_ITEMS_DECISIONS: &[ColDef] = &[
    col("prev_items", "上一年项目数量", "上年项目", ColKind::Count),
    col("delta", "本年增/减", "增/减", ColKind::Delta),
    col("decisions", "处理决定数量", "处理决定", ColKind::Count),
];
const T2_2019_FEES: &[ColDef] = &[
    col("prev_items", "上一年项目数量", "上年项目", ColKind::Count),
    col("delta", "本年增/减", "增/减", ColKind::Delta),
];
const T2_2019_PROCUREMENT: &[ColDef] = &[
    col("items", "采购项目数量", "采购项目", ColKind::Count),
    col("amount", "采购总金额", "采购金额", ColKind::Amount),
];

const fn row(
    key: &'static str,
    label: &'static str,
    short: &'static str,
    cols: &'static [ColDef],
    item: Option<&'static str>,
) -> RowDef {
    RowDef {
        key,
        label,
        short,
        cols,
        item,
    }
}

const ITEM1: Option<&str> = Some("第二十条第(一)项");
const ITEM5: Option<&str> = Some("第二十条第(五)项");
const ITEM6: Option<&str> = Some("第二十条第(六)项");
const ITEM8: Option<&str> = Some("第二十条第(八)项");
const ITEM9: Option<&str> = Some("第二十条第(九)项");

static T2_2019: [RowDef; 8] = [
    row("rules", "规章", "规章", T2_2019_ITEM1, ITEM1),
    row(
        "normative_docs",
        "规范性文件",
        "规范性文件",
        T2_2019_ITEM1,
        ITEM1,
    ),
    row(
        "licensing",
        "行政许可",
        "行政许可",
        T2_2019_ITEMS_DECISIONS,
        ITEM5,
    ),
    row(
        "other_services",
        "其他对外管理服务事项",
        "其他服务事项",
        T2_2019_ITEMS_DECISIONS,
        ITEM5,
    ),
    row(
        "penalty",
        "行政处罚",
        "行政处罚",
        T2_2019_ITEMS_DECISIONS,
        ITEM6,
    ),
    row(
        "enforcement",
        "行政强制",
        "行政强制",
        T2_2019_ITEMS_DECISIONS,
        ITEM6,
    ),
    row("fees", "行政事业性收费", "事业性收费", T2_2019_FEES, ITEM8),
    row(
        "procurement",
        "政府集中采购",
        "集中采购",
        T2_2019_PROCUREMENT,
        ITEM9,
    ),
];

// ---- 表二, 2021 format -------------------------------------------------------------------------

const T2_2021_ITEM1: &[ColDef] = &[
    col("issued", "本年制发件数", "制发", ColKind::Count),
    col("repealed", "本年废止件数", "废止", ColKind::Count),
    col("in_force", "现行有效件数", "现行有效", ColKind::Count),
];
const T2_2021_DECISIONS: &[ColDef] = &[col(
    "decisions",
    "本年处理决定数量",
    "处理决定",
    ColKind::Count,
)];
const T2_2021_FEES: &[ColDef] = &[col(
    "amount",
    "本年收费金额(单位:万元)",
    "收费万元",
    ColKind::Amount,
)];

static T2_2021: [RowDef; 6] = [
    row("rules", "规章", "规章", T2_2021_ITEM1, ITEM1),
    row(
        "normative_docs",
        "行政规范性文件",
        "行政规范性文件",
        T2_2021_ITEM1,
        ITEM1,
    ),
    row(
        "licensing",
        "行政许可",
        "行政许可",
        T2_2021_DECISIONS,
        ITEM5,
    ),
    row("penalty", "行政处罚", "行政处罚", T2_2021_DECISIONS, ITEM6),
    row(
        "enforcement",
        "行政强制",
        "行政强制",
        T2_2021_DECISIONS,
        ITEM6,
    ),
    row("fees", "行政事业性收费", "事业性收费", T2_2021_FEES, ITEM8),
];

// ---- 表三 (both formats but for row (六)) ---------------------------------------------------------

/// The seven applicant columns of 表三.
pub static T3_COLS: [ColDef; 7] = [
    col("np", "自然人", "自然人", ColKind::Count),
    col("biz", "商业企业", "商业企业", ColKind::Count),
    col("res", "科研机构", "科研机构", ColKind::Count),
    col("ngo", "社会公益组织", "公益组织", ColKind::Count),
    col("law", "法律服务机构", "法律服务", ColKind::Count),
    col("oth", "其他", "其他", ColKind::Count),
    col("tot", "总计", "总计", ColKind::Count),
];

const fn t3(key: &'static str, label: &'static str, short: &'static str) -> RowDef {
    row(key, label, short, &T3_COLS, None)
}

macro_rules! t3_rows {
    ($($six:expr),+) => {
        [
            t3("new", "一、本年新收政府信息公开申请数量", "一、本年新收"),
            t3("cin", "二、上年结转政府信息公开申请数量", "二、上年结转"),
            t3("r1", "（一）予以公开", "(一)予以公开"),
            t3("r2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)部分公开"),
            t3("r3_1", "1.属于国家秘密", "(三)1.国家秘密"),
            t3("r3_2", "2.其他法律行政法规禁止公开", "(三)2.法规禁止"),
            t3("r3_3", "3.危及“三安全一稳定”", "(三)3.三安全一稳定"),
            t3("r3_4", "4.保护第三方合法权益", "(三)4.第三方权益"),
            t3("r3_5", "5.属于三类内部事务信息", "(三)5.内部事务"),
            t3("r3_6", "6.属于四类过程性信息", "(三)6.过程性信息"),
            t3("r3_7", "7.属于行政执法案卷", "(三)7.执法案卷"),
            t3("r3_8", "8.属于行政查询事项", "(三)8.查询事项"),
            t3("r4_1", "1.本机关不掌握相关政府信息", "(四)1.不掌握"),
            t3("r4_2", "2.没有现成信息需要另行制作", "(四)2.另行制作"),
            t3("r4_3", "3.补正后申请内容仍不明确", "(四)3.仍不明确"),
            t3("r5_1", "1.信访举报投诉类申请", "(五)1.信访举报"),
            t3("r5_2", "2.重复申请", "(五)2.重复申请"),
            t3("r5_3", "3.要求提供公开出版物", "(五)3.公开出版物"),
            t3("r5_4", "4.无正当理由大量反复申请", "(五)4.大量反复"),
            t3("r5_5", "5.要求行政机关确认或重新出具已获取信息", "(五)5.确认或重出"),
            $($six,)+
            t3("r7", "（七）总计", "(七)总计"),
            t3("cout", "四、结转下年度继续办理", "四、结转下年度"),
        ]
    };
}

static T3_2019: [RowDef; 23] = t3_rows!(t3("r6", "（六）其他处理", "(六)其他处理"));
static T3_2021: [RowDef; 25] = t3_rows!(
    t3(
        "r6_1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "(六)1.逾期不补正"
    ),
    t3(
        "r6_2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "(六)2.逾期未缴费"
    ),
    t3("r6_3", "3.其他", "(六)3.其他")
);

// ---- 表四 (both formats) ----------------------------------------------------------------------

pub static T4_COLS: [ColDef; 5] = [
    col("keep", "结果维持", "维持", ColKind::Count),
    col("fix", "结果纠正", "纠正", ColKind::Count),
    col("oth", "其他结果", "其他", ColKind::Count),
    col("pend", "尚未审结", "未审结", ColKind::Count),
    col("tot", "总计", "总计", ColKind::Count),
];

static T4: [RowDef; 3] = [
    row("rv", "行政复议", "行政复议", &T4_COLS, None),
    row(
        "ld",
        "行政诉讼·未经复议直接起诉",
        "直接起诉",
        &T4_COLS,
        None,
    ),
    row("lr", "行政诉讼·复议后起诉", "复议后起诉", &T4_COLS, None),
];

pub static TEMPLATE_2019: Template = Template {
    version: TemplateVersion::V2019,
    t2: &T2_2019,
    t3: &T3_2019,
    t4: &T4,
};

pub static TEMPLATE_2021: Template = Template {
    version: TemplateVersion::V2021,
    t2: &T2_2021,
    t3: &T3_2021,
    t4: &T4,
};

/// Row keys of the 表三 groups, in order, as (group label, first row key, member keys).
/// Used by the sum rules and by the grid to draw group separators.
pub fn t3_groups(version: TemplateVersion) -> &'static [(&'static str, &'static [&'static str])] {
    match version {
        TemplateVersion::V2019 => &[
            ("（一）予以公开", &["r1"]),
            ("（二）部分公开", &["r2"]),
            (
                "（三）不予公开",
                &[
                    "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6", "r3_7", "r3_8",
                ],
            ),
            ("（四）无法提供", &["r4_1", "r4_2", "r4_3"]),
            ("（五）不予处理", &["r5_1", "r5_2", "r5_3", "r5_4", "r5_5"]),
            ("（六）其他处理", &["r6"]),
        ],
        TemplateVersion::V2021 => &[
            ("（一）予以公开", &["r1"]),
            ("（二）部分公开", &["r2"]),
            (
                "（三）不予公开",
                &[
                    "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6", "r3_7", "r3_8",
                ],
            ),
            ("（四）无法提供", &["r4_1", "r4_2", "r4_3"]),
            ("（五）不予处理", &["r5_1", "r5_2", "r5_3", "r5_4", "r5_5"]),
            ("（六）其他处理", &["r6_1", "r6_2", "r6_3"]),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each version's tables get one entry per template row, made from that row, in order.
    #[test]
    fn per_row_entries_follow_each_versions_rows() {
        static SEEN: PerRow<(TemplateVersion, TableId, usize, &'static str)> =
            PerRow::new(|version, table, j, row| (version, table, j, row.key));
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            for table in [TableId::T2, TableId::T3, TableId::T4] {
                let expected: Vec<_> = (version.get().rows(table).iter().enumerate())
                    .map(|(j, row)| (version, table, j, row.key))
                    .collect();
                assert!(!expected.is_empty());
                assert_eq!(SEEN.rows(version, table), expected.as_slice());
            }
        }
    }

    #[test]
    fn cell_counts_match_the_official_formats() {
        // domain.md §3 and §4: 22/161/15 cells in 2019, 10/175/15 in 2021.
        assert_eq!(TEMPLATE_2019.cell_count(TableId::T2), 22);
        assert_eq!(TEMPLATE_2019.cell_count(TableId::T3), 161);
        assert_eq!(TEMPLATE_2019.cell_count(TableId::T4), 15);
        assert_eq!(TEMPLATE_2021.cell_count(TableId::T2), 10);
        assert_eq!(TEMPLATE_2021.cell_count(TableId::T3), 175);
        assert_eq!(TEMPLATE_2021.cell_count(TableId::T4), 15);
    }

    #[test]
    fn groups_cover_every_result_row_once() {
        for v in [TemplateVersion::V2019, TemplateVersion::V2021] {
            let t = v.get();
            let grouped: Vec<&str> = t3_groups(v)
                .iter()
                .flat_map(|g| g.1.iter().copied())
                .collect();
            let result_rows: Vec<&str> =
                t.t3.iter()
                    .map(|r| r.key)
                    .filter(|k| !matches!(*k, "new" | "cin" | "r7" | "cout"))
                    .collect();
            assert_eq!(grouped, result_rows);
        }
    }

    #[test]
    fn short_labels_fit_narrow_columns() {
        use unicode_width::UnicodeWidthStr;
        for t in [&TEMPLATE_2019, &TEMPLATE_2021] {
            for table in [TableId::T2, TableId::T3, TableId::T4] {
                for r in t.rows(table) {
                    for c in r.cols {
                        assert!(c.short.width() <= 8, "{} too wide", c.short);
                    }
                }
            }
        }
    }
}
