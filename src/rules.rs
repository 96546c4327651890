//! The rule registry: every rule gouji can report, with its id, severity, where it is checked,
//! its formula in Chinese and English, and the sentence the rectification list (整改清单) uses.
//!
//! A finding's rule is a [`Rule`], not a string, so code cannot emit a rule this registry does
//! not describe: adding a variant without its [`Rule::spec`] entry does not compile. The ids
//! (`T3-SUM7`, …) follow domain.md §6 and are what JSON output, state keys and filters carry.
//! `gouji rules` lists this registry and `docs/rules.md` is generated from it.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::model::Severity;

/// Declares [`Rule`] with its id strings and [`Rule::ALL`] from one list, so that the three
/// cannot drift apart.
macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident = $id:literal,)*) => {
        /// A rule gouji checks; see the module docs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, grouped by family in the order a report is read.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The id as reports, filters and JSON spell it (`T3-SUM7`).
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }
    };
}

registry! {
    T3Id = "T3-ID",
    T3Sum7 = "T3-SUM7",
    T3Row = "T3-ROW",
    /// domain.md calls it `T3-COUT≤`; the id stays ASCII so it can be typed in filters.
    T3Cout = "T3-COUT",
    T3Nonneg = "T3-NONNEG",
    T4Sum = "T4-SUM",
    T4Nonneg = "T4-NONNEG",
    T4LrPlaus = "T4-LR-PLAUS",
    CBlank = "C-BLANK",
    CTableMissing = "C-TABLE-MISSING",
    CHeader = "C-HEADER",
    CExtraRow = "C-EXTRA-ROW",
    CInferred = "C-INFERRED",
    SSix = "S-SIX",
    VFormat = "V-FORMAT",
    VLabel = "V-LABEL",
    /// A count cell that is not a whole number in range (`12.5`, 2^63).
    VNumber = "V-NUMBER",
    VMixed = "V-MIXED",
    VEncoding = "V-ENCODING",
    /// A PDF read only in part (pages that failed, or a time or size limit reached).
    VPdf = "V-PDF",
    YPeriod = "Y-PERIOD",
    PPubtotal = "P-PUBTOTAL",
    PRegpub = "P-REGPUB",
    PItems = "P-ITEMS",
    PDecisions = "P-DECISIONS",
    PProc = "P-PROC",
    PUnit = "P-UNIT",
    PInforce = "P-INFORCE",
    PRegAuthority = "P-REG-AUTHORITY",
    PFeeUnit = "P-FEE-UNIT",
    DLate = "D-LATE",
    NNew = "N-NEW",
    NCin = "N-CIN",
    NDone = "N-DONE",
    NCout = "N-COUT",
    NCat = "N-CAT",
    NApplicant = "N-APPLICANT",
    NRv = "N-RV",
    NLit = "N-LIT",
    NNone = "N-NONE",
    NAllUpheld = "N-ALLUPHELD",
    NFee = "N-FEE",
    NPct = "N-PCT",
    SFive = "S-FIVE",
    PFeeConfusion = "P-FEE-CONFUSION",
    XCarry = "X-CARRY",
    XInforce = "X-INFORCE",
    XItems = "X-ITEMS",
    XDup = "X-DUP",
    XSpike = "X-SPIKE",
    XTwice = "X-TWICE",
    ERead = "E-READ",
    ENotReport = "E-NOT-REPORT",
}

/// Which part of gouji emits a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Loading the file: the rectification list names a file that could not be read, or is not
    /// a report, with these rules (`check` reports them as the file's error instead).
    Load,
    /// The extractor, while reading the tables out of the text.
    Extract,
    /// The audit, over the extracted report.
    Audit,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Load => "load",
            Source::Extract => "extract",
            Source::Audit => "audit",
        }
    }
}

/// How a finding's expected value bounds its actual one, for the notice's wording
/// (`应为 15`, `应不少于 864`, `应不超过 30`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Equal,
    AtLeast,
    AtMost,
}

/// What the registry says about one rule.
#[derive(Debug)]
pub struct Spec {
    /// The severity of a failed check. Arithmetic rules also emit `Info` when a check cannot be
    /// verified for missing cells; S-SIX is an error for a missing section, a warning otherwise.
    pub severity: Severity,
    pub source: Source,
    /// The formula or condition, in Chinese.
    pub zh: &'static str,
    /// The same in English.
    pub en: &'static str,
    /// What the rectification list tells the submitting office, in Chinese.
    pub notice: &'static str,
    /// How `expected` bounds `actual`, when a finding of this rule carries both as a bound;
    /// `None` when its values are not a bound (a count, a number of days): the notice then uses
    /// the Chinese part of the finding's message.
    pub bound: Option<Bound>,
}

