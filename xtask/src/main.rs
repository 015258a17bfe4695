//! `cargo xtask`: the command-line face of the project's automation (the parser is in
//! `xtask/src/cli.rs`, the work in `xtask/src/lib.rs`).

use std::process::ExitCode;

/// Generation allocates millions of short-lived tokens and syntax nodes: with mimalloc, Stripe's
/// document generates in half the time it takes with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    xtask::cli::Xtask::main()
}
