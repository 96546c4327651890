//! The command line, in two stages: raw flags as clap parses them ([`Cli`]), then settings
//! resolved against the environment ([`Options`]): whether to colour, which theme, durations.
//!
//! Keeping the stages apart (as ripgrep does) means the rest of gouji never looks at `NO_COLOR`
//! or asks whether stdout is a terminal: it gets a decided [`Options`], and the decisions are
//! pure functions that tests call with an explicit environment.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// 勾稽: audit Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告).
///
/// Without a subcommand, opens the interactive auditor on PATHS (default: the current
/// directory). When stdout is not a terminal (a pipe, cron, CI) it prints what `gouji check`
/// prints instead.
#[derive(Debug, Parser)]
#[command(name = "gouji", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub tui: TuiArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit report files and print the findings (text or JSON), for scripts and CI.
    Check(CheckArgs),
    /// Watch a directory and print one JSON line per audit as files change.
    Watch(WatchArgs),
    /// Write the rectification list (整改清单) of a triaged directory.
    Export(ExportArgs),
    /// List the rules gouji checks, or explain one (`gouji rules T3-SUM7`).
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rule to explain, e.g. T3-SUM7 (any case).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Print every rule as the Markdown of docs/rules.md.
    #[arg(long, conflicts_with = "id")]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// Report files or directories to open.
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Colour theme: a shipped name (default, light, mono) or a path to a theme JSON file.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Poll the directory every MS milliseconds instead of using native file events.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    pub poll: Option<u64>,
    /// Triage state file (default: .gouji/state.json inside the directory).
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Language of the finding details in the report view: zh (default) or en.
    #[arg(long, value_name = "LANG", value_parser = parse_lang, default_value = "zh")]
    pub lang: crate::tui::detail::Lang,
    /// After a/f/x in the report view, open the next unreviewed report (A toggles it).
    #[arg(long)]
    pub auto_advance: bool,
}

