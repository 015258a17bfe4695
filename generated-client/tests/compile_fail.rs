//! What the generated API forbids, proven by trybuild: each case under `tests/compile_fail/` must
//! fail to compile with the error in its `.stderr` (`TRYBUILD=overwrite` refreshes them after a
//! compiler upgrade; read the diff before committing).

#[test]
fn misuse_of_the_generated_api_does_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
