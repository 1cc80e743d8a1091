//! Cline's `PreToolUse` hook (read in cline/cline at commit 21cb8d2, 2026-08-22:
//! `.clinerules/hooks/README.md`, `apps/vscode/src/core/hooks/hook-factory.ts`,
//! `apps/vscode/src/sdk/hooks-adapter.ts`, `sdk/packages/core/src/extensions/tools/`): an
//! executable file named `PreToolUse` in `.clinerules/hooks/` or `~/Documents/Cline/Hooks/` gets
//! `{clineVersion, hookName, timestamp, taskId, workspaceRoots, userId,
//! preToolUse: {toolName, parameters}}`, where every parameter value is a string (non-strings
//! are JSON-encoded; a tool input that is not an object arrives as `{}`). The reply is JSON on
//! stdout: `{"cancel": true, "errorMessage"}` stops the call (and the task); no JSON with exit 0
//! lets it run. Cline has no `ask`: a review goes to the pending queue. In this version a hook
//! that fails (a non-zero exit without JSON, a timeout) is logged **and the tool runs**, so
//! `check` always answers with the JSON.

use super::Note;
use super::codex;
use super::error::PayloadError;
use super::payload::{HookPayload, absolute};
use super::{Outcome, Reply, claude_code};
use crate::action::Action;
use serde_json::{Map, Value, json};

/// Whether a payload object is unmistakably Cline's.
pub(crate) fn is_payload(object: &Map<String, Value>) -> bool {
    object.contains_key("clineVersion")
        || (object.contains_key("hookName")
            && (object.contains_key("preToolUse") || object.contains_key("postToolUse")))
}

/// The payload in the shape [`HookPayload`] reads: `preToolUse.toolName` (or `postToolUse`'s)
/// → `tool_name`, its `parameters` → `tool_input`, the first workspace root → `cwd`, `taskId` →
/// `session_id`.
pub(crate) fn normalise(object: &Map<String, Value>) -> Map<String, Value> {
    let mut out = object.clone();
    let pre = object
        .get("preToolUse")
        .or_else(|| object.get("postToolUse"))
        .and_then(Value::as_object);
    if let Some(tool) = pre.and_then(|p| p.get("toolName")) {
        out.insert("tool_name".to_owned(), tool.clone());
    }
    if let Some(params) = pre.and_then(|p| p.get("parameters")) {
        out.insert("tool_input".to_owned(), params.clone());
    }
    if let Some(root) = object
        .get("workspaceRoots")
        .and_then(Value::as_array)
        .and_then(|roots| roots.first())
        .filter(|_| !object.contains_key("cwd"))
    {
        out.insert("cwd".to_owned(), root.clone());
    }
    if let Some(task) = object.get("taskId") {
        out.insert("session_id".to_owned(), task.clone());
    }
    if let Some(hook) = object.get("hookName") {
        out.insert("hook_event_name".to_owned(), hook.clone());
    }
    out
}

/// The action name of a Cline tool from its name alone.
pub(crate) fn action_name(tool: &str) -> String {
    let known = match tool {
        "execute_command" | "run_commands" => "bash.execute",
        "write_to_file" => "file.write",
        "replace_in_file" | "editor" | "apply_patch" => "file.edit",
        "read_file" | "read_files" => "file.read",
        "list_files" | "list_code_definition_names" => "file.glob",
        "search_files" | "search_codebase" => "file.grep",
        "web_fetch" | "fetch_web_content" | "browser_action" => "web.fetch",
        "use_mcp_tool" | "access_mcp_resource" => "mcp.unknown",
        "new_task" => "agent.spawn",
        _ => return claude_code::action_name(tool),
    };
    known.to_owned()
}

/// A string parameter that may hold JSON (Cline encodes arrays and objects): the value it holds.
fn decoded(value: &Value) -> Value {
    match value {
        Value::String(text) => serde_json::from_str(text).unwrap_or_else(|_| value.clone()),
        other => other.clone(),
    }
}

