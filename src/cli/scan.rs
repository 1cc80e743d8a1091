//! `agsec scan`: the PostToolUse hook command. Reads the payload on stdin, hands it to the
//! after-tool pipeline ([`agsec::hook::after`]: screen, remember secrets, record, reply) and prints
//! the reply; `--text` screens plain text and prints the findings. The tool has already run, so
//! nothing is ever blocked: every problem becomes one line on stderr and exit 0.

use super::{PolicyDirArg, SettingsArgs};
use agsec::agents::Agent;
use agsec::config::{Config, ScreenAction, Sensitivity};
use agsec::hook::{self, PolicySource, after::ScreenOptions, after::ScreenReply};
use agsec::screen;
use std::io::{Read, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The agent that sends the payload [default: detected; a payload that is unmistakably
    /// another agent's is answered in that agent's protocol].
    #[arg(long, value_name = "AGENT")]
    agent: Option<Agent>,
    /// How eager the screen is: low, medium or high [default: `screen.sensitivity` in
    /// agsec.yaml, else medium].
    #[arg(long, value_name = "LEVEL")]
    sensitivity: Option<Sensitivity>,
    /// What a finding does: warn (a note for the model) or block (the agent's block form,
    /// which replaces the output with the warning) [default: `screen.action`, else warn].
    #[arg(long, value_name = "ACTION")]
    action: Option<ScreenAction>,
    /// Read plain text instead of a hook payload and print the findings as a JSON array.
    #[arg(long)]
    text: bool,
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    #[command(flatten)]
    settings: SettingsArgs,
    /// Record nothing: no audit row, no remembered secrets.
    #[arg(long)]
    no_audit: bool,
}

impl Args {
    /// The command line as plain after-tool pipeline options.
    fn options(&self) -> ScreenOptions {
        ScreenOptions {
            agent: self.agent,
            policies: self
                .policy_dir
                .dir
                .clone()
                .map_or(PolicySource::Nearest, PolicySource::Dir),
            config: self.settings.config.clone(),
            audit_db: self.settings.audit_db.clone(),
            sensitivity: self.sensitivity,
            action: self.action,
            record: !self.no_audit,
        }
    }
}

pub(crate) fn run(args: Args) -> ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    let mut input = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut input) {
        note(&format!("cannot read stdin: {err}"));
        return ExitCode::SUCCESS;
    }
    let input = String::from_utf8_lossy(&input);
    let reply = if args.text {
        // Plain text in, the findings as JSON out (no payload, no settings file, no record).
        let settings = Config::default().screen_settings(args.sensitivity, args.action);
        match std::panic::catch_unwind(|| screen::scan(&input, &settings)) {
            Ok(findings) => ScreenReply {
                stdout: serde_json::to_string_pretty(&findings)
                    .map_or_else(|err| format!("[]\n// {err}"), |json| format!("{json}\n")),
                notes: Vec::new(),
            },
            Err(_) => ScreenReply {
                stdout: String::new(),
                notes: vec!["internal error while screening; the text was not screened".into()],
            },
        }
    } else {
        hook::after::screen_call(&input, &args.options())
    };
    for line in &reply.notes {
        note(line);
    }
    let mut out = std::io::stdout().lock();
    if out
        .write_all(reply.stdout.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        note("cannot write the reply to stdout");
    }
    ExitCode::SUCCESS
}

/// One line on stderr (agents show it in verbose mode; it never blocks).
fn note(message: &str) {
    eprintln!("agsec: scan: {message}");
}
