//! The hook pipeline as a library: one tool call from its payload to the reply the agent reads.
//! [`setup`] parses the payload ([`agents::parse`]), loads the policies and the settings and finds
//! the [`Environment`]; [`judge`] judges every action (analysis, policies, floors: [`Engine`]) and
//! applies the session's secret taint; [`answer`] resolves a review ([`review`]), records the
//! decision in the audit log and builds the reply ([`agents::reply`]). [`explain`] makes the same
//! walk with a trace. `agsec check` and `agsec explain` are thin adapters over this module; it
//! takes plain [`HookOptions`], never command-line types, and never prints.

pub mod review;

use crate::agents::{self, Agent, Outcome, Reply, ToolCall};
use crate::audit::{self, NewRecord, ReviewInfo};
use crate::config::{self, Config, FailureAction};
use crate::engine::{Engine, Environment, JudgeObserver, Judgement};
use crate::explanation::{Explanation, ExplanationBuilder};
use crate::policy::strictest;
use crate::policy::{self, Decision, Effect, Preset};
use crate::taint;
use crate::text::one_line;
use jiff::Timestamp;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The exit code of a reply that does not allow (the agents' hook protocols read 2 as "block").
pub const EXIT_DENY: u8 = 2;

/// Where the policies come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    /// The default policies built into the binary, at a preset.
    Defaults(Preset),
    /// A policy directory.
    Dir(PathBuf),
    /// The nearest `policies/` directory at or above the call's working directory.
    Nearest,
}

/// How a call is handled: plain values, whatever the front end (command line, embedding program).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookOptions {
    /// The agent whose protocol to speak (`None`: detected from the payload).
    pub agent: Option<Agent>,
    /// Where the policies come from.
    pub policies: PolicySource,
    /// The settings file (`None`: `agsec.yaml` beside the policy directory, if any).
    pub config: Option<PathBuf>,
    /// The audit store (`None`: `audit.db` of the settings, else the platform data directory).
    pub audit_db: Option<PathBuf>,
    /// Whether to record the decision in the audit log.
    pub record: bool,
    /// Answer with the policy decision as JSON instead of the agent's protocol: no review is
    /// resolved (a review is a deny), nothing is prompted.
    pub json: bool,
    /// The process exits right after the reply (`agsec check`): what the call built (the policy
    /// set, the shell analysis) is left to the process's end instead of freed piece by piece.
    pub ends_process: bool,
}

impl Default for HookOptions {
    fn default() -> Self {
        Self {
            agent: None,
            policies: PolicySource::Nearest,
            config: None,
            audit_db: None,
            record: true,
            json: false,
            ends_process: false,
        }
    }
}

/// Why a call could not be judged; always becomes a deny ([`deny_reply`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The agent to answer (guessed when the payload did not parse).
    pub agent: Agent,
    /// One line saying why.
    pub message: String,
}

/// What judging a call needs: the call, the engine, where it runs, the settings, the store.
#[derive(Debug)]
pub struct Setup {
    /// The parsed call.
    pub call: ToolCall,
    /// The loaded policies.
    pub engine: Engine,
    /// Where the call runs, with agsec's own files protected.
    pub env: Environment,
    /// The settings.
    pub config: Config,
    /// The audit store (`None`: no location could be found).
    pub db: Option<PathBuf>,
}

/// The judgement of a whole call: one per action, and the strictest decision.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    /// One judgement per action (a Codex patch touching three files gives three).
    pub judgements: Vec<Judgement>,
    /// The strictest of their decisions.
    pub decision: Decision,
}

/// The explanation of a whole call: one per action, and the strictest decision (the one
/// [`judge`] gives, taint included).
#[derive(Debug, Clone)]
pub struct CallExplanation {
    /// One explanation per action.
    pub actions: Vec<Explanation>,
    /// The strictest of their decisions.
    pub decision: Decision,
}

/// Judges the call on `input` and answers it: the whole hook. `started` is when the call was
/// received (the audit row's duration).
pub fn run(options: &HookOptions, input: &str, started: Instant) -> Result<Reply, Failure> {
    let setup = setup(options, input)?;
    let verdict = judge(&setup)?;
    let reply = answer(options, &setup, &verdict, started);
    if options.ends_process {
        std::mem::forget((setup, verdict));
    }
    reply
}

/// Longer payload `cwd`s are refused.
const MAX_CWD_BYTES: usize = 4096;

