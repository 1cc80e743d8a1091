//! `agsec doctor` through the binary, in a [`Workspace`] (project `ws/`, `$HOME` = `home/`, the
//! audit store `audit.db` beside them): nothing installed, installed hooks, a hook whose binary is
//! gone, broken policies, the probes and the JSON report. Texts are compared whole after
//! replacing the scratch root with `{ROOT}`, the binary with `{BIN}`, timings with `N ms` and
//! the way `check` names a blocked call with `{CALL}`.

use crate::support::Workspace;
use agsec::audit::AuditStore;
use serde_json::{Value, json};
use std::path::Path;

/// Denies any command starting with `rm`, allows the rest: a policy whose verdicts on the
/// probes do not depend on the shell analysis.
const DENY_RM: &str = r#"
default: allow
statements:
  - sid: NoRm
    effect: deny
    actions: ["bash.execute"]
    conditions:
      params.command: {op: starts_with, value: "rm"}
    reason: "no rm here"
"#;

fn doctor(ws: &Workspace, extra: &[&str]) -> (i32, String, String) {
    let out = ws
        .cmd()
        .env("SHELL", "/bin/sh")
        .arg("doctor")
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        normalize(ws, &String::from_utf8(out.stdout).unwrap()),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn binary() -> String {
    std::fs::canonicalize(assert_cmd::cargo::cargo_bin("agsec"))
        .unwrap()
        .display()
        .to_string()
}

fn normalize(ws: &Workspace, text: &str) -> String {
    let root = std::fs::canonicalize(ws.root.path()).unwrap();
    let ms = regex::Regex::new(r"\d+ ms").unwrap();
    // How `check` names the call depends on the shell analysis, not on doctor.
    let call = regex::Regex::new(r"agsec blocked (this Bash call|`[^`]*`):").unwrap();
    let text = text
        .replace(&binary(), "{BIN}")
        .replace(&root.display().to_string(), "{ROOT}");
    let text = ms.replace_all(&text, "N ms");
    call.replace_all(&text, "agsec blocked {CALL}:")
        .into_owned()
}

fn install(ws: &Workspace, agent: &str) {
    ws.cmd().args(["install", agent]).assert().success();
}

fn decisions(db: &Path) -> u64 {
    AuditStore::open(db).unwrap().count().unwrap()
}

#[test]
fn nothing_installed_is_a_problem_with_advice() {
    let ws = Workspace::new();
    let (code, stdout, stderr) = doctor(&ws, &[]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    assert_eq!(
        stdout,
        "\
agsec doctor: `{ROOT}/ws`
Claude Code, project scope ({ROOT}/ws/.claude/settings.json): not installed
Claude Code, user scope ({ROOT}/home/.claude/settings.json): not installed
Codex, project scope ({ROOT}/ws/.codex/hooks.json): not installed
Codex, user scope ({ROOT}/home/.codex/hooks.json): not installed
overall
  note Claude Code is not guarded by agsec
       help: run `agsec install claude-code` in the project to guard it
  note Codex is not guarded by agsec
       help: run `agsec install codex` in the project to guard it
  FAIL agsec is not installed for any agent: tool calls are not checked
       help: run `agsec init` then `agsec install claude-code` (or `agsec install codex`) in the project
1 problem(s) found
"
    );
}

#[test]
fn installed_for_claude_code_passes_and_leaves_the_audit_log_alone() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    install(&ws, "claude-code");
    let (code, stdout, stderr) = doctor(&ws, &[]);
    assert_eq!(
        stdout,
        "\
agsec doctor: `{ROOT}/ws`
Claude Code, project scope ({ROOT}/ws/.claude/settings.json)
  ok   installed: `{BIN} check --agent claude-code --policy-dir {ROOT}/ws/policies`
  ok   binary `{BIN}` exists and is executable
  ok   policies `{ROOT}/ws/policies`: 1 file(s), 1 statement(s), default allow
  ok   settings `{ROOT}/ws/agsec.yaml` absent: defaults apply
  ok   audit store `{ROOT}/audit.db` takes writes
  ok   `rm -rf ~` is stopped (exit 2, N ms): agsec blocked {CALL}: no rm here [policy NoRm]
  ok   `ls` passes (exit 0, N ms)
  note no PreSkillShellCommand hook, and `/nonexistent/agsec-test-claude --version` cannot be run to tell whether Claude Code has the event (new in 2.1.332): the shell lines of a slash command the person types may run unchecked
       help: set AGSEC_CLAUDE_BIN to the claude binary, then run `agsec install claude-code` in the project again
Claude Code, user scope ({ROOT}/home/.claude/settings.json): not installed
Codex, project scope ({ROOT}/ws/.codex/hooks.json): not installed
Codex, user scope ({ROOT}/home/.codex/hooks.json): not installed
overall
  note Codex is not guarded by agsec
       help: run `agsec install codex` in the project to guard it
(the probes were recorded in a temporary audit store, not in your audit log)
no problems found
"
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    // The store was written to (opened, a meta value set) but holds no decision.
    assert_eq!(decisions(&ws.audit_db()), 0);
}

#[test]
fn codex_hooks_are_probed_through_the_shell_and_trust_is_recalled() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    install(&ws, "codex");
    let (code, stdout, _) = doctor(&ws, &[]);
    let section: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Codex, project scope"))
        .take(11)
        .collect();
    assert_eq!(
        section,
        [
            "Codex, project scope ({ROOT}/ws/.codex/hooks.json)",
            "  ok   installed: `'{BIN}' check --agent codex --policy-dir '{ROOT}/ws/policies'`",
            "  ok   binary `{BIN}` exists and is executable",
            "  ok   policies `{ROOT}/ws/policies`: 1 file(s), 1 statement(s), default allow",
            "  ok   settings `{ROOT}/ws/agsec.yaml` absent: defaults apply",
            "  ok   audit store `{ROOT}/audit.db` takes writes",
            "  note Codex skips a new or changed hook until you trust it, and loads a project's hooks only when the project is trusted",
            "       help: open Codex, type `/hooks` and trust agsec's hook (agsec cannot see whether you did)",
            "  ok   `rm -rf ~` is stopped (exit 0, N ms): agsec blocked {CALL}: no rm here [policy NoRm]",
            "  ok   `ls` passes (exit 0, N ms)",
            "Codex, user scope ({ROOT}/home/.codex/hooks.json): not installed",
        ]
    );
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(decisions(&ws.audit_db()), 0);
}

#[test]
fn a_hook_whose_binary_is_gone_fails() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    ws.file(
        ".claude/settings.json",
        r#"{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [
            {"type": "command", "command": "/nonexistent/agsec", "args": ["check", "--agent", "claude-code"],
             "timeout": 30, "onFailure": "block"}]}]}}"#,
    );
    let (code, stdout, _) = doctor(&ws, &[]);
    assert_eq!(code, 1);
    let section: Vec<&str> = stdout.lines().skip(1).take(12).collect();
    assert_eq!(
        section,
        [
            "Claude Code, project scope ({ROOT}/ws/.claude/settings.json)",
            "  ok   installed: `/nonexistent/agsec check --agent claude-code`",
            "  FAIL the hook runs `/nonexistent/agsec`, which does not exist",
            "       help: run `agsec install claude-code` in the project again with the agsec binary to use (this one is `{BIN}`)",
            "  ok   policies `{ROOT}/ws/policies`: 1 file(s), 1 statement(s), default allow",
            "  ok   settings `{ROOT}/ws/agsec.yaml` absent: defaults apply",
            "  ok   audit store `{ROOT}/audit.db` takes writes",
            "  FAIL `rm -rf ~`: the hook command cannot start: No such file or directory (os error 2)",
            "  FAIL `ls`: the hook command cannot start: No such file or directory (os error 2)",
            "  note no PreSkillShellCommand hook, and `/nonexistent/agsec-test-claude --version` cannot be run to tell whether Claude Code has the event (new in 2.1.332): the shell lines of a slash command the person types may run unchecked",
            "       help: set AGSEC_CLAUDE_BIN to the claude binary, then run `agsec install claude-code` in the project again",
            "Claude Code, user scope ({ROOT}/home/.claude/settings.json): not installed",
        ]
    );
    assert!(stdout.ends_with("3 problem(s) found\n"), "{stdout}");
}

