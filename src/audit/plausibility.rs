//! Plausibility of 表二 (both formats), rule-making power, and 表四's 复议后起诉 (domain.md
//! §6.2–§6.4). The template prints no arithmetic for 表二, so these are warnings, except a
//! negative number of items (P-ITEMS), which cannot be.
//!
//! A check with a blank operand is skipped: C-BLANK already reports the blank.

use rust_decimal::Decimal;

use crate::model::{BodyKind, Finding, Severity, Table, TemplateVersion};

use super::{At, Ctx, at, cell_finding, cell_name};
use crate::rules::Rule;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(t2) = &ctx.report.tables.t2 {
        let version = ctx.table_version(t2);
        match version {
            TemplateVersion::V2019 => t2_2019(ctx, t2, out),
            TemplateVersion::V2021 => t2_2021(ctx, t2, out),
        }
        reg_authority(ctx, t2, version, out);
    }
    if let Some(t4) = &ctx.report.tables.t4 {
        lr_without_review(ctx, t4, out);
    }
}

fn int(a: &At<'_>) -> Option<i64> {
    a.cell.and_then(|c| c.int())
}

fn amount(a: &At<'_>) -> Option<Decimal> {
    a.cell.and_then(|c| c.value.as_ref()).map(|n| n.value)
}

fn warn(rule: Rule, a: &At<'_>, version: TemplateVersion, what: String) -> Finding {
    cell_finding(
        rule,
        Severity::Warning,
        a,
        format!("{}: {what}", cell_name(version, a.r)),
    )
}

fn t2_2019(ctx: &Ctx<'_>, t2: &Table, out: &mut Vec<Finding>) {
    let v = TemplateVersion::V2019;
    for row in ["rules", "normative_docs"] {
        let made = at(t2, row, "new_made");
        let published = at(t2, row, "new_published");
        let total = at(t2, row, "total_published");
        if let (Some(p), Some(t)) = (int(&published), int(&total))
            && t < p
        {
            out.push(
                warn(
                    Rule::PPubtotal,
                    &total,
                    v,
                    format!(
                        "对外公开总数量 {t} 少于本年新公开数量 {p} / total published {t} is below newly published {p}"
                    ),
                )
                .values(Some(p), Some(t))
                .operands(vec![published.r]),
            );
        }
        // domain.md writes `≤` for 规范性文件, but its reason (made documents must be
        // published; seed 003's 1705 made vs 864 published is flagged) is the other direction:
        // publishing fewer than were made is the suspicious case. 规章 must match exactly.
        if let (Some(m), Some(p)) = (int(&made), int(&published)) {
            let suspicious = if row == "rules" { p != m } else { p < m };
            if suspicious {
                out.push(
                    warn(
                        Rule::PRegpub,
                        &published,
                        v,
                        format!(
                            "本年新制作 {m} 件，本年新公开 {p} 件，{} / made {m}, published {p}: {}",
                            if row == "rules" {
                                "规章应全部公开"
                            } else {
                                "规范性文件应全部公开"
                            },
                            if row == "rules" {
                                "rules must all be published"
                            } else {
                                "normative documents must all be published"
                            }
                        ),
                    )
                    .values(Some(m), Some(p))
                    .operands(vec![made.r]),
                );
            }
        }
    }

    for row in [
        "licensing",
        "other_services",
        "penalty",
        "enforcement",
        "fees",
    ] {
        let prev = at(t2, row, "prev_items");
        let delta = at(t2, row, "delta");
        let (Some(p), Some(d)) = (int(&prev), int(&delta)) else {
            continue;
        };
        let items = p.saturating_add(d);
        if items < 0 {
            out.push(
                cell_finding(
                    Rule::PItems,
                    Severity::Error,
                    &delta,
                    format!(
                        "{}: 上一年项目数量 {p} + 本年增/减 {d} = {items}，事项数不能为负 / last year's {p} items + change {d} = {items} < 0",
                        cell_name(v, delta.r)
                    ),
                )
                .values(None, Some(items))
                .operands(vec![prev.r]),
            );
        }
        if row == "fees" {
            continue;
        }
        let decisions = at(t2, row, "decisions");
        if let Some(n) = int(&decisions)
            && n > 0
            && items == 0
        {
            out.push(
                warn(
                    Rule::PDecisions,
                    &decisions,
                    v,
                    format!(
                        "处理决定 {n} 件，但事项数为 0（{p} {d:+}） / {n} decisions for a kind with no items"
                    ),
                )
                .values(None, Some(n))
                .operands(vec![prev.r, delta.r]),
            );
        }
    }

    let items = at(t2, "procurement", "items");
    let money = at(t2, "procurement", "amount");
    if let (Some(n), Some(m)) = (int(&items), amount(&money))
        && (n == 0) != m.is_zero()
    {
        let (target, other) = if n == 0 {
            (&items, &money)
        } else {
            (&money, &items)
        };
        out.push(
            warn(
                Rule::PProc,
                target,
                v,
                format!(
                    "采购项目数量 {n}，采购总金额 {m}：一个为 0 另一个不为 0 / {n} procurement items but amount {m}"
                ),
            )
            .values(None, int(target))
            .operands(vec![other.r]),
        );
    }
    procurement_unit(ctx, t2, &money, out);
}

