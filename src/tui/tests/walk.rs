//! Working through the inbox from the report view (issue 15 §1): `]`/`[` in the list's order,
//! a list that holds still while the user walks it, the progress counter, auto-advance, and
//! an open report whose file goes away.

use super::*;

/// Every file of `dir` loaded and audited as the TUI's loader does, in the app at `w` x `h`.
pub(super) fn dir_app(dir: &Path, w: u16, h: u16) -> App {
    let mut app = App::new(Theme::builtin(), (w, h));
    let found = crate::catalog::discover(&[dir.to_path_buf()]);
    app.handle_event(
        AppEvent::Discovered {
            files: found.files.clone(),
            errors: Vec::new(),
        },
        now(),
    );
    for f in &found.files {
        load_file(&mut app, f);
    }
    app
}

pub(super) fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn open_path(app: &App) -> PathBuf {
    app.report.as_ref().expect("a report is open").path.clone()
}

fn shown_order(app: &App) -> Vec<PathBuf> {
    app.list
        .visible
        .iter()
        .map(|v| app.inbox.entries[v.entry].path.clone())
        .collect()
}

#[test]
fn brackets_walk_every_sample_report_in_the_list_order_without_going_back_to_the_list() {
    let mut app = dir_app(&samples_dir(), 80, 24);
    let order: Vec<PathBuf> = shown_order(&app)
        .into_iter()
        .filter(|p| app.report_of(p).is_some())
        .collect();
    key(&mut app, KeyCode::Enter);
    let mut walked = vec![open_path(&app)];
    for _ in 1..order.len() {
        key(&mut app, KeyCode::Char(']'));
        assert_eq!(app.screen, ScreenKind::Report);
        walked.push(open_path(&app));
    }
    assert_eq!(walked, order);
    // At the end `]` stays and says so; `[` and `K` walk back.
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(open_path(&app), *order.last().unwrap());
    let buf = render_app(&app, 80, 24);
    assert!(
        row_text(&buf, 23).contains("last report of the list"),
        "{}",
        dump(&buf)
    );
    key(&mut app, KeyCode::Char('['));
    assert_eq!(open_path(&app), order[order.len() - 2]);
    app.update(Action::PrevReport, now());
    assert_eq!(open_path(&app), order[order.len() - 3]);
    // The title names the report now open, in the title style.
    let buf = render_app(&app, 80, 24);
    let name = order[order.len() - 3]
        .file_name()
        .unwrap()
        .to_string_lossy();
    // A long name loses its middle in the title at 80 columns: its start is there.
    let prefix: String = name.chars().take(4).collect();
    let (x, y) = find_text(&buf, &prefix)
        .into_iter()
        .find(|&(_, y)| y == 0)
        .unwrap_or_else(|| panic!("{prefix} not in the title\n{}", dump(&buf)));
    assert_eq!(buf[(x, y)].bg, app.theme.title.bg.unwrap());
}

#[test]
fn the_progress_counter_counts_reports_only_and_the_filtered_set_when_filtered() {
    let mut app = dir_app(&samples_dir(), 100, 30);
    let reports = app.inbox.entries.iter().filter(|e| e.is_report()).count();
    // README.md, manifest.json-less and not-a-report.txt are files, not reports.
    assert!(reports < app.inbox.entries.len());
    let buf = render_app(&app, 100, 30);
    assert!(
        row_text(&buf, 29).contains(&format!("reviewed 0/{reports}")),
        "{}",
        dump(&buf)
    );
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char('a'));
    let buf = render_app(&app, 100, 30);
    // The report view's status bar keeps count too (once the flash has gone).
    app.message = None;
    let buf2 = render_app(&app, 100, 30);
    assert!(
        row_text(&buf2, 29).contains(&format!("reviewed 2/{reports}")),
        "{}\n{}",
        dump(&buf),
        dump(&buf2)
    );
    assert_eq!(buf2[(1, 29)].bg, app.theme.status_bar.bg.unwrap());
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "2020");
    key(&mut app, KeyCode::Enter);
    app.message = None;
    let shown = app.list.visible.len();
    let (_, Some((done, total))) = app.reviewed() else {
        panic!("a filter is on");
    };
    assert!(total <= shown);
    let buf = render_app(&app, 100, 30);
    assert!(
        row_text(&buf, 29).contains(&format!("reviewed 2/{reports} ({done}/{total} shown)")),
        "{}",
        dump(&buf)
    );
}

