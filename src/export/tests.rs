use std::collections::BTreeMap;
use std::fs;

use super::csv::CSV_HEADER;
use super::*;
use crate::model::{Finding, Severity, Table};
use crate::rules::Rule;
use crate::state::Status;
use crate::template::{TableId, TemplateVersion};

const NOTE: &str = "表三（七）总计有误\n请于五日内更正";

/// Three reports in an inbox: one with problems (needs fix, with a note and a dismissal),
/// one clean and accepted, one unreadable.
fn fixture() -> (tempfile::TempDir, Vec<Report>, Store) {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ecq-2020.txt");
    let good = dir.path().join("good.txt");
    fs::write(&bad, "鄂城区 2020 报告").unwrap();
    fs::write(&good, "良好报告").unwrap();

    let v = TemplateVersion::V2019;
    let mut t3 = Table::blank(v, TableId::T3);
    t3.set("r1", "np", Some(15));
    t3.set("r7", "np", Some(0));
    let mut r = Report::empty(bad.clone());
    r.is_report = true;
    r.body = Some("鄂城区人民政府".into());
    r.year = Some(2020);
    r.template = Some(v);
    r.tables.t3 = Some(t3);
    let blank = |row, col| {
        Finding::new(
            Rule::CBlank,
            Severity::Error,
            format!("{row}/{col} is blank"),
        )
        .at(TableId::T3, Some(row), Some(col))
    };
    r.findings = vec![
        Finding::new(
            Rule::T3Sum7,
            Severity::Error,
            "（七）总计 should be the sum of (一)–(六): 15, found 0",
        )
        .at(TableId::T3, Some("r7"), Some("np"))
        .values(Some(15), Some(0)),
        Finding::new(Rule::T3Id, Severity::Error, "new + cin ≠ r7 + cout")
            .at(TableId::T3, None, Some("tot"))
            .values(Some(15), Some(0)),
        blank("r1", "res"),
        blank("r1", "ngo"),
        Finding::new(
            Rule::CInferred,
            Severity::Info,
            "value placed in 总计 by inference",
        )
        .at(TableId::T3, Some("new"), Some("tot")),
        Finding::new(Rule::CBlank, Severity::Error, "penalty decisions blank").at(
            TableId::T2,
            Some("penalty"),
            Some("decisions"),
        ),
        Finding::new(Rule::CBlank, Severity::Error, "rv keep blank").at(
            TableId::T4,
            Some("rv"),
            Some("keep"),
        ),
        Finding::new(Rule::SSix, Severity::Warning, "heading 五 is a variant").line(Some(40)),
    ];
    for c in ["np", "biz", "res", "ngo", "law", "oth", "tot"] {
        r.findings.push(blank("r3_1", c));
    }

    let mut ok = Report::empty(good.clone());
    ok.is_report = true;
    ok.body = Some("兰州市人民政府".into());
    ok.year = Some(2020);
    ok.template = Some(v);
    let gone = Report::unreadable(dir.path().join("gone.txt"), "permission denied");
    let readme = Report::empty(dir.path().join("说明.md"));

    let mut store = Store::open_inbox(dir.path()).unwrap();
    let h = state::hash_file(&bad).unwrap();
    store.set_status(&bad, &h, Status::NeedsFix).unwrap();
    store.set_note(&bad, &h, NOTE).unwrap();
    store
        .dismiss(
            &bad,
            &h,
            "C-BLANK@t2.penalty.decisions",
            "当地口径：无处罚事项",
        )
        .unwrap();
    let hg = state::hash_file(&good).unwrap();
    store.set_status(&good, &hg, Status::Accepted).unwrap();
    (dir, vec![r, ok, gone, readme], store)
}

