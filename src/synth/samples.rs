//! The reports shipped in `samples/`: which body, year, template and layout each one is, and
//! which defects it carries, so tests can regenerate a file and know its exact findings.
//!
//! `examples/gen_samples.rs` writes these files; a test below checks that the committed files
//! are what the generator writes today, so the expectations never drift from the texts.

use std::fmt::Write as _;

use serde::Serialize;

use super::defect::{Defect, Planted};
use super::pair::break_carry;
use super::render::{Layout, render};
use super::spec::{BODIES, BlankStyle, Body, ReportSpec};
use crate::model::{BodyKind, TableId};
use crate::template::TemplateVersion;

/// One shipped sample report.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// File name inside `samples/`.
    pub file: String,
    pub body: String,
    pub year: i32,
    pub template: TemplateVersion,
    pub layout: Layout,
    /// What was planted, with the findings each defect must produce; empty for a clean report.
    pub defects: Vec<Planted>,
    #[serde(skip)]
    pub text: String,
}

/// A file in `samples/` that is plainly not an annual report (the "not a report" path).
pub const NOT_A_REPORT_FILE: &str = "not-a-report.txt";

/// A short meeting notice: no section headings, no tables.
pub const NOT_A_REPORT: &str = "关于召开第三季度安全生产工作会议的通知

各科室、各下属单位：

经研究，定于下周三上午九时在办公楼三楼会议室召开第三季度安全生产工作会议，现将有关事项通知如下。

会议内容：通报前三季度安全生产检查情况，部署第四季度隐患排查和冬季防火工作。

参会人员：各科室负责人、各下属单位分管负责同志。

有关要求：请参会人员提前十分钟到场签到，不得无故缺席；确因特殊情况不能参会的，请提前向办公室请假。

联系人：办公室 李同志

办公室
";

/// Bodies only the samples use, so that every sample has a body of its own (the generator's
/// pool has fewer bodies than there are samples, and two unrelated samples of one body would be
/// linked across years, or called the same report twice, by accident).
static SAMPLE_BODIES: &[Body] = &[
    Body {
        name: "松陵区人民政府",
        kind: BodyKind::Government,
        rule_making: false,
        scale: 50,
        we: "我区",
        tag: "district-gov",
    },
    Body {
        name: "栖云县人民政府办公室",
        kind: BodyKind::Department,
        rule_making: false,
        scale: 10,
        we: "我办",
        tag: "county-office",
    },
    Body {
        name: "云溪市人民政府",
        kind: BodyKind::Government,
        rule_making: true,
        scale: 220,
        we: "我市",
        tag: "city-gov",
    },
];

fn sample_body(name: &str) -> &'static Body {
    BODIES
        .iter()
        .chain(SAMPLE_BODIES)
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no body named {name}"))
}

/// The sample whose previous year is shipped too, and the previous year's file: last year's
/// report of the same body whose 结转下年度 (自然人 and 总计) is [`PAIR_BREAK`] more than this
/// year's 上年结转, so `gouji check samples` gives X-CARRY on this year's report.
pub const PAIR_THIS: &str = "2022-bureau-late-wrong-period";
pub const PAIR_PREVIOUS: &str = "2021-bureau-carry-over-to-2022-broken";
/// How much last year's 结转下年度 exceeds this year's 上年结转 in the pair.
pub const PAIR_BREAK: i64 = 2;

struct Def {
    name: &'static str,
    /// The body's full name; no two samples share one (except the deliberate pair).
    body: &'static str,
    version: TemplateVersion,
    year: i32,
    layout: Layout,
    seed: u64,
    defects: Vec<Defect>,
    tweak: fn(&mut ReportSpec),
}

fn keep(_: &mut ReportSpec) {}

