use super::*;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn ids_are_unique_ascii_and_found_again_by_id() {
    for (i, r) in Rule::ALL.iter().enumerate() {
        assert!(r.id().is_ascii(), "{} is not ASCII", r.id());
        assert!(
            Rule::ALL[i + 1..].iter().all(|o| o.id() != r.id()),
            "{} listed twice",
            r.id()
        );
        assert_eq!(Rule::from_id(r.id()), Some(*r));
    }
    assert_eq!(Rule::from_id("T9-NOPE"), None);
}

/// Every rule code can emit is a `Rule` (Finding::new takes nothing else), so this covers them
/// all: each has its formula in both languages and a notice sentence fit to send to an office.
#[test]
fn every_rule_has_complete_wording_and_its_notice_is_chinese() {
    for r in Rule::ALL {
        let s = r.spec();
        assert!(has_cjk(s.zh), "{r}: the Chinese formula has no Chinese");
        assert!(
            s.en.chars().any(|c| c.is_ascii_alphabetic()),
            "{r}: the English formula has no English"
        );
        assert!(has_cjk(s.notice), "{r}: the notice has no Chinese");
        assert!(
            !s.notice.chars().any(|c| c.is_ascii_alphabetic()),
            "{r}: the notice has Latin letters: {}",
            s.notice
        );
        for text in [s.zh, s.en, s.notice] {
            assert_eq!(text, text.trim(), "{r}: stray spaces");
            assert!(!text.contains('\n'), "{r}: wording is one line");
        }
    }
}

#[test]
fn a_notice_that_bounds_from_below_never_says_equal() {
    // A "≥" rule's formula and its notice agree: the notice says 不应少于, not 应为.
    for r in Rule::ALL {
        let s = r.spec();
        if s.bound == Some(Bound::AtLeast) {
            assert!(s.zh.contains('≥'), "{r}");
            assert!(s.notice.contains("不应少于"), "{r}: {}", s.notice);
        }
        if s.bound == Some(Bound::AtMost) {
            assert!(s.zh.contains('≤'), "{r}");
        }
    }
}

#[test]
fn the_issue_severities_hold() {
    use Rule::*;
    for r in [
        T3Id,
        T3Sum7,
        T3Row,
        T4Sum,
        T3Nonneg,
        T4Nonneg,
        CBlank,
        CTableMissing,
        VFormat,
    ] {
        assert_eq!(r.spec().severity, Severity::Error, "{r}");
    }
    for r in [
        CHeader,
        CExtraRow,
        PPubtotal,
        PRegAuthority,
        VLabel,
        YPeriod,
        DLate,
    ] {
        assert_eq!(r.spec().severity, Severity::Warning, "{r}");
    }
}

#[test]
fn a_rule_serialises_and_prints_as_its_id() {
    assert_eq!(serde_json::to_string(&Rule::T3Sum7).unwrap(), "\"T3-SUM7\"");
    assert_eq!(format!("{:<9}|", Rule::T3Id), "T3-ID    |");
    assert_eq!(Rule::CBlank, "C-BLANK");
    assert_ne!("C-BLANK", Rule::CInferred);
}

#[test]
fn docs_rules_md_is_the_registry_as_generated() {
    let mut want = Vec::new();
    doc::markdown(&mut want).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let have = std::fs::read(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: regenerate it with `cargo run -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn the_list_has_one_line_per_rule_and_an_explanation_names_the_notice() {
    let mut out = Vec::new();
    doc::list(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    for r in Rule::ALL {
        assert!(
            text.lines().any(|l| l.starts_with(&format!(
                "{:<16}{:<8}",
                r.id(),
                r.spec().severity.as_str()
            ))),
            "{r} not listed"
        );
    }
    let mut out = Vec::new();
    doc::explain(Rule::T3Sum7, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("T3-SUM7: error (checked by the audit)"),
        "{text}"
    );
    assert!(text.contains("（七）总计应等于（一）至（六）各项之和"));
}
