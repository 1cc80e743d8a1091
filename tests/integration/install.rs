//! `agsec install` through the binary, in a scratch root holding `project/` (the working
//! directory), `home/` (`$HOME`) and, when a case sets it, `codex-home/` (`$CODEX_HOME`).
//! Before/after trees live in `tests/data/install/<case>/{in,out}/`; in them `{ROOT}` stands for
//! the scratch root and `{AGSEC}` for the binary under test.

use crate::support::agsec;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    codex_home: bool,
    /// Expected stdout of the first run (normalised).
    stdout: &'static str,
    stderr: &'static str,
    /// Whether `--uninstall` gives back the `in/` settings exactly (no old agsec entry in them).
    round_trip: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "claude-empty-project",
        args: &["install", "claude-code"],
        codex_home: false,
        stdout: "installed: agsec is the PreToolUse and PostToolUse hook of Claude Code in `{ROOT}/project/.claude/settings.json`\n",
        stderr: "note: the policy directory `{ROOT}/project/policies` does not exist yet; create it with `agsec init`\nnote: Claude Code 2.1.329 has no PreSkillShellCommand hook event (new in 2.1.332): the shell lines of a slash command the person types run unchecked; upgrade Claude Code and run `agsec install claude-code` again\n",
        round_trip: false,
    },
    Case {
        name: "claude-busy-project",
        args: &[
            "install",
            "claude-code",
            "--project-dir",
            "{ROOT}/project",
            "--policy-dir",
            "../shared-policies",
        ],
        codex_home: false,
        stdout: "updated: agsec is the PreToolUse and PostToolUse hook of Claude Code in `{ROOT}/project/.claude/settings.json`\n  the previous file is saved as `{ROOT}/project/.claude/settings.json.agsec-backup`\n",
        stderr: "note: Claude Code 2.1.329 has no PreSkillShellCommand hook event (new in 2.1.332): the shell lines of a slash command the person types run unchecked; upgrade Claude Code and run `agsec install claude-code` again\n",
        round_trip: false,
    },
    Case {
        name: "codex-foreign-project",
        args: &["install", "codex"],
        codex_home: false,
        stdout: "installed: agsec is the PreToolUse and PostToolUse hook of Codex in `{ROOT}/project/.codex/hooks.json`\n  the previous file is saved as `{ROOT}/project/.codex/hooks.json.agsec-backup`\n  next: Codex skips a new or changed hook until you trust it: open Codex, type `/hooks` and trust agsec's hooks\n",
        stderr: "",
        round_trip: true,
    },
    Case {
        name: "claude-user",
        args: &["install", "claude-code", "--user"],
        codex_home: false,
        stdout: "installed: agsec is the PreToolUse and PostToolUse hook of Claude Code in `{ROOT}/home/.claude/settings.json`\n  the previous file is saved as `{ROOT}/home/.claude/settings.json.agsec-backup`\n",
        stderr: "note: Claude Code 2.1.329 has no PreSkillShellCommand hook event (new in 2.1.332): the shell lines of a slash command the person types run unchecked; upgrade Claude Code and run `agsec install claude-code` again\n",
        round_trip: true,
    },
    Case {
        name: "codex-user-codex-home",
        args: &["install", "codex", "--user"],
        codex_home: true,
        stdout: "installed: agsec is the PreToolUse and PostToolUse hook of Codex in `{ROOT}/codex-home/hooks.json`\n  next: Codex skips a new or changed hook until you trust it: open Codex, type `/hooks` and trust agsec's hooks\n",
        stderr: "",
        round_trip: false,
    },
];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/install")
}

/// The binary's canonical path, as the installer writes it.
fn binary() -> String {
    let path = assert_cmd::cargo::cargo_bin("agsec");
    fs::canonicalize(path)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// A scratch root: canonical (the installer canonicalises), with `project/` and `home/`.
struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Holds the fake `claude` (outside the root, whose files the cases compare).
    bin: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("project")).unwrap();
        fs::create_dir_all(root.join("home")).unwrap();
        let scratch = Self {
            _dir: dir,
            root,
            bin: tempfile::tempdir().unwrap(),
        };
        scratch.claude_version("2.1.329");
        scratch
    }

    /// Makes `$AGSEC_CLAUDE_BIN` a Claude Code that prints `version`.
    fn claude_version(&self, version: &str) {
        let path = self.bin.path().join("claude");
        fs::write(
            &path,
            format!("#!/bin/sh\necho '{version} (Claude Code)'\n"),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    fn root(&self) -> String {
        self.root.to_string_lossy().into_owned()
    }

    /// `agsec <args>` run in `project/` with `HOME` (and maybe `CODEX_HOME`) inside the root.
    fn run(&self, args: &[&str], codex_home: bool) -> assert_cmd::assert::Assert {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("{ROOT}", &self.root()))
            .collect();
        let mut cmd = agsec();
        cmd.args(&args)
            .current_dir(self.root.join("project"))
            .env("HOME", self.root.join("home"))
            .env("AGSEC_CLAUDE_BIN", self.bin.path().join("claude"))
            .env_remove("CODEX_HOME");
        if codex_home {
            cmd.env("CODEX_HOME", self.root.join("codex-home"));
        }
        cmd.assert()
    }

    /// Every file under the root, by relative path, with machine-specific paths normalised.
    fn files(&self) -> BTreeMap<String, String> {
        read_tree(&self.root)
            .into_iter()
            .map(|(path, text)| (path, self.normalise(&text)))
            .collect()
    }

    fn normalise(&self, text: &str) -> String {
        text.replace(&binary(), "{AGSEC}")
            .replace(&self.root(), "{ROOT}")
    }
}

