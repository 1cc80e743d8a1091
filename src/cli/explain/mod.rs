//! `agsec explain` and `agsec check --explain`: why a tool call gets its decision. `check
//! --explain` explains a real payload; `agsec explain` builds one for a what-if (a shell command,
//! `--tool` with `--path`/`--url`/`--param`, or `--action` with `--param`) and explains it the
//! same way, through the same setup as `check`, so the decision is the one `check` would give.

mod render;

use super::output::{Stream, color_enabled, emit};
use super::{EXIT_DENY, PolicyDirArg, SettingsArgs};
use agsec::agents::{Agent, Reply};
use agsec::explanation::Explanation;
use agsec::hook::{self, Failure, HookOptions, PolicySource};
use agsec::policy::{Decision, Effect};
use anyhow::{Context, bail};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("subject").args(["command", "tool", "action"]).required(true))]
pub(crate) struct Args {
    /// A shell command, explained as the agent's Bash tool would run it.
    command: Option<String>,
    /// An agent tool (Claude Code's names: Write, Edit, Read, Glob, Grep, WebFetch,
    /// mcp__<server>__<tool> …).
    #[arg(long)]
    tool: Option<String>,
    /// The file a `--tool` works on (its `file_path`, `notebook_path` or `path`).
    #[arg(long, requires = "tool")]
    path: Option<String>,
    /// The URL of a `--tool WebFetch`.
    #[arg(long, requires = "tool")]
    url: Option<String>,
    /// An action name (`mcp.github.create_issue`, `web.fetch` …), judged as a plain action.
    #[arg(long)]
    action: Option<String>,
    /// A parameter of the tool input or action, `KEY=VALUE` (repeatable). The value is read as
    /// JSON when it is JSON (`5`, `true`, `["a","b"]`), as text otherwise.
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_param)]
    params: Vec<(String, Value)>,
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    #[command(flatten)]
    settings: SettingsArgs,
    /// The directory the call is made in [default: the current directory].
    #[arg(long, value_name = "DIR")]
    cwd: Option<PathBuf>,
    /// Print the explanation as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_param(text: &str) -> Result<(String, Value), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not `KEY=VALUE`"))?;
    if key.is_empty() {
        return Err(format!("`{text}` has an empty key"));
    }
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
    Ok((key.to_owned(), value))
}

/// Why one tool call gets its decision: one [`Explanation`] per action it maps to (a Codex patch
/// touching three files maps to three), and the strictest of their decisions.
#[derive(Debug, Serialize)]
struct CallExplanation<'a> {
    agent: &'a str,
    tool_name: &'a str,
    decision: Decision,
    actions: Vec<Explanation>,
    /// Where the call is made (policy locations are shown relative to it).
    #[serde(skip)]
    cwd: PathBuf,
}

/// `agsec explain`.
pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let here = std::env::current_dir().context("reading the current directory")?;
    let cwd = match &args.cwd {
        Some(dir) => here.join(dir),
        None => here,
    };
    if !cwd.is_dir() {
        bail!(
            "`{}` is not a directory\n  help: pass the directory the call is made in with `--cwd`",
            cwd.display()
        );
    }
    let dir = args.policy_dir.resolve(&cwd)?;
    let (agent, payload) = payload(&args, &cwd);
    let options = HookOptions {
        agent: Some(agent),
        policies: PolicySource::Dir(dir),
        config: args.settings.config.clone(),
        audit_db: args.settings.audit_db.clone(),
        record: false,
        json: args.json,
        ends_process: false,
    };
    match reply(&options, &payload.to_string()) {
        Ok(reply) => Ok(emit(&reply)),
        Err(failure) => bail!("{}", failure.message),
    }
}

/// The payload a what-if stands for: a Claude Code tool call, or a plain action.
fn payload(args: &Args, cwd: &std::path::Path) -> (Agent, Value) {
    let cwd = cwd.display().to_string();
    let mut input: Map<String, Value> = args.params.iter().cloned().collect();
    if let Some(action) = &args.action {
        let payload = json!({"action": action, "params": input, "context": {"cwd": cwd}});
        return (Agent::Plain, payload);
    }
    let tool = match (&args.command, &args.tool) {
        (_, Some(tool)) => tool.as_str(),
        _ => "Bash",
    };
    if let Some(command) = &args.command {
        input.insert("command".to_owned(), Value::from(command.as_str()));
    }
    if let Some(path) = &args.path {
        let key = match tool {
            "NotebookEdit" => "notebook_path",
            "Glob" | "Grep" | "LS" => "path",
            _ => "file_path",
        };
        input.insert(key.to_owned(), Value::from(path.as_str()));
    }
    if let Some(url) = &args.url {
        input.insert("url".to_owned(), Value::from(url.as_str()));
    }
    let payload = json!({
        "hook_event_name": "PreToolUse",
        "cwd": cwd,
        "tool_name": tool,
        "tool_input": input,
    });
    (Agent::ClaudeCode, payload)
}

/// `agsec check --explain`: the explanation of the call on stdin, instead of the hook reply.
/// Exit 0 for allow, 2 otherwise; nothing is prompted or recorded.
pub(crate) fn reply(options: &HookOptions, input: &str) -> Result<Reply, Failure> {
    let setup = hook::setup(options, input)?;
    let hook::CallExplanation { actions, decision } = hook::explain(&setup)?;
    let call = &setup.call;
    let explained = CallExplanation {
        agent: call.meta.agent.as_str(),
        tool_name: &call.meta.tool_name,
        decision,
        actions,
        cwd: setup.env.cwd.clone(),
    };
    let stdout = if options.json {
        serde_json::to_string_pretty(&explained).map(|text| text + "\n")
    } else {
        Ok(render::render(&explained, color_enabled(Stream::Stdout)))
    };
    let stdout = stdout.map_err(|e| Failure {
        agent: call.meta.agent,
        message: format!("cannot print the explanation: {e}"),
    })?;
    Ok(Reply {
        exit_code: if explained.decision.effect == Effect::Allow {
            0
        } else {
            EXIT_DENY
        },
        stdout,
        stderr: String::new(),
    })
}
