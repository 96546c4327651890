//! Tests of `render`.

use super::*;
use crate::synth::grid::{cell_text, style_label, t3_group};
use crate::template::{T3_COLS, T4_COLS, TemplateVersion};

/// Cells of a rendered text: split on whitespace and pipes, page markers dropped.
fn tokens(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with("- ") && t.ends_with(" -"))
        })
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || c == '|'))
        .filter(|t| !t.is_empty() && *t != "---")
        .map(str::to_string)
        .collect()
}

/// The `n` tokens after the first occurrence of `label` (which may span tokens).
fn values_after(toks: &[String], from: usize, label: &str, n: usize) -> Option<Vec<String>> {
    for i in from..toks.len() {
        let mut acc = String::new();
        let mut j = i;
        while acc.len() < label.len() && j < toks.len() {
            acc.push_str(&toks[j]);
            j += 1;
        }
        if acc == label {
            return Some(toks[j..(j + n).min(toks.len())].to_vec());
        }
    }
    None
}

fn specs() -> Vec<ReportSpec> {
    let mut v = Vec::new();
    for seed in 0..4u64 {
        v.push(ReportSpec::consistent(seed, TemplateVersion::V2019, 2020));
        v.push(ReportSpec::consistent(seed, TemplateVersion::V2021, 2023));
    }
    let mut half = ReportSpec::consistent(9, TemplateVersion::V2021, 2022);
    half.halfwidth = true;
    v.push(half);
    v
}

#[test]
fn same_spec_same_bytes() {
    for spec in specs() {
        for layout in Layout::ALL {
            assert_eq!(render(&spec, layout), render(&spec, layout));
        }
    }
    let a = ReportSpec::consistent(77, TemplateVersion::V2021, 2022);
    let b = ReportSpec::consistent(77, TemplateVersion::V2021, 2022);
    assert_eq!(render(&a, Layout::PdfText), render(&b, Layout::PdfText));
}

#[test]
fn every_layout_prints_every_label_with_its_values_in_order() {
    for spec in specs() {
        for layout in Layout::ALL {
            let text = render(&spec, layout);
            let toks = tokens(&text);
            let ctx = format!("{} seed {} {:?}", layout.name(), spec.seed, spec.version);
            let t = spec.version.get();
            for row in t.t2 {
                let label = if spec.old_labels && row.key == "normative_docs" {
                    "规范性文件".to_string()
                } else {
                    style_label(&spec, row.label)
                };
                let want: Vec<String> = row
                    .cols
                    .iter()
                    .map(|c| cell_text(&spec, TableId::T2, row.key, c.key).unwrap())
                    .collect();
                let got = values_after(&toks, 0, &label, want.len());
                assert_eq!(got.as_ref(), Some(&want), "表二 {label} in {ctx}");
            }
            let start = toks.iter().position(|t| t == "申请人情况").expect(&ctx);
            for row in t.t3 {
                let label = style_label(&spec, row.label);
                let want: Vec<String> = T3_COLS
                    .iter()
                    .map(|c| cell_text(&spec, TableId::T3, row.key, c.key).unwrap())
                    .collect();
                let got = values_after(&toks, start, &label, 7);
                assert_eq!(got.as_ref(), Some(&want), "表三 {label} in {ctx}");
                if let Some(g) = t3_group(spec.version, row.key) {
                    let g: String = style_label(&spec, g).split_whitespace().collect();
                    assert!(
                        values_after(&toks, start, &g, 0).is_some(),
                        "group {g} in {ctx}"
                    );
                }
            }
            let want: Vec<String> = ["rv", "ld", "lr"]
                .iter()
                .flat_map(|g| T4_COLS.iter().map(move |c| (*g, c.key)))
                .map(|(g, c)| cell_text(&spec, TableId::T4, g, c).unwrap())
                .collect();
            let last_total = toks.iter().rposition(|t| t == "总计").expect(&ctx);
            assert_eq!(
                toks[last_total + 1..last_total + 16],
                want[..],
                "表四 in {ctx}"
            );
            for h in crate::synth::spec::CANONICAL_HEADINGS {
                assert!(text.contains(h), "{h} in {ctx}");
            }
            assert!(text.contains(&spec.body), "{ctx}");
        }
    }
}