#[test]
fn csv_has_one_row_per_open_finding_with_labels_and_values() {
    let (_dir, reports, store) = fixture();
    let text = export(&reports, &store, ListFormat::Csv);
    let mut rd = ::csv::Reader::from_reader(text.as_bytes());
    assert_eq!(rd.headers().unwrap(), CSV_HEADER.as_slice());
    let rows: Vec<BTreeMap<String, String>> = rd.deserialize().map(Result::unwrap).collect();

    let bad: Vec<_> = rows
        .iter()
        .filter(|r| r["path"].ends_with("ecq-2020.txt"))
        .collect();
    // 2 arithmetic + 2 + 7 + 1 blank (one dismissed, the info one left out) + 1 warning.
    assert_eq!(bad.len(), 13);
    let sum7 = bad.iter().find(|r| r["rule"] == "T3-SUM7").unwrap();
    let expect = [
        ("body", "鄂城区人民政府"),
        ("year", "2020"),
        ("template", "2019"),
        ("status", "needs_fix"),
        ("status_zh", "待整改"),
        ("note", NOTE),
        ("finding_key", "T3-SUM7@t3.r7.np"),
        ("severity", "error"),
        ("table", "t3"),
        ("row", "r7"),
        ("column", "np"),
        ("table_label", "表三 收到和处理政府信息公开申请情况"),
        ("row_label", "（七）总计"),
        ("column_label", "自然人"),
        ("expected", "15"),
        ("actual", "0"),
        ("line", ""),
        (
            "problem",
            "表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）",
        ),
        (
            "message",
            "（七）总计 should be the sum of (一)–(六): 15, found 0",
        ),
    ];
    for (field, want) in expect {
        assert_eq!(sum7[field], want, "field {field}");
    }
    let id = bad.iter().find(|r| r["rule"] == "T3-ID").unwrap();
    assert_eq!(id["column_label"], "总计");
    assert!(id["problem"].starts_with("表三 总计：应为 15，实为 0"));
    let r3 = bad
        .iter()
        .find(|r| r["finding_key"] == "C-BLANK@t3.r3_1.law")
        .unwrap();
    assert_eq!(r3["row_label"], "（三）不予公开 1.属于国家秘密");
    assert_eq!(r3["column_label"], "法律服务机构");
    assert!(!bad.iter().any(|r| r["rule"] == "C-INFERRED"));
    assert!(
        !bad.iter()
            .any(|r| r["finding_key"] == "C-BLANK@t2.penalty.decisions")
    );
    let s6 = bad.iter().find(|r| r["rule"] == "S-SIX").unwrap();
    assert_eq!(s6["severity"], "warning");
    assert_eq!(s6["line"], "40");

    let good: Vec<_> = rows
        .iter()
        .filter(|r| r["path"].ends_with("good.txt"))
        .collect();
    assert_eq!(good.len(), 1, "a clean report still has its row");
    assert_eq!(good[0]["status"], "accepted");
    assert_eq!(good[0]["status_zh"], "通过");
    assert_eq!(good[0]["rule"], "");

    let gone: Vec<_> = rows
        .iter()
        .filter(|r| r["path"].ends_with("gone.txt"))
        .collect();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["rule"], "E-READ");
    assert_eq!(gone[0]["status"], "unreviewed");
    assert_eq!(
        gone[0]["problem"],
        "文件无法读取，请重新提交可以读取的报告文件"
    );
    assert_eq!(gone[0]["message"], "permission denied");

    let readme: Vec<_> = rows
        .iter()
        .filter(|r| r["path"].ends_with("说明.md"))
        .collect();
    assert_eq!(readme.len(), 1);
    assert_eq!(readme[0]["rule"], "E-NOT-REPORT");
}

