//! `agsec policy list|add|remove` and `agsec schema` through the binary: every flag, exact
//! outputs, files edited byte for byte, refusals that leave files untouched. The interactive
//! `policy add` is in `policy_add_tty.rs`.

use crate::support::{Workspace, unindent};
use predicates::prelude::*;
use serde_json::{Value, json};

pub const TEAM: &str = r##"
    # Team rules. This comment, the quoting and the spacing below must survive edits.
    version: "1.0"
    default: allow
    statements:
      # --- Slack -------------------------------------------
      - sid: DenySlackSecrets
        effect: deny
        actions: ["mcp.slack.*"]
        conditions:
          params.text: {op: regex, value: '(?i)password|token'}
        reason: 'Never post credentials to Slack; describe the problem instead'

      - sid: ReviewSlackChannels
        effect: review
        actions: [mcp.slack.post, mcp.slack.invite]   # people see these
        match: any
        conditions:
          params.channel: {op: starts_with, value: "#all-"}
          params.broadcast: true
        reason: >
          Posting to company-wide channels
          needs a person's approval

      - sid: AllowFiles
        effect: allow
        actions: "file.*"
"##;

pub fn team() -> Workspace {
    let ws = Workspace::new();
    ws.policy("10-team.yaml", TEAM);
    ws
}

pub fn read(ws: &Workspace, name: &str) -> String {
    std::fs::read_to_string(ws.policies().join(name)).unwrap()
}

/// An expected file text written as an indented raw string.
pub fn text(indented: &str) -> String {
    unindent(indented).trim_end().to_owned() + "\n"
}

fn stdout(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

// --- list ---------------------------------------------------------------------------------------

#[test]
fn list_prints_a_table() {
    let ws = team();
    let out = stdout(
        ws.cmd()
            .args(["policy", "list"])
            .env("COLUMNS", "250")
            .assert()
            .success(),
    );
    assert_eq!(
        out,
        text(
            "
            FILE             SID                  EFFECT  ACTIONS                           CONDITIONS                                          REASON
            10-team.yaml:6   DenySlackSecrets     deny    mcp.slack.*                       params.text regex (?i)password|token                Never post credentials to Slack; describe the problem instead
            10-team.yaml:13  ReviewSlackChannels  review  mcp.slack.post, mcp.slack.invite  params.channel starts_with #all- or params.broadc…  Posting to company-wide channels needs a person's approval
            10-team.yaml:24  AllowFiles           allow   file.*
            "
        )
    );
}

#[test]
fn list_cuts_the_reason_to_the_width() {
    let ws = team();
    let out = stdout(
        ws.cmd()
            .args(["policy", "list", "--effect", "deny"])
            .env("COLUMNS", "120")
            .assert()
            .success(),
    );
    let row = out.lines().nth(1).unwrap();
    assert_eq!(
        row,
        "10-team.yaml:6  DenySlackSecrets  deny    mcp.slack.*  params.text regex (?i)password|token  Never post credentials to …"
    );
    assert_eq!(row.chars().count(), 120);
}

#[test]
fn list_filters_by_effect_and_action() {
    let ws = team();
    let sids = |args: &[&str]| -> Vec<String> {
        let out = stdout(
            ws.cmd()
                .args(["policy", "list", "--json"])
                .args(args)
                .assert()
                .success(),
        );
        let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
        rows.iter()
            .map(|r| r["sid"].as_str().unwrap().to_owned())
            .collect()
    };
    let cases: [(&[&str], &[&str]); 7] = [
        (
            &[],
            &["DenySlackSecrets", "ReviewSlackChannels", "AllowFiles"],
        ),
        (&["--effect", "review"], &["ReviewSlackChannels"]),
        (&["--effect", "BLOCK"], &["DenySlackSecrets"]),
        (
            &["--action", "mcp.slack.post"],
            &["DenySlackSecrets", "ReviewSlackChannels"],
        ),
        (&["--action", "mcp.slack.read"], &["DenySlackSecrets"]),
        (
            &["--action", "file.write", "--effect", "allow"],
            &["AllowFiles"],
        ),
        (&["--action", "web.*"], &[]),
    ];
    for (args, expected) in cases {
        assert_eq!(sids(args), expected, "{args:?}");
    }
    ws.cmd()
        .args(["policy", "list", "--action", "web.fetch"])
        .assert()
        .success()
        .stdout("")
        .stderr(format!(
            "no statements match (3 in {})\n",
            ws.policies().display()
        ));
}

#[test]
fn list_json_shape() {
    let ws = team();
    let out = stdout(
        ws.cmd()
            .args(["policy", "list", "--json", "--effect", "review"])
            .assert()
            .success(),
    );
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        rows,
        json!([{
            "file": ws.policies().join("10-team.yaml").display().to_string(),
            "line": 13,
            "sid": "ReviewSlackChannels",
            "effect": "review",
            "actions": ["mcp.slack.post", "mcp.slack.invite"],
            "match": "any",
            "conditions": [
                {"field": "params.channel", "op": "starts_with", "value": "#all-"},
                {"field": "params.broadcast", "op": "==", "value": true},
            ],
            "reason": "Posting to company-wide channels needs a person's approval\n",
        }])
    );
}