#[test]
fn reports_with_prose_weigh_8_to_20_kb() {
    for seed in 0..6u64 {
        for (v, year) in [
            (TemplateVersion::V2019, 2019),
            (TemplateVersion::V2021, 2024),
        ] {
            let spec = ReportSpec::consistent(seed, v, year);
            for layout in Layout::ALL {
                let n = render(&spec, layout).len();
                assert!(
                    (8_000..=20_000).contains(&n),
                    "{} bytes for {} seed {seed} {v:?}",
                    n,
                    layout.name()
                );
            }
        }
    }
}

#[test]
fn title_period_and_signature_are_printed() {
    let spec = ReportSpec::consistent(4, TemplateVersion::V2021, 2023);
    for layout in [Layout::PipeRow, Layout::Markdown, Layout::OneLine] {
        let text = render(&spec, layout);
        assert!(text.contains(&title(&spec)));
        assert!(text.contains("本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止"));
        assert!(text.trim_end().ends_with(&date_cn(spec.published)));
    }
    let pdf = render(&spec, Layout::PdfText);
    assert!(
        pdf.contains("统计期限自 2023 年 1 月 1 日"),
        "digits spaced as PDF text has them"
    );
    let joined: String = pdf.split_whitespace().collect();
    assert!(joined.contains("统计期限自2023年1月1日起至2023年12月31日止"));
    assert!(pdf.lines().any(|l| l == "- 2 -"), "page markers");
}

#[test]
fn one_line_layout_keeps_the_body_on_one_line() {
    let spec = ReportSpec::consistent(8, TemplateVersion::V2019, 2020);
    let text = render(&spec, Layout::OneLine);
    assert_eq!(text.lines().count(), 3);
    let body = text.lines().nth(1).unwrap();
    assert!(body.contains("一、总体情况") && body.contains("六、其他需要报告的事项"));
    assert!(body.contains(" | （七）总计 | ") || body.contains(" | (七)总计 | "));
}

#[test]
fn blank_cells_follow_the_layout_and_style() {
    let mut spec = ReportSpec::consistent(5, TemplateVersion::V2021, 2022).compact();
    spec.t3.set("r2", "res", None);
    spec.blank_style = BlankStyle::Empty;
    let bare = render(&spec, Layout::CellPerLineBare);
    assert!(bare.contains("\n \n"), "blank-with-space line");
    let pipe = render(&spec, Layout::CellPerLinePipe);
    assert!(pipe.lines().any(|l| l == "|"), "lone pipe");
    let row = render(&spec, Layout::PipeRow);
    assert!(row.contains(" |  | "), "empty cell between pipes");
    // PDF text cannot show an empty cell: it prints a slash.
    let pdf = render(&spec, Layout::PdfText);
    assert!(pdf.contains(" / "));
    spec.blank_style = BlankStyle::Dash;
    let md = render(&spec, Layout::Markdown);
    assert!(md.contains("| - |"));
}