use Bound::{AtLeast, AtMost, Equal};
use Severity::{Error as E, Warning as W};
use Source::{Audit as A, Extract as X, Load as L};

const fn spec(
    severity: Severity,
    source: Source,
    zh: &'static str,
    en: &'static str,
    notice: &'static str,
    bound: Option<Bound>,
) -> Spec {
    Spec {
        severity,
        source,
        zh,
        en,
        notice,
        bound,
    }
}

impl Rule {
    /// The registry entry of this rule.
    pub fn spec(self) -> &'static Spec {
        // One `static` per arm: the match is exhaustive, so a new rule needs its entry here.
        macro_rules! s {
            ($($arg:expr),* $(,)?) => {{
                static S: Spec = spec($($arg),*);
                &S
            }};
        }
        match self {
            Rule::T3Id => s!(
                E,
                A,
                "表三每列：第一项+第二项 = 第三项（七）总计+第四项",
                "表三 per column: new + carried in = total handled + carried over",
                "本列“一、本年新收”与“二、上年结转”之和应等于“（七）总计”与“四、结转下年度继续办理”之和",
                Some(Equal),
            ),
            Rule::T3Sum7 => s!(
                E,
                A,
                "表三每列：（七）总计 = （一）至（六）各项之和",
                "表三 per column: (七) total = sum of (一)–(六) and their sub-items",
                "（七）总计应等于（一）至（六）各项之和",
                Some(Equal),
            ),
            Rule::T3Row => s!(
                E,
                A,
                "表三每行：总计 = 自然人 + 法人或其他组织各列",
                "表三 per row: 总计 = natural persons + the five kinds of organisation",
                "总计应等于各类申请人数量之和",
                Some(Equal),
            ),
            Rule::T3Cout => s!(
                E,
                A,
                "表三每列：结转下年度 ≤ 本年新收 + 上年结转（（七）总计空白时核验）",
                "表三 per column: carried over ≤ new + carried in (checked when (七) is blank)",
                "结转下年度数量不应超过本年新收与上年结转之和",
                Some(AtMost),
            ),
            Rule::T3Nonneg => s!(
                E,
                A,
                "表三各格须为非负整数",
                "every 表三 cell is a non-negative integer",
                "应填写非负整数",
                None,
            ),
            Rule::T4Sum => s!(
                E,
                A,
                "表四每组：总计 = 维持 + 纠正 + 其他 + 尚未审结",
                "表四 per group: total = upheld + corrected + other + pending",
                "总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
                Some(Equal),
            ),
            Rule::T4Nonneg => s!(
                E,
                A,
                "表四各格须为非负整数",
                "every 表四 cell is a non-negative integer",
                "应填写非负整数",
                None,
            ),
            Rule::T4LrPlaus => s!(
                W,
                A,
                "有复议后起诉却无行政复议，且正文未提及以往复议",
                "suits after review but no review this year and none mentioned earlier",
                "有复议后起诉的案件，但本年度未见行政复议，正文也未说明以往的复议，请核实",
                None,
            ),
            Rule::CBlank => s!(
                E,
                A,
                "模板单元格空白（无数据应填 0）",
                "a template cell is blank (a true zero is written 0)",
                "单元格空白，无数据应填 0",
                None,
            ),
            Rule::CTableMissing => s!(
                E,
                A,
                "未找到表二/表三/表四（常为图片表格）",
                "表二, 表三 or 表四 not found (often an image-only table)",
                "未找到该表（可能以图片发布），应以文字表格发布",
                None,
            ),
            Rule::CHeader => s!(
                W,
                X,
                "表头缺失或被截断（如「本年新」）",
                "header cells missing or truncated",
                "表头不完整，有列名缺失或被截断，应按模板写全各列名称",
                None,
            ),
            Rule::CExtraRow => s!(
                W,
                X,
                "表中有模板以外的行（如「其他主动公开文件」）",
                "a row that is not in the template",
                "表中有模板以外的行，应按规定格式填报",
                None,
            ),
            Rule::CInferred => s!(
                W,
                X,
                "版式未标明数值所在列，位置为推断",
                "the layout did not say which column a value is in; its place was inferred",
                "数值所在列无法确定，系推断填入，请按模板逐列填写",
                None,
            ),
            Rule::SSix => s!(
                E,
                A,
                "六个部分齐全且顺序正确（缺少为错误，标题变体或顺序错位为警告）",
                "all six sections present and in order (missing = error, variant or order = warning)",
                "应包含六个部分且顺序正确",
                None,
            ),
            Rule::VFormat => s!(
                E,
                A,
                "格式版本与报告年度相符（2021年起须用新格式）",
                "the template version matches the report year (2021 onward: the 2021 format)",
                "所用表格格式与报告年度不符",
                None,
            ),
            Rule::VLabel => s!(
                W,
                X,
                "使用了另一版格式的标签（如2021年报告写「规范性文件」）",
                "a label from the other template version",
                "行名称与所用格式不符，应使用该年度格式的名称",
                None,
            ),
            Rule::VNumber => s!(
                E,
                X,
                "计数单元格应为范围内的整数（如写成 12.5 或 2^63）",
                "a count cell holds a whole number in range (not 12.5, not 2^63)",
                "计数单元格应填写整数（件数不能为小数或超出范围的数）",
                None,
            ),
            Rule::VMixed => s!(
                W,
                X,
                "表格混用了2019年版和2021年版两种格式的表头",
                "the tables mix headings of both official formats",
                "表格混用了两版格式的表头，应统一使用该年度的格式",
                None,
            ),
            Rule::VEncoding => s!(
                W,
                X,
                "文件中有按所识别编码无法解码的字节",
                "some bytes are not valid in the detected encoding; they were replaced",
                "文件编码有误，部分内容无法识别，附近数值可能缺失",
                None,
            ),
            Rule::VPdf => s!(
                W,
                X,
                "PDF只能部分读取（部分页面损坏，或超出读取时间、文字量上限）",
                "only part of the PDF could be read (damaged pages, or a time or size limit)",
                "文件部分页面无法读取，相关数值可能缺失，请重新导出文件",
                None,
            ),
            Rule::YPeriod => s!(
                W,
                A,
                "统计期限应为报告年度1月1日至12月31日",
                "the stated statistics period is 1 Jan – 31 Dec of the report year",
                "统计期限应为报告年度 1 月 1 日至 12 月 31 日",
                None,
            ),
            Rule::PPubtotal => s!(
                W,
                A,
                "表二（一）：对外公开总数量 ≥ 本年新公开数量",
                "表二 (一): total published ≥ newly published",
                "对外公开总数量不应少于本年新公开数量",
                Some(AtLeast),
            ),
            Rule::PRegpub => s!(
                W,
                A,
                "表二（一）：规章新公开应等于新制作，规范性文件新公开不应少于新制作",
                "表二 (一): rules made this year are all published; so are normative documents",
                "本年新制作的规章、规范性文件应全部公开",
                None,
            ),
            Rule::PItems => s!(
                E,
                A,
                "表二：上一年项目数量 + 本年增/减 ≥ 0",
                "表二: last year's items + change ≥ 0",
                "上一年项目数量加本年增/减不应为负数",
                None,
            ),
            Rule::PDecisions => s!(
                W,
                A,
                "表二：有处理决定却无事项",
                "表二: decisions reported for a kind with no items",
                "填报了处理决定，却没有对应的事项，请核实",
                None,
            ),
            Rule::PProc => s!(
                W,
                A,
                "表二（九）：采购项目数量为 0 当且仅当采购总金额为 0",
                "表二 (九): no procurement items if and only if no amount",
                "采购项目数量与采购总金额应同为 0 或同不为 0",
                None,
            ),
            Rule::PUnit => s!(
                W,
                A,
                "表二（九）：采购总金额须有金额单位且与表头一致",
                "表二 (九): the procurement amount has a money unit matching the header",
                "采购总金额应写明金额单位（元或万元）且与表头一致",
                None,
            ),
            Rule::PInforce => s!(
                W,
                A,
                "表二（一）：现行有效件数 ≥ 本年制发 − 本年废止，且 ≥ 0",
                "表二 (一): in force ≥ issued − repealed, and ≥ 0",
                "现行有效件数不应少于本年制发件数减本年废止件数，且不应为负数",
                Some(AtLeast),
            ),
            Rule::PRegAuthority => s!(
                W,
                A,
                "无规章制定权的机关（乡镇街道、县级政府及其部门、地方政府部门）填报了规章",
                "规章 reported by a body without rule-making power",
                "本机关无规章制定权，规章一行应为 0",
                Some(Equal),
            ),
            Rule::PFeeUnit => s!(
                W,
                A,
                "表二（八）：收费金额应以万元计",
                "表二 (八): fees are in 万元 (ten thousand yuan)",
                "收费金额应以万元为单位填写",
                None,
            ),
            Rule::DLate => s!(
                W,
                A,
                "发布日期晚于法定期限（部门1月31日，政府3月31日）",
                "published after the deadline (departments 31 Jan, governments 31 Mar)",
                "年度报告应在法定期限前发布（部门 1 月 31 日，政府 3 月 31 日）",
                None,
            ),
            Rule::NNew => s!(
                W,
                A,
                "正文所述收到/受理申请件数 = 表三 本年新收总计，或本年新收 + 上年结转总计",
                "the requests the text says were received = 表三 new (or new + carried in), 总计",
                "正文所述收到（受理）申请件数与表三“一、本年新收”总计不一致，请核对正文或表格",
                None,
            ),
            Rule::NCin => s!(
                W,
                A,
                "正文所述上年结转件数 = 表三 二、上年结转 总计",
                "the text's carried-in count = 表三 carried in, 总计",
                "正文所述上年结转件数与表三“二、上年结转”总计不一致，请核对",
                None,
            ),
            Rule::NDone => s!(
                W,
                A,
                "正文所述办结/答复件数 = 表三 （七）总计",
                "the text's handled (办结/答复) count = 表三 (七) total",
                "正文所述办结（答复）件数与表三“（七）总计”不一致，请核对",
                None,
            ),
            Rule::NCout => s!(
                W,
                A,
                "正文所述结转下年度/顺延件数 = 表三 四、结转下年度继续办理 总计",
                "the text's carried-over count = 表三 carried over, 总计",
                "正文所述结转下年度件数与表三“四、结转下年度继续办理”总计不一致，请核对",
                None,
            ),
            Rule::NCat => s!(
                W,
                A,
                "正文所述予以公开/部分公开/不予公开/无法提供/不予处理/其他处理件数 = 表三 该组各项之和（总计列）",
                "the text's count of a result group = that group's sum in 表三 (总计 column)",
                "正文所述办理结果件数与表三对应项目的总计不一致，请核对",
                None,
            ),
            Rule::NApplicant => s!(
                W,
                A,
                "正文所述自然人/法人或其他组织申请件数 = 表三 本年新收（或加上年结转、或（七）总计）对应列",
                "the text's count by applicant = 表三 new (or new + carried in, or (七)) in that column",
                "正文所述自然人或法人（其他组织）申请件数与表三对应列不一致，请核对",
                None,
            ),
            Rule::NRv => s!(
                W,
                A,
                "正文所述行政复议件数 = 表四 行政复议 总计；所述维持/纠正/其他结果/尚未审结件数 = 对应列",
                "the text's administrative review count = 表四 review total; its upheld/corrected/other/pending counts = those columns",
                "正文所述行政复议件数（或其维持、纠正、其他结果、尚未审结件数）与表四不一致，请核对",
                None,
            ),
            Rule::NLit => s!(
                W,
                A,
                "正文所述行政诉讼件数 = 表四 未经复议直接起诉 总计 + 复议后起诉 总计；所述维持/纠正/其他结果/尚未审结件数 = 两组对应列之和",
                "the text's lawsuit count = 表四 direct suits total + suits after review total; its upheld/corrected/other/pending counts = the two groups' columns summed",
                "正文所述行政诉讼件数（或其维持、纠正、其他结果、尚未审结件数）与表四行政诉讼两组之和不一致，请核对",
                None,
            ),
            Rule::NNone => s!(
                W,
                A,
                "正文称未发生行政复议、行政诉讼或未收到申请，表四对应总计或表三本年新收总计应为 0",
                "the text says no review, suit or request: the matching 表四 totals or 表三 new total are 0",
                "正文称未发生（未收到），但表格中对应数量不为 0，请核对",
                None,
            ),
            Rule::NAllUpheld => s!(
                W,
                A,
                "正文称均获维持，表四所述各组结果纠正、其他结果、尚未审结应为 0",
                "the text says all were upheld: corrected, other and pending are 0 in 表四",
                "正文称行政复议（诉讼）均获维持，但表四有纠正、其他结果或尚未审结的案件，请核对",
                None,
            ),
            Rule::NFee => s!(
                W,
                A,
                "正文称未发出收费通知，表三（六）2.申请人逾期未按收费通知要求缴纳费用 总计应为 0（2021 年格式）",
                "the text says no fee notice was sent: 表三 (六)2 (dropped for unpaid fees) total is 0 (2021 format)",
                "正文称未发出收费通知，但表三有因逾期未按收费通知缴费而不再处理的申请，请核对",
                None,
            ),
            Rule::NPct => s!(
                W,
                A,
                "正文所述实质公开率 = （予以公开+部分公开）/（七）总计，复议纠错率 = 结果纠正/（总计−尚未审结），办结率 = （七）总计/本年新收（或加上年结转），相差不超过所写末位一个单位（至少 0.1 个百分点）",
                "a rate the text states (实质公开率, 复议纠错率, 办结率) = the ratio computed from the tables, within one unit of its last written digit (at least 0.1 point)",
                "正文所述比率与表格数据计算结果不一致，请核对",
                None,
            ),
            Rule::SFive => s!(
                W,
                A,
                "第五部分（存在的主要问题及改进情况）不得空缺、只写无或暂无，或少于 10 个字",
                "section 五 (problems and improvements) is empty, only 无/暂无, or under 10 characters",
                "第五部分存在的主要问题及改进情况内容空缺或过于简略，应如实写明存在的问题和改进措施",
                None,
            ),
            Rule::PFeeConfusion => s!(
                W,
                A,
                "表二（八）行政事业性收费金额与第六部分所述信息处理费金额相同（疑将信息处理费填入表二）",
                "表二 (八) fee amount equals the 信息处理费 stated in section 六 (processing fees in the wrong place)",
                "表二（八）应填报本机关行政事业性收费金额，信息处理费应在第六部分报告，请核对",
                None,
            ),
            Rule::XCarry => s!(
                E,
                A,
                "表三每列：本年 二、上年结转 = 上年报告 四、结转下年度继续办理",
                "表三 per column: this year's carried in = last year's carried over",
                "“二、上年结转”应等于上一年度报告的“四、结转下年度继续办理”",
                Some(Equal),
            ),
            Rule::XInforce => s!(
                W,
                A,
                "表二（一）：现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止",
                "表二 (一): in force = last year's in force + issued − repealed",
                "现行有效件数应等于上年度现行有效件数加本年制发件数减本年废止件数",
                Some(Equal),
            ),
            Rule::XItems => s!(
                W,
                A,
                "表二：上一年项目数量 = 上年报告的上一年项目数量 + 本年增/减",
                "表二: last year's items = the previous report's items + its change",
                "上一年项目数量应等于上一年度报告的上一年项目数量加本年增/减",
                Some(Equal),
            ),
            Rule::XDup => s!(
                W,
                A,
                "某部分正文与上年报告重复超过50%（内容雷同）",
                "a section's text is more than 50 % the same as last year's",
                "正文与上一年度报告内容雷同，重复率超过百分之五十，应据实撰写本年度情况",
                None,
            ),
            Rule::XSpike => s!(
                Severity::Info,
                A,
                "本年新收或行政复议总计超过上年五倍或不足五分之一",
                "new requests or reviews are more than 5 times, or under a fifth of, last year's",
                "本年新收申请或行政复议数量与上年相差五倍以上，请核实数据",
                None,
            ),
            Rule::XTwice => s!(
                W,
                A,
                "同一机关同一年度提交了多份报告",
                "two or more reports of the same body and year",
                "同一机关同一年度有多份年度报告，请确认应以哪一份为准",
                None,
            ),
            Rule::ERead => s!(
                E,
                L,
                "文件无法读取（不存在、无权限、格式暂不支持或已损坏）",
                "the file could not be read (missing, no permission, unsupported or damaged)",
                "文件无法读取，请重新提交可以读取的报告文件",
                None,
            ),
            Rule::ENotReport => s!(
                E,
                L,
                "未找到六个部分的标题或统计表，不像年度报告",
                "no section headings or statistical tables: not an annual report",
                "未识别为政府信息公开工作年度报告（未找到六个部分的标题或统计表）",
                None,
            ),
        }
    }

    /// The rule with this id, if gouji knows it.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Lets tests and filters compare a finding's rule with an id as typed (`f.rule == "C-BLANK"`).
impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<Rule> for &str {
    fn eq(&self, other: &Rule) -> bool {
        *self == other.id()
    }
}

pub mod doc;

#[cfg(test)]
mod tests;
