//! Claude Code's PreToolUse protocol: its tool names mapped to actions (the table Codex falls back
//! on too), and the reply it understands (exit 2 + stderr to block, JSON `ask` for a person).
//! The `PreSkillShellCommand` event has the same shape (a `Bash` call) and the same reply.

use super::Note;
use super::error::PayloadError;
use super::payload::HookPayload;
use super::{Outcome, Reply, one_line_reason};
use crate::action::Action;
use serde_json::{Map, Value, json};

/// The hook event Claude Code (2.1.332 on) sends for a shell line embedded in a skill or slash
/// command (`` !`cmd` ``): `tool_name` `Bash` or `PowerShell`, `tool_input.command`, and
/// `command_name`, `command_source`, `invoked_by`. It is judged as that Bash call.
pub(crate) const SKILL_SHELL_EVENT: &str = "PreSkillShellCommand";

/// The action name of a tool: the known tools, `mcp__<server>__<tool>` as `mcp.<server>.<tool>`,
/// anything else as `tool.<name>` (never dropped: the policies decide).
pub(crate) fn action_name(tool: &str) -> String {
    let known = match tool {
        "Bash" => "bash.execute",
        // agsec does not parse PowerShell: its own action, which the policies judge.
        "PowerShell" => "powershell.execute",
        "Write" => "file.write",
        "Edit" | "MultiEdit" | "NotebookEdit" => "file.edit",
        "Read" => "file.read",
        "Glob" => "file.glob",
        "Grep" => "file.grep",
        "WebFetch" => "web.fetch",
        "WebSearch" => "web.search",
        "Agent" | "Task" => "agent.spawn",
        "Skill" | "SlashCommand" => crate::skills::ACTION,
        _ => return mcp_action_name(tool).unwrap_or_else(|| format!("tool.{tool}")),
    };
    known.to_owned()
}

/// `mcp__<server>__<tool>` → `mcp.<server>.<tool>`. Server names may hold single underscores, so
/// the split is on the first `__` after the prefix.
fn mcp_action_name(tool: &str) -> Option<String> {
    let (server, name) = tool.strip_prefix("mcp__")?.split_once("__")?;
    if server.is_empty() || name.is_empty() {
        return None;
    }
    Some(format!("mcp.{server}.{name}"))
}

