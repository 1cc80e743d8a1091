//! `agsec check`: the hook command. Reads one tool call on stdin, judges it, records it and answers
//! in the agent's protocol. This is the one place that never returns an error: every failure
//! (bad input, missing or invalid policies, a panic) becomes a deny with a one-line reason.

use super::PolicyDirArg;
use agsec::Engine;
use agsec::agents::{self, Agent, Outcome, Reply, ToolCall};
use agsec::audit::{self, AuditStore, NewRecord, PendingRequest, ReviewInfo, Reviewer};
use agsec::engine::{Environment, Judgement, strictest};
use agsec::policy::{self, Config, Decision, Effect, FailureAction, Preset, TimeoutAction};
use agsec::review::queue::{self, Queued};
use agsec::review::{Answer, ReviewRequest, prompt};
use agsec::taint;
use jiff::Timestamp;
use std::io::{Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Largest payload read from stdin (a Write of a large file still fits).
const MAX_INPUT: u64 = 64 * 1024 * 1024;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The agent whose hook protocol to speak [default: detected from the payload].
    #[arg(long)]
    pub(crate) agent: Option<Agent>,
    #[command(flatten)]
    pub(crate) policy_dir: PolicyDirArg,
    /// Judge with the default policies built into the binary (a preset name; default standard)
    /// instead of a policy directory.
    #[arg(long, value_name = "PRESET", num_args = 0..=1, default_missing_value = "standard",
          value_parser = parse_preset, conflicts_with = "dir")]
    pub(crate) defaults: Option<Preset>,
    /// Print the policy decision as JSON (`decision`, `sid`, `reason`, `matched_by`) without
    /// prompting; exit 0 for allow, 2 otherwise.
    #[arg(long)]
    pub(crate) json: bool,
    /// The settings file [default: `agsec.yaml` beside the policy directory].
    #[arg(long, env = "AGSEC_CONFIG", value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The audit store [default: `audit.db` in the platform data directory].
    #[arg(long, env = "AGSEC_AUDIT_DB", value_name = "FILE")]
    pub(crate) audit_db: Option<PathBuf>,
    /// Do not record the decision (for benchmarks and experiments).
    #[arg(long)]
    pub(crate) no_audit: bool,
    /// Print why the call gets its decision (the action, the shell analysis, every statement
    /// and condition considered) instead of answering in the hook protocol; with `--json`, as
    /// JSON. Never prompts or records; exit 0 for allow, 2 otherwise.
    #[arg(long)]
    pub(crate) explain: bool,
}

fn parse_preset(text: &str) -> Result<Preset, String> {
    Preset::parse(text)
        .ok_or_else(|| format!("unknown preset `{text}` (strict, standard, permissive)"))
}

/// Why a call could not be judged; always becomes a deny.
pub(crate) struct Failure {
    pub(crate) agent: Agent,
    pub(crate) message: String,
}

/// What judging a call needs: the call, the engine, where it runs, the settings, the store.
pub(crate) struct Setup {
    pub(crate) call: ToolCall,
    pub(crate) engine: Engine,
    pub(crate) env: Environment,
    config: Config,
    db: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let mut input = String::new();
    let read = std::io::stdin().take(MAX_INPUT).read_to_string(&mut input);
    let forced = args.agent;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| match read {
        Ok(_) if args.explain => super::explain::reply(&args, &input),
        Ok(_) => judge(&args, &input, started),
        Err(e) => Err(Failure {
            agent: agents::reply_agent(&input, forced),
            message: format!("cannot read the tool call from stdin: {e}"),
        }),
    }));
    let reply = match outcome {
        Ok(Ok(reply)) => reply,
        Ok(Err(failure)) => deny_reply(&args, failure.agent, &failure.message),
        // The agent that sent the call gets its own deny: most agents run the tool on any reply
        // they do not understand.
        Err(_) => deny_reply(
            &args,
            agents::reply_agent(&input, forced),
            "internal error while judging this call (a bug in agsec; please report it)",
        ),
    };
    emit(&reply)
}

pub(crate) fn emit(reply: &Reply) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let _ = out.write_all(reply.stdout.as_bytes());
    let _ = err.write_all(reply.stderr.as_bytes());
    let _ = out.flush();
    ExitCode::from(reply.exit_code)
}

fn deny_reply(args: &Args, agent: Agent, message: &str) -> Reply {
    let reason = format!("agsec denied this call: {message}");
    if args.json {
        let decision = Decision::by_analysis(Effect::Deny, reason);
        return json_reply(&decision);
    }
    agents::reply(agent, &Outcome::Deny { reason })
}

