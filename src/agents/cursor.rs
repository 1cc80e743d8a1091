//! Cursor's agent hooks (Cursor's hooks documentation as of Cursor 2.x, copied in
//! pcomans/caruso `reference/cursor_hooks.md`; `preToolUse` and the byte-order mark from
//! `../shared/docs/more-agents.md`, Cursor 3.11.25): `.cursor/hooks.json` /
//! `~/.cursor/hooks.json`, `{"version": 1, "hooks": {"<event>": [{"command", "failClosed"}]}}`.
//! Every payload has `conversation_id`, `generation_id`, `hook_event_name`, `cursor_version`,
//! `workspace_roots`; some have no `cwd` (then the first workspace root is the cwd). Events:
//! `beforeShellExecution` (`command`, `cwd`), `beforeMCPExecution` (`tool_name`, `tool_input` as
//! a JSON string, `url` or `command` of the server), `beforeReadFile` (`file_path`, `content`),
//! and the generic `preToolUse` (`tool_name`, `tool_input`). Reply: exit 0 and
//! `{"permission": "allow"|"deny"|"ask", "user_message", "agent_message"}`; without
//! `failClosed: true` a hook that fails lets the call run.

use super::Note;
use super::error::{PayloadError, json_type};
use super::payload::{HookPayload, absolute};
use super::{Outcome, Reply, claude_code, one_line_reason};
use crate::action::Action;
use serde_json::{Map, Value, json};

/// The events agsec registers for (in this order).
pub(crate) const EVENTS: [&str; 4] = [
    "beforeShellExecution",
    "beforeMCPExecution",
    "beforeReadFile",
    "preToolUse",
];

/// The after-tool events agsec registers `scan` for.
pub(crate) const POST_EVENTS: [&str; 3] =
    ["afterShellExecution", "afterMCPExecution", "postToolUse"];

/// Whether a payload object is unmistakably Cursor's: its own fields or event names.
pub(crate) fn is_payload(object: &Map<String, Value>) -> bool {
    object.contains_key("cursor_version")
        || (object.contains_key("conversation_id") && object.contains_key("generation_id"))
        || object
            .get("hook_event_name")
            .and_then(Value::as_str)
            .is_some_and(|event| {
                EVENTS.contains(&event)
                    || ["afterShellExecution", "afterMCPExecution", "afterFileEdit"]
                        .contains(&event)
            })
}

/// Whether the payload's event accepts `permission: "ask"` (`beforeReadFile` takes only allow
/// or deny: a review there goes to the pending queue).
pub(crate) fn event_can_ask(event: Option<&str>) -> bool {
    event != Some("beforeReadFile")
}

/// The payload in the shape [`HookPayload`] reads: `tool_name`, `tool_input` (an object), `cwd`
/// (else the first workspace root), `session_id` (the conversation).
pub(crate) fn normalise(object: &Map<String, Value>) -> Result<Map<String, Value>, PayloadError> {
    let mut out = object.clone();
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    if text("cwd").is_none_or(str::is_empty)
        && let Some(root) = object
            .get("workspace_roots")
            .and_then(Value::as_array)
            .and_then(|roots| roots.first())
            .and_then(Value::as_str)
    {
        out.insert("cwd".to_owned(), Value::from(root));
    }
    if let Some(conversation) = object.get("conversation_id")
        && !out.contains_key("session_id")
    {
        out.insert("session_id".to_owned(), conversation.clone());
    }
    let event = text("hook_event_name").unwrap_or_default();
    let (tool, input) = match event {
        "beforeShellExecution" | "afterShellExecution" => {
            let mut input = Map::new();
            for key in ["command", "cwd"] {
                if let Some(value) = object.get(key) {
                    input.insert(key.to_owned(), value.clone());
                }
            }
            ("Shell".to_owned(), Value::Object(input))
        }
        "beforeReadFile" => {
            // The file's content is not needed to judge the read (and stays out of the log).
            let mut input = Map::new();
            if let Some(path) = object.get("file_path") {
                input.insert("file_path".to_owned(), path.clone());
            }
            ("Read".to_owned(), Value::Object(input))
        }
        "afterFileEdit" => {
            // The agent's own edit: recorded, not screened (see `agents::post`).
            let mut input = Map::new();
            if let Some(path) = object.get("file_path") {
                input.insert("file_path".to_owned(), path.clone());
            }
            ("Edit".to_owned(), Value::Object(input))
        }
        "beforeMCPExecution" | "afterMCPExecution" => {
            let tool = text("tool_name").unwrap_or_default();
            let mut input = args_object(tool, object.get("tool_input"))?;
            for key in ["url", "command"] {
                if let Some(value) = object.get(key) {
                    input.insert(format!("server_{key}"), value.clone());
                }
            }
            (format!("MCP:{tool}"), Value::Object(input))
        }
        _ => {
            let tool = text("tool_name").unwrap_or_default().to_owned();
            let input = args_object(&tool, object.get("tool_input"))?;
            (tool, Value::Object(input))
        }
    };
    if !tool.is_empty() && tool != "MCP:" {
        out.insert("tool_name".to_owned(), Value::from(tool));
    }
    out.insert("tool_input".to_owned(), input);
    Ok(out)
}

