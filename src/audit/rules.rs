//! Every rule id gouji reports, in one place, with its severity and a one-line description.
//!
//! Findings carry the id as a `&'static str`; using these constants instead of literals keeps the
//! spelling in one place, and [`ALL`] lets the TUI help screen and the docs list every rule.
//! The ids follow domain.md §6. Rules marked [`Source::Extract`] are emitted by the extractor,
//! the rest by [`crate::audit::audit`].

use crate::model::Severity;

pub const T3_ID: &str = "T3-ID";
pub const T3_SUM7: &str = "T3-SUM7";
pub const T3_ROW: &str = "T3-ROW";
/// domain.md calls it `T3-COUT≤`; the id stays ASCII so it can be typed in filters.
pub const T3_COUT: &str = "T3-COUT";
pub const T3_NONNEG: &str = "T3-NONNEG";
pub const T4_SUM: &str = "T4-SUM";
pub const T4_NONNEG: &str = "T4-NONNEG";
pub const T4_LR_PLAUS: &str = "T4-LR-PLAUS";

pub const C_BLANK: &str = "C-BLANK";
pub const C_TABLE_MISSING: &str = "C-TABLE-MISSING";
pub const C_HEADER: &str = "C-HEADER";
pub const C_EXTRA_ROW: &str = "C-EXTRA-ROW";
pub const C_INFERRED: &str = "C-INFERRED";

pub const S_SIX: &str = "S-SIX";
pub const V_FORMAT: &str = "V-FORMAT";
pub const V_LABEL: &str = "V-LABEL";
pub const V_NUMBER: &str = "V-NUMBER";
pub const Y_PERIOD: &str = "Y-PERIOD";

pub const P_PUBTOTAL: &str = "P-PUBTOTAL";
pub const P_REGPUB: &str = "P-REGPUB";
pub const P_ITEMS: &str = "P-ITEMS";
pub const P_DECISIONS: &str = "P-DECISIONS";
pub const P_PROC: &str = "P-PROC";
pub const P_UNIT: &str = "P-UNIT";
pub const P_INFORCE: &str = "P-INFORCE";
pub const P_REG_AUTHORITY: &str = "P-REG-AUTHORITY";
pub const P_FEE_UNIT: &str = "P-FEE-UNIT";

pub const D_LATE: &str = "D-LATE";

/// Which part of gouji emits a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Extract,
    Audit,
}

/// A rule as listed in help screens and docs.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    /// The severity of a failed check. Arithmetic rules also emit `Info` when a check cannot be
    /// verified for missing cells; S-SIX is an error for a missing section, a warning otherwise.
    pub severity: Severity,
    pub source: Source,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn rule(
    id: &'static str,
    severity: Severity,
    source: Source,
    zh: &'static str,
    en: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        source,
        zh,
        en,
    }
}

use Severity::{Error as E, Warning as W};
use Source::{Audit as A, Extract as X};

