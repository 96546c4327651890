//! Acceptance tests of the TUI issue on the five real seed reports: each report is read,
//! extracted and audited by `catalog::load_file` exactly as the TUI's loader does, then drawn
//! into a `TestBackend`-style buffer at 80x24 and 160x50, and the buffer is checked cell by cell,
//! styles included, against what the theme says a user must see.

use std::path::{Path, PathBuf};
use std::time::Instant;

use gouji::audit::AuditConfig;
use gouji::model::{Report, TableId};
use gouji::theme::Theme;
use gouji::tui::keymap::{KEYMAP, keys_label};
use gouji::tui::{App, AppEvent, buffer_row, find_text, render_app, report_app};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Style};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 50)];

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds")
}

/// The seed whose file name starts with `prefix` (`"002"`), loaded as the TUI loads it.
fn seed(prefix: &str) -> Report {
    let path = std::fs::read_dir(seeds_dir())
        .expect("../shared/seeds")
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    gouji::catalog::load_file(&path, &AuditConfig::default())
}

fn dump(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| buffer_row(buf, y).0)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The y of the only row holding `needle`.
/// The row showing `needle`: in the report view the grid row it labels (from 160 columns the
/// findings beside the grid name the same rows in their locations).
fn row_of(buf: &Buffer, needle: &str) -> u16 {
    let hits = find_text(buf, needle);
    assert!(!hits.is_empty(), "`{needle}` not on screen:\n{}", dump(buf));
    hits.iter().find(|&&(x, _)| x <= 1).unwrap_or(&hits[0]).1
}

/// Asserts that a drawn cell has exactly `style` (as drawn over an empty buffer).
fn assert_style(c: &Cell, style: Style, what: &str) {
    assert_eq!(c.fg, style.fg.unwrap_or(Color::Reset), "{what}: fg");
    assert_eq!(c.bg, style.bg.unwrap_or(Color::Reset), "{what}: bg");
    assert_eq!(c.modifier, style.add_modifier, "{what}: modifiers");
}

fn themes() -> Vec<Theme> {
    ["default", "light", "mono"]
        .iter()
        .map(|n| Theme::shipped(n).unwrap())
        .collect()
}

#[test]
fn seed_002_total_row_failed_cells_are_drawn_in_the_error_style_with_expected_value() {
    for theme in themes() {
        for (w, h) in SIZES {
            let mut app = report_app(seed("002"), theme.clone(), w, h);
            // Cursor on (七)总计 · 总计; the 自然人 cell of the same row is drawn without it.
            assert!(app.goto_cell(TableId::T3, "r7", "tot"));
            let buf = render_app(&app, w, h);
            let y = row_of(&buf, "(七)总计");
            let cells: Vec<(u16, u16)> = find_text(&buf, "0!=15")
                .into_iter()
                .filter(|&(_, yy)| yy == y)
                .collect();
            assert_eq!(cells.len(), 2, "{} {w}x{h}:\n{}", theme.name, dump(&buf));
            let what = format!("{} {w}x{h} 自然人", theme.name);
            for dx in 0..5 {
                assert_style(&buf[(cells[0].0 + dx, y)], theme.error_cell, &what);
            }
            let under_cursor = theme.error_cell.patch(theme.cursor);
            let what = format!("{} {w}x{h} 总计 under the cursor", theme.name);
            assert_style(&buf[cells[1]], under_cursor, &what);
            // The operands of the failed sum, e.g. (一)予以公开 = 15, are tinted.
            assert!(app.goto_cell(TableId::T3, "r1", "oth"));
            let buf = render_app(&app, w, h);
            let y1 = row_of(&buf, "(一)予以公开");
            let fifteen = find_text(&buf, "15")
                .into_iter()
                .find(|&(_, yy)| yy == y1)
                .expect("15 on the (一) row");
            assert_style(
                &buf[fifteen],
                theme.tinted_cell,
                &format!("{} operand", theme.name),
            );
        }
    }
}

