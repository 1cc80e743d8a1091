//! `agsec explain` and `agsec check --explain`: the human output (insta snapshots, temp paths
//! normalised), the `--json` shape, exit codes, errors, and that an explanation's decision is
//! `judge`'s for every call of the red-team and shared corpora.

use crate::support::{Workspace, shared_dir};
use agsec::agents::{self, Agent};
use agsec::engine::Environment;
use agsec::policy::strictest;
use agsec::policy::{self, Preset};
use agsec::{Effect, Engine};
use serde_json::{Value, json};
use std::path::PathBuf;

const POLICY: &str = r#"
default: deny
statements:
  - sid: DenyDeleteOutside
    effect: deny
    actions: [bash.execute]
    conditions:
      params.deletes.*.inside_workspace: false
    reason: delete only inside the workspace
  - sid: DenyPipeToShell
    effect: deny
    actions: [bash.execute]
    conditions:
      params.command: {op: regex, value: '\|\s*(ba)?sh\b'}
    reason: do not pipe into a shell
  - sid: AllowTools
    effect: allow
    actions: [bash.execute]
    conditions:
      params.program: {op: in, value: [git, ls, rm, echo, sh]}
  - sid: DenySecretFiles
    effect: deny
    actions: ["file.*"]
    conditions:
      params.target.secret: true
    reason: secrets stay secret
  - sid: AllowWorkspaceFiles
    effect: allow
    actions: ["file.*"]
    conditions:
      params.target.inside_workspace: true
  - sid: AllowPlainNames
    effect: allow
    actions: [tool.Probe]
    match: any
    conditions:
      params.name: {op: regex, value: '^(\w+\s?)*(?<!x)$'}
      params.size: {op: "<", value: 10}
"#;

fn workspace() -> Workspace {
    let ws = Workspace::new();
    ws.policy("10-test.yaml", POLICY);
    ws
}

