//! `agsec audit`: show the audit log. (Being built.)

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`agsec audit` is not yet implemented")
}