#[test]
fn the_list_holds_still_while_statuses_and_reloads_change_ranks_and_r_resorts() {
    let mut app = three();
    // Worst first: failed, blank, clean.
    let before = shown_order(&app);
    assert_eq!(before[0], PathBuf::from("in/failed.txt"));
    key(&mut app, KeyCode::Char('j'));
    // The failed report is fixed by its submitter: a fresh sort would put it last.
    load(&mut app, report("in/failed.txt", "鄂城区人民政府", vec![]));
    assert_eq!(shown_order(&app), before, "the list moved under the user");
    let buf = render_app(&app, 80, 24);
    // The reloaded row says it changed (`*`); rows whose rank a re-sort would change say `~`.
    let (_, y) = at(&buf, "failed.txt");
    assert_eq!(buffer_row(&buf, y).0.chars().next(), Some('*'));
    let (_, y) = at(&buf, "clean.txt");
    assert_eq!(buffer_row(&buf, y).0.chars().next(), Some('~'));
    assert_eq!(buf[(0, y)].fg, app.theme.updated.fg.unwrap());
    assert!(
        row_text(&buf, 23).contains("~ R re-sorts"),
        "{}",
        dump(&buf)
    );
    // The selection stays on its report throughout.
    assert_eq!(app.list.selected, Some(PathBuf::from("in/blank.txt")));
    key(&mut app, KeyCode::Char('R'));
    let after = shown_order(&app);
    assert_eq!(after.last(), Some(&PathBuf::from("in/failed.txt")));
    assert!(app.list.visible.iter().all(|v| !v.moved));
    assert_eq!(app.list.selected, Some(PathBuf::from("in/blank.txt")));
    let buf = render_app(&app, 80, 24);
    assert!(find_text(&buf, "~").is_empty(), "{}", dump(&buf));
}

#[test]
fn auto_advance_opens_the_next_unreviewed_report_after_a_status_key_and_shows_it_is_on() {
    let mut app = three();
    let order = shown_order(&app);
    // The second report was decided already: auto-advance skips it.
    app.list.selected = Some(order[1].clone());
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('A'));
    assert!(app.auto_advance);
    app.message = None;
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "[auto-advance]");
    assert_eq!(y, 23);
    assert_eq!(buf[(x, y)].bg, app.theme.status_bar.bg.unwrap());
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(app.entry(&order[0]).unwrap().triage, Status::NeedsFix);
    assert_eq!(open_path(&app), order[2]);
    // Nothing unreviewed is left after it: the view stays and says so.
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(open_path(&app), order[2]);
    let buf = render_app(&app, 80, 24);
    assert!(row_text(&buf, 23).contains("no unreviewed report after this one"));
    key(&mut app, KeyCode::Char('A'));
    assert!(!app.auto_advance);
}

#[test]
fn an_open_report_whose_file_goes_away_stays_on_screen_and_takes_no_triage_key() {
    let mut app = three();
    let order = shown_order(&app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(open_path(&app), order[0]);
    app.handle_event(
        AppEvent::Removed {
            path: order[0].clone(),
            seq: 0,
        },
        now(),
    );
    assert_eq!(app.screen, ScreenKind::Report);
    let buf = render_app(&app, 80, 24);
    let (x, y) = at(&buf, "FILE DELETED OR RENAMED");
    assert_eq!(y, 0);
    assert_eq!(buf[(x, y)].fg, app.theme.finding_error.fg.unwrap());
    assert!(
        row_text(&buf, 23).contains("triage keys are off"),
        "{}",
        dump(&buf)
    );
    // The list's selection moved to the next report; a status key must not reach it.
    for k in ['a', 'f', 'x', 'u'] {
        key(&mut app, KeyCode::Char(k));
    }
    assert!(
        app.inbox
            .entries
            .iter()
            .all(|e| e.triage == Status::Unreviewed)
    );
    assert!(
        row_text(&render_app(&app, 80, 24), 23).contains("deleted or renamed: nothing changed")
    );
    // `]` goes on with the report that took its place.
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(open_path(&app), order[1]);
    assert!(!app.report_gone());
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, ScreenKind::List);
    assert_eq!(app.list.visible.len(), 2);
}