/// Runs `agsec <args>` in the workspace; returns stdout with the temp dir as `[TMP]`, and the
/// exit code.
fn run(ws: &Workspace, args: &[&str], stdin: Option<&str>) -> (String, i32) {
    let mut cmd = ws.cmd();
    cmd.args(args);
    if let Some(stdin) = stdin {
        cmd.write_stdin(stdin.to_owned());
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "stderr: {stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    (normalize(ws, &stdout), out.status.code().unwrap_or(-1))
}

fn normalize(ws: &Workspace, text: &str) -> String {
    let root = ws.root.path();
    let canonical = root.canonicalize().unwrap();
    text.replace(&canonical.display().to_string(), "[TMP]")
        .replace(&root.display().to_string(), "[TMP]")
}

fn explain(ws: &Workspace, args: &[&str]) -> (String, i32) {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    run(ws, &all, None)
}

#[test]
fn compound_command_with_a_denied_part() {
    let ws = workspace();
    let (text, code) = explain(&ws, &["ls src && rm -rf /"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("compound_denied_part", text);
}

#[test]
fn commit_message_that_looks_dangerous_is_allowed() {
    let ws = workspace();
    let (text, code) = explain(&ws, &["git commit -m \"rm -rf /\""]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("git_commit_message", text);
}

#[test]
fn write_of_a_secret_file() {
    let ws = workspace();
    let (text, code) = explain(&ws, &["--tool", "Write", "--path", ".env"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("write_env", text);
}

#[test]
fn unknown_tool_goes_to_the_default() {
    let ws = workspace();
    let (text, code) = explain(&ws, &["--tool", "Frobnicate", "--param", "level=3"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("unknown_tool", text);
}

#[test]
fn regex_error_never_grants_in_an_allow_statement() {
    let ws = workspace();
    // Catastrophic backtracking: the look-behind needs the backtracking engine, whose budget
    // runs out; the size is text, so `<` has no meaning either.
    let name = format!("name={}!", "a".repeat(40));
    let (text, code) = explain(
        &ws,
        &["--tool", "Probe", "--param", &name, "--param", "size=big"],
    );
    assert_eq!(code, 2);
    insta::assert_snapshot!("regex_error_never_grants", text);
}

#[test]
fn floor_and_parse_error_are_shown() {
    let ws = workspace();
    // `sh` is allowed, but what it runs is only known at run time: the floor makes it review.
    let (text, code) = explain(&ws, &["sh -c \"$X\""]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("floor", text);
    let (text, code) = explain(&ws, &["echo 'unclosed"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("the unparsed text: echo 'unclosed\n"),
        "{text}"
    );
    assert!(text.contains("does not parse: "), "{text}");
}

#[test]
fn check_explain_reads_a_payload_and_matches_explain() {
    let ws = workspace();
    let payload = ws.claude_bash("ls src && rm -rf /");
    let (checked, code) = run(
        &ws,
        &["check", "--explain", "--agent", "claude-code"],
        Some(&payload.to_string()),
    );
    assert_eq!(code, 2);
    let (explained, _) = explain(&ws, &["ls src && rm -rf /"]);
    assert_eq!(checked, explained);
    // Nothing was recorded.
    assert!(!ws.audit_db().exists());
}

#[test]
fn check_explain_never_prompts_or_records_a_review() {
    let ws = workspace();
    ws.policy(
        "20-review.yaml",
        "statements:\n  - {sid: AskMe, effect: review, actions: [ask.me]}\n",
    );
    let (text, code) = run(
        &ws,
        &["check", "--explain", "--agent", "plain"],
        Some(r#"{"action": "ask.me"}"#),
    );
    assert_eq!(code, 2);
    assert!(
        text.ends_with("decision: review by AskMe (review)\n"),
        "{text}"
    );
    assert!(!ws.audit_db().exists());
}

#[test]
fn json_shape() {
    let ws = workspace();
    let (text, code) = explain(&ws, &["--json", "ls src && rm -rf /"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&v), ["agent", "tool_name", "decision", "actions"]);
    assert_eq!(
        v["decision"],
        json!({"decision": "deny", "sid": "DenyDeleteOutside", "reason": "delete only inside the workspace", "matched_by": "explicit_deny"})
    );
    assert_eq!(
        (&v["agent"], &v["tool_name"]),
        (&json!("claude-code"), &json!("Bash"))
    );
    let action = &v["actions"][0];
    assert_eq!(
        keys(action),
        ["action", "target", "shell", "variants", "decision"]
    );
    assert_eq!(action["action"]["action"], json!("bash.execute"));
    assert_eq!(
        action["shell"],
        json!({"commands": 2, "limit": null, "parse_error": null})
    );
    let kinds: Vec<&Value> = action["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["kind"])
        .collect();
    assert_eq!(
        kinds,
        [
            &json!("whole_text"),
            &json!("command"),
            &json!("command"),
            // Deleting `/` deletes agsec's own files: self-protection denies it too.
            &json!("protection")
        ]
    );
    let rm = &action["variants"][2];
    assert_eq!(
        keys(rm),
        ["kind", "command", "facts", "trace", "floor", "decision"]
    );
    assert_eq!(rm["command"], json!("rm -rf /"));
    assert_eq!(rm["facts"]["program"], json!("rm"));
    assert_eq!(rm["facts"]["flags"], json!(["-r", "-f"]));
    let delete = &rm["facts"]["deletes"][0];
    assert_eq!(delete["path"], json!("/"));
    assert!(
        delete["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("is_root"))
    );
    let trace = &rm["trace"];
    assert_eq!(
        keys(trace),
        [
            "action",
            "restrictions_only",
            "statements",
            "other_actions",
            "allow_skipped",
            "decision"
        ]
    );
    assert_eq!(trace["other_actions"], json!(3));
    let statement = &trace["statements"][0];
    assert_eq!(
        statement,
        &json!({
            "sid": "DenyDeleteOutside",
            "effect": "deny",
            "location": "[TMP]/ws/policies/10-test.yaml:3:5",
            "match": "all",
            "conditions": [{
                "field": "params.deletes.*.inside_workspace",
                "op": "==",
                "value": false,
                "found": [false],
                "truth": "true",
                "holds": true,
            }],
            "matched": true,
            "decided": true,
        })
    );
    let whole = &action["variants"][0];
    assert_eq!(whole["decision"], Value::Null);
    assert_eq!(whole["trace"]["restrictions_only"], json!(true));
    assert_eq!(whole["trace"]["allow_skipped"], json!(1));
}

#[test]
fn json_of_an_allowed_file_action_exits_zero() {
    let ws = workspace();
    let (text, code) = explain(&ws, &["--json", "--tool", "Read", "--path", "src/main.rs"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["decision"]["sid"], json!("AllowWorkspaceFiles"));
    let target = &v["actions"][0]["target"];
    assert_eq!(target["path"], json!("[TMP]/ws/src/main.rs"));
    assert_eq!(target["flags"], json!(["inside_workspace"]));

    let (text, code) = run(
        &ws,
        &["check", "--explain", "--json", "--agent", "claude-code"],
        Some(
            &ws.claude("Read", json!({"file_path": "src/.env"}))
                .to_string(),
        ),
    );
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["decision"]["sid"], json!("DenySecretFiles"));
}

#[test]
fn actions_and_params_for_what_ifs() {
    let ws = workspace();
    ws.policy(
        "20-mcp.yaml",
        r#"
statements:
  - sid: AllowSmallIssues
    effect: allow
    actions: ["mcp.github.*"]
    conditions:
      params.count: {op: "<", value: 5}
      params.labels.*: bug
"#,
    );
    let (text, code) = explain(
        &ws,
        &[
            "--json",
            "--action",
            "mcp.github.create_issue",
            "--param",
            "count=3",
            "--param",
            r#"labels=["bug","ui"]"#,
        ],
    );
    assert_eq!(code, 0, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["agent"], json!("plain"));
    assert_eq!(
        v["actions"][0]["action"]["params"],
        json!({"count": 3, "labels": ["bug", "ui"]})
    );
    assert_eq!(v["decision"]["sid"], json!("AllowSmallIssues"));
}

#[test]
fn no_colour_off_a_terminal() {
    let ws = workspace();
    let out = ws
        .cmd()
        .env_remove("NO_COLOR")
        .args(["explain", "ls src && rm -rf /"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("decision: deny by DenyDeleteOutside"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn errors() {
    let ws = workspace();
    let cases: [(&[&str], &str); 3] = [
        (
            &["explain", "--cwd", "nope", "ls"],
            "agsec: error: `[TMP]/ws/nope` is not a directory\n  help: pass the directory the call is made in with `--cwd`\n",
        ),
        (
            &["explain", "--action", "x.y", "--param", "novalue"],
            "error: invalid value 'novalue' for '--param <KEY=VALUE>': `novalue` is not `KEY=VALUE`\n\nFor more information, try '--help'.\n",
        ),
        (
            &["explain", "--policy-dir", "missing", "ls"],
            "agsec: error: the policies in missing do not load: missing: cannot read policy directory: no such file or directory (run `agsec validate` to see every problem)\n",
        ),
    ];
    for (args, expected) in cases {
        let out = ws.cmd().args(args).output().unwrap();
        let stderr = normalize(&ws, &String::from_utf8_lossy(&out.stderr));
        assert_eq!(stderr, expected, "{args:?}");
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = ws.cmd().arg("explain").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: the following required arguments were not provided:"),
        "{stderr}"
    );
}

/// Every corpus call, through the library: the explanation decides as `judge` does.
#[test]
fn explanations_decide_as_judge_does() {
    let ws = Workspace::new();
    for (rel, text) in [
        ("src/main.rs", "fn main() {}\n"),
        (".env", "API_KEY=sk-live-123\n"),
    ] {
        ws.file(rel, text);
    }
    let env = Environment {
        cwd: ws.path(),
        home: ws.home(),
        workspace: ws.path(),
        protected: vec![ws.policies()],
    };
    let mut count = 0;
    let mut mismatches = Vec::new();
    for preset in Preset::ALL {
        let engine = Engine::new(policy::load_defaults(preset).unwrap());
        for corpus in [
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/redteam.jsonl"),
            shared_dir().join("corpus/tool-calls.jsonl"),
        ] {
            let text = std::fs::read_to_string(&corpus).unwrap();
            for line in text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
            {
                let case: Value = serde_json::from_str(line).unwrap();
                let input = serde_json::to_string(&case["tool_input"])
                    .unwrap()
                    .replace("{WS}", &ws.root_str())
                    .replace("{HOME}", &ws.home().display().to_string());
                let payload = json!({
                    "cwd": ws.root_str(),
                    "tool_name": case["tool_name"],
                    "tool_input": serde_json::from_str::<Value>(&input).unwrap(),
                });
                let Ok(call) = agents::parse(&payload.to_string(), Some(Agent::ClaudeCode)) else {
                    continue;
                };
                for action in &call.actions {
                    count += 1;
                    let judged = engine.judge(action, &env).decision;
                    let explanation = engine.explain(action, &env);
                    if explanation.decision != judged {
                        mismatches.push(format!(
                            "{} ({}): judge {judged:?}, explain {:?}",
                            case["id"],
                            preset.as_str(),
                            explanation.decision
                        ));
                    }
                    // The deciding statement matched, in the variant that decided.
                    if let Some(sid) = &judged.sid {
                        assert!(explanation.matched(sid), "{}: {sid}", case["id"]);
                    }
                }
                let explained: Vec<_> = call
                    .actions
                    .iter()
                    .map(|a| engine.explain(a, &env))
                    .collect();
                let judged: Vec<_> = call.actions.iter().map(|a| engine.judge(a, &env)).collect();
                assert_eq!(
                    strictest(explained.iter().map(|e| &e.decision)),
                    strictest(judged.iter().map(|j| &j.decision))
                );
            }
        }
    }
    assert!(count > 600, "only {count} actions");
    assert!(
        mismatches.is_empty(),
        "{} of {count} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // Not vacuous: the corpora hold every effect.
    let engine = Engine::new(policy::load_defaults(Preset::Standard).unwrap());
    let effects: Vec<Effect> = ["rm -rf /", "ls", "python3 -c 'print(1)'"]
        .iter()
        .map(|c| {
            engine
                .explain(
                    &agsec::Action::new("bash.execute").param("command", *c),
                    &env,
                )
                .decision
                .effect
        })
        .collect();
    assert_eq!(effects, [Effect::Deny, Effect::Allow, Effect::Review]);
}

/// `agsec explain 'ls src && rm -rf /'` under a pseudo-terminal: everything it printed.
fn on_terminal(ws: &Workspace, no_color: Option<&str>) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_agsec"));
    cmd.args(["explain", "--policy-dir"])
        .arg(ws.policies())
        .arg("--cwd")
        .arg(ws.path())
        .arg("ls src && rm -rf /")
        .env("HOME", ws.home())
        .env("AGSEC_AUDIT_DB", ws.audit_db())
        .env_remove("NO_COLOR")
        .env_remove("AGSEC_POLICY_DIR");
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    session.exp_eof().unwrap()
}

#[test]
fn colours_effects_on_a_terminal_unless_no_color() {
    let ws = workspace();
    let painted = [
        "\u{1b}[31mdeny\u{1b}[0m DenyDeleteOutside",
        "\u{1b}[32mallow\u{1b}[0m AllowTools",
        "decision: \u{1b}[31mdeny\u{1b}[0m by DenyDeleteOutside",
    ];
    for no_color in [None, Some("")] {
        let text = on_terminal(&ws, no_color);
        for painted in painted {
            assert!(text.contains(painted), "{painted:?} not in {text:?}");
        }
    }
    let text = on_terminal(&ws, Some("1"));
    assert!(
        text.contains("decision: deny by DenyDeleteOutside"),
        "{text:?}"
    );
    assert!(!text.contains('\u{1b}'), "{text:?}");
}