/// The actions of one Cline call.
pub(crate) fn actions(payload: &HookPayload<'_>) -> Result<Vec<Action>, PayloadError> {
    let tool = payload.tool_name;
    let params = payload.tool_input.clone();
    let cwd = payload.cwd;
    let action = |name: &str, params: Map<String, Value>| Action {
        name: name.to_owned(),
        params,
        context: payload.context.clone(),
    };
    let missing = |field: &'static str, expected: &'static str| PayloadError::MissingField {
        tool: tool.to_owned(),
        field,
        expected,
    };
    let with = |key: &str, value: Value| {
        let mut params = params.clone();
        params.insert(key.to_owned(), value);
        params
    };
    match tool {
        "execute_command" => {
            let command = payload.required_str("command")?;
            Ok(vec![action(
                "bash.execute",
                with("command", Value::from(command)),
            )])
        }
        "run_commands" => {
            // `commands`: one command, or a JSON list of commands or `{command, args}`.
            let raw = params
                .get("commands")
                .or_else(|| params.get("command"))
                .or_else(|| params.get("cmd"))
                .ok_or_else(|| missing("commands", "string or list in"))?;
            let commands: Vec<String> = match decoded(raw) {
                Value::String(one) => vec![one],
                Value::Array(many) => many
                    .iter()
                    .map(command_text)
                    .collect::<Option<_>>()
                    .ok_or_else(|| missing("commands", "list of commands in"))?,
                other => vec![
                    command_text(&other).ok_or_else(|| missing("commands", "string or list in"))?,
                ],
            };
            if commands.is_empty() {
                return Err(missing("commands", "non-empty list in"));
            }
            Ok(commands
                .into_iter()
                .map(|c| action("bash.execute", with("command", Value::from(c))))
                .collect())
        }
        "write_to_file"
        | "replace_in_file"
        | "read_file"
        | "editor"
        | "list_files"
        | "list_code_definition_names"
        | "search_files" => {
            let path = payload.required_str("path")?;
            let path = absolute(path, cwd, tool)?;
            let mut name = action_name(tool);
            if tool == "editor"
                && params.get("old_text").is_none_or(Value::is_null)
                && params.get("insert_line").is_none_or(Value::is_null)
            {
                name = "file.write".to_owned(); // creating a file
            }
            let key = if name == "file.glob" || name == "file.grep" {
                "path"
            } else {
                "file_path"
            };
            Ok(vec![action(&name, with(key, Value::from(path)))])
        }
        "read_files" => {
            let raw = ["files", "file_paths", "paths"]
                .iter()
                .find_map(|k| params.get(*k))
                .ok_or_else(|| missing("files", "list of paths in"))?;
            let paths: Vec<String> = match decoded(raw) {
                Value::Array(items) => items.iter().filter_map(path_text).collect(),
                other => path_text(&other).into_iter().collect(),
            };
            if paths.is_empty() {
                return Err(missing("files", "list of paths in"));
            }
            paths
                .into_iter()
                .map(|p| {
                    Ok(action(
                        "file.read",
                        with("file_path", Value::from(absolute(&p, cwd, tool)?)),
                    ))
                })
                .collect()
        }
        "apply_patch" => {
            let text = payload.required_str("input")?;
            codex::patch_actions_of(text, payload)
        }
        "web_fetch" | "browser_action" => {
            let mut params = params.clone();
            if let Some(url) = params.get("url").cloned() {
                params.insert("url".to_owned(), url);
            }
            Ok(vec![action("web.fetch", params)])
        }
        "fetch_web_content" => {
            let raw = params
                .get("requests")
                .ok_or_else(|| missing("requests", "list in"))?;
            let urls: Vec<String> = match decoded(raw) {
                Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.get("url").and_then(Value::as_str).map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            if urls.is_empty() {
                return Err(missing("requests", "list of `{url}` in"));
            }
            Ok(urls
                .into_iter()
                .map(|u| action("web.fetch", with("url", Value::from(u))))
                .collect())
        }
        "use_mcp_tool" | "access_mcp_resource" => {
            let server = payload.required_str("server_name")?;
            let name = params
                .get("tool_name")
                .or_else(|| params.get("uri"))
                .and_then(Value::as_str)
                .unwrap_or("resource");
            let mut params = params.clone();
            if let Some(args) = params.get("arguments").map(decoded) {
                params.insert("arguments".to_owned(), args);
            }
            Ok(vec![action(&format!("mcp.{server}.{name}"), params)])
        }
        _ => Ok(vec![action(&action_name(tool), params)]),
    }
}

fn command_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(entry) => {
            let command = entry.get("command")?.as_str()?;
            let args: Vec<&str> = entry
                .get("args")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let words = std::iter::once(command).chain(args);
            shlex::try_join(words).ok()
        }
        _ => None,
    }
}

fn path_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(entry) => ["path", "file_path", "filePath"]
            .iter()
            .find_map(|k| entry.get(*k).and_then(Value::as_str))
            .map(str::to_owned),
        _ => None,
    }
}

/// Cline's reply: allow is `{"cancel": false}`; a deny (and a review, which Cline cannot ask)
/// is `{"cancel": true, "errorMessage": …}`. Always exit 0.
pub(crate) fn reply(outcome: &Outcome) -> Reply {
    let body = match super::stopping_reason(outcome) {
        None => json!({"cancel": false, "contextModification": "", "errorMessage": ""}),
        Some(reason) => json!({"cancel": true, "contextModification": "", "errorMessage": reason}),
    };
    Reply::json(&body)
}

