//! Narrative paragraphs for synthetic reports: the introduction, section 一's five topics,
//! section 五's problems and remedies, section 六's fee statement.
//!
//! Real reports are mostly prose (8–20 KB, tables a few KB), and the extractor must find its
//! anchors in that prose, so the generator writes plenty of it. The sentences are written for
//! gouji (not taken from any report) and avoid table labels and section numerals (`四、`), so
//! prose can never be mistaken for a table row or a heading. Numbers about requests are taken
//! from 表三, so the narrative always agrees with the table it describes.

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

use super::spec::ReportSpec;
use crate::model::TableId;
use crate::template::TemplateVersion;

/// The paragraphs of one report, by place.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub intro: Vec<String>,
    pub s1: Vec<String>,
    pub s5: Vec<String>,
    pub s6: Vec<String>,
}

const TOPICS: &[&str] = &[
    "就业创业",
    "教育医疗",
    "生态环境",
    "食品药品安全",
    "保障性住房",
    "乡村振兴",
    "安全生产",
    "民生实事",
    "营商环境",
    "养老服务",
    "公共文化",
    "财政预决算",
    "重大建设项目",
    "公共资源配置",
];

const ACTIVE: &[&str] = &[
    "{y}年，{we}依托门户网站主动公开各类政府信息{n}条，其中政策文件{s}件，解读材料{s}篇。",
    "围绕{topic}、{topic}等社会关注度高的领域，逐项梳理公开事项，及时更新专栏内容。",
    "坚持把政策解读与文件起草同步考虑、同步部署，采用图表、短视频、问答等形式提高解读的可读性。",
    "对{topic}信息实行清单化管理，明确每一类信息的责任科室和更新时限，做到发布有依据、更新有节奏。",
    "全年组织新闻发布活动{s}场，围绕群众关心的热点问题作出回应{s}次。",
    "结合审批制度改革进展，同步更新办事指南和服务事项目录，方便企业和群众查询办理。",
    "涉及市场主体切身利益的政策文件，在印发后五个工作日内完成公开，并在显著位置标注有效状态。",
    "对照基层政务公开标准目录逐项核对，补充完善缺失条目{s}项，调整不规范条目{s}项。",
    "在{topic}领域推出专题页面，集中展示政策依据、办理流程和工作进展。",
    "通过政务新媒体同步推送重要政策信息{n}条，扩大政策知晓面。",
    "对面向特定群体的惠民政策，编印明白卡、口袋书{s}种，送到群众手中。",
    "建立政策文件“一文一解读”工作要求，解读材料随文件同步上网。",
    "围绕年度重点任务，按季度公开工作进展和完成情况，接受社会监督。",
    "对历年发布的政策文件开展集中清理，清理结果在门户网站统一公布。",
];

const REQUEST: &[&str] = &[
    "严格按照法定时限和程序办理公开申请，受理、登记、审核、答复全流程留痕。",
    "对申请内容不够明确的，及时与申请人沟通，一次性告知需要补充说明的事项。",
    "建立疑难申请会商机制，由业务科室和法制机构共同研究答复意见，确保答复合法规范。",
    "持续规范答复文书格式，在答复中写明依据、理由和救济途径。",
    "梳理申请较为集中的事项，对可以转为主动公开的信息及时公开，从源头上减少同类申请。",
    "畅通网上申请、信函申请和当面申请渠道，申请人可以自主选择提交方式。",
    "对需要征求第三方意见的申请，严格按程序书面征求意见，依法保护各方合法权益。",
    "定期分析申请办理情况，将办理中发现的问题反馈给相关业务科室改进工作。",
];

const MANAGE: &[&str] = &[
    "落实公开属性源头认定制度，公文在起草阶段即明确公开方式，未经认定的一律不得印发。",
    "坚持发布前保密审查，全年审核拟公开信息{n}条，未发生泄密和不当公开问题。",
    "完善政府信息动态调整机制，定期对已公开内容开展合规性检查，及时更正错漏。",
    "建立健全政府信息公开工作台账，做到底数清、情况明、责任实。",
    "对已失效或已修改的政策文件在原文页面作出标注，避免公众误用。",
    "加强个人信息保护，对公开内容中的身份证号码、联系电话等敏感信息进行技术处理。",
    "规范政府信息发布流程，实行起草、审核、签发三级把关。",
    "按照档案管理要求，将政府信息公开工作资料及时整理归档。",
];

