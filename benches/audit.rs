//! Criterion benchmarks of the audit store: what recording adds to one `check` (open, insert,
//! commit on an existing WAL store), and `query` / `stats` over a million rows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark code"
)]

use agsec::audit::{AuditStore, Filter, NewRecord, Outcome, record_or_spool};
use agsec::{Effect, MatchedBy};
use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
        agent: if i.is_multiple_of(3) {
            "codex"
        } else {
            "claude-code"
        }
        .into(),
        session_id: Some(format!("session-{}", i / 1000)),
        tool_use_id: Some(format!("toolu_{i}")),
        cwd: Some("/home/dev/project".into()),
        tool_name: "Bash".into(),
        action: actions[(i % 5) as usize].into(),
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
    let first_use = Instant::now();
    let _ = agsec::audit::redact::redact("warm-up: compile the patterns");
    eprintln!(
        "redaction patterns compiled on first use in {:.1?}",
        first_use.elapsed()
    );

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    AuditStore::open(&db)
        .unwrap()
        .record(&record(0, Timestamp::now()))
        .unwrap();
    let mut i = 1;
    // What a `check` process pays: open the existing store, import nothing, insert, commit.
    c.bench_function("record_or_spool (open + insert + commit)", |b| {
        b.iter(|| {
            i += 1;
            black_box(record_or_spool(&db, &record(i, Timestamp::now())).unwrap());
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
criterion_main!(benches);
