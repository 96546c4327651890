//! The template's own names for a finding's place: row and column labels by key, and the
//! location a notice line starts with (`表三（七）总计·自然人`).

use crate::template::{
    ColDef, RowDef, T2_EXTRA_OTHER_DOCS, T3_COLS, T4_COLS, TableId, TemplateVersion, t3_groups,
};

/// The row definition, trying the report's format first (keys are shared by both formats
/// except a few), then the extra 表二 row some provinces add.
pub(super) fn row_def(
    version: Option<TemplateVersion>,
    table: TableId,
    key: &str,
) -> Option<&'static RowDef> {
    let order = match version {
        Some(TemplateVersion::V2019) => [TemplateVersion::V2019, TemplateVersion::V2021],
        _ => [TemplateVersion::V2021, TemplateVersion::V2019],
    };
    order
        .iter()
        .find_map(|v| v.get().row(table, key).map(|(_, r)| r))
        .or_else(|| {
            (table == TableId::T2 && key == T2_EXTRA_OTHER_DOCS.key).then_some(&T2_EXTRA_OTHER_DOCS)
        })
}

/// The official row label; a 表三 sub-item carries its group (`（三）不予公开 1.属于国家秘密`),
/// since `1.` alone names four different rows.
pub(super) fn row_label(version: Option<TemplateVersion>, table: TableId, key: &str) -> String {
    let Some(def) = row_def(version, table, key) else {
        return key.to_string();
    };
    if table == TableId::T3 {
        let v = version.unwrap_or(TemplateVersion::V2021);
        for (group, members) in t3_groups(v) {
            if members.len() > 1 && members.contains(&key) {
                return format!("{group} {}", def.label);
            }
        }
    }
    def.label.to_string()
}

pub(super) fn col_label(
    row: Option<&'static RowDef>,
    table: TableId,
    key: &str,
) -> Option<&'static str> {
    if let Some((_, c)) = row.and_then(|r| r.col(key)) {
        return Some(c.label);
    }
    let cols: &[ColDef] = match table {
        TableId::T3 => &T3_COLS,
        TableId::T4 => &T4_COLS,
        TableId::T2 => return None,
    };
    cols.iter().find(|c| c.key == key).map(|c| c.label)
}

/// `表三（七）总计·自然人`, `表四 行政复议·结果维持`, `表二`, `第 40 行`.
pub(super) fn location(
    table: Option<TableId>,
    row: Option<&str>,
    col: Option<&str>,
    line: Option<u32>,
) -> String {
    let Some(t) = table else {
        return line.map_or("报告".to_string(), |l| format!("第 {l} 行"));
    };
    let mut s = t.short().to_string();
    if let Some(r) = row {
        if !r.starts_with('（') {
            s.push(' ');
        }
        s.push_str(r);
    }
    if let Some(c) = col {
        s.push(if row.is_some() { '·' } else { ' ' });
        s.push_str(c);
    }
    s
}

/// A row's place in the template, for listing rows in the order a reader meets them.
pub(super) fn template_pos(
    version: Option<TemplateVersion>,
    table: TableId,
    key: &str,
) -> Option<usize> {
    let v = version.unwrap_or(TemplateVersion::V2021);
    v.get()
        .row(table, key)
        .map(|(i, _)| i)
        .or_else(|| (key == T2_EXTRA_OTHER_DOCS.key).then_some(usize::MAX - 1))
}