#[test]
fn broken_policies_fail_with_their_location() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    ws.policy(
        "02-bad.yaml",
        r#"
statements:
  - sid: Bad
    effect: deny
    actions: ["bash.execute"]
    conditions:
      params.command: {op: regexp, value: "x"}
"#,
    );
    install(&ws, "claude-code");
    let (code, stdout, _) = doctor(&ws, &[]);
    assert_eq!(code, 1);
    let policies = stdout.lines().find(|l| l.contains("policies `")).unwrap();
    let help = stdout
        .lines()
        .skip_while(|l| !l.contains("policies `"))
        .nth(1)
        .unwrap();
    assert_eq!(
        policies,
        "  FAIL policies `{ROOT}/ws/policies` do not load, so every call is denied: {ROOT}/ws/policies/02-bad.yaml:6:23: unknown operator `regexp` in condition `params.command` of statement `Bad`"
    );
    assert_eq!(
        help,
        "       help: did you mean `regex`? operators: ==, !=, >, <, >=, <=, in, not_in, contains, starts_with, ends_with, regex, exists, not_exists; run `agsec validate {ROOT}/ws/policies` to see every problem (1 in all)"
    );
    // `check` denies every call then: the dangerous probe is stopped, the harmless one too.
    assert!(
        stdout.contains("  ok   `rm -rf ~` is stopped (exit 2, N ms): agsec denied this call: the policies in {ROOT}/ws/policies do not load"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  FAIL `ls` is blocked (exit 2, N ms): agsec denied this call"),
        "{stdout}"
    );
}

