//! `agsec schema`: print the JSON Schema of policy files (`agsec init` also writes it to
//! `policies/.schema.json`, which the modeline of every policy file points to).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    print!("{}", agsec::policy::schema_text());
    Ok(ExitCode::SUCCESS)
}
