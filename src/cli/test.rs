//! `agsec test [dir]`: runs the examples policies carry (`examples: {match, not_match}`) and
//! prints `N passed, N failed`.

use super::PolicyDirArg;
use super::output::{Color, Stream, color_enabled, paint, print_json};
use agsec::Engine;
use agsec::examples::{ExampleResult, run_examples};
use agsec::policy;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The policy directory [default: `--policy-dir`, `$AGSEC_POLICY_DIR` or the nearest `policies/`].
    path: Option<PathBuf>,
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    /// Also list the examples that passed.
    #[arg(long, short)]
    verbose: bool,
    /// Print every result as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = match args.path {
        Some(path) => path,
        None => args.policy_dir.resolve(&std::env::current_dir()?)?,
    };
    let set = policy::load_dir(&dir).map_err(|e| {
        anyhow::anyhow!(
            "the policies in {} do not load\n{e}\n  help: `agsec validate` lists every problem",
            dir.display()
        )
    })?;
    let results = run_examples(&Engine::new(set));
    let failed = results.iter().filter(|r| !r.passed()).count();
    if args.json {
        print_json(&results)?;
    } else {
        let color = color_enabled(Stream::Stdout);
        for result in &results {
            if !result.passed() {
                println!(
                    "{} {}: {}",
                    paint("FAIL", Color::Red, color),
                    result.location,
                    result.describe()
                );
            } else if args.verbose {
                println!(
                    "{} {}: {}",
                    paint("ok", Color::Green, color),
                    result.location,
                    summary(result)
                );
            }
        }
        println!("{} passed, {failed} failed", results.len() - failed);
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_ERROR)
    })
}

fn summary(result: &ExampleResult) -> String {
    let shown = match &result.example {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let verb = if result.should_match {
        "triggers"
    } else {
        "does not trigger"
    };
    format!("`{shown}` {verb} `{}`", result.sid)
}