fn defs() -> Vec<Def> {
    use Layout::*;
    use TemplateVersion::{V2019, V2021};
    vec![
        Def {
            name: "2020-city-gov-clean",
            body: "青岚市人民政府",
            version: V2019,
            year: 2020,
            layout: CellPerLineBare,
            seed: 101,
            defects: vec![],
            tweak: keep,
        },
        Def {
            name: "2023-district-gov-clean",
            body: "望湖区人民政府",
            version: V2021,
            year: 2023,
            layout: Markdown,
            seed: 102,
            defects: vec![],
            tweak: keep,
        },
        Def {
            name: "2020-county-office-t3-sum7-broken",
            body: "栖云县人民政府办公室",
            version: V2019,
            year: 2020,
            layout: CellPerLinePipe,
            seed: 103,
            defects: vec![Defect::BreakT3Sum7 { col: "np" }],
            tweak: keep,
        },
        Def {
            name: "2022-bureau-t3-identity-broken",
            body: "澄川市人力资源和社会保障局",
            version: V2021,
            year: 2022,
            layout: PipeRow,
            seed: 104,
            defects: vec![Defect::BreakT3Identity { col: "np" }],
            tweak: keep,
        },
        Def {
            name: "2024-city-gov-t3-row-broken",
            body: "澄川市人民政府",
            version: V2021,
            year: 2024,
            layout: PdfText,
            seed: 105,
            defects: vec![Defect::BreakT3Row { row: "r4_1" }],
            tweak: keep,
        },
        Def {
            name: "2021-county-office-t4-sum-broken",
            body: "石澜县人民政府办公室",
            version: V2021,
            year: 2021,
            layout: OneLine,
            seed: 106,
            defects: vec![Defect::BreakT4Sum { group: "lr" }],
            tweak: keep,
        },
        Def {
            name: "2023-bureau-negative-count",
            body: "青岚市自然资源和规划局",
            version: V2021,
            year: 2023,
            layout: Markdown,
            seed: 107,
            defects: vec![Defect::NegativeCount],
            tweak: keep,
        },
        Def {
            name: "2020-town-blank-cells-truncated-header",
            body: "芦汀镇人民政府",
            version: V2019,
            year: 2020,
            layout: CellPerLinePipe,
            seed: 108,
            defects: vec![
                Defect::BlankCell {
                    table: TableId::T3,
                    row: "r1",
                    col: "res",
                },
                Defect::BlankCell {
                    table: TableId::T3,
                    row: "r5_2",
                    col: "law",
                },
                Defect::BlankCell {
                    table: TableId::T4,
                    row: "ld",
                    col: "pend",
                },
                Defect::BlankCell {
                    table: TableId::T2,
                    row: "penalty",
                    col: "decisions",
                },
                Defect::TruncatedHeader,
            ],
            tweak: |s| s.blank_style = BlankStyle::Empty,
        },
        Def {
            name: "2021-bureau-old-format",
            body: "望湖区住房和城乡建设局",
            version: V2021,
            year: 2021,
            layout: PipeRow,
            seed: 109,
            defects: vec![Defect::OldFormatForYear],
            tweak: keep,
        },
        Def {
            name: "2019-district-gov-missing-t4-missing-section-6",
            body: "松陵区人民政府",
            version: V2019,
            year: 2019,
            layout: CellPerLineBare,
            seed: 110,
            defects: vec![
                Defect::MissingTable { table: TableId::T4 },
                Defect::MissingSection { number: 6 },
            ],
            tweak: keep,
        },
        Def {
            name: "2020-street-extra-row-header-cells-heading-unit",
            body: "枫林街道办事处",
            version: V2019,
            year: 2020,
            layout: CellPerLineBare,
            seed: 111,
            defects: vec![
                Defect::ExtraRow,
                Defect::MissingHeaderCells,
                Defect::HeadingVariant,
                Defect::AmountNoUnit,
            ],
            tweak: keep,
        },
        Def {
            name: "2022-bureau-late-wrong-period",
            body: "栖云县教育体育局",
            version: V2021,
            year: 2022,
            layout: PipeRow,
            seed: 112,
            defects: vec![Defect::LateDeadline, Defect::WrongPeriod],
            tweak: |s| s.show_published = true,
        },
        Def {
            name: "2023-town-rules-without-authority-order",
            body: "禾丰乡人民政府",
            version: V2021,
            year: 2023,
            layout: Markdown,
            seed: 113,
            defects: vec![Defect::RegAuthority, Defect::WrongOrder],
            tweak: keep,
        },
        Def {
            name: "2020-city-gov-table2-implausible",
            body: "云溪市人民政府",
            version: V2019,
            year: 2020,
            layout: PdfText,
            seed: 114,
            defects: vec![
                Defect::PubTotal { row: "rules" },
                Defect::RegPub {
                    row: "normative_docs",
                },
                Defect::ItemsNegative {
                    row: "other_services",
                },
                Defect::DecisionsNoItems { row: "enforcement" },
                Defect::ProcMismatch,
            ],
            tweak: keep,
        },
        Def {
            name: "2022-county-gov-table2-implausible-old-label",
            body: "石澜县人民政府",
            version: V2021,
            year: 2022,
            layout: OneLine,
            seed: 115,
            defects: vec![Defect::InForceLow, Defect::FeeUnitYuan, Defect::OldLabel],
            tweak: keep,
        },
    ]
}

