//! The generator from structure-aware mutations of the project's real schemas: one file's tree changed by the fuzzer's choices, the others as they are.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::properties::fuzz_generate_mutated(bytes));