#[test]
fn json_is_structured_with_dismissals_and_blank_summaries() {
    let (_dir, reports, store) = fixture();
    let text = export(&reports, &store, ListFormat::Json);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["kind"], "gouji-rectification-list");
    let r = &doc["reports"][0];
    assert_eq!(r["body"], "鄂城区人民政府");
    assert_eq!(r["year"], 2020);
    assert_eq!(r["template"], "2019");
    assert_eq!(r["status"], "needs_fix");
    assert_eq!(r["status_label"], "待整改");
    assert_eq!(r["note"], NOTE);
    assert!(r["hash"].as_str().unwrap().starts_with("sha256:"));
    let p = &r["problems"][0];
    assert_eq!(p["key"], "T3-SUM7@t3.r7.np");
    assert_eq!(p["table"], "t3");
    assert_eq!(p["row_label"], "（七）总计");
    assert_eq!(p["column_label"], "自然人");
    assert_eq!(p["expected"], 15);
    assert_eq!(p["actual"], 0);
    assert_eq!(p["severity"], "error");
    assert_eq!(r["problems"].as_array().unwrap().len(), 13);

    let d = &r["dismissed"][0];
    assert_eq!(d["key"], "C-BLANK@t2.penalty.decisions");
    assert_eq!(d["reason"], "当地口径：无处罚事项");
    assert_eq!(r["dismissed"].as_array().unwrap().len(), 1);

    let blanks = r["blank_cells"].as_array().unwrap();
    assert_eq!(
        blanks.len(),
        2,
        "表三 and 表四; 表二's only blank is dismissed"
    );
    assert_eq!(blanks[0]["table"], "t3");
    assert_eq!(blanks[0]["count"], 9);
    assert_eq!(blanks[0]["rows"][0]["row_label"], "（一）予以公开");
    assert_eq!(
        blanks[0]["rows"][0]["column_labels"],
        serde_json::json!(["科研机构", "社会公益组织"])
    );
    assert_eq!(blanks[0]["rows"][1]["whole_row"], true);
    assert_eq!(blanks[1]["table"], "t4");

    assert_eq!(doc["reports"][1]["status"], "accepted");
    assert_eq!(doc["reports"][1]["problems"], serde_json::json!([]));
    assert_eq!(doc["reports"][2]["error"], "permission denied");
}

#[test]
fn markdown_reads_as_a_notice() {
    let (_dir, reports, store) = fixture();
    let text = export(&reports, &store, ListFormat::Md);
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| *l == needle)
            .unwrap_or_else(|| panic!("no line {needle:?} in\n{text}"))
    };
    assert_eq!(lines[0], "# 政府信息公开工作年度报告整改清单");
    assert_eq!(
        lines[2],
        "共 4 份报告：待整改 1 份，退回 0 份，通过 1 份，未审核 2 份。"
    );
    let h = at("## 1. 鄂城区人民政府 2020 年度报告");
    assert_eq!(
        lines[h + 2],
        "- 文件：ecq-2020.txt",
        "relative to the inbox"
    );
    assert_eq!(lines[h + 3], "- 审核状态：待整改（needs_fix）");
    let note = at("> 表三（七）总计有误");
    assert_eq!(lines[note + 2], "> 请于五日内更正");

    let t3 = at("**表三 收到和处理政府信息公开申请情况**");
    assert_eq!(
        lines[t3 + 2],
        "1. 表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）"
    );
    assert!(lines[t3 + 3].starts_with("2. 表三 总计：应为 15，实为 0（T3-ID："));
    assert_eq!(
        lines[t3 + 4],
        "3. 表三 存在 9 个空白单元格（无数据应填 0）：（一）予以公开（科研机构、社会公益组织）；（三）不予公开 1.属于国家秘密（整行）"
    );
    let t4 = at("**表四 行政复议、行政诉讼情况**");
    assert_eq!(
        lines[t4 + 2],
        "4. 表四 存在 1 个空白单元格（无数据应填 0）：行政复议（结果维持）"
    );
    let other = at("**其他**");
    assert_eq!(
        lines[other + 2],
        "5. ［提醒］第 40 行：应包含六个部分且顺序正确（S-SIX）"
    );
    assert!(
        !text.contains("表二 主动公开"),
        "the only 表二 finding is dismissed"
    );
    assert!(!text.contains("inference"), "info findings are left out");

    let ok = at("## 2. 兰州市人民政府 2020 年度报告");
    assert_eq!(lines[ok + 3], "- 审核状态：通过（accepted）");
    assert_eq!(lines[ok + 5], "未发现需要整改的问题。");
    let gone = at("## 3. gone.txt（年度不详）");
    assert_eq!(lines[gone + 2], "- 文件：gone.txt");
    assert_eq!(
        lines[gone + 7],
        "1. 文件无法读取，请重新提交可以读取的报告文件"
    );
    let readme = at("## 4. 说明.md（年度不详）");
    assert_eq!(
        lines[readme + 7],
        "1. 未识别为政府信息公开工作年度报告（未找到六个部分的标题或统计表）"
    );
}

