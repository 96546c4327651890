//! The extractor on the real reports in ../shared (seeds and reports): every layout they use
//! must yield the right cells, metadata and structural findings (domain.md §9).

use std::path::{Path, PathBuf};

use gouji::extract::extract_bytes;
use gouji::model::{BodyKind, Report, TemplateVersion};

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel)
}

fn seed(prefix: &str) -> Report {
    let dir = shared("seeds");
    let path = std::fs::read_dir(&dir)
        .expect("../shared/seeds must sit beside the project")
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    load(&path)
}

fn load(path: &Path) -> Report {
    extract_bytes(path, &std::fs::read(path).unwrap())
}

/// The values of one row, `None` for a missing cell.
fn row(r: &Report, table: &str, key: &str) -> Vec<Option<i64>> {
    let t = match table {
        "t2" => r.tables.t2.as_ref(),
        "t3" => r.tables.t3.as_ref(),
        _ => r.tables.t4.as_ref(),
    }
    .unwrap_or_else(|| panic!("{table} not found"));
    t.row(key).unwrap().cells.iter().map(|c| c.int()).collect()
}

fn all(v: &[i64]) -> Vec<Option<i64>> {
    v.iter().map(|x| Some(*x)).collect()
}

fn rules(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.id()).collect()
}

#[test]
fn every_shared_report_is_read_without_panicking_and_has_all_tables() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(shared("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.push(shared("reports/huaian-2024.txt"));
    assert!(paths.len() >= 6);
    for p in paths {
        let r = load(&p);
        assert!(r.is_report, "{}", p.display());
        assert!(r.tables.t2.is_some(), "{}: 表二", p.display());
        assert!(r.tables.t3.is_some(), "{}: 表三", p.display());
        assert!(r.tables.t4.is_some(), "{}: 表四", p.display());
        assert_eq!(r.sections.len(), 6, "{}: sections", p.display());
    }
}

#[test]
fn seed_003_every_cell_of_tables_three_and_four() {
    let r = seed("003");
    assert_eq!(r.template, Some(TemplateVersion::V2019));
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.body.as_deref(), Some("兰州市"));
    assert_eq!(r.published.unwrap().to_string(), "2021-03-09");
    let expected: &[(&str, [i64; 7])] = &[
        ("new", [284, 50, 1, 2, 6, 0, 343]),
        ("cin", [14, 0, 0, 0, 0, 0, 14]),
        ("r1", [252, 40, 1, 2, 2, 0, 297]),
        ("r2", [8, 0, 0, 0, 0, 0, 8]),
        ("r3_1", [0, 0, 0, 0, 0, 0, 0]),
        ("r3_2", [4, 0, 0, 0, 0, 0, 4]),
        ("r3_3", [0, 0, 0, 0, 0, 0, 0]),
        ("r3_4", [1, 0, 0, 0, 0, 0, 1]),
        ("r3_5", [2, 1, 0, 0, 0, 0, 3]),
        ("r3_6", [1, 1, 0, 0, 0, 0, 2]),
        ("r3_7", [2, 1, 0, 0, 0, 0, 3]),
        ("r3_8", [1, 1, 0, 0, 0, 0, 2]),
        ("r4_1", [16, 6, 0, 0, 4, 0, 26]),
        ("r4_2", [0, 0, 0, 0, 0, 0, 0]),
        ("r4_3", [0, 0, 0, 0, 0, 0, 0]),
        ("r5_1", [2, 0, 0, 0, 0, 0, 2]),
        ("r5_2", [6, 0, 0, 0, 0, 0, 6]),
        ("r5_3", [0, 0, 0, 0, 0, 0, 0]),
        ("r5_4", [3, 0, 0, 0, 0, 0, 3]),
        ("r5_5", [0, 0, 0, 0, 0, 0, 0]),
        ("r6", [0, 0, 0, 0, 0, 0, 0]),
        ("r7", [298, 50, 1, 2, 6, 0, 357]),
        ("cout", [0, 0, 0, 0, 0, 0, 0]),
    ];
    for (key, values) in expected {
        assert_eq!(row(&r, "t3", key), all(values), "表三 {key}");
    }
    assert_eq!(row(&r, "t4", "rv"), all(&[18, 6, 30, 14, 68]));
    assert_eq!(row(&r, "t4", "ld"), all(&[1, 2, 25, 13, 41]));
    assert_eq!(row(&r, "t4", "lr"), all(&[1, 0, 7, 6, 14]));
    // 表二 with signed changes and an amount in 亿.
    assert_eq!(row(&r, "t2", "other_services"), all(&[2708, -271, 197708]));
    let amount = r
        .tables
        .t2
        .as_ref()
        .unwrap()
        .cell("procurement", "amount")
        .unwrap();
    let n = amount.value.as_ref().unwrap();
    assert_eq!(
        (n.value.to_string(), n.unit.as_deref()),
        ("27.88".into(), Some("亿"))
    );
    // Fully laid out: nothing placed by inference, no header complaint.
    assert!(!rules(&r).contains(&"C-INFERRED"), "{:?}", r.findings);
    assert!(!rules(&r).contains(&"C-HEADER"), "{:?}", r.findings);
    // The source line of a value is the line it is written on.
    let c = r.tables.t3.as_ref().unwrap().cell("r7", "tot").unwrap();
    assert_eq!(r.lines[(c.line.unwrap() - 1) as usize].trim(), "357");
}

