//! Probing an installed hook: one tool call fed through the exact command the agent would run
//! (the same words, the same shell, the project as working directory) and the reply read the way
//! that agent reads it: blocked, asked, run, or not understood (`docs/hook-protocols.md`).
//! Nothing here judges the call; the hook does.

use super::installed::{InstalledHook, Invocation};
use crate::agents::Agent;
use serde_json::{Value, json};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of a hook command gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookRun {
    /// The exit code; `None` when killed by a signal or after the timeout.
    pub exit_code: Option<i32>,
    /// What it wrote to stdout (lossy UTF-8).
    pub stdout: String,
    /// What it wrote to stderr (lossy UTF-8).
    pub stderr: String,
    /// Whether the run was stopped because it took longer than the timeout.
    pub timed_out: bool,
    /// Wall time from spawning the command to its exit (or to the kill after the timeout).
    pub elapsed: Duration,
}

/// How the agent treats a hook's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The call runs (the hook had no opinion, or allowed it).
    Runs,
    /// The call is blocked; the model reads `reason`.
    Blocked {
        /// The reason the hook gave, as the agent shows it.
        reason: String,
    },
    /// Claude Code asks the person with `reason` (in `-p` mode nobody can answer: refused).
    Asks {
        /// The question's reason, as the hook gave it.
        reason: String,
    },
    /// A reply the agent does not understand: it reports a hook error and runs the call
    /// (Claude Code blocks it instead when the hook has `onFailure: "block"`).
    Misread {
        /// What in the reply the agent could not read.
        why: String,
    },
}

/// A PreToolUse payload in `agent`'s shape for a shell call of `command` made in `cwd`, marked
/// as coming from `agsec doctor` (session and tool-use ids).
pub fn bash_payload(agent: Agent, cwd: &Path, command: &str) -> String {
    let cwd = cwd.display().to_string();
    let payload = match agent {
        Agent::Codex => json!({
            "session_id": "agsec-doctor",
            "turn_id": "agsec-doctor",
            "transcript_path": null,
            "cwd": cwd,
            "hook_event_name": "PreToolUse",
            "model": "gpt-5.5",
            "permission_mode": "bypassPermissions",
            "tool_name": "Bash",
            "tool_input": {"command": command},
            "tool_use_id": "call_agsec_doctor",
        }),
        Agent::Gemini => json!({
            "session_id": "agsec-doctor",
            "transcript_path": "/dev/null",
            "cwd": cwd,
            "hook_event_name": "BeforeTool",
            "timestamp": "1970-01-01T00:00:00.000Z",
            "tool_name": "run_shell_command",
            "tool_input": {"command": command, "description": "agsec doctor probe"},
        }),
        Agent::Copilot => json!({
            "sessionId": "agsec-doctor",
            "timestamp": 0,
            "cwd": cwd,
            "toolName": "bash",
            "toolArgs": json!({"command": command, "description": "agsec doctor probe"}).to_string(),
        }),
        Agent::Cursor => json!({
            "conversation_id": "agsec-doctor",
            "generation_id": "agsec-doctor",
            "model": "agsec-doctor",
            "hook_event_name": "beforeShellExecution",
            "cursor_version": "agsec-doctor",
            "workspace_roots": [cwd],
            "user_email": null,
            "command": command,
            "cwd": cwd,
        }),
        Agent::Cline => json!({
            "clineVersion": "agsec-doctor",
            "hookName": "PreToolUse",
            "timestamp": "0",
            "taskId": "agsec-doctor",
            "workspaceRoots": [cwd],
            "userId": "agsec-doctor",
            "preToolUse": {"toolName": "execute_command",
                           "parameters": {"command": command, "requires_approval": "false"}},
        }),
        Agent::ClaudeCode | Agent::Plain => json!({
            "session_id": "agsec-doctor",
            "transcript_path": "/dev/null",
            "cwd": cwd,
            "permission_mode": "default",
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": {"command": command, "description": "agsec doctor probe"},
            "tool_use_id": "toolu_agsec_doctor",
        }),
    };
    payload.to_string()
}

