//! `agsec scan`: the PostToolUse hook command. Reads the payload on stdin, screens the tool's
//! output for prompt injection (`agsec::screen`), remembers the secrets it holds for the session
//! (`agsec::taint`), records findings in the audit log and answers in the agent's protocol. The
//! tool has already run, so nothing is ever blocked: every problem becomes one line on stderr and
//! exit 0.

use super::{PolicyDirArg, SettingsArgs};
use agsec::agents::Agent;
use agsec::audit;
use agsec::config::{self, Config, ScreenAction, Sensitivity};
use agsec::screen::{self, Screened};
use agsec::taint::{self, Source, TaintStore};
use jiff::Timestamp;
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

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

pub(crate) fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    let mut input = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut input) {
        note(&format!("cannot read stdin: {err}"));
        return ExitCode::SUCCESS;
    }
    let input = String::from_utf8_lossy(&input);
    // Screening must never take the hook down: a panic is reported like any other problem.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if args.text {
            let settings = Config::default().screen_settings(args.sensitivity, args.action);
            let findings = screen::scan(&input, &settings);
            return Ok::<_, agsec::agents::PayloadError>(
                serde_json::to_string_pretty(&findings)
                    .map_or_else(|err| format!("[]\n// {err}"), |json| format!("{json}\n")),
            );
        }
        let output = agsec::agents::post::read_output(&input, args.agent)?;
        let config = load_config(&args, output.meta.cwd_path());
        let settings = config.screen_settings(args.sensitivity, args.action);
        if args.no_audit {
            let screened = screen::screen_output(output, &settings);
            return Ok(screen::reply(&screened, &settings).stdout);
        }
        // The secret search (taint) runs on a second thread while the text is screened: on a
        // large output each takes several milliseconds.
        let text = output.text.clone();
        let (screened, found) = std::thread::scope(|scope| {
            let secrets = scope.spawn(|| audit::redact::find_secrets(&text));
            let screened = screen::screen_output(output, &settings);
            // A panic there is caught like one here: the output is noted as not screened.
            let found = secrets
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (screened, found)
        });
        keep(&args, &config, &screened, &found, started);
        Ok(screen::reply(&screened, &settings).stdout)
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

/// The settings file's content: `--config`, else `agsec.yaml` beside the policy directory
/// (`--policy-dir`, `AGSEC_POLICY_DIR`, else the nearest `policies/` above the payload's cwd).
/// No policy directory means defaults; a file that does not load is noted and ignored.
fn load_config(args: &Args, cwd: Option<&Path>) -> Config {
    let start = cwd
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok());
    let policy_dir = start.and_then(|start| args.policy_dir.resolve(&start).ok());
    let Some(path) = config::settings_path(args.settings.config.as_deref(), policy_dir.as_deref())
    else {
        return Config::default();
    };
    config::load_config(&path).unwrap_or_else(|e| {
        let first = e.first().map_or_else(String::new, |f| f.to_string());
        let first = first.lines().next().unwrap_or_default().to_owned();
        note(&format!("invalid settings ({first}); using the defaults"));
        Config::default()
    })
}

/// Remembers the output's secrets for the session (taint) and records the findings. Failures are
/// noted, never fatal: the call already ran.
fn keep(
    args: &Args,
    config: &Config,
    screened: &Screened,
    found: &[audit::redact::SecretMatch],
    started: Instant,
) {
    let Some(db) = config.audit_db(args.settings.audit_db.as_deref()) else {
        note("no audit store location (no home directory; set AGSEC_AUDIT_DB); nothing recorded");
        return;
    };
    let now = Timestamp::now();
    let secrets = taint::tracked_among(&screened.output.text, found);
    if config.taint.enabled
        && let Some(session) = &screened.output.meta.session_id
        && !secrets.is_empty()
    {
        let source = Source::new(
            &screened.output.meta.tool_name,
            screened.output.meta.tool_use_id.as_deref(),
            &screened.output.meta.action,
            &screened.output.tool_input,
        );
        let store = TaintStore::beside_audit_db(&db);
        if let Err(e) = taint::remember(&store, session, &secrets, &source, &config.taint, now) {
            note(&format!("cannot remember the secrets of this output: {e}"));
        }
    }
    let kinds: Vec<&str> = secrets.iter().map(|s| s.kind).collect();
    let duration_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    if let Some(record) = screen::audit_record(screened, &kinds, now, duration_us)
        && let Err(e) = audit::record_or_spool(&db, &record)
    {
        note(&format!("cannot record the findings in the audit log: {e}"));
    }
}

/// One line on stderr (agents show it in verbose mode; it never blocks).
fn note(message: &str) {
    eprintln!("agsec: scan: {message}");
}