const PLATFORM: &[&str] = &[
    "持续优化门户网站政府信息公开专栏，调整栏目{s}个，清理空白栏目和长期未更新栏目。",
    "推进政务新媒体规范化建设，全年通过政务微信公众号发布信息{n}条。",
    "完成网站适老化和无障碍改造，为老年人和残障人士获取信息提供便利。",
    "在政务服务大厅设置政府信息查阅点，配备查询终端，方便群众现场查阅。",
    "加强网站安全防护，定期开展漏洞扫描、错别字检查和外链巡查。",
    "优化站内搜索功能，提高信息检索的准确性和便捷性。",
    "推动政府公报数字化，历年公报全部上网并提供全文检索。",
    "整合部门网站和政务新媒体资源，统一发布口径，避免信息多头发布、前后不一。",
];

const OVERSIGHT: &[&str] = &[
    "将政务公开工作纳入年度目标责任考核，细化考核指标，考核结果作为评先评优的重要参考。",
    "全年组织业务培训{s}次，参训人员{n}人次，提升工作人员依法公开意识。",
    "邀请社会评议员对公开工作进行评议，收集意见建议{s}条并逐条整改落实。",
    "{y}年未发生因政府信息公开工作引发的责任追究事项。",
    "开展季度自查和随机抽查，对发现的问题建立整改清单，逐项限期销号。",
    "主要负责同志定期听取政务公开工作汇报，研究解决工作中的重点难点问题。",
    "明确分管负责同志和专职联络员，形成一级抓一级、层层抓落实的工作格局。",
    "主动接受人大代表、政协委员和社会公众监督，及时回应有关意见建议。",
];

/// Work items per topic for composed sentences (time + action + item + result), used once the
/// topic's own sentences are spent so long reports do not repeat themselves.
const ITEMS: [&[&str]; 5] = [
    &[
        "政策文件集中公开专项行动",
        "重点领域信息公开自查",
        "政策解读质量提升行动",
        "主动公开目录动态调整",
        "惠企政策集中发布",
        "民生政策进社区宣讲",
        "年度预决算信息公开检查",
        "政策问答库建设",
    ],
    &[
        "依申请公开办理情况回头看",
        "答复文书规范化整理",
        "申请登记台账核对",
        "疑难申请案例汇编",
        "办理时限专项检查",
        "申请渠道畅通情况测试",
        "答复意见合法性审核",
        "申请人满意度回访",
    ],
    &[
        "公文公开属性复核",
        "已公开信息合规性排查",
        "历史文件有效性清理",
        "敏感信息专项排查",
        "信息发布审核流程梳理",
        "公开工作档案整理",
        "政府信息资源目录更新",
        "不予公开信息清单复核",
    ],
    &[
        "网站栏目规范化整改",
        "政务新媒体账号清理整合",
        "网站无障碍功能测试",
        "政府信息查阅点建设",
        "网站安全隐患排查",
        "站内检索功能优化",
        "公开专栏内容迁移",
        "移动端页面适配",
    ],
    &[
        "政务公开业务培训",
        "公开工作季度通报",
        "社会评议意见整改",
        "公开工作第三方评估",
        "年度考核指标修订",
        "公开工作专项督查",
        "联络员工作例会",
        "群众意见建议办理",
    ],
];

const WHEN: &[&str] = &[
    "年初",
    "上半年",
    "年中",
    "第三季度",
    "下半年",
    "年内",
    "全年",
];
const DOING: &[&str] = &["组织开展", "集中开展", "部署开展", "持续推进", "认真开展"];
const RESULT: &[&str] = &[
    "共梳理相关信息{n}条",
    "发现并整改问题{s}个",
    "形成工作台账{s}份",
    "进一步提升了公开工作的规范化水平",
    "群众查阅和办事更加方便",
    "相关做法在系统内交流推广",
    "覆盖所属单位{s}个",
];

