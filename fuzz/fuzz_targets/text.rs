//! cargo-fuzz target: see `gouji::fuzz::text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gouji::fuzz::text(data));
