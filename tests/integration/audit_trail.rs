//! What `agsec check` records: one row per decision, secrets redacted, and nothing lost when
//! hundreds of checks run at once.

use crate::support::Workspace;
use agsec::agents::{Agent, CallMeta};
use agsec::audit::{AuditStore, Filter, IMPORT_BYTES, NewRecord, Outcome, Recorded, Recorder};
use agsec::{Effect, MatchedBy};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

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
    // First in the journal, then (once a reader imported it) in the store.
    let journal = std::fs::read_to_string(journal(&ws)).unwrap();
    assert_eq!(journal.lines().count(), 2);
    assert!(!journal.contains(key), "the key is in the journal");
    let store = AuditStore::open(&ws.audit_db()).unwrap();
    assert_eq!(store.count().unwrap(), 2);
    drop(store);
    let bytes = std::fs::read(ws.audit_db()).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(key), "the key is in the store");
}

/// The journal `check` appends to: `<db>.spool.jsonl`.
fn journal(ws: &Workspace) -> PathBuf {
    let mut name = ws.audit_db().into_os_string();
    name.push(".spool.jsonl");
    PathBuf::from(name)
}

#[test]
fn check_appends_to_the_journal_and_readers_see_every_record() {
    let ws = Workspace::init();
    for i in 0..3 {
        ws.check_claude(&ws.claude_bash(&format!("echo {i}")))
            .code(0);
    }
    assert!(!ws.audit_db().exists(), "check opened the store");
    let text = std::fs::read_to_string(journal(&ws)).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    // `agsec audit` imports the journal before it reads.
    let out = ws.cmd().args(["audit", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let summaries: Vec<&str> = rows
        .iter()
        .map(|r| r["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["echo 0", "echo 1", "echo 2"]);
    assert!(!journal(&ws).exists());
    ws.cmd().args(["audit", "verify"]).assert().success();
}

#[test]
fn check_imports_a_journal_that_grew_large() {
    let ws = Workspace::init();
    let db = ws.audit_db();
    // Fill the journal past the import threshold without importing it.
    let filler = Recorder::new(&db).import_when(u64::MAX, Duration::MAX);
    let mut n = 0;
    while std::fs::metadata(journal(&ws)).map_or(0, |m| m.len()) < IMPORT_BYTES {
        let rec = NewRecord {
            time: jiff::Timestamp::now(),
            meta: CallMeta {
                agent: Agent::ClaudeCode,
                session_id: None,
                tool_use_id: None,
                cwd: None,
                tool_name: "Bash".into(),
                action: "bash.execute".into(),
            },
            params: serde_json::json!({"command": format!("filler {n}")}),
            decision: Effect::Allow,
            outcome: Outcome::Allow,
            sid: None,
            reason: None,
            matched_by: MatchedBy::Default,
            duration_us: 1,
            review: None,
        };
        assert!(matches!(
            filler.record(&rec).unwrap(),
            Recorded::Journaled(_)
        ));
        n += 1;
    }
    assert!(!db.exists());
    ws.check_claude(&ws.claude_bash("ls -la")).code(0);
    assert!(!journal(&ws).exists(), "check did not import the journal");
    let store = AuditStore::open(&db).unwrap();
    assert_eq!(store.count().unwrap(), n + 1);
    assert!(store.verify().unwrap().problem.is_none());
    let last = store
        .query(&Filter {
            limit: Some(1),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(last[0].summary, "ls -la");
}

#[test]
fn an_unwritable_journal_falls_back_to_the_store_then_to_the_cache_spool() {
    let ws = Workspace::init();
    let cache = ws.home().join("cache");
    let check = |command: &str| {
        ws.cmd()
            .env("XDG_CACHE_HOME", &cache)
            .args(["check", "--agent", "claude-code"])
            .write_stdin(ws.claude_bash(command).to_string())
            .assert()
    };
    // The journal's name is taken by a directory: the store is written directly.
    std::fs::create_dir(journal(&ws)).unwrap();
    check("echo direct").code(0);
    assert!(ws.audit_db().exists());
    std::fs::remove_dir(journal(&ws)).unwrap();

    // The store moves under a regular file: only the cache spool can take the record.
    let db = ws.root.path().join("file/audit.db");
    std::fs::write(ws.root.path().join("file"), "").unwrap();
    ws.cmd()
        .env("XDG_CACHE_HOME", &cache)
        .env("AGSEC_AUDIT_DB", &db)
        .args(["check", "--agent", "claude-code"])
        .write_stdin(ws.claude_bash("echo spooled").to_string())
        .assert()
        .code(0);
    let spools: Vec<PathBuf> = std::fs::read_dir(cache.join("agsec/spool"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(spools.len(), 1, "{spools:?}");
    let text = std::fs::read_to_string(&spools[0]).unwrap();
    assert!(text.contains("echo spooled"), "{text}");

    // Nothing can be written: the call is denied, saying why.
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::write(&cache, "").unwrap();
    ws.cmd()
        .env("XDG_CACHE_HOME", &cache)
        .env("AGSEC_AUDIT_DB", &db)
        .args(["check", "--agent", "claude-code"])
        .write_stdin(ws.claude_bash("echo lost").to_string())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "agsec denied this call: the decision could not be recorded in the audit log",
        ));
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

#[test]
fn decisions_are_shipped_as_json_lines_when_configured() {
    let ws = Workspace::init();
    let log = ws.root.path().join("ship.jsonl");
    std::fs::write(
        ws.path().join("agsec.yaml"),
        format!("audit:\n  jsonl_log: {}\n", log.display()),
    )
    .unwrap();
    ws.check_claude(&ws.claude_bash("git push --force origin main"))
        .code(2);
    ws.check_claude(&ws.claude_bash("echo ghp_abcdefghijklmnopqrstuvwxyz0123456789"))
        .code(0);
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["decision"], "deny");
    assert_eq!(lines[0]["sid"], "DenyForcePush");
    assert!(
        !text.contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        "{text}"
    );
}