#[test]
fn labels_follow_the_report_format() {
    let f = Finding::new(Rule::T3Sum7, Severity::Error, "x")
        .at(TableId::T3, Some("r6_2"), Some("biz"))
        .values(Some(1), Some(2));
    let p = model::Problem::build(&f, "k".into(), Some(TemplateVersion::V2021));
    assert_eq!(
        p.row_label.as_deref(),
        Some(
            "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        )
    );
    let f = Finding::new(
        Rule::PRegpub,
        Severity::Warning,
        "本年新制作 36 件，本年新公开 3 件，规章应全部公开 / made 36, published 3: rules must all be published",
    )
        .at(TableId::T2, Some("rules"), Some("new_published"))
        .values(Some(36), Some(3));
    let p = model::Problem::build(&f, "k".into(), Some(TemplateVersion::V2019));
    assert_eq!(
        p.text,
        "［提醒］表二 规章·本年新公开数量：本年新制作 36 件，本年新公开 3 件，规章应全部公开（P-REGPUB：本年新制作的规章、规范性文件应全部公开）"
    );
    let f = Finding::new(Rule::CExtraRow, Severity::Warning, "extra row").at(
        TableId::T2,
        Some("other_docs"),
        None,
    );
    let p = model::Problem::build(&f, "k".into(), Some(TemplateVersion::V2019));
    assert_eq!(p.row_label.as_deref(), Some("其他主动公开文件"));
}

#[test]
fn several_inferred_rows_are_one_line_and_a_single_one_is_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Report::empty(dir.path().join("x.txt"));
    r.is_report = true;
    r.year = Some(2020);
    r.template = Some(TemplateVersion::V2019);
    let inferred = |t, row: Option<&'static str>, msg: &str| {
        Finding::new(Rule::CInferred, Severity::Warning, msg).at(t, row, None)
    };
    r.findings = vec![
        inferred(
            TableId::T3,
            Some("new"),
            "表三 new: placed in 总计 (inferred)",
        ),
        inferred(
            TableId::T3,
            Some("r3_2"),
            "表三 r3_2: placed in 总计 (inferred)",
        ),
        inferred(
            TableId::T4,
            None,
            "表四: 3 values placed in 总计 (inferred)",
        ),
    ];
    let store = Store::open_inbox(dir.path()).unwrap();
    let text = export_with(&[r], |_| None, &store, ListFormat::Md);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(
        &"1. ［提醒］表三 有 2 行数值无法确定所在列，已推断填入，请按模板逐列填写：一、本年新收政府信息公开申请数量，（三）不予公开 2.其他法律行政法规禁止公开"
    ), "{text}");
    assert!(
        lines.contains(
            &"2. ［提醒］表四：数值所在列无法确定，系推断填入，请按模板逐列填写（C-INFERRED）"
        ),
        "{text}"
    );
}

#[test]
fn an_empty_table_is_one_short_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Report::empty(dir.path().join("x.txt"));
    r.is_report = true;
    r.template = Some(TemplateVersion::V2021);
    for row in TemplateVersion::V2021.get().t4 {
        for c in row.cols {
            r.findings
                .push(Finding::new(Rule::CBlank, Severity::Error, "blank").at(
                    TableId::T4,
                    Some(row.key),
                    Some(c.key),
                ));
        }
    }
    let store = Store::open_inbox(dir.path()).unwrap();
    let text = export_with(&[r], |_| None, &store, ListFormat::Md);
    assert!(
        text.lines()
            .any(|l| l == "1. 表四 存在 15 个空白单元格（无数据应填 0）：整表空白"),
        "{text}"
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Report::empty(dir.path().join("x.txt"));
    r.body = Some("=HYPERLINK(\"http://evil\")".into());
    let store = Store::open_inbox(dir.path()).unwrap();
    let text = export_with(&[r], |_| None, &store, ListFormat::Csv);
    let mut rd = ::csv::Reader::from_reader(text.as_bytes());
    let row = rd.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "'=HYPERLINK(\"http://evil\")");
}

