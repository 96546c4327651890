//! Named styles for the TUI, and the theme files that override them.
//!
//! Widgets never pick a colour: they ask the [`Theme`] for a named style (`error_cell`,
//! `missing_cell`, `selection`, ...). A theme file (`themes/*.json`) overrides only the styles it
//! names; every other style keeps its built-in value, so a user theme of three lines is valid and
//! new styles added later never break old theme files. The shipped themes are embedded with
//! `include_str!` so the binary needs no data directory.
//!
//! File format:
//! ```json
//! { "name": "light",
//!   "styles": { "error_cell": { "fg": "white", "bg": "red", "modifiers": ["bold"] } } }
//! ```
//! A style named in the file replaces the built-in one completely (fields left out mean "terminal
//! default"), which is what lets `mono` drop every colour. Colours are ratatui colour names
//! (`red`, `lightblue`, `darkgray`, ..., `reset`), `#rrggbb` or an index `0..=255`; the shipped
//! themes use only the 16 ANSI names so they stay readable on a 16-colour terminal.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub use crate::cli::ThemeChoice;

/// The themes shipped with gouji, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../themes/default.json")),
    ("light", include_str!("../themes/light.json")),
    ("mono", include_str!("../themes/mono.json")),
];

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const fn fg_bg(f: Color, b: Color) -> Style {
    Style::new().fg(f).bg(b)
}

macro_rules! styles {
    ($($(#[doc = $doc:literal])* $name:ident = $default:expr;)*) => {
        /// Every named style the TUI draws with.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            /// The theme's name, shown in the help overlay.
            pub name: String,
            $($(#[doc = $doc])* pub $name: Style,)*
        }

        impl Theme {
            /// The names a theme file may override, in declaration order.
            pub const STYLE_NAMES: &'static [&'static str] = &[$(stringify!($name),)*];

            /// The built-in (dark) styles that every theme starts from.
            pub fn builtin() -> Theme {
                Theme { name: "default".to_string(), $($name: $default,)* }
            }

            fn slot(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)*
                    _ => None,
                }
            }

            /// Every style with its name (tests and the help overlay use it).
            pub fn all(&self) -> Vec<(&'static str, Style)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}

styles! {
    /// Plain text.
    text = Style::new();
    /// Secondary text: paths, counts that are zero, placeholders.
    dim = fg(Color::DarkGray);
    /// The top bar of every screen.
    title = fg_bg(Color::Black, Color::Cyan).add_modifier(Modifier::BOLD);
    /// The bottom bar: totals, progress, key hints.
    status_bar = fg_bg(Color::Black, Color::Gray);
    /// A transient message in the status bar (theme errors, "note saved").
    message = fg_bg(Color::Black, Color::Yellow).add_modifier(Modifier::BOLD);
    /// Column headers of the list and of the grids.
    header = fg(Color::Cyan).add_modifier(Modifier::BOLD);
    /// The 表二/表三/表四 heading lines of the report view.
    table_title = fg(Color::Yellow).add_modifier(Modifier::BOLD);
    /// The selected line of a list (reports, findings).
    selection = Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD);
    /// The grid cursor: patched over the cell's own style so an error cell stays recognisable.
    cursor = Style::new().add_modifier(Modifier::REVERSED);
    /// A cell that fails a rule.
    error_cell = fg_bg(Color::White, Color::Red).add_modifier(Modifier::BOLD);
    /// A cell with a warning.
    warning_cell = fg_bg(Color::Black, Color::Yellow);
    /// A missing (blank) cell.
    missing_cell = fg(Color::Magenta).add_modifier(Modifier::BOLD);
    /// A cell that entered a failed sum without failing itself.
    tinted_cell = fg(Color::LightRed).add_modifier(Modifier::UNDERLINED);
    /// A value whose column was inferred by the extractor.
    inferred_cell = Style::new().fg(Color::LightBlue).add_modifier(Modifier::ITALIC);
    /// A value corrected by the inspector (`c`).
    corrected_cell = fg(Color::LightGreen).add_modifier(Modifier::BOLD.union(Modifier::ITALIC));
    /// Report list badge: failed checks or missing cells.
    badge_error = fg_bg(Color::White, Color::Red).add_modifier(Modifier::BOLD);
    /// Report list badge: warnings only.
    badge_warning = fg_bg(Color::Black, Color::Yellow);
    /// Report list badge: clean.
    badge_ok = fg_bg(Color::Black, Color::Green);
    /// Report list badge: loading, not a report.
    badge_other = fg(Color::DarkGray);
    /// Characters matched by the fuzzy filter.
    matched = fg(Color::Yellow).add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED));
    /// Severity column of an error finding.
    finding_error = fg(Color::LightRed).add_modifier(Modifier::BOLD);
    /// Severity column of a warning finding.
    finding_warning = fg(Color::Yellow);
    /// Severity column of an info finding.
    finding_info = fg(Color::Cyan);
    /// The offending value in the source view.
    source_highlight = fg_bg(Color::Black, Color::Yellow).add_modifier(Modifier::BOLD);
    /// A match of the text searched with `/` (source view).
    search_match = fg_bg(Color::Black, Color::Cyan).add_modifier(Modifier::BOLD);
    /// The line a finding points at in the source view.
    source_focus = Style::new().add_modifier(Modifier::BOLD);
    /// Line numbers in the source view.
    line_number = fg(Color::DarkGray);
    /// Key names in the help overlay and key hints.
    help_key = fg(Color::Cyan).add_modifier(Modifier::BOLD);
    /// Borders of overlays (help, note editor).
    border = fg(Color::Gray);
    /// Triage status: accepted.
    triage_accepted = fg(Color::Green);
    /// Triage status: needs fixing (待整改).
    triage_needs_fix = fg(Color::Yellow).add_modifier(Modifier::BOLD);
    /// Triage status: rejected.
    triage_rejected = fg(Color::LightRed);
    /// The "updated since last viewed" mark.
    updated = fg(Color::LightCyan).add_modifier(Modifier::BOLD);
}

impl Default for Theme {
    fn default() -> Self {
        Theme::builtin()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    name: Option<String>,
    /// For people reading the file; gouji does not show it.
    #[serde(default, rename = "description")]
    _description: Option<String>,
    #[serde(default)]
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    #[serde(default)]
    fg: Option<String>,
    #[serde(default)]
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

fn parse_color(s: &str) -> Result<Color, String> {
    Color::from_str(s).map_err(|_| format!("unknown colour `{s}`"))
}

fn parse_modifier(s: &str) -> Result<Modifier, String> {
    Ok(match s.to_ascii_lowercase().as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underline" | "underlined" => Modifier::UNDERLINED,
        "reverse" | "reversed" => Modifier::REVERSED,
        "crossed_out" | "strikethrough" => Modifier::CROSSED_OUT,
        _ => return Err(format!("unknown modifier `{s}`")),
    })
}

impl StyleSpec {
    fn to_style(&self) -> Result<Style, String> {
        let mut style = Style::new();
        if let Some(c) = &self.fg {
            style = style.fg(parse_color(c)?);
        }
        if let Some(c) = &self.bg {
            style = style.bg(parse_color(c)?);
        }
        for m in &self.modifiers {
            style = style.add_modifier(parse_modifier(m)?);
        }
        Ok(style)
    }
}

/// The style name within two edits of `name`, for "did you mean".
fn closest(name: &str) -> Option<&'static str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                let sub = prev[j] + usize::from(ca != *cb);
                cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
            }
            prev = cur;
        }
        prev[b.len()]
    }
    Theme::STYLE_NAMES
        .iter()
        .map(|n| (distance(name, n), *n))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, n)| n)
}