/// The one action of a Claude Code tool call. Fields a tool cannot be judged without
/// (a command, a path, a URL) must be present, or the call is refused.
pub(crate) fn action(payload: &HookPayload<'_>) -> Result<Action, PayloadError> {
    let tool = payload.tool_name;
    let mut params = payload.tool_input.clone();
    match tool {
        "Bash" | "PowerShell" => {
            let command =
                payload
                    .shell_command("command")
                    .ok_or_else(|| PayloadError::MissingField {
                        tool: tool.to_owned(),
                        field: "command",
                        expected: "string",
                    })??;
            params.insert("command".to_owned(), Value::from(command));
            if tool == "PowerShell" {
                params.insert("shell".to_owned(), Value::from("powershell"));
            }
        }
        "Write" | "Edit" | "MultiEdit" | "Read" => {
            payload.required_str("file_path")?;
        }
        "NotebookEdit" => {
            let path = payload.required_str("notebook_path")?.to_owned();
            params.insert("file_path".to_owned(), Value::from(path));
        }
        "WebFetch" => {
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

/// Claude Code's reply: allow = no opinion (its own rules still apply), deny = exit 2 with the
/// reason on stderr, ask = its own permission prompt through `permissionDecision: "ask"`.
pub(crate) fn reply(outcome: &Outcome) -> Reply {
    match outcome {
        Outcome::Allow => Reply::silent(0),
        Outcome::Approve { reason } => Reply {
            exit_code: 0,
            stdout: pre_tool_use_json("allow", &one_line_reason(reason)),
            stderr: String::new(),
        },
        Outcome::Deny { reason } => Reply {
            exit_code: 2,
            stdout: String::new(),
            stderr: format!("{}\n", one_line_reason(reason)),
        },
        Outcome::Ask { reason } => Reply {
            exit_code: 0,
            stdout: pre_tool_use_json("ask", &one_line_reason(reason)),
            stderr: String::new(),
        },
    }
}

/// `{"hookSpecificOutput":{…}}` plus a newline: the JSON decision both agents read.
pub(crate) fn pre_tool_use_json(decision: &str, reason: &str) -> String {
    let value = serde_json::json!({
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": decision,
            "permissionDecisionReason": reason,
        }
    });
    format!("{value}\n")
}

/// PostToolUse: the tool's response (`tool_response`; Codex also `output`, `tool_output`).
pub(crate) fn response(fields: &Map<String, Value>) -> Option<&Value> {
    ["tool_response", "output", "tool_output"]
        .iter()
        .find_map(|key| fields.get(*key))
}

/// PostToolUse: a warning is `additionalContext` for the model; a block is `decision: block`,
/// whose reason the agent gives the model in place of the output. Codex's output schema has
/// both fields, so Codex gets the same JSON.
pub(crate) fn post_reply(note: Note<'_>) -> Reply {
    match note {
        Note::None => Reply::silent(0),
        Note::Warn(message) => Reply::json(&json!({
            "hookSpecificOutput": {"hookEventName": "PostToolUse", "additionalContext": message}
        })),
        Note::Block(message) => Reply::json(&json!({"decision": "block", "reason": message})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::Agent;
    use serde_json::{Map, json};

    #[test]
    fn maps_tool_names_to_actions() {
        let cases = [
            ("Bash", "bash.execute"),
            ("PowerShell", "powershell.execute"),
            ("Write", "file.write"),
            ("Edit", "file.edit"),
            ("MultiEdit", "file.edit"),
            ("NotebookEdit", "file.edit"),
            ("Read", "file.read"),
            ("Glob", "file.glob"),
            ("Grep", "file.grep"),
            ("WebFetch", "web.fetch"),
            ("WebSearch", "web.search"),
            ("Agent", "agent.spawn"),
            ("Task", "agent.spawn"),
            ("Skill", "skill.invoke"),
            ("SlashCommand", "skill.invoke"),
            ("mcp__slack__post_message", "mcp.slack.post_message"),
            ("mcp__my_server__do__it", "mcp.my_server.do__it"),
            ("mcp__a_b_c__t", "mcp.a_b_c.t"),
            ("mcp__noserver", "tool.mcp__noserver"),
            ("mcp____tool", "tool.mcp____tool"),
            ("mcp__server__", "tool.mcp__server__"),
            ("TodoWrite", "tool.TodoWrite"),
            ("bash", "tool.bash"),
        ];
        for (tool, expected) in cases {
            assert_eq!(action_name(tool), expected, "tool `{tool}`");
        }
    }

    fn action_of(tool: &str, input: Value) -> Result<Action, PayloadError> {
        let payload = json!({"tool_name": tool, "tool_input": input, "cwd": "/w"});
        let Value::Object(object) = payload else {
            unreachable!()
        };
        action(&HookPayload::read(Agent::ClaudeCode, &object)?)
    }

    #[test]
    fn normalises_params() {
        let cases = [
            (
                "Bash",
                json!({"command": "ls", "description": "list"}),
                json!({"command": "ls", "description": "list"}),
            ),
            (
                "PowerShell",
                json!({"command": "Get-ChildItem"}),
                json!({"command": "Get-ChildItem", "shell": "powershell"}),
            ),
            (
                "NotebookEdit",
                json!({"notebook_path": "/w/n.ipynb", "new_source": "x"}),
                json!({"notebook_path": "/w/n.ipynb", "new_source": "x", "file_path": "/w/n.ipynb"}),
            ),
            (
                "mcp__s__t",
                json!({"any": ["thing"]}),
                json!({"any": ["thing"]}),
            ),
        ];
        for (tool, input, expected) in cases {
            let got = action_of(tool, input).unwrap();
            assert_eq!(got.context_str("agent"), Some("claude-code"));
            assert_eq!(Value::Object(got.params), expected, "tool `{tool}`");
        }
    }

    #[test]
    fn refuses_calls_missing_what_they_are_judged_on() {
        let cases = [
            (
                "Bash",
                json!({}),
                "`Bash` call has no string `tool_input.command`",
            ),
            (
                "Bash",
                json!({"command": 1}),
                "`Bash` call has no string `tool_input.command`",
            ),
            (
                "Write",
                json!({"content": "x"}),
                "`Write` call has no string `tool_input.file_path`",
            ),
            (
                "Edit",
                json!({"file_path": null}),
                "`Edit` call has no string `tool_input.file_path`",
            ),
            (
                "Read",
                json!({}),
                "`Read` call has no string `tool_input.file_path`",
            ),
            (
                "MultiEdit",
                json!({}),
                "`MultiEdit` call has no string `tool_input.file_path`",
            ),
            (
                "NotebookEdit",
                json!({}),
                "`NotebookEdit` call has no string `tool_input.notebook_path`",
            ),
            (
                "WebFetch",
                json!({"prompt": "x"}),
                "`WebFetch` call has no string `tool_input.url`",
            ),
        ];
        for (tool, input, expected) in cases {
            assert_eq!(action_of(tool, input).unwrap_err().to_string(), expected);
        }
        // Tools without a required field pass with whatever they carry.
        assert_eq!(action_of("Glob", json!({})).unwrap().params, Map::new());
    }
}
