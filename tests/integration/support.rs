//! Shared helpers: paths to the shared corpora, a command builder for the `agsec` binary.

#![allow(dead_code, reason = "each test module uses a different subset")]

use std::path::PathBuf;

/// `../shared` beside the project root.
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The `agsec` binary under test, with colour off and no inherited agsec settings.
pub fn agsec() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("agsec").expect("agsec binary");
    cmd.env("NO_COLOR", "1")
        .env_remove("AGSEC_POLICY_DIR")
        .env_remove("AGSEC_AUDIT_DB");
    cmd
}
