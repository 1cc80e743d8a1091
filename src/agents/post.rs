//! The after-tool side of the hook protocols (Claude Code's and Codex's `PostToolUse`, Gemini
//! CLI's `AfterTool`, Copilot CLI's `postToolUse`, Cursor's `afterShellExecution`,
//! `afterMCPExecution` and `postToolUse`, Cline's `PostToolUse`): a payload in, the call's
//! [`CallMeta`] and the text of what the tool returned out ([`read_output`]); a note for the model
//! in, the reply the agent reads out ([`reply`]). Each agent's fields and reply live in its own
//! module; this one dispatches. The tool already ran, so a reply never undoes anything: it can
//! only inform the model (or, where the agent has one, replace the output).

use super::{
    Agent, CallMeta, Note, PayloadError, Reply, claude_code, cline, copilot, cursor, gemini,
};
use serde_json::{Map, Value};

/// One tool's output as an after-tool hook receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutput {
    /// The call that produced it.
    pub meta: CallMeta,
    /// The call's arguments (`null` when absent).
    pub tool_input: Value,
    /// False when the output is the agent's own writing (`Write`, `Edit`, `apply_patch` …),
    /// which is not screened.
    pub is_screened: bool,
    /// What the tool returned, every string of it one per line (empty for the agent's own
    /// writing): the text to screen.
    pub text: String,
}

/// Tools whose output is the agent's own content, not something from outside (their results
/// echo what the model wrote): Claude Code's and Codex's, then Gemini CLI's (`write_file`,
/// `replace`), Copilot CLI's (`create`, `edit`), Cursor's (`afterFileEdit` reads as `Edit`) and
/// Cline's.
const UNSCREENED_TOOLS: &[&str] = &[
    "Write",
    "Edit",
    "MultiEdit",
    "NotebookEdit",
    "apply_patch",
    "TodoWrite",
    "ExitPlanMode",
    "write_file",
    "replace",
    "create",
    "edit",
    "write_to_file",
    "replace_in_file",
    "editor",
];

/// Reads an after-tool payload (any agent; `forced` is the hook's `--agent`, which an
/// unmistakable payload overrides as for PreToolUse). The errors are the PreToolUse ones (empty,
/// malformed JSON, not an object); a payload without a tool response is not an error, it has
/// nothing to screen.
pub fn read_output(input: &str, forced: Option<Agent>) -> Result<ToolOutput, PayloadError> {
    Ok(output_of(&super::parse_object(input)?, forced))
}

/// The [`ToolOutput`] of a parsed after-tool payload (see [`read_output`]). Never fails: what an
/// agent's fields do not give is left empty.
pub(crate) fn output_of(fields: &Map<String, Value>, forced: Option<Agent>) -> ToolOutput {
    let agent = super::sender(fields, forced);
    let normal = match agent {
        Agent::Copilot => copilot::normalise(fields).unwrap_or_else(|_| fields.clone()),
        Agent::Cursor => cursor::normalise(fields).unwrap_or_else(|_| fields.clone()),
        Agent::Cline => cline::normalise(fields),
        _ => fields.clone(),
    };
    let tool_name = normal
        .get("tool_name")
        .and_then(Value::as_str)
        .unwrap_or("a tool")
        .to_owned();
    let is_screened = !UNSCREENED_TOOLS.contains(&tool_name.as_str());
    let response = match agent {
        Agent::Gemini => gemini::response(fields),
        Agent::Copilot => copilot::response(fields),
        Agent::Cursor => cursor::response(fields),
        Agent::Cline => cline::response(fields),
        Agent::ClaudeCode | Agent::Codex | Agent::Plain => claude_code::response(fields),
    };
    let text = if is_screened {
        response.map(text_of).unwrap_or_default()
    } else {
        String::new()
    };
    let field = |key: &str| normal.get(key).and_then(Value::as_str).map(str::to_owned);
    ToolOutput {
        meta: CallMeta {
            agent,
            session_id: field("session_id"),
            tool_use_id: field("tool_use_id"),
            cwd: field("cwd"),
            action: super::action_name(agent, &tool_name),
            tool_name,
        },
        tool_input: normal.get("tool_input").cloned().unwrap_or(Value::Null),
        is_screened,
        text,
    }
}

/// Every string in a JSON value (object values, array items, nested), one per line, in
/// document order. Keys and non-string scalars are left out.
pub(crate) fn text_of(value: &Value) -> String {
    let mut text = String::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(s) => {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(s);
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => stack.extend(map.values().rev()),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    text
}

/// The after-tool reply that gives `note` to `agent`'s model. Always exit 0.
pub fn reply(agent: Agent, note: Note<'_>) -> Reply {
    if note == Note::None {
        return Reply::silent(0);
    }
    match agent {
        Agent::ClaudeCode | Agent::Codex | Agent::Plain => claude_code::post_reply(note),
        Agent::Gemini => gemini::post_reply(note),
        Agent::Copilot => copilot::post_reply(note),
        Agent::Cursor => cursor::post_reply(note),
        Agent::Cline => cline::post_reply(note),
    }
}

#[cfg(test)]
mod tests;
