//! Timestamp and duration parsing, HAL template expansion and path-segment encoding, from arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    // The first line is a template, the rest a value, so both vary independently.
    let (template, value) = text.split_once('\n').unwrap_or((&text, &text));
    fuzz::properties::text_parsers_hold(&text);
    fuzz::properties::template_expansion_holds(template, value);
    fuzz::properties::path_encoding_holds(value);
});