/// Every rule, grouped by family in the order a report is read.
pub static ALL: &[Rule] = &[
    rule(
        T3_ID,
        E,
        A,
        "表三每列：第一项+第二项 = 第三项（七）总计+第四项",
        "表三 per column: new + carried in = total handled + carried over",
    ),
    rule(
        T3_SUM7,
        E,
        A,
        "表三每列：（七）总计 = （一）至（六）各项之和",
        "表三 per column: (七) total = sum of (一)–(六) and their sub-items",
    ),
    rule(
        T3_ROW,
        E,
        A,
        "表三每行：总计 = 自然人 + 法人或其他组织各列",
        "表三 per row: 总计 = natural persons + the five kinds of organisation",
    ),
    rule(
        T3_COUT,
        E,
        A,
        "表三每列：结转下年度 ≤ 本年新收 + 上年结转（（七）总计空白时核验）",
        "表三 per column: carried over ≤ new + carried in (checked when (七) is blank)",
    ),
    rule(
        T3_NONNEG,
        E,
        A,
        "表三各格须为非负整数",
        "every 表三 cell is a non-negative integer",
    ),
    rule(
        T4_SUM,
        E,
        A,
        "表四每组：总计 = 维持 + 纠正 + 其他 + 尚未审结",
        "表四 per group: total = upheld + corrected + other + pending",
    ),
    rule(
        T4_NONNEG,
        E,
        A,
        "表四各格须为非负整数",
        "every 表四 cell is a non-negative integer",
    ),
    rule(
        T4_LR_PLAUS,
        W,
        A,
        "有复议后起诉却无行政复议，且正文未提及以往复议",
        "suits after review but no review this year and none mentioned earlier",
    ),
    rule(
        C_BLANK,
        E,
        A,
        "模板单元格空白（无数据应填 0）",
        "a template cell is blank (a true zero is written 0)",
    ),
    rule(
        C_TABLE_MISSING,
        E,
        A,
        "未找到表二/表三/表四（常为图片表格）",
        "表二, 表三 or 表四 not found (often an image-only table)",
    ),
    rule(
        C_HEADER,
        W,
        X,
        "表头缺失或被截断（如「本年新」）",
        "header cells missing or truncated",
    ),
    rule(
        C_EXTRA_ROW,
        W,
        X,
        "表中有模板以外的行（如「其他主动公开文件」）",
        "a row that is not in the template",
    ),
    rule(
        C_INFERRED,
        W,
        X,
        "版式未标明数值所在列，位置为推断",
        "the layout did not say which column a value is in; its place was inferred",
    ),
    rule(
        S_SIX,
        E,
        A,
        "六个部分齐全且顺序正确（缺少为错误，标题变体或顺序错位为警告）",
        "all six sections present and in order (missing = error, variant or order = warning)",
    ),
    rule(
        V_FORMAT,
        E,
        A,
        "格式版本与报告年度相符（2021年起须用新格式）",
        "the template version matches the report year (2021 onward: the 2021 format)",
    ),
    rule(
        V_LABEL,
        W,
        X,
        "使用了另一版格式的标签（如2021年报告写「规范性文件」）",
        "a label from the other template version",
    ),
    rule(
        V_NUMBER,
        E,
        X,
        "计数单元格应为范围内的整数（如写成 12.5 或 2^63）",
        "a count cell holds a whole number in range (not 12.5, not 2^63)",
    ),
    rule(
        Y_PERIOD,
        W,
        A,
        "统计期限应为报告年度1月1日至12月31日",
        "the stated statistics period is 1 Jan – 31 Dec of the report year",
    ),
    rule(
        P_PUBTOTAL,
        W,
        A,
        "表二（一）：对外公开总数量 ≥ 本年新公开数量",
        "表二 (一): total published ≥ newly published",
    ),
    rule(
        P_REGPUB,
        W,
        A,
        "表二（一）：规章新公开应等于新制作，规范性文件新公开不应少于新制作",
        "表二 (一): rules made this year are all published; so are normative documents",
    ),
    rule(
        P_ITEMS,
        E,
        A,
        "表二：上一年项目数量 + 本年增/减 ≥ 0",
        "表二: last year's items + change ≥ 0",
    ),
    rule(
        P_DECISIONS,
        W,
        A,
        "表二：有处理决定却无事项",
        "表二: decisions reported for a kind with no items",
    ),
    rule(
        P_PROC,
        W,
        A,
        "表二（九）：采购项目数量为 0 当且仅当采购总金额为 0",
        "表二 (九): no procurement items if and only if no amount",
    ),
    rule(
        P_UNIT,
        W,
        A,
        "表二（九）：采购总金额须有金额单位且与表头一致",
        "表二 (九): the procurement amount has a money unit matching the header",
    ),
    rule(
        P_INFORCE,
        W,
        A,
        "表二（一）：现行有效件数 ≥ 本年制发 − 本年废止，且 ≥ 0",
        "表二 (一): in force ≥ issued − repealed, and ≥ 0",
    ),
    rule(
        P_REG_AUTHORITY,
        W,
        A,
        "无规章制定权的机关（乡镇街道、县级政府及其部门、地方政府部门）填报了规章",
        "规章 reported by a body without rule-making power",
    ),
    rule(
        P_FEE_UNIT,
        W,
        A,
        "表二（八）：收费金额应以万元计",
        "表二 (八): fees are in 万元 (ten thousand yuan)",
    ),
    rule(
        D_LATE,
        W,
        A,
        "发布日期晚于法定期限（部门1月31日，政府3月31日）",
        "published after the deadline (departments 31 Jan, governments 31 Mar)",
    ),
];

/// The rule with this id, if gouji knows it.
pub fn get(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_ascii() {
        for (i, r) in ALL.iter().enumerate() {
            assert!(r.id.is_ascii(), "{} is not ASCII", r.id);
            assert!(
                ALL[i + 1..].iter().all(|o| o.id != r.id),
                "{} listed twice",
                r.id
            );
        }
    }

    #[test]
    fn the_issue_severities_hold() {
        for id in [
            T3_ID,
            T3_SUM7,
            T3_ROW,
            T4_SUM,
            T3_NONNEG,
            T4_NONNEG,
            C_BLANK,
            C_TABLE_MISSING,
            V_FORMAT,
        ] {
            assert_eq!(get(id).unwrap().severity, Severity::Error, "{id}");
        }
        for id in [
            C_HEADER,
            C_EXTRA_ROW,
            P_PUBTOTAL,
            P_REG_AUTHORITY,
            V_LABEL,
            Y_PERIOD,
            D_LATE,
        ] {
            assert_eq!(get(id).unwrap().severity, Severity::Warning, "{id}");
        }
        assert!(get("T9-NOPE").is_none());
    }
}
