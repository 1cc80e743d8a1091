//! Codex's PreToolUse protocol: shell tools (under any of their names) as `bash.execute`,
//! `apply_patch` as one file action per path, everything else through Claude Code's table; and
//! the reply Codex understands, which fails open on anything but a strictly valid deny.

mod patch;

use super::claude_code;
use super::error::PayloadError;
use super::payload::HookPayload;
use super::{Outcome, Reply};
use crate::action::Action;
use patch::FileOp;
use serde_json::{Map, Value};
use std::path::Path;

/// Tool names Codex has used for running a shell command.
pub(super) const SHELL_TOOLS: &[&str] = &[
    "Bash",
    "exec_command",
    "shell",
    "local_shell",
    "unified_exec",
    "shell_command",
    "container.exec",
];

/// `tool_input` fields that may hold a shell command, in the order they are tried.
const COMMAND_FIELDS: &[&str] = &["command", "cmd"];

/// `tool_input` fields that may hold an `apply_patch` text, in the order they are tried.
const PATCH_FIELDS: &[&str] = &["command", "input", "patch"];

/// The actions of a Codex tool call (several for a patch touching several files).
pub(crate) fn actions(payload: &HookPayload<'_>) -> Result<Vec<Action>, PayloadError> {
    let tool = payload.tool_name;
    if SHELL_TOOLS.contains(&tool) {
        return Ok(vec![shell_action(payload)?]);
    }
    if tool == "apply_patch" {
        return patch_actions(payload);
    }
    Ok(vec![claude_code::action(payload)?])
}

fn shell_action(payload: &HookPayload<'_>) -> Result<Action, PayloadError> {
    let command = COMMAND_FIELDS
        .iter()
        .find_map(|field| payload.shell_command(field))
        .ok_or_else(|| PayloadError::MissingField {
            tool: payload.tool_name.to_owned(),
            field: "command",
            expected: "string (or `cmd`)",
        })??;
    let mut params = payload.tool_input.clone();
    params.insert("command".to_owned(), Value::from(command));
    Ok(Action {
        name: "bash.execute".to_owned(),
        params,
        context: payload.context.clone(),
    })
}

fn patch_actions(payload: &HookPayload<'_>) -> Result<Vec<Action>, PayloadError> {
    let text = PATCH_FIELDS
        .iter()
        .find_map(|field| payload.tool_input.get(*field).and_then(Value::as_str))
        .ok_or_else(|| PayloadError::MissingField {
            tool: payload.tool_name.to_owned(),
            field: "command",
            expected: "patch text in",
        })?;
    patch_actions_of(text, payload)
}

/// The file actions of an `apply_patch` text (Codex's, and Cline's `apply_patch` tool).
pub(crate) fn patch_actions_of(
    text: &str,
    payload: &HookPayload<'_>,
) -> Result<Vec<Action>, PayloadError> {
    let ops = patch::parse(text).map_err(|err| PayloadError::MalformedPatch {
        line: err.line,
        message: err.message,
    })?;
    let resolve = |path: &str| resolve(path, payload.cwd);
    let action = |name: &str, params: Map<String, Value>| Action {
        name: name.to_owned(),
        params,
        context: payload.context.clone(),
    };
    let mut actions = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            FileOp::Add { path, content } => {
                let params = object([("file_path", resolve(&path)?), ("content", content)]);
                actions.push(action("file.write", params));
            }
            FileOp::Update {
                path,
                move_to: None,
                hunks,
            } => {
                let params = object([("file_path", resolve(&path)?), ("patch", hunks)]);
                actions.push(action("file.edit", params));
            }
            // A rename removes the source and writes the destination (with the hunks applied).
            FileOp::Update {
                path,
                move_to: Some(dest),
                hunks,
            } => {
                let (source, dest) = (resolve(&path)?, resolve(&dest)?);
                let delete = object([("file_path", source.clone()), ("moved_to", dest.clone())]);
                actions.push(action("file.delete", delete));
                let write = object([
                    ("file_path", dest),
                    ("moved_from", source),
                    ("patch", hunks),
                ]);
                actions.push(action("file.write", write));
            }
            FileOp::Delete { path } => {
                let params = object([("file_path", resolve(&path)?)]);
                actions.push(action("file.delete", params));
            }
        }
    }
    Ok(actions)
}

/// A patch path made absolute against `cwd` (lexically: the engine normalises `..` and links).
fn resolve(path: &str, cwd: Option<&str>) -> Result<String, PayloadError> {
    if Path::new(path).is_absolute() {
        return Ok(path.to_owned());
    }
    match cwd {
        Some(cwd) => Ok(Path::new(cwd).join(path).to_string_lossy().into_owned()),
        None => Err(PayloadError::RelativePathWithoutCwd {
            path: path.to_owned(),
        }),
    }
}

