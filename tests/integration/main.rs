//! The one integration test binary: each module tests one subcommand or property through the
//! built `agsec` binary (assert_cmd) or the library.

// clippy.toml allows these in `#[test]` functions only; the helpers of a test binary are test code
// too. `pub` items of its modules are reachable by its other modules only.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test binary"
)]

mod support;

// The policy engine against the Python agsec's 2,000+ recorded decisions.
mod compat;

// `agsec audit`: filters, formats, --json shapes, verify exit codes, missing stores, errors.
mod audit;
