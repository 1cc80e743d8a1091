//! Gemini CLI's `BeforeTool` protocol (read in google-gemini/gemini-cli 0.56.0-nightly,
//! `docs/hooks/reference.md`, `packages/core/src/hooks/`): the payload is Claude Code's shape
//! (`session_id`, `cwd`, `hook_event_name: "BeforeTool"`, `tool_name`, `tool_input`, and
//! `mcp_context` for MCP tools), the tools are Gemini's own (`run_shell_command`, `write_file`,
//! `replace`, `read_file`, `read_many_files`, `glob`, `grep_search`, `web_fetch`,
//! `mcp_<server>_<tool>` …). The reply is exit 0 with `{"decision": "deny"|"ask", "reason"}`;
//! any exit code other than 0 and 2 is a warning and **the tool runs**, so `check` must always
//! answer with this JSON, whatever goes wrong.

use super::Note;
use super::error::PayloadError;
use super::payload::{HookPayload, absolute};
use super::{Outcome, Reply, claude_code, one_line_reason};
use crate::action::Action;
use serde_json::{Map, Value, json};

/// The events Gemini CLI names in `hook_event_name` for the tool hooks.
pub(crate) const EVENTS: &[&str] = &["BeforeTool", "AfterTool"];

/// Whether a payload object is unmistakably Gemini CLI's (its tool events' names).
pub(crate) fn is_payload(object: &Map<String, Value>) -> bool {
    object
        .get("hook_event_name")
        .and_then(Value::as_str)
        .is_some_and(|event| EVENTS.contains(&event))
}

/// The action name of a Gemini tool from its name alone (what an `AfterTool` record calls it).
pub(crate) fn action_name(tool: &str) -> String {
    let known = match tool {
        "run_shell_command" => "bash.execute",
        "write_file" => "file.write",
        "replace" => "file.edit",
        "read_file" | "read_many_files" => "file.read",
        "glob" | "list_directory" => "file.glob",
        "grep_search" | "search_file_content" => "file.grep",
        "web_fetch" => "web.fetch",
        "google_web_search" => "web.search",
        "invoke_agent" => "agent.spawn",
        _ => {
            return mcp_name(tool, None).unwrap_or_else(|| claude_code::action_name(tool));
        }
    };
    known.to_owned()
}

/// `mcp.<server>.<tool>` from `mcp_context` (the server's and tool's own names), else from the
/// `mcp_<server>_<tool>` name (split at the first `_` after the prefix).
fn mcp_name(tool: &str, context: Option<&Map<String, Value>>) -> Option<String> {
    let text = |key| context.and_then(|c| c.get(key)).and_then(Value::as_str);
    if let (Some(server), Some(name)) = (text("server_name"), text("tool_name"))
        && !server.is_empty()
        && !name.is_empty()
    {
        return Some(format!("mcp.{server}.{name}"));
    }
    if tool.starts_with("mcp__") {
        return None; // Claude Code's spelling: its table handles it.
    }
    let (server, name) = tool.strip_prefix("mcp_")?.split_once('_')?;
    (!server.is_empty() && !name.is_empty()).then(|| format!("mcp.{server}.{name}"))
}

