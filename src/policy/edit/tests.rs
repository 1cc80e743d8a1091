//! Planning and writing edits on a scratch policy directory.

use super::*;
use crate::policy::decision::Effect;
use crate::policy::load::load_dir;
use crate::policy::model::MatchMode;
use std::path::PathBuf;

const BASE: &str = "\
# Base policy: comments and quoting must survive every edit.
version: \"1.0\"
default: review
statements:
  # --- Shell ----------------------------------------------------------------
  - sid: AllowShell
    effect: allow
    actions: [\"bash.execute\"]   # every command
    reason: 'Shell commands are allowed'

  # DenyRm: deleting is done by hand
  - sid: DenyRm
    effect: deny
    actions: [bash.execute]
    conditions:
      params.program: rm

  - sid: ReviewWeb
    effect: review
    actions: [\"web.*\"]
";

fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn statement(sid: &str) -> NewStatement {
    NewStatement {
        sid: sid.to_owned(),
        effect: Effect::Deny,
        actions: vec!["bash.execute".to_owned()],
        match_mode: MatchMode::All,
        conditions: vec![
            NewCondition::parse("params.command regex \\bcurl\\b.*\\|\\s*sh").unwrap(),
        ],
        reason: Some("Piping downloads into a shell is not allowed".to_owned()),
        description: None,
    }
}

#[test]
fn add_creates_the_local_file_with_modeline_and_schema() {
    let dir = scratch(&[("00-base.yaml", BASE)]);
    let edit = plan_add(dir.path(), LOCAL_POLICY_FILE, &statement("DenyCurlSh")).unwrap();
    let paths: Vec<_> = edit.files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(
        paths,
        [
            dir.path().join(SCHEMA_FILE_NAME),
            dir.path().join(LOCAL_POLICY_FILE)
        ]
    );
    let local = &edit.files[1];
    assert_eq!(local.before, None);
    assert_eq!(
        local.after,
        "# yaml-language-server: $schema=./.schema.json\n\
         # 90-local.yaml: policy statements added with `agsec policy add` (edit freely).\n\
         version: \"1.0\"\n\
         statements:\n  \
           - sid: DenyCurlSh\n    \
             effect: deny\n    \
             actions: [\"bash.execute\"]\n    \
             conditions:\n      \
               params.command: {op: regex, value: '\\bcurl\\b.*\\|\\s*sh'}\n    \
             reason: \"Piping downloads into a shell is not allowed\"\n"
    );
    assert_eq!(
        edit.location.to_string(),
        format!("{}:5:5", local.path.display())
    );
    assert_eq!(edit.lines, 5..=10);
    assert!(edit.diff().contains("--- /dev/null\n"), "{}", edit.diff());
    // Nothing is written until `write`.
    assert!(!local.path.exists());
    edit.write().unwrap();
    assert_eq!(std::fs::read_to_string(&local.path).unwrap(), local.after);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(SCHEMA_FILE_NAME)).unwrap(),
        schema_text()
    );
    let set = load_dir(dir.path()).unwrap();
    let added = set.statements().find(|s| s.sid == "DenyCurlSh").unwrap();
    assert_eq!(
        added.conditions[0].value,
        Some(serde_json::json!("\\bcurl\\b.*\\|\\s*sh"))
    );
}

#[test]
fn add_then_remove_round_trips_byte_for_byte() {
    let dir = scratch(&[("00-base.yaml", BASE)]);
    let added = plan_add(dir.path(), "00-base.yaml", &statement("DenyCurlSh")).unwrap();
    assert_eq!(
        added.files.len(),
        1,
        "an existing file needs no schema file"
    );
    let after = &added.files[0].after;
    assert!(after.starts_with(BASE), "untouched text changed:\n{after}");
    assert!(
        after.ends_with("\n\n  - sid: DenyCurlSh\n    effect: deny\n    actions: [\"bash.execute\"]\n    conditions:\n      params.command: {op: regex, value: '\\bcurl\\b.*\\|\\s*sh'}\n    reason: \"Piping downloads into a shell is not allowed\"\n"),
        "{after}"
    );
    added.write().unwrap();
    let removed = plan_remove(dir.path(), "DenyCurlSh").unwrap();
    assert_eq!(removed.files[0].after, BASE);
    removed.write().unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("00-base.yaml")).unwrap(),
        BASE
    );
}