fn json_reply(decision: &Decision) -> Reply {
    let stdout = serde_json::to_string(decision).unwrap_or_else(|_| {
        r#"{"decision":"deny","sid":null,"reason":"cannot print the decision","matched_by":"analysis"}"#.to_owned()
    });
    Reply {
        exit_code: if decision.effect == Effect::Allow {
            0
        } else {
            super::EXIT_DENY
        },
        stdout: format!("{stdout}\n"),
        stderr: String::new(),
    }
}

/// Parses the call, loads the policies and settings, and finds the environment it runs in.
pub(crate) fn setup(args: &Args, input: &str) -> Result<Setup, Failure> {
    let guess = agents::reply_agent(input, args.agent);
    let call: ToolCall = agents::parse(input, args.agent).map_err(|e| Failure {
        agent: guess,
        message: e.to_string(),
    })?;
    let agent = call.agent;
    let fail = |message: String| Failure { agent, message };

    let cwd = match &call.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir()
            .map_err(|e| fail(format!("no cwd in the payload and none of our own: {e}")))?,
    };
    let (engine, policy_dir) = match args.defaults {
        Some(preset) => (
            Engine::new(policy::load_defaults(preset).map_err(|e| fail(one_line(&e.to_string())))?),
            None,
        ),
        None => {
            let dir = args
                .policy_dir
                .resolve(&cwd)
                .map_err(|e| fail(one_line(&format!("{e:#}"))))?;
            let set = policy::load_dir_cached(&dir, policy::cache_dir().as_deref());
            let engine = set.map(Engine::new).map_err(|e| {
                fail(format!(
                    "the policies in {} do not load: {} (run `agsec validate` to see every problem)",
                    dir.display(),
                    e.first().map_or_else(String::new, |f| f.to_string())
                ))
            })?;
            (engine, Some(dir))
        }
    };
    let config_path = args
        .config
        .clone()
        .or_else(|| policy_dir.as_deref().map(policy::config_path_for));
    let config: Config = match &config_path {
        Some(path) => policy::load_config(path)
            .map_err(|e| fail(format!("invalid settings: {}", one_line(&e.to_string()))))?,
        None => Config::default(),
    };
    let db = args
        .audit_db
        .clone()
        .or_else(|| config.audit.db.clone())
        .or_else(audit::default_db_path);
    let mut protected: Vec<PathBuf> = policy_dir.iter().cloned().collect();
    protected.extend(config_path.iter().cloned());
    if let Some(db) = &db {
        protected.extend(audit::store_files(db));
        // The remembered secrets of sessions: deleting them would lift the taint.
        protected.push(taint::TaintStore::beside_audit_db(db).dir().to_path_buf());
    }
    let env = Environment::detect(&cwd, &protected);
    Ok(Setup {
        call,
        engine,
        env,
        config,
        db,
    })
}

fn judge(args: &Args, input: &str, started: Instant) -> Result<Reply, Failure> {
    // Debug builds only: lets the tests drive the internal-error path end to end.
    #[cfg(debug_assertions)]
    #[allow(clippy::panic, reason = "the test hook for the internal-error path")]
    if std::env::var_os("AGSEC_DEBUG_PANIC").is_some_and(|v| v == "check") {
        panic!("AGSEC_DEBUG_PANIC=check");
    }
    let Setup {
        call,
        engine,
        env,
        config,
        db,
    } = setup(args, input)?;
    let agent = call.agent;
    let fail = |message: String| Failure { agent, message };
    let mut judgements: Vec<Judgement> =
        call.actions.iter().map(|a| engine.judge(a, &env)).collect();
    if config.taint.enabled
        && let (Some(session), Some(db)) = (&call.session_id, &db)
    {
        deny_leaks(&mut judgements, session, db, &config);
    }
    let decision = strictest(judgements.iter().map(|j| &j.decision))
        .ok_or_else(|| fail("the call maps to no action".to_owned()))?;
    let message = describe(&call, &judgements, &decision);
    let (outcome, review) = if args.json {
        let outcome = match decision.effect {
            Effect::Allow => Outcome::Allow,
            _ => Outcome::Deny { reason: message },
        };
        (outcome, None)
    } else {
        match decision.effect {
            // `approve_allowed`: say so explicitly, so Claude Code skips its own prompt.
            Effect::Allow if agent == Agent::ClaudeCode && config.claude_code.approve_allowed => {
                (Outcome::Approve { reason: message }, None)
            }
            Effect::Allow => (Outcome::Allow, None),
            Effect::Deny => (Outcome::Deny { reason: message }, None),
            Effect::Review => {
                resolve_review(agent, &call, &decision, message, &config, db.as_deref())
            }
        }
    };
    let recorded = if args.no_audit {
        Ok(())
    } else {
        record(
            db.as_deref(),
            config.audit.jsonl_log.as_deref(),
            &call,
            &judgements,
            &outcome,
            review.as_ref(),
            started,
        )
    };
    if let Err(e) = recorded
        && config.audit.on_failure == FailureAction::Deny
    {
        return Err(fail(format!(
            "the decision could not be recorded in the audit log ({e}), so the call is not allowed; fix the store or set `audit.on_failure: allow` in agsec.yaml"
        )));
    }
    if args.json {
        return Ok(json_reply(&decision));
    }
    Ok(agents::reply(agent, &outcome))
}

