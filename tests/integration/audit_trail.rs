//! What `agsec check` records: one row per decision, secrets redacted, and nothing lost when
//! hundreds of checks run at once.

use crate::support::Workspace;
use agsec::audit::{AuditStore, Filter};
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn every_check_is_recorded_with_its_decision() {
    let ws = Workspace::init();
    ws.check_claude(&ws.claude_bash("git push --force origin main"))
        .code(2);
    ws.check_claude(&ws.claude_bash("ls -la")).code(0);
    let store = AuditStore::open(&ws.audit_db()).unwrap();
    let rows = store.query(&Filter::default()).unwrap();
    assert_eq!(rows.len(), 2);
    let denied = rows
        .iter()
        .find(|r| r.outcome.as_str() == "deny")
        .expect("a denied row");
    assert_eq!(denied.action, "bash.execute");
    assert_eq!(denied.agent, "claude-code");
    assert_eq!(denied.tool_use_id.as_deref(), Some("toolu_test_0001"));
    assert!(denied.sid.is_some());
}

#[test]
fn secrets_never_reach_the_store() {
    let ws = Workspace::init();
    let key = "AKIAIOSFODNN7EXAMPLE";
    ws.check_claude(&ws.claude_bash(&format!("echo {key} > /dev/null")))
        .code(0);
    let write = ws.claude(
        "Write",
        serde_json::json!({"file_path": format!("{}/src/x.rs", ws.root_str()), "content": format!("const K: &str = \"{key}\";")}),
    );
    ws.check_claude(&write).code(0);
    let bytes = std::fs::read(ws.audit_db()).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(key), "the key is in the store");
    let store = AuditStore::open(&ws.audit_db()).unwrap();
    assert_eq!(store.count().unwrap(), 2);
}

#[test]
fn two_hundred_concurrent_checks_are_all_recorded_in_one_chain() {
    let ws = Workspace::init();
    let policies = ws.policies();
    let mut children = Vec::new();
    for i in 0..200 {
        let payload = ws.claude_bash(&format!("echo {i}")).to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_agsec"))
            .args(["check", "--agent", "claude-code", "--policy-dir"])
            .arg(&policies)
            .env("AGSEC_AUDIT_DB", ws.audit_db())
            .env("HOME", ws.home())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(payload.as_bytes())
            .unwrap();
        children.push(child);
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = AuditStore::open(&ws.audit_db()).unwrap();
    assert_eq!(store.count().unwrap(), 200);
    let verification = store.verify().unwrap();
    assert!(verification.problem.is_none(), "{verification:?}");
}
