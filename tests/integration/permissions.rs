//! Permission lists (`permissions: {default, deny, ask, allow}`) compiled into statements and
//! judged like any other: bash patterns per simple command, file patterns on resolved paths.

use crate::support::Workspace;
use predicates::prelude::*;
use serde_json::json;

const LIST: &str = r#"
permissions:
  default: allow
  deny: ["write(**/.env*)", "bash(rm -rf**)", "Read(./secrets/**)"]
  ask: ["bash(git push:*)", "mcp__slack"]
  allow: ["read(**)"]
"#;

fn ws() -> Workspace {
    let ws = Workspace::new();
    ws.policy("01-perms.yaml", LIST);
    ws
}

#[test]
fn bash_patterns_match_each_simple_command_after_analysis() {
    let ws = ws();
    ws.check_claude(&ws.claude_bash("ls && bash -c 'rm -rf /tmp/x'"))
        .code(2)
        .stderr(predicate::str::contains("perm:deny:bash(rm -rf**)"));
    let out = ws
        .check_claude(&ws.claude_bash("cd src; git push origin feature"))
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("\"ask\""));
    ws.check_claude(&ws.claude_bash("git status"))
        .code(0)
        .stdout("");
}

#[test]
fn file_patterns_match_resolved_paths_for_file_tools_and_shell_commands() {
    let ws = ws();
    let env_path = format!("{}/sub/../.env.local", ws.root_str());
    ws.check_claude(&ws.claude("Write", json!({"file_path": env_path, "content": "x"})))
        .code(2)
        .stderr(predicate::str::contains("perm:deny:write(**/.env*)"));
    ws.check_claude(&ws.claude_bash("echo x > app/.env"))
        .code(2);
    ws.check_claude(&ws.claude(
        "Read",
        json!({"file_path": format!("{}/secrets/k", ws.root_str())}),
    ))
    .code(2)
    .stderr(predicate::str::contains("perm:deny:Read(./secrets/**)"));
    ws.check_claude(&ws.claude(
        "Read",
        json!({"file_path": format!("{}/src/lib.rs", ws.root_str())}),
    ))
    .code(0);
}

#[test]
fn mcp_servers_and_listing() {
    let ws = ws();
    let payload = ws.claude("mcp__slack__post_message", json!({"text": "hi"}));
    let out = ws
        .check_claude(&payload)
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("\"ask\""));
    ws.cmd().args(["policy", "list"]).assert().success().stdout(
        predicate::str::contains("perm:ask:mcp__slack")
            .and(predicate::str::contains("perm:allow:read(**)")),
    );
}

#[test]
fn bad_entries_are_load_errors_with_locations() {
    let ws = Workspace::new();
    ws.policy(
        "01.yaml",
        "permissions:\n  deny: [\"bash(ls\"]\n  allow: [x]\n  maybe: [y]\n",
    );
    ws.cmd()
        .arg("validate")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "01.yaml:4:3: unknown field `maybe`",
        ));
    ws.policy("01.yaml", "permissions:\n  deny: [\"bash(ls\"]\n");
    ws.cmd()
        .arg("validate")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "01.yaml:2:10: missing closing `)` in permission `bash(ls`",
        ));
}