/// The actions of one Gemini tool call. File paths are made absolute against `cwd`; a shell
/// call's `dir_path` becomes its `workdir`.
pub(crate) fn actions(
    payload: &HookPayload<'_>,
    object: &Map<String, Value>,
) -> Result<Vec<Action>, PayloadError> {
    let tool = payload.tool_name;
    let mut params = payload.tool_input.clone();
    let cwd = payload.cwd;
    let one = |name: &str, params: Map<String, Value>| {
        Ok(vec![Action {
            name: name.to_owned(),
            params,
            context: payload.context.clone(),
        }])
    };
    match tool {
        "run_shell_command" => {
            let command = payload.required_str("command")?.to_owned();
            if let Some(dir) = params.get("dir_path").and_then(Value::as_str) {
                let dir = absolute(dir, cwd, tool)?;
                params.insert("workdir".to_owned(), Value::from(dir));
            }
            params.insert("command".to_owned(), Value::from(command));
            one("bash.execute", params)
        }
        "write_file" | "replace" | "read_file" => {
            let path = absolute(payload.required_str("file_path")?, cwd, tool)?;
            params.insert("file_path".to_owned(), Value::from(path));
            one(&action_name(tool), params)
        }
        "read_many_files" => {
            let patterns: Vec<&str> = match params.get("include") {
                Some(Value::String(one)) => vec![one.as_str()],
                Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if patterns.is_empty() {
                return Err(PayloadError::MissingField {
                    tool: tool.to_owned(),
                    field: "include",
                    expected: "non-empty list of paths in",
                });
            }
            patterns
                .into_iter()
                .map(|pattern| {
                    let mut params = params.clone();
                    params.insert(
                        "file_path".to_owned(),
                        Value::from(absolute(pattern, cwd, tool)?),
                    );
                    Ok(Action {
                        name: "file.read".to_owned(),
                        params,
                        context: payload.context.clone(),
                    })
                })
                .collect()
        }
        "glob" | "list_directory" | "grep_search" | "search_file_content" => {
            let dir = params
                .get("dir_path")
                .or_else(|| params.get("path"))
                .and_then(Value::as_str)
                .unwrap_or(".");
            let dir = absolute(dir, cwd, tool)?;
            params.insert("path".to_owned(), Value::from(dir));
            one(&action_name(tool), params)
        }
        "web_fetch" => {
            // The URLs are inside the prompt ("summarise https://…"): one action per URL.
            let text = params
                .get("url")
                .or_else(|| params.get("prompt"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let urls: Vec<&str> = text
                .split(|c: char| c.is_whitespace() || "<>\"'()[]{}".contains(c))
                .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
                .collect();
            if urls.is_empty() {
                return one("web.fetch", params);
            }
            Ok(urls
                .into_iter()
                .map(|url| {
                    let mut params = params.clone();
                    params.insert("url".to_owned(), Value::from(url));
                    Action {
                        name: "web.fetch".to_owned(),
                        params,
                        context: payload.context.clone(),
                    }
                })
                .collect())
        }
        _ => {
            let context = object.get("mcp_context").and_then(Value::as_object);
            let name = mcp_name(tool, context).unwrap_or_else(|| action_name(tool));
            one(&name, params)
        }
    }
}

/// Gemini CLI's reply: allow is exit 0 with nothing printed (no opinion: its own confirmation
/// rules still apply); deny and ask are exit 0 with the decision JSON (`ask` makes Gemini CLI
/// ask the person, even in YOLO mode; `systemMessage` shows the reason beside its prompt).
pub(crate) fn reply(outcome: &Outcome) -> Reply {
    let body = match outcome {
        Outcome::Allow | Outcome::Approve { .. } => return Reply::silent(0),
        Outcome::Deny { reason } => {
            json!({"decision": "deny", "reason": one_line_reason(reason)})
        }
        Outcome::Ask { reason } => {
            let reason = one_line_reason(reason);
            json!({"decision": "ask", "reason": reason, "systemMessage": reason})
        }
    };
    Reply::json(&body)
}

/// AfterTool: what the model reads of the result (`tool_response.llmContent`, and `error`), not
/// the `returnDisplay` copy shown to the person.
pub(crate) fn response(fields: &Map<String, Value>) -> Option<&Value> {
    let response = fields.get("tool_response")?;
    match response.get("llmContent") {
        Some(content) if response.get("error").is_none_or(Value::is_null) => Some(content),
        _ => Some(response),
    }
}

/// AfterTool (Gemini CLI 0.61.0, `docs/hooks/reference.md`): `hookSpecificOutput.additionalContext`
/// is appended to the result the model reads; `decision: "block"` (an alias of `deny`) replaces
/// the result with `reason`. The same JSON as Claude Code's PostToolUse reply.
pub(crate) fn post_reply(note: Note<'_>) -> Reply {
    claude_code::post_reply(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::Agent;

    fn actions_of(payload: Value) -> Result<Value, PayloadError> {
        let Value::Object(object) = payload else {
            unreachable!()
        };
        let read = HookPayload::read(Agent::Gemini, &object)?;
        Ok(actions(&read, &object)?
            .into_iter()
            .map(|a| json!({"action": a.name, "params": a.params}))
            .collect())
    }

    fn call(tool: &str, input: Value) -> Value {
        json!({"session_id": "s", "cwd": "/w", "hook_event_name": "BeforeTool",
               "timestamp": "2026-12-03T09:00:00Z", "tool_name": tool, "tool_input": input})
    }

    #[test]
    fn maps_gemini_tools_to_actions() {
        let cases = [
            (
                call(
                    "run_shell_command",
                    json!({"command": "rm -rf x", "dir_path": "sub"}),
                ),
                json!([{"action": "bash.execute", "params": {"command": "rm -rf x", "dir_path": "sub", "workdir": "/w/sub"}}]),
            ),
            (
                call("write_file", json!({"file_path": ".env", "content": "A=1"})),
                json!([{"action": "file.write", "params": {"file_path": "/w/.env", "content": "A=1"}}]),
            ),
            (
                call(
                    "replace",
                    json!({"file_path": "/etc/hosts", "old_string": "a", "new_string": "b"}),
                ),
                json!([{"action": "file.edit", "params": {"file_path": "/etc/hosts", "old_string": "a", "new_string": "b"}}]),
            ),
            (
                call("read_file", json!({"file_path": "/home/u/.ssh/id_rsa"})),
                json!([{"action": "file.read", "params": {"file_path": "/home/u/.ssh/id_rsa"}}]),
            ),
            (
                call("read_many_files", json!({"include": ["src/*.rs", ".env"]})),
                json!([{"action": "file.read", "params": {"include": ["src/*.rs", ".env"], "file_path": "/w/src/*.rs"}},
                       {"action": "file.read", "params": {"include": ["src/*.rs", ".env"], "file_path": "/w/.env"}}]),
            ),
            (
                call("grep_search", json!({"pattern": "KEY", "dir_path": "/"})),
                json!([{"action": "file.grep", "params": {"pattern": "KEY", "dir_path": "/", "path": "/"}}]),
            ),
            (
                call("glob", json!({"pattern": "**/*.pem"})),
                json!([{"action": "file.glob", "params": {"pattern": "**/*.pem", "path": "/w"}}]),
            ),
            (
                call(
                    "web_fetch",
                    json!({"prompt": "compare https://a.example/x and (https://b.example)"}),
                ),
                json!([{"action": "web.fetch", "params": {"prompt": "compare https://a.example/x and (https://b.example)", "url": "https://a.example/x"}},
                       {"action": "web.fetch", "params": {"prompt": "compare https://a.example/x and (https://b.example)", "url": "https://b.example"}}]),
            ),
            (
                call("google_web_search", json!({"query": "q"})),
                json!([{"action": "web.search", "params": {"query": "q"}}]),
            ),
            (
                call("mcp_github_create_issue", json!({"title": "t"})),
                json!([{"action": "mcp.github.create_issue", "params": {"title": "t"}}]),
            ),
            (
                {
                    let mut c = call("mcp_my_srv_do_it", json!({}));
                    c["mcp_context"] = json!({"server_name": "my_srv", "tool_name": "do_it"});
                    c
                },
                json!([{"action": "mcp.my_srv.do_it", "params": {}}]),
            ),
            (
                call("write_todos", json!({})),
                json!([{"action": "tool.write_todos", "params": {}}]),
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(actions_of(payload.clone()).unwrap(), expected, "{payload}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_judge() {
        let cases = [
            (
                call("run_shell_command", json!({})),
                "`run_shell_command` call has no string `tool_input.command`",
            ),
            (
                call("write_file", json!({"content": "x"})),
                "`write_file` call has no string `tool_input.file_path`",
            ),
            (
                call("read_many_files", json!({"include": []})),
                "`read_many_files` call has no non-empty list of paths in `tool_input.include`",
            ),
            (
                {
                    let mut c = call("read_file", json!({"file_path": "rel"}));
                    c.as_object_mut().map(|o| o.remove("cwd"));
                    c
                },
                "relative path `rel` in a `read_file` call and no `cwd` in the payload",
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(actions_of(payload).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn recognises_its_payloads() {
        let object = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert!(is_payload(&object(call("read_file", json!({})))));
        assert!(is_payload(&object(json!({"hook_event_name": "AfterTool"}))));
        assert!(!is_payload(&object(
            json!({"hook_event_name": "PreToolUse"})
        )));
    }
}
