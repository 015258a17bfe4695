//! What `#[derive(Lenient)]` refuses, proven by trybuild: each case under `tests/derive_misuse/`
//! must fail to compile with the located message in its `.stderr` (`TRYBUILD=overwrite` refreshes
//! them after a compiler upgrade; read the diff before committing). The shapes it accepts are
//! proven by every generated fixture and by the generated client.

#[test]
fn misuse_of_the_derive_is_a_located_compile_error() {
    trybuild::TestCases::new().compile_fail("tests/derive_misuse/*.rs");
}
