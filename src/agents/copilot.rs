//! GitHub Copilot CLI's `preToolUse` protocol (GitHub's "Hooks configuration" reference and
//! `cli-hooks-reference`, Copilot CLI 1.0.x; the binary of @github/copilot 1.0.102 is compressed,
//! so nothing was read from it): `{sessionId, timestamp, cwd, toolName, toolArgs}` where
//! `toolArgs` is the tool's arguments **as a JSON string**; registered under the Claude-style
//! event name `PreToolUse` (`.claude/settings.json`, which Copilot CLI also reads) the same
//! fields arrive in snake case (`tool_name`, `tool_input`). Tools: `bash`, `powershell`,
//! `create`, `edit`, `view`, `glob`, `grep`, `web_fetch`, `task`. Reply: exit 0 with
//! `{"permissionDecision": "deny"|"ask", "permissionDecisionReason"}`; non-zero exits and
//! timeouts are logged and **the tool runs**, so `check` always answers with this JSON.

use super::Note;
use super::error::{PayloadError, json_type};
use super::payload::{HookPayload, absolute};
use super::{Outcome, Reply, claude_code, one_line_reason};
use crate::action::Action;
use serde_json::{Map, Value, json};

/// Copilot CLI's built-in tool names (all lower case; Claude Code's are capitalised).
pub(crate) const TOOLS: &[&str] = &[
    "bash",
    "powershell",
    "create",
    "edit",
    "view",
    "glob",
    "grep",
    "web_fetch",
    "task",
];

/// Whether a payload object is unmistakably Copilot CLI's: camel-case `toolName` (Claude Code
/// and Codex always send `tool_name`), or a snake-case payload without Claude Code's and Codex's
/// own markers (`tool_use_id`, `transcript_path`, `turn_id`) that names one of Copilot's
/// lower-case tools or carries Copilot's `timestamp` (its "VS Code compatible" shape, sent for a
/// hook registered as `PreToolUse`, as in `.claude/settings.json`; GitHub's Copilot CLI hooks
/// reference, 2026-05). Claude Code and Codex send no `timestamp`; Gemini CLI, which does, is
/// recognised before this.
pub(crate) fn is_payload(object: &Map<String, Value>) -> bool {
    if object.contains_key("toolName") && !object.contains_key("tool_name") {
        return true;
    }
    let copilot_tool = object
        .get("tool_name")
        .and_then(Value::as_str)
        .is_some_and(|tool| TOOLS.contains(&tool));
    (copilot_tool || (object.contains_key("tool_name") && object.contains_key("timestamp")))
        && !object.contains_key("tool_use_id")
        && !object.contains_key("transcript_path")
        && !object.contains_key("turn_id")
}

/// The payload in the snake-case shape [`HookPayload`] reads: `toolName` → `tool_name`,
/// `toolArgs` (a JSON string, or an object) → `tool_input`, `sessionId` → `session_id`.
pub(crate) fn normalise(object: &Map<String, Value>) -> Result<Map<String, Value>, PayloadError> {
    let mut out = object.clone();
    for (camel, snake) in [
        ("toolName", "tool_name"),
        ("sessionId", "session_id"),
        ("hookEventName", "hook_event_name"),
    ] {
        if let Some(value) = object.get(camel)
            && !out.contains_key(snake)
        {
            out.insert(snake.to_owned(), value.clone());
        }
    }
    let tool = out
        .get("tool_name")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_owned();
    let args = ["toolArgs", "tool_input", "toolInput"]
        .iter()
        .find_map(|key| object.get(*key).map(|value| (*key, value)));
    if let Some((field, args)) = args {
        let input = match args {
            Value::String(text) => parse_args(&tool, field, text)?,
            Value::Null => Value::Object(Map::new()),
            other => other.clone(),
        };
        out.insert("tool_input".to_owned(), input);
    }
    Ok(out)
}

/// `toolArgs`: a JSON text holding an object (empty text: no arguments).
fn parse_args(tool: &str, field: &'static str, text: &str) -> Result<Value, PayloadError> {
    let bad = |message: String| PayloadError::BadArgsString {
        tool: tool.to_owned(),
        field,
        message,
    };
    if text.trim().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(args)) => Ok(Value::Object(args)),
        Ok(other) => Err(bad(format!("it holds a JSON {}", json_type(&other)))),
        Err(err) => Err(bad(err.to_string())),
    }
}