/// Secret taint: an action whose outgoing texts carry a secret this session saw in an earlier
/// tool's output is denied (over any policy decision). State that cannot be read denies too.
/// Without a taint file for the session this costs one failed `open` (none without texts).
fn deny_leaks(judgements: &mut [Judgement], session: &str, db: &std::path::Path, config: &Config) {
    let store = taint::TaintStore::beside_audit_db(db);
    let now = Timestamp::now();
    for judgement in judgements {
        let texts = taint::outgoing_texts(&judgement.action);
        let reason = match taint::check(&store, session, &texts, &config.taint, now) {
            Ok(None) => continue,
            Ok(Some(leak)) => leak.reason(),
            Err(e) => format!(
                "the secrets this session has seen cannot be checked: {}",
                one_line(&e.to_string())
            ),
        };
        judgement.decision = Decision::by_analysis(Effect::Deny, reason);
    }
}

/// Writes one audit row per judged action (a Codex patch touching three files gives three).
fn record(
    db: Option<&std::path::Path>,
    jsonl_log: Option<&std::path::Path>,
    call: &ToolCall,
    judgements: &[Judgement],
    outcome: &Outcome,
    review: Option<&ReviewInfo>,
    started: Instant,
) -> Result<(), String> {
    let db = db.ok_or_else(|| {
        "no audit store location (no home directory; set AGSEC_AUDIT_DB)".to_owned()
    })?;
    let told = match outcome {
        Outcome::Allow | Outcome::Approve { .. } => audit::Outcome::Allow,
        Outcome::Deny { .. } => audit::Outcome::Deny,
        Outcome::Ask { .. } => audit::Outcome::Ask,
    };
    let duration_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    for judgement in judgements {
        let rec = NewRecord {
            time: Timestamp::now(),
            agent: call.agent.as_str().to_owned(),
            session_id: call.session_id.clone(),
            tool_use_id: call.tool_use_id.clone(),
            cwd: call.cwd.as_ref().map(|c| c.display().to_string()),
            tool_name: call.tool_name.clone(),
            action: judgement.action.name.clone(),
            params: serde_json::Value::Object(judgement.original_params.clone()),
            decision: judgement.decision.effect,
            outcome: told,
            sid: judgement.decision.sid.clone(),
            reason: judgement.decision.reason.clone(),
            matched_by: judgement.decision.matched_by,
            duration_us,
            review: review.cloned(),
        };
        audit::record_or_spool(db, &rec).map_err(|e| e.to_string())?;
        if let Some(log) = jsonl_log {
            // Shipping is best effort: the store already has the record.
            let _ = audit::append_jsonl(log, &rec);
        }
    }
    Ok(())
}

/// The reason the model (or person) reads: what was stopped, by which policy, and what to do instead.
fn describe(call: &ToolCall, judgements: &[Judgement], decision: &Decision) -> String {
    let part = judgements
        .iter()
        .flat_map(|j| j.parts.iter())
        .find(|p| p.decision == *decision)
        .map(|p| p.command.clone());
    let subject = match (&part, call.tool_name.as_str()) {
        (Some(cmd), _) => format!("`{}`", truncate(cmd, 200)),
        (None, tool) => format!("this {tool} call"),
    };
    let verb = match decision.effect {
        Effect::Deny => "agsec blocked",
        Effect::Review => "agsec needs a person's approval for",
        Effect::Allow => "agsec allowed",
    };
    let reason = decision.reason.as_deref().unwrap_or(match decision.effect {
        Effect::Allow => "allowed",
        _ => "no policy allows it (the policies' default)",
    });
    match &decision.sid {
        Some(sid) => format!("{verb} {subject}: {reason} [policy {sid}]"),
        None => format!("{verb} {subject}: {reason}"),
    }
}

