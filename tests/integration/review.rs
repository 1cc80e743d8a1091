//! Reviews: the terminal prompt driven through a pseudo-terminal (approve, reject, timeout and
//! its configured action), and what happens when no one can be asked.

use crate::support::Workspace;
use predicates::prelude::*;
use rexpect::session::spawn_command;
use serde_json::json;
use std::process::Command;

const REVIEW_POLICY: &str = "default: allow\nstatements:\n  - sid: AskSlack\n    effect: review\n    actions: [mcp.slack.*]\n    reason: posting to Slack is visible to the team\n";

/// `agsec check` on a plain action under a pseudo-terminal; returns the session.
fn spawn_check(ws: &Workspace) -> rexpect::session::PtySession {
    let payload = ws.root.path().join("payload.json");
    std::fs::write(
        &payload,
        json!({"action": "mcp.slack.post", "params": {"text": "hi"}}).to_string(),
    )
    .unwrap();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "{} check --agent plain --policy-dir {} < {}; echo \"EXIT=$?\"",
            env!("CARGO_BIN_EXE_agsec"),
            ws.policies().display(),
            payload.display()
        ))
        .env("AGSEC_AUDIT_DB", ws.audit_db())
        .env("NO_COLOR", "1")
        .env_remove("AGSEC_TTY");
    spawn_command(cmd, Some(10_000)).unwrap()
}

/// Waits for the exit code the shell wrapper prints.
fn exit_code(session: &mut rexpect::session::PtySession) -> i32 {
    let (_, code) = session.exp_regex(r"EXIT=\d+").unwrap();
    code.trim_start_matches("EXIT=").parse().unwrap()
}

#[test]
fn a_person_approves_at_the_terminal() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    let mut s = spawn_check(&ws);
    s.exp_string("policy: AskSlack").unwrap();
    s.exp_string("reason: posting to Slack is visible to the team")
        .unwrap();
    s.exp_string("Allow it? [y/N]").unwrap();
    s.send_line("y").unwrap();
    s.exp_string("Comment (optional)").unwrap();
    s.send_line("fine by me").unwrap();
    assert_eq!(exit_code(&mut s), 0);
}

#[test]
fn a_person_rejects_at_the_terminal() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    let mut s = spawn_check(&ws);
    s.exp_string("Allow it? [y/N]").unwrap();
    s.send_line("n").unwrap();
    s.exp_string("Comment (optional)").unwrap();
    s.send_line("not now").unwrap();
    s.exp_string("rejected by a person: not now").unwrap();
    assert_eq!(exit_code(&mut s), 2);
}

#[test]
fn an_unanswered_prompt_applies_the_timeout_action() {
    for (action, code) in [("reject", 2), ("approve", 0)] {
        let ws = Workspace::new();
        ws.policy("01.yaml", REVIEW_POLICY);
        std::fs::write(
            ws.path().join("agsec.yaml"),
            format!("review:\n  timeout: 1\n  timeout_action: {action}\n"),
        )
        .unwrap();
        let mut s = spawn_check(&ws);
        s.exp_string("Allow it? [y/N]").unwrap();
        s.exp_string("no answer in time").unwrap();
        assert_eq!(exit_code(&mut s), code, "timeout_action {action}");
    }
}

#[test]
fn without_a_terminal_a_plain_review_is_denied_with_a_reason() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    ws.check_plain(json!({"action": "mcp.slack.post"}), &[])
        .code(2)
        .stderr(
            predicate::str::contains("AskSlack")
                .and(predicate::str::contains("a person must approve")),
        );
}