const S1_TOPICS: [(&[&str], &[&str]); 5] = [
    (&["主动公开情况", "主动公开方面", "深化主动公开"], ACTIVE),
    (
        &["依申请公开情况", "依申请公开方面", "规范依申请公开"],
        REQUEST,
    ),
    (
        &["政府信息管理情况", "政府信息管理方面", "加强信息管理"],
        MANAGE,
    ),
    (
        &["政府信息公开平台建设情况", "平台建设方面", "夯实公开平台"],
        PLATFORM,
    ),
    (&["监督保障情况", "监督保障方面", "强化监督保障"], OVERSIGHT),
];

const OPENINGS: &[&str] = &[
    "{y}年，{we}坚持以人民为中心的发展思想，认真贯彻落实《条例》各项规定，把政务公开作为转变政府职能、建设法治政府的重要抓手，推动公开工作取得新进展。",
    "{y}年，{we}按照上级关于政务公开工作的部署要求，围绕中心工作，健全制度机制，拓展公开渠道，政府信息公开工作总体平稳有序。",
    "{y}年，{we}紧扣年度政务公开工作要点，以制度建设为基础、以平台建设为支撑、以群众需求为导向，持续提升公开质量和实效。",
];

const PROBLEMS: &[&str] = &[
    "政策解读的形式还不够丰富，部分解读材料照搬文件原文，群众读来不够通俗",
    "部分工作人员业务不够熟练，对公开属性的认定把握不准",
    "基层公开内容更新不够及时，个别栏目存在内容滞后的情况",
    "依申请公开答复的说理性还需加强",
    "政务新媒体互动回应还不够及时",
    "公开工作力量较为薄弱，兼职人员多、流动快",
    "公开信息的标准化程度不高，同类信息格式不够统一",
];

const REMEDIES: &[&str] = &[
    "加强业务培训，组织开展专题学习和案例研讨，提升工作人员的政策水平和业务能力",
    "丰富政策解读形式，推出更多图解、视频和问答产品，让政策更易懂、更好用",
    "健全栏目日常巡查机制，明确专人负责，做到信息及时更新",
    "规范依申请公开办理流程，完善答复文书模板，提高答复质量",
    "强化督促检查，将发现的问题纳入考核，推动各项要求落到实处",
    "统一信息发布标准，编制公开内容格式规范，提升公开信息的规范化水平",
    "充实工作力量，保持人员相对稳定，建立岗位交接制度",
];

const SIX_EXTRA: &[&str] = &[
    "人大代表建议和政协委员提案的办理结果已按规定在门户网站公开。",
    "年度政务公开工作要点确定的各项任务已全部落实。",
    "本年度无其他需要报告的事项。",
];

