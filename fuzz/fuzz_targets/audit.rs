//! cargo-fuzz target: see `gouji::fuzz::audited`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gouji::fuzz::audited(data));
