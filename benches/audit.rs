//! Criterion benchmarks of the audit store: what recording adds to one `check`, and `query` /
//! `stats` over a million rows. Recording is timed three ways: `record_or_spool` on a fresh
//! journal (the append alone), amortised (including the imports `check` runs once the journal is
//! due), and the first call in a fresh process (lazy initialisation included: the bench re-runs
//! itself as a child per sample). The direct store write (the fallback) is timed for comparison.
//! Run: `cargo bench --bench audit -- record` (the 1M-row store takes a while to build once).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark code"
)]

use agsec::agents::{Agent, CallMeta};
use agsec::audit::{AuditStore, Filter, NewRecord, Outcome, Recorder, record_or_spool};
use agsec::{Effect, MatchedBy};
use criterion::{Criterion, criterion_group};
use jiff::{SignedDuration, Timestamp};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Set in the child run that times one `record_or_spool` in a fresh process; names the store.
const CHILD_ENV: &str = "AGSEC_BENCH_RECORD_CHILD";

const BIG: u64 = 1_000_000;

fn record(i: u64, time: Timestamp) -> NewRecord {
    let actions = [
        "bash.execute",
        "file.write",
        "file.read",
        "web.fetch",
        "mcp.github.create_issue",
    ];
    let commands = [
        "ls -la",
        "cargo test",
        "rm -rf /",
        "git push --force",
        "curl https://x.io",
    ];
    let decision = match i % 10 {
        0..=6 => Effect::Allow,
        7 | 8 => Effect::Deny,
        _ => Effect::Review,
    };
    NewRecord {
        time,
        meta: CallMeta {
            agent: if i.is_multiple_of(3) {
                Agent::Codex
            } else {
                Agent::ClaudeCode
            },
            session_id: Some(format!("session-{}", i / 1000)),
            tool_use_id: Some(format!("toolu_{i}")),
            cwd: Some("/home/dev/project".into()),
            tool_name: "Bash".into(),
            action: actions[(i % 5) as usize].into(),
        },
        params: serde_json::json!({"command": commands[(i % 5) as usize], "description": "bench"}),
        decision,
        outcome: match decision {
            Effect::Allow => Outcome::Allow,
            Effect::Deny => Outcome::Deny,
            Effect::Review => Outcome::Ask,
        },
        sid: (!i.is_multiple_of(4)).then(|| format!("policy-{}", i % 13)),
        reason: None,
        matched_by: MatchedBy::ExplicitAllow,
        duration_us: 150,
        review: None,
    }
}

/// A store of [`BIG`] rows over the last 90 days, built once and kept in the temp directory.
fn big_store() -> PathBuf {
    let path = std::env::temp_dir().join("agsec-bench-audit-1m.db");
    if let Ok(store) = AuditStore::open(&path)
        && store.count().unwrap_or(0) == BIG
    {
        return path;
    }
    let _ = std::fs::remove_file(&path);
    let start = Instant::now();
    let mut store = AuditStore::open(&path).unwrap();
    let first = Timestamp::now() - SignedDuration::from_hours(90 * 24);
    let step = SignedDuration::from_secs(90 * 24 * 3600 / BIG as i64);
    let batch = 20_000;
    for chunk in 0..BIG / batch {
        let recs: Vec<NewRecord> = (chunk * batch..(chunk + 1) * batch)
            .map(|i| record(i, first + step * i as i32))
            .collect();
        store.record_batch(&recs).unwrap();
    }
    eprintln!("built {BIG} rows in {:.1?}", start.elapsed());
    path
}

fn bench_record(c: &mut Criterion) {
    report_fresh_process();
    report_check_processes();

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let mut journal = db.clone().into_os_string();
    journal.push(".spool.jsonl");
    let journal = PathBuf::from(journal);
    AuditStore::open(&db)
        .unwrap()
        .record(&record(0, Timestamp::now()))
        .unwrap();
    let _ = agsec::audit::redact::redact("warm-up: compile the patterns a record uses");
    let mut i = 1;
    // What a `check` pays in the normal case: one append to a small journal. The journal is
    // removed (untimed) every 256 records, before it is due for import.
    c.bench_function("record_or_spool: journal append", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for k in 0..iters {
                if k % 256 == 0 {
                    let _ = std::fs::remove_file(&journal);
                }
                i += 1;
                let rec = record(i, Timestamp::now());
                let start = Instant::now();
                black_box(record_or_spool(&db, &rec).unwrap());
                total += start.elapsed();
            }
            total
        });
    });
    // Every few hundred records the call that makes the journal due imports it: on average.
    let _ = std::fs::remove_file(&journal);
    c.bench_function("record_or_spool: amortised with imports", |b| {
        b.iter(|| {
            i += 1;
            black_box(record_or_spool(&db, &record(i, Timestamp::now())).unwrap());
        });
    });
    // The fallback when the journal cannot be written: open, insert, commit (synced).
    let direct = Recorder::new(&db);
    c.bench_function("record_direct (open + insert + commit)", |b| {
        b.iter(|| {
            i += 1;
            black_box(direct.record_direct(&record(i, Timestamp::now())).unwrap());
        });
    });
    let mut store = AuditStore::open(&db).unwrap();
    c.bench_function("record on an open store", |b| {
        b.iter(|| {
            i += 1;
            black_box(store.record(&record(i, Timestamp::now())).unwrap());
        });
    });
}