#[test]
fn seed_002_total_row_zero_blank_penalty_cell_extra_row_and_missing_headings() {
    let r = seed("002");
    assert_eq!(r.body.as_deref(), Some("鄂城区"));
    assert_eq!(r.published.unwrap().to_string(), "2021-01-27");
    assert_eq!(row(&r, "t3", "r1"), all(&[15, 0, 0, 0, 0, 0, 15]));
    assert_eq!(row(&r, "t3", "r7"), all(&[0; 7]));
    assert_eq!(row(&r, "t3", "new"), all(&[15, 0, 0, 0, 0, 0, 15]));
    assert_eq!(row(&r, "t2", "penalty"), vec![Some(0), Some(0), None]);
    assert_eq!(row(&r, "t4", "rv"), all(&[10, 0, 2, 2, 14]));
    assert_eq!(row(&r, "t4", "ld"), all(&[0, 0, 0, 1, 1]));
    assert_eq!(row(&r, "t4", "lr"), all(&[0, 0, 0, 3, 3]));
    assert!(rules(&r).contains(&"C-EXTRA-ROW"));
    let t3_header = r
        .findings
        .iter()
        .find(|f| f.rule == "C-HEADER" && f.table == Some(gouji::model::TableId::T3))
        .expect("表三 heading finding");
    for label in ["法律服务机构", "其他", "总计"] {
        assert!(
            t3_header.message().contains(label),
            "{}",
            t3_header.message()
        );
    }
    assert!(r.findings.iter().any(|f| f.rule == "C-HEADER"
        && f.table == Some(gouji::model::TableId::T4)
        && f.message().contains("总计")));
    let s5 = r.sections.iter().find(|s| s.number == 5).unwrap();
    assert!(!s5.canonical);
}

#[test]
fn seed_004_single_line_2021_format() {
    let r = seed("004");
    assert_eq!(r.template, Some(TemplateVersion::V2021));
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.body_kind, BodyKind::Department);
    assert_eq!(r.published.unwrap().to_string(), "2024-01-31");
    assert_eq!(row(&r, "t3", "new"), all(&[8, 0, 0, 0, 0, 0, 8]));
    assert_eq!(row(&r, "t3", "r6_1"), all(&[0; 7]));
    assert_eq!(row(&r, "t3", "r6_3"), all(&[0; 7]));
    assert_eq!(row(&r, "t3", "r7"), all(&[8, 0, 0, 0, 0, 0, 8]));
    assert_eq!(row(&r, "t4", "rv"), all(&[0, 1, 0, 0, 1]));
    assert_eq!(row(&r, "t4", "lr"), all(&[0, 0, 0, 0, 1]));
    assert_eq!(row(&r, "t2", "fees"), all(&[0]));
}

#[test]
fn seed_001_lone_values_are_placed_in_total_and_flagged() {
    let r = seed("001");
    assert_eq!(r.body.as_deref(), Some("太和街道办事处"));
    assert_eq!(r.body_kind, BodyKind::Township);
    let mut lone = vec![None; 6];
    lone.push(Some(0));
    assert_eq!(row(&r, "t3", "r7"), lone);
    let cell = r.tables.t3.as_ref().unwrap().cell("new", "tot").unwrap();
    assert!(cell.inferred());
    assert_eq!(
        r.findings.iter().filter(|f| f.rule == "C-INFERRED").count(),
        23 + 1,
        "one per 表三 row and one for 表四"
    );
    assert_eq!(row(&r, "t4", "rv"), vec![None, None, None, None, Some(0)]);
    let amount = r
        .tables
        .t2
        .as_ref()
        .unwrap()
        .cell("procurement", "amount")
        .unwrap();
    let n = amount.value.as_ref().unwrap();
    assert_eq!(n.value.to_string(), "7.4890");
    assert_eq!(
        n.unit.as_deref(),
        Some("万元"),
        "the unit of the column heading"
    );
}