#[test]
fn probes_that_get_through_or_narrow_matchers_fail() {
    let ws = Workspace::new();
    ws.policy("01.yaml", "default: allow\nstatements: []\n");
    ws.file(
        ".claude/settings.json",
        &format!(
            r#"{{"hooks": {{"PreToolUse": [{{"matcher": "Write", "hooks": [
                {{"type": "command", "command": "{}", "args": ["check", "--agent", "claude-code"]}}]}}]}}}}"#,
            binary()
        ),
    );
    let (code, stdout, _) = doctor(&ws, &[]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().skip(2).take(6).collect();
    assert_eq!(
        lines,
        [
            "  ok   installed: `{BIN} check --agent claude-code`",
            "  FAIL the hook only sees tools matching `Write`; other tool calls are not checked",
            "       help: run `agsec install claude-code` in the project again (it registers the hook for every tool, `*`)",
            "  warn no `onFailure: \"block\"`: if agsec crashes or times out, Claude Code runs the call",
            "       help: run `agsec install claude-code` in the project again",
            "  ok   binary `{BIN}` exists and is executable",
        ]
    );
    // The policies allow everything, but deleting the home deletes agsec's hook settings:
    // self-protection stops the probe whatever the policies say.
    assert!(
        stdout.contains("  ok   `rm -rf ~` is stopped (exit 2, N ms)")
            && stdout.contains("are protected from the agent"),
        "{stdout}"
    );
    assert!(stdout.ends_with("1 problem(s) found\n"), "{stdout}");
}

#[test]
fn unwritable_audit_stores_and_bad_settings_fail() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    ws.file("agsec.yaml", "review:\n  timout: 5\n");
    install(&ws, "claude-code");
    // A store under a regular file cannot be created, even by root.
    ws.file("blocker", "");
    let out = ws
        .cmd()
        .env("AGSEC_AUDIT_DB", ws.path().join("blocker/audit.db"))
        .arg("doctor")
        .output()
        .unwrap();
    let stdout = normalize(&ws, &String::from_utf8(out.stdout).unwrap());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains(
            "  FAIL settings do not load, so every call is denied: {ROOT}/ws/agsec.yaml:2:3: unknown field `timout`"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  FAIL the audit store cannot be written, so calls are denied (or spooled): `{ROOT}/ws/blocker`: "),
        "{stdout}"
    );
}

#[test]
fn json_report_for_scripts() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    install(&ws, "claude-code");
    install(&ws, "codex");
    let (code, stdout, _) = doctor(&ws, &["--json"]);
    assert_eq!(code, 0, "{stdout}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["problems"], 0);
    assert_eq!(report["project"], "{ROOT}/ws");
    let sections: Vec<Value> = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let checks: Vec<Value> = s["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| json!([c["name"], c["status"]]))
                .collect();
            json!({"agent": s["agent"], "scope": s["scope"], "installed": s["installed"], "checks": checks})
        })
        .collect();
    let ok = |name: &str| json!([name, "ok"]);
    let common = [
        ok("installed"),
        ok("binary"),
        ok("policies"),
        ok("settings"),
        ok("audit"),
    ];
    let mut codex = common.to_vec();
    codex.extend([
        json!(["trust", "note"]),
        ok("probe-dangerous"),
        ok("probe-harmless"),
    ]);
    let mut claude = common.to_vec();
    claude.extend([
        ok("probe-dangerous"),
        ok("probe-harmless"),
        json!(["skill-shell", "note"]),
    ]);
    assert_eq!(
        sections,
        [
            json!({"agent": "claude-code", "scope": "project", "installed": true, "checks": claude}),
            json!({"agent": "claude-code", "scope": "user", "installed": false, "checks": []}),
            json!({"agent": "codex", "scope": "project", "installed": true, "checks": codex}),
            json!({"agent": "codex", "scope": "user", "installed": false, "checks": []}),
        ]
    );
    assert_eq!(report["checks"], json!([]));
    let probe = &report["sections"][2]["checks"][6];
    assert_eq!(
        probe["message"],
        "`rm -rf ~` is stopped (exit 0, N ms): agsec blocked {CALL}: no rm here [policy NoRm]"
    );
}