#[test]
fn seed_001_missing_cells_are_drawn_in_the_missing_style_and_the_inferred_total_in_the_inferred_style()
 {
    for theme in themes() {
        for (w, h) in SIZES {
            let mut app = report_app(seed("001"), theme.clone(), w, h);
            // Cursor on the row below, so 一、本年新收 is drawn without it.
            assert!(app.goto_cell(TableId::T3, "cin", "np"));
            let buf = render_app(&app, w, h);
            let y = row_of(&buf, "一、本年新收");
            // The grid's part of the row: the findings beside it (160 columns) have `-`s too.
            let blanks: Vec<(u16, u16)> = find_text(&buf, "-")
                .into_iter()
                .filter(|&(x, yy)| yy == y && x < 96)
                .collect();
            // 自然人 .. 其他 are blank in the report; 总计 holds the inferred 0.
            assert_eq!(blanks.len(), 6, "{w}x{h}:\n{}", dump(&buf));
            for p in blanks {
                assert_style(
                    &buf[p],
                    theme.missing_cell,
                    &format!("{} {w}x{h}", theme.name),
                );
            }
            let zero = find_text(&buf, "0")
                .into_iter()
                .rfind(|&(_, yy)| yy == y)
                .expect("the inferred total");
            let drawn = (buf[zero].fg, buf[zero].bg, buf[zero].modifier);
            let m = theme.missing_cell;
            let missing = (
                m.fg.unwrap_or(Color::Reset),
                m.bg.unwrap_or(Color::Reset),
                m.add_modifier,
            );
            assert_ne!(drawn, missing, "{}: a value drawn as missing", theme.name);
            // Its column was inferred: drawn in the theme's own style for that, not as read.
            assert_style(
                &buf[zero],
                theme.inferred_cell,
                &format!("{} {w}x{h}: the inferred total", theme.name),
            );
            assert_ne!(
                theme.inferred_cell, theme.text,
                "{}: inferred cells look like read ones",
                theme.name
            );
        }
    }
}

fn all_seeds(w: u16, h: u16) -> App {
    let mut app = App::new(Theme::builtin(), (w, h));
    // Loaded in an order unlike the expected one, as a parallel loader would deliver them.
    for p in ["003", "000", "004", "001", "002"] {
        app.handle_event(AppEvent::loaded(seed(p)), Instant::now());
    }
    app
}

#[test]
fn the_list_of_the_five_seeds_is_sorted_worst_first() {
    for (w, h) in SIZES {
        let app = all_seeds(w, h);
        let names: Vec<String> = app
            .list
            .visible
            .iter()
            .map(|v| app.inbox.entries[v.entry].file_name()[..3].to_string())
            .collect();
        // 002: 4 failed checks; 004: 1; 001: 150 missing cells; 000: 149; 003: warnings only.
        assert_eq!(names, ["002", "004", "001", "000", "003"]);
        let buf = render_app(&app, w, h);
        let ys: Vec<u16> = names
            .iter()
            .map(|n| row_of(&buf, &format!("{n}_")))
            .collect();
        assert!(ys.windows(2).all(|p| p[0] < p[1]), "{}", dump(&buf));
        let t = Theme::builtin();
        for (i, y) in ys.iter().enumerate() {
            let badge = if i < 4 { "ERR " } else { "WARN" };
            let style = if i < 4 {
                t.badge_error
            } else {
                t.badge_warning
            };
            assert_eq!(&buffer_row(&buf, *y).0[1..5], badge);
            assert_style(&buf[(1, *y)], style, badge);
        }
        let status = buffer_row(&buf, h - 1).0;
        assert!(
            status.contains("5 reports  4 with errors  0 clean"),
            "{status}"
        );
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(
        AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        Instant::now(),
    );
}

#[test]
fn the_filter_narrows_the_seed_list() {
    for (w, h) in SIZES {
        let mut app = all_seeds(w, h);
        key(&mut app, KeyCode::Char('/'));
        for c in "鄂城".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        assert_eq!(app.list.visible.len(), 1);
        let buf = render_app(&app, w, h);
        assert_eq!(find_text(&buf, "002_").len(), 1);
        for other in ["000_", "001_", "003_", "004_"] {
            assert!(find_text(&buf, other).is_empty(), "{other} still listed");
        }
        assert!(buffer_row(&buf, h - 1).0.contains("showing 1"));
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.list.visible.len(), 5);
        key(&mut app, KeyCode::Char('/'));
        for c in "!err".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        // Reports with errors as `check` counts them: failed checks (002, 004) and missing
        // cells (000, 001); warnings alone (003) drop out.
        let buf = render_app(&app, w, h);
        assert_eq!(app.list.visible.len(), 4);
        assert!(find_text(&buf, "003_").is_empty(), "003_ still listed");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('/'));
        for c in "!blank".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        let mut names: Vec<String> = app
            .list
            .visible
            .iter()
            .map(|v| app.inbox.entries[v.entry].file_name()[..3].to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["000", "001", "002"]);
    }
}

#[test]
fn help_lists_every_key_at_both_sizes() {
    for (w, h) in SIZES {
        let mut app = all_seeds(w, h);
        key(&mut app, KeyCode::Char('?'));
        // Collect what the help shows, scrolling down if it is taller than the terminal.
        let mut seen = String::new();
        for _ in 0..KEYMAP.len() {
            seen.push_str(&dump(&render_app(&app, w, h)));
            seen.push('\n');
            key(&mut app, KeyCode::Char('j'));
        }
        for b in KEYMAP {
            let label = keys_label(b);
            let shown = seen.lines().any(|l| {
                l.find(&label)
                    .is_some_and(|p| l[p + label.len()..].contains(b.help))
            });
            assert!(shown, "{w}x{h}: help misses {label} {}\n{seen}", b.help);
        }
    }
}
