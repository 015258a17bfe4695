//! Timestamp and duration parsing, HAL template expansion and path-segment encoding, from arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::properties::fuzz_text(bytes));