impl Theme {
    /// Parses a theme file's text over the built-in styles.
    pub fn parse(text: &str) -> Result<Theme, String> {
        let file: ThemeFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut theme = Theme::builtin();
        if let Some(name) = file.name {
            theme.name = name;
        }
        for (name, spec) in &file.styles {
            let style = spec
                .to_style()
                .map_err(|e| format!("style `{name}`: {e}"))?;
            let slot = theme.slot(name).ok_or_else(|| match closest(name) {
                Some(near) => format!("unknown style `{name}` (did you mean `{near}`?)"),
                None => format!(
                    "unknown style `{name}` (known: {})",
                    Theme::STYLE_NAMES.join(", ")
                ),
            })?;
            *slot = style;
        }
        Ok(theme)
    }

    /// A shipped theme by name.
    pub fn shipped(name: &str) -> Option<Theme> {
        let (_, text) = SHIPPED.iter().find(|(n, _)| *n == name)?;
        // The shipped files are checked by a test, so a parse error cannot reach users.
        Theme::parse(text).ok()
    }

    /// The theme the command line chose (`cli::resolve_theme` already applied NO_COLOR). A
    /// theme that cannot be read or parsed yields a fallback — `mono` when `no_color`, else the
    /// default — and a message saying why, never an error.
    pub fn resolve(choice: &ThemeChoice, no_color: bool) -> (Theme, Option<String>) {
        let fallback = || {
            if no_color {
                Theme::shipped("mono").unwrap_or_default()
            } else {
                Theme::builtin()
            }
        };
        let loaded = match choice {
            ThemeChoice::Named(name) => Theme::shipped(name).ok_or_else(|| {
                let names: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
                format!(
                    "theme `{name}`: not a shipped theme ({}); give a path to use a file",
                    names.join(", ")
                )
            }),
            ThemeChoice::File(path) => match std::fs::read_to_string(path) {
                Ok(text) => {
                    Theme::parse(&text).map_err(|e| format!("theme {}: {e}", path.display()))
                }
                Err(e) => Err(format!(
                    "theme {}: not a readable file: {e}",
                    path.display()
                )),
            },
        };
        match loaded {
            Ok(t) => (t, None),
            Err(msg) => (fallback(), Some(format!("using the default theme: {msg}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIXTEEN: &[&str] = &[
        "black",
        "red",
        "green",
        "yellow",
        "blue",
        "magenta",
        "cyan",
        "gray",
        "darkgray",
        "lightred",
        "lightgreen",
        "lightyellow",
        "lightblue",
        "lightmagenta",
        "lightcyan",
        "white",
        "reset",
    ];

    #[test]
    fn every_shipped_theme_parses_and_uses_only_the_16_ansi_colours() {
        for (name, text) in SHIPPED {
            let theme = Theme::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(theme.name, *name);
            let raw: serde_json::Value = serde_json::from_str(text).unwrap();
            for (style, spec) in raw["styles"].as_object().unwrap() {
                for key in ["fg", "bg"] {
                    if let Some(c) = spec.get(key).and_then(|c| c.as_str()) {
                        assert!(SIXTEEN.contains(&c), "{name}.{style}.{key} = {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn default_json_restates_the_builtin_styles() {
        // default.json documents every style for users who copy it: it must not drift.
        let file = Theme::shipped("default").unwrap();
        assert_eq!(file, Theme::builtin());
        let raw: serde_json::Value = serde_json::from_str(SHIPPED[0].1).unwrap();
        assert_eq!(
            raw["styles"].as_object().unwrap().len(),
            Theme::STYLE_NAMES.len()
        );
    }

    #[test]
    fn mono_has_no_colour_at_all_but_keeps_key_styles_distinct() {
        let mono = Theme::shipped("mono").unwrap();
        for (name, style) in mono.all() {
            assert_eq!(style.fg, None, "{name} has a foreground");
            assert_eq!(style.bg, None, "{name} has a background");
        }
        assert_ne!(mono.error_cell, mono.missing_cell);
        assert_ne!(mono.error_cell, mono.tinted_cell);
        assert_ne!(mono.missing_cell, mono.tinted_cell);
        assert_ne!(mono.selection, Style::new());
        assert_ne!(mono.error_cell, Style::new());
    }

    #[test]
    fn a_partial_theme_overrides_only_what_it_names() {
        let t = Theme::parse(r#"{"styles": {"error_cell": {"fg": "blue"}}}"#).unwrap();
        assert_eq!(t.error_cell, Style::new().fg(Color::Blue));
        assert_eq!(t.missing_cell, Theme::builtin().missing_cell);
    }

    #[test]
    fn a_broken_theme_file_falls_back_to_default_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, r#"{"styles": {"eror_cell": {"fg": "red"}}}"#).unwrap();
        let (t, msg) = Theme::resolve(&ThemeChoice::File(bad.clone()), false);
        assert_eq!(t, Theme::builtin());
        let msg = msg.unwrap();
        assert!(msg.starts_with("using the default theme: theme "), "{msg}");
        assert!(
            msg.ends_with("unknown style `eror_cell` (did you mean `error_cell`?)"),
            "{msg}"
        );
        let far = Theme::parse(r#"{"styles": {"zzz": {}}}"#).unwrap_err();
        assert!(far.contains("known: text, dim,"), "{far}");

        std::fs::write(&bad, "{ not json").unwrap();
        let (_, msg) = Theme::resolve(&ThemeChoice::File(bad.clone()), false);
        assert!(msg.unwrap().contains("bad.json"));

        let (t, msg) = Theme::resolve(&ThemeChoice::Named("no-such-theme".into()), false);
        assert_eq!(t, Theme::builtin());
        assert!(
            msg.unwrap()
                .contains("not a shipped theme (default, light, mono)")
        );

        let bad_colour = Theme::parse(r#"{"styles": {"header": {"fg": "reddish"}}}"#);
        assert_eq!(
            bad_colour.unwrap_err(),
            "style `header`: unknown colour `reddish`"
        );
    }

    #[test]
    fn no_color_selects_mono_unless_a_theme_is_named() {
        let (t, msg) = Theme::resolve(&ThemeChoice::Named("mono".into()), true);
        assert_eq!(t.name, "mono");
        assert!(msg.is_none());
        let (t, _) = Theme::resolve(&ThemeChoice::Named("light".into()), true);
        assert_eq!(t.name, "light");
        let (t, _) = Theme::resolve(&ThemeChoice::Named("default".into()), false);
        assert_eq!(t.name, "default");
    }

    #[test]
    fn a_theme_file_on_disk_is_loaded_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mine.json");
        std::fs::write(
            &p,
            r##"{"name": "mine", "styles": {"header": {"fg": "#ff8800", "modifiers": ["underline"]}}}"##,
        )
        .unwrap();
        let (t, msg) = Theme::resolve(&ThemeChoice::File(p.clone()), false);
        assert!(msg.is_none());
        assert_eq!(t.name, "mine");
        assert_eq!(
            t.header,
            Style::new()
                .fg(Color::Rgb(0xff, 0x88, 0x00))
                .add_modifier(Modifier::UNDERLINED)
        );
    }
}
