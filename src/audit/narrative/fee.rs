//! N-FEE (domain.md §6.6, §7 item 8): a report that says it sent no fee notice (`未发出收费通知`)
//! while 表三 (2021 format) counts requests dropped because the applicant did not pay one
//! (（六）2.申请人逾期未按收费通知要求缴纳费用) contradicts itself: without a notice nobody can
//! fail to pay it.
//!
//! Only the notice is read. `未收取信息处理费` (no fee collected) agrees with a non-zero (六)2:
//! notices were sent and not paid, which is exactly that row, so it says nothing here. The
//! row label itself (`逾期未按收费通知`) holds a negation before 收费通知 and is no statement.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Finding, Severity, Table, TableId};
use crate::rules::Rule;

use super::super::Ctx;
use super::{ambiguous, clause_at, line_of};

/// A statement that no fee (or payment) notice was sent: a negation, optionally `向申请人`, a
/// verb of sending, then the notice, all inside one clause.
static NO_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:未|没有|无|不曾|从未)(?:向[^，。；、]{1,8})?(?:发出|发放|送达|出具|开具|下发|发送)(?:过)?(?:任何)?(?:信息处理费)?(?:的)?(?:收费|缴费)通知",
    )
    .expect("a valid pattern")
});

pub(super) fn check(ctx: &Ctx<'_>, t3: Option<&Table>, out: &mut Vec<Finding>) {
    let Some(t3) = t3 else { return };
    // Only the 2021 format has the row (2019's （六）其他处理 is one row).
    let Some(dropped) = t3.int("r6_2", "tot") else {
        return;
    };
    if dropped == 0 {
        return;
    }
    let text = ctx.report.lines.all();
    for m in NO_NOTICE.find_iter(text) {
        let Some((s, e)) = clause_at(text, m.start()) else {
            continue;
        };
        let clause = &text[s..e];
        if ambiguous(clause, ctx.report.year) || clause.contains("逾期") {
            continue;
        }
        let quote = m.as_str();
        let line = line_of(ctx, m.start());
        out.push(
            Finding::new(
                Rule::NFee,
                Severity::Warning,
                format!(
                    "正文「{quote}」与表三（六）2.申请人逾期未按收费通知要求缴纳费用 总计 {dropped} 不一致 / the text says no fee notice was sent, 表三 counts {dropped} requests dropped for unpaid fee notices"
                ),
            )
            .at(TableId::T3, Some("r6_2"), Some("tot"))
            .values(Some(dropped), Some(0))
            .line(Some(line)),
        );
        // One statement is enough: a report repeating it says the same thing.
        return;
    }
}
