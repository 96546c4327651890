//! cargo-fuzz target: see `gouji::fuzz::docx`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gouji::fuzz::docx(data));
