//! The PreToolUse payload both Claude Code and Codex send (Codex adds `turn_id` and `model`):
//! its tool name and input, and the context every action of the call carries.

use super::Agent;
use super::error::{PayloadError, json_type};
use serde_json::{Map, Value};

/// Payload fields copied into every action's `context` when present.
const CONTEXT_FIELDS: &[&str] = &[
    "session_id",
    "cwd",
    "permission_mode",
    "tool_name",
    "tool_use_id",
    "hook_event_name",
    "model",
    "turn_id",
    "agent_id",
    "agent_type",
    // Claude Code's PreSkillShellCommand: the skill or command holding the shell line.
    "command_name",
    "command_source",
    "invoked_by",
];

/// The parts of a hook payload the per-agent mappings read.
#[derive(Debug)]
pub(crate) struct HookPayload<'a> {
    pub(crate) tool_name: &'a str,
    /// The `tool_input` object (empty when absent).
    pub(crate) tool_input: Map<String, Value>,
    /// `{agent, session_id, cwd, …}` for every action of this call.
    pub(crate) context: Map<String, Value>,
    /// The working directory the tool runs in, if the payload says.
    pub(crate) cwd: Option<&'a str>,
}

impl<'a> HookPayload<'a> {
    /// Reads the fields common to both agents out of a payload object.
    pub(crate) fn read(agent: Agent, object: &'a Map<String, Value>) -> Result<Self, PayloadError> {
        let tool_name = match object.get("tool_name") {
            None => return Err(PayloadError::MissingToolName),
            Some(Value::String(name)) if !name.trim().is_empty() => name.as_str(),
            Some(_) => return Err(PayloadError::BadToolName),
        };
        let tool_input = match object.get("tool_input") {
            None => Map::new(),
            Some(Value::Object(input)) => input.clone(),
            Some(other) => {
                return Err(PayloadError::ToolInputNotObject {
                    tool: tool_name.to_owned(),
                    found: json_type(other),
                });
            }
        };
        let mut context = Map::new();
        context.insert("agent".to_owned(), Value::from(agent.as_str()));
        for &field in CONTEXT_FIELDS {
            if let Some(value) = object.get(field) {
                context.insert(field.to_owned(), value.clone());
            }
        }
        Ok(Self {
            tool_name,
            tool_input,
            context,
            cwd: object.get("cwd").and_then(Value::as_str),
        })
    }

    /// A required string field of `tool_input`.
    pub(crate) fn required_str(&self, field: &'static str) -> Result<&str, PayloadError> {
        self.tool_input
            .get(field)
            .and_then(Value::as_str)
            .ok_or_else(|| PayloadError::MissingField {
                tool: self.tool_name.to_owned(),
                field,
                expected: "string",
            })
    }

    /// A shell command in `tool_input.<field>`: a string as-is, or an argv array joined the way
    /// Codex joins it (shell-quoted words). `None` when the field is absent.
    pub(crate) fn shell_command(&self, field: &str) -> Option<Result<String, PayloadError>> {
        match self.tool_input.get(field)? {
            Value::String(command) => Some(Ok(command.clone())),
            Value::Array(words) => Some(self.join_words(words)),
            _ => None,
        }
    }

    fn join_words(&self, words: &[Value]) -> Result<String, PayloadError> {
        let words: Option<Vec<&str>> = words.iter().map(Value::as_str).collect();
        let bad = |message: String| PayloadError::BadCommandArray {
            tool: self.tool_name.to_owned(),
            message,
        };
        let words = words.ok_or_else(|| bad("an element is not a string".to_owned()))?;
        if words.is_empty() {
            return Err(bad("the array is empty".to_owned()));
        }
        shlex::try_join(words).map_err(|err| bad(err.to_string()))
    }
}

/// `path` made absolute against `cwd` (lexically: the engine resolves `..` and links), for the
/// file tools of agents that send relative paths. No `cwd` and a relative path: refused.
pub(crate) fn absolute(path: &str, cwd: Option<&str>, tool: &str) -> Result<String, PayloadError> {
    let candidate = std::path::Path::new(path);
    if candidate.is_absolute() {
        return Ok(path.to_owned());
    }
    match cwd {
        Some(cwd) if path.is_empty() || path == "." => Ok(cwd.to_owned()),
        Some(cwd) => Ok(std::path::Path::new(cwd)
            .join(candidate)
            .to_string_lossy()
            .into_owned()),
        None => Err(PayloadError::RelativeToolPath {
            tool: tool.to_owned(),
            path: path.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!("test payloads are objects"),
        }
    }

    #[test]
    fn reads_context_fields_present_and_only_those() {
        let payload = object(json!({
            "session_id": "s", "transcript_path": "/t", "cwd": "/w", "prompt_id": "p",
            "permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": "Read",
            "tool_input": {"file_path": "/w/f"}, "tool_use_id": "toolu_1", "agent_id": "a1"
        }));
        let read = HookPayload::read(Agent::ClaudeCode, &payload).unwrap();
        assert_eq!(
            Value::Object(read.context),
            json!({"agent": "claude-code", "session_id": "s", "cwd": "/w",
                   "permission_mode": "default", "tool_name": "Read", "tool_use_id": "toolu_1",
                   "hook_event_name": "PreToolUse", "agent_id": "a1"})
        );
        assert_eq!(read.cwd, Some("/w"));
        assert_eq!(read.tool_name, "Read");
    }

    #[test]
    fn rejects_bad_tool_name_and_input() {
        let cases = [
            (json!({"tool_input": {}}), PayloadError::MissingToolName),
            (json!({"tool_name": 3}), PayloadError::BadToolName),
            (json!({"tool_name": " "}), PayloadError::BadToolName),
            (
                json!({"tool_name": "Bash", "tool_input": "ls"}),
                PayloadError::ToolInputNotObject {
                    tool: "Bash".into(),
                    found: "string",
                },
            ),
            (
                json!({"tool_name": "Bash", "tool_input": null}),
                PayloadError::ToolInputNotObject {
                    tool: "Bash".into(),
                    found: "null",
                },
            ),
        ];
        for (payload, expected) in cases {
            let payload = object(payload);
            assert_eq!(
                HookPayload::read(Agent::Codex, &payload).unwrap_err(),
                expected
            );
        }
    }

    #[test]
    fn joins_argv_arrays_shell_style() {
        let cases: &[(Value, Option<Result<&str, &str>>)] = &[
            (json!("git status"), Some(Ok("git status"))),
            (
                json!(["bash", "-lc", "git status"]),
                Some(Ok("bash -lc 'git status'")),
            ),
            (json!(["echo", "it's"]), Some(Ok("echo \"it's\""))),
            (json!([]), Some(Err("the array is empty"))),
            (json!(["ls", 1]), Some(Err("an element is not a string"))),
            (
                json!(["a\0b"]),
                Some(Err("cannot shell-quote string containing nul byte")),
            ),
            (json!(7), None),
        ];
        for (command, expected) in cases {
            let payload = object(json!({"tool_name": "shell", "tool_input": {"command": command}}));
            let read = HookPayload::read(Agent::Codex, &payload).unwrap();
            let got = read.shell_command("command").map(|r| {
                r.map_err(|err| match err {
                    PayloadError::BadCommandArray { message, .. } => message,
                    other => other.to_string(),
                })
            });
            let expected = expected.map(|e| e.map(str::to_owned).map_err(str::to_owned));
            assert_eq!(got, expected, "command {command}");
        }
    }
}