#[test]
fn list_refuses_policies_that_do_not_load_and_bad_flags() {
    let ws = team();
    ws.policy("20-bad.yaml", "statements:\n  - sid: X\n    efect: deny\n");
    ws.cmd()
        .args(["policy", "list"])
        .assert()
        .code(1)
        .stderr(format!(
            "agsec: error: the policies in `{0}` do not load\n{0}/20-bad.yaml:3:5: unknown field `efect`, expected one of sid, effect, actions, match, conditions, reason, description, examples\n  help: did you mean `effect`?\n  help: `agsec validate` lists every problem\n",
            ws.policies().display()
        ));
    ws.cmd()
        .args(["policy", "list", "--effect", "maybe"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'maybe' for '--effect <EFFECT>': unknown effect `maybe` (allow, deny, review)",
        ));
}

// --- add ----------------------------------------------------------------------------------------

const ADD_FLAGS: [&str; 12] = [
    "policy",
    "add",
    "--sid",
    "DenySlackDeploys",
    "--effect",
    "deny",
    "--action",
    "mcp.slack.post",
    "--condition",
    r"params.text regex \bdeploy\b",
    "--reason",
    "Deploy announcements go through the release bot",
];

#[test]
fn add_creates_the_local_file_and_the_statement_decides() {
    let ws = team();
    ws.cmd()
        .args(ADD_FLAGS)
        .args([
            "--action",
            "mcp.slack.update",
            "--condition",
            "params.channel in [general, ops]",
            "--match",
            "all",
        ])
        .assert()
        .success()
        .stdout(format!(
            "added `DenySlackDeploys` at {}/90-local.yaml:5:5\n",
            ws.policies().display()
        ));
    assert_eq!(
        read(&ws, "90-local.yaml"),
        text(
            r#"
            # yaml-language-server: $schema=./.schema.json
            # 90-local.yaml: policy statements added with `agsec policy add` (edit freely).
            version: "1.0"
            statements:
              - sid: DenySlackDeploys
                effect: deny
                actions: ["mcp.slack.post", "mcp.slack.update"]
                conditions:
                  params.text: {op: regex, value: '\bdeploy\b'}
                  params.channel: {op: in, value: [general, ops]}
                reason: "Deploy announcements go through the release bot"
            "#
        )
    );
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.policies().join(".schema.json")).unwrap())
            .unwrap();
    assert_eq!(schema["title"], "agsec policy file");
    let decide = |text: &str, channel: &str| -> Value {
        let out = ws
            .check_plain(
                json!({"action": "mcp.slack.post", "params": {"text": text, "channel": channel}}),
                &["--json"],
            )
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    assert_eq!(decide("we deploy at 5", "ops")["sid"], "DenySlackDeploys");
    assert_eq!(decide("we deploy at 5", "random")["sid"], Value::Null);
    assert_eq!(decide("redeployment", "ops")["sid"], Value::Null);
}

#[test]
fn add_to_an_existing_file_keeps_every_byte_of_it() {
    let ws = team();
    ws.cmd()
        .args(ADD_FLAGS)
        .args([
            "--file",
            "10-team.yaml",
            "--match",
            "any",
            "--description",
            "asked by ops",
        ])
        .assert()
        .success();
    let expected = unindent(TEAM)
        + "\n  - sid: DenySlackDeploys\n    effect: deny\n    actions: [\"mcp.slack.post\"]\n    conditions:\n      params.text: {op: regex, value: '\\bdeploy\\b'}\n    reason: \"Deploy announcements go through the release bot\"\n    description: \"asked by ops\"\n";
    // `match: any` with one condition is written too.
    let expected = expected.replace(
        "    actions: [\"mcp.slack.post\"]\n    conditions:\n      params.text",
        "    actions: [\"mcp.slack.post\"]\n    match: any\n    conditions:\n      params.text",
    );
    assert_eq!(read(&ws, "10-team.yaml"), expected);
    assert!(!ws.policies().join("90-local.yaml").exists());
    assert!(!ws.policies().join(".schema.json").exists());
}

