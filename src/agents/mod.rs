//! The hook protocols of the agents agsec guards: turning a PreToolUse payload into [`Action`]s
//! ([`parse`]), and a final outcome into the exact reply (exit code, stdout, stderr) the agent
//! understands ([`reply`]). [`install`] registers agsec in each agent's settings.
//! This module converts; it never evaluates policies.

mod claude_code;
mod cline;
mod codex;
mod copilot;
pub(crate) mod cursor;
mod error;
mod gemini;
/// Registering agsec in each agent's settings, and reading back what is registered (`install`, `doctor`).
pub mod install;
mod meta;
mod payload;
mod plain;
/// After a tool ran: each agent's after-tool payload and the reply carrying the screening's note.
pub mod post;

pub use error::PayloadError;
pub use meta::CallMeta;

use crate::action::Action;
use payload::HookPayload;
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

/// Which agent sent a payload (and so which protocol the reply must speak).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Agent {
    /// Claude Code (`PreToolUse`/`PostToolUse` hooks).
    ClaudeCode,
    /// OpenAI Codex CLI (`.codex/hooks.json`).
    Codex,
    /// Gemini CLI (`BeforeTool` hooks).
    Gemini,
    /// GitHub Copilot CLI (`preToolUse` hooks).
    Copilot,
    /// Cursor (`.cursor/hooks.json`).
    Cursor,
    /// Cline (a `PreToolUse` hook script).
    Cline,
    /// A plain `{"action", "params", "context"}` object from a script or embedding program.
    Plain,
}

impl Agent {
    /// Every agent, in the order they are listed to users.
    pub const ALL: [Agent; 7] = [
        Agent::ClaudeCode,
        Agent::Codex,
        Agent::Gemini,
        Agent::Copilot,
        Agent::Cursor,
        Agent::Cline,
        Agent::Plain,
    ];

    /// The name used on the command line (`--agent`) and in `context.agent`.
    pub fn as_str(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "claude-code",
            Agent::Codex => "codex",
            Agent::Gemini => "gemini",
            Agent::Copilot => "copilot",
            Agent::Cursor => "cursor",
            Agent::Cline => "cline",
            Agent::Plain => "plain",
        }
    }

    /// Whether the agent can ask the person itself (a hook's `ask`): then a review is its ask;
    /// otherwise it goes to the pending queue.
    pub(crate) fn can_ask(self) -> bool {
        matches!(
            self,
            Agent::ClaudeCode | Agent::Gemini | Agent::Copilot | Agent::Cursor
        )
    }

    /// The agent's name for people (`Claude Code`).
    pub fn title(self) -> &'static str {
        match self {
            Agent::ClaudeCode => "Claude Code",
            Agent::Codex => "Codex",
            Agent::Gemini => "Gemini CLI",
            Agent::Copilot => "Copilot CLI",
            Agent::Cursor => "Cursor",
            Agent::Cline => "Cline",
            Agent::Plain => "plain",
        }
    }
}