#[test]
fn the_default_policies_pass_for_both_agents() {
    let ws = Workspace::init();
    install(&ws, "claude-code");
    install(&ws, "codex");
    let (code, stdout, _) = doctor(&ws, &[]);
    let probes: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("`rm -rf ~`") || l.contains("`ls`"))
        .map(|l| l.split_once(" (").map_or(l, |(start, _)| start))
        .collect();
    assert_eq!(
        probes,
        [
            "  ok   `rm -rf ~` is stopped",
            "  ok   `ls` passes",
            "  ok   `rm -rf ~` is stopped",
            "  ok   `ls` passes",
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains("agsec blocked {CALL}: Deleting files outside the workspace"),
        "{stdout}"
    );
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn claude_codes_local_settings_count() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    install(&ws, "claude-code");
    let installed = ws.path().join(".claude/settings.json");
    std::fs::rename(&installed, ws.path().join(".claude/settings.local.json")).unwrap();
    let (code, stdout, _) = doctor(&ws, &[]);
    let headers: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .take(4)
        .collect();
    assert_eq!(
        headers,
        [
            "agsec doctor: `{ROOT}/ws`",
            "Claude Code, project scope ({ROOT}/ws/.claude/settings.json): not installed",
            "Claude Code, project-local scope ({ROOT}/ws/.claude/settings.local.json)",
            "Claude Code, user scope ({ROOT}/home/.claude/settings.json): not installed",
        ]
    );
    assert!(
        stdout.contains("  ok   `rm -rf ~` is stopped (exit 2"),
        "{stdout}"
    );
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn unreadable_settings_files_fail_with_their_location() {
    let ws = Workspace::new();
    ws.file(".codex/hooks.json", "{\"hooks\": {\"PreToolUse\": [1]}}");
    let (code, stdout, _) = doctor(&ws, &[]);
    let lines: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Codex, project scope"))
        .take(3)
        .collect();
    assert_eq!(
        lines,
        [
            "Codex, project scope ({ROOT}/ws/.codex/hooks.json): not installed",
            "  FAIL Codex cannot read its settings: {ROOT}/ws/.codex/hooks.json: unexpected settings shape: `hooks.PreToolUse[0]` is a JSON number, expected an object",
            "       help: fix the file by hand and run the command again; agsec left it untouched",
        ]
    );
    assert_eq!(code, 1);
}

/// The doctor's checks named `name` in the Claude Code project section: (status, message).
fn named_checks(ws: &Workspace, name: &str) -> (i32, Vec<(String, String)>) {
    let (code, stdout, _) = doctor(ws, &["--json"]);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let checks = report["sections"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == name)
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_owned(),
                c["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (code, checks)
}

/// The one policy cache file under the workspace's home.
fn policy_cache(ws: &Workspace) -> std::path::PathBuf {
    let dir = ws.home().join(".cache/agsec/policies");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.pop().unwrap()
}

/// A policy cache (format `agsecpc3`) with every checksum made valid again, as a forger would:
/// each statement's (in the offset table, the front part's last section) and the front part's.
fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let word = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize;
    let blob = 40 + word(&bytes, 32);
    let mut at = 40;
    for _ in 0..2 {
        at += 4 + word(&bytes, at);
    }
    let table = at + 4;
    // 17 bytes per statement: offset, length, checksum, effect.
    for entry in (table..table + word(&bytes, at)).step_by(17) {
        let (offset, len) = (word(&bytes, entry), word(&bytes, entry + 4));
        let checksum = xxhash_rust::xxh3::xxh3_64(&bytes[blob + offset..blob + offset + len]);
        bytes[entry + 8..entry + 16].copy_from_slice(&checksum.to_le_bytes());
    }
    let checksum = xxhash_rust::xxh3::xxh3_64(&bytes[32..blob]);
    bytes[24..32].copy_from_slice(&checksum.to_le_bytes());
    bytes
}

#[test]
fn a_tampered_policy_cache_is_reported() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    install(&ws, "claude-code");
    ws.check_claude(&ws.claude_bash("ls")).code(0);
    let cache = policy_cache(&ws);
    assert_eq!(named_checks(&ws, "policy-cache"), (0, vec![]), "current");

    // A byte changed: checks ignore the cache, the doctor warns.
    let mut bytes = std::fs::read(&cache).unwrap();
    *bytes.last_mut().unwrap() ^= 1;
    std::fs::write(&cache, &bytes).unwrap();
    let (code, checks) = named_checks(&ws, "policy-cache");
    assert_eq!(code, 0);
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert_eq!(checks[0].0, "warn");
    assert!(
        checks[0]
            .1
            .contains("is damaged or tampered with (its checksum does not match its content)"),
        "{checks:?}"
    );

    // Forged: same length, the checksum made valid again. Checks would use it: a failure.
    // (The probes above rewrote the cache.)
    let mut bytes = std::fs::read(&cache).unwrap();
    let at = bytes.windows(10).position(|w| w == b"no rm here").unwrap();
    bytes[at..at + 10].copy_from_slice(b"go ahead!!");
    std::fs::write(&cache, resealed(bytes)).unwrap();
    let (code, checks) = named_checks(&ws, "policy-cache");
    assert_eq!(code, 1);
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert_eq!(checks[0].0, "fail");
    assert!(
        checks[0]
            .1
            .contains("was tampered with: its key and checksum are valid but")
            && checks[0]
                .1
                .contains("checks use it instead of the policies"),
        "{checks:?}"
    );

    // Garbage in its place.
    std::fs::write(&cache, "{not a cache").unwrap();
    let (_, checks) = named_checks(&ws, "policy-cache");
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert!(
        checks[0].1.contains("not an agsec policy cache"),
        "{checks:?}"
    );

    // The policies edited since the last check: a note, not a problem.
    ws.check_claude(&ws.claude_bash("ls")).code(0);
    ws.policy("01.yaml", &format!("{DENY_RM}\n# edited\n"));
    let (code, checks) = named_checks(&ws, "policy-cache");
    assert_eq!(code, 0);
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert_eq!(checks[0].0, "note");
}

