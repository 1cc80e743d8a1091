//! Gemini CLI, Copilot CLI, Cursor and Cline end to end through the binary: install, doctor, and `check` giving
//! each agent's own answer for an allowed, a denied and a reviewed call, a malformed payload, an
//! unreadable policy and an internal error. Both agents run the tool on any reply they do not
//! understand, so every failure must still be their deny (exit 0 and the decision JSON).

use crate::support::{Workspace, agsec};
use serde_json::{Value, json};
use std::fs;

#[derive(Clone, Copy, Debug)]
enum Agent {
    Gemini,
    Copilot,
    Cursor,
    Cline,
}

const AGENTS: [Agent; 4] = [Agent::Gemini, Agent::Copilot, Agent::Cursor, Agent::Cline];

impl Agent {
    fn name(self) -> &'static str {
        match self {
            Agent::Gemini => "gemini",
            Agent::Copilot => "copilot",
            Agent::Cursor => "cursor",
            Agent::Cline => "cline",
        }
    }

    fn cursor_base(ws: &Workspace, event: &str) -> Value {
        json!({"conversation_id": "cv-1", "generation_id": "g", "model": "m",
               "hook_event_name": event, "cursor_version": "2.0.1",
               "workspace_roots": [ws.root_str()], "user_email": null})
    }

    fn cline_base(ws: &Workspace, tool: &str, parameters: Value) -> Value {
        json!({"clineVersion": "3.40.0", "hookName": "PreToolUse", "timestamp": "1",
               "taskId": "task-1", "workspaceRoots": [ws.root_str()], "userId": "u",
               "preToolUse": {"toolName": tool, "parameters": parameters}})
    }

    /// A shell call in the agent's own payload shape.
    fn shell(self, ws: &Workspace, command: &str) -> Value {
        match self {
            Agent::Gemini => json!({
                "session_id": "g-1", "transcript_path": "/dev/null", "cwd": ws.root_str(),
                "hook_event_name": "BeforeTool", "timestamp": "2026-12-03T09:00:00.000Z",
                "tool_name": "run_shell_command", "tool_input": {"command": command}
            }),
            Agent::Copilot => json!({
                "sessionId": "c-1", "timestamp": 1_764_752_400_000_u64, "cwd": ws.root_str(),
                "toolName": "bash", "toolArgs": json!({"command": command}).to_string()
            }),
            // A `beforeShellExecution` payload without `cwd` and with a byte-order mark is
            // made by `check` below for Cursor; here the plain one.
            Agent::Cursor => {
                let mut p = Self::cursor_base(ws, "beforeShellExecution");
                p["command"] = json!(command);
                p
            }
            Agent::Cline => Self::cline_base(
                ws,
                "execute_command",
                json!({"command": command, "requires_approval": "false"}),
            ),
        }
    }

    /// A write of `.env` in the workspace, in the agent's shape (relative path).
    fn write_env(self, ws: &Workspace) -> Value {
        match self {
            Agent::Gemini => json!({
                "session_id": "g-1", "cwd": ws.root_str(), "hook_event_name": "BeforeTool",
                "tool_name": "write_file", "tool_input": {"file_path": ".env", "content": "K=1\n"}
            }),
            Agent::Copilot => json!({
                "timestamp": 1, "cwd": ws.root_str(), "toolName": "create",
                "toolArgs": json!({"path": ".env", "file_text": "K=1\n"}).to_string()
            }),
            Agent::Cursor => {
                let mut p = Self::cursor_base(ws, "preToolUse");
                p["tool_name"] = json!("Write");
                p["tool_input"] = json!({"file_path": ".env", "contents": "K=1\n"});
                p
            }
            Agent::Cline => Self::cline_base(
                ws,
                "write_to_file",
                json!({"path": ".env", "content": "K=1\n"}),
            ),
        }
    }

    /// The decision and reason of a reply (exit 0 and one JSON object, or silence = allow).
    fn decision(self, out: &std::process::Output) -> (String, String) {
        assert_eq!(out.status.code(), Some(0), "{} exit: {out:?}", self.name());
        assert!(out.stderr.is_empty(), "{out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        if stdout.is_empty() {
            assert!(
                matches!(self, Agent::Gemini | Agent::Copilot),
                "{self:?} must answer"
            );
            return ("allow".to_owned(), String::new());
        }
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        let v: Value = serde_json::from_str(&stdout).unwrap();
        if matches!(self, Agent::Cline) {
            let d = if v["cancel"] == true { "deny" } else { "allow" };
            return (
                d.to_owned(),
                v["errorMessage"].as_str().unwrap_or("").to_owned(),
            );
        }
        let (d, r) = match self {
            Agent::Gemini => (&v["decision"], &v["reason"]),
            Agent::Copilot => (&v["permissionDecision"], &v["permissionDecisionReason"]),
            _ => (&v["permission"], &v["agent_message"]),
        };
        if d == "allow" {
            return ("allow".to_owned(), String::new());
        }
        (
            d.as_str().unwrap_or("?").to_owned(),
            r.as_str().unwrap_or("").to_owned(),
        )
    }
}

