//! `agsec policy add|list|remove`: manage statements. (Being built.)

use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Add a statement.
    Add,
    /// List every statement of the merged policy set.
    List,
    /// Remove a statement by sid.
    Remove,
}

pub(crate) fn run(_cmd: Command) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`agsec policy` is not yet implemented")
}
