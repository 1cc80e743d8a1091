//! Fail closed: every call that cannot be judged is denied with a one-line reason and exit 2.

use crate::support::{Workspace, agsec};
use predicates::prelude::*;
use serde_json::json;

fn assert_denied(assert: assert_cmd::assert::Assert, needle: &str) {
    let out = assert.code(2).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.contains(needle),
        "stderr {stderr:?} lacks {needle:?}"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr:?}"
    );
}

#[test]
fn empty_stdin_is_denied() {
    let ws = Workspace::init();
    assert_denied(ws.check_raw("", &["--agent", "claude-code"]), "empty");
}

#[test]
fn malformed_json_is_denied() {
    let ws = Workspace::init();
    assert_denied(
        ws.check_raw("{\"tool_name\": ", &["--agent", "claude-code"]),
        "JSON",
    );
}

#[test]
fn payload_without_tool_name_is_denied() {
    let ws = Workspace::init();
    assert_denied(
        ws.check_raw(
            &json!({"cwd": ws.root_str(), "tool_input": {}}).to_string(),
            &[],
        ),
        "tool_name",
    );
}

#[test]
fn missing_policy_directory_is_denied() {
    let dir = tempfile::tempdir().unwrap();
    let payload = json!({"cwd": dir.path(), "tool_name": "Bash", "tool_input": {"command": "ls"}});
    assert_denied(
        agsec()
            .args(["check", "--agent", "claude-code"])
            .env("AGSEC_AUDIT_DB", dir.path().join("a.db"))
            .write_stdin(payload.to_string())
            .assert(),
        "policies",
    );
}

#[test]
fn empty_policy_directory_is_denied() {
    let ws = Workspace::new();
    assert_denied(
        ws.check_raw(
            &ws.claude_bash("ls").to_string(),
            &["--agent", "claude-code"],
        ),
        "no policy files",
    );
}

#[test]
fn invalid_policy_is_denied_with_its_location() {
    let ws = Workspace::init();
    ws.policy("99-bad.yaml", "statements:\n  - sid: X\n    efect: allow\n");
    assert_denied(
        ws.check_raw(
            &ws.claude_bash("ls").to_string(),
            &["--agent", "claude-code"],
        ),
        "99-bad.yaml:3:5",
    );
}

#[test]
fn unreadable_policy_is_denied() {
    let ws = Workspace::init();
    std::fs::write(ws.policies().join("60-bin.yaml"), [0xff, 0xfe, 0x00, 0x80]).unwrap();
    assert_denied(
        ws.check_raw(
            &ws.claude_bash("ls").to_string(),
            &["--agent", "claude-code"],
        ),
        "60-bin.yaml",
    );
    // A directory named like a policy file is an error too (it used to be skipped).
    std::fs::create_dir(ws.policies().join("50-dir.yaml")).unwrap();
    assert_denied(
        ws.check_raw(
            &ws.claude_bash("ls").to_string(),
            &["--agent", "claude-code"],
        ),
        "50-dir.yaml: is a directory",
    );
}

#[test]
fn codex_errors_are_valid_deny_json() {
    let ws = Workspace::init();
    let out = ws
        .check_raw("not json", &["--agent", "codex"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    assert!(
        !v["hookSpecificOutput"]["permissionDecisionReason"]
            .as_str()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn unknown_tools_are_not_silently_allowed() {
    let ws = Workspace::init();
    let payload = json!({"cwd": ws.root_str(), "session_id": "s", "tool_name": "SomethingNew", "tool_input": {}});
    ws.check_claude(&payload)
        .code(0)
        .stdout(predicate::str::contains("\"ask\""));
}

#[test]
fn policy_entries_that_are_not_regular_files_fail_closed_at_once() {
    // Each entry would have been skipped (its statements silently dropped), or hung the hook.
    type Make = fn(&std::path::Path);
    let cases: [(&str, &str, Make); 4] = [
        ("99-gone.yaml", "dangling symlink", |p| {
            std::os::unix::fs::symlink("/nonexistent/agsec-policy.yaml", p).unwrap();
        }),
        ("98-loop.yaml", "symlink loop", |p| {
            std::os::unix::fs::symlink(p, p).unwrap();
        }),
        ("97-fifo.yaml", "FIFO", |p| {
            let ok = std::process::Command::new("mkfifo")
                .arg(p)
                .status()
                .unwrap()
                .success();
            assert!(ok);
        }),
        ("96-dir.yml", "directory", |p| {
            std::fs::create_dir(p).unwrap()
        }),
    ];
    for (name, what, make) in cases {
        let ws = Workspace::new();
        ws.policy("00.yaml", "default: allow\nstatements: []\n");
        make(&ws.policies().join(name));
        let started = std::time::Instant::now();
        let payload = ws.claude_bash("ls");
        assert_denied(ws.check_claude(&payload), name);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{what}: took {:?}",
            started.elapsed()
        );
        let out = ws.cmd().arg("validate").output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.status.success() && text.contains(name),
            "{what}: {text}"
        );
    }
}

/// `agsec.yaml` that is not a regular file is an error at once (never a hang, never the
/// defaults): a FIFO, a directory, a device, a dangling link; so is one over the size cap.
#[test]
fn settings_that_are_not_a_small_regular_file_are_denied_at_once() {
    let ws = Workspace::init();
    let settings = ws.path().join("agsec.yaml");
    let mkfifo = |path: &std::path::Path| {
        assert!(
            std::process::Command::new("mkfifo")
                .arg(path)
                .status()
                .unwrap()
                .success()
        );
    };
    type Make<'a> = &'a dyn Fn(&std::path::Path);
    let cases: [(&str, Make<'_>); 5] = [
        ("a FIFO", &|p| mkfifo(p)),
        ("a directory", &|p| std::fs::create_dir(p).unwrap()),
        ("a device", &|p| {
            std::os::unix::fs::symlink("/dev/zero", p).unwrap()
        }),
        ("a symbolic link to nothing", &|p| {
            std::os::unix::fs::symlink("/nonexistent/agsec.yaml", p).unwrap()
        }),
        ("over agsec's limit", &|p| {
            std::fs::write(p, "#".repeat(2 * 1024 * 1024)).unwrap()
        }),
    ];
    for (needle, make) in cases {
        let _ = std::fs::remove_file(&settings);
        let _ = std::fs::remove_dir(&settings);
        make(&settings);
        let started = std::time::Instant::now();
        assert_denied(
            ws.cmd()
                .arg("check")
                .args(["--agent", "claude-code"])
                .timeout(std::time::Duration::from_secs(20))
                .write_stdin(ws.claude_bash("ls").to_string())
                .assert(),
            needle,
        );
        assert!(started.elapsed().as_secs() < 20, "{needle}: hung");
    }
}

#[test]
fn a_policy_file_over_the_size_cap_is_denied() {
    let ws = Workspace::init();
    let big = format!(
        "version: \"1.0\"\nstatements: []\n{}",
        "# padding\n".repeat(500 * 1024)
    );
    std::fs::write(ws.policies().join("99-big.yaml"), big).unwrap();
    assert_denied(ws.check_claude(&ws.claude_bash("ls")), "over agsec's limit");
}

#[test]
fn a_payload_over_the_size_cap_is_denied() {
    let ws = Workspace::init();
    let huge = format!(
        "{{\"tool_name\":\"Write\",\"tool_input\":{{\"file_path\":\"/tmp/x\",\"content\":\"{}\"}}}}",
        "a".repeat(64 * 1024 * 1024)
    );
    assert_denied(
        ws.check_raw(&huge, &["--agent", "claude-code"]),
        "over agsec's limit",
    );
}
