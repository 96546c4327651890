//! Layouts of real reports the extractor must read right, or say it is unsure about (issue 12):
//! whole reports in the shape of their converted text, read and audited end to end.

use std::path::Path;

use gouji::extract::extract_text;
use gouji::model::{Report, Severity};

fn audited(text: &str) -> Report {
    let mut r = extract_text(Path::new("layout.txt"), text);
    gouji::audit::audit(&mut r, &gouji::audit::AuditConfig::default());
    r
}

fn row(r: &Report, key: &str) -> Vec<Option<i64>> {
    let t = r.tables.t3.as_ref().expect("表三 read");
    let row = t.row(key).unwrap_or_else(|| panic!("no row {key}"));
    row.cells.iter().map(|c| c.int()).collect()
}

fn rules(r: &Report) -> Vec<(&str, Severity)> {
    r.findings
        .iter()
        .map(|f| (f.rule.id(), f.severity))
        .collect()
}

/// A 2021-format report as `pdftotext -layout` gives the 洪泽区 reports: the 2021 表二, a vertical
/// row label, wrapped labels, page markers, and 表三 keeping the 2019 single row （六）其他处理.
/// `six` is that row's seven values, `total` the （七）总计 row.
fn mixed_report(six: &str, total: &str) -> String {
    format!(
        "         某县人民政府
    2024 年政府信息公开工作年度报告

  本报告中所列数据统计期限自 2024 年 1 月 1 日起至 2024 年 12 月 31 日止。
  一、总体情况
  2024 年，本县持续推进政务公开。
     二、主动公开政府信息情况
              第二十条第（一）项
       信息内容   本年制发件数    本年废止件数    现行有效件数
规章               0          0       0
行政规范性文件          3          0       8
              第二十条第（五）项
       信息内容            本年处理决定数量
行政许可                      9487
              第二十条第（六）项
       信息内容            本年处理决定数量
行政处罚                      2776
行政强制                        84
              第二十条第（八）项
       信息内容                   本年收费金额（单位：万元）
行政事业性收费                                7545
                  三、收到和处理政府信息公开申请情况
                                                              申请人情况
                                                         法人或其他组织
（本列数据的勾稽关系为：第一项加第二项之和， 等
于第三项加第四项之和）
                                             自然人         社会 法律                总计
                                                   商业 科研
                                                         公益 服务 其他
                                                   企业 机构
                                                         组织 机构

一、本年新收政府信息公开申请数量                             20    1      0     0   0   0     21
二、上年结转政府信息公开申请数量                              0    0      0     0   0   0     0
                  （一）予以公开                     5    1      0     0   0   0     6
                  （二）部分公开（区分处理的，只计这一情 形，不
                  计其他情形）
                                              4    0      0     0   0   0     4
                            1.属于国家秘密         1     0      0     0   0   0     1
 三 、本 年 度办 理 结果
                            2.其他法律行政法规禁止公开      0     0      0     0   0   0     0
                            3.危及“三安全一稳定”     0     0      0     0   0   0     0
                            4.保护第三方合法权益      0     0      0     0   0   0     0
                  （三）不予公开
                            5.属于三类内部事务信息     0     0      0     0   0   0     0
                            6.属于四类过程性信息      1     0      0     0   0   0     1
                            7.属于行政执法案卷       1     0      0     0   0   0     1
                            8.属于行政查询事项       0     0      0     0   0   0     0
                            1.本机关不掌握相关政府信息   4    0      0     0   0   0     4
                  （四）无法提供
                            2.没有现成信息需要另行制作   1     0      0     0   0   0     1

                                                                        -3-
                 3.补正后申请内容仍不明确         0    0   0   0    0    0   0
                 1.信访举报投诉类申请           1    0   0   0    0    0   1
                 2.重复申请                0    0   0   0    0    0   0
                 3.要求提供公开出版物           0    0   0   0    0    0   0
     （五）不予处理
                 4.无正当理由大量反复 申请        0    0   0   0    0    0   0
                 5.要求行政机关确认或重 新出具
                     已获取信息
                                       0    0   0   0    0    0   0
     （六）其他处理                           {six}
     （七）总计                             {total}
四、结转下年度继续办理                            0    0   0   0    0    0   0

     四、政府信息公开行政复议、行政诉讼情况
          行政复议                              行政诉讼
                              未经复议直接起诉                  复议后起诉
结果   结果     其他   尚未
                    总 计 结果 结果 其他       尚未     结果 结果 其他 尚未
维持   纠正     结果   审结                                               总计
                                          总 计
                        维持 纠正 结果       审结     维持 纠正 结果 审结

1    1      0   0    2   1    0   0   0    1   2   0     1   0   3

     五、存在的主要问题及改进情况
  依申请公开工作规范性还有待提高。
  六、其他需要报告的事项
 2024 年，全年收取政府信息公开信息处理费 0 元。
"
    )
}