/// The first `record_or_spool` of a process, as `check` pays it (lazy initialisation of the
/// redaction patterns and serialisation included), timed inside fresh child processes: median,
/// 90th percentile and maximum over the runs.
fn report_fresh_process() {
    let runs = 200;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let exe = std::env::current_exe().unwrap();
    let mut micros: Vec<u64> = (0..runs)
        .map(|_| {
            let out = Command::new(&exe).env(CHILD_ENV, &db).output().unwrap();
            String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
        })
        .collect();
    micros.sort_unstable();
    let at = |q: f64| micros[((micros.len() - 1) as f64 * q) as usize];
    eprintln!(
        "record_or_spool, first call in a fresh process ({runs} runs): median {} µs, p90 {} µs, max {} µs",
        at(0.5),
        at(0.9),
        micros[micros.len() - 1]
    );
    let rows = AuditStore::open(&db).unwrap().count().unwrap();
    assert_eq!(rows, runs);
}

/// Whole `agsec check` processes with and without `--no-audit`, interleaved so that load from
/// other work on the machine hits both alike: the medians and their difference.
fn report_check_processes() {
    let pairs = 200;
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    let agsec = env!("CARGO_BIN_EXE_agsec");
    let init = Command::new(agsec)
        .args(["init", "--dir"])
        .arg(workspace)
        .output()
        .unwrap();
    assert!(init.status.success());
    let payload = format!(
        r#"{{"session_id":"s","cwd":"{}","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{{"command":"git status && cargo test -q 2>&1 | tail -5"}},"tool_use_id":"toolu_1"}}"#,
        workspace.display()
    );
    let db = workspace.join("audit.db");
    let run = |no_audit: bool| {
        let mut cmd = Command::new(agsec);
        cmd.args(["check", "--agent", "claude-code", "--policy-dir"])
            .arg(workspace.join("policies"))
            .env("AGSEC_AUDIT_DB", &db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if no_audit {
            cmd.arg("--no-audit");
        }
        let start = Instant::now();
        let mut child = cmd.spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), payload.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
        start.elapsed()
    };
    let (mut without, mut with): (Vec<Duration>, Vec<Duration>) =
        (0..pairs).map(|_| (run(true), run(false))).unzip();
    without.sort_unstable();
    with.sort_unstable();
    let median = |v: &[Duration]| v[v.len() / 2].as_secs_f64() * 1000.0;
    eprintln!(
        "agsec check, {pairs} interleaved pairs: median {:.3} ms without audit, {:.3} ms with; recording adds {:.3} ms",
        median(&without),
        median(&with),
        median(&with) - median(&without)
    );
    assert_eq!(AuditStore::open(&db).unwrap().count().unwrap(), pairs);
}

/// The child: one record, timed, printed in microseconds on stdout.
fn child(db: &Path) {
    let rec = record(7, Timestamp::now());
    let start = Instant::now();
    black_box(record_or_spool(db, &rec).unwrap());
    println!("{}", start.elapsed().as_micros());
}

fn bench_big(c: &mut Criterion) {
    let path = big_store();
    let store = AuditStore::open(&path).unwrap();
    let mut group = c.benchmark_group("1M rows");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("query latest 50", |b| {
        let filter = Filter {
            limit: Some(50),
            ..Filter::default()
        };
        b.iter(|| black_box(store.query(&filter).unwrap()));
    });
    group.bench_function("query latest 50 denies of bash.*", |b| {
        let filter = Filter {
            limit: Some(50),
            decision: Some(Effect::Deny),
            action: Some("bash.*".into()),
            ..Filter::default()
        };
        b.iter(|| black_box(store.query(&filter).unwrap()));
    });
    group.bench_function("stats", |b| {
        b.iter(|| black_box(store.stats(&Filter::default()).unwrap()));
    });
    group.bench_function("stats since 1d", |b| {
        let since = Timestamp::now() - SignedDuration::from_hours(24);
        let filter = Filter {
            since: Some(since),
            ..Filter::default()
        };
        b.iter(|| black_box(store.stats(&filter).unwrap()));
    });
    group.finish();
    report_verify(&path);
}

/// `verify` walks every row once: timed once rather than sampled.
fn report_verify(path: &Path) {
    let store = AuditStore::open(path).unwrap();
    let start = Instant::now();
    let v = store.verify().unwrap();
    eprintln!(
        "verify over {} rows: {:.2?} ({:?})",
        v.rows,
        start.elapsed(),
        v.problem
    );
}

criterion_group!(benches, bench_record, bench_big);

fn main() {
    if let Some(db) = std::env::var_os(CHILD_ENV) {
        child(Path::new(&db));
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
