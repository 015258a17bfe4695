//! The generator from arbitrary bytes, read as the root schema file.
#![no_main]

use std::collections::BTreeMap;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let files = BTreeMap::from([("openapi.yaml".to_owned(), text)]);
    let _ = fuzz::properties::generator_holds(&files, "openapi.yaml");
});