#[test]
fn a_2021_report_keeping_the_2019_other_row_reads_it_as_the_group_total_and_warns_once() {
    let r = audited(&mixed_report(
        "2    0   0   0    0    0   2",
        "20   1   0   0    0    0   21",
    ));
    assert_eq!(r.template, Some(gouji::model::TemplateVersion::V2021));
    assert_eq!(
        row(&r, "r6"),
        [2, 0, 0, 0, 0, 0, 2].map(Some).to_vec(),
        "the single row is the （六） total"
    );
    let t3 = r.tables.t3.as_ref().unwrap();
    assert!(t3.row("r6_2").is_none() && t3.row("r6_3").is_none());
    let mixed: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule.id() == "V-MIXED")
        .collect();
    assert_eq!(mixed.len(), 1, "{:?}", rules(&r));
    // The vertical header cells (`商业` over `企业`, `结果` over `维持`) are headings all the same.
    assert!(
        !r.findings.iter().any(|f| f.rule.id() == "C-HEADER"),
        "{:?}",
        rules(&r)
    );
    assert_eq!(mixed[0].severity, Severity::Warning);
    assert!(mixed[0].message().contains("（六）其他处理"));
    // No blank cells and no arithmetic finding: 6+4+3+5+1+2 = 21 with the （六） row.
    assert!(
        !r.findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.table.is_some()),
        "{:#?}",
        r.findings
    );
}

#[test]
fn the_arithmetic_of_a_mixed_table_counts_the_single_other_row() {
    // （六） says 3 where the sums need 2: (七)总计 21 no longer adds up from the rows.
    let r = audited(&mixed_report(
        "3    0   0   0    0    0   3",
        "20   1   0   0    0    0   21",
    ));
    let sum7: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule.id() == "T3-SUM7")
        .map(|f| (f.column, f.expected, f.actual))
        .collect();
    assert!(
        sum7.contains(&(Some("tot"), Some(22), Some(21))),
        "{sum7:?} in {:?}",
        rules(&r)
    );
    assert!(!r.findings.iter().any(|f| f.rule.id() == "C-BLANK"));
}

#[test]
fn a_2021_table_with_its_three_other_rows_is_not_called_mixed() {
    let text = mixed_report("0 0 0 0 0 0 0", "20 1 0 0 0 0 21").replace(
        "     （六）其他处理                           0 0 0 0 0 0 0\n",
        "     （六）其他处理\n 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1\n \
         2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n 3.其他 1 0 0 0 0 0 1\n",
    );
    let r = audited(&text);
    assert_eq!(row(&r, "r6_1"), [1, 0, 0, 0, 0, 0, 1].map(Some).to_vec());
    assert_eq!(row(&r, "r6_3"), [1, 0, 0, 0, 0, 0, 1].map(Some).to_vec());
    assert!(!r.findings.iter().any(|f| f.rule.id() == "V-MIXED"));
}

