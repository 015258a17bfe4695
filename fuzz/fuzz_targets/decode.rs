//! The lenient decoders of `Status`, `Vehicle`, `Trips`, `Position` and webhook `Message`, from arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| fuzz::properties::fuzz_decode(bytes));
