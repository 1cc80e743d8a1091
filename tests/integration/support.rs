//! Shared helpers: paths to the shared corpora, the `agsec` command, and a scratch [`Workspace`]
//! (a git repository with a fake home beside it) to run hook calls in.

#![allow(dead_code, reason = "each test module uses a different subset")]

use assert_cmd::assert::Assert;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// `../shared` beside the project root.
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The `agsec` binary under test, with colour off and no inherited agsec settings.
pub fn agsec() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("agsec").expect("agsec binary");
    cmd.env("NO_COLOR", "1")
        .env_remove("AGSEC_POLICY_DIR")
        .env_remove("AGSEC_AUDIT_DB")
        .env_remove("AGSEC_CONFIG")
        .env_remove("CODEX_HOME")
        .env_remove("COPILOT_HOME")
        .env_remove("AGSEC_DEBUG_PANIC")
        // No real Claude Code answers `--version` (install and doctor ask it).
        .env("AGSEC_CLAUDE_BIN", "/nonexistent/agsec-test-claude")
        // No prompt on the developer's terminal: tests that want one drive a pseudo-terminal.
        .env("AGSEC_TTY", "/nonexistent/agsec-test-tty");
    cmd
}

/// A scratch git repository (`ws/`, on branch `feature-x`) with a fake home (`home/`) beside it,
/// an audit store inside the temp dir, and helpers to run `agsec check` there.
pub struct Workspace {
    pub root: tempfile::TempDir,
}

impl Workspace {
    /// A repository without policies.
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("tempdir");
        let ws = root.path().join("ws");
        std::fs::create_dir_all(ws.join("policies")).unwrap();
        std::fs::create_dir_all(root.path().join("home")).unwrap();
        std::fs::create_dir_all(ws.join(".git/refs/heads")).unwrap();
        std::fs::write(ws.join(".git/HEAD"), "ref: refs/heads/feature-x\n").unwrap();
        Self { root }
    }

    /// A repository where `agsec init` wrote the default policies.
    pub fn init() -> Self {
        let ws = Self::new();
        std::fs::remove_dir(ws.policies()).unwrap();
        agsec()
            .args(["init", "--dir"])
            .arg(ws.path())
            .assert()
            .success();
        ws
    }

    /// The repository root (the hook's cwd).
    pub fn path(&self) -> PathBuf {
        self.root.path().join("ws")
    }

    pub fn root_str(&self) -> String {
        self.path().display().to_string()
    }

    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    pub fn policies(&self) -> PathBuf {
        self.path().join("policies")
    }

    pub fn audit_db(&self) -> PathBuf {
        self.root.path().join("audit.db")
    }

    /// Writes a policy file (the text is unindented).
    pub fn policy(&self, name: &str, text: &str) {
        std::fs::write(self.policies().join(name), unindent(text)).unwrap();
    }

    /// Writes a file under the workspace, creating directories.
    pub fn file(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// `agsec` with HOME, the audit store and the working directory set for this workspace.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = agsec();
        cmd.env("HOME", self.home())
            .env("XDG_CACHE_HOME", self.home().join(".cache"))
            .env("XDG_DATA_HOME", self.home().join(".local/share"))
            .env("AGSEC_AUDIT_DB", self.audit_db())
            .current_dir(self.path());
        cmd
    }

    /// A Claude Code PreToolUse payload for any tool, made in this workspace.
    pub fn claude(&self, tool: &str, input: Value) -> Value {
        json!({
            "session_id": "7692bd15-2e4a-4fbf-8dda-2748ad098a82",
            "transcript_path": "/dev/null",
            "cwd": self.root_str(),
            "permission_mode": "default",
            "hook_event_name": "PreToolUse",
            "tool_name": tool,
            "tool_input": input,
            "tool_use_id": "toolu_test_0001",
        })
    }

    pub fn claude_bash(&self, command: &str) -> Value {
        self.claude("Bash", json!({"command": command}))
    }

    pub fn check_claude(&self, payload: &Value) -> Assert {
        self.check_raw(&payload.to_string(), &["--agent", "claude-code"])
    }

    pub fn check_plain(&self, action: Value, extra: &[&str]) -> Assert {
        let mut args = vec!["--agent", "plain"];
        args.extend_from_slice(extra);
        self.check_raw(&action.to_string(), &args)
    }

    pub fn check_raw(&self, input: &str, extra: &[&str]) -> Assert {
        self.cmd()
            .arg("check")
            .args(extra)
            .write_stdin(input.to_owned())
            .assert()
    }
}

/// Removes the common leading indentation of a multi-line text (and a leading newline).
pub fn unindent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Whether `path` is inside `dir`.
pub fn is_under(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir)
}