/// The action name of a Copilot tool from its name alone.
pub(crate) fn action_name(tool: &str) -> String {
    let known = match tool {
        "bash" => "bash.execute",
        "powershell" => "powershell.execute",
        "create" => "file.write",
        "edit" => "file.edit",
        "view" => "file.read",
        "glob" => "file.glob",
        "grep" => "file.grep",
        "web_fetch" => "web.fetch",
        "task" => "agent.spawn",
        _ => return claude_code::action_name(tool),
    };
    known.to_owned()
}

/// The one action of a Copilot tool call. File tools name their file in `path` (made absolute
/// against `cwd` and given as `file_path`); `create`'s `file_text` is also its `content`.
pub(crate) fn action(payload: &HookPayload<'_>) -> Result<Action, PayloadError> {
    let tool = payload.tool_name;
    let mut params = payload.tool_input.clone();
    match tool {
        "bash" | "powershell" => {
            let command = payload.required_str("command")?.to_owned();
            params.insert("command".to_owned(), Value::from(command));
            if tool == "powershell" {
                params.insert("shell".to_owned(), Value::from("powershell"));
            }
        }
        "create" | "edit" | "view" => {
            let path = absolute(payload.required_str("path")?, payload.cwd, tool)?;
            params.insert("file_path".to_owned(), Value::from(path));
            if let Some(text) = params.get("file_text").cloned()
                && !params.contains_key("content")
            {
                params.insert("content".to_owned(), text);
            }
        }
        "glob" | "grep" => {
            let dir = params.get("path").and_then(Value::as_str).unwrap_or(".");
            let dir = absolute(dir, payload.cwd, tool)?;
            params.insert("path".to_owned(), Value::from(dir));
        }
        "web_fetch" => {
            payload.required_str("url")?;
        }
        _ => {}
    }
    Ok(Action {
        name: action_name(tool),
        params,
        context: payload.context.clone(),
    })
}

/// Copilot CLI's reply: allow is exit 0 with nothing printed (its own permission rules still
/// apply); deny and ask are exit 0 with `permissionDecision` at the top level, and the same
/// decision in Claude Code's `hookSpecificOutput` form, which Copilot CLI reads from hooks
/// registered in `.claude/settings.json`: whichever form it reads, the answer is the same.
pub(crate) fn reply(outcome: &Outcome) -> Reply {
    let (decision, reason) = match outcome {
        Outcome::Allow | Outcome::Approve { .. } => return Reply::silent(0),
        Outcome::Deny { reason } => ("deny", one_line_reason(reason)),
        Outcome::Ask { reason } => ("ask", one_line_reason(reason)),
    };
    let body = json!({
        "permissionDecision": decision,
        "permissionDecisionReason": reason,
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": decision,
            "permissionDecisionReason": reason,
        }
    });
    Reply::json(&body)
}

/// postToolUse: the tool's result (`toolResult: {resultType, textResultForLlm}` in the camel-case
/// shape; `tool_result` or `tool_response` in the snake-case one).
pub(crate) fn response(fields: &Map<String, Value>) -> Option<&Value> {
    let result = ["toolResult", "tool_result", "tool_response"]
        .iter()
        .find_map(|key| fields.get(*key))?;
    Some(result.get("textResultForLlm").unwrap_or(result))
}

