//! The registry in words: `gouji rules` lists every rule, `gouji rules ID` explains one (as
//! `ruff rule` and `rustc --explain` do), and `gouji rules --markdown` writes docs/rules.md.

use std::io::{self, Write};

use super::Rule;

/// The width of the id column: the longest id and a space.
const ID_WIDTH: usize = 16;

/// One line per rule: id, severity, formula in Chinese.
pub fn list(out: &mut dyn Write) -> io::Result<()> {
    for r in Rule::ALL {
        let s = r.spec();
        writeln!(
            out,
            "{:<ID_WIDTH$}{:<8}{}",
            r.id(),
            s.severity.as_str(),
            s.zh
        )?;
    }
    writeln!(out, "\n`gouji rules ID` explains one rule.")
}

/// Everything the registry says about `rule`.
pub fn explain(rule: Rule, out: &mut dyn Write) -> io::Result<()> {
    let s = rule.spec();
    let by = match s.source {
        super::Source::Load => "when the file is loaded",
        super::Source::Extract => "by the extractor, while reading the tables",
        super::Source::Audit => "by the audit",
    };
    writeln!(out, "{rule}: {} (checked {by})\n", s.severity.as_str())?;
    writeln!(out, "  公式     {}", s.zh)?;
    writeln!(out, "  formula  {}", s.en)?;
    writeln!(out, "  整改清单 {}", s.notice)?;
    if matches!(rule, Rule::T3Id | Rule::T3Sum7 | Rule::T3Row | Rule::T4Sum) {
        writeln!(
            out,
            "\n  A check that cannot be verified for blank cells is reported as info."
        )?;
    }
    if rule == Rule::SSix {
        writeln!(
            out,
            "\n  A missing section is an error; a heading variant or a section out of order is a warning."
        )?;
    }
    Ok(())
}

/// docs/rules.md: the registry as a Markdown table.
pub fn markdown(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# The rules gouji checks（勾稽规则）\n")?;
    writeln!(
        out,
        "<!-- Generated from src/rules.rs by `gouji rules --markdown > docs/rules.md`; do not edit. -->\n"
    )?;
    writeln!(
        out,
        "Each finding names one of these rules. `gouji rules` lists them and `gouji rules ID` \
         explains one; the notice column is the sentence the rectification list (`gouji export`) \
         sends to the submitting office.\n"
    )?;
    writeln!(
        out,
        "| Rule | Severity | Checked by | 公式 | Formula | 整改清单用语 (notice) |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for r in Rule::ALL {
        let s = r.spec();
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            r.id(),
            s.severity.as_str(),
            s.source.as_str(),
            cell(s.zh),
            cell(s.en),
            cell(s.notice)
        )?;
    }
    Ok(())
}

/// Table cells cannot hold a bare `|`.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}