fn truncate(text: &str, max: usize) -> String {
    let one = one_line(text);
    if one.chars().count() <= max {
        one
    } else {
        let mut cut: String = one.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Who decides a review: the agent's own prompt (Claude Code, Gemini CLI, Copilot CLI), a person at this terminal, or (nobody can be
/// asked now) a deny whose reason says how to approve.
fn resolve_review(
    agent: Agent,
    call: &ToolCall,
    decision: &Decision,
    message: String,
    config: &Config,
    db: Option<&std::path::Path>,
) -> (Outcome, Option<ReviewInfo>) {
    let by = |by: Reviewer, comment: Option<String>| {
        Some(ReviewInfo {
            by,
            at: Timestamp::now(),
            comment,
        })
    };
    if agent.can_ask() {
        return (
            Outcome::Ask { reason: message },
            by(Reviewer::AgentPrompt, None),
        );
    }
    let timeout = Duration::from_secs(config.review.timeout);
    let timed_out = |message: &str| match config.review.timeout_action {
        TimeoutAction::Approve => Outcome::Allow,
        TimeoutAction::Reject => Outcome::Deny {
            reason: format!("{message} (no answer within {}s)", config.review.timeout),
        },
    };
    let rejected = |message: &str, comment: &Option<String>| Outcome::Deny {
        reason: match comment {
            Some(c) => format!("{message} (rejected by a person: {c})"),
            None => format!("{message} (rejected by a person)"),
        },
    };
    let summary_line = truncate(&summary(call), 300);
    let request = PendingRequest {
        agent: agent.as_str().to_owned(),
        session_id: call.session_id.clone(),
        cwd: call.cwd.as_ref().map(|c| c.display().to_string()),
        tool_name: call.tool_name.clone(),
        action: call
            .actions
            .first()
            .map_or_else(String::new, |a| a.name.clone()),
        summary: summary_line.clone(),
        fingerprint: queue::fingerprint(
            &call.tool_name,
            &call.tool_input,
            call.cwd.as_ref().and_then(|c| c.to_str()),
        ),
        sid: decision.sid.clone(),
        reason: decision.reason.clone(),
    };
    let mut store = db.and_then(|db| AuditStore::open(db).ok());
    if let Some(store) = store.as_mut()
        && let Ok(Some(grant)) = store.take_grant(&request.fingerprint)
    {
        return (Outcome::Allow, by(Reviewer::Grant, grant.comment));
    }
    if agent == Agent::Plain {
        let prompt_request = ReviewRequest {
            action: request.action.clone(),
            summary: summary_line,
            sid: decision.sid.clone(),
            reason: decision
                .reason
                .clone()
                .unwrap_or_else(|| "no policy allows it".to_owned()),
            timeout_label: match config.review.timeout_action {
                TimeoutAction::Approve => "approve".to_owned(),
                TimeoutAction::Reject => "reject".to_owned(),
            },
        };
        match prompt::ask(&prompt_request, timeout) {
            Answer::Approved { comment } => return (Outcome::Allow, by(Reviewer::Person, comment)),
            Answer::Rejected { comment } => {
                return (rejected(&message, &comment), by(Reviewer::Person, comment));
            }
            Answer::TimedOut => return (timed_out(&message), by(Reviewer::Timeout, None)),
            Answer::NoTerminal => {}
        }
    }
    let Some(store) = store.as_mut() else {
        let reason = format!(
            "{message} (a person must approve this, and none could be asked: the review queue cannot be opened)"
        );
        return (Outcome::Deny { reason }, None);
    };
    match queue::handle(store, &request, config.review.when_no_one_to_ask, timeout) {
        Ok(Queued::Granted { comment, .. }) => (Outcome::Allow, by(Reviewer::Grant, comment)),
        Ok(Queued::Denied { id }) => {
            let reason = format!(
                "{message}. A person must approve it: they can run `agsec approve {id}` (or `agsec reject {id}`; `agsec pending` lists requests), after which the same call is allowed once"
            );
            (Outcome::Deny { reason }, None)
        }
        Ok(Queued::Decided { answer, .. }) => match answer {
            Answer::Approved { comment } => (Outcome::Allow, by(Reviewer::Person, comment)),
            Answer::Rejected { comment } => {
                (rejected(&message, &comment), by(Reviewer::Person, comment))
            }
            Answer::TimedOut | Answer::NoTerminal => {
                (timed_out(&message), by(Reviewer::Timeout, None))
            }
        },
        Err(e) => {
            let reason =
                format!("{message} (a person must approve this, and the review queue failed: {e})");
            (Outcome::Deny { reason }, None)
        }
    }
}

/// One line saying what a call does: the command, the file, or the action.
fn summary(call: &ToolCall) -> String {
    let input = &call.tool_input;
    for key in [
        "command",
        "file_path",
        "notebook_path",
        "url",
        "query",
        "pattern",
    ] {
        if let Some(text) = input.get(key).and_then(serde_json::Value::as_str) {
            return format!("{key}: {text}");
        }
    }
    format!("{}: {}", call.tool_name, input)
}