fn object<const N: usize>(fields: [(&str, String); N]) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(key, value)| (key.to_owned(), Value::from(value)))
        .collect()
}

/// Codex's reply. Allow is exit 0 with nothing on stdout; deny is the one JSON form Codex is sure
/// to enforce (a `deny` with a non-empty reason); Codex has no `ask`, so a review is a deny whose
/// reason says a person must approve.
pub(crate) fn reply(outcome: &Outcome) -> Reply {
    // Codex counts a bare `allow` as a hook failure: an explicit approval is silence too.
    let Some(reason) = super::stopping_reason(outcome) else {
        return Reply::silent(0);
    };
    Reply {
        exit_code: 0,
        stdout: claude_code::pre_tool_use_json("deny", &reason),
        stderr: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::Agent;
    use serde_json::json;

    fn actions_of(payload: Value) -> Result<Vec<Value>, PayloadError> {
        let Value::Object(object) = payload else {
            unreachable!()
        };
        let actions = actions(&HookPayload::read(Agent::Codex, &object)?)?;
        Ok(actions
            .into_iter()
            .map(|a| json!({"action": a.name, "params": a.params}))
            .collect())
    }

    #[test]
    fn shell_tools_become_bash_execute() {
        let cases = [
            ("Bash", json!({"command": "ls -la"}), "ls -la"),
            (
                "exec_command",
                json!({"cmd": "echo hi", "workdir": "/w"}),
                "echo hi",
            ),
            (
                "shell",
                json!({"command": ["bash", "-lc", "rm -rf /"]}),
                "bash -lc 'rm -rf /'",
            ),
            ("local_shell", json!({"command": ["ls"]}), "ls"),
            ("unified_exec", json!({"cmd": "pwd"}), "pwd"),
        ];
        for (tool, input, command) in cases {
            let got = actions_of(json!({"tool_name": tool, "tool_input": input, "turn_id": "t"}))
                .unwrap();
            assert_eq!(got.len(), 1);
            assert_eq!(got[0]["action"], "bash.execute", "tool `{tool}`");
            assert_eq!(got[0]["params"]["command"], command, "tool `{tool}`");
        }
        let err = actions_of(json!({"tool_name": "exec_command", "tool_input": {"argv": "x"}}));
        assert_eq!(
            err.unwrap_err().to_string(),
            "`exec_command` call has no string (or `cmd`) `tool_input.command`"
        );
    }

    #[test]
    fn apply_patch_becomes_one_action_per_file() {
        let patch = "*** Begin Patch\n*** Add File: new.txt\n+hi\n*** Update File: /abs/f\n@@\n-a\n+b\n*** Delete File: ../gone\n*** Update File: src/a.rs\n*** Move to: src/b.rs\n@@\n-x\n+y\n*** End Patch";
        let got = actions_of(json!({
            "tool_name": "apply_patch", "cwd": "/w", "tool_input": {"command": patch}
        }))
        .unwrap();
        assert_eq!(
            Value::Array(got),
            json!([
                {"action": "file.write", "params": {"file_path": "/w/new.txt", "content": "hi\n"}},
                {"action": "file.edit", "params": {"file_path": "/abs/f", "patch": "@@\n-a\n+b\n"}},
                {"action": "file.delete", "params": {"file_path": "/w/../gone"}},
                {"action": "file.delete", "params": {"file_path": "/w/src/a.rs", "moved_to": "/w/src/b.rs"}},
                {"action": "file.write", "params": {"file_path": "/w/src/b.rs", "moved_from": "/w/src/a.rs", "patch": "@@\n-x\n+y\n"}},
            ])
        );
    }

    #[test]
    fn apply_patch_errors() {
        let cases = [
            (
                json!({"tool_name": "apply_patch", "cwd": "/w", "tool_input": {"input": "*** Begin Patch\n*** End Patch"}}),
                "malformed apply_patch at line 2: patch changes no file",
            ),
            (
                json!({"tool_name": "apply_patch", "tool_input": {"patch": "*** Begin Patch\n*** Delete File: rel\n*** End Patch"}}),
                "relative path `rel` in apply_patch and no `cwd` in the payload",
            ),
            (
                json!({"tool_name": "apply_patch", "cwd": "/w", "tool_input": {"command": ["apply_patch"]}}),
                "`apply_patch` call has no patch text in `tool_input.command`",
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(actions_of(payload).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn other_tools_use_claude_code_names() {
        let got = actions_of(json!({"tool_name": "mcp__gh__create_issue", "tool_input": {"t": 1}}))
            .unwrap();
        assert_eq!(
            got,
            vec![json!({"action": "mcp.gh.create_issue", "params": {"t": 1}})]
        );
        let got = actions_of(json!({"tool_name": "view_image", "tool_input": {}})).unwrap();
        assert_eq!(got[0]["action"], "tool.view_image");
    }
}
