//! The round trip, on JSON objects only: a project sample mutated by the fuzzer's choices must decode as every fuzzed type and encode back to an equal value.
#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut choices = Unstructured::new(bytes);
    let mut choose = fuzz::chooser(&mut choices);
    let sample = fuzz::SAMPLES[choose(fuzz::SAMPLES.len())];
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(sample) else { return };
    for _ in 0..1 + choose(8) {
        fuzz::properties::mutate_json(&mut value, &mut choose);
    }
    let Ok(bytes) = serde_json::to_vec(&value) else { return };
    fuzz::properties::decoders_hold(&bytes);
    if value.is_object() {
        fuzz::properties::round_trips::<generated_client::Status>(&bytes).expect("every object decodes");
    }
});