#[test]
fn add_dry_run_shows_the_diff_and_writes_nothing() {
    let ws = team();
    let out = stdout(
        ws.cmd()
            .args(ADD_FLAGS)
            .args(["--file", "10-team.yaml", "--dry-run"])
            .assert()
            .success()
            .stderr(format!(
                "dry run: `DenySlackDeploys` would be added at {}/10-team.yaml:28:5; nothing written\n",
                ws.policies().display()
            )),
    );
    let path = ws.policies().join("10-team.yaml").display().to_string();
    assert_eq!(
        out,
        format!(
            "--- {path}\n+++ {path}\n@@ -24,3 +24,10 @@\n   - sid: AllowFiles\n     effect: allow\n     actions: \"file.*\"\n+\n+  - sid: DenySlackDeploys\n+    effect: deny\n+    actions: [\"mcp.slack.post\"]\n+    conditions:\n+      params.text: {{op: regex, value: '\\bdeploy\\b'}}\n+    reason: \"Deploy announcements go through the release bot\"\n"
        )
    );
    assert_eq!(read(&ws, "10-team.yaml"), unindent(TEAM));
}

#[test]
fn add_refusals_leave_files_untouched() {
    let ws = team();
    let path = ws.policies().join("10-team.yaml").display().to_string();
    let cases: [(&[&str], i32, String); 7] = [
        (
            &["--effect", "deny", "--action", "x"],
            1,
            "agsec: error: `--sid` is missing: a statement given with flags needs `--sid`, `--effect` and `--action`\n  help: add `--sid NAME`, or give no flags at a terminal to be asked step by step\n".to_owned(),
        ),
        (
            &["--sid", "AllowFiles", "--effect", "deny", "--action", "x"],
            1,
            format!("agsec: error: duplicate sid `AllowFiles`: the statement at {path}:24:5 has it\n  help: choose another sid, or remove that statement first with `agsec policy remove AllowFiles`\n"),
        ),
        (
            &["--sid", "X", "--effect", "deny", "--action", "x", "--condition", "params.a regex ([a-"],
            1,
            format!("agsec: error: the result would not be valid, so nothing was written\n{}/90-local.yaml:9:17: invalid regex `([a-`: unclosed character class in condition `params.a` of statement `X`\n  help: regexes use Rust `regex` syntax (Python-compatible for common patterns); look-around and backreferences are supported with a bounded cost\n", ws.policies().display()),
        ),
        (
            &["--sid", "X", "--effect", "deny", "--action", "x", "--file", "../outside.yaml"],
            1,
            "agsec: error: `../outside.yaml` is not a policy file name\n  help: give a file name in the policy directory ending in `.yaml`, such as `90-local.yaml` (not hidden, no `/`)\n".to_owned(),
        ),
        (
            &[],
            1,
            "agsec: error: `agsec policy add` needs `--sid`, `--effect` and `--action` when no terminal is attached\n  help: agsec policy add --sid DenyCurlPipe --effect deny --action bash.execute --condition 'params.command regex curl.*\\|\\s*sh' --reason 'download the script and read it first'\n".to_owned(),
        ),
        (
            &["--sid", "X", "--action", "x"],
            2,
            "error: the following required arguments were not provided:\n  --effect <EFFECT>\n\nUsage: agsec policy add --effect <EFFECT> --action <ACTION> --sid <SID>\n\nFor more information, try '--help'.\n".to_owned(),
        ),
        (
            &["--sid", "X", "--effect", "deny", "--action", "x", "--condition", "params.a regexp x"],
            2,
            "error: invalid value 'params.a regexp x' for '--condition <FIELD OP VALUE>': invalid condition `params.a regexp x`: unknown operator `regexp`\n  help: operators: ==, !=, >, <, >=, <=, in, not_in, contains, starts_with, ends_with, regex, exists, not_exists\n\nFor more information, try '--help'.\n".to_owned(),
        ),
    ];
    for (args, code, stderr) in cases {
        ws.cmd()
            .args(["policy", "add"])
            .args(args)
            .assert()
            .code(code)
            .stdout("")
            .stderr(stderr);
    }
    assert_eq!(read(&ws, "10-team.yaml"), unindent(TEAM));
    assert!(!ws.policies().join("90-local.yaml").exists());
}

