//! Deterministic synthetic annual reports in the official shape, with planted defects.
//!
//! Tests, the shipped `samples/` and the benchmark corpus all need report texts whose correct
//! findings are known in advance. A [`ReportSpec`] holds the figures and presentation choices;
//! [`ReportSpec::consistent`] draws figures that satisfy every rule of domain.md §6 from a seed;
//! a [`Defect`] changes one thing and says which findings that must produce; [`render`] prints
//! the spec in any [`Layout`] of domain.md §8. Everything is a pure function of its seed
//! (ChaCha8, value-stable across `rand_chacha` releases), so files can be regenerated bit for bit.
//!
//! The prose is written for gouji; figures follow the seeds' magnitudes, not their text.

pub mod corpus;
pub mod defect;
pub mod grid;
pub mod pair;
pub mod prose;
pub mod render;
pub mod samples;
pub mod spec;
pub mod stated;

pub use corpus::{CorpusEntry, CorpusOptions, Manifest, corpus, corpus_with};
pub use defect::{Defect, Expect, Planted, t3_cell_expect, verify};
pub use grid::cell_text;
pub use render::{Layout, render};
pub use spec::{AmountStyle, BODIES, BlankStyle, Body, ReportSpec, SectionSpec};
