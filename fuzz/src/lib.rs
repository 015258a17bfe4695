//! What the fuzz targets run: the workspace's property checks, one `fuzz_*` function per target.

#[path = "../../generated-client/tests/support/properties.rs"]
pub mod properties;
