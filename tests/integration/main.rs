//! The one integration test binary: each module tests one subcommand or property through the
//! built `agsec` binary (assert_cmd) or the library.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed expectation is a failed test, and nothing here is an API"
)]

mod support;

// The policy engine against the Python agsec's 2,000+ recorded decisions.
mod compat;

// The prompt-injection screen: its labelled corpus, and `agsec scan` as a PostToolUse hook.
mod screen;
