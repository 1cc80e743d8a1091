//! `agsec policy remove <sid>`: remove one statement, leaving the rest of its file as it is;
//! `--dry-run` shows the change as a diff.

use super::super::PolicyDirArg;
use super::super::output::{Stream, color_enabled};
use super::{emit, paint_diff};
use agsec::policy;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The sid of the statement to remove.
    sid: String,
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    /// Show the change as a unified diff and write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = args.policy_dir.resolve(&std::env::current_dir()?)?;
    let edit = policy::plan_remove(&dir, &args.sid)?;
    let file = edit.location.file.display();
    let lines = format!("{}-{}", edit.lines.start(), edit.lines.end());
    if args.dry_run {
        emit(&paint_diff(&edit.diff(), color_enabled(Stream::Stdout)))?;
        eprintln!(
            "dry run: `{}` would be removed from {file} (lines {lines}); nothing written",
            args.sid
        );
    } else {
        edit.write()?;
        println!("removed `{}` from {file} (lines {lines})", args.sid);
    }
    Ok(ExitCode::SUCCESS)
}
