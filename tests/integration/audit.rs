//! `agsec audit` through the binary: stores populated with `agsec::audit`, then every filter,
//! format, `--json` shape, `verify` exit code and the missing-store and error messages.

use crate::support::agsec;
use agsec::agents::CallMeta;
use agsec::audit::{AuditStore, NewRecord, Outcome, ReviewInfo, Reviewer};
use agsec::{Effect, MatchedBy};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// agent, action, decision, outcome, sid, session, command.
type Row = (
    &'static str,
    &'static str,
    Effect,
    Outcome,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const ROWS: [Row; 6] = [
    (
        "claude-code",
        "bash.execute",
        Effect::Allow,
        Outcome::Allow,
        Some("allow-ls"),
        "s1",
        "ls -la",
    ),
    (
        "claude-code",
        "bash.execute",
        Effect::Deny,
        Outcome::Deny,
        Some("no-rm"),
        "s1",
        "rm -rf /",
    ),
    (
        "codex",
        "file.write",
        Effect::Review,
        Outcome::Ask,
        Some("review-writes"),
        "s2",
        "/p/a.txt",
    ),
    (
        "codex",
        "bash.execute",
        Effect::Deny,
        Outcome::Deny,
        Some("no-rm"),
        "s2",
        "rm -rf /",
    ),
    (
        "codex",
        "mcp.slack.post",
        Effect::Allow,
        Outcome::Allow,
        None,
        "s2",
        "hello",
    ),
    (
        "claude-code",
        "bash.execute",
        Effect::Review,
        Outcome::Deny,
        Some("push"),
        "s3",
        "git push --password=hunter2",
    ),
];

/// A store in `dir` with [`ROWS`]: row `i` (id `i + 1`) was recorded `6 - i` hours ago.
fn populated(dir: &Path) -> PathBuf {
    let db = dir.join("audit.db");
    let mut store = AuditStore::open(&db).unwrap();
    let now = Timestamp::now();
    for (i, (agent, action, decision, outcome, sid, session, cmd)) in ROWS.into_iter().enumerate() {
        let hours_ago = 6 - i as i64;
        let time = now - SignedDuration::from_hours(hours_ago);
        store
            .record(&NewRecord {
                time,
                meta: CallMeta {
                    agent: agent.parse().unwrap(),
                    session_id: Some(session.into()),
                    tool_use_id: Some(format!("toolu_{i}")),
                    cwd: Some("/home/dev/project".into()),
                    tool_name: "Bash".into(),
                    action: action.into(),
                },
                params: json!({"command": cmd}),
                decision,
                outcome,
                sid: sid.map(str::to_owned),
                reason: sid.map(|s| format!("statement `{s}`")),
                matched_by: if sid.is_some() {
                    MatchedBy::ExplicitDeny
                } else {
                    MatchedBy::Default
                },
                duration_us: 100 + i as u64,
                review: (decision == Effect::Review).then(|| ReviewInfo {
                    by: Reviewer::Person,
                    at: time,
                    comment: Some("looked fine".into()),
                }),
            })
            .unwrap();
    }
    db
}

/// Runs `agsec audit --audit-db <db> <args>` with TZ=UTC; returns (exit code, stdout, stderr).
fn audit(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = agsec()
        .env("TZ", "UTC")
        .env_remove("COLUMNS")
        .arg("audit")
        .arg("--audit-db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_ids(db: &Path, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = audit(db, &all);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn every_filter() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let today = Timestamp::now().strftime("%Y-%m-%d").to_string();
    let cases: &[(&[&str], &[i64])] = &[
        (&[], &[1, 2, 3, 4, 5, 6]),
        (&["--limit", "2"], &[5, 6]),
        (&["--limit", "0"], &[1, 2, 3, 4, 5, 6]),
        (&["--decision", "deny"], &[2, 4]),
        (&["--decision", "review"], &[3, 6]),
        (&["--action", "bash.*"], &[1, 2, 4, 6]),
        (&["--action", "mcp.**"], &[5]),
        (&["--agent", "codex"], &[3, 4, 5]),
        (&["--session", "s1"], &[1, 2]),
        (&["--sid", "no-rm"], &[2, 4]),
        (&["--since", "2h30m"], &[5, 6]),
        (&["--since", "150m"], &[5, 6]),
        (&["--since", "2d"], &[1, 2, 3, 4, 5, 6]),
        (&["--since", "2999-01-01"], &[]),
        (&["--agent", "codex", "--decision", "deny"], &[4]),
    ];
    for (args, expected) in cases {
        assert_eq!(json_ids(&db, args), *expected, "{args:?}");
    }
    // A date filter that includes today's rows only if they are after midnight UTC.
    let since_today = json_ids(&db, &["--since", &today]);
    assert!(since_today.iter().all(|id| (1..=6).contains(id)));
}

#[test]
fn json_records_have_a_stable_shape_and_no_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let (code, stdout, _) = audit(&db, &["--json", "--limit", "1"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let rec = &v[0];
    let keys: Vec<&str> = rec
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "time",
            "agent",
            "session_id",
            "tool_use_id",
            "cwd",
            "tool_name",
            "action",
            "summary",
            "params",
            "decision",
            "outcome",
            "sid",
            "reason",
            "matched_by",
            "duration_us",
            "review",
            "prev_hash",
            "hash"
        ]
    );
    assert_eq!(rec["summary"], "git push --password=[REDACTED]");
    assert_eq!(
        rec["params"],
        json!({"command": "git push --password=[REDACTED]"})
    );
    assert_eq!(rec["review"]["by"], "person");
    assert_eq!(rec["decision"], "review");
    assert_eq!(rec["outcome"], "deny");
    assert!(!stdout.contains("hunter2"));
    let time = rec["time"].as_str().unwrap();
    assert!(
        time.parse::<Timestamp>().is_ok() && time.ends_with('Z') && time.len() == 27,
        "{time}"
    );
}

#[test]
fn table_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let (code, stdout, stderr) = audit(&db, &["--decision", "deny"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with("TIME  ") && lines[0].ends_with("SUMMARY"),
        "{stdout}"
    );
    for line in &lines[1..] {
        assert!(
            line.contains("  bash.execute  deny      no-rm  rm -rf /"),
            "{line}"
        );
    }
    assert!(!stdout.contains('\x1b'), "colour with NO_COLOR: {stdout:?}");
    // Not a terminal: no colour even without NO_COLOR.
    let out = agsec()
        .env_remove("NO_COLOR")
        .args(["audit", "--audit-db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
    // Reviews show what the agent was told.
    let (_, stdout, _) = audit(&db, &["--decision", "review"]);
    assert!(
        stdout.contains("review→ask") && stdout.contains("review→deny"),
        "{stdout}"
    );
}

#[test]
fn table_summaries_fit_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let out = agsec()
        .env("COLUMNS", "100")
        .args(["audit", "--audit-db"])
        .arg(&db)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for line in stdout.lines() {
        assert!(line.chars().count() <= 100, "{line}");
    }
    assert!(stdout.contains('…'), "{stdout}");
}

#[test]
fn stats_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let (code, stdout, stderr) = audit(&db, &["--stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("6 decisions\n"), "{stdout}");
    for needle in [
        "by decision",
        "  deny    2   33.3%",
        "top deciding policies (sid)",
        "  no-rm          2   33.3%",
        "top blocked",
        "  rm -rf /                        2   33.3%",
        "by agent",
        "over time (per hour, UTC)",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    assert!(stdout.contains('█'), "{stdout}");
    assert!(!stdout.contains('\x1b'));

    let (code, stdout, _) = audit(&db, &["--stats", "--json", "--agent", "codex"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["total"], 3);
    assert_eq!(
        v["by_agent"],
        json!([{"key": "codex", "count": 3, "share": 1.0}])
    );
    assert_eq!(v["top_blocked"][0]["key"], "rm -rf /");
    assert_eq!(v["over_time"]["bucket"], "hour");
    for key in ["by_decision", "by_outcome", "by_action", "top_sids"] {
        assert!(v[key].is_array(), "{key}");
    }
}

#[test]
fn export_jsonl_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let (code, stdout, _) = audit(&db, &["export", "--decision", "deny"]);
    assert_eq!(code, 0);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["id"], 4);

    let csv_path = dir.path().join("out.csv");
    let (code, stdout, stderr) = audit(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--output",
            csv_path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        format!("exported 6 records to `{}`\n", csv_path.display())
    );
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(&reader.headers().unwrap()[8], "summary");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(&rows[0][9], r#"{"command":"ls -la"}"#);
    assert_eq!(&rows[2][16], "person");
}

#[test]
fn verify_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let (code, stdout, _) = audit(&db, &["verify"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "audit trail intact: 6 records verified\n")
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE decisions SET decision = 'allow' WHERE id = 4", [])
        .unwrap();
    drop(conn);
    let (code, stdout, _) = audit(&db, &["verify"]);
    assert_eq!(
        (code, stdout.as_str()),
        (1, "audit trail broken: row 4 was altered\n")
    );
    let (code, stdout, _) = audit(&db, &["verify", "--json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v,
        json!({"intact": false, "rows": 4, "problem": {"id": 4, "kind": {"kind": "altered"}}, "quarantined": 0})
    );
}

#[test]
fn prune_keeps_verify_green() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let (code, stdout, stderr) = audit(&db, &["prune", "--older-than", "3h30m"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("pruned 3 records from before "),
        "{stdout}"
    );
    assert_eq!(json_ids(&db, &[]), [4, 5, 6]);
    let (code, stdout, _) = audit(&db, &["verify"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "audit trail intact: 3 records verified\n")
    );
}

#[test]
fn a_missing_or_empty_store_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let missing = format!(
        "no decisions recorded yet (no audit store at `{}`)\n",
        db.display()
    );
    let cases: &[(&[&str], &str)] = &[
        (&[], ""),
        (&["--json"], "[]\n"),
        (&["--stats"], ""),
        (&["--stats", "--json"], "{\n  \"total\": 0\n}\n"),
        (&["verify"], ""),
        (&["export"], ""),
        (&["prune", "--older-than", "90d"], ""),
    ];
    for (args, stdout) in cases {
        assert_eq!(
            audit(&db, args),
            (0, stdout.to_string(), missing.clone()),
            "{args:?}"
        );
    }
    assert!(!db.exists(), "reading must not create the store");

    AuditStore::open(&db).unwrap();
    let (code, stdout, stderr) = audit(&db, &[]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(
        stderr,
        format!("no decisions recorded yet in `{}`\n", db.display())
    );
}

#[test]
fn user_errors_name_what_was_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let cases: &[(&[&str], &str)] = &[
        (
            &["--since", "yesterday"],
            "agsec: error: invalid time `yesterday`\n  help: use a duration back from now (`30m`, `1h`, `2d`) or a date (`2025-05-01`, `2025-05-01T12:00:00Z`)\n",
        ),
        (
            &["prune", "--older-than", "soon"],
            "agsec: error: invalid time `soon`\n  help: use a duration back from now (`30m`, `1h`, `2d`) or a date (`2025-05-01`, `2025-05-01T12:00:00Z`)\n",
        ),
        (
            &["--action", "bash.[x"],
            "agsec: error: invalid action glob `bash.[x`: unclosed character class; missing ']'\n",
        ),
        (
            &["--decision", "deny", "verify"],
            "agsec: error: `--decision` cannot be used before `verify`\n  help: filters go after `export` (`agsec audit export --decision deny`); `verify` and `prune` take none\n",
        ),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = audit(&db, args);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (1, "", *expected),
            "{args:?}"
        );
    }

    let not_a_db = dir.path().join("notes.txt");
    std::fs::write(
        &not_a_db,
        "just text, long enough to not look like an empty database file\n".repeat(20),
    )
    .unwrap();
    let (code, _, stderr) = audit(&not_a_db, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!(
            "agsec: error: audit store `{}`: file is not a database\n",
            not_a_db.display()
        )
    );
}

#[test]
fn the_store_can_be_named_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    for args in [
        vec!["audit", "--audit-db", db.to_str().unwrap(), "verify"],
        vec!["audit", "verify", "--audit-db", db.to_str().unwrap()],
    ] {
        agsec()
            .args(&args)
            .assert()
            .success()
            .stdout("audit trail intact: 6 records verified\n");
    }
    agsec()
        .env("AGSEC_AUDIT_DB", &db)
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout("audit trail intact: 6 records verified\n");
}
