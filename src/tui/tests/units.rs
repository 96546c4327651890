//! Amounts with their units, units that differ from the heading's, extra rows as written, and
//! a failed identity that the grid and the readout tell alike (issue 15 §3).

use super::walk::samples_dir;
use super::*;
use crate::rules::Rule;

fn load_path(path: &Path) -> Report {
    crate::catalog::load_file(path, &crate::audit::AuditConfig::default())
}

fn seed(name: &str) -> Report {
    load_path(&Path::new("../shared/seeds").join(name))
}

fn sample(name: &str) -> Report {
    load_path(&samples_dir().join(name))
}

/// The app on `report` with the grid cursor on the cell `f` points at.
fn on_finding(report: Report, rule: Rule, w: u16, h: u16) -> App {
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no {rule:?}"))
        .clone();
    let mut app = report_app(report, Theme::builtin(), w, h);
    let c = f.cell().expect("a cell finding");
    assert!(app.goto_cell(c.table, c.row, c.column));
    app
}

#[test]
fn amounts_show_the_unit_they_were_written_with_in_the_grid() {
    for (name, shown) in [
        ("003_7f5a90e893934992.txt", "27.88亿"),
        ("000_b371c881a2c85658.txt", "60721754元"),
    ] {
        for (w, h) in [(80, 24), (160, 50)] {
            let app = on_finding_or_cell(seed(name), w, h);
            let buf = render_app(&app, w, h);
            let (x, y) = at(&buf, shown);
            assert!(row_text(&buf, y).contains("集中采购"), "{}", dump(&buf));
            // The cursor sits on it, over the cell's own style.
            assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
        }
    }
}

/// The seed opened with the cursor on 政府集中采购 · 采购总金额.
fn on_finding_or_cell(report: Report, w: u16, h: u16) -> App {
    let mut app = report_app(report, Theme::builtin(), w, h);
    assert!(app.goto_cell(TableId::T2, "procurement", "amount"));
    app
}

#[test]
fn a_fee_written_in_yuan_under_a_wanyuan_heading_is_marked_and_the_readout_says_why() {
    let name = "2022-county-gov-table2-implausible-old-label.txt";
    for (w, h) in [(80, 24), (160, 50)] {
        let app = on_finding(sample(name), Rule::PFeeUnit, w, h);
        let buf = render_app(&app, w, h);
        let (x, y) = at(&buf, "39400元*");
        assert!(row_text(&buf, y).contains("事业性收费"), "{}", dump(&buf));
        // The heading says 万元 (收费万元): the cell is drawn as a warning, under the cursor.
        assert_eq!(buf[(x, y)].bg, app.theme.warning_cell.bg.unwrap());
        let r = readout(&buf);
        let why = if w >= 160 {
            "= 39400元  *写作元，表头单位为万元  P-FEE-UNIT"
        } else {
            // 80 columns cut the readout after the mark's reason starts.
            "= 39400元  *写作元"
        };
        assert!(r.contains(&squeeze(why)), "{r}\n{}", dump(&buf));
    }
    // Mono: the marker is what tells, not a colour.
    let mut app = on_finding(sample(name), Rule::PFeeUnit, 80, 24);
    app.theme = crate::theme::Theme::shipped("mono").unwrap();
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "39400元*");
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn an_amount_in_the_heading_unit_is_not_marked() {
    let mut r = seed("000_b371c881a2c85658.txt");
    // 采购总金额 heading without a unit: nothing to differ from.
    let g = grid::Grid::build(&r);
    assert!(g.cells.iter().flatten().all(|c| c.unit.is_none()));
    // A fee in 万元 under 万元 (2021): no mark either.
    r = sample("2022-county-gov-table2-implausible-old-label.txt");
    let t2 = r.tables.t2.as_mut().unwrap();
    let fees = t2.rows.iter_mut().find(|r| r.def.key == "fees").unwrap();
    fees.cells[0].raw = "3.94万元".into();
    fees.cells[0].value = Some(crate::model::Number {
        value: "3.94".parse().unwrap(),
        unit: Some("万元".into()),
    });
    let g = grid::Grid::build(&r);
    assert!(g.cells.iter().flatten().all(|c| c.unit.is_none()));
    assert!(g.cells.iter().flatten().any(|c| c.text == "3.94万元"));
}