#[test]
fn seed_000_blank_cells_truncated_heading_and_amount_in_yuan() {
    let r = seed("000");
    assert_eq!(r.body.as_deref(), Some("弥勒市人民政府"));
    assert_eq!(r.published.unwrap().to_string(), "2021-02-20");
    assert_eq!(
        row(&r, "t3", "new"),
        vec![Some(13), Some(1), None, None, None, None, Some(14)]
    );
    assert_eq!(
        row(&r, "t3", "cout"),
        vec![Some(0), Some(0), None, None, None, None, Some(0)]
    );
    assert_eq!(row(&r, "t3", "r3_1"), vec![None; 7]);
    assert_eq!(row(&r, "t4", "ld"), vec![None, None, None, None, Some(0)]);
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "C-HEADER" && f.message().contains("本年新公开数量"))
    );
    // The blanks are explicit in this layout: nothing inferred.
    assert!(!rules(&r).contains(&"C-INFERRED"));
    let amount = r
        .tables
        .t2
        .as_ref()
        .unwrap()
        .cell("procurement", "amount")
        .unwrap();
    assert_eq!(amount.value.as_ref().unwrap().unit.as_deref(), Some("元"));
}

#[test]
fn huaian_pdf_text_with_wrapped_labels_and_page_markers() {
    let r = load(&shared("reports/huaian-2024.txt"));
    assert_eq!(r.template, Some(TemplateVersion::V2021));
    assert_eq!(r.body.as_deref(), Some("淮安市人民政府"));
    assert_eq!(r.year, Some(2024));
    assert_eq!(row(&r, "t3", "r4_1"), all(&[746, 12, 0, 0, 10, 1, 769]));
    assert_eq!(row(&r, "t3", "r4_2"), all(&[11, 0, 0, 0, 0, 0, 11]));
    assert_eq!(row(&r, "t3", "r5_5"), all(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&r, "t3", "r6_1"), all(&[67, 3, 0, 0, 1, 0, 71]));
    assert_eq!(row(&r, "t3", "r6_2"), all(&[6, 0, 0, 0, 0, 0, 6]));
    assert_eq!(row(&r, "t3", "r7"), all(&[2932, 53, 0, 0, 61, 4, 3050]));
    assert_eq!(row(&r, "t4", "lr"), all(&[12, 1, 1, 6, 20]));
    assert_eq!(row(&r, "t2", "penalty"), all(&[3985758]));
    let fee = r
        .tables
        .t2
        .as_ref()
        .unwrap()
        .cell("fees", "amount")
        .unwrap();
    let n = fee.value.as_ref().unwrap();
    assert_eq!(
        (n.value.to_string(), n.unit.as_deref()),
        ("96171.6".into(), Some("万元"))
    );
    assert!(!rules(&r).contains(&"C-INFERRED"), "{:?}", r.findings);
    assert!(!rules(&r).contains(&"C-HEADER"), "{:?}", r.findings);
}

#[test]
fn a_readme_is_not_a_report() {
    let r = gouji::extract::extract_text(
        Path::new("README.md"),
        "# notes\n\nThis folder holds the 2024 submissions. Total: 12 files.\n",
    );
    assert!(!r.is_report);
    assert!(r.findings.is_empty());
}