#[test]
fn the_split_markdown_layout_cuts_table_three_per_group_and_table_four_in_blocks() {
    let (mut real, mut generic, mut headless, mut named, mut plain) = (0, 0, 0, 0, 0);
    let (mut short_six, mut doubled, mut short_ngo) = (0, 0, 0);
    for seed in 0..12u64 {
        for (version, year) in [
            (TemplateVersion::V2019, 2020),
            (TemplateVersion::V2021, 2023),
        ] {
            let spec = ReportSpec::consistent(seed, version, year);
            let md = render(&spec, Layout::MarkdownSplit);
            for g in ["（三）不予公开", "（四）无法提供", "（五）不予处理"] {
                assert!(
                    md.contains(&format!("### {}", style_label(&spec, g))),
                    "{md}"
                );
            }
            let six = format!("### {}", style_label(&spec, "（六）其他"));
            assert_eq!(md.contains(&six), version == TemplateVersion::V2021);
            for g in [
                "行政复议",
                "行政诉讼（未经复议直接起诉）",
                "行政诉讼（复议后起诉）",
            ] {
                assert!(md.contains(&format!("### {}", style_label(&spec, g))));
            }
            short_six += usize::from(!md.contains("其他处理"));
            doubled += usize::from(md.contains("不予公开 1.属于国家秘密"));
            short_ngo += usize::from(md.contains("| 社会公益 |"));
            real += md.matches("| 项目 | 自然人 |").count();
            generic += md.matches("| 类别 | 数据1 |").count();
            // Small tables after the first: one per group and one for the rows after them.
            let small = if version == TemplateVersion::V2021 {
                5
            } else {
                4
            };
            headless += small
                - md.matches("| 项目 | 自然人 |").count()
                - md.matches("| 类别 | 数据1 |").count();
            if md.contains("| 类别 | 结果维持 |") {
                named += 1;
            } else {
                plain += 1;
            }
        }
    }
    assert!(
        real > 0 && generic > 0 && headless > 0,
        "{real} {generic} {headless}"
    );
    assert!(named > 0 && plain > 0, "{named} {plain}");
    assert!(short_six > 0 && doubled > 0 && short_ngo > 0);
}

#[test]
fn the_vertical_pdf_layout_prints_narrow_header_cells_two_characters_per_line() {
    for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
        let spec = ReportSpec::consistent(5, version, 2023).compact();
        let text = render(&spec, Layout::PdfVertical);
        assert!(text.contains("\n商业 科研 社会 法律 其他\n企业 机构 公益 服务\n组织 机构\n"));
        assert!(text.contains("维持 纠正 结果 审结 维持 纠正 结果 审结 维持 纠正 结果 审结"));
        assert!(!text.contains("商业企业"), "no heading printed whole");
    }
}

#[test]
fn the_pasted_markdown_layout_repeats_a_header_inside_table_three_and_writes_figures_as_typed() {
    let (mut repeated, mut bare, mut rows_named) = (0, 0, 0);
    let (mut separators, mut words, mut signs, mut three) = (0, 0, 0, 0);
    for seed in 0..12u64 {
        for (version, year) in [
            (TemplateVersion::V2019, 2020),
            (TemplateVersion::V2021, 2023),
        ] {
            let spec = ReportSpec::consistent(seed, version, year);
            let md = render(&spec, Layout::MarkdownPasted);
            let t3 = &md[md.find("| 自然人 |").expect("表三 header")..];
            let t3 = &t3[..t3.find("## ").unwrap_or(t3.len())];
            // The stray header sits among the last rows: (七)总计 is at most eight rows on.
            let stray = [
                "| 项目 |  | 自然人 |",
                "\n| 自然人 | 商业企业 |",
                "| 项目 | 本年新收件数 |",
            ]
            .map(|h| t3.find(h));
            let at = stray.iter().flatten().next().expect("a stray header");
            let after = t3[*at..].lines().count();
            assert!((2..=10).contains(&after), "{after} lines after\n{t3}");
            repeated += usize::from(stray[0].is_some());
            bare += usize::from(stray[1].is_some());
            rows_named += usize::from(stray[2].is_some());
            let cells: Vec<&str> = md
                .lines()
                .filter(|l| l.starts_with('|'))
                .flat_map(|l| l.split('|'))
                .map(str::trim)
                .collect();
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            separators += cells
                .iter()
                .filter(|c| c.contains(',') && c.split(',').all(digits))
                .count();
            words += cells
                .iter()
                .filter(|c| c.strip_prefix(['增', '减']).is_some_and(digits))
                .count();
            signs += cells
                .iter()
                .filter(|c| c.strip_prefix('+').is_some_and(digits))
                .count();
            three += cells
                .iter()
                .filter(|c| {
                    c.split_once('.')
                        .is_some_and(|(i, d)| digits(i) && digits(d) && d.len() == 3)
                })
                .count();
        }
    }
    assert!(
        repeated > 0 && bare > 0 && rows_named > 0,
        "{repeated} {bare} {rows_named}"
    );
    assert!(
        separators > 0 && words > 0 && signs > 0 && three > 0,
        "{separators} {words} {signs} {three}"
    );
}
