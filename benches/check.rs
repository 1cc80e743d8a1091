//! Whole-process cost of one `agsec check` (a Claude Code Bash payload, the default policies),
//! next to a do-nothing process (`true`) as the floor. Run: `cargo bench --bench check`.
//! The brief's target: median within 3 ms of the floor.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly on setup errors"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::io::Write;
use std::process::{Command, Stdio};

const PAYLOAD: &str = r#"{"session_id":"s","cwd":"CWD","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status && cargo test -q 2>&1 | tail -5"},"tool_use_id":"toolu_1"}"#;

fn run(cmd: &mut Command, stdin: &[u8]) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin);
    }
    let status = child.wait().expect("wait");
    assert!(status.code().is_some());
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let workspace = dir.path();
    let status = Command::new(env!("CARGO_BIN_EXE_agsec"))
        .args(["init", "--dir"])
        .arg(workspace)
        .stdout(Stdio::null())
        .status()
        .expect("agsec init");
    assert!(status.success());
    let payload = PAYLOAD.replace("CWD", &workspace.display().to_string());
    let db = workspace.join("audit.db");

    let mut group = c.benchmark_group("process");
    group.bench_function("floor: true", |b| {
        b.iter(|| run(&mut Command::new("true"), b""))
    });
    group.bench_function("agsec check (no audit)", |b| {
        b.iter(|| {
            run(
                Command::new(env!("CARGO_BIN_EXE_agsec"))
                    .args([
                        "check",
                        "--agent",
                        "claude-code",
                        "--no-audit",
                        "--policy-dir",
                    ])
                    .arg(workspace.join("policies")),
                payload.as_bytes(),
            );
        });
    });
    group.bench_function("agsec check (with audit)", |b| {
        b.iter(|| {
            run(
                Command::new(env!("CARGO_BIN_EXE_agsec"))
                    .args(["check", "--agent", "claude-code", "--policy-dir"])
                    .arg(workspace.join("policies"))
                    .env("AGSEC_AUDIT_DB", &db),
                payload.as_bytes(),
            );
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
