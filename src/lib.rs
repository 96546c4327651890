//! gouji (勾稽, "cross-footing"): an auditor for Chinese government information-disclosure
//! annual reports (政府信息公开工作年度报告).
//!
//! Module map, from data to screen:
//! - [`template`]: the two official formats as data (row/column keys and labels).
//! - [`model`]: plain data: `Report`, `Table`, `Cell`, `Finding`.
//! - [`rules`]: the rule registry: every rule a finding can name, with severity, formulas and
//!   the notice wording; `gouji rules` and docs/rules.md print it.
//! - [`sanitize`]: strip escape and control sequences from untrusted report text.
//! - [`extract`]: file bytes → decoded text → sections, metadata and tables aligned to the template.
//! - [`audit`]: the consistency rules of domain.md §6 over a `Report`.
//! - [`input`]: the one place that opens untrusted files (regular files only, bounded reads),
//!   the per-file budget every reader honours, and the memory shared by the workers.
//! - [`catalog`]: which files are reports, and loading them (the one place that reads them).
//! - [`output`]: text and JSON printers for `check`.
//! - [`cli`]: command-line flags resolved into settings; [`check`]: the headless run.
//! - [`theme`]: named styles from `themes/*.json`; [`tui`]: the interactive auditor.
//! - `synth` (feature `synth`, on for tests, benches and examples): deterministic synthetic
//!   reports with planted defects (samples, tests, benchmarks).
//! - [`atomic`]: replacing a file so it is always the old or the new content.
//! - [`state`]: the persistent triage store (status, note, dismissed findings per report).
//! - [`export`]: the rectification list (整改清单): its model, wording, and one printer per format.
//! - [`watch`]: live inbox: notify events → filtered, debounced, settled changes; `gouji watch`.

pub mod atomic;
pub mod audit;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod export;
pub mod extract;
#[doc(hidden)]
pub mod fuzz;
pub mod input;
pub mod model;
pub mod output;
pub mod rules;
pub mod sanitize;
pub mod state;
#[cfg(feature = "synth")]
pub mod synth;
pub mod template;
pub mod theme;
pub mod tui;
pub mod watch;
