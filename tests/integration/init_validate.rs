//! `agsec init` (presets, refusing to overwrite) and `agsec validate` (every problem, located).

use crate::support::{Workspace, agsec};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn init_writes_five_files_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    agsec()
        .args(["init", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".schema.json",
            "00-base.yaml",
            "10-bash.yaml",
            "20-files.yaml",
            "30-web.yaml",
            "40-git.yaml",
            "50-cloud.yaml",
            "60-containers.yaml",
            "70-data.yaml",
            "80-publish.yaml",
            "90-system.yaml"
        ]
    );
    agsec()
        .args(["init", "--dir"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    agsec()
        .args(["init", "--force", "--preset", "strict", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let base = std::fs::read_to_string(dir.path().join("policies/00-base.yaml")).unwrap();
    assert!(base.contains("default: deny"), "{base}");
}

#[test]
fn init_rejects_unknown_presets() {
    let dir = tempfile::tempdir().unwrap();
    agsec()
        .args(["init", "--preset", "lax", "--dir"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown preset `lax`"));
}

#[test]
fn validate_accepts_the_defaults() {
    let ws = Workspace::init();
    ws.cmd()
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains("10 file(s)"));
}

#[test]
fn validate_reports_every_problem_with_its_location() {
    let ws = Workspace::new();
    ws.policy(
        "a.yaml",
        r#"
        statements:
          - sid: A
            efect: deny
        "#,
    );
    ws.policy(
        "b.yaml",
        r#"
        statements:
          - sid: B
            effect: dny
            actions: [x]
            conditions:
              params.v: {op: regexp, value: a}
              params.w: {op: regex, value: "([a-"}
          - sid: B
            effect: allow
            actions: [x]
        "#,
    );
    let out = ws
        .cmd()
        .arg("validate")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).unwrap();
    let policies = ws.policies().display().to_string();
    let expected = [
        format!("error: {policies}/a.yaml:3:5: unknown field `efect`"),
        "  help: did you mean `effect`?".to_owned(),
        format!("error: {policies}/b.yaml:3:13: unknown effect `dny` in statement `B`"),
        "  help: did you mean `deny`? effects: allow, deny, review".to_owned(),
        format!(
            "error: {policies}/b.yaml:6:17: unknown operator `regexp` in condition `params.v` of statement `B`"
        ),
        format!(
            "error: {policies}/b.yaml:7:17: invalid regex `([a-`: unclosed character class in condition `params.w` of statement `B`"
        ),
        format!("error: {policies}/b.yaml:8:10: duplicate sid `B`"),
        "5 problem(s)".to_owned(),
    ];
    for line in expected {
        assert!(text.contains(&line), "missing {line:?} in:\n{text}");
    }
}

#[test]
fn validate_json_for_scripts() {
    let ws = Workspace::new();
    ws.policy(
        "a.yaml",
        "default: allow\nstatements:\n  - sid: A\n    effect: deny\n",
    );
    let out = ws
        .cmd()
        .args(["validate", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["statements"], 1);
    assert_eq!(
        v["warnings"][0]["message"],
        "statement `A` has no `actions`: it applies to every action"
    );
}

/// A statement without `actions` applies to every action (the Python agsec's meaning); an
/// explicitly empty list applies to none (as there), with a warning.
#[test]
fn a_statement_without_actions_applies_to_every_action() {
    let ws = Workspace::new();
    ws.policy(
        "a.yaml",
        "default: allow\nstatements:\n  - sid: NoActions\n    effect: deny\n    reason: nothing\n",
    );
    for payload in [
        ws.claude_bash("ls"),
        ws.claude(
            "Read",
            serde_json::json!({"file_path": ws.path().join("x")}),
        ),
        ws.claude("SomethingNew", serde_json::json!({})),
    ] {
        let out = ws.check_claude(&payload).code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains("NoActions"), "{payload}: {stderr}");
    }
    ws.policy(
        "a.yaml",
        "default: allow\nstatements:\n  - sid: Empty\n    effect: deny\n    actions: []\n",
    );
    let out = ws.cmd().args(["validate", "--json"]).assert().success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        v["warnings"][0]["message"],
        "statement `Empty` has an empty `actions` list and never applies"
    );
    ws.check_claude(&ws.claude_bash("ls")).code(0);
}

#[test]
fn validate_a_missing_directory_fails_with_help() {
    agsec()
        .args(["validate", "/nonexistent/policies"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot read policy directory")
                .and(predicate::str::contains("help:")),
        );
}

const WITH_EXAMPLES: &str = r#"
statements:
  - sid: NoForce
    effect: deny
    actions: [bash.execute]
    conditions:
      params.git.force: true
    examples:
      match: ["git push -f origin x", "git push origin +x"]
      not_match: ["git push origin x", "git commit -m 'git push -f'"]
"#;

#[test]
fn test_runs_the_examples_and_counts() {
    let ws = Workspace::new();
    ws.policy("01.yaml", WITH_EXAMPLES);
    ws.cmd()
        .arg("test")
        .assert()
        .success()
        .stdout("4 passed, 0 failed\n");
    ws.cmd()
        .args(["test", "--verbose"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "`git push origin +x` triggers `NoForce`",
        ));
}

#[test]
fn a_failing_example_fails_test_and_validate_naming_statement_and_example() {
    let ws = Workspace::new();
    ws.policy(
        "01.yaml",
        &WITH_EXAMPLES.replace(
            "\"git push origin x\"",
            "\"git push --force-with-lease origin x\"",
        ),
    );
    let policies = ws.policies().display().to_string();
    ws.cmd()
        .arg("test")
        .assert()
        .code(1)
        .stdout(format!(
            "FAIL {policies}/01.yaml:9:19: example `git push --force-with-lease origin x` should not trigger statement `NoForce`, but it does\n3 passed, 1 failed\n"
        ));
    ws.cmd()
        .arg("validate")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "error: {policies}/01.yaml:9:19: example `git push --force-with-lease origin x` should not trigger statement `NoForce`, but it does"
        )));
}

#[test]
fn the_default_policies_pass_their_own_examples() {
    let ws = Workspace::init();
    let out = ws
        .cmd()
        .arg("test")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.ends_with(" passed, 0 failed\n"), "{text}");
}