/// A tool's arguments: an object, or a JSON string holding one (absent: none).
fn args_object(tool: &str, value: Option<&Value>) -> Result<Map<String, Value>, PayloadError> {
    let bad = |message: String| PayloadError::BadArgsString {
        tool: tool.to_owned(),
        field: "tool_input",
        message,
    };
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(Map::new()),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(other) => Err(bad(format!("it holds a JSON {}", json_type(&other)))),
            Err(err) => Err(bad(err.to_string())),
        },
        Some(other) => Err(bad(format!("it is a JSON {}", json_type(other)))),
    }
}

/// The action name of a Cursor tool from its name alone.
pub(crate) fn action_name(tool: &str) -> String {
    let known = match tool {
        "Shell" | "Terminal" | "run_terminal_cmd" => "bash.execute",
        "Read" | "read_file" => "file.read",
        "Write" | "write" => "file.write",
        "Edit" | "StrReplace" | "MultiEdit" | "edit_file" | "search_replace" => "file.edit",
        "Delete" | "delete_file" => "file.delete",
        "Grep" | "grep" => "file.grep",
        "Glob" | "LS" | "glob_file_search" | "list_dir" => "file.glob",
        "Task" => "agent.spawn",
        _ => {
            if let Some(name) = tool.strip_prefix("MCP:")
                && !name.is_empty()
            {
                // Cursor names the server only by its URL or command: policies match `mcp.*`.
                return format!("mcp.unknown.{name}");
            }
            return claude_code::action_name(tool);
        }
    };
    known.to_owned()
}

/// The one action of a normalised Cursor call. File tools must name their file (`file_path`,
/// `path` or `target_file`), made absolute against the cwd.
pub(crate) fn action(payload: &HookPayload<'_>) -> Result<Action, PayloadError> {
    let tool = payload.tool_name;
    let name = action_name(tool);
    let mut params = payload.tool_input.clone();
    if name == "bash.execute" {
        let command = payload.required_str("command")?.to_owned();
        params.insert("command".to_owned(), Value::from(command));
        if let Some(dir) = params.get("cwd").and_then(Value::as_str) {
            let dir = absolute(dir, payload.cwd, tool)?;
            params.insert("workdir".to_owned(), Value::from(dir));
        }
    } else if matches!(
        name.as_str(),
        "file.read" | "file.write" | "file.edit" | "file.delete"
    ) {
        let path = ["file_path", "path", "target_file"]
            .iter()
            .find_map(|key| params.get(*key).and_then(Value::as_str))
            .ok_or_else(|| PayloadError::MissingField {
                tool: tool.to_owned(),
                field: "file_path",
                expected: "string (or `path`, `target_file`)",
            })?;
        let path = absolute(path, payload.cwd, tool)?;
        params.insert("file_path".to_owned(), Value::from(path));
    } else if matches!(name.as_str(), "file.glob" | "file.grep") {
        let dir = ["path", "target_directory"]
            .iter()
            .find_map(|key| params.get(*key).and_then(Value::as_str))
            .unwrap_or(".");
        let dir = absolute(dir, payload.cwd, tool)?;
        params.insert("path".to_owned(), Value::from(dir));
    }
    Ok(Action {
        name,
        params,
        context: payload.context.clone(),
    })
}

/// Cursor's reply: always exit 0 and a `permission` (a hook registered with `failClosed` must
/// answer valid JSON even to allow). The message goes to the person (`user_message`) and the
/// model (`agent_message`); the camel-case spellings of Cursor 1.7 are sent too.
pub(crate) fn reply(outcome: &Outcome) -> Reply {
    let (permission, reason) = match outcome {
        Outcome::Allow | Outcome::Approve { .. } => {
            return Reply::json(&json!({"permission": "allow"}));
        }
        Outcome::Deny { reason } => ("deny", one_line_reason(reason)),
        Outcome::Ask { reason } => ("ask", one_line_reason(reason)),
    };
    let body = json!({
        "permission": permission,
        "user_message": reason,
        "agent_message": reason,
        "userMessage": reason,
        "agentMessage": reason,
    });
    Reply::json(&body)
}