/// The unit written after the number in a cell (`60721754元` → `元`), else the one the extractor
/// recorded.
fn written_unit<'a>(a: &At<'a>) -> Option<&'a str> {
    let cell = a.cell?;
    super::units::written(cell).or_else(|| cell.value.as_ref().and_then(|n| n.unit.as_deref()))
}

fn procurement_unit(ctx: &Ctx<'_>, t2: &Table, money: &At<'_>, out: &mut Vec<Finding>) {
    let Some(m) = amount(money) else {
        return;
    };
    if m.is_zero() {
        return;
    }
    let row_line = t2.row("procurement").and_then(|r| r.label_line);
    let header = super::units::stated_above(ctx.report, t2, row_line.or(money.line));
    let written = written_unit(money);
    let v = TemplateVersion::V2019;
    let problem = match (written, header) {
        (None, None) => Some(format!("{m} 未写单位（元或万元） / the amount has no unit")),
        (Some(w), _) if !matches!(w, "元" | "万元" | "亿元") => Some(format!(
            "「{}」的单位「{w}」不是规范的金额单位（应为元或万元） / unit {w:?} is not a money unit (元 or 万元)",
            money.cell.map_or("", |c| c.raw.trim())
        )),
        (Some(w), Some(h)) if w != h => Some(format!(
            "单位「{w}」与表头单位「{h}」不一致 / unit {w} differs from the header's {h}"
        )),
        _ => None,
    };
    if let Some(p) = problem {
        out.push(warn(Rule::PUnit, money, v, p));
    }
}