#[test]
fn remove_keeps_other_statements_and_comments() {
    let dir = scratch(&[("00-base.yaml", BASE)]);
    let edit = plan_remove(dir.path(), "DenyRm").unwrap();
    assert_eq!(edit.lines, 11..=17);
    assert_eq!(
        edit.files[0].after,
        BASE.replace(
            "  # DenyRm: deleting is done by hand\n  - sid: DenyRm\n    effect: deny\n    actions: [bash.execute]\n    conditions:\n      params.program: rm\n\n",
            ""
        )
    );
    let diff = edit.diff();
    assert!(diff.contains("-  - sid: DenyRm\n"), "{diff}");
    assert!(
        diff.contains(" # --- Shell") || diff.contains("     reason: 'Shell"),
        "{diff}"
    );
}

#[test]
fn refusals() {
    let dir = scratch(&[
        ("00-base.yaml", BASE),
        (
            "10-more.yaml",
            "statements:\n  - {sid: Other, effect: allow, actions: x}\n",
        ),
    ]);
    let path = dir.path().join("00-base.yaml").display().to_string();
    let cases: [(Result<Edit, EditError>, String); 7] = [
        (
            plan_add(dir.path(), "10-more.yaml", &statement("DenyRm")),
            format!("duplicate sid `DenyRm`: the statement at {path}:12:5 has it\n  help: choose another sid, or remove that statement first with `agsec policy remove DenyRm`"),
        ),
        (
            plan_remove(dir.path(), "denyrm"),
            "no statement has the sid `denyrm`\n  help: did you mean `DenyRm`?".to_owned(),
        ),
        (
            plan_remove(dir.path(), "Nothing"),
            "no statement has the sid `Nothing`\n  help: `agsec policy list` shows every sid".to_owned(),
        ),
        (
            plan_add(dir.path(), "../x.yaml", &statement("X")),
            "`../x.yaml` is not a policy file name\n  help: give a file name in the policy directory ending in `.yaml`, such as `90-local.yaml` (not hidden, no `/`)".to_owned(),
        ),
        (
            plan_add(dir.path(), "x.yaml", &NewStatement { actions: vec![], ..statement("X") }),
            "statement `X` has no actions and would never match\n  help: give at least one action, such as `--action bash.execute` (globs such as `file.*` work)".to_owned(),
        ),
        (
            plan_add(dir.path(), "x.yaml", &NewStatement { conditions: vec![NewCondition::parse("params.a regex ([a-").unwrap()], ..statement("X") }),
            format!("the result would not be valid, so nothing was written\n{}/x.yaml:9:17: invalid regex `([a-`: unclosed character class in condition `params.a` of statement `X`\n  help: regexes use Rust `regex` syntax (Python-compatible for common patterns); look-around and backreferences are supported with a bounded cost", dir.path().display()),
        ),
        (
            plan_add(dir.path(), "x.yaml", &NewStatement { conditions: vec![NewCondition::parse("params.a exists").unwrap(), NewCondition::parse("params.a == 1").unwrap()], ..statement("X") }),
            "condition field `params.a` is given twice\n  help: a statement has one condition per field; use two statements, or `match: any` with different fields".to_owned(),
        ),
    ];
    for (result, expected) in cases {
        assert_eq!(result.map(|_| ()).unwrap_err().to_string(), expected);
    }
    // Nothing was written by any of them.
    assert!(!dir.path().join("x.yaml").exists());
    assert!(!dir.path().join(SCHEMA_FILE_NAME).exists());
}