#[test]
fn the_skill_shell_hook_is_checked_against_the_claude_code_version() {
    let ws = Workspace::new();
    ws.policy("01.yaml", DENY_RM);
    let claude = ws.root.path().join("claude");
    let version = |v: &str| {
        std::fs::write(&claude, format!("#!/bin/sh\necho '{v} (Claude Code)'\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&claude, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    };
    let skill_shell = || {
        let out = ws
            .cmd()
            .env("SHELL", "/bin/sh")
            .env("AGSEC_CLAUDE_BIN", &claude)
            .args(["doctor", "--json"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let checks: Vec<(String, String)> = report["sections"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["name"] == "skill-shell")
            .map(|c| {
                (
                    c["status"].as_str().unwrap().to_owned(),
                    normalize(&ws, c["message"].as_str().unwrap()),
                )
            })
            .collect();
        checks
    };
    let install_with = |v: &str| {
        version(v);
        ws.cmd()
            .env("AGSEC_CLAUDE_BIN", &claude)
            .args(["install", "claude-code"])
            .assert()
            .success();
    };
    install_with("2.1.331");
    assert_eq!(
        skill_shell(),
        [(
            "note".to_owned(),
            "Claude Code 2.1.331 has no PreSkillShellCommand hook event (new in 2.1.332): the shell lines of a slash command the person types run unchecked".to_owned()
        )]
    );
    version("2.1.332");
    assert_eq!(
        skill_shell(),
        [(
            "warn".to_owned(),
            "Claude Code 2.1.332 has the PreSkillShellCommand hook event, but agsec is not registered for it: the shell lines of a slash command the person types run unchecked".to_owned()
        )]
    );
    install_with("2.1.332");
    assert_eq!(
        skill_shell(),
        [(
            "ok".to_owned(),
            "PreSkillShellCommand hook registered: the shell lines of skills and slash commands are checked (Claude Code 2.1.332)".to_owned()
        )]
    );
    std::fs::remove_file(&claude).unwrap();
    let checks = skill_shell();
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].0, "note");
    assert!(
        checks[0].1.starts_with(
            "PreSkillShellCommand hook registered; could not run `{ROOT}/claude --version`"
        ),
        "{checks:?}"
    );
}
