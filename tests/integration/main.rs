//! The one integration test binary: each module tests one subcommand or property through the
//! built `agsec` binary (assert_cmd) or the library.

mod support;

// The policy engine against the Python agsec's 2,000+ recorded decisions.
mod compat;

// Shell analysis: every spelling of a dangerous command, nested shells, concerns, git facts, limits.
mod shell;
