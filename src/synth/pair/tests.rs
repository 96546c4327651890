use super::*;

#[test]
fn last_years_carried_over_is_this_years_carried_in_column_by_column() {
    for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
        let now = ReportSpec::consistent(5, version, 2023);
        let prev = now.previous_year();
        assert_eq!((prev.year, prev.body.as_str()), (2022, now.body.as_str()));
        for col in APPLICANTS.iter().chain(&["tot"]) {
            assert_eq!(prev.t3.int("cout", col), now.t3.int("cin", col), "{col}");
            let (new, cin, done, cout) = (
                prev.t3.int("new", col).unwrap(),
                prev.t3.int("cin", col).unwrap(),
                prev.t3.int("r7", col).unwrap(),
                prev.t3.int("cout", col).unwrap(),
            );
            assert_eq!(new + cin, done + cout, "{col}");
            assert!(new >= 0 && cin >= 0, "{col}");
        }
        assert_ne!(prev.seed, now.seed);
        assert_eq!(now.previous_year_copied().seed, now.seed);
    }
}

#[test]
fn a_broken_carry_over_names_the_column_and_the_total() {
    let now = ReportSpec::consistent(5, TemplateVersion::V2021, 2023);
    let mut prev = now.previous_year();
    let cin = now.t3.int("cin", "np").unwrap();
    let tot = now.t3.int("cin", "tot").unwrap();
    let broken = break_carry(&mut prev, "np", 3);
    assert_eq!(broken, vec![("np", cin + 3, cin), ("tot", tot + 3, tot)]);
    assert_eq!(prev.t3.int("cout", "np"), Some(cin + 3));
}
