//! `agsec scan`: the PostToolUse hook command. Reads the payload on stdin, screens the tool's
//! output for prompt injection (`agsec::screen`) and answers in the agent's protocol. The tool has
//! already run, so nothing is ever blocked: every problem becomes one line on stderr and exit 0.

use agsec::agents::Agent;
use agsec::screen::{self, ScreenAction, ScreenSettings, Sensitivity};
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The agent that sends the payload: claude-code or codex [default: detected].
    #[arg(long, value_name = "AGENT")]
    agent: Option<Agent>,
    /// How eager the screen is: low, medium or high.
    #[arg(long, value_name = "LEVEL", default_value = "medium")]
    sensitivity: Sensitivity,
    /// What a finding does: warn (a note for the model) or block (the agent's block form,
    /// which replaces the output with the warning).
    #[arg(long, value_name = "ACTION", default_value = "warn")]
    action: ScreenAction,
    /// Read plain text instead of a hook payload and print the findings as a JSON array.
    #[arg(long)]
    text: bool,
}

pub(crate) fn run(args: Args) -> ExitCode {
    let mut input = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut input) {
        note(&format!("cannot read stdin: {err}"));
        return ExitCode::SUCCESS;
    }
    let input = String::from_utf8_lossy(&input);
    let settings = ScreenSettings {
        sensitivity: args.sensitivity,
        action: args.action,
    };
    // Screening must never take the hook down: a panic is reported like any other problem.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if args.text {
            let findings = screen::scan(&input, &settings);
            return Ok(serde_json::to_string_pretty(&findings)
                .map_or_else(|err| format!("[]\n// {err}"), |json| format!("{json}\n")));
        }
        screen::screen_payload(&input, args.agent, &settings)
            .map(|screened| screen::reply(&screened, &settings).stdout)
    }));
    match outcome {
        Ok(Ok(stdout)) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(stdout.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                note("cannot write the reply to stdout");
            }
        }
        Ok(Err(err)) => note(&format!("{err}; the output was not screened")),
        Err(_) => note("internal error while screening; the output was not screened"),
    }
    ExitCode::SUCCESS
}

/// One line on stderr (agents show it in verbose mode; it never blocks).
fn note(message: &str) {
    eprintln!("agsec: scan: {message}");
}