fn check(ws: &Workspace, agent: Agent, payload: &str, args: &[&str]) -> (String, String) {
    let out = ws
        .cmd()
        .arg("check")
        .args(args)
        .write_stdin(payload.to_owned())
        .output()
        .unwrap();
    agent.decision(&out)
}

#[test]
fn allow_deny_and_review_in_each_protocol() {
    let ws = Workspace::init();
    for agent in AGENTS {
        for args in [vec![], vec!["--agent", agent.name()]] {
            let run = |payload: Value| check(&ws, agent, &payload.to_string(), &args);
            assert_eq!(run(agent.shell(&ws, "ls -la")).0, "allow", "{agent:?}");
            let (d, reason) = run(agent.shell(&ws, "cd ~ && bash -c 'rm -rf .'"));
            assert_eq!(d, "deny", "{agent:?}");
            assert!(reason.contains("agsec blocked"), "{reason}");
            let (d, reason) = run(agent.write_env(&ws));
            assert_eq!(d, "deny", "{agent:?}: {reason}");
            let (d, reason) = run(agent.shell(&ws, "python3 -c 'print(1)'"));
            if matches!(agent, Agent::Cline) {
                // No prompt of its own: the pending queue, and a deny saying how to approve.
                assert_eq!(d, "deny", "{reason}");
                assert!(reason.contains("agsec approve"), "{reason}");
            } else {
                assert_eq!(d, "ask", "{agent:?}: {reason}");
                assert!(reason.contains("approval"), "{reason}");
            }
        }
    }
}

#[test]
fn cursor_payloads_with_a_bom_and_no_cwd_and_read_reviews() {
    let ws = Workspace::init();
    let mut read = Agent::cursor_base(&ws, "beforeReadFile");
    read["file_path"] = json!(ws.path().join(".env").display().to_string());
    read["content"] = json!("K=1");
    let payload = format!("\u{feff}{read}");
    let (d, reason) = check(&ws, Agent::Cursor, &payload, &[]);
    assert_eq!(d, "deny", "{reason}");
    // beforeReadFile takes no `ask`: a review there goes to the pending queue.
    ws.policy(
        "99-review.yaml",
        r#"
        version: "1.0"
        statements:
          - sid: ReviewReads
            effect: review
            actions: ["file.read"]
            reason: reads need a look
        "#,
    );
    read["file_path"] = json!(ws.path().join("README.md").display().to_string());
    let (d, reason) = check(&ws, Agent::Cursor, &read.to_string(), &[]);
    assert_eq!(d, "deny", "{reason}");
    assert!(reason.contains("agsec approve"), "{reason}");
}

#[test]
fn copilot_calls_through_claude_settings_get_copilot_answers() {
    // Copilot CLI also runs the hooks of `.claude/settings.json` (`--agent claude-code`).
    let ws = Workspace::init();
    let payload = Agent::Copilot.shell(&ws, "rm -rf ~").to_string();
    let (d, _) = check(&ws, Agent::Copilot, &payload, &["--agent", "claude-code"]);
    assert_eq!(d, "deny");
}

#[test]
fn every_failure_is_the_agents_own_deny() {
    let ws = Workspace::init();
    for agent in AGENTS {
        let forced = ["--agent", agent.name()];
        for bad in ["", "{\"tool_name\": ", "[1]", "\u{feff}"] {
            let (d, reason) = check(&ws, agent, bad, &forced);
            assert_eq!(d, "deny", "{agent:?} {bad:?}");
            assert!(reason.starts_with("agsec denied this call: "), "{reason}");
        }
        // A payload of the agent without what it is judged on.
        let mut payload = agent.shell(&ws, "ls");
        match agent {
            Agent::Gemini => payload["tool_input"] = json!({}),
            Agent::Copilot => payload["toolArgs"] = json!("{\"command\": "),
            Agent::Cursor => payload["command"] = json!(7),
            Agent::Cline => payload["preToolUse"]["parameters"] = json!({}),
        }
        let (d, reason) = check(&ws, agent, &payload.to_string(), &[]);
        assert_eq!(d, "deny", "{agent:?}: {reason}");
        // An internal error (a panic), detected from the payload without `--agent`.
        let out = ws
            .cmd()
            .arg("check")
            .env("AGSEC_DEBUG_PANIC", "check")
            .write_stdin(agent.shell(&ws, "ls").to_string())
            .output()
            .unwrap();
        let (d, reason) = agent.decision(&out);
        assert_eq!(d, "deny", "{agent:?}");
        assert!(reason.contains("internal error"), "{reason}");
    }
    // Policies that cannot be read.
    fs::write(ws.policies().join("60-bin.yaml"), [0xff, 0xfe, 0x00, 0x80]).unwrap();
    for agent in AGENTS {
        let (d, reason) = check(&ws, agent, &agent.shell(&ws, "ls").to_string(), &[]);
        assert_eq!(d, "deny", "{agent:?}");
        assert!(reason.contains("60-bin.yaml"), "{reason}");
    }
}

