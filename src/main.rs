//! The `gouji` binary: parse the command line, dispatch, turn the outcome into an exit code.
//! All the work lives in the library so that `check`, `watch` and the TUI share it.

use std::process::ExitCode;

use clap::Parser;
use gouji::check::{self, Status};
use gouji::cli::{
    CheckOptions, Cli, ColorChoice, Env, ExportOptions, FailOn, Format, Options, resolve_color,
};

fn main() -> ExitCode {
    let env = Env::current();
    let status = match Cli::parse().resolve(&env) {
        Options::Check(opts) => check::run(&opts),
        Options::Tui(opts) => {
            // Until the interactive auditor lands, the bare form prints what `check` would.
            eprintln!(
                "gouji: the interactive view is not available yet; showing `gouji check` output"
            );
            check::run(&CheckOptions {
                paths: opts.paths,
                format: Format::Text,
                fail_on: FailOn::Error,
                color: resolve_color(ColorChoice::Auto, &env),
                verbose: false,
            })
        }
        Options::Watch(_) => not_available("watch", "live directory watching"),
        Options::Export(opts) => export(&opts),
    };
    ExitCode::from(status.code())
}

fn not_available(command: &str, feature: &str) -> Status {
    eprintln!(
        "gouji {command}: not available yet: it arrives with {feature}; `gouji check` works now"
    );
    Status::Trouble
}

/// `gouji export`: the list goes to stdout or the file; what happened goes to stderr.
fn export(opts: &ExportOptions) -> Status {
    let done = gouji::export::run_with_state(
        &opts.dir,
        opts.state.as_deref(),
        opts.format,
        opts.output.as_deref(),
    );
    match done {
        Ok(done) => {
            for w in &done.warnings {
                eprintln!("gouji export: {w}");
            }
            if let Some(path) = &done.written {
                eprintln!(
                    "gouji export: {} reports, {} open problems written to {}",
                    done.reports,
                    done.open_problems,
                    path.display()
                );
            }
            Status::Clean
        }
        Err(e) => {
            eprintln!("gouji export: {e}");
            Status::Trouble
        }
    }
}
