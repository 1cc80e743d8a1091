//! The command line: clap definitions of every subcommand and the one `run` that dispatches to them.
//! Each subcommand lives in its own file with an `Args` struct and a `run(args) -> Result<ExitCode>`.

mod audit;
mod check;
mod decide;
mod doctor;
mod explain;
mod generate;
mod init;
mod install;
mod output;
mod pending;
mod policy;
mod scan;
mod schema;
mod test;
mod validate;

use clap::{Args as _, FromArgMatches as _, Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit code for a usage or runtime error (anything but a policy decision).
pub(crate) const EXIT_ERROR: u8 = 1;
/// Exit code for a denied action (the agents' hook protocols read 2 as "block").
pub(crate) const EXIT_DENY: u8 = agsec::hook::EXIT_DENY;

/// agsec: an action firewall for AI coding agents.
///
/// Installed as an agent's pre-tool hook, `agsec check` judges every tool call (shell commands,
/// file writes, web fetches, MCP tools) against the YAML policies of the repository, asks a person
/// when a policy says `review`, and records every decision in an audit log.
#[derive(Debug, Parser)]
#[command(
    name = "agsec",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the default policies into `policies/` of the current directory.
    Init(init::Args),
    /// Register agsec as the pre-tool hook of an agent (claude-code, codex).
    Install(install::Args),
    /// List, add or remove policy statements.
    #[command(subcommand)]
    Policy(policy::Command),
    /// Check policy files and report every problem with file:line:column.
    Validate(validate::Args),
    /// Run the examples policies carry and print `N passed, N failed`.
    Test(test::Args),
    /// Judge one tool call read as JSON on stdin (the hook command agents run).
    Check(check::Args),
    /// Show why a command or tool call would be allowed, reviewed or denied: the action, the
    /// shell analysis, every statement and condition considered, and the decision.
    Explain(explain::Args),
    /// Show the audit log of decisions.
    Audit(audit::Args),
    /// List reviews waiting for a person (queued when no one could be asked during the call).
    Pending(pending::Args),
    /// Approve a queued review: the same call is then allowed once.
    Approve(decide::Args),
    /// Reject a queued review.
    Reject(decide::Args),
    /// Print the JSON Schema of policy files (editors validate and complete with it).
    Schema(schema::Args),
    /// Print the completion script of a shell (bash, zsh, fish, powershell, elvish).
    Completions(generate::CompletionsArgs),
    /// Print the man page (roff).
    Man(generate::ManArgs),
    /// Check that agsec really guards the agents: installation, binary, policies, audit store,
    /// and a dangerous and a harmless call sent through each installed hook.
    Doctor(doctor::Args),
    /// Screen a tool's output for prompt injection (the post-tool hook command agents run).
    Scan(scan::Args),
}

/// Where the policies are: `--policy-dir`, else `$AGSEC_POLICY_DIR`, else the nearest
/// `policies/` directory at or above a starting directory.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct PolicyDirArg {
    /// The policy directory [default: the nearest `policies/` above the working directory].
    #[arg(long = "policy-dir", env = "AGSEC_POLICY_DIR", value_name = "DIR")]
    pub(crate) dir: Option<std::path::PathBuf>,
}

impl PolicyDirArg {
    /// The policy directory, searching upwards from `start` when none was given.
    pub(crate) fn resolve(&self, start: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
        if let Some(dir) = &self.dir {
            return Ok(dir.clone());
        }
        agsec::policy::find_policy_dir(start).ok_or_else(|| {
            anyhow::anyhow!(
                "no `policies/` directory at or above {}\n  help: run `agsec init` to create one, or pass `--policy-dir`",
                start.display()
            )
        })
    }
}

/// Where the settings and the audit store are (`check`, `scan`, `explain`).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SettingsArgs {
    /// The settings file [default: `agsec.yaml` beside the policy directory].
    #[arg(long, env = "AGSEC_CONFIG", value_name = "FILE")]
    pub(crate) config: Option<std::path::PathBuf>,
    /// The audit store [default: `audit.db` in the platform data directory].
    #[arg(long, env = "AGSEC_AUDIT_DB", value_name = "FILE")]
    pub(crate) audit_db: Option<std::path::PathBuf>,
}

