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
            predicate::str::contains("AskSlack").and(predicate::str::contains("agsec approve 1")),
        );
}

/// A Codex payload for an MCP call the policy sends to review.
fn codex_payload(ws: &Workspace, text: &str) -> String {
    json!({"session_id": "s1", "turn_id": "t1", "model": "gpt-5.5", "cwd": ws.root_str(),
        "hook_event_name": "PreToolUse", "tool_name": "mcp__slack__post", "tool_input": {"text": text},
        "tool_use_id": "call_1"})
    .to_string()
}

fn codex_check(ws: &Workspace, text: &str) -> serde_json::Value {
    let out = ws
        .check_raw(&codex_payload(ws, text), &["--agent", "codex"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    if out.is_empty() {
        json!(null)
    } else {
        serde_json::from_slice(&out).unwrap()
    }
}

fn queued_id(reply: &serde_json::Value) -> String {
    let reason = reply["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap();
    let start = reason
        .find("agsec approve ")
        .expect("approve command in reason")
        + "agsec approve ".len();
    reason[start..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn codex_review_is_queued_and_an_approval_lets_the_same_call_through_once() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    let first = codex_check(&ws, "hello");
    assert_eq!(first["hookSpecificOutput"]["permissionDecision"], "deny");
    let id = queued_id(&first);
    ws.cmd().args(["pending"]).assert().success().stdout(
        predicate::str::contains("AskSlack").and(predicate::str::contains("mcp.slack.post")),
    );
    // A different call is not covered by the approval.
    ws.cmd()
        .args(["approve", &id, "--reason", "ok once"])
        .assert()
        .success();
    // The person's decision is in the audit log, with the comment.
    let out = ws
        .cmd()
        .args(["audit", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let decided = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["review"]["by"] == "person")
        .expect("a row for the person's approval");
    assert_eq!(decided["review"]["comment"], "ok once");
    assert_eq!(decided["outcome"], "allow");
    assert_eq!(
        codex_check(&ws, "something else")["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
    assert_eq!(
        codex_check(&ws, "hello"),
        json!(null),
        "approved call passes (empty stdout)"
    );
    assert_eq!(
        codex_check(&ws, "hello")["hookSpecificOutput"]["permissionDecision"],
        "deny",
        "only once"
    );
    ws.cmd()
        .args(["approve", &id])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "review {id} was already used"
        )));
}

#[test]
fn a_rejected_review_stays_denied() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    let id = queued_id(&codex_check(&ws, "x"));
    ws.cmd()
        .args(["reject", &id, "--reason", "no"])
        .assert()
        .success();
    assert_eq!(
        codex_check(&ws, "x")["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
    ws.cmd()
        .args(["pending", "--all", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"rejected\""));
}

#[test]
fn an_expired_approval_grants_nothing() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    std::fs::write(ws.path().join("agsec.yaml"), "review:\n  grant_expiry: 0\n").unwrap();
    let id = queued_id(&codex_check(&ws, "x"));
    ws.cmd().args(["approve", &id]).assert().success();
    assert_eq!(
        codex_check(&ws, "x")["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
}

#[test]
fn in_wait_mode_the_call_is_held_until_a_person_decides() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    std::fs::write(
        ws.path().join("agsec.yaml"),
        "review:\n  when_no_one_to_ask: wait\n  timeout: 20\n",
    )
    .unwrap();
    let db = ws.audit_db();
    let approver = std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let store = agsec::audit::AuditStore::open(&db).unwrap();
            if let Some(row) = store.pending(false).unwrap().first() {
                let mut store = store;
                store
                    .decide(
                        row.id,
                        true,
                        Some("go"),
                        jiff::SignedDuration::from_secs(60),
                    )
                    .unwrap()
                    .unwrap();
                return;
            }
            assert!(std::time::Instant::now() < deadline, "nothing was queued");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    });
    assert_eq!(codex_check(&ws, "held"), json!(null));
    approver.join().unwrap();
}

#[test]
fn in_wait_mode_a_timeout_applies_the_timeout_action() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    std::fs::write(
        ws.path().join("agsec.yaml"),
        "review:\n  when_no_one_to_ask: wait\n  timeout: 1\n",
    )
    .unwrap();
    assert_eq!(
        codex_check(&ws, "x")["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
}