/// A 2021 report around a given 表四 text, with a consistent 表三 of zeros.
fn report_with_t4(t4: &str) -> String {
    let zeros = " | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
    let rows = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    let t3: String = rows.iter().map(|r| format!("| {r}{zeros}\n")).collect();
    format!(
        "# 某市某局2023年政府信息公开工作年度报告
本报告统计期限自2023年1月1日起至2023年12月31日止。
## 一、总体情况
本局持续推进政务公开。
## 二、主动公开政府信息情况
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 1 | 0 | 3 |
| 信息内容 | 本年处理决定数量 |
| 行政许可 | 5 |
| 行政处罚 | 2 |
| 行政强制 | 0 |
| 信息内容 | 本年收费金额（单位：万元） |
| 行政事业性收费 | 0 |
## 三、收到和处理政府信息公开申请情况
| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
{t3}
## 四、政府信息公开行政复议、行政诉讼情况
{t4}
## 五、存在的主要问题及改进情况
依申请公开工作规范性还有待提高。
## 六、其他需要报告的事项
本年度未收取信息处理费。
"
    )
}

fn t4_rows(r: &Report) -> Vec<Vec<Option<i64>>> {
    let t = r.tables.t4.as_ref().expect("表四 read");
    t.rows
        .iter()
        .map(|row| row.cells.iter().map(|c| c.int()).collect())
        .collect()
}

fn errors(r: &Report) -> Vec<&str> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.id())
        .collect()
}

#[test]
fn table_four_in_three_blocks_each_group_under_its_own_heading_is_read_group_by_group() {
    // Read in one row, the last block's values (which add up) would land under 行政复议.
    let header = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|";
    let r = audited(&report_with_t4(&format!(
        "### 行政复议\n{header}\n| 8 | 0 | 1 | 1 | 10 |\n\
         ### 行政诉讼（未经复议直接起诉）\n{header}\n| 0 | 0 | 0 | 0 | 0 |\n\
         ### 行政诉讼（复议后起诉）\n{header}\n| 1 | 0 | 0 | 2 | 3 |\n"
    )));
    let s = |v: [i64; 5]| v.map(Some).to_vec();
    assert_eq!(
        t4_rows(&r),
        vec![s([8, 0, 1, 1, 10]), s([0; 5]), s([1, 0, 0, 2, 3])]
    );
    assert!(errors(&r).is_empty(), "{:#?}", r.findings);
    let t4 = r.tables.t4.as_ref().unwrap();
    assert!(t4.rows.iter().flat_map(|r| &r.cells).all(|c| !c.inferred()));
}

#[test]
fn table_four_with_the_group_name_as_the_first_cell_of_each_value_row() {
    let r = audited(&report_with_t4(
        "| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
         | 行政复议 | 2 | 1 | 0 | 0 | 3 |\n\
         | 行政诉讼（未经复议直接起诉） | 0 | 0 | 1 | 0 | 1 |\n\
         | 行政诉讼（复议后起诉） | 0 | 0 | 0 | 0 | 0 |\n",
    ));
    let s = |v: [i64; 5]| v.map(Some).to_vec();
    assert_eq!(
        t4_rows(&r),
        vec![s([2, 1, 0, 0, 3]), s([0, 0, 1, 0, 1]), s([0; 5])]
    );
    assert!(errors(&r).is_empty(), "{:#?}", r.findings);
}

#[test]
fn a_block_without_values_stays_blank_rather_than_borrowing_another_groups_values() {
    let r = audited(&report_with_t4(
        "### 行政复议\n| 8 | 0 | 1 | 1 | 10 |\n\
         ### 行政诉讼（未经复议直接起诉）\n| 无 |\n\
         ### 行政诉讼（复议后起诉）\n| 1 | 0 | 0 | 2 | 3 |\n",
    ));
    let rows = t4_rows(&r);
    assert_eq!(rows[0], [8, 0, 1, 1, 10].map(Some).to_vec());
    assert!(rows[1].iter().all(Option::is_none), "{rows:?}");
    assert_eq!(rows[2], [1, 0, 0, 2, 3].map(Some).to_vec());
    assert!(r.findings.iter().any(|f| f.rule.id() == "C-BLANK"));
}