#[test]
fn run_writes_the_list_to_a_file_with_the_inbox_triage() {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/002_4839d2431c749bff.txt");
    let bytes = fs::read(&seed).expect("../shared/seeds must sit beside the project");
    let report = dir.path().join("002.txt");
    fs::write(&report, &bytes).unwrap();
    fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
    let mut store = Store::open_inbox(dir.path()).unwrap();
    let h = state::content_hash(&bytes);
    store.set_status(&report, &h, Status::NeedsFix).unwrap();
    store.set_note(&report, &h, "请重报").unwrap();
    let out = dir.path().join("list.md");
    let done = run(dir.path(), ListFormat::Md, Some(&out)).unwrap();
    assert_eq!(done.reports, 1);
    assert_eq!(done.written.as_deref(), Some(out.as_path()));
    let text = fs::read_to_string(&out).unwrap();
    assert!(text.contains("## 1. 鄂城区"), "{text}");
    assert!(text.contains("- 审核状态：待整改（needs_fix）"));
    assert!(text.contains("> 请重报"));
    // The audit runs: seed 002's broken (七)总计 is on the list.
    assert!(
        text.lines().any(|l| l.ends_with(
            "表三（七）总计·自然人：应为 15，实为 0（T3-SUM7：（七）总计应等于（一）至（六）各项之和）"
        )),
        "{text}"
    );
}

/// The notice's line for one finding, as the Markdown list prints it.
fn notice(f: Finding) -> String {
    model::Problem::build(&f, "k".into(), Some(TemplateVersion::V2021)).text
}

#[test]
fn a_lower_bound_reads_as_not_less_than_and_an_upper_bound_as_not_more_than() {
    let pub_total = Finding::new(Rule::PPubtotal, Severity::Warning, "x")
        .at(TableId::T2, Some("rules"), Some("total_published"))
        .values(Some(864), Some(12));
    assert!(
        notice(pub_total).contains(
            "：应不少于 864，实为 12（P-PUBTOTAL：对外公开总数量不应少于本年新公开数量）"
        ),
    );
    let cout = Finding::new(Rule::T3Cout, Severity::Error, "x")
        .at(TableId::T3, Some("cout"), Some("np"))
        .values(Some(30), Some(31));
    assert!(notice(cout).contains("：应不超过 30，实为 31（T3-COUT："));
}

#[test]
fn a_late_report_states_its_dates_not_a_bare_count_of_days() {
    let late = Finding::new(
        Rule::DLate,
        Severity::Warning,
        "发布日期 2021-04-29 晚于期限 2021-03-31（政府），逾期 29 天 / published 29 day(s) after the 2021-03-31 deadline for governments",
    )
    .values(None, Some(29));
    assert_eq!(
        notice(late),
        "［提醒］报告：发布日期 2021-04-29 晚于期限 2021-03-31（政府），逾期 29 天（D-LATE：年度报告应在法定期限前发布（部门 1 月 31 日，政府 3 月 31 日））"
    );
}

#[test]
fn an_english_only_message_gives_the_registry_sentence_instead() {
    let extra = Finding::new(
        Rule::CExtraRow,
        Severity::Warning,
        "表二 extra row 其他主动公开文件 (not a row of the official format); values 0, 0, 0",
    )
    .at(TableId::T2, Some("other_docs"), None);
    assert_eq!(
        notice(extra),
        "［提醒］表二 其他主动公开文件：表中有模板以外的行，应按规定格式填报（C-EXTRA-ROW）"
    );
    let header = Finding::new(
        Rule::CHeader,
        Severity::Warning,
        "表三 column headings missing: 法律服务机构、其他、总计",
    )
    .at(TableId::T3, None, None);
    assert_eq!(
        notice(header),
        "［提醒］表三：表头不完整，有列名缺失或被截断，应按模板写全各列名称（C-HEADER）"
    );
}

#[test]
fn every_problem_line_of_the_notice_is_chinese() {
    let (_dir, reports, store) = fixture();
    let text = export(&reports, &store, ListFormat::Md);
    let problems: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .filter(|l| !l.starts_with("## "))
        .collect();
    assert!(problems.len() > 5, "{text}");
    for line in problems {
        let mut rest = line.to_string();
        for r in Rule::ALL {
            rest = rest.replace(r.id(), "");
        }
        assert!(
            !rest.chars().any(|c| c.is_ascii_alphabetic()),
            "not Chinese: {line}"
        );
    }
}