/// Every shipped sample report, generated afresh (pure; no I/O).
pub fn all() -> Vec<Sample> {
    let mut out = Vec::new();
    for d in defs() {
        let body = sample_body(d.body);
        let mut spec = ReportSpec::consistent_for(d.seed, d.version, d.year, body);
        (d.tweak)(&mut spec);
        if d.name == PAIR_THIS {
            // Last year's report, made from this year's before its own defects are planted.
            let mut prev = spec.previous_year();
            break_carry(&mut prev, "np", PAIR_BREAK);
            let layout = Layout::CellPerLinePipe;
            out.push(Sample {
                file: format!("{PAIR_PREVIOUS}.{}", layout.extension()),
                body: prev.body.clone(),
                year: prev.year,
                template: prev.version,
                layout,
                defects: Vec::new(),
                text: render(&prev, layout),
            });
        }
        let defects: Vec<Planted> = d.defects.iter().map(|x| x.plant(&mut spec)).collect();
        out.push(Sample {
            file: format!("{}.{}", d.name, d.layout.extension()),
            body: spec.body.clone(),
            year: spec.year,
            template: spec.version,
            layout: d.layout,
            defects,
            text: render(&spec, d.layout),
        });
    }
    out
}

/// `samples/README.md`: each file, what it is, and the findings it must produce.
pub fn readme(samples: &[Sample]) -> String {
    let mut s = String::new();
    s.push_str("# Sample reports\n\n");
    s.push_str(
        "Synthetic annual reports written by gouji's generator (`src/synth`), in the official \
         shape of both formats (2019 and 2021), in the text layouts real reports come in. The \
         figures are drawn from a seed and are fully consistent except for the defects planted \
         on purpose; the prose is generated. Regenerate with `cargo run --example gen_samples` \
         (the output is byte-for-byte reproducible; a unit test checks the committed files).\n\n",
    );
    s.push_str(
        "`manifest.json` holds the same information for tests. A finding is listed as \
         `rule (severity) in table row R column C`; parts that are left out match anything. \
         Besides the findings listed, a report must produce no other warning or error.\n\n",
    );
    s.push_str("| file | body | year | format | layout | planted | expected findings |\n");
    s.push_str("|---|---|---|---|---|---|---|\n");
    for x in samples {
        let planted: Vec<String> = x.defects.iter().map(|p| p.defect.slug()).collect();
        let expected: Vec<String> = x
            .defects
            .iter()
            .flat_map(|p| p.must.iter().map(|e| e.to_string()))
            .collect();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            x.file,
            x.body,
            x.year,
            x.template.as_str(),
            x.layout.name(),
            if planted.is_empty() {
                "none (clean)".to_string()
            } else {
                planted.join(", ")
            },
            if expected.is_empty() {
                "no warning or error".to_string()
            } else {
                expected.join("; ")
            },
        );
    }
    let _ = writeln!(
        s,
        "| `{NOT_A_REPORT_FILE}` | — | — | — | — | a meeting notice | listed as not a report, no findings |"
    );
    let _ = write!(
        s,
        "\nEach sample has a body of its own, except one deliberate cross-year pair: \
         `{PAIR_PREVIOUS}` is last year's report of the body of `{PAIR_THIS}`, consistent on its \
         own, but its 四、结转下年度继续办理 (自然人 and 总计) is {PAIR_BREAK} more than the 2022 \
         report's 二、上年结转. Checked together (`gouji check samples`, cross-year linking is \
         the default), the 2022 report names the 2021 one as `previous` and gets X-CARRY \
         (error) in 表三 上年结转 for 自然人 and 总计; `--no-years` checks each file alone.\n"
    );
    s.push_str(
        "\nTolerated extra findings (rules an auditor may derive from the same cells): \
         `old-format` may also give V-LABEL and V-BASIS; `items-negative` may also give \
         P-DECISIONS on the same row; a changed 结转/新收/上年结转 cell may also give T3-COUT≤.\n",
    );
    s
}