fn t2_2021(ctx: &Ctx<'_>, t2: &Table, out: &mut Vec<Finding>) {
    let v = TemplateVersion::V2021;
    for row in ["rules", "normative_docs"] {
        let issued = at(t2, row, "issued");
        let repealed = at(t2, row, "repealed");
        let in_force = at(t2, row, "in_force");
        let Some(f) = int(&in_force) else { continue };
        if f < 0 {
            out.push(
                warn(
                    Rule::PInforce,
                    &in_force,
                    v,
                    format!("现行有效件数 {f} 为负 / {f} in force is negative"),
                )
                .values(None, Some(f)),
            );
            continue;
        }
        if let (Some(i), Some(r)) = (int(&issued), int(&repealed)) {
            let floor = i.saturating_sub(r);
            if f < floor {
                out.push(
                    warn(
                        Rule::PInforce,
                        &in_force,
                        v,
                        format!(
                            "现行有效 {f} 件，少于本年制发 {i} − 本年废止 {r} = {floor} / in force {f} < issued {i} − repealed {r}"
                        ),
                    )
                    .values(Some(floor), Some(f))
                    .operands(vec![issued.r, repealed.r]),
                );
            }
        }
    }

    let fee = at(t2, "fees", "amount");
    if let Some(m) = amount(&fee)
        && !m.is_zero()
    {
        let written = written_unit(&fee);
        let problem = match written {
            Some("万元") | None if m >= ctx.cfg.fee_max_wan => Some(format!(
                "收费金额 {m} 万元数额可疑，是否按元填写？ / {m} 万元 is implausibly large: written in 元?"
            )),
            Some("万元") | None => None,
            Some("元") => Some(format!(
                "收费金额写为「{}」，应以万元计 / written in 元, the template asks for 万元",
                fee.cell.map_or("", |c| c.raw.trim())
            )),
            Some(w) => Some(format!(
                "收费金额单位「{w}」，应以万元计 / unit {w:?}, the template asks for 万元"
            )),
        };
        if let Some(p) = problem {
            out.push(warn(Rule::PFeeUnit, &fee, v, p));
        }
    }
}

/// Why a body certainly cannot make 规章 (立法法: only State Council departments and the people's
/// governments of provinces, autonomous regions, municipalities, 设区的市 and 自治州 can), or
/// `None` when it may. A name like `弥勒市人民政府` does not say whether the city has districts,
/// so it gets the benefit of the doubt.
pub fn lacks_rule_power(body: Option<&str>, kind: BodyKind) -> Option<&'static str> {
    let body = body.unwrap_or("");
    // Copied only when there is whitespace to drop.
    let name: std::borrow::Cow<'_, str> = if body.contains(char::is_whitespace) {
        body.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        body.into()
    };
    if kind == BodyKind::Township
        || name.contains("街道")
        || name.contains("乡人民政府")
        || name.contains("镇人民政府")
        || name.contains("苏木")
    {
        return Some("乡镇、街道没有规章制定权 / townships and sub-districts make no 规章");
    }
    if name.is_empty() {
        return None;
    }
    if is_national(&name) {
        return None;
    }
    // The government's general office (办公厅/办公室) reports for the government itself and
    // lists the 规章 the government made: it is judged as that government.
    let mut office = false;
    let (place, department) = match name.find("人民政府").or_else(|| name.find("政府")) {
        Some(i) => {
            let tail = if name[i..].starts_with("人民政府") {
                &name[i + "人民政府".len()..]
            } else {
                &name[i + "政府".len()..]
            };
            office = matches!(tail, "办公厅" | "办公室");
            (&name[..i], !tail.is_empty() && !office)
        }
        None => {
            let dept = DEPARTMENT_SUFFIXES.iter().any(|s| name.ends_with(s));
            (&*name, dept)
        }
    };
    if department || (kind == BodyKind::Department && !office) {
        return Some(
            "地方人民政府的部门没有规章制定权 / departments of local governments make no 规章",
        );
    }
    let place = place.trim_end_matches("办事处");
    if place.ends_with("乡") || place.ends_with("镇") {
        return Some("乡镇、街道没有规章制定权 / townships and sub-districts make no 规章");
    }
    if place.ends_with("自治区") {
        return None;
    }
    if place.ends_with('县') || place.ends_with('旗') || place.ends_with('区') {
        return Some("县级人民政府没有规章制定权 / county-level governments make no 规章");
    }
    if let Some(city) = place.strip_suffix('市') {
        // A city under a prefecture (`红河州弥勒市`, `XX地区XX市`, `XX市XX市`) is county-level.
        // The marker must be followed by the city's own name: `兰州`, `杭州` end in 州 and are
        // themselves prefecture-level.
        let parent = ["州", "地区", "盟", "市"]
            .iter()
            .any(|m| city.find(m).is_some_and(|i| i + m.len() < city.len()));
        if parent {
            return Some("县级市人民政府没有规章制定权 / county-level cities make no 规章");
        }
    }
    None
}