/// Runs `hook` as `agent` would: Claude Code's exec form directly (a command string through
/// `sh -c`), Codex's command string through `$SHELL -lc` (`/bin/sh` when `SHELL` is unset), with
/// `cwd` as working directory, `payload` on stdin and `env` added to this process's environment.
/// The run is killed after `timeout`. Errs only when the command cannot be started.
pub fn run_hook(
    hook: &InstalledHook,
    agent: Agent,
    payload: &str,
    cwd: &Path,
    env: &[(&str, OsString)],
    timeout: Duration,
) -> std::io::Result<HookRun> {
    let mut command = match (&hook.invocation, agent) {
        (Invocation::Exec { program, args }, _) => {
            let mut command = Command::new(program);
            command.args(args);
            command
        }
        (Invocation::Shell(line), Agent::Codex) => {
            let shell = std::env::var_os("SHELL")
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| OsString::from("/bin/sh"));
            let mut command = Command::new(shell);
            command.arg("-lc").arg(line);
            command
        }
        (Invocation::Shell(line), _) => {
            let mut command = Command::new("sh");
            command.arg("-c").arg(line);
            command
        }
    };
    if agent == Agent::ClaudeCode {
        command.env("CLAUDE_PROJECT_DIR", cwd);
    }
    command
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn()?;
    // The pipes are served from threads so a hook that writes before it reads cannot deadlock.
    let stdin = child.stdin.take().map(|mut pipe| {
        let payload = payload.to_owned();
        std::thread::spawn(move || {
            // A hook that exits without reading closes the pipe: not an error of the probe.
            let _ = pipe.write_all(payload.as_bytes());
        })
    });
    let stdout = child.stdout.take().map(read_all);
    let stderr = child.stderr.take().map(read_all);
    // std has no wait with a timeout; polling try_wait is the portable way without a crate.
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() >= timeout {
            timed_out = true;
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    if let Some(handle) = stdin {
        let _ = handle.join();
    }
    let collect = |handle: Option<std::thread::JoinHandle<String>>| {
        handle.and_then(|h| h.join().ok()).unwrap_or_default()
    };
    Ok(HookRun {
        exit_code: status.and_then(|s| s.code()),
        stdout: collect(stdout),
        stderr: collect(stderr),
        timed_out,
        elapsed,
    })
}

