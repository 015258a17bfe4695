//! The generator from structure-aware mutations of the project's real schemas: one file's tree changed by the fuzzer's choices, the others as they are.
#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut choices = Unstructured::new(bytes);
    let mut choose = fuzz::chooser(&mut choices);
    let (name, text) = fuzz::SCHEMAS[choose(fuzz::SCHEMAS.len())];
    let Ok(mut tree) = serde_yaml::from_str::<serde_yaml::Value>(text) else { return };
    for _ in 0..1 + choose(6) {
        fuzz::properties::mutate_schema(&mut tree, &mut choose);
    }
    let Ok(mutated) = serde_yaml::to_string(&tree) else { return };
    let mut files = fuzz::schema_sources();
    files.insert(name.to_owned(), mutated);
    let _ = fuzz::properties::generator_holds(&files, "openapi.yaml");
});
