//! The audit trail under faults and tampering, through the binary: bad and torn journal lines,
//! a journal imported twice, cuts the hash chain cannot see (caught by the head witness), racing
//! review decisions, grants bound to their session, FIFOs where files belong, and checks killed
//! with SIGKILL at random while readers import.

use crate::support::Workspace;
use predicates::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The journal `check` appends to: `<db>.spool.jsonl`.
fn journal(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".spool.jsonl");
    PathBuf::from(name)
}

/// Every recorded summary, as `agsec audit --json --limit 0` reports them (importing first).
fn summaries(ws: &Workspace) -> Vec<String> {
    let out = ws
        .cmd()
        .args(["audit", "--json", "--limit", "0"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter()
        .map(|r| r["summary"].as_str().unwrap().to_owned())
        .collect()
}

fn verify(ws: &Workspace) -> (i32, Value) {
    let out = ws
        .cmd()
        .args(["audit", "verify", "--json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

#[test]
fn a_bad_journal_line_is_quarantined_and_every_later_record_imported() {
    let ws = Workspace::init();
    let db = ws.audit_db();
    ws.check_claude(&ws.claude_bash("echo 0")).code(0);
    // Bytes that are not UTF-8, a line that is not a record, and a torn record with no newline
    // (a check killed mid-write).
    let mut bytes = std::fs::read(journal(&db)).unwrap();
    bytes.extend_from_slice(b"\xff\xfe\xfd\n{\"not\": \"a record\"}\n{\"time\":\"2025-");
    std::fs::write(journal(&db), &bytes).unwrap();
    for i in 1..4 {
        ws.check_claude(&ws.claude_bash(&format!("echo {i}")))
            .code(0);
    }
    assert_eq!(summaries(&ws), ["echo 0", "echo 1", "echo 2", "echo 3"]);
    let (code, report) = verify(&ws);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["quarantined"], 3, "{report}");
    ws.cmd()
        .args(["audit", "verify"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 journal lines were not records and are kept in the store's quarantine",
        ));
}

#[test]
fn importing_the_same_journal_twice_duplicates_nothing() {
    let ws = Workspace::init();
    let db = ws.audit_db();
    for i in 0..3 {
        ws.check_claude(&ws.claude_bash(&format!("echo {i}")))
            .code(0);
    }
    // A reader killed after its commit and before it emptied the journal leaves the lines for
    // the next reader.
    let copy = std::fs::read(journal(&db)).unwrap();
    assert_eq!(summaries(&ws).len(), 3);
    std::fs::write(journal(&db), &copy).unwrap();
    assert_eq!(summaries(&ws), ["echo 0", "echo 1", "echo 2"]);
    assert_eq!(verify(&ws).0, 0);
}

#[test]
fn verify_catches_a_cut_tail_a_wipe_and_a_cut_prefix() {
    let set_head = "UPDATE meta SET value = (SELECT id || ' ' || hash FROM decisions \
                    WHERE id = (SELECT max(id) FROM decisions)) WHERE key = 'head'";
    let cases = [
        (
            format!("DELETE FROM decisions WHERE id > 3; {set_head}"),
            "rows 4 to 5 were removed from the end",
        ),
        (
            "DELETE FROM decisions; DELETE FROM meta WHERE key IN ('head', 'anchor')".to_owned(),
            "rows 1 to 5 were removed from the end",
        ),
        (
            "INSERT INTO meta (key, value) SELECT 'anchor', id || ' ' || hash FROM decisions \
             WHERE id = 2; DELETE FROM decisions WHERE id <= 2"
                .to_owned(),
            "rows 1 to 2 were removed from the start without `agsec audit prune`",
        ),
    ];
    for (sql, expected) in cases {
        let ws = Workspace::init();
        for i in 0..5 {
            ws.check_claude(&ws.claude_bash(&format!("echo {i}")))
                .code(0);
        }
        ws.cmd().args(["audit", "verify"]).assert().success();
        let conn = rusqlite::Connection::open(ws.audit_db()).unwrap();
        conn.execute_batch(&sql).unwrap();
        drop(conn);
        ws.cmd()
            .args(["audit", "verify"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(expected));
        // New records do not paper over it.
        ws.check_claude(&ws.claude_bash("echo later")).code(0);
        ws.cmd().args(["audit", "verify"]).assert().code(1);
    }
    // A real prune is not a cut.
    let ws = Workspace::init();
    for i in 0..3 {
        ws.check_claude(&ws.claude_bash(&format!("echo {i}")))
            .code(0);
    }
    ws.cmd()
        .args(["audit", "prune", "--older-than", "2099-01-01"])
        .assert()
        .success();
    ws.cmd()
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("intact: 0 records"));
    // Deleting the witness is reported, and a person can accept the store as it is.
    let mut witness = ws.audit_db().into_os_string();
    witness.push(".head");
    std::fs::remove_file(&witness).unwrap();
    ws.cmd()
        .args(["audit", "verify"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("the head witness is missing"));
    ws.cmd()
        .args(["audit", "verify", "--reset-witness"])
        .assert()
        .success();
    ws.cmd().args(["audit", "verify"]).assert().success();
}

const REVIEW_POLICY: &str = r#"
statements:
  - sid: AskSlack
    effect: review
    actions: ["mcp.slack.post"]
    reason: "posting to Slack needs a person"
"#;

fn codex_payload(ws: &Workspace, session: &str, text: &str) -> String {
    json!({"session_id": session, "turn_id": "t1", "model": "gpt-5.5", "cwd": ws.root_str(),
        "hook_event_name": "PreToolUse", "tool_name": "mcp__slack__post", "tool_input": {"text": text},
        "tool_use_id": "call_1"})
    .to_string()
}

/// The Codex reply to the call (`None`: allowed, empty stdout).
fn codex_check(ws: &Workspace, session: &str, text: &str) -> Option<Value> {
    let out = ws
        .check_raw(&codex_payload(ws, session, text), &["--agent", "codex"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    (!out.is_empty()).then(|| serde_json::from_slice(&out).unwrap())
}

fn queued_id(reply: &Value) -> String {
    let reason = reply["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap();
    let start = reason.find("agsec approve ").unwrap() + "agsec approve ".len();
    reason[start..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn a_grant_is_bound_to_its_session() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    let id = queued_id(&codex_check(&ws, "s1", "hello").unwrap());
    ws.cmd().args(["approve", &id]).assert().success();
    let elsewhere = codex_check(&ws, "s2", "hello").expect("another session is not granted");
    assert_eq!(
        elsewhere["hookSpecificOutput"]["permissionDecision"],
        "deny"
    );
    assert_eq!(codex_check(&ws, "s1", "hello"), None, "the session's grant");
}

#[test]
fn racing_review_decisions_give_exactly_one_success() {
    let ws = Workspace::new();
    ws.policy("01.yaml", REVIEW_POLICY);
    for round in 0..8 {
        let id = queued_id(&codex_check(&ws, "s1", &format!("call {round}")).unwrap());
        let second = if round % 2 == 0 { "approve" } else { "reject" };
        let racers: Vec<Child> = ["approve", second]
            .iter()
            .map(|verb| {
                Command::new(env!("CARGO_BIN_EXE_agsec"))
                    .args([verb, id.as_str()])
                    .env("HOME", ws.home())
                    .env("AGSEC_AUDIT_DB", ws.audit_db())
                    .current_dir(ws.path())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<_> = racers
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let wins = outputs.iter().filter(|o| o.status.success()).count();
        assert_eq!(wins, 1, "round {round}: {outputs:?}");
        let loser = outputs.iter().find(|o| !o.status.success()).unwrap();
        let said = String::from_utf8_lossy(&loser.stderr);
        assert!(
            said.contains(&format!("review {id} was already ")),
            "round {round}: {said}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_journal_or_store_is_an_error_at_once_never_a_hang() {
    let mkfifo = |path: &Path| {
        let made = Command::new("mkfifo").arg(path).status().unwrap();
        assert!(made.success());
    };
    let ws = Workspace::init();
    mkfifo(&journal(&ws.audit_db()));
    // The check still records (in the store) and answers.
    ws.cmd()
        .timeout(Duration::from_secs(20))
        .args(["check", "--agent", "claude-code"])
        .write_stdin(ws.claude_bash("echo hi").to_string())
        .assert()
        .code(0);
    ws.cmd()
        .timeout(Duration::from_secs(20))
        .args(["audit", "verify"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a FIFO, not a regular file"));

    let ws = Workspace::init();
    let db = ws.root.path().join("fifo.db");
    mkfifo(&db);
    ws.cmd()
        .timeout(Duration::from_secs(20))
        .env("AGSEC_AUDIT_DB", &db)
        .args(["audit"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a FIFO, not a regular file"));
}

/// A small deterministic generator (the seed is printed, so a failure can be replayed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn checks_killed_at_random_lose_and_duplicate_nothing() {
    let seed = std::env::var("AGSEC_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("AGSEC_KILL_SEED={seed}");
    let mut rng = Lcg(seed);
    let ws = Workspace::init();
    let policies = ws.policies();
    let spawn = |args: &[&str], stdin: Option<String>| -> Child {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_agsec"));
        cmd.args(args)
            .env("AGSEC_AUDIT_DB", ws.audit_db())
            .env("HOME", ws.home())
            .env("XDG_CACHE_HOME", ws.home().join(".cache"))
            .current_dir(ws.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        if let Some(text) = stdin {
            use std::io::Write;
            let mut pipe = child.stdin.take().unwrap();
            // A child killed before it read its input closes the pipe: not a test failure.
            let _ = pipe.write_all(text.as_bytes());
        }
        child
    };
    let policy_dir = policies.to_str().unwrap().to_owned();
    let mut decided = Vec::new();
    let mut killed = 0;
    let total = 160;
    for batch in 0..total / 10 {
        // Ten checks and two readers (each import may be killed between its commit and emptying
        // the journal) run at once; each is killed after a random delay unless done by then.
        let mut children: Vec<(Option<usize>, Child)> = (0..10)
            .map(|k| {
                let i = batch * 10 + k;
                let payload = ws.claude_bash(&format!("echo {i}")).to_string();
                let args = [
                    "check",
                    "--agent",
                    "claude-code",
                    "--policy-dir",
                    &policy_dir,
                ];
                (Some(i), spawn(&args, Some(payload)))
            })
            .collect();
        for _ in 0..2 {
            children.push((None, spawn(&["audit", "verify"], None)));
        }
        let started = Instant::now();
        for (call, mut child) in children {
            let at = Duration::from_millis(rng.below(80));
            if let Some(wait) = at.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
            let _ = child.kill();
            let status = child.wait().unwrap();
            match call {
                Some(i) if status.success() => decided.push(i),
                Some(_) if status.code().is_none() => killed += 1,
                Some(i) => panic!("check {i} failed on its own: {status:?}"),
                None => {}
            }
        }
    }
    eprintln!("{} decided, {killed} killed", decided.len());
    let (code, report) = verify(&ws);
    assert_eq!(code, 0, "seed {seed}: {report}");
    let mut rows: BTreeMap<String, usize> = BTreeMap::new();
    for summary in summaries(&ws) {
        *rows.entry(summary).or_default() += 1;
    }
    let duplicated: Vec<_> = rows.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        duplicated.is_empty(),
        "seed {seed}: duplicated {duplicated:?}"
    );
    let lost: Vec<usize> = decided
        .iter()
        .copied()
        .filter(|i| !rows.contains_key(&format!("echo {i}")))
        .collect();
    assert!(lost.is_empty(), "seed {seed}: lost {lost:?}");
    assert!(
        rows.len() >= decided.len(),
        "seed {seed}: {} rows for {} decided calls",
        rows.len(),
        decided.len()
    );
}

#[test]
fn doctor_reports_a_missing_head_witness_and_quarantined_lines() {
    let ws = Workspace::init();
    ws.cmd().args(["install", "claude-code"]).assert().success();
    let db = ws.audit_db();
    ws.check_claude(&ws.claude_bash("echo 0")).code(0);
    let mut bytes = std::fs::read(journal(&db)).unwrap();
    bytes.extend_from_slice(b"\xff torn\n");
    std::fs::write(journal(&db), &bytes).unwrap();
    ws.cmd().args(["audit", "verify"]).assert().success();
    let doctor = || {
        let out = ws
            .cmd()
            .env("SHELL", "/bin/sh")
            .args(["doctor", "--json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let checks: Vec<(String, String, String)> = report["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["checks"].as_array().cloned().unwrap_or_default())
            .filter(|c| c["name"].as_str().unwrap_or_default().starts_with("audit-"))
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_owned(),
                    c["status"].as_str().unwrap().to_owned(),
                    c["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (out.status.code().unwrap(), checks, report)
    };
    let (_, checks, report) = doctor();
    let quarantine = checks
        .iter()
        .find(|c| c.0 == "audit-quarantine")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(quarantine.1, "warn");
    assert!(
        quarantine.2.starts_with("1 journal lines were not records")
            && quarantine
                .2
                .contains(&format!("at byte {}", bytes.len() - 7)),
        "{}",
        quarantine.2
    );
    assert!(!checks.iter().any(|c| c.0 == "audit-witness"), "{checks:?}");
    let mut witness = db.into_os_string();
    witness.push(".head");
    std::fs::remove_file(&witness).unwrap();
    let (code, checks, _) = doctor();
    assert_eq!(code, 1);
    assert!(
        checks.contains(&(
            "audit-witness".to_owned(),
            "fail".to_owned(),
            "the audit store disagrees with its head witness: the head witness is missing"
                .to_owned()
        )),
        "{checks:?}"
    );
}

#[test]
fn the_decision_log_keeps_checkpoints_that_verify_compares() {
    let ws = Workspace::init();
    let log = ws.root.path().join("decisions.jsonl");
    std::fs::write(
        ws.path().join("agsec.yaml"),
        format!("audit:\n  jsonl_log: {}\n", log.display()),
    )
    .unwrap();
    for i in 0..4 {
        ws.check_claude(&ws.claude_bash(&format!("echo {i}")))
            .code(0);
    }
    ws.cmd().args(["audit", "verify"]).assert().success();
    let text = std::fs::read_to_string(&log).unwrap();
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("{\"agsec_checkpoint\":{\"anchor\":[0,"),
        "{last}"
    );
    // Someone who can write the store and the witness beside it cuts the tail and makes both
    // agree; the log's checkpoint still names row 4.
    let conn = rusqlite::Connection::open(ws.audit_db()).unwrap();
    conn.execute_batch(
        "DELETE FROM decisions WHERE id > 2; UPDATE meta SET value = (SELECT id || ' ' || hash \
         FROM decisions WHERE id = 2) WHERE key = 'head'",
    )
    .unwrap();
    let head: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'head'", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(conn);
    let mut witness = ws.audit_db().into_os_string();
    witness.push(".head");
    let text = std::fs::read_to_string(&witness).unwrap();
    let forged: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("head ") {
                format!("head {head}")
            } else {
                l.to_owned()
            }
        })
        .collect();
    std::fs::write(&witness, forged.join("\n") + "\n").unwrap();
    // From the project, whose settings name the log, and from anywhere else: the store
    // remembers which log holds its checkpoints.
    for dir in [ws.path(), ws.home()] {
        ws.cmd()
            .current_dir(&dir)
            .args(["audit", "verify"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(format!(
                "by the last checkpoint in `{}`: rows 3 to 4 were removed from the end",
                log.display()
            )));
    }
}
