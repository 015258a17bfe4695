//! The round trip, on JSON objects only: a project sample mutated by the fuzzer's choices must decode as every fuzzed type and encode back to an equal value.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::properties::fuzz_round_trip(bytes));