/// Fills `{y}`, `{we}`, `{topic}`, `{n}` (hundreds to thousands) and `{s}` (small numbers).
fn fill(rng: &mut ChaCha8Rng, spec: &ReportSpec, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').expect("closed placeholder");
        match &rest[start + 1..end] {
            "y" => out.push_str(&spec.year.to_string()),
            "we" => out.push_str(&spec.we),
            "topic" => out.push_str(TOPICS.choose(rng).expect("topics")),
            "n" => out.push_str(&rng.random_range(120..4000u32).to_string()),
            "s" => out.push_str(&rng.random_range(2..40u32).to_string()),
            other => panic!("unknown placeholder {other}"),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The sentence a report uses for its statistics period.
pub fn period_sentence(spec: &ReportSpec) -> String {
    use chrono::Datelike;
    let (a, b) = spec.period;
    format!(
        "本报告所列数据的统计期限自{}年{}月{}日起至{}年{}月{}日止。",
        a.year(),
        a.month(),
        a.day(),
        b.year(),
        b.month(),
        b.day()
    )
}

fn basis(spec: &ReportSpec) -> &'static str {
    match spec.version {
        TemplateVersion::V2019 => {
            "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
        }
        TemplateVersion::V2021 => {
            "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
        }
    }
}

/// The request figures of 表三 in one sentence, when the cells are there to quote.
fn request_figures(spec: &ReportSpec) -> Option<String> {
    let get = |r| spec.int(TableId::T3, r, "tot");
    let (new, cin, done, cout) = (get("new")?, get("cin")?, get("r7")?, get("cout")?);
    if new == 0 && cin == 0 {
        return Some(format!(
            "{}年，{}未收到政府信息公开申请。",
            spec.year, spec.we
        ));
    }
    Some(format!(
        "{}年，{}新收政府信息公开申请{}件，上年结转{}件，全年办结{}件，结转下年度继续办理{}件。",
        spec.year, spec.we, new, cin, done, cout
    ))
}

/// Writes the prose of `spec`; with `spec.prose` the paragraphs add up to about
/// `budget` bytes, otherwise one short paragraph per place.
pub fn write(spec: &ReportSpec, rng: &mut ChaCha8Rng, budget: usize) -> Prose {
    let mut intro = format!(
        "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{}编制，全文共六个部分，依次报告总体工作、主动公开、依申请公开、复议和诉讼、存在的问题及改进、其他事项。",
        basis(spec)
    );
    if !spec.period_in_section6 {
        intro.push_str(&period_sentence(spec));
    }
    intro.push_str(&format!(
        "如对本报告有疑问，请与{}政务公开工作机构联系（电话：0{}-{}）。",
        spec.body,
        rng.random_range(100..999u32),
        rng.random_range(2_000_000..9_000_000u32)
    ));

    let mut six = Vec::new();
    let fee = match spec.version {
        TemplateVersion::V2019 => format!(
            "{}年，{}未向申请人收取任何与政府信息公开有关的费用。",
            spec.year, spec.we
        ),
        TemplateVersion::V2021 if rng.random_bool(0.7) => format!(
            "{}年，{}依照《政府信息公开信息处理费管理办法》的规定办理申请，未收取信息处理费。",
            spec.year, spec.we
        ),
        TemplateVersion::V2021 => format!(
            "{}年，{}依照《政府信息公开信息处理费管理办法》收取信息处理费{}元。",
            spec.year,
            spec.we,
            rng.random_range(1..30u32) * 20
        ),
    };
    six.push(fee);
    if spec.period_in_section6 {
        six.push(period_sentence(spec));
    }

    let figures = match &spec.stated {
        Some(stated) => super::stated::sentences(spec, stated).map(|(text, _)| text),
        None => request_figures(spec),
    };
    if !spec.prose {
        let t = *OPENINGS.choose(rng).expect("openings");
        let mut s1 = fill(rng, spec, t);
        if let Some(f) = figures {
            s1.push_str(&f);
        }
        let s5 = format!(
            "{}仍存在一些不足：{}。下一步将{}。",
            spec.we,
            PROBLEMS.choose(rng).expect("problems"),
            REMEDIES.choose(rng).expect("remedies")
        );
        return Prose {
            intro: vec![intro],
            s1: vec![s1],
            s5: vec![s5],
            s6: six,
        };
    }

    // Section 五: problems and remedies, then section 一 takes the rest of the budget.
    let mut problems: Vec<&str> = PROBLEMS.to_vec();
    problems.shuffle(rng);
    let mut remedies: Vec<&str> = REMEDIES.to_vec();
    remedies.shuffle(rng);
    let k = rng.random_range(3..=4usize);
    let ordinals = ["一是", "二是", "三是", "四是"];
    let list = |items: &[&str]| -> String {
        items
            .iter()
            .zip(ordinals)
            .map(|(t, o)| format!("{o}{t}"))
            .collect::<Vec<_>>()
            .join("；")
    };
    let s5 = vec![
        format!(
            "对照新形势新要求，{}政府信息公开工作仍存在一些薄弱环节：{}。",
            spec.we,
            list(&problems[..k])
        ),
        format!(
            "针对上述问题，下一步{}将重点做好以下工作：{}。",
            spec.we,
            list(&remedies[..k])
        ),
    ];
    if rng.random_bool(0.5) {
        six.push(SIX_EXTRA.choose(rng).expect("six").to_string());
    }

    let used: usize = intro.len()
        + s5.iter().map(String::len).sum::<usize>()
        + six.iter().map(String::len).sum::<usize>();
    let mut left = budget.saturating_sub(used);

    // Section 一: an opening paragraph, then the five topics, each drawing its sentences
    // without repetition, round-robin until the budget is spent or the banks run dry.
    let t = *OPENINGS.choose(rng).expect("openings");
    let opening = fill(rng, spec, t);
    left = left.saturating_sub(opening.len());
    let mut banks: Vec<Vec<&str>> = S1_TOPICS
        .iter()
        .map(|(_, bank)| {
            let mut b = bank.to_vec();
            b.shuffle(rng);
            b
        })
        .collect();
    let mut items: Vec<Vec<&str>> = ITEMS
        .iter()
        .map(|list| {
            let mut l = list.to_vec();
            l.shuffle(rng);
            l
        })
        .collect();
    let mut paras: Vec<String> = S1_TOPICS
        .iter()
        .enumerate()
        .map(|(i, (titles, _))| {
            format!(
                "（{}）{}。",
                ["一", "二", "三", "四", "五"][i],
                titles.choose(rng).expect("titles")
            )
        })
        .collect();
    if let Some(f) = figures {
        left = left.saturating_sub(f.len());
        paras[1].push_str(&f);
    }
    // Every topic gets at least two sentences so no sub-heading stands empty.
    let mut round = 0;
    loop {
        let mut added = false;
        for (i, bank) in banks.iter_mut().enumerate() {
            if round >= 2 && left == 0 {
                break;
            }
            let next = match bank.pop() {
                Some(t) => Some(fill(rng, spec, t)),
                None => items[i].pop().map(|item| {
                    let when = WHEN.choose(rng).expect("when");
                    let doing = DOING.choose(rng).expect("doing");
                    let result = *RESULT.choose(rng).expect("result");
                    let result = fill(rng, spec, result);
                    match rng.random_range(0..4u32) {
                        0 => format!("{when}，{}{doing}{item}，{result}。", spec.we),
                        1 => {
                            let start = ["年初", "上半年", "第三季度", "下半年"]
                                .choose(rng)
                                .expect("start");
                            format!("{item}工作于{start}启动，{result}。")
                        }
                        2 => format!("结合{item}，{when}{doing}专项整治，{result}。"),
                        _ => format!("通过{item}，{result}。"),
                    }
                }),
            };
            if let Some(s) = next {
                left = left.saturating_sub(s.len());
                paras[i].push_str(&s);
                added = true;
            }
        }
        round += 1;
        if !added || (round >= 2 && left == 0) {
            break;
        }
    }
    let mut s1 = vec![opening];
    s1.extend(paras);
    Prose {
        intro: vec![intro],
        s1,
        s5,
        s6: six,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn prose_avoids_section_numerals_and_table_labels() {
        let spec = ReportSpec::consistent(1, TemplateVersion::V2021, 2022);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let p = write(&spec, &mut rng, 50_000);
        let all: String = [p.intro, p.s1, p.s5, p.s6].concat().concat();
        for bad in [
            "二、",
            "三、",
            "四、",
            "五、",
            "六、",
            "规范性文件",
            "规章",
            "行政许可",
            "行政处罚",
            "行政强制",
            "行政事业性收费",
            "重复申请",
            "收费通知",
            "行政复议",
            "行政诉讼",
            "总计",
            "总体情况",
        ] {
            assert!(!all.contains(bad), "prose contains {bad}");
        }
    }

    #[test]
    fn request_sentence_quotes_table_three() {
        let spec = ReportSpec::consistent(9, TemplateVersion::V2019, 2020);
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let p = write(&spec, &mut rng, 4000);
        let s1 = p.s1.concat();
        let new = spec.int(TableId::T3, "new", "tot").unwrap();
        if new > 0 {
            assert!(s1.contains(&format!("新收政府信息公开申请{new}件")));
        }
    }
}
