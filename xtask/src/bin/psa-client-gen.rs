//! `psa-client-gen`: the generator as an installed command (`cargo install --locked --path xtask
//! --bin psa-client-gen`), with the same `regenerate`, `corpus` and `learn` as `cargo xtask`.

use std::process::ExitCode;

/// As in `cargo xtask`: generation is allocation-bound, and mimalloc halves Stripe's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    xtask::cli::Installed::main()
}