// --- remove -------------------------------------------------------------------------------------

#[test]
fn remove_keeps_the_rest_of_the_file() {
    let ws = team();
    ws.cmd()
        .args(["policy", "remove", "ReviewSlackChannels"])
        .assert()
        .success()
        .stdout(format!(
            "removed `ReviewSlackChannels` from {}/10-team.yaml (lines 13-23)\n",
            ws.policies().display()
        ));
    let mut lines: Vec<&str> = TEAM.lines().collect();
    lines.drain(13..24);
    assert_eq!(read(&ws, "10-team.yaml"), unindent(&lines.join("\n")));
    // Removing the first statement keeps the group comment above it.
    ws.cmd()
        .args(["policy", "remove", "DenySlackSecrets"])
        .assert()
        .success();
    assert_eq!(
        read(&ws, "10-team.yaml"),
        text(
            r#"
            # Team rules. This comment, the quoting and the spacing below must survive edits.
            version: "1.0"
            default: allow
            statements:
              # --- Slack -------------------------------------------
              - sid: AllowFiles
                effect: allow
                actions: "file.*"
            "#
        )
    );
}

#[test]
fn remove_dry_run_prints_a_unified_diff() {
    let ws = team();
    let path = ws.policies().join("10-team.yaml").display().to_string();
    ws.cmd()
        .args(["policy", "remove", "AllowFiles", "--dry-run"])
        .assert()
        .success()
        .stdout(format!(
            "--- {path}\n+++ {path}\n@@ -20,7 +20,3 @@\n     reason: >\n       Posting to company-wide channels\n       needs a person's approval\n-\n-  - sid: AllowFiles\n-    effect: allow\n-    actions: \"file.*\"\n"
        ))
        .stderr(format!(
            "dry run: `AllowFiles` would be removed from {path} (lines 23-26); nothing written\n"
        ));
    assert_eq!(read(&ws, "10-team.yaml"), unindent(TEAM));
}

#[test]
fn remove_refusals() {
    let ws = team();
    ws.cmd()
        .args(["policy", "remove", "DenySlack"])
        .assert()
        .code(1)
        .stderr("agsec: error: no statement has the sid `DenySlack`\n  help: did you mean `DenySlackSecrets`?\n");
    ws.cmd()
        .args(["policy", "remove", "Nope"])
        .assert()
        .code(1)
        .stderr("agsec: error: no statement has the sid `Nope`\n  help: `agsec policy list` shows every sid\n");
    // A file that does not parse is never touched, nor is any other.
    ws.policy("20-bad.yaml", "statements:\n  - sid: X\n    effect: [\n");
    let bad = read(&ws, "20-bad.yaml");
    ws.cmd()
        .args(["policy", "remove", "AllowFiles"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(format!(
            "agsec: error: the policies in `{}` do not load, so they are left untouched\n{}/20-bad.yaml:",
            ws.policies().display(),
            ws.policies().display()
        )));
    assert_eq!(read(&ws, "20-bad.yaml"), bad);
    assert_eq!(read(&ws, "10-team.yaml"), unindent(TEAM));
}

#[test]
fn add_and_remove_work_on_the_default_policies() {
    let ws = Workspace::init();
    let before = read(&ws, "10-bash.yaml");
    ws.cmd()
        .args([
            "policy",
            "add",
            "--sid",
            "Extra",
            "--effect",
            "review",
            "--action",
            "bash.execute",
            "--file",
            "10-bash.yaml",
        ])
        .assert()
        .success();
    ws.cmd()
        .args(["policy", "remove", "Extra"])
        .assert()
        .success();
    assert_eq!(read(&ws, "10-bash.yaml"), before);
    ws.cmd().arg("validate").assert().success();
}

// --- schema -------------------------------------------------------------------------------------

#[test]
fn schema_is_printed_and_written_by_init() {
    let ws = Workspace::init();
    let printed = stdout(ws.cmd().arg("schema").assert().success());
    let schema: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        std::fs::read_to_string(ws.policies().join(".schema.json")).unwrap(),
        printed
    );
    for entry in std::fs::read_dir(ws.policies()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=./.schema.json\n"),
                "{}",
                path.display()
            );
        }
    }
}
