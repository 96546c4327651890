//! Live inbox: watch a directory tree and report report files that were added, changed or
//! removed, once each change has settled.

pub mod debounce;
pub mod filter;
