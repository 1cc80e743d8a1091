//! `agsec check`: decisions, each agent's reply, policy location, plain actions and `--json`.

use crate::support::{Workspace, agsec, shared_dir};
use predicates::prelude::*;
use serde_json::{Value, json};
use std::path::PathBuf;

fn fixture(name: &str) -> Value {
    let path = shared_dir().join("fixtures/claude-code").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn plain_action_json_names_the_deciding_statement() {
    let ws = Workspace::new();
    ws.policy(
        "01.yaml",
        r#"
default: allow
statements:
  - sid: NoSlack
    effect: deny
    actions: ["mcp.slack.*"]
    reason: "no slack"
"#,
    );
    let out = ws
        .check_plain(
            json!({"action": "mcp.slack.post", "params": {"text": "hi"}}),
            &["--json"],
        )
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v,
        json!({"decision": "deny", "sid": "NoSlack", "reason": "no slack", "matched_by": "explicit_deny"})
    );
    ws.check_plain(json!({"action": "mcp.github.read"}), &["--json"])
        .code(0)
        .stdout(predicate::str::contains(r#""matched_by":"default""#));
}

#[test]
fn plain_action_without_json_uses_exit_codes() {
    let ws = Workspace::new();
    ws.policy(
        "01.yaml",
        "default: deny\nstatements:\n  - sid: A\n    effect: allow\n    actions: [ok.*]\n",
    );
    ws.check_plain(json!({"action": "ok.go"}), &[])
        .code(0)
        .stdout("");
    ws.check_plain(json!({"action": "no.go"}), &[])
        .code(2)
        .stderr(predicate::str::contains("agsec blocked"));
}

#[test]
fn claude_code_fixtures_get_the_intended_decisions() {
    let ws = Workspace::init();
    // The fixtures' paths point at /home/dev/project; run them in our workspace instead.
    let cases = [
        ("pretooluse-Read.json", 0, ""),
        ("pretooluse-Write.json", 0, ""),
        ("pretooluse-Edit.json", 0, ""),
        ("pretooluse-WebFetch.json", 0, ""),
        ("pretooluse-Bash.json", 0, ""),
    ];
    for (name, code, stdout) in cases {
        let mut payload = fixture(name);
        let text = serde_json::to_string(&payload)
            .unwrap()
            .replace("/home/dev/project", &ws.root_str());
        payload = serde_json::from_str(&text).unwrap();
        ws.check_claude(&payload).code(code).stdout(stdout);
    }
}

#[test]
fn claude_code_deny_is_exit_2_with_the_reason_on_stderr() {
    let ws = Workspace::init();
    let payload = ws.claude_bash("rm -rf ~");
    ws.check_claude(&payload)
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "[policy DenyDeleteOutsideWorkspace]",
        ));
}

#[test]
fn claude_code_review_asks_through_claude_codes_prompt() {
    let ws = Workspace::init();
    let payload = ws.claude_bash("echo $(date) | sh");
    let out = ws
        .check_claude(&payload)
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "ask");
    assert_eq!(v["hookSpecificOutput"]["hookEventName"], "PreToolUse");
}

#[test]
fn policy_dir_is_found_from_the_payload_cwd() {
    let ws = Workspace::init();
    let sub = ws.path().join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let payload = json!({"session_id": "s", "cwd": sub, "hook_event_name": "PreToolUse",
        "tool_name": "Bash", "tool_input": {"command": "git push --force"}, "tool_use_id": "toolu_1"});
    agsec()
        .args(["check", "--agent", "claude-code"])
        .env("AGSEC_AUDIT_DB", ws.root.path().join("audit.db"))
        .current_dir("/")
        .write_stdin(payload.to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("DenyForcePush"));
}

#[test]
fn embedded_defaults_need_no_policy_directory() {
    let dir = tempfile::tempdir().unwrap();
    let payload = json!({"cwd": dir.path(), "tool_name": "Bash", "tool_input": {"command": "rm -rf /"}, "session_id": "s"});
    agsec()
        .args(["check", "--defaults", "--agent", "claude-code"])
        .env("AGSEC_AUDIT_DB", dir.path().join("audit.db"))
        .write_stdin(payload.to_string())
        .assert()
        .code(2);
}

#[test]
fn approve_allowed_answers_claude_code_with_an_explicit_allow() {
    let ws = Workspace::init();
    std::fs::write(
        ws.path().join("agsec.yaml"),
        "claude_code:\n  approve_allowed: true\n",
    )
    .unwrap();
    let out = ws
        .check_claude(&ws.claude_bash("ls -la"))
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "allow");
    // Denials are unchanged, and Codex never gets a bare allow.
    ws.check_claude(&ws.claude_bash("rm -rf ~")).code(2);
    let mut codex = ws.claude_bash("ls");
    codex["turn_id"] = json!("t");
    codex["model"] = json!("gpt-5.5");
    ws.check_raw(&codex.to_string(), &["--agent", "codex"])
        .code(0)
        .stdout("");
}

#[test]
fn a_shell_tools_own_workdir_resolves_relative_paths() {
    let ws = Workspace::init();
    let payload = json!({"session_id": "s", "turn_id": "t", "model": "gpt-5.5", "cwd": ws.root_str(),
        "hook_event_name": "PreToolUse", "tool_name": "exec_command",
        "tool_input": {"cmd": "rm -rf build", "workdir": "/"}, "tool_use_id": "call_1"});
    let out = ws
        .check_raw(&payload.to_string(), &["--agent", "codex"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v["hookSpecificOutput"]["permissionDecision"], "deny",
        "rm -rf /build is outside the workspace"
    );
    let inside = payload.to_string().replace(
        "\"workdir\":\"/\"",
        &format!("\"workdir\":\"{}\"", ws.root_str()),
    );
    ws.check_raw(&inside, &["--agent", "codex"])
        .code(0)
        .stdout("");
}

#[test]
fn payload_cwd_must_be_an_existing_absolute_directory() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone");
    for (cwd, why) in [
        (Value::from(""), "is empty"),
        (Value::from("proj/sub"), "is not an absolute path"),
        (
            Value::from(missing.display().to_string()),
            "is not an existing directory",
        ),
        (Value::from(format!("/{}", "x".repeat(5000))), "longer than"),
    ] {
        let payload = json!({"cwd": cwd, "tool_name": "Bash", "tool_input": {"command": "ls"}, "session_id": "s"});
        agsec()
            .args(["check", "--defaults", "--agent", "claude-code"])
            .env("AGSEC_AUDIT_DB", dir.path().join("audit.db"))
            .write_stdin(payload.to_string())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why));
    }
}

#[test]
fn root_or_home_as_cwd_is_never_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("node_modules")).unwrap();
    for (cwd, command) in [
        (home.clone(), "rm -rf node_modules"),
        (PathBuf::from("/"), "rm -rf tmp/agsec-nothing-here"),
    ] {
        let payload = json!({"cwd": cwd, "tool_name": "Bash", "tool_input": {"command": command}, "session_id": "s"});
        agsec()
            .args(["check", "--defaults", "--agent", "claude-code"])
            .env("HOME", &home)
            .env("AGSEC_AUDIT_DB", dir.path().join("audit.db"))
            .write_stdin(payload.to_string())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("outside the workspace"));
    }
}