fn read_all(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// How `agent` treats the reply of `run` (the tables in `docs/hook-protocols.md`).
pub fn read_reply(agent: Agent, run: &HookRun) -> Verdict {
    let misread = |why: String| Verdict::Misread { why };
    if run.timed_out {
        return misread(format!(
            "no reply within {:.0}s (the agent gives up on the hook)",
            run.elapsed.as_secs_f64()
        ));
    }
    let stderr = run.stderr.trim();
    if agent == Agent::Gemini {
        return read_gemini_reply(run);
    }
    if matches!(agent, Agent::Cursor | Agent::Cline) {
        return read_json_reply(agent, run);
    }
    match run.exit_code {
        Some(0) if agent == Agent::Copilot => {}
        Some(code) if agent == Agent::Copilot => {
            return misread(format!(
                "exit code {code} (Copilot CLI skips a failed hook and runs the call)"
            ));
        }
        Some(0) => {}
        Some(2) if agent == Agent::Codex && stderr.is_empty() => {
            return misread("exit 2 without a message on stderr (Codex runs the call)".to_owned());
        }
        Some(2) => {
            return Verdict::Blocked {
                reason: stderr.to_owned(),
            };
        }
        Some(code) => {
            return misread(format!(
                "exit code {code}{}",
                first_line(stderr).map_or_else(String::new, |line| format!(": {line}"))
            ));
        }
        None => return misread("killed by a signal".to_owned()),
    }
    let stdout = run.stdout.trim();
    if stdout.is_empty() {
        return Verdict::Runs;
    }
    let Ok(Value::Object(reply)) = serde_json::from_str::<Value>(stdout) else {
        return misread(format!(
            "stdout is not one JSON object: `{}`",
            first_line(stdout).unwrap_or_default()
        ));
    };
    let text = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    // Copilot CLI's own form has the decision at the top level.
    let top = Value::Object(reply.clone());
    let specific = if agent == Agent::Copilot && reply.contains_key("permissionDecision") {
        Some(&top)
    } else {
        reply.get("hookSpecificOutput")
    };
    let decision = specific.and_then(|s| s.get("permissionDecision"));
    let reason = text(specific.and_then(|s| s.get("permissionDecisionReason")));
    let legacy_block = reply.get("decision").and_then(Value::as_str) == Some("block");
    let legacy_reason = text(reply.get("reason"));
    match (decision.and_then(Value::as_str), agent) {
        (Some("deny"), Agent::Codex) if reason.is_empty() => {
            misread("a deny without a reason (Codex runs the call)".to_owned())
        }
        (Some("deny"), _) => Verdict::Blocked { reason },
        (Some("ask"), Agent::Codex) => {
            misread("`ask`, which Codex does not support (it runs the call)".to_owned())
        }
        (Some("ask"), _) => Verdict::Asks { reason },
        (Some("allow"), _) => Verdict::Runs,
        (Some(other), _) => misread(format!("unknown permissionDecision `{other}`")),
        (None, _) if decision.is_some() => misread("permissionDecision is not a string".to_owned()),
        (None, Agent::Codex) if legacy_block && legacy_reason.is_empty() => {
            misread("a block without a reason (Codex runs the call)".to_owned())
        }
        (None, _) if legacy_block => Verdict::Blocked {
            reason: legacy_reason,
        },
        (None, _) => Verdict::Runs,
    }
}

/// Gemini CLI: exit 2 blocks with stderr as the reason; exit 0 reads `decision` from stdout JSON
/// (`deny`/`block`, `ask`, `allow`); any other exit code is a warning and the call runs.
fn read_gemini_reply(run: &HookRun) -> Verdict {
    let misread = |why: String| Verdict::Misread { why };
    match run.exit_code {
        Some(0) => {}
        Some(2) => {
            return Verdict::Blocked {
                reason: run.stderr.trim().to_owned(),
            };
        }
        Some(code) => {
            return misread(format!(
                "exit code {code} (Gemini CLI warns and runs the call)"
            ));
        }
        None => return misread("killed by a signal".to_owned()),
    }
    let stdout = run.stdout.trim();
    if stdout.is_empty() {
        return Verdict::Runs;
    }
    let Ok(Value::Object(reply)) = serde_json::from_str::<Value>(stdout) else {
        return Verdict::Runs; // Gemini CLI takes plain text on exit 0 as `allow`.
    };
    let reason = reply
        .get("reason")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned();
    match reply.get("decision").and_then(Value::as_str) {
        Some("deny" | "block") => Verdict::Blocked { reason },
        Some("ask") => Verdict::Asks { reason },
        Some("allow" | "approve") | None => Verdict::Runs,
        Some(other) => misread(format!("unknown decision `{other}`")),
    }
}

/// Cursor (`permission`) and Cline (`cancel`): exit 0 and one JSON object; anything else is not
/// understood (Cursor then blocks only with `failClosed`; Cline runs the call).
fn read_json_reply(agent: Agent, run: &HookRun) -> Verdict {
    let misread = |why: String| Verdict::Misread { why };
    if run.exit_code != Some(0) {
        return misread(format!("exit code {:?}", run.exit_code));
    }
    let stdout = run.stdout.trim();
    if agent == Agent::Cline && stdout.is_empty() {
        return Verdict::Runs;
    }
    let Ok(Value::Object(reply)) = serde_json::from_str::<Value>(stdout) else {
        return misread(format!(
            "stdout is not one JSON object: `{}`",
            first_line(stdout).unwrap_or_default()
        ));
    };
    let text = |key: &str| {
        reply
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    if agent == Agent::Cline {
        return match reply.get("cancel") {
            Some(Value::Bool(true)) => Verdict::Blocked {
                reason: text("errorMessage"),
            },
            Some(Value::Bool(false)) | None => Verdict::Runs,
            Some(_) => misread("`cancel` is not a boolean".to_owned()),
        };
    }
    match reply.get("permission").and_then(Value::as_str) {
        Some("deny") => Verdict::Blocked {
            reason: text("agent_message"),
        },
        Some("ask") => Verdict::Asks {
            reason: text("user_message"),
        },
        Some("allow") => Verdict::Runs,
        other => misread(format!("no known `permission` ({other:?})")),
    }
}

fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|line| !line.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::{Outcome, reply};
    use std::path::PathBuf;

    fn run(exit_code: Option<i32>, stdout: &str, stderr: &str) -> HookRun {
        HookRun {
            exit_code,
            stdout: stdout.to_owned(),
            stderr: stderr.to_owned(),
            timed_out: false,
            elapsed: Duration::from_millis(5),
        }
    }

    fn blocked(reason: &str) -> Verdict {
        Verdict::Blocked {
            reason: reason.to_owned(),
        }
    }

    fn misread(why: &str) -> Verdict {
        Verdict::Misread {
            why: why.to_owned(),
        }
    }

    const DENY: &str = r#"{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"}}"#;
    const DENY_NO_REASON: &str =
        r#"{"hookSpecificOutput":{"permissionDecision":"deny","permissionDecisionReason":" "}}"#;
    const ASK: &str =
        r#"{"hookSpecificOutput":{"permissionDecision":"ask","permissionDecisionReason":"why"}}"#;
    const ALLOW: &str = r#"{"hookSpecificOutput":{"permissionDecision":"allow"}}"#;

    #[test]
    fn replies_read_as_each_agent_reads_them() {
        use Agent::{ClaudeCode as C, Codex as X};
        let cases = [
            (C, run(Some(0), "", ""), Verdict::Runs),
            (X, run(Some(0), "\n", "noise"), Verdict::Runs),
            (C, run(Some(2), "", "blocked: x\n"), blocked("blocked: x")),
            (C, run(Some(2), "", ""), blocked("")),
            (X, run(Some(2), "", "blocked: x"), blocked("blocked: x")),
            (
                X,
                run(Some(2), "", " \n"),
                misread("exit 2 without a message on stderr (Codex runs the call)"),
            ),
            (C, run(Some(0), DENY, ""), blocked("no")),
            (X, run(Some(0), DENY, ""), blocked("no")),
            (C, run(Some(0), DENY_NO_REASON, ""), blocked("")),
            (
                X,
                run(Some(0), DENY_NO_REASON, ""),
                misread("a deny without a reason (Codex runs the call)"),
            ),
            (
                C,
                run(Some(0), ASK, ""),
                Verdict::Asks {
                    reason: "why".to_owned(),
                },
            ),
            (
                X,
                run(Some(0), ASK, ""),
                misread("`ask`, which Codex does not support (it runs the call)"),
            ),
            (C, run(Some(0), ALLOW, ""), Verdict::Runs),
            (X, run(Some(0), ALLOW, ""), Verdict::Runs),
            (
                X,
                run(Some(0), r#"{"decision":"block","reason":"old"}"#, ""),
                blocked("old"),
            ),
            (
                X,
                run(Some(0), r#"{"decision":"block"}"#, ""),
                misread("a block without a reason (Codex runs the call)"),
            ),
            (
                C,
                run(
                    Some(0),
                    r#"{"hookSpecificOutput":{"permissionDecision":"maybe"}}"#,
                    "",
                ),
                misread("unknown permissionDecision `maybe`"),
            ),
            (
                X,
                run(Some(0), "Welcome to bash!\n{}", ""),
                misread("stdout is not one JSON object: `Welcome to bash!`"),
            ),
            (C, run(Some(0), r#"{"continue": true}"#, ""), Verdict::Runs),
            (
                C,
                run(Some(127), "", "sh: 1: /gone/agsec: not found\n"),
                misread("exit code 127: sh: 1: /gone/agsec: not found"),
            ),
            (X, run(Some(1), "", ""), misread("exit code 1")),
            (C, run(None, "", ""), misread("killed by a signal")),
        ];
        for (agent, run, expected) in cases {
            assert_eq!(read_reply(agent, &run), expected, "{agent} {run:?}");
        }
        let slow = HookRun {
            timed_out: true,
            elapsed: Duration::from_secs(30),
            ..run(None, "", "")
        };
        assert_eq!(
            read_reply(Agent::Codex, &slow),
            misread("no reply within 30s (the agent gives up on the hook)")
        );
    }

    /// agsec's own replies are read back as what they mean.
    #[test]
    fn agsec_replies_read_back() {
        let deny = Outcome::Deny {
            reason: "r".to_owned(),
        };
        let ask = Outcome::Ask {
            reason: "r".to_owned(),
        };
        let cases = [
            (Agent::ClaudeCode, Outcome::Allow, Verdict::Runs),
            (Agent::ClaudeCode, deny.clone(), blocked("r")),
            (
                Agent::ClaudeCode,
                ask.clone(),
                Verdict::Asks {
                    reason: "r".to_owned(),
                },
            ),
            (Agent::Codex, Outcome::Allow, Verdict::Runs),
            (Agent::Codex, deny, blocked("r")),
            (
                Agent::Codex,
                ask,
                blocked("a person must approve this action: r"),
            ),
        ];
        for (agent, outcome, expected) in cases {
            let reply = reply(agent, &outcome);
            let run = run(
                Some(i32::from(reply.exit_code)),
                &reply.stdout,
                &reply.stderr,
            );
            assert_eq!(read_reply(agent, &run), expected, "{agent} {outcome:?}");
        }
    }

    #[test]
    fn payloads_parse_as_the_agent_they_imitate() {
        for agent in [Agent::ClaudeCode, Agent::Codex] {
            let payload = bash_payload(agent, Path::new("/p"), "rm -rf ~");
            let call = crate::agents::parse(&payload, None).unwrap();
            assert_eq!(call.meta.agent, agent);
            assert_eq!(call.meta.cwd_path(), Some(Path::new("/p")));
            assert_eq!(call.actions.len(), 1);
            assert_eq!(call.actions[0].name, "bash.execute");
            assert_eq!(call.actions[0].params["command"], "rm -rf ~");
        }
    }

    fn hook(invocation: Invocation) -> InstalledHook {
        InstalledHook {
            settings: PathBuf::new(),
            matcher: None,
            invocation,
            argv: vec!["x".to_owned(), "check".to_owned()],
            timeout: None,
            on_failure: None,
        }
    }

    #[cfg(unix)]
    #[test]
    fn runs_the_command_as_the_agent_does() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = std::fs::canonicalize(dir.path()).unwrap();
        let echo =
            "read -r line; printf '%s|%s|%s' \"$PWD\" \"$PROBE\" \"$line\"; echo err >&2; exit 3";
        let cases = [
            (
                Agent::ClaudeCode,
                Invocation::Exec {
                    program: "sh".to_owned(),
                    args: vec!["-c".to_owned(), echo.to_owned()],
                },
            ),
            (Agent::ClaudeCode, Invocation::Shell(echo.to_owned())),
            (Agent::Codex, Invocation::Shell(echo.to_owned())),
        ];
        for (agent, invocation) in cases {
            let env = [("PROBE", OsString::from("v"))];
            let done = run_hook(
                &hook(invocation.clone()),
                agent,
                "{\"a\":1}\n",
                &cwd,
                &env,
                Duration::from_secs(20),
            )
            .unwrap();
            assert_eq!(
                done.stdout,
                format!("{}|v|{{\"a\":1}}", cwd.display()),
                "{invocation:?}"
            );
            assert_eq!(done.stderr.lines().last(), Some("err"), "{invocation:?}");
            assert_eq!((done.exit_code, done.timed_out), (Some(3), false));
        }
    }

    #[cfg(unix)]
    #[test]
    fn slow_hooks_are_stopped_and_missing_programs_do_not_start() {
        let dir = tempfile::tempdir().unwrap();
        let slow = hook(Invocation::Exec {
            program: "sleep".to_owned(),
            args: vec!["5".to_owned()],
        });
        let done = run_hook(
            &slow,
            Agent::ClaudeCode,
            "{}",
            dir.path(),
            &[],
            Duration::from_millis(100),
        )
        .unwrap();
        assert!(done.timed_out);
        assert_eq!(done.exit_code, None);
        assert!(done.elapsed < Duration::from_secs(4), "{:?}", done.elapsed);
        let missing = hook(Invocation::Exec {
            program: "/nonexistent/agsec".to_owned(),
            args: vec![],
        });
        let err = run_hook(
            &missing,
            Agent::ClaudeCode,
            "{}",
            dir.path(),
            &[],
            Duration::from_secs(1),
        )
        .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }
}