fn read_tree(root: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(relative, fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

fn copy_tree(from: &Path, to: &Path) {
    for (relative, text) in read_tree(from) {
        let target = to.join(relative);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, text).unwrap();
    }
}

#[test]
fn install_cases() {
    for case in CASES {
        let name = case.name;
        let scratch = Scratch::new();
        let input = data_dir().join(name).join("in");
        if input.is_dir() {
            copy_tree(&input, &scratch.root);
        }
        let before = scratch.files();
        let expected = read_tree(&data_dir().join(name).join("out"));

        let out = scratch.run(case.args, case.codex_home).success();
        let output = out.get_output();
        let stdout = scratch.normalise(&String::from_utf8_lossy(&output.stdout));
        let stderr = scratch.normalise(&String::from_utf8_lossy(&output.stderr));
        assert_eq!(stdout, case.stdout, "{name}: stdout");
        assert_eq!(stderr, case.stderr, "{name}: stderr");
        let after = scratch.files();
        assert_eq!(after, expected, "{name}: files after install");

        // Running it again changes nothing and says so.
        let again = scratch.run(case.args, case.codex_home).success();
        let again = String::from_utf8_lossy(&again.get_output().stdout).into_owned();
        assert!(
            again.starts_with("unchanged: agsec is already"),
            "{name}: {again}"
        );
        assert_eq!(
            scratch.files(),
            expected,
            "{name}: files after a second install"
        );

        // Uninstalling removes exactly what install added.
        let mut uninstall = case.args.to_vec();
        uninstall.push("--uninstall");
        let removed = scratch.run(&uninstall, case.codex_home).success();
        let removed = String::from_utf8_lossy(&removed.get_output().stdout).into_owned();
        assert!(
            removed.starts_with("removed: agsec's hooks for"),
            "{name}: {removed}"
        );
        if case.round_trip {
            for (path, text) in before.iter().filter(|(path, _)| path.ends_with(".json")) {
                let now = &scratch.files()[path];
                let (now, then): (serde_json::Value, serde_json::Value) = (
                    serde_json::from_str(now).unwrap(),
                    serde_json::from_str(text).unwrap(),
                );
                assert_eq!(
                    now.to_string(),
                    then.to_string(),
                    "{name}: {path} after uninstall"
                );
            }
        }
        for (path, text) in scratch.files() {
            assert!(
                !text.contains("{AGSEC}") || path.ends_with("agsec-backup"),
                "{name}: {path}"
            );
        }
    }
}

#[test]
fn refuses_a_file_that_is_not_json_and_leaves_it_untouched() {
    let scratch = Scratch::new();
    scratch.claude_version("2.1.332");
    let settings = scratch.root.join("project/.claude/settings.json");
    fs::create_dir_all(settings.parent().unwrap()).unwrap();
    fs::write(&settings, "{\n  // comments are not JSON\n}\n").unwrap();
    let out = scratch.run(&["install", "claude-code"], false).code(1);
    let stderr = scratch.normalise(&String::from_utf8_lossy(&out.get_output().stderr));
    insta::assert_snapshot!(stderr, @r"
    note: the policy directory `{ROOT}/project/policies` does not exist yet; create it with `agsec init`
    agsec: error: {ROOT}/project/.claude/settings.json:2:3: not valid JSON: key must be a string
      help: fix the file (or move it away) and run the command again; agsec left it untouched
    ");
    assert_eq!(
        fs::read_to_string(&settings).unwrap(),
        "{\n  // comments are not JSON\n}\n"
    );
    assert_eq!(scratch.files().len(), 1, "no backup, no temp file");
}

#[test]
fn refuses_hooks_of_an_unexpected_shape() {
    let scratch = Scratch::new();
    let hooks = scratch.root.join("project/.codex/hooks.json");
    fs::create_dir_all(hooks.parent().unwrap()).unwrap();
    let content = "{\"hooks\": {\"PreToolUse\": {\"matcher\": \"*\"}}}";
    fs::write(&hooks, content).unwrap();
    let out = scratch
        .run(&["install", "codex", "--policy-dir", "/etc/agsec"], false)
        .code(1);
    let stderr = scratch.normalise(&String::from_utf8_lossy(&out.get_output().stderr));
    insta::assert_snapshot!(stderr, @r"
    note: the policy directory `/etc/agsec` does not exist yet; create it with `agsec init`
    agsec: error: {ROOT}/project/.codex/hooks.json: unexpected settings shape: `hooks.PreToolUse` is a JSON object, expected an array
      help: fix the file by hand and run the command again; agsec left it untouched
    ");
    assert_eq!(fs::read_to_string(&hooks).unwrap(), content);
}

#[test]
fn uninstall_when_not_installed_is_a_no_op() {
    let scratch = Scratch::new();
    let out = scratch
        .run(&["install", "codex", "--uninstall"], false)
        .success();
    let stdout = scratch.normalise(&String::from_utf8_lossy(&out.get_output().stdout));
    assert_eq!(
        stdout,
        "unchanged: no agsec hook in `{ROOT}/project/.codex/hooks.json`; nothing to remove\n"
    );
    assert!(scratch.files().is_empty(), "nothing created");
}

#[test]
fn dry_run_prints_the_document_and_writes_nothing() {
    let scratch = Scratch::new();
    scratch.claude_version("2.1.332");
    let out = scratch
        .run(&["install", "claude-code", "--user", "--dry-run"], false)
        .success();
    let output = out.get_output();
    let stdout = scratch.normalise(&String::from_utf8_lossy(&output.stdout));
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        document["hooks"]["PreToolUse"][0]["hooks"][0]["args"],
        serde_json::json!(["check", "--agent", "claude-code"])
    );
    assert_eq!(
        scratch.normalise(&String::from_utf8_lossy(&output.stderr)),
        "dry run: would write `{ROOT}/home/.claude/settings.json` (added); nothing written\n"
    );
    assert!(scratch.files().is_empty());
}

#[test]
fn user_and_project_dir_conflict() {
    let scratch = Scratch::new();
    let out = scratch
        .run(&["install", "codex", "--user", "--project-dir", "."], false)
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("the argument '--user' cannot be used with '--project-dir <DIR>'"),
        "{stderr}"
    );
}

#[test]
fn missing_project_dir_is_an_error() {
    let scratch = Scratch::new();
    let out = scratch
        .run(
            &["install", "claude-code", "--project-dir", "{ROOT}/nope"],
            false,
        )
        .code(1);
    let stderr = scratch.normalise(&String::from_utf8_lossy(&out.get_output().stderr));
    assert!(
        stderr.starts_with("agsec: error: project directory `{ROOT}/nope`: "),
        "{stderr}"
    );
}

#[test]
fn registers_the_skill_shell_hook_only_where_claude_code_has_it() {
    let scratch = Scratch::new();
    let settings = || -> serde_json::Value {
        serde_json::from_str(
            &fs::read_to_string(scratch.root.join("project/.claude/settings.json")).unwrap(),
        )
        .unwrap()
    };
    // 2.1.329 (set up by Scratch::new): no PreSkillShellCommand, and a note saying what is left.
    scratch.run(&["install", "claude-code"], false).success();
    assert!(settings()["hooks"].get("PreSkillShellCommand").is_none());

    scratch.claude_version("2.1.332");
    let out = scratch.run(&["install", "claude-code"], false).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("PreToolUse, PreSkillShellCommand and PostToolUse hook"),
        "{stdout}"
    );
    let entry = &settings()["hooks"]["PreSkillShellCommand"][0];
    assert_eq!(entry["matcher"], "*");
    assert_eq!(entry["hooks"][0]["args"][0], "check");
    assert_eq!(entry["hooks"][0]["onFailure"], "block");

    // Uninstalling removes it with the rest.
    scratch
        .run(&["install", "claude-code", "--uninstall"], false)
        .success();
    assert!(settings().get("hooks").is_none(), "{}", settings());

    // No claude to ask: not registered, and the note says so.
    fs::remove_file(scratch.bin.path().join("claude")).unwrap();
    let out = scratch.run(&["install", "claude-code"], false).success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("could not run"), "{stderr}");
    assert!(settings()["hooks"].get("PreSkillShellCommand").is_none());
}