/// The payload's `cwd`, which paths in the call resolve against: it must be an absolute path of
/// an existing directory, or the call is refused (a relative or odd one would make paths
/// resolve somewhere else than where the agent's tool runs).
fn valid_cwd(cwd: &Path) -> Result<PathBuf, String> {
    let help = "help: the agent must send the absolute path of the directory the tool runs in";
    let shown = crate::text::one_line_max(&cwd.display().to_string(), 200);
    if cwd.as_os_str().is_empty() {
        return Err(format!("the payload's cwd is empty {help}"));
    }
    if cwd.as_os_str().len() > MAX_CWD_BYTES {
        return Err(format!(
            "the payload's cwd is longer than {MAX_CWD_BYTES} bytes {help}"
        ));
    }
    if !cwd.is_absolute() {
        return Err(format!(
            "the payload's cwd `{shown}` is not an absolute path {help}"
        ));
    }
    if !cwd.is_dir() {
        return Err(format!(
            "the payload's cwd `{shown}` is not an existing directory {help}"
        ));
    }
    Ok(cwd.to_path_buf())
}

/// Parses the call, loads the policies and settings, and finds the environment it runs in.
pub fn setup(options: &HookOptions, input: &str) -> Result<Setup, Failure> {
    let guess = agents::reply_agent(input, options.agent);
    let call: ToolCall = agents::parse(input, options.agent).map_err(|e| Failure {
        agent: guess,
        message: e.to_string(),
    })?;
    let agent = call.meta.agent;
    let fail = |message: String| Failure { agent, message };

    let cwd = match call.meta.cwd_path() {
        Some(cwd) => valid_cwd(cwd).map_err(fail)?,
        None => std::env::current_dir()
            .map_err(|e| fail(format!("no cwd in the payload and none of our own: {e}")))?,
    };
    let (engine, policy_dir) = match &options.policies {
        PolicySource::Defaults(preset) => (
            Engine::new(
                policy::load_defaults(*preset).map_err(|e| fail(one_line(&e.to_string())))?,
            ),
            None,
        ),
        source => {
            let dir = match source {
                PolicySource::Dir(dir) => dir.clone(),
                _ => policy::find_policy_dir(&cwd).ok_or_else(|| {
                    fail(format!(
                        "no `policies/` directory at or above {} help: run `agsec init` to create one, or pass `--policy-dir`",
                        cwd.display()
                    ))
                })?,
            };
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
    let config_path = config::settings_path(options.config.as_deref(), policy_dir.as_deref());
    let config: Config = match &config_path {
        Some(path) => config::load_config(path)
            .map_err(|e| fail(format!("invalid settings: {}", one_line(&e.to_string()))))?,
        None => Config::default(),
    };
    let db = config.audit_db(options.audit_db.as_deref());
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

/// Judges every action of the call (analysis, policies, floors), then the session's secret taint.
pub(crate) fn judge(setup: &Setup) -> Result<Verdict, Failure> {
    let (judged, decision) = walk(setup, |_| ())?;
    Ok(Verdict {
        judgements: judged
            .into_iter()
            .map(|(judgement, ())| judgement)
            .collect(),
        decision,
    })
}

/// Judges the call as [`judge`] does and traces every step (for `--explain`). Its decision is
/// `judge`'s by construction: it is the same walk with a trace-building observer.
pub fn explain(setup: &Setup) -> Result<CallExplanation, Failure> {
    let (judged, decision) = walk(setup, ExplanationBuilder::new)?;
    let actions = judged
        .into_iter()
        .map(|(judgement, builder)| builder.finish(&judgement))
        .collect();
    Ok(CallExplanation { actions, decision })
}

/// The one walk over a call: every action judged with its own observer, the taint applied (and
/// shown to the observer), and the strictest decision.
fn walk<O: JudgeObserver>(
    setup: &Setup,
    mut observer: impl FnMut(&crate::Action) -> O,
) -> Result<(Vec<(Judgement, O)>, Decision), Failure> {
    let Setup {
        call,
        engine,
        env,
        config,
        db,
    } = setup;
    let mut judged: Vec<(Judgement, O)> = call
        .actions
        .iter()
        .map(|action| {
            let mut obs = observer(action);
            let judgement = engine.judge_with(action, env, &mut obs);
            (judgement, obs)
        })
        .collect();
    if config.taint.enabled
        && let (Some(session), Some(db)) = (&call.meta.session_id, db)
    {
        deny_leaks(&mut judged, session, db, config);
    }
    let decision = strictest(judged.iter().map(|(j, _)| &j.decision)).ok_or_else(|| Failure {
        agent: call.meta.agent,
        message: "the call maps to no action".to_owned(),
    })?;
    Ok((judged, decision))
}

/// Secret taint: an action whose outgoing texts carry a secret this session saw in an earlier
/// tool's output is denied (over any policy decision). State that cannot be read denies too.
/// Without a taint file for the session this costs one failed `open` (none without texts).
fn deny_leaks<O: JudgeObserver>(
    judged: &mut [(Judgement, O)],
    session: &str,
    db: &Path,
    config: &Config,
) {
    let store = taint::TaintStore::beside_audit_db(db);
    let now = Timestamp::now();
    for (judgement, observer) in judged {
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
        observer.taint(&judgement.decision);
    }
}

/// Turns a verdict into the agent's answer: the outcome (a review resolved by [`review`]), the
/// audit rows, and the reply.
pub(crate) fn answer(
    options: &HookOptions,
    setup: &Setup,
    verdict: &Verdict,
    started: Instant,
) -> Result<Reply, Failure> {
    let Setup {
        call, config, db, ..
    } = setup;
    let agent = call.meta.agent;
    let decision = &verdict.decision;
    let message = describe(call, &verdict.judgements, decision);
    let (outcome, review) = if options.json {
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
            Effect::Review => review::resolve(call, decision, message, config, db.as_deref()),
        }
    };
    let recorded = if options.record {
        record(
            db.as_deref(),
            config.audit.jsonl_log.as_deref(),
            call,
            &verdict.judgements,
            &outcome,
            review.as_ref(),
            started,
        )
    } else {
        Ok(())
    };
    if let Err(e) = recorded
        && config.audit.on_failure == FailureAction::Deny
    {
        return Err(Failure {
            agent,
            message: format!(
                "the decision could not be recorded in the audit log ({e}), so the call is not allowed; fix the store or set `audit.on_failure: allow` in agsec.yaml"
            ),
        });
    }
    if options.json {
        return Ok(json_reply(decision));
    }
    Ok(agents::reply(agent, &outcome))
}

/// The reply to a call that could not be judged: a deny with a one-line reason, in the agent's
/// protocol (or as a JSON decision).
pub fn deny_reply(options: &HookOptions, failure: &Failure) -> Reply {
    let reason = format!("agsec denied this call: {}", failure.message);
    if options.json {
        let decision = Decision::by_analysis(Effect::Deny, reason);
        return json_reply(&decision);
    }
    agents::reply(failure.agent, &Outcome::Deny { reason })
}

/// The policy decision as one JSON line; exit 0 for allow, [`EXIT_DENY`] otherwise.
pub(crate) fn json_reply(decision: &Decision) -> Reply {
    let stdout = serde_json::to_string(decision).unwrap_or_else(|_| {
        r#"{"decision":"deny","sid":null,"reason":"cannot print the decision","matched_by":"analysis"}"#.to_owned()
    });
    Reply {
        exit_code: if decision.effect == Effect::Allow {
            0
        } else {
            EXIT_DENY
        },
        stdout: format!("{stdout}\n"),
        stderr: String::new(),
    }
}

/// Writes one audit row per judged action (a Codex patch touching three files gives three).
fn record(
    db: Option<&Path>,
    jsonl_log: Option<&Path>,
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
            meta: call.meta.for_action(&judgement.action.name),
            params: serde_json::Value::Object(judgement.original_params.clone()),
            decision: judgement.decision.effect,
            outcome: told,
            sid: judgement.decision.sid.clone(),
            reason: judgement.decision.reason.clone(),
            matched_by: judgement.decision.matched_by,
            duration_us,
            review: review.cloned(),
        };
        audit::Recorder::new(db)
            .checkpoint_log(jsonl_log.map(Path::to_path_buf))
            .record(&rec)
            .map_err(|e| e.to_string())?;
        if let Some(log) = jsonl_log {
            // Shipping is best effort: the store already has the record.
            let _ = audit::append_jsonl(log, &rec);
        }
    }
    Ok(())
}

/// The reason the model (or person) reads: what was stopped, by which policy, and what to do
/// instead.
pub(crate) fn describe(call: &ToolCall, judgements: &[Judgement], decision: &Decision) -> String {
    let part = judgements
        .iter()
        .flat_map(|j| j.parts.iter())
        .find(|p| p.decision == *decision)
        .map(|p| p.command.clone());
    let subject = match (&part, call.meta.tool_name.as_str()) {
        (Some(cmd), _) => format!("`{}`", crate::text::one_line_max(cmd, 200)),
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

#[cfg(test)]
mod tests;