/// postToolUse: GitHub's hooks reference says Copilot CLI ignores what a `postToolUse` hook
/// prints, and newer references give hooks an `additionalContext`; agsec sends the warning as
/// `additionalContext` and in Claude Code's `hookSpecificOutput` form (what Copilot CLI reads from
/// hooks in Claude's shape). Copilot CLI has no form that replaces the output: a block is sent
/// as a warning. Either way the output is screened, recorded and its secrets remembered.
pub(crate) fn post_reply(note: Note<'_>) -> Reply {
    let (Note::Warn(message) | Note::Block(message)) = note else {
        return Reply::silent(0);
    };
    Reply::json(&json!({
        "additionalContext": message,
        "hookSpecificOutput": {"hookEventName": "PostToolUse", "additionalContext": message},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::Agent;

    fn action_of(payload: Value) -> Result<Value, PayloadError> {
        let Value::Object(object) = payload else {
            unreachable!()
        };
        let normal = normalise(&object)?;
        let read = HookPayload::read(Agent::Copilot, &normal)?;
        let action = action(&read)?;
        Ok(json!({"action": action.name, "params": action.params}))
    }

    fn call(tool: &str, args: &str) -> Value {
        json!({"timestamp": 1_704_614_600_000_u64, "cwd": "/w", "toolName": tool, "toolArgs": args})
    }

    #[test]
    fn maps_copilot_tools_with_string_args() {
        let cases = [
            (
                call("bash", r#"{"command":"rm -rf ~","description":"clean"}"#),
                json!({"action": "bash.execute", "params": {"command": "rm -rf ~", "description": "clean"}}),
            ),
            (
                call("create", r#"{"path":".env","file_text":"A=1"}"#),
                json!({"action": "file.write", "params": {"path": ".env", "file_text": "A=1", "file_path": "/w/.env", "content": "A=1"}}),
            ),
            (
                call(
                    "edit",
                    r#"{"path":"/w/src/a.rs","old_str":"a","new_str":"b"}"#,
                ),
                json!({"action": "file.edit", "params": {"path": "/w/src/a.rs", "old_str": "a", "new_str": "b", "file_path": "/w/src/a.rs"}}),
            ),
            (
                call("view", r#"{"path":"/home/u/.aws/credentials"}"#),
                json!({"action": "file.read", "params": {"path": "/home/u/.aws/credentials", "file_path": "/home/u/.aws/credentials"}}),
            ),
            (
                call("grep", r#"{"pattern":"KEY"}"#),
                json!({"action": "file.grep", "params": {"pattern": "KEY", "path": "/w"}}),
            ),
            (
                call("web_fetch", r#"{"url":"https://x.example"}"#),
                json!({"action": "web.fetch", "params": {"url": "https://x.example"}}),
            ),
            (
                call("powershell", r#"{"command":"Remove-Item -Recurse C:\\"}"#),
                json!({"action": "powershell.execute", "params": {"command": "Remove-Item -Recurse C:\\", "shell": "powershell"}}),
            ),
            (
                call("github-mcp-server-create_issue", "{}"),
                json!({"action": "tool.github-mcp-server-create_issue", "params": {}}),
            ),
            // Registered as `PreToolUse`: snake case, arguments as an object.
            (
                json!({"cwd": "/w", "tool_name": "bash", "tool_input": {"command": "ls"}}),
                json!({"action": "bash.execute", "params": {"command": "ls"}}),
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(action_of(payload.clone()).unwrap(), expected, "{payload}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_judge() {
        let cases = [
            (
                call("bash", "{\"command\": "),
                "`toolArgs` of `bash` is not a JSON object: EOF while parsing a value at line 1 column 12",
            ),
            (
                call("bash", "[\"ls\"]"),
                "`toolArgs` of `bash` is not a JSON object: it holds a JSON array",
            ),
            (
                call("bash", "{}"),
                "`bash` call has no string `tool_input.command`",
            ),
            (
                call("create", r#"{"file_text":"x"}"#),
                "`create` call has no string `tool_input.path`",
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(action_of(payload).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn recognises_its_payloads() {
        let object = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert!(is_payload(&object(call("bash", "{}"))));
        assert!(is_payload(&object(json!({"tool_name": "bash"}))));
        assert!(!is_payload(&object(
            json!({"tool_name": "bash", "tool_use_id": "toolu_1"})
        )));
        assert!(!is_payload(&object(json!({"tool_name": "Bash"}))));
        assert!(!is_payload(&object(
            json!({"tool_name": "bash", "turn_id": "t"})
        )));
        // The "VS Code compatible" shape Copilot CLI sends to a hook registered as `PreToolUse`
        // (`.claude/settings.json`): an MCP tool is not in `TOOLS`, the `timestamp` tells it.
        let vscode_shape = json!({"hook_event_name": "PreToolUse", "session_id": "s",
            "timestamp": "2026-05-21T19:00:00.000Z", "cwd": "/w",
            "tool_name": "github-mcp-server-create_issue", "tool_input": {"title": "x"}});
        assert!(is_payload(&object(vscode_shape.clone())));
        let call =
            crate::agents::parse(&vscode_shape.to_string(), Some(Agent::ClaudeCode)).unwrap();
        assert_eq!(call.meta.agent, Agent::Copilot);
        // Claude Code's and Codex's payloads carry no `timestamp`, and their markers win.
        assert!(!is_payload(&object(
            json!({"tool_name": "Bash", "timestamp": "t",
            "transcript_path": "/t", "tool_use_id": "toolu_1"})
        )));
        assert!(!is_payload(&object(
            json!({"tool_name": "Read", "tool_input": {}})
        )));
    }
}
