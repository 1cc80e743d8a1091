//! `../shared/corpus/tool-calls.jsonl` and our own red-team cases (`tests/data/redteam.jsonl`)
//! run through the exact hook command `agsec install claude-code` registers, in a scratch
//! workspace: every `stop` case must be denied or asked, every `allow` case allowed.

use crate::support::{Workspace, shared_dir};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

struct Hook {
    program: String,
    args: Vec<String>,
}

/// Installs agsec into the workspace's `.claude/settings.json` and reads back the hook command.
fn installed_hook(ws: &Workspace) -> Hook {
    ws.cmd()
        .args(["install", "claude-code", "--project-dir"])
        .arg(ws.path())
        .assert()
        .success();
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join(".claude/settings.json")).unwrap(),
    )
    .unwrap();
    let hook = &settings["hooks"]["PreToolUse"][0]["hooks"][0];
    Hook {
        program: hook["command"].as_str().unwrap().to_owned(),
        args: hook["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect(),
    }
}

fn populate(ws: &Workspace) {
    for (rel, text) in [
        ("src/main.rs", "fn main() {}\n"),
        ("src/lib.rs", "\n"),
        ("src/a.txt", "a\n"),
        ("README.md", "# x\n"),
        (".env", "API_KEY=sk-live-123\n"),
        (".env.example", "API_KEY=\n"),
        ("build.log", "ok\n"),
    ] {
        ws.file(rel, text);
    }
    for (rel, text) in [
        (".ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n"),
        (".aws/credentials", "[default]\n"),
        (".bashrc", "\n"),
    ] {
        let path = ws.home().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Runs one case; returns "stop" or "allow" and what the hook printed.
fn run(ws: &Workspace, hook: &Hook, case: &Value) -> (String, String) {
    let ws_path = ws.root_str();
    let home = ws.home().display().to_string();
    let input = serde_json::to_string(&case["tool_input"])
        .unwrap()
        // `{HOME}` is the corpus placeholder; `${HOME}` is shell syntax and stays.
        .replace("${HOME}", "\u{1}SHELL_HOME\u{1}")
        .replace("{WS}", &ws_path)
        .replace("{HOME}", &home)
        .replace("\u{1}SHELL_HOME\u{1}", "${HOME}");
    let mut payload = ws.claude(
        case["tool_name"].as_str().unwrap(),
        serde_json::from_str(&input).unwrap(),
    );
    payload["cwd"] = Value::String(ws_path);
    let mut child = Command::new(&hook.program)
        .args(&hook.args)
        .env("HOME", ws.home())
        .env("AGSEC_AUDIT_DB", ws.audit_db())
        .env("NO_COLOR", "1")
        .current_dir(ws.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(payload.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let code = out.status.code().unwrap_or(-1);
    let verdict = if code == 2 || stdout.contains("\"deny\"") || stdout.contains("\"ask\"") {
        "stop"
    } else if code == 0 {
        "allow"
    } else {
        "error"
    };
    (
        verdict.to_owned(),
        format!("exit {code} {}{}", stdout.trim(), stderr.trim()),
    )
}

fn run_corpus(path: PathBuf) {
    let ws = Workspace::init();
    populate(&ws);
    let hook = installed_hook(&ws);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
    {
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        count += 1;
        let (got, detail) = run(&ws, &hook, &case);
        if got != case["expect"].as_str().unwrap() {
            failures.push(format!(
                "{} [{}] {}: got {got}: {detail}",
                case["id"], case["tool_name"], case["tool_input"]
            ));
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn shared_tool_call_corpus() {
    run_corpus(shared_dir().join("corpus/tool-calls.jsonl"));
}

#[test]
fn red_team_cases() {
    run_corpus(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/redteam.jsonl"));
}