#[test]
fn a_short_block_row_is_marked_inferred_and_its_failing_sum_is_a_warning() {
    // 行政复议 shows four values for five columns: which one is missing is not known.
    let r = audited(&report_with_t4(
        "### 行政复议\n8 1 1 12\n\
         ### 行政诉讼（未经复议直接起诉）\n0 0 0 0 0\n\
         ### 行政诉讼（复议后起诉）\n1 0 0 2 3\n",
    ));
    let t4 = r.tables.t4.as_ref().unwrap();
    assert!(t4.rows[0].cells.iter().any(|c| c.inferred()));
    assert!(
        !r.findings
            .iter()
            .any(|f| f.rule.id() == "T4-SUM" && f.severity == Severity::Error),
        "{:#?}",
        r.findings
    );
    assert!(r.findings.iter().any(|f| f.rule.id() == "C-INFERRED"));
}

#[test]
fn a_markdown_note_quoting_a_reports_cells_is_not_a_report() {
    let note = "# Hand-checked cells\n\n\
        Read by hand from page renders. Every report is on the 2021 format.\n\n\
        | 表三 row | np | biz | res | ngo | law | oth | tot |\n\
        |---|---|---|---|---|---|---|---|\n\
        | new 一、本年新收 | 21 | 0 | 0 | 0 | 0 | 0 | 21 |\n\
        | r7 （七）总计 | 21 | 0 | 0 | 0 | 0 | 0 | 21 |\n\n\
        | 表四 group | keep | fix | oth | pend | tot |\n\
        |---|---|---|---|---|---|\n\
        | rv 行政复议 | 10 | 1 | 0 | 0 | 0 |\n";
    let r = audited(note);
    assert!(!r.is_report);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert!(r.tables.t3.is_none() && r.tables.t4.is_none());
}

#[test]
fn a_titled_report_whose_section_headings_were_lost_is_still_a_report() {
    let text = "某县人民政府2023年政府信息公开工作年度报告\n\
        | 本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
        | （七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n";
    let r = audited(text);
    assert!(r.is_report);
    assert!(r.tables.t3.is_some());
}

/// `report_with_t4`'s report with its 表三 replaced by `t3` (a Markdown text).
fn report_with_t3(t3: &str) -> String {
    let base = report_with_t4(
        "| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 |\n\
         | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
         | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    );
    let start = base.find("| 项目 |").unwrap();
    let end = base.find("## 四、").unwrap();
    format!("{}{t3}\n{}", &base[..start], &base[end..])
}

/// The 2021 表三 result rows (（一） to （六）3) with each one's 自然人 (= 总计) count; the
/// tests compute 本年新收 and （七）总计 from them, so the table adds up.
fn t3_values() -> Vec<(&'static str, i64)> {
    let parts: Vec<(&str, i64)> = vec![
        ("（一）予以公开", 3),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            1,
        ),
        ("1.属于国家秘密", 0),
        ("2.其他法律行政法规禁止公开", 1),
        ("3.危及“三安全一稳定”", 0),
        ("4.保护第三方合法权益", 2),
        ("5.属于三类内部事务信息", 0),
        ("6.属于四类过程性信息", 1),
        ("7.属于行政执法案卷", 0),
        ("8.属于行政查询事项", 1),
        ("1.本机关不掌握相关政府信息", 4),
        ("2.没有现成信息需要另行制作", 0),
        ("3.补正后申请内容仍不明确", 1),
        ("1.信访举报投诉类申请", 2),
        ("2.重复申请", 0),
        ("3.要求提供公开出版物", 1),
        ("4.无正当理由大量反复申请", 0),
        ("5.要求行政机关确认或重新出具已获取信息", 1),
        (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            2,
        ),
        (
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            0,
        ),
        ("3.其他", 1),
    ];
    parts
}

fn md_row(label: &str, v: i64) -> String {
    format!("| {label} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |\n")
}

#[test]
fn a_stray_header_row_inside_table_three_does_not_move_the_rows_below_it() {
    let parts = t3_values();
    let total: i64 = parts.iter().map(|p| p.1).sum();
    let mut t3 = String::from(
        "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n",
    );
    t3 += &md_row("一、本年新收政府信息公开申请数量", total);
    t3 += &md_row("二、上年结转政府信息公开申请数量", 0);
    for (i, (label, v)) in parts.iter().enumerate() {
        if i == 13 {
            // A page break repeated the header above the last rows.
            t3 += "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n";
        }
        if i == 18 {
            // A converter pasted a header naming earlier rows' words above （六）.
            t3 +=
                "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 总计 |\n";
        }
        t3 += &md_row(label, *v);
    }
    t3 += &md_row("（七）总计", total);
    t3 += &md_row("四、结转下年度继续办理", 0);
    let r = audited(&report_with_t3(&t3));
    assert_eq!(row(&r, "r5_1")[0], Some(2));
    assert_eq!(row(&r, "r6_1")[6], Some(2));
    assert_eq!(row(&r, "r7")[6], Some(total));
    assert!(errors(&r).is_empty(), "{:#?}", r.findings);
}