impl fmt::Display for Agent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`Agent::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown agent `{0}`: expected `claude-code`, `codex`, `gemini`, `copilot`, `cursor`, `cline` or `plain`"
)]
/// An agent name agsec does not know (the name as given).
pub struct UnknownAgent(pub String);

impl FromStr for Agent {
    type Err = UnknownAgent;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Agent::ALL
            .into_iter()
            .find(|agent| agent.as_str() == name)
            .ok_or_else(|| UnknownAgent(name.to_owned()))
    }
}

/// One tool call as received, with the actions it maps to. Invariant: `actions` is non-empty,
/// and `meta.action` is the first one's name.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    /// Who made the call and which call it is.
    pub meta: CallMeta,
    /// The raw `tool_input` (plain actions: their `params`).
    pub tool_input: serde_json::Value,
    /// What the call does, in agsec's terms.
    pub actions: Vec<Action>,
}

impl ToolCall {
    /// Whether a review of this call can be the agent's own `ask` (else the pending queue).
    pub(crate) fn can_ask(&self) -> bool {
        let agent = self.meta.agent;
        let event = self
            .actions
            .first()
            .and_then(|a| a.context_str("hook_event_name"));
        // Claude Code cannot ask about a skill's shell line: an `ask` there only blocks it, so
        // the review goes to the pending queue, where a person can approve it.
        agent.can_ask()
            && (agent != Agent::Cursor || cursor::event_can_ask(event))
            && event != Some(claude_code::SKILL_SHELL_EVENT)
    }
}

/// What agsec decided to tell the agent, after any review was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Let the call run, with no opinion (the agent's own permission rules still apply).
    Allow,
    /// Let the call run and say so explicitly: Claude Code then skips its own permission prompt
    /// (`claude_code.approve_allowed`). Agents without that notion treat it as `Allow`.
    Approve {
        /// Why the call was allowed (shown to the person by agents that show it).
        reason: String,
    },
    /// Block the call; the model reads `reason`.
    Deny {
        /// One line saying what was denied and why (with the policy's `sid` when one matched).
        reason: String,
    },
    /// Ask the person through the agent's own prompt (Claude Code); agents without one deny.
    Ask {
        /// What the person is asked about and why.
        reason: String,
    },
}

/// What agsec tells the model about a tool's output after it ran (the PostToolUse reply
/// [`post::reply`] renders), if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note<'a> {
    /// Nothing to say: the agent gets the empty reply of its protocol.
    None,
    /// A warning to add to what the model reads.
    Warn(&'a str),
    /// A warning that should replace the output, where the agent can do that (else a warning).
    Block(&'a str),
}

/// The exact bytes and exit code to answer the agent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The exit code agsec ends with.
    pub exit_code: u8,
    /// What agsec writes to stdout (the agent's JSON reply, or nothing).
    pub stdout: String,
    /// What agsec writes to stderr (the reason an exit-code protocol shows).
    pub stderr: String,
}

impl Reply {
    /// An exit code and nothing printed.
    fn silent(exit_code: u8) -> Self {
        Self {
            exit_code,
            stdout: String::new(),
            stderr: String::new(),
        }
    }

    /// Exit 0 with one JSON object and a newline on stdout: the reply form of every agent that
    /// reads its decision from JSON.
    pub(crate) fn json(body: &serde_json::Value) -> Self {
        Self {
            exit_code: 0,
            stdout: format!("{body}\n"),
            stderr: String::new(),
        }
    }
}

/// Reads one payload (a hook's stdin) into a [`ToolCall`]. `forced` is the `--agent` of the hook
/// command line; without it the agent is [`detect`]ed. Any error means: deny.
pub fn parse(input: &str, forced: Option<Agent>) -> Result<ToolCall, PayloadError> {
    let object = parse_object(input)?;
    let agent = sender(&object, forced);
    if agent == Agent::Plain {
        let action = plain::action(&object)?;
        return Ok(ToolCall {
            meta: CallMeta {
                agent,
                session_id: action.context_str("session_id").map(str::to_owned),
                tool_use_id: None,
                cwd: action.context_str("cwd").map(str::to_owned),
                tool_name: action.name.clone(),
                action: action.name.clone(),
            },
            tool_input: Value::Object(action.params.clone()),
            actions: vec![action],
        });
    }
    let object = match agent {
        Agent::Copilot => copilot::normalise(&object)?,
        Agent::Cursor => cursor::normalise(&object)?,
        Agent::Cline => cline::normalise(&object),
        _ => object,
    };
    let payload = HookPayload::read(agent, &object)?;
    let actions = match agent {
        Agent::Codex => codex::actions(&payload)?,
        Agent::Gemini => gemini::actions(&payload, &object)?,
        Agent::Copilot => vec![copilot::action(&payload)?],
        Agent::Cursor => vec![cursor::action(&payload)?],
        Agent::Cline => cline::actions(&payload)?,
        Agent::ClaudeCode | Agent::Plain => vec![claude_code::action(&payload)?],
    };
    let text = |field: &str| object.get(field).and_then(Value::as_str).map(str::to_owned);
    Ok(ToolCall {
        meta: CallMeta {
            agent,
            session_id: text("session_id"),
            tool_use_id: text("tool_use_id"),
            cwd: payload.cwd.map(str::to_owned),
            tool_name: payload.tool_name.to_owned(),
            action: actions.first().map_or_else(String::new, |a| a.name.clone()),
        },
        tool_input: Value::Object(payload.tool_input),
        actions,
    })
}

/// The action name a tool of `agent` maps to, from its name alone (what a PostToolUse record
/// calls the tool): Codex's shell tools are `bash.execute` and `apply_patch` is `file.edit`;
/// otherwise Claude Code's table (`WebFetch` → `web.fetch`, `mcp__s__t` → `mcp.s.t`, else
/// `tool.<name>`).
pub(crate) fn action_name(agent: Agent, tool_name: &str) -> String {
    match agent {
        Agent::Gemini => return gemini::action_name(tool_name),
        Agent::Copilot => return copilot::action_name(tool_name),
        Agent::Cursor => return cursor::action_name(tool_name),
        Agent::Cline => return cline::action_name(tool_name),
        _ => {}
    }
    if agent == Agent::Codex {
        if codex::SHELL_TOOLS.contains(&tool_name) {
            return "bash.execute".to_owned();
        }
        if tool_name == "apply_patch" {
            return "file.edit".to_owned();
        }
    }
    claude_code::action_name(tool_name)
}

/// Reads a hook's stdin as one JSON object (any hook event): empty input, malformed JSON (with
/// its line and column) and non-objects are errors.
pub(crate) fn parse_object(input: &str) -> Result<Map<String, Value>, PayloadError> {
    // Some agents (Cursor) start the payload with a UTF-8 byte-order mark.
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if input.trim().is_empty() {
        return Err(PayloadError::Empty);
    }
    let value: Value = serde_json::from_str(input).map_err(|err| {
        let suffix = format!(" at line {} column {}", err.line(), err.column());
        let message = err.to_string();
        PayloadError::Json {
            line: err.line(),
            column: err.column(),
            message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
        }
    })?;
    match value {
        Value::Object(object) => Ok(object),
        other => Err(PayloadError::NotAnObject {
            found: error::json_type(&other),
        }),
    }
}

/// The agent whose protocol to answer a payload in: the agent the payload unmistakably comes
/// from (see [`unmistakable`]), else `--agent`, else [`detect`]. An agent that also reads another
/// agent's settings (Copilot CLI runs the hooks of `.claude/settings.json`) then gets its own
/// protocol and the same judgement, never a reply it would misread.
pub(crate) fn sender(object: &Map<String, Value>, forced: Option<Agent>) -> Agent {
    unmistakable(object)
        .or(forced)
        .unwrap_or_else(|| detect(object))
}

/// The agent a reply must go to for a hook's stdin, even when it is not valid JSON (then
/// `--agent`, else Claude Code). Never fails: used to deny after any error.
pub fn reply_agent(input: &str, forced: Option<Agent>) -> Agent {
    match parse_object(input) {
        Ok(object) => sender(&object, forced),
        Err(_) => forced.unwrap_or(Agent::ClaudeCode),
    }
}

/// The agent a payload carries the marks of beyond doubt (fields or event names no other agent
/// sends): Gemini CLI's `BeforeTool`/`AfterTool`, Copilot CLI's camel-case `toolName`.
pub(crate) fn unmistakable(object: &Map<String, Value>) -> Option<Agent> {
    if gemini::is_payload(object) {
        Some(Agent::Gemini)
    } else if cursor::is_payload(object) {
        Some(Agent::Cursor)
    } else if cline::is_payload(object) {
        Some(Agent::Cline)
    } else if copilot::is_payload(object) {
        Some(Agent::Copilot)
    } else {
        None
    }
}

/// Which agent a payload object comes from: the [`unmistakable`] marks; an `action` without a
/// `tool_name` is a plain action; `turn_id` or `model` mark Codex; anything else is treated as
/// Claude Code.
pub fn detect(object: &Map<String, Value>) -> Agent {
    if let Some(agent) = unmistakable(object) {
        agent
    } else if object.contains_key("action") && !object.contains_key("tool_name") {
        Agent::Plain
    } else if object.contains_key("turn_id") || object.contains_key("model") {
        Agent::Codex
    } else {
        Agent::ClaudeCode
    }
}

/// The reply that makes `agent` do what `outcome` says (see each agent's protocol module).
pub fn reply(agent: Agent, outcome: &Outcome) -> Reply {
    match agent {
        Agent::ClaudeCode => claude_code::reply(outcome),
        Agent::Codex => codex::reply(outcome),
        Agent::Gemini => gemini::reply(outcome),
        Agent::Copilot => copilot::reply(outcome),
        Agent::Cursor => cursor::reply(outcome),
        Agent::Cline => cline::reply(outcome),
        Agent::Plain => plain::reply(outcome),
    }
}

/// Longest reason sent to an agent, in characters.
pub(crate) const MAX_REASON_CHARS: usize = 2000;

/// Said when a deny comes without a reason (Codex ignores a deny whose reason is empty).
const DEFAULT_REASON: &str = "blocked by agsec";

/// A reason as one bounded line: line breaks and other control characters become single spaces,
/// an empty reason becomes [`DEFAULT_REASON`].
fn one_line_reason(reason: &str) -> String {
    let line = collapse(reason);
    bound(if line.is_empty() {
        DEFAULT_REASON.to_owned()
    } else {
        line
    })
}

/// For agents without a prompt of their own: the one-line reason when `outcome` stops the call
/// (a review becomes a deny saying a person must approve), `None` when the call runs.
fn stopping_reason(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Allow | Outcome::Approve { .. } => None,
        Outcome::Deny { reason } => Some(one_line_reason(reason)),
        Outcome::Ask { reason } => Some(approval_reason(reason)),
    }
}

/// The reason of a review that must become a deny (agents without a prompt of their own).
fn approval_reason(reason: &str) -> String {
    let line = collapse(reason);
    bound(if line.is_empty() {
        "a person must approve this action".to_owned()
    } else {
        format!("a person must approve this action: {line}")
    })
}

fn collapse(text: &str) -> String {
    let parts: Vec<&str> = text
        .split(char::is_control)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    parts.join(" ")
}

fn bound(line: String) -> String {
    crate::text::truncate(&line, MAX_REASON_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn fixture(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The actions of a call as `{action, params}` (context checked separately).
    fn actions(call: &ToolCall) -> Value {
        call.actions
            .iter()
            .map(|a| json!({"action": a.name, "params": a.params}))
            .collect()
    }

    #[test]
    fn parses_the_recorded_payloads() {
        let cases = [
            (
                "claude-code/pretooluse-Bash.json",
                json!([{"action": "bash.execute", "params": {"command": "rm -rf /home/dev/project/victim", "description": "remove the victim dir"}}]),
            ),
            (
                "claude-code/pretooluse-Edit.json",
                json!([{"action": "file.edit", "params": {"file_path": "/home/dev/project/victim/f", "old_string": "hello", "new_string": "HACKED", "replace_all": false}}]),
            ),
            (
                "claude-code/pretooluse-Read.json",
                json!([{"action": "file.read", "params": {"file_path": "/home/dev/project/victim/f"}}]),
            ),
            (
                "claude-code/pretooluse-WebFetch.json",
                json!([{"action": "web.fetch", "params": {"url": "https://127.0.0.1:44601/agsec/page", "prompt": "summarize"}}]),
            ),
            (
                "claude-code/pretooluse-Write.json",
                json!([{"action": "file.write", "params": {"file_path": "/home/dev/project/victim/new.txt", "content": "pwned\n"}}]),
            ),
            (
                "codex/pretooluse-apply_patch.json",
                json!([{"action": "file.edit", "params": {"file_path": "/home/dev/project/victim/f", "patch": "@@\n-hello world\n+HACKED world\n"}}]),
            ),
            (
                "codex/pretooluse-exec_command.json",
                json!([{"action": "bash.execute", "params": {"command": "echo pwned > /home/dev/project/victim/f"}}]),
            ),
        ];
        for (name, expected) in cases {
            let call = parse(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
            let agent = if name.starts_with("codex/") {
                Agent::Codex
            } else {
                Agent::ClaudeCode
            };
            assert_eq!(call.meta.agent, agent, "{name}");
            assert_eq!(actions(&call), expected, "{name}");
            assert_eq!(
                call.meta.cwd_path(),
                Some(Path::new("/home/dev/project")),
                "{name}"
            );
            assert!(
                call.meta.session_id.is_some() && call.meta.tool_use_id.is_some(),
                "{name}"
            );
            for action in &call.actions {
                assert_eq!(action.context_str("agent"), Some(agent.as_str()), "{name}");
                assert_eq!(
                    action.context_str("cwd"),
                    Some("/home/dev/project"),
                    "{name}"
                );
                assert_eq!(
                    action.context_str("hook_event_name"),
                    Some("PreToolUse"),
                    "{name}"
                );
                assert_eq!(
                    action.context_str("tool_name"),
                    Some(call.meta.tool_name.as_str())
                );
                assert_eq!(
                    action.context.contains_key("turn_id"),
                    agent == Agent::Codex
                );
                assert!(!action.context.contains_key("transcript_path"), "{name}");
            }
        }
    }

    #[test]
    fn detects_the_agent() {
        let cases = [
            (json!({"action": "x"}), None, Agent::Plain),
            (
                json!({"action": "x", "tool_name": "Bash"}),
                None,
                Agent::ClaudeCode,
            ),
            (
                json!({"tool_name": "Bash", "turn_id": "t"}),
                None,
                Agent::Codex,
            ),
            (
                json!({"tool_name": "Bash", "model": "m"}),
                None,
                Agent::Codex,
            ),
            (
                json!({"tool_name": "Bash", "tool_use_id": "toolu_1"}),
                None,
                Agent::ClaudeCode,
            ),
            (
                json!({"tool_name": "Bash", "turn_id": "t"}),
                Some(Agent::ClaudeCode),
                Agent::ClaudeCode,
            ),
            (json!({"action": "x"}), Some(Agent::Plain), Agent::Plain),
        ];
        for (payload, forced, expected) in cases {
            let mut payload = payload;
            if payload.get("tool_name").is_some() {
                payload["tool_input"] = json!({"command": "ls"});
            }
            let call = parse(&payload.to_string(), forced).unwrap();
            assert_eq!(call.meta.agent, expected, "{payload} forced {forced:?}");
        }
    }

    #[test]
    fn plain_payloads_become_one_action() {
        let call = parse(
            r#"{"action": "mcp.s.t", "params": {"a": 1}, "context": {"cwd": "/w", "session_id": "s"}}"#,
            None,
        )
        .unwrap();
        assert_eq!(call.meta.tool_name, "mcp.s.t");
        assert_eq!(call.tool_input, json!({"a": 1}));
        assert_eq!(call.meta.cwd_path(), Some(Path::new("/w")));
        assert_eq!(call.meta.session_id.as_deref(), Some("s"));
        assert_eq!(
            call.actions,
            vec![
                Action::new("mcp.s.t")
                    .param("a", 1)
                    .context("cwd", "/w")
                    .context("session_id", "s")
            ]
        );
    }

    #[test]
    fn payload_errors_are_one_specific_line() {
        let cases = [
            ("", None, "empty payload: expected one JSON object on stdin"),
            (
                " \n",
                None,
                "empty payload: expected one JSON object on stdin",
            ),
            (
                "{\"tool_name\": ",
                None,
                "malformed JSON payload at line 1 column 14: EOF while parsing a value",
            ),
            (
                "{\n  \"a\": 1,\n  \"b\": x\n}",
                None,
                "malformed JSON payload at line 3 column 8: expected value",
            ),
            ("[1]", None, "payload is a JSON array, expected an object"),
            (
                "\"Bash\"",
                None,
                "payload is a JSON string, expected an object",
            ),
            (
                "{}",
                None,
                "payload has no `tool_name` (nor an `action` for a plain action)",
            ),
            (
                "{\"action\": \"x\"}",
                Some(Agent::Codex),
                "payload has no `tool_name` (nor an `action` for a plain action)",
            ),
            (
                "{\"tool_name\": \"Bash\"}",
                Some(Agent::Plain),
                "plain action has no non-empty string `action`",
            ),
            (
                "{\"tool_name\": \"Bash\", \"tool_input\": []}",
                None,
                "`tool_input` of `Bash` is a JSON array, expected an object",
            ),
            (
                "{\"tool_name\": \"Write\", \"tool_input\": {}}",
                None,
                "`Write` call has no string `tool_input.file_path`",
            ),
            (
                "{\"tool_name\": \"apply_patch\", \"turn_id\": \"t\", \"cwd\": \"/w\", \"tool_input\": {\"command\": \"*** Begin Patch\\n*** Frobnicate: x\\n*** End Patch\"}}",
                None,
                "malformed apply_patch at line 2: unknown patch line `*** Frobnicate: x`",
            ),
        ];
        for (input, forced, expected) in cases {
            let err = parse(input, forced).unwrap_err().to_string();
            assert_eq!(err, expected, "input {input:?}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn agent_names_round_trip() {
        for agent in Agent::ALL {
            assert_eq!(agent.as_str().parse::<Agent>(), Ok(agent));
            assert_eq!(agent.to_string(), agent.as_str());
        }
        assert_eq!(
            "claude".parse::<Agent>().unwrap_err().to_string(),
            "unknown agent `claude`: expected `claude-code`, `codex`, `gemini`, `copilot`, `cursor`, `cline` or `plain`"
        );
    }

    /// Every byte of a reply, escaped, for snapshots.
    fn render(agent: Agent, outcome: &Outcome) -> String {
        let reply = reply(agent, outcome);
        format!(
            "exit {}\nstdout {:?}\nstderr {:?}",
            reply.exit_code, reply.stdout, reply.stderr
        )
    }

    fn deny(reason: &str) -> Outcome {
        Outcome::Deny {
            reason: reason.to_owned(),
        }
    }
    fn ask(reason: &str) -> Outcome {
        Outcome::Ask {
            reason: reason.to_owned(),
        }
    }

    #[test]
    fn claude_code_replies() {
        insta::assert_snapshot!(render(Agent::ClaudeCode, &Outcome::Allow), @r#"
        exit 0
        stdout ""
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::ClaudeCode, &deny("rm -rf outside the workspace (sid no-rm)")), @r#"
        exit 2
        stdout ""
        stderr "rm -rf outside the workspace (sid no-rm)\n"
        "#);
        insta::assert_snapshot!(render(Agent::ClaudeCode, &ask("git push to `main` needs review")), @r#"
        exit 0
        stdout "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"ask\",\"permissionDecisionReason\":\"git push to `main` needs review\"}}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::ClaudeCode, &deny("")), @r#"
        exit 2
        stdout ""
        stderr "blocked by agsec\n"
        "#);
    }

    #[test]
    fn codex_replies() {
        insta::assert_snapshot!(render(Agent::Codex, &Outcome::Allow), @r#"
        exit 0
        stdout ""
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Codex, &deny("writes to `.env` are denied")), @r#"
        exit 0
        stdout "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"writes to `.env` are denied\"}}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Codex, &ask("run `agsec approve 7f3a` to allow it")), @r#"
        exit 0
        stdout "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"a person must approve this action: run `agsec approve 7f3a` to allow it\"}}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Codex, &deny(" \n ")), @r#"
        exit 0
        stdout "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"blocked by agsec\"}}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Codex, &ask("")), @r#"
        exit 0
        stdout "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"a person must approve this action\"}}\n"
        stderr ""
        "#);
    }

    #[test]
    fn plain_replies() {
        insta::assert_snapshot!(render(Agent::Plain, &Outcome::Allow), @r#"
        exit 0
        stdout ""
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Plain, &deny("no")), @r#"
        exit 2
        stdout ""
        stderr "no\n"
        "#);
        insta::assert_snapshot!(render(Agent::Plain, &ask("needs review")), @r#"
        exit 2
        stdout ""
        stderr "a person must approve this action: needs review\n"
        "#);
    }

    #[test]
    fn gemini_replies() {
        insta::assert_snapshot!(render(Agent::Gemini, &Outcome::Allow), @r#"
        exit 0
        stdout ""
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Gemini, &deny("writes to `.env` are denied")), @r#"
        exit 0
        stdout "{\"decision\":\"deny\",\"reason\":\"writes to `.env` are denied\"}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Gemini, &ask("git push needs review\n")), @r#"
        exit 0
        stdout "{\"decision\":\"ask\",\"reason\":\"git push needs review\",\"systemMessage\":\"git push needs review\"}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Gemini, &deny("")), @r#"
        exit 0
        stdout "{\"decision\":\"deny\",\"reason\":\"blocked by agsec\"}\n"
        stderr ""
        "#);
    }

    #[test]
    fn copilot_replies() {
        insta::assert_snapshot!(render(Agent::Copilot, &Outcome::Allow), @r#"
        exit 0
        stdout ""
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Copilot, &deny("rm -rf ~ is denied")), @r#"
        exit 0
        stdout "{\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"rm -rf ~ is denied\",\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"rm -rf ~ is denied\"}}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Copilot, &ask("needs review")), @r#"
        exit 0
        stdout "{\"permissionDecision\":\"ask\",\"permissionDecisionReason\":\"needs review\",\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"ask\",\"permissionDecisionReason\":\"needs review\"}}\n"
        stderr ""
        "#);
    }

    #[test]
    fn cursor_and_cline_replies() {
        insta::assert_snapshot!(render(Agent::Cursor, &Outcome::Allow), @r#"
        exit 0
        stdout "{\"permission\":\"allow\"}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Cursor, &deny("no")), @r#"
        exit 0
        stdout "{\"permission\":\"deny\",\"user_message\":\"no\",\"agent_message\":\"no\",\"userMessage\":\"no\",\"agentMessage\":\"no\"}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Cursor, &ask("why")), @r#"
        exit 0
        stdout "{\"permission\":\"ask\",\"user_message\":\"why\",\"agent_message\":\"why\",\"userMessage\":\"why\",\"agentMessage\":\"why\"}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Cline, &Outcome::Allow), @r#"
        exit 0
        stdout "{\"cancel\":false,\"contextModification\":\"\",\"errorMessage\":\"\"}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Cline, &deny("no")), @r#"
        exit 0
        stdout "{\"cancel\":true,\"contextModification\":\"\",\"errorMessage\":\"no\"}\n"
        stderr ""
        "#);
        insta::assert_snapshot!(render(Agent::Cline, &ask("")), @r#"
        exit 0
        stdout "{\"cancel\":true,\"contextModification\":\"\",\"errorMessage\":\"a person must approve this action\"}\n"
        stderr ""
        "#);
    }

    /// Agents that run the tool on a reply they do not understand get, for every stopping
    /// outcome, exit 0 and one JSON object whose decision stops the call.
    #[test]
    fn fail_open_agents_always_get_a_decision_they_enforce() {
        let outcomes = [
            deny(""),
            deny("x\ny"),
            ask(""),
            ask("z"),
            deny("\u{1b}[31m"),
        ];
        for agent in [Agent::Gemini, Agent::Copilot] {
            for outcome in &outcomes {
                let reply = reply(agent, outcome);
                assert_eq!((reply.exit_code, reply.stderr.as_str()), (0, ""));
                assert!(reply.stdout.ends_with('\n') && reply.stdout.lines().count() == 1);
                let value: Value = serde_json::from_str(&reply.stdout).unwrap();
                let (decision, reason) = match agent {
                    Agent::Gemini => (&value["decision"], &value["reason"]),
                    _ => (
                        &value["permissionDecision"],
                        &value["permissionDecisionReason"],
                    ),
                };
                let want = if matches!(outcome, Outcome::Ask { .. }) {
                    "ask"
                } else {
                    "deny"
                };
                assert_eq!(decision, want, "{agent} {outcome:?}");
                assert!(!reason.as_str().unwrap_or_default().trim().is_empty());
            }
        }
    }

    #[test]
    fn new_agents_are_recognised_whatever_agent_is_forced() {
        let gemini = json!({"session_id": "s", "cwd": "/w", "hook_event_name": "BeforeTool",
                            "tool_name": "run_shell_command", "tool_input": {"command": "ls"}});
        let copilot = json!({"timestamp": 1, "cwd": "/w", "toolName": "bash",
                             "toolArgs": "{\"command\":\"ls\"}"});
        for forced in [None, Some(Agent::ClaudeCode), Some(Agent::Codex)] {
            let call = parse(&gemini.to_string(), forced).unwrap();
            assert_eq!(call.meta.agent, Agent::Gemini);
            assert_eq!(call.actions[0].name, "bash.execute");
            assert_eq!(call.actions[0].context_str("agent"), Some("gemini"));
            assert_eq!(call.meta.session_id.as_deref(), Some("s"));
            let call = parse(&copilot.to_string(), forced).unwrap();
            assert_eq!(call.meta.agent, Agent::Copilot);
            assert_eq!(call.tool_input, json!({"command": "ls"}));
            assert_eq!(call.meta.cwd_path(), Some(Path::new("/w")));
        }
        // A byte-order mark before the object is not an error.
        let call = parse(&format!("\u{feff}{gemini}"), None).unwrap();
        assert_eq!(call.meta.agent, Agent::Gemini);
        assert_eq!(
            reply_agent("not json", Some(Agent::Copilot)),
            Agent::Copilot
        );
        assert_eq!(
            reply_agent(&copilot.to_string(), Some(Agent::ClaudeCode)),
            Agent::Copilot
        );
        assert_eq!(reply_agent("", None), Agent::ClaudeCode);
    }

    #[test]
    fn codex_never_gets_anything_it_would_let_through() {
        let outcomes = [deny(""), deny("x"), ask(""), ask("y\n"), deny("\u{1b}[31m")];
        for outcome in outcomes {
            let reply = reply(Agent::Codex, &outcome);
            assert_eq!((reply.exit_code, reply.stderr.as_str()), (0, ""));
            let value: Value = serde_json::from_str(&reply.stdout).unwrap();
            assert_eq!(
                value
                    .as_object()
                    .map(|o| o.keys().map(String::as_str).collect::<Vec<_>>()),
                Some(vec!["hookSpecificOutput"])
            );
            let inner = &value["hookSpecificOutput"];
            assert_eq!(inner.as_object().map(Map::len), Some(3));
            assert_eq!(inner["hookEventName"], "PreToolUse");
            assert_eq!(inner["permissionDecision"], "deny");
            let reason = inner["permissionDecisionReason"].as_str().unwrap();
            assert!(!reason.trim().is_empty(), "{outcome:?}");
        }
    }

    #[test]
    fn reasons_are_one_bounded_line() {
        let cases = [
            ("a\nb", "a b"),
            (
                "  line one  \r\n\r\n  line two\t(x)  ",
                "line one line two (x)",
            ),
            ("keeps  inner  spaces", "keeps  inner  spaces"),
            ("\u{1b}[31mred\u{1b}[0m", "[31mred [0m"),
            ("", "blocked by agsec"),
        ];
        for (reason, expected) in cases {
            assert_eq!(one_line_reason(reason), expected, "{reason:?}");
        }
        let long = "é".repeat(MAX_REASON_CHARS + 10);
        let bounded = one_line_reason(&long);
        assert_eq!(bounded.chars().count(), MAX_REASON_CHARS);
        assert!(bounded.ends_with('…'));
        let exact = "x".repeat(MAX_REASON_CHARS);
        assert_eq!(one_line_reason(&exact), exact);
    }
}