fn parse_lang(s: &str) -> Result<crate::tui::detail::Lang, String> {
    crate::tui::detail::Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`: zh or en"))
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// List every missing cell separately and show info findings.
    #[arg(short, long)]
    pub verbose: bool,
    /// Do not link the reports of one body across years (no X-* rules, JSON `previous` null).
    /// Linking is on by default; it keeps a small record per report and prints when the run ends.
    #[arg(long)]
    pub no_years: bool,
    /// Accepted for scripts written when linking was opt-in: linking is now the default.
    #[arg(long, hide = true, conflicts_with = "no_years")]
    pub years: bool,
    /// Triage state file whose cell corrections to apply (default: .gouji/state.json inside
    /// the first directory, when it exists). Nothing is written to it.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Report files or directories (searched recursively for .txt, .md, ... files).
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Directory to watch.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Output format (one JSON object per line).
    #[arg(long, value_enum, default_value_t = WatchFormat::Jsonl)]
    pub format: WatchFormat,
    /// Poll every MS milliseconds instead of using native file events.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    pub poll: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Triaged directory.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ListFormat,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Triage state file (default: .gouji/state.json inside the directory).
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    /// One report object per line (the objects of `json`, as `watch --format jsonl` without
    /// `event`), each line flushed as it is written: for `jq` and pipelines over big inboxes.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WatchFormat {
    Jsonl,
}

/// `csv`, `json` or `md`: the rectification list's own format type.
pub use crate::export::ListFormat;

/// The lowest severity that fails a `check` run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Warning,
    Error,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What the user asked for, with every environment-dependent choice already made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Options {
    Tui(TuiOptions),
    Check(CheckOptions),
    Watch(WatchOptions),
    Export(ExportOptions),
    Rules(RulesOptions),
}

/// `gouji rules`: which rules to show, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesOptions {
    List,
    Markdown,
    /// The id as typed; it may name no rule.
    Explain(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TuiOptions {
    pub paths: Vec<PathBuf>,
    pub theme: ThemeChoice,
    /// `Some` forces polling at this interval.
    pub poll: Option<Duration>,
    pub state: Option<PathBuf>,
    pub lang: crate::tui::detail::Lang,
    pub auto_advance: bool,
}

/// A theme named on the command line: a shipped one, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeChoice {
    Named(String),
    File(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub format: CheckFormat,
    pub fail_on: FailOn,
    /// Decided: true means write colour escapes.
    pub color: bool,
    pub verbose: bool,
    /// Link reports across years (the default; off with `--no-years`).
    pub years: bool,
    /// `--state PATH`: the triage state whose corrections apply (else the inbox's, if any).
    pub state: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchOptions {
    pub dir: PathBuf,
    pub format: WatchFormat,
    pub poll: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub dir: PathBuf,
    pub format: ListFormat,
    pub output: Option<PathBuf>,
    pub state: Option<PathBuf>,
}

/// The parts of the environment that settings depend on.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub no_color: Option<OsString>,
    pub term: Option<OsString>,
    pub stdout_is_tty: bool,
}

impl Env {
    pub fn current() -> Env {
        Env {
            no_color: std::env::var_os("NO_COLOR"),
            term: std::env::var_os("TERM"),
            stdout_is_tty: std::io::stdout().is_terminal(),
        }
    }

    /// `NO_COLOR` counts when set to a non-empty value (no-color.org); a dumb terminal has
    /// no colour either.
    pub fn no_color(&self) -> bool {
        self.no_color.as_ref().is_some_and(|v| !v.is_empty())
            || self.term.as_deref().is_some_and(|t| t == "dumb")
    }
}

impl Cli {
    /// Second stage: resolves raw flags against `env`.
    pub fn resolve(self, env: &Env) -> Options {
        match self.command {
            // The interactive view needs a terminal; a pipe gets the text `check` prints, and
            // never the terminal's control codes.
            None if !env.stdout_is_tty => Options::Check(CheckOptions {
                paths: self.tui.paths,
                format: CheckFormat::Text,
                fail_on: FailOn::Error,
                color: false,
                verbose: false,
                years: true,
                state: self.tui.state.clone(),
            }),
            None => Options::Tui(TuiOptions {
                paths: self.tui.paths,
                theme: resolve_theme(self.tui.theme.as_deref(), env),
                poll: self.tui.poll.map(Duration::from_millis),
                state: self.tui.state,
                lang: self.tui.lang,
                auto_advance: self.tui.auto_advance,
            }),
            Some(Command::Check(a)) => Options::Check(CheckOptions {
                paths: a.paths,
                format: a.format,
                fail_on: a.fail_on,
                color: a.format == CheckFormat::Text && resolve_color(a.color, env),
                verbose: a.verbose,
                years: !a.no_years,
                state: a.state,
            }),
            Some(Command::Watch(a)) => Options::Watch(WatchOptions {
                dir: a.dir,
                format: a.format,
                poll: a.poll.map(Duration::from_millis),
            }),
            Some(Command::Export(a)) => Options::Export(ExportOptions {
                dir: a.dir,
                format: a.format,
                output: a.output,
                state: a.state,
            }),
            Some(Command::Rules(a)) => Options::Rules(match (a.id, a.markdown) {
                (Some(id), _) => RulesOptions::Explain(id),
                (None, true) => RulesOptions::Markdown,
                (None, false) => RulesOptions::List,
            }),
        }
    }
}

/// `always`/`never` win; `auto` colours only a terminal, and not when `NO_COLOR` is set or
/// `TERM=dumb`.
pub fn resolve_color(choice: ColorChoice, env: &Env) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            env.stdout_is_tty && !env.no_color() && env.term.as_deref() != Some("dumb".as_ref())
        }
    }
}

/// A value that looks like a path (a separator or a `.json` suffix) is a file; anything else is
/// a shipped theme's name. Without `--theme`, `NO_COLOR` selects the colourless `mono` theme.
pub fn resolve_theme(flag: Option<&str>, env: &Env) -> ThemeChoice {
    match flag {
        Some(v)
            if v.contains('/') || v.contains(std::path::MAIN_SEPARATOR) || v.ends_with(".json") =>
        {
            ThemeChoice::File(PathBuf::from(v))
        }
        Some(v) => ThemeChoice::Named(v.to_string()),
        None if env.no_color() => ThemeChoice::Named("mono".to_string()),
        None => ThemeChoice::Named("default".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("gouji").chain(args.iter().copied()))
    }

    fn tty() -> Env {
        Env {
            stdout_is_tty: true,
            ..Env::default()
        }
    }

    #[test]
    fn the_parser_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_opens_the_tui_on_the_current_directory() {
        let opts = parse(&[]).unwrap().resolve(&tty());
        assert_eq!(
            opts,
            Options::Tui(TuiOptions {
                paths: vec![PathBuf::from(".")],
                theme: ThemeChoice::Named("default".into()),
                poll: None,
                state: None,
                lang: crate::tui::detail::Lang::Zh,
                auto_advance: false,
            })
        );
    }

    #[test]
    fn without_a_terminal_no_subcommand_prints_the_check_text_without_colour() {
        let opts = parse(&["samples"]).unwrap().resolve(&Env::default());
        assert_eq!(
            opts,
            Options::Check(CheckOptions {
                paths: vec![PathBuf::from("samples")],
                format: CheckFormat::Text,
                fail_on: FailOn::Error,
                color: false,
                verbose: false,
                years: true,
                state: None,
            })
        );
    }

    #[test]
    fn rules_lists_explains_or_writes_markdown() {
        let rules = |args: &[&str]| parse(args).unwrap().resolve(&tty());
        assert_eq!(rules(&["rules"]), Options::Rules(RulesOptions::List));
        assert_eq!(
            rules(&["rules", "t3-sum7"]),
            Options::Rules(RulesOptions::Explain("t3-sum7".into()))
        );
        assert_eq!(
            rules(&["rules", "--markdown"]),
            Options::Rules(RulesOptions::Markdown)
        );
        assert!(parse(&["rules", "T3-ID", "--markdown"]).is_err());
    }

    #[test]
    fn tui_flags_are_resolved() {
        let opts = parse(&[
            "--theme",
            "themes/x.json",
            "--poll",
            "500",
            "--state",
            "s.json",
            "--lang",
            "en",
            "--auto-advance",
            "a",
            "b",
        ])
        .unwrap()
        .resolve(&tty());
        assert_eq!(
            opts,
            Options::Tui(TuiOptions {
                paths: vec!["a".into(), "b".into()],
                theme: ThemeChoice::File("themes/x.json".into()),
                poll: Some(Duration::from_millis(500)),
                state: Some("s.json".into()),
                lang: crate::tui::detail::Lang::En,
                auto_advance: true,
            })
        );
        assert!(parse(&["--lang", "fr"]).is_err());
        let Options::Tui(t) = parse(&["--theme", "light"]).unwrap().resolve(&tty()) else {
            panic!()
        };
        assert_eq!(t.theme, ThemeChoice::Named("light".into()));
    }

    #[test]
    fn no_color_picks_the_mono_theme_unless_one_is_named() {
        let env = Env {
            no_color: Some("1".into()),
            ..tty()
        };
        assert_eq!(resolve_theme(None, &env), ThemeChoice::Named("mono".into()));
        assert_eq!(
            resolve_theme(Some("light"), &env),
            ThemeChoice::Named("light".into())
        );
    }

    #[test]
    fn check_flags() {
        let opts = parse(&[
            "check",
            "--format",
            "json",
            "--fail-on",
            "warning",
            "-v",
            "x",
            "y",
        ])
        .unwrap()
        .resolve(&tty());
        assert_eq!(
            opts,
            Options::Check(CheckOptions {
                paths: vec!["x".into(), "y".into()],
                format: CheckFormat::Json,
                fail_on: FailOn::Warning,
                color: false,
                verbose: true,
                years: true,
                state: None,
            })
        );
        let Options::Check(c) = parse(&["check"]).unwrap().resolve(&tty()) else {
            panic!()
        };
        assert_eq!(c.paths, vec![PathBuf::from(".")]);
        assert_eq!(c.fail_on, FailOn::Error);
        assert!(c.color, "text on a terminal is coloured by default");
        assert!(c.years, "reports are linked across years by default");
        let Options::Check(c) = parse(&["check", "--no-years"]).unwrap().resolve(&tty()) else {
            panic!()
        };
        assert!(!c.years, "--no-years turns linking off");
        let Options::Check(c) = parse(&["check", "--years"]).unwrap().resolve(&tty()) else {
            panic!()
        };
        assert!(c.years, "--years is still accepted");
    }

    #[test]
    fn colour_decision() {
        let env = |no_color: Option<&str>, term: Option<&str>, tty: bool| Env {
            no_color: no_color.map(Into::into),
            term: term.map(Into::into),
            stdout_is_tty: tty,
        };
        assert!(resolve_color(
            ColorChoice::Auto,
            &env(None, Some("xterm"), true)
        ));
        assert!(!resolve_color(ColorChoice::Auto, &env(None, None, false)));
        assert!(!resolve_color(
            ColorChoice::Auto,
            &env(Some("1"), None, true)
        ));
        assert!(resolve_color(ColorChoice::Auto, &env(Some(""), None, true)));
        assert!(!resolve_color(
            ColorChoice::Auto,
            &env(None, Some("dumb"), true)
        ));
        assert!(resolve_color(
            ColorChoice::Always,
            &env(Some("1"), None, false)
        ));
        assert!(!resolve_color(ColorChoice::Never, &env(None, None, true)));
    }

    #[test]
    fn watch_and_export_parse() {
        let opts = parse(&["watch", "inbox", "--poll", "250"])
            .unwrap()
            .resolve(&tty());
        assert_eq!(
            opts,
            Options::Watch(WatchOptions {
                dir: "inbox".into(),
                format: WatchFormat::Jsonl,
                poll: Some(Duration::from_millis(250)),
            })
        );
        let opts = parse(&["export", "inbox", "--format", "md", "-o", "out.md"])
            .unwrap()
            .resolve(&tty());
        assert_eq!(
            opts,
            Options::Export(ExportOptions {
                dir: "inbox".into(),
                format: ListFormat::Md,
                output: Some("out.md".into()),
                state: None,
            })
        );
    }

    #[test]
    fn usage_errors_are_rejected() {
        for bad in [
            &["check", "--format", "xml"][..],
            &["check", "--fail-on", "sometimes"],
            &["export", "inbox"],
            &["watch"],
            &["--poll", "0"],
            &["--poll", "soon"],
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad:?}");
        }
    }
}
