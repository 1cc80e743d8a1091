//! Whole-process cost of one `agsec check` (a Claude Code Bash payload) next to a do-nothing
//! process (`true`) as the floor and `agsec --version` (start-up alone): the default policies, and
//! the defaults plus 1,000 and 10,000 generated statements (a deterministic generator below, the
//! shape of per-service and per-MCP-server policies), each cached after its first check.
//! Run: `cargo bench --bench check`. Targets (issue 15): the defaults within 1 ms of the floor,
//! 10,000 statements within 2 ms. With `AGSEC_BENCH_BEFORE=/path/to/an/older/agsec`, every case
//! runs with that binary too (`before: …`), so before and after are measured in the same run.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly on setup errors"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const PAYLOAD: &str = r#"{"session_id":"s","cwd":"CWD","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status && cargo test -q 2>&1 | tail -5"},"tool_use_id":"toolu_1"}"#;

/// Statements per generated file (a team's file per service).
const PER_FILE: usize = 500;

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

/// A workspace with `agsec init`'s default policies plus `extra` generated statements.
fn workspace(extra: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let status = Command::new(env!("CARGO_BIN_EXE_agsec"))
        .args(["init", "--dir"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .status()
        .expect("agsec init");
    assert!(status.success());
    generate(&dir.path().join("policies"), extra);
    dir
}

/// Writes `count` statements into `zz-generated-NN.yaml` files. Deterministic (a fixed LCG).
/// The mix, per 100 statements: 85 on one MCP tool each (`mcp.srvN.toolK`, exact names, some with
/// a regex), 10 on globs (`mcp.srvN.*`, `mcp.srvN.admin_*`, `http.srvN.?et`), 3 on file actions
/// under the service's directory and 2 on `bash.execute` with a `contains` condition.
fn generate(dir: &Path, count: usize) {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    let mut file = 0;
    let mut start = 0;
    while start < count {
        let end = (start + PER_FILE).min(count);
        let mut text = String::from("version: \"1.0\"\nstatements:\n");
        for i in start..end {
            let server = i / 20;
            let effect = match next() % 3 {
                0 => "allow",
                1 => "deny",
                _ => "review",
            };
            let (actions, conditions) = match i % 100 {
                0..=84 => {
                    let tool = next() % 40;
                    let condition = if i % 7 == 0 {
                        format!(
                            "      params.query: {{op: regex, value: '(?i)\\b(drop|delete)\\s+{server}_'}}\n"
                        )
                    } else {
                        format!(
                            "      params.project: {{op: '==', value: 'p{}'}}\n",
                            next() % 9
                        )
                    };
                    (format!("[mcp.srv{server}.tool{tool}]"), condition)
                }
                85..=89 => (
                    format!("[\"mcp.srv{server}.*\"]"),
                    format!("      params.env: {{op: in, value: [prod, prod-{server}]}}\n"),
                ),
                90..=94 => (
                    format!("[\"mcp.srv{server}.admin_*\", \"http.srv{server}.?et\"]"),
                    "      params.url: {op: exists}\n".to_owned(),
                ),
                95..=97 => (
                    "[file.write, file.edit]".to_owned(),
                    format!("      params.path: {{op: starts_with, value: /srv/svc{server}/}}\n"),
                ),
                _ => (
                    "[bash.execute]".to_owned(),
                    format!("      params.command: {{op: contains, value: svc{server}-prod}}\n"),
                ),
            };
            let _ = write!(
                text,
                "  - sid: Gen{i}\n    effect: {effect}\n    actions: {actions}\n    conditions:\n{conditions}    reason: generated statement {i} for service {server}\n"
            );
        }
        std::fs::write(dir.join(format!("zz-generated-{file:02}.yaml")), text)
            .expect("write generated policies");
        file += 1;
        start = end;
    }
}

fn check(binary: PathBuf, policies: PathBuf, payload: String) -> impl FnMut() {
    move || {
        run(
            Command::new(&binary)
                .args([
                    "check",
                    "--agent",
                    "claude-code",
                    "--no-audit",
                    "--policy-dir",
                ])
                .arg(&policies),
            payload.as_bytes(),
        );
    }
}

fn bench(c: &mut Criterion) {
    let defaults = workspace(0);
    let thousand = workspace(1_000);
    let ten_thousand = workspace(10_000);
    let payload_for =
        |w: &tempfile::TempDir| PAYLOAD.replace("CWD", &w.path().display().to_string());
    let db = defaults.path().join("audit.db");

    let mut group = c.benchmark_group("process");
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("floor: true", |b| {
        b.iter(|| run(&mut Command::new("true"), b""))
    });
    let mut binaries = vec![("", PathBuf::from(env!("CARGO_BIN_EXE_agsec")))];
    if let Some(before) = std::env::var_os("AGSEC_BENCH_BEFORE") {
        binaries.insert(0, ("before: ", PathBuf::from(before)));
    }
    for (label, binary) in &binaries {
        group.bench_function(format!("{label}agsec --version"), |b| {
            b.iter(|| run(Command::new(binary).arg("--version"), b""))
        });
        for (name, w) in [
            ("agsec check (no audit)", &defaults),
            ("agsec check, 1,000 generated statements", &thousand),
            ("agsec check, 10,000 generated statements", &ten_thousand),
        ] {
            let mut one = check(binary.clone(), w.path().join("policies"), payload_for(w));
            one(); // fills the cache
            group.bench_function(format!("{label}{name}"), |b| b.iter(&mut one));
        }
    }
    group.bench_function("agsec check (with audit)", |b| {
        b.iter(|| {
            run(
                Command::new(env!("CARGO_BIN_EXE_agsec"))
                    .args(["check", "--agent", "claude-code", "--policy-dir"])
                    .arg(defaults.path().join("policies"))
                    .env("AGSEC_AUDIT_DB", &db),
                payload_for(&defaults).as_bytes(),
            );
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