#[test]
fn install_doctor_and_uninstall() {
    let ws = Workspace::init();
    let cases = [
        (Agent::Gemini, ".gemini/settings.json", "BeforeTool"),
        (Agent::Copilot, ".github/hooks/agsec.json", "preToolUse"),
        (Agent::Cursor, ".cursor/hooks.json", "beforeShellExecution"),
        (Agent::Cline, ".clinerules/hooks/PreToolUse", ""),
    ];
    for (agent, file, key) in cases {
        let path = ws.path().join(file);
        if matches!(agent, Agent::Gemini) {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "{\"ui\": {\"theme\": \"dark\"}}").unwrap();
        }
        let first = ws.cmd().args(["install", agent.name()]).output().unwrap();
        assert!(first.status.success(), "{first:?}");
        let stdout = String::from_utf8_lossy(&first.stdout);
        assert!(stdout.contains("installed: agsec is the"), "{stdout}");
        assert!(stdout.contains("next: "), "{stdout}");
        if key.is_empty() {
            let script = fs::read_to_string(&path).unwrap();
            assert!(script.contains(" check --agent cline"), "{script}");
        } else {
            let doc: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            assert!(doc["hooks"][key].is_array(), "{doc}");
            if matches!(agent, Agent::Gemini) {
                assert_eq!(doc["ui"]["theme"], "dark");
            }
        }
        if matches!(agent, Agent::Gemini) {
            assert!(
                ws.path()
                    .join(".gemini/settings.json.agsec-backup")
                    .exists()
            );
        }
        let again = ws.cmd().args(["install", agent.name()]).output().unwrap();
        assert!(String::from_utf8_lossy(&again.stdout).starts_with("unchanged"));
    }
    let out = ws.cmd().args(["doctor", "--json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (agent, _, _) in cases {
        let section = report["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["agent"] == agent.name() && s["scope"] == "project")
            .unwrap_or_else(|| panic!("no {agent:?} section: {report}"));
        assert_eq!(section["installed"], true, "{section}");
        let status = |name: &str| {
            section["checks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == name)
                .map(|c| c["status"].as_str().unwrap_or("").to_owned())
        };
        assert_eq!(
            status("probe-dangerous").as_deref(),
            Some("ok"),
            "{section}"
        );
        assert_eq!(status("probe-harmless").as_deref(), Some("ok"), "{section}");
        assert_eq!(status("trust").as_deref(), Some("note"), "{section}");
    }
    assert_eq!(report["ok"], true, "{report}");
    for (agent, file, _) in cases {
        let out = ws
            .cmd()
            .args(["install", agent.name(), "--uninstall"])
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("removed"));
        if matches!(agent, Agent::Cline) {
            assert!(!ws.path().join(file).exists());
            continue;
        }
        let left: Value =
            serde_json::from_str(&fs::read_to_string(ws.path().join(file)).unwrap()).unwrap();
        let expected = match agent {
            Agent::Gemini => json!({"ui": {"theme": "dark"}}),
            _ => json!({}),
        };
        assert_eq!(left, expected);
    }
}

#[test]
fn user_scope_paths() {
    let ws = Workspace::new();
    let copilot_home = ws.root.path().join("copilot-home");
    for (agent, env, expected) in [
        ("gemini", None, ws.home().join(".gemini/settings.json")),
        ("copilot", None, ws.home().join(".copilot/hooks/agsec.json")),
        (
            "copilot",
            Some(copilot_home.clone()),
            copilot_home.join("hooks/agsec.json"),
        ),
        ("cursor", None, ws.home().join(".cursor/hooks.json")),
        (
            "cline",
            None,
            ws.home().join("Documents/Cline/Hooks/PreToolUse"),
        ),
    ] {
        let mut cmd = agsec();
        cmd.env("HOME", ws.home())
            .args(["install", agent, "--user"]);
        if let Some(dir) = env {
            cmd.env("COPILOT_HOME", dir);
        }
        cmd.assert().success();
        assert!(expected.exists(), "{}", expected.display());
    }
}
