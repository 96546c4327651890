use super::*;
use crate::audit::numerals::{chinese as read_chinese, numbers};
use crate::template::TemplateVersion;

#[test]
fn chinese_numerals_read_back_as_the_number_written() {
    for n in (0..3000).chain([10_000, 10_005, 10_012, 12_000, 100_100, 1_234_567]) {
        let s = chinese(n);
        assert_eq!(read_chinese(&s), Some(n), "{n} written as {s}");
    }
    assert_eq!(chinese(127), "一百二十七");
    assert_eq!(chinese(12), "十二");
    assert_eq!(chinese(3005), "三千零五");
    assert_eq!(chinese(12_000), "一万二千");
}

#[test]
fn full_width_digits_read_back_as_the_number_written() {
    assert_eq!(fullwidth(127), "１２７");
    assert_eq!(numbers(&fullwidth(3119))[0].value, 3119);
}

#[test]
fn stated_figures_use_more_than_one_numeral_form_over_seeds() {
    let (mut arabic, mut wide, mut cn) = (false, false, false);
    for seed in 0..40 {
        let spec = ReportSpec::consistent(seed, TemplateVersion::V2021, 2023).with_stated_figures();
        let (text, pieces) = sentences(&spec, spec.stated.as_ref().unwrap()).unwrap();
        for p in &pieces {
            assert!(text.contains(&p.phrase), "{text} lacks {}", p.phrase);
            let n = numbers(&p.phrase);
            assert_eq!(n.last().map(|n| n.value), Some(p.value), "{}", p.phrase);
            arabic |= p.phrase.chars().any(|c| c.is_ascii_digit());
            wide |= p.phrase.chars().any(|c| ('０'..='９').contains(&c));
            cn |= p
                .phrase
                .chars()
                .any(|c| "一二三四五六七八九十百千".contains(c));
        }
    }
    assert!(
        arabic && wide && cn,
        "arabic {arabic} full-width {wide} chinese {cn}"
    );
}

#[test]
fn a_contradiction_changes_one_stated_number_only() {
    let spec = ReportSpec::consistent(7, TemplateVersion::V2019, 2020).with_stated_figures();
    let (_, before) = sentences(&spec, spec.stated.as_ref().unwrap()).unwrap();
    let mut planted = spec.clone();
    let c = contradict(&mut planted, 3).unwrap();
    let (_, after) = sentences(&planted, planted.stated.as_ref().unwrap()).unwrap();
    let changed: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].1.phrase, c.phrase);
    assert_ne!(c.stated, c.table_value);
}