const DEPARTMENT_SUFFIXES: [&str; 12] = [
    "局",
    "厅",
    "委员会",
    "委",
    "办公室",
    "办",
    "署",
    "中心",
    "处",
    "所",
    "站",
    "队",
];

/// A State Council department (`教育部`, `国家市场监督管理总局`), not one of its local branches
/// (`国家税务总局上海市税务局`).
fn is_national(name: &str) -> bool {
    const PREFIXES: [&str; 6] = [
        "国务院",
        "中华人民共和国",
        "国家",
        "中国人民银行",
        "海关总署",
        "审计署",
    ];
    let Some(rest) = PREFIXES
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .or_else(|| {
            // `教育部`, `财政部`: a short name ending in 部 with no place in it.
            (name.ends_with('部') && name.chars().count() <= 8).then_some(name)
        })
    else {
        return false;
    };
    !has_local_place(rest)
}

/// Whether a name holds a local administrative unit. `市场`, `区域`, `地区性` and the like are
/// words, not places.
fn has_local_place(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let next = chars.get(i + 1).copied();
        match c {
            '省' | '县' | '州' | '旗' | '盟' => true,
            '市' => next != Some('场'),
            '区' => !matches!(next, Some('域' | '别')),
            _ => false,
        }
    })
}

fn reg_authority(ctx: &Ctx<'_>, t2: &Table, version: TemplateVersion, out: &mut Vec<Finding>) {
    let Some(def) = t2.row("rules").map(|r| r.def) else {
        return;
    };
    let nonzero = def
        .cols
        .iter()
        .map(|c| at(t2, "rules", c.key))
        .find(|a| int(a).is_some_and(|n| n != 0));
    let Some(a) = nonzero else {
        return;
    };
    let Some(why) = lacks_rule_power(ctx.report.body.as_deref(), ctx.report.body_kind) else {
        return;
    };
    let body = ctx.report.body.as_deref().unwrap_or("本机关");
    let n = int(&a).unwrap_or(0);
    out.push(
        warn(
            Rule::PRegAuthority,
            &a,
            version,
            format!("{body} 填报规章 {n} 件，但{why}"),
        )
        .values(Some(0), Some(n)),
    );
}

/// T4-LR-PLAUS: a suit after review normally follows a review this year or last.
fn lr_without_review(ctx: &Ctx<'_>, t4: &Table, out: &mut Vec<Finding>) {
    let lr = at(t4, "lr", "tot");
    let rv = at(t4, "rv", "tot");
    let (Some(l), Some(0)) = (int(&lr), int(&rv)) else {
        return;
    };
    if l <= 0 {
        return;
    }
    let earlier_review = ctx.report.year.map(|y| format!("{}年", y - 1));
    // Sentence by sentence: single-line layouts put the whole report on one line, where 复议
    // and 上年 would always meet.
    let mentioned = ctx
        .report
        .lines
        .iter()
        .flat_map(|line| line.split(['。', '；', ';']))
        .any(|sentence| {
            sentence.contains("复议")
                && (["上年", "上一年", "以前年度", "往年", "前一年"]
                    .iter()
                    .any(|w| sentence.contains(w))
                    || earlier_review
                        .as_deref()
                        .is_some_and(|y| sentence.contains(y)))
        });
    if mentioned {
        return;
    }
    out.push(
        cell_finding(
            Rule::T4LrPlaus,
            Severity::Warning,
            &lr,
            format!(
                "表四 复议后起诉 {l} 件，但本年行政复议为 0，正文也未提及以往的复议 / \
                 {l} suit(s) after review, but no review this year and none mentioned earlier"
            ),
        )
        .values(None, Some(l))
        .operands(vec![rv.r]),
    );
}

#[cfg(test)]
mod tests;