#[test]
fn a_broken_directory_is_never_touched() {
    let broken = "statements:\n  - sid: A\n    efect: deny\n";
    let dir = scratch(&[("00-base.yaml", BASE), ("50-broken.yaml", broken)]);
    for result in [
        plan_add(dir.path(), "00-base.yaml", &statement("X")).map(|_| ()),
        plan_remove(dir.path(), "DenyRm").map(|_| ()),
    ] {
        let message = result.unwrap_err().to_string();
        assert!(message.starts_with("the policies in `"), "{message}");
        assert!(
            message.contains("50-broken.yaml:3:5: unknown field `efect`"),
            "{message}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("00-base.yaml")).unwrap(),
        BASE
    );
}

#[test]
fn write_refuses_a_file_changed_meanwhile() {
    let dir = scratch(&[("00-base.yaml", BASE)]);
    let edit = plan_remove(dir.path(), "DenyRm").unwrap();
    std::fs::write(dir.path().join("00-base.yaml"), format!("{BASE}# edited\n")).unwrap();
    let err = edit.write().unwrap_err();
    assert!(matches!(err, EditError::Changed { .. }), "{err}");
    assert!(
        std::fs::read_to_string(dir.path().join("00-base.yaml"))
            .unwrap()
            .ends_with("# edited\n")
    );
}

#[cfg(unix)]
#[test]
fn write_keeps_permissions_and_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch(&[("real.yaml.txt", BASE)]);
    let real = dir.path().join("real.yaml.txt");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("00-base.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let edit = plan_remove(dir.path(), "DenyRm").unwrap();
    edit.write().unwrap();
    assert!(link.is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), edit.files[0].after);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn close_sids_are_ranked() {
    let sids = [
        "DenyRm",
        "DenyRmRf",
        "AllowShell",
        "DenyReadSecrets",
        "ReviewWeb",
    ];
    assert_eq!(
        close_sids("DenyRM", sids.into_iter()),
        ["DenyRm", "DenyRmRf"]
    );
    assert_eq!(close_sids("Shell", sids.into_iter()), ["AllowShell"]);
    assert!(close_sids("zzzz", sids.into_iter()).is_empty());
}

/// Any string the loader accepts as a value or name: printable text with YAML indicators,
/// quotes, backslashes, `#`, and words YAML reads as booleans or numbers.
fn tricky_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        "[ -~]{1,20}",
        Just("true".to_owned()),
        Just("no".to_owned()),
        Just("1.0".to_owned()),
        Just("#x".to_owned()),
        Just("- a: b".to_owned()),
        Just("it's \\d \"q\"".to_owned()),
        "[a-zA-Z0-9_.*/-]{1,12}",
        "\\PC{1,8}",
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(200))]

    /// Rendering then loading gives back every part of the statement, and removing it gives
    /// back the file byte for byte.
    #[test]
    fn render_load_remove_round_trip(
        sid in "[A-Za-z][A-Za-z0-9_-]{0,15}",
        action in tricky_text(),
        field in "[a-z][a-z0-9_]{0,6}(\\.[a-z0-9_*]{1,6}){0,3}",
        value in tricky_text(),
        list in proptest::collection::vec(tricky_text(), 0..4),
        reason in proptest::option::of(tricky_text()),
        is_any in proptest::bool::ANY,
    ) {
        let statement = NewStatement {
            sid: sid.clone(),
            effect: Effect::Review,
            actions: vec![action.clone()],
            match_mode: if is_any { MatchMode::Any } else { MatchMode::All },
            conditions: vec![
                NewCondition { field: format!("params.{field}"), op: crate::policy::Operator::Contains, value: Some(serde_json::json!(value)) },
                NewCondition { field: "context.x".to_owned(), op: crate::policy::Operator::In, value: Some(serde_json::json!(list)) },
                NewCondition { field: "context.y".to_owned(), op: crate::policy::Operator::Eq, value: Some(serde_json::json!(value)) },
            ],
            reason: reason.clone(),
            description: None,
        };
        let base = "# keep me\nstatements:\n  - sid: Zzz_Existing\n    effect: allow\n    actions: [a]\n";
        let text = text::append_item(base, |indent| render::render_item(&statement, indent)).unwrap();
        let set = load_sources(&[(PathBuf::from("a.yaml"), text.clone())])
            .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e}\n{text}")))?;
        let loaded = set.statement(1).unwrap();
        proptest::prop_assert_eq!(&loaded.sid, &sid);
        proptest::prop_assert_eq!(&loaded.actions, &vec![action]);
        proptest::prop_assert_eq!(loaded.match_mode, statement.match_mode);
        proptest::prop_assert_eq!(&loaded.reason, &reason);
        let values: Vec<_> = loaded.conditions.iter().map(|c| (c.field.clone(), c.op, c.value.clone())).collect();
        let expected: Vec<_> = statement.conditions.iter().map(|c| (c.field.clone(), c.op, c.value.clone())).collect();
        proptest::prop_assert_eq!(values, expected, "{}", text);
        let (back, _) = text::remove_item(&text, loaded.location.line, &sid).unwrap();
        proptest::prop_assert_eq!(back, base);
    }
}
