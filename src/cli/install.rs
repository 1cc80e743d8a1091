//! `agsec install claude-code|codex`: register agsec as an agent's pre-tool hook. (Being built.)

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`agsec install` is not yet implemented")
}