/// After-tool events: `afterShellExecution`'s `output`, `afterMCPExecution`'s `result_json` (a
/// JSON text, screened as text), `postToolUse`'s `tool_output`.
pub(crate) fn response(fields: &Map<String, Value>) -> Option<&Value> {
    ["tool_output", "output", "result_json"]
        .iter()
        .find_map(|key| fields.get(*key))
}

/// Cursor's after-tool events are observation only (their output is not read, per Cursor's
/// hooks documentation), so agsec prints `{}`: the output is screened, recorded and its secrets
/// remembered for the session, but the model is not told.
pub(crate) fn post_reply(note: Note<'_>) -> Reply {
    match note {
        Note::None => Reply::silent(0),
        Note::Warn(_) | Note::Block(_) => Reply::json(&json!({})),
    }
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
        let read = HookPayload::read(Agent::Cursor, &normal)?;
        let action = action(&read)?;
        Ok(json!({"action": action.name, "params": action.params, "cwd": read.cwd}))
    }

    fn base(event: &str, fields: Value) -> Value {
        let mut payload = json!({"conversation_id": "c1", "generation_id": "g1", "model": "m",
            "hook_event_name": event, "cursor_version": "2.0.1", "workspace_roots": ["/w"],
            "user_email": null});
        if let (Some(p), Value::Object(extra)) = (payload.as_object_mut(), fields) {
            p.extend(extra);
        }
        payload
    }

    #[test]
    fn maps_cursor_events_to_actions() {
        let cases = [
            (
                base(
                    "beforeShellExecution",
                    json!({"command": "rm -rf ~", "cwd": "/w/sub"}),
                ),
                json!({"action": "bash.execute", "params": {"command": "rm -rf ~", "cwd": "/w/sub", "workdir": "/w/sub"}, "cwd": "/w/sub"}),
            ),
            (
                base(
                    "beforeReadFile",
                    json!({"file_path": "/w/.env", "content": "SECRET=1"}),
                ),
                json!({"action": "file.read", "params": {"file_path": "/w/.env"}, "cwd": "/w"}),
            ),
            (
                base(
                    "beforeMCPExecution",
                    json!({"tool_name": "create_issue", "tool_input": "{\"title\":\"t\"}", "url": "https://mcp.example"}),
                ),
                json!({"action": "mcp.unknown.create_issue", "params": {"title": "t", "server_url": "https://mcp.example"}, "cwd": "/w"}),
            ),
            (
                base(
                    "preToolUse",
                    json!({"tool_name": "Write", "tool_input": {"file_path": "src/.env", "contents": "x"}}),
                ),
                json!({"action": "file.write", "params": {"file_path": "/w/src/.env", "contents": "x"}, "cwd": "/w"}),
            ),
            (
                base(
                    "preToolUse",
                    json!({"tool_name": "Delete", "tool_input": {"path": "/etc/hosts"}}),
                ),
                json!({"action": "file.delete", "params": {"path": "/etc/hosts", "file_path": "/etc/hosts"}, "cwd": "/w"}),
            ),
            (
                base(
                    "preToolUse",
                    json!({"tool_name": "Grep", "tool_input": {"pattern": "KEY"}}),
                ),
                json!({"action": "file.grep", "params": {"pattern": "KEY", "path": "/w"}, "cwd": "/w"}),
            ),
            (
                base(
                    "preToolUse",
                    json!({"tool_name": "NewThing", "tool_input": {}}),
                ),
                json!({"action": "tool.NewThing", "params": {}, "cwd": "/w"}),
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
                base("beforeShellExecution", json!({})),
                "`Shell` call has no string `tool_input.command`",
            ),
            (
                base(
                    "beforeMCPExecution",
                    json!({"tool_name": "t", "tool_input": "[1]"}),
                ),
                "`tool_input` of `t` is not a JSON object: it holds a JSON array",
            ),
            (
                base(
                    "preToolUse",
                    json!({"tool_name": "Write", "tool_input": {"contents": "x"}}),
                ),
                "`Write` call has no string (or `path`, `target_file`) `tool_input.file_path`",
            ),
            (
                json!({"hook_event_name": "beforeReadFile", "file_path": "rel"}),
                "relative path `rel` in a `Read` call and no `cwd` in the payload",
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(action_of(payload).unwrap_err().to_string(), expected);
        }
    }
}
