//! The generator from arbitrary bytes, read as the root schema file.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::properties::fuzz_generate(bytes));