#[test]
fn an_extra_row_is_drawn_with_its_label_as_written_after_the_row_it_follows() {
    let name = "2020-street-extra-row-header-cells-heading-unit.txt";
    for (w, h) in [(80, 24), (160, 50)] {
        let mut app = report_app(sample(name), Theme::builtin(), w, h);
        // The findings pane's C-EXTRA-ROW takes the cursor to the row.
        let rv = app.report.as_ref().unwrap();
        let report = app.report_of(&rv.path).unwrap();
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == Rule::CExtraRow)
            .unwrap();
        let (line, _) = rv
            .grid
            .locate(report, f)
            .expect("the extra row is in the grid");
        assert!(matches!(rv.grid.lines[line], grid::Line::Extra { .. }));
        app.report.as_mut().unwrap().line = line;
        let buf = render_app(&app, w, h);
        // In the grid's label column (the findings name it too, beside the grid at 160).
        let (x, y) = find_text(&buf, "其他主动公开文件")
            .into_iter()
            .find(|&(x, _)| x == 1)
            .unwrap_or_else(|| panic!("{}", dump(&buf)));
        assert!(
            row_text(&buf, y - 1).contains(" 规范性文件 "),
            "{}",
            dump(&buf)
        );
        let row = row_text(&buf, y);
        // The grid's part of the row (the findings may follow it at 160 columns).
        let values: Vec<&str> = row.split_whitespace().skip(1).take(3).collect();
        assert_eq!(values, ["4", "4", "19"], "{row}");
        assert_eq!(buf[(x + 2, y)].fg, app.theme.finding_warning.fg.unwrap());
        let (vx, _) = find_text(&buf, "19")
            .into_iter()
            .find(|&(_, yy)| yy == y)
            .unwrap();
        assert_eq!(buf[(vx, y)].bg, app.theme.warning_cell.bg.unwrap());
        let r = readout(&buf);
        assert!(
            r.contains(&squeeze(
                "其他主动公开文件（模板以外的行） / 本年新制作数量 = 4"
            )),
            "{r}"
        );
    }
}

#[test]
fn a_failed_identity_shows_the_cells_own_value_and_the_readout_gives_the_checks_figures() {
    let name = "2022-bureau-t3-identity-broken.txt";
    for (w, h) in [(80, 24), (160, 50)] {
        let app = on_finding(sample(name), Rule::T3Id, w, h);
        let rv = app.report.as_ref().unwrap();
        let report = app.report_of(&rv.path).unwrap();
        let own = match rv.grid.lines[rv.line] {
            grid::Line::Row { table, row, .. } => report.tables.get(table).unwrap().rows[row].cells
                [rv.col]
                .int()
                .unwrap(),
            _ => panic!("cursor off a row"),
        };
        let shown = &rv.grid.cells[rv.line][rv.col];
        assert_eq!(shown.text, own.to_string());
        assert_eq!(shown.class, grid::CellClass::Error);
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == Rule::T3Id)
            .expect("the T3-ID finding");
        let (expected, actual) = (f.expected.unwrap(), f.actual.unwrap());
        assert_ne!(actual, own, "the check's sum is not the cell's own value");
        let buf = render_app(&app, w, h);
        assert!(
            find_text(&buf, &format!("{actual}!={expected}")).is_empty(),
            "{}",
            dump(&buf)
        );
        let r = readout(&buf);
        assert!(
            r.contains(&squeeze(&format!(
                "总计 / 自然人 = {own}  T3-ID 不符：应为 {expected}，检查合计 {actual}（非本格值）"
            ))),
            "{r}"
        );
        // The cell is red where it is drawn: the cursor row's 自然人 column.
        let y = find_text(&buf, "(七)总计")
            .into_iter()
            .find(|&(x, _)| x == 1)
            .expect("the grid row")
            .1;
        let x = find_text(&buf, &own.to_string())
            .into_iter()
            .find(|&(_, yy)| yy == y)
            .unwrap()
            .0;
        assert_eq!(buf[(x, y)].bg, app.theme.error_cell.bg.unwrap());
    }
}