/// `samples/manifest.json`.
pub fn manifest(samples: &[Sample]) -> String {
    serde_json::to_string_pretty(samples).expect("samples serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn samples_cover_both_formats_several_layouts_and_every_rule_family() {
        let s = all();
        assert!(s.len() >= 10);
        // Two clean reports, and last year's half of the cross-year pair.
        assert_eq!(s.iter().filter(|x| x.defects.is_empty()).count(), 3);
        let bodies: BTreeSet<_> = s.iter().map(|x| (&x.body, x.year)).collect();
        assert_eq!(bodies.len(), s.len(), "no two samples of one body and year");
        // Apart from the deliberate pair, two samples of one body are years apart (the PDFs in
        // tests/pdf were made from two samples, whose bodies stay), so none is linked by chance.
        for x in &s {
            for y in &s {
                let pair = [x.file.as_str(), y.file.as_str()]
                    == [format!("{PAIR_PREVIOUS}.txt"), format!("{PAIR_THIS}.txt")];
                if x.body == y.body && y.year == x.year + 1 {
                    assert!(pair, "{} and {} are linked by chance", x.file, y.file);
                }
            }
        }
        let versions: BTreeSet<_> = s.iter().map(|x| x.template).collect();
        assert_eq!(versions.len(), 2);
        let layouts: BTreeSet<_> = s.iter().map(|x| x.layout.name()).collect();
        assert_eq!(layouts.len(), Layout::ALL.len());
        let rules: BTreeSet<&str> = s
            .iter()
            .flat_map(|x| x.defects.iter().flat_map(|p| p.must.iter().map(|e| e.rule)))
            .collect();
        for family in [
            "T3-ID",
            "T3-SUM7",
            "T3-ROW",
            "T4-SUM",
            "T4-NONNEG",
            "C-BLANK",
            "C-TABLE-MISSING",
            "V-FORMAT",
            "S-SIX",
            "C-HEADER",
            "C-EXTRA-ROW",
            "P-PUBTOTAL",
            "P-REGPUB",
            "P-ITEMS",
            "P-DECISIONS",
            "P-PROC",
            "P-UNIT",
            "P-INFORCE",
            "P-FEE-UNIT",
            "P-REG-AUTHORITY",
            "V-LABEL",
            "Y-PERIOD",
            "D-LATE",
        ] {
            assert!(rules.contains(family), "no sample plants {family}");
        }
        let names: BTreeSet<_> = s.iter().map(|x| &x.file).collect();
        assert_eq!(names.len(), s.len(), "file names are unique");
    }

    #[test]
    fn committed_samples_are_what_the_generator_writes() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let s = all();
        for x in &s {
            let on_disk = std::fs::read_to_string(dir.join(&x.file)).unwrap_or_else(|e| {
                panic!("{}: {e} (run cargo run --example gen_samples)", x.file)
            });
            assert!(
                on_disk == x.text,
                "{} is stale: run cargo run --example gen_samples",
                x.file
            );
        }
        let readme_on_disk = std::fs::read_to_string(dir.join("README.md")).unwrap();
        assert_eq!(readme_on_disk, readme(&s));
        let manifest_on_disk = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
        assert_eq!(manifest_on_disk, manifest(&s));
        let nar = std::fs::read_to_string(dir.join(NOT_A_REPORT_FILE)).unwrap();
        assert_eq!(nar, NOT_A_REPORT);
    }
}