/// Parses the command line. `agsec check`, which agents run on every tool call, is first parsed
/// by a command that knows only `check` (building the whole tree of subcommands costs about a
/// fifth of start-up); anything that command does not accept (an error, `--help`, `--version`)
/// goes through the whole tree, so what is printed and the exit code are the whole tree's.
pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Cli {
    let args: Vec<OsString> = args.into_iter().collect();
    parse_check(&args).unwrap_or_else(|| Cli::parse_from(args))
}

/// The `check` command line parsed by a tree holding only `check`, or `None` when it is not
/// `check` or that tree rejects it (the caller then parses with the whole tree).
fn parse_check(args: &[OsString]) -> Option<Cli> {
    if args.get(1).is_none_or(|sub| sub != "check") {
        return None;
    }
    let tree = clap::Command::new("agsec")
        .max_term_width(100)
        .subcommand_required(true)
        .subcommand(check::Args::augment_args(clap::Command::new("check")));
    let matches = tree.try_get_matches_from(args).ok()?;
    let (name, sub) = matches.subcommand()?;
    (name == "check")
        .then(|| check::Args::from_arg_matches(sub).ok())
        .flatten()
        .map(|args| Cli {
            command: Command::Check(args),
        })
}

/// Runs one parsed command line.
pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Init(args) => init::run(args),
        Command::Install(args) => install::run(args),
        Command::Policy(cmd) => policy::run(cmd),
        Command::Validate(args) => validate::run(args),
        Command::Test(args) => test::run(args),
        Command::Check(args) => Ok(check::run(args)),
        Command::Explain(args) => explain::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Pending(args) => pending::run(args),
        Command::Approve(args) => decide::run(args, true),
        Command::Reject(args) => decide::run(args, false),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => generate::completions(args),
        Command::Man(args) => generate::man(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Scan(args) => Ok(scan::run(args)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Words a `check` command line is made of, right and wrong.
    const WORDS: &[&str] = &[
        "check",
        "--agent",
        "claude-code",
        "codex",
        "nobody",
        "--agent=gemini",
        "--policy-dir",
        "p",
        "--policy-dir=",
        "--defaults",
        "strict",
        "--defaults=permissive",
        "bogus",
        "--json",
        "--no-audit",
        "--explain",
        "--config",
        "c.yaml",
        "--audit-db",
        "a.db",
        "--help",
        "-h",
        "--version",
        "-V",
        "--",
        "-j",
        "scan",
        "help",
    ];

    fn argv(words: &[&str]) -> Vec<OsString> {
        std::iter::once("agsec")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect()
    }

    /// The fast parse and the whole tree's, as `Debug` text (the whole tree's error as text).
    fn both(words: &[&str]) -> (Option<String>, Result<String, String>) {
        let args = argv(words);
        let fast = parse_check(&args).map(|cli| format!("{cli:?}"));
        let full = Cli::try_parse_from(&args)
            .map(|cli| format!("{cli:?}"))
            .map_err(|e| e.to_string());
        (fast, full)
    }

    #[test]
    fn the_hook_command_line_takes_the_fast_path() {
        let words = [
            "check",
            "--agent",
            "claude-code",
            "--no-audit",
            "--policy-dir",
            "p",
        ];
        let (fast, full) = both(&words);
        assert!(fast.is_some(), "the hook's command line is not parsed fast");
        assert_eq!(fast.ok_or_else(|| "none".to_owned()), full);
    }

    #[test]
    fn help_version_and_errors_go_through_the_whole_tree() {
        for words in [
            &["check", "--help"][..],
            &["check", "-h"],
            &["check", "--version"],
            &["check", "--agent", "nobody"],
            &["check", "--defaults", "--policy-dir", "p"],
            &["check", "extra"],
        ] {
            let (fast, full) = both(words);
            assert_eq!(fast, None, "{words:?}");
            assert!(full.is_err(), "{words:?}");
        }
    }

    proptest! {
        /// Whatever the words, the fast path either declines or gives exactly the whole tree's
        /// result, and it never declines a `check` line the whole tree accepts.
        #[test]
        fn the_fast_path_agrees_with_the_whole_tree(
            picks in proptest::collection::vec(0..WORDS.len(), 0..7)
        ) {
            let mut words = vec!["check"];
            words.extend(picks.iter().filter_map(|&i| WORDS.get(i).copied()));
            let (fast, full) = both(&words);
            match (&fast, &full) {
                (Some(fast), full) => prop_assert_eq!(Ok(fast.clone()), full.clone()),
                (None, Ok(full)) => prop_assert!(false, "{words:?} declined, whole tree: {full}"),
                (None, Err(_)) => {}
            }
        }
    }
}
