//! `agsec check`: the hook command. Reads one tool call on stdin, hands it to the hook pipeline
//! ([`agsec::hook`]) and prints the reply. This is the one place that never returns an error:
//! every failure (bad input, missing or invalid policies, a panic) becomes a deny with a one-line
//! reason.

use super::{PolicyDirArg, SettingsArgs};
use agsec::agents::{self, Agent};
use agsec::hook::{self, Failure, HookOptions, PolicySource};
use agsec::policy::Preset;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;
use std::time::Instant;

/// Largest payload read from stdin (a Write of a large file still fits).
const MAX_INPUT: u64 = 64 * 1024 * 1024;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The agent whose hook protocol to speak [default: detected from the payload].
    #[arg(long)]
    agent: Option<Agent>,
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    /// Judge with the default policies built into the binary (a preset name; default standard)
    /// instead of a policy directory.
    #[arg(long, value_name = "PRESET", num_args = 0..=1, default_missing_value = "standard",
          value_parser = parse_preset, conflicts_with = "dir")]
    defaults: Option<Preset>,
    /// Print the policy decision as JSON (`decision`, `sid`, `reason`, `matched_by`) without
    /// prompting; exit 0 for allow, 2 otherwise.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    settings: SettingsArgs,
    /// Do not record the decision (for benchmarks and experiments).
    #[arg(long)]
    no_audit: bool,
    /// Print why the call gets its decision (the action, the shell analysis, every statement
    /// and condition considered) instead of answering in the hook protocol; with `--json`, as
    /// JSON. Never prompts or records; exit 0 for allow, 2 otherwise.
    #[arg(long)]
    explain: bool,
}

fn parse_preset(text: &str) -> Result<Preset, String> {
    Preset::parse(text)
        .ok_or_else(|| format!("unknown preset `{text}` (strict, standard, permissive)"))
}

impl Args {
    /// The command line as plain pipeline options.
    fn options(&self) -> HookOptions {
        HookOptions {
            agent: self.agent,
            policies: match (self.defaults, &self.policy_dir.dir) {
                (Some(preset), _) => PolicySource::Defaults(preset),
                (None, Some(dir)) => PolicySource::Dir(dir.clone()),
                (None, None) => PolicySource::Nearest,
            },
            config: self.settings.config.clone(),
            audit_db: self.settings.audit_db.clone(),
            record: !self.no_audit && !self.explain,
            json: self.json,
            ends_process: true,
        }
    }
}

pub(crate) fn run(args: Args) -> ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let mut input = String::new();
    // One byte past the cap tells a call over it from one at it: over it is an error (a deny),
    // never a call cut short and judged.
    let read = std::io::stdin()
        .take(MAX_INPUT + 1)
        .read_to_string(&mut input)
        .and_then(|n| {
            if n as u64 > MAX_INPUT {
                Err(std::io::Error::other(format!(
                    "it is over agsec's limit of {MAX_INPUT} bytes"
                )))
            } else {
                Ok(n)
            }
        });
    let options = args.options();
    let forced = options.agent;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| match read {
        Ok(_) if args.explain => super::explain::reply(&options, &input),
        Ok(_) => {
            debug_panic();
            hook::run(&options, &input, started)
        }
        Err(e) => Err(Failure {
            agent: agents::reply_agent(&input, forced),
            message: format!("cannot read the tool call from stdin: {e}"),
        }),
    }));
    let reply = match outcome {
        Ok(Ok(reply)) => reply,
        Ok(Err(failure)) => hook::deny_reply(&options, &failure),
        // The agent that sent the call gets its own deny: most agents run the tool on any reply
        // they do not understand.
        Err(_) => hook::deny_reply(
            &options,
            &Failure {
                agent: agents::reply_agent(&input, forced),
                message:
                    "internal error while judging this call (a bug in agsec; please report it)"
                        .to_owned(),
            },
        ),
    };
    super::output::emit(&reply)
}

/// Debug builds only: `AGSEC_DEBUG_PANIC=check` panics inside the judged part, so the tests
/// drive the internal-error path end to end.
fn debug_panic() {
    #[cfg(debug_assertions)]
    #[allow(clippy::panic, reason = "the test hook for the internal-error path")]
    if std::env::var_os("AGSEC_DEBUG_PANIC").is_some_and(|v| v == "check") {
        panic!("AGSEC_DEBUG_PANIC=check");
    }
}