#[test]
fn truncated_reports_never_panic_and_keep_what_was_found() {
    let text = std::fs::read_to_string(
        std::fs::read_dir(shared("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("003_"))
            .unwrap(),
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for cut in (0..lines.len()).step_by(7) {
        let part = lines[..cut].join("\n");
        let _ = gouji::extract::extract_text(Path::new("cut.txt"), &part);
    }
    // Cut in the middle of 表三, after (三)4.保护第三方合法权益.
    let cut = lines
        .iter()
        .position(|l| l.contains("5.属于三类内部事务信息"))
        .unwrap();
    let r = gouji::extract::extract_text(Path::new("cut.txt"), &lines[..cut].join("\n"));
    assert_eq!(row(&r, "t3", "r3_4"), all(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&r, "t3", "r7"), vec![None; 7]);
    assert!(r.tables.t4.is_none());
}

#[test]
fn gb18030_bytes_and_escape_sequences() {
    let text =
        "三、收到和处理政府信息公开申请情况\n\u{1b}[2J(七)总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let r = extract_bytes(Path::new("gbk.txt"), &bytes);
    assert_eq!(row(&r, "t3", "r7"), all(&[3, 0, 0, 0, 0, 0, 3]));
    assert!(r.lines.iter().all(|l| !l.contains('\u{1b}')));
}

#[test]
fn the_blank_word_template_has_every_table_with_every_cell_missing() {
    let r = load(&shared("reports/template-2021-blank.docx"));
    assert!(r.is_report);
    assert_eq!(r.template, Some(TemplateVersion::V2021));
    for (t, cells) in [(&r.tables.t2, 10), (&r.tables.t3, 175), (&r.tables.t4, 15)] {
        let t = t.as_ref().expect("table found");
        let missing = t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.is_missing())
            .count();
        assert_eq!(missing, cells, "{:?}", t.id);
    }
    assert_eq!(r.sections.len(), 6);
}

#[test]
fn an_html_page_with_spanning_cells_reads_like_its_text() {
    let html = r#"<html><head><meta charset="utf-8"></head><body>
      <p>二、主动公开政府信息情况</p>
      <p>三、收到和处理政府信息公开申请情况</p>
      <table>
        <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
        <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
        <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
        <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td></td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
        <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
        <tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
      </table>
      <p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>"#;
    let r = extract_bytes(Path::new("r.html"), html.as_bytes());
    assert_eq!(
        row(&r, "t3", "new"),
        vec![Some(5), Some(1), None, Some(0), Some(0), Some(0), Some(6)]
    );
    assert_eq!(row(&r, "t3", "r2"), all(&[1, 0, 0, 0, 0, 0, 1]));
    assert!(!rules(&r).contains(&"C-HEADER"), "{:?}", r.findings);
}

/// Untrusted input: shuffled and spliced lines of every real report, random bytes, huge
/// lines. The extractor must return, never panic.
#[test]
fn garbled_input_never_panics() {
    let mut lines: Vec<String> = Vec::new();
    for e in std::fs::read_dir(shared("seeds")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        lines.extend(text.lines().map(str::to_string));
    }
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..40 {
        let n = 50 + (next() % 400) as usize;
        let mut text = String::new();
        for _ in 0..n {
            let l = &lines[(next() % lines.len() as u64) as usize];
            // cut some lines at a random char to split labels and numbers
            if next() % 4 == 0 {
                let cut = (next() % (l.chars().count() as u64 + 1)) as usize;
                text.extend(l.chars().take(cut));
            } else {
                text.push_str(l);
            }
            text.push(if next() % 9 == 0 { '|' } else { '\n' });
        }
        let r = gouji::extract::extract_text(Path::new("garbled.txt"), &text);
        assert!(r.lines.len() <= text.lines().count() + 1, "round {round}");
    }
    let bytes: Vec<u8> = (0..100_000).map(|_| (next() % 256) as u8).collect();
    let _ = extract_bytes(Path::new("random.txt"), &bytes);
    let _ = extract_bytes(Path::new("random.docx"), &bytes);
    let _ = extract_bytes(Path::new("random.html"), &bytes);
    let long = "（七）总计 | 1 ".repeat(50_000);
    let r = gouji::extract::extract_text(Path::new("long.txt"), &long);
    assert!(!r.is_report || r.tables.t3.is_some());
}

#[test]
fn a_damaged_pdf_is_named_as_unreadable_not_read_as_garbled_text() {
    let r = extract_bytes(Path::new("report.pdf"), b"%PDF-1.7 binary");
    let why = r.error.expect("an error, not a garbled report");
    assert!(why.contains("damaged or not a PDF"), "{why}");
}

#[test]
fn a_legacy_word_or_wps_file_is_told_to_be_converted_to_docx_or_pdf() {
    for name in ["report.doc", "report.WPS"] {
        let r = extract_bytes(Path::new(name), b"\xD0\xCF\x11\xE0 binary");
        let why = r.error.expect("an error, not a garbled report");
        assert!(
            why.contains(".docx") && why.contains("PDF"),
            "{name}: {why}"
        );
    }
}