/// PostToolUse: `postToolUse.result` (Cline sends it as text).
pub(crate) fn response(fields: &Map<String, Value>) -> Option<&Value> {
    fields.get("postToolUse")?.get("result")
}

/// PostToolUse (`.clinerules/hooks/README.md`): `contextModification` is added to what the model
/// reads next; `cancel: true` stops the task, which is Cline's only way to keep the model from
/// acting on an output, so a block cancels with the warning as `errorMessage`.
pub(crate) fn post_reply(note: Note<'_>) -> Reply {
    match note {
        Note::None => Reply::silent(0),
        Note::Warn(message) => Reply::json(
            &json!({"cancel": false, "contextModification": message, "errorMessage": ""}),
        ),
        Note::Block(message) => Reply::json(
            &json!({"cancel": true, "contextModification": message, "errorMessage": message}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::Agent;

    fn actions_of(tool: &str, parameters: Value) -> Result<Value, PayloadError> {
        let payload = json!({"clineVersion": "3.40.0", "hookName": "PreToolUse",
            "timestamp": "1", "taskId": "t1", "workspaceRoots": ["/w"], "userId": "u",
            "preToolUse": {"toolName": tool, "parameters": parameters}});
        let Value::Object(object) = payload else {
            unreachable!()
        };
        let normal = normalise(&object);
        let read = HookPayload::read(Agent::Cline, &normal)?;
        Ok(actions(&read)?
            .into_iter()
            .map(|a| {
                json!([
                    a.name,
                    a.params
                        .get("command")
                        .or_else(|| a.params.get("file_path"))
                        .or_else(|| a.params.get("url"))
                        .or_else(|| a.params.get("path"))
                ])
            })
            .collect())
    }

    #[test]
    fn maps_classic_and_sdk_tools() {
        let cases = [
            (
                "execute_command",
                json!({"command": "rm -rf ~", "requires_approval": "false"}),
                json!([["bash.execute", "rm -rf ~"]]),
            ),
            (
                "run_commands",
                json!({"commands": "[\"ls\",{\"command\":\"git\",\"args\":[\"push\",\"-f\"]}]"}),
                json!([["bash.execute", "ls"], ["bash.execute", "git push -f"]]),
            ),
            (
                "run_commands",
                json!({"commands": "echo hi"}),
                json!([["bash.execute", "echo hi"]]),
            ),
            (
                "write_to_file",
                json!({"path": ".env", "content": "A=1"}),
                json!([["file.write", "/w/.env"]]),
            ),
            (
                "editor",
                json!({"path": "src/a.rs", "old_text": "a", "new_text": "b"}),
                json!([["file.edit", "/w/src/a.rs"]]),
            ),
            (
                "editor",
                json!({"path": "new.rs", "new_text": "b"}),
                json!([["file.write", "/w/new.rs"]]),
            ),
            (
                "read_files",
                json!({"files": "[{\"path\":\"/home/u/.ssh/id_rsa\"},\"b.txt\"]"}),
                json!([
                    ["file.read", "/home/u/.ssh/id_rsa"],
                    ["file.read", "/w/b.txt"]
                ]),
            ),
            (
                "apply_patch",
                json!({"input": "*** Begin Patch\n*** Add File: .env\n+A=1\n*** End Patch"}),
                json!([["file.write", "/w/.env"]]),
            ),
            (
                "fetch_web_content",
                json!({"requests": "[{\"url\":\"https://x.example\",\"prompt\":\"sum\"}]"}),
                json!([["web.fetch", "https://x.example"]]),
            ),
            (
                "use_mcp_tool",
                json!({"server_name": "github", "tool_name": "create_issue", "arguments": "{}"}),
                json!([["mcp.github.create_issue", null]]),
            ),
            (
                "list_files",
                json!({"path": "/"}),
                json!([["file.glob", "/"]]),
            ),
        ];
        for (tool, params, expected) in cases {
            assert_eq!(actions_of(tool, params).unwrap(), expected, "{tool}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_judge() {
        let cases = [
            (
                "execute_command",
                json!({}),
                "`execute_command` call has no string `tool_input.command`",
            ),
            (
                "run_commands",
                json!({}),
                "`run_commands` call has no string or list in `tool_input.commands`",
            ),
            (
                "write_to_file",
                json!({"content": "x"}),
                "`write_to_file` call has no string `tool_input.path`",
            ),
            (
                "read_files",
                json!({}),
                "`read_files` call has no list of paths in `tool_input.files`",
            ),
        ];
        for (tool, params, expected) in cases {
            assert_eq!(actions_of(tool, params).unwrap_err().to_string(), expected);
        }
    }
}
