//! gouji (勾稽, "cross-footing"): an auditor for Chinese government information-disclosure
//! annual reports (政府信息公开工作年度报告).
//!
//! Module map, from data to screen:
//! - [`template`]: the two official formats as data (row/column keys and labels).
//! - [`model`]: plain data: `Report`, `Table`, `Cell`, `Finding`.
//! - [`sanitize`]: strip escape and control sequences from untrusted report text.
//! - [`extract`]: file bytes → decoded text → sections, metadata and tables aligned to the template.
//! - [`audit`]: the consistency rules of domain.md §6 over a `Report`.
//! - [`watch`]: live inbox: notify events → filtered, debounced, settled changes; `gouji watch`.

pub mod extract;
pub mod model;
pub mod sanitize;
pub mod template;
pub mod watch;