/// The whole triage walk a user does, headless: open the first report, `]` through every
/// report, `f` on two, a note on one, then `E` on the `!fix` list; states and notice checked.
#[test]
fn a_whole_triage_walk_over_the_samples_ends_in_a_notice_of_the_two_reports_marked_for_fixing() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(samples_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let mut app = dir_app(dir.path(), 100, 30);
    app.set_store(crate::state::Store::open_inbox(dir.path()).unwrap(), now());
    let reports = app.inbox.entries.iter().filter(|e| e.is_report()).count();
    key(&mut app, KeyCode::Enter);
    let mut seen = vec![open_path(&app)];
    let mut fixed = Vec::new();
    loop {
        let here = open_path(&app);
        let failed = app.entry(&here).unwrap().failed();
        if failed > 0 && fixed.len() < 2 {
            key(&mut app, KeyCode::Char('f'));
            fixed.push(here.clone());
            if fixed.len() == 1 {
                key(&mut app, KeyCode::Char('e'));
                type_str(&mut app, "表三总计请核对");
                key(&mut app, KeyCode::Esc);
            }
        }
        key(&mut app, KeyCode::Char(']'));
        if open_path(&app) == here {
            break;
        }
        seen.push(open_path(&app));
    }
    // Every loaded file was visited once (reports and the files that are not reports).
    let loaded = app.inbox.entries.iter().filter(|e| e.is_loaded()).count();
    assert_eq!(seen.len(), loaded);
    assert_eq!(fixed.len(), 2);
    for p in &fixed {
        assert_eq!(app.entry(p).unwrap().triage, Status::NeedsFix);
    }
    assert_eq!(app.entry(&fixed[0]).unwrap().note, "表三总计请核对");
    app.message = None;
    let buf = render_app(&app, 100, 30);
    assert!(
        row_text(&buf, 29).contains(&format!("reviewed 2/{reports}")),
        "{}",
        dump(&buf)
    );
    // Back to the list, keep the two marked for fixing, export them.
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "!fix");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.list.visible.len(), 2);
    key(&mut app, KeyCode::Char('E'));
    let out = app
        .triage
        .last_export
        .clone()
        .expect("the notice was written");
    let notice = std::fs::read_to_string(&out).unwrap();
    for p in &fixed {
        let body = app.report_of(p).unwrap().body.clone().unwrap();
        assert!(notice.contains(&body), "{body} missing from:\n{notice}");
    }
    assert!(notice.contains("表三总计请核对"), "{notice}");
    let others = app
        .inbox
        .entries
        .iter()
        .filter(|e| e.is_report() && !fixed.contains(&e.path))
        .filter_map(|e| e.summary().and_then(|r| r.body.clone()))
        .filter(|b| {
            // `石澜县人民政府` is part of `石澜县人民政府办公室`: only names no fixed body contains.
            fixed.iter().all(|p| {
                !app.report_of(p)
                    .unwrap()
                    .body
                    .as_ref()
                    .unwrap()
                    .contains(b.as_str())
            })
        });
    for b in others {
        assert!(!notice.contains(&b), "{b} should not be in the notice");
    }
    let buf = render_app(&app, 100, 30);
    let (x, y) = at(&buf, "exported 2 reports to");
    assert_eq!(y, 29);
    assert_eq!(buf[(x, y)].fg, app.theme.message.fg.unwrap());
}