#[test]
fn table_three_split_into_one_small_table_per_group_reads_every_row() {
    let parts = t3_values();
    let total: i64 = parts.iter().map(|p| p.1).sum();
    let generic = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|\n";
    let mut t3 = String::from(generic);
    t3 += &md_row("一、本年新收政府信息公开申请数量", total);
    t3 += &md_row("二、上年结转政府信息公开申请数量", 0);
    t3 += &md_row(parts[0].0, parts[0].1);
    t3 += &md_row(parts[1].0, parts[1].1);
    for (heading, range) in [
        ("（三）不予公开", 2..10),
        ("（四）无法提供", 10..13),
        ("（五）不予处理", 13..18),
        ("（六）其他处理", 18..21),
    ] {
        t3 += &format!("\n### {heading}\n\n{generic}");
        for (label, v) in &parts[range] {
            t3 += &md_row(label, *v);
        }
    }
    t3 += &format!("\n{generic}");
    t3 += &md_row("（七）总计", total);
    t3 += &md_row("四、结转下年度继续办理", 0);
    let r = audited(&report_with_t3(&t3));
    assert_eq!(row(&r, "r3_4")[0], Some(2));
    assert_eq!(row(&r, "r4_1")[6], Some(4));
    assert_eq!(row(&r, "r6_1")[6], Some(2));
    assert_eq!(row(&r, "r6_3")[6], Some(1));
    assert_eq!(row(&r, "r7")[6], Some(total));
    assert!(errors(&r).is_empty(), "{:#?}", r.findings);
}

#[test]
fn amounts_and_counts_as_written_are_read_with_their_sign_separators_decimals_and_unit() {
    let t2 = "## 二、主动公开政府信息情况\n\
        第二十条第（一）项\n\
        | 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n\
        | 规章 | 0 | 0 | 0 |\n\
        | 规范性文件 | 1,036 | 1,036 | 4,200 |\n\
        第二十条第（五）项\n\
        | 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n\
        | 行政许可 | 120 | 减4 | 3,051 |\n\
        | 其他对外管理服务事项 | 30 | 增3 | 12 |\n\
        第二十条第（六）项\n\
        | 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n\
        | 行政处罚 | 200 | +2 | 88 |\n\
        | 行政强制 | 10 | -1 | 2 |\n\
        第二十条第（八）项\n\
        | 信息内容 | 上一年项目数量 | 本年增/减 |\n\
        | 行政事业性收费 | 5 | 0 |\n\
        第二十条第（九）项\n\
        | 信息内容 | 采购项目数量 | 采购总金额 |\n\
        | 政府集中采购 | 12 | 251000元 |\n";
    let base = report_with_t4("| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
        .replace("2023年", "2020年")
        .replace("2023年12月31日", "2020年12月31日");
    let start = base.find("## 二、").unwrap();
    let end = base.find("## 三、").unwrap();
    let text = format!("{}{t2}{}", &base[..start], &base[end..]);
    let r = audited(&text);
    let t = r.tables.t2.as_ref().expect("表二 read");
    assert_eq!(t.int("normative_docs", "new_made"), Some(1036));
    assert_eq!(t.int("licensing", "delta"), Some(-4));
    assert_eq!(t.int("other_services", "delta"), Some(3));
    assert_eq!(t.int("penalty", "delta"), Some(2));
    assert_eq!(t.int("licensing", "decisions"), Some(3051));
    let amount = t
        .cell("procurement", "amount")
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert_eq!(amount.value, rust_decimal::Decimal::from(251000));
    assert_eq!(amount.unit.as_deref(), Some("元"));
}
