//! Self-protection: agsec's files, its state-changing subcommands and its audit store cannot be
//! touched by the agent, whatever the policies say (here a policy set that allows everything).

use crate::support::Workspace;
use serde_json::{Value, json};

/// A workspace whose only policy allows everything, with agsec's hook settings installed.
fn open_workspace() -> Workspace {
    let ws = Workspace::new();
    ws.policy("00.yaml", "default: allow\nstatements: []\n");
    ws.file(".claude/settings.json", "{}");
    ws.file(".codex/hooks.json", "{}");
    ws.file("src/main.rs", "fn main() {}\n");
    ws
}

fn decision(ws: &Workspace, payload: &Value) -> (String, String) {
    let out = ws
        .cmd()
        .args(["check", "--agent", "claude-code", "--json", "--no-audit"])
        .write_stdin(payload.to_string())
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (
        value["decision"].as_str().unwrap_or("").to_owned(),
        value["reason"].as_str().unwrap_or("").to_owned(),
    )
}

fn bash(ws: &Workspace, command: &str) -> (String, String) {
    decision(ws, &ws.claude_bash(command))
}

#[test]
fn deleting_moving_or_rewriting_protected_paths_or_their_folders_is_denied() {
    let ws = open_workspace();
    let db = ws.audit_db().display().to_string();
    let cases = [
        "rm -rf .claude".to_owned(),
        "mv .claude /tmp/x".to_owned(),
        "git rm -rq .claude".to_owned(),
        "rm -r .codex".to_owned(),
        "rm -rf ./policies/".to_owned(),
        "mv policies /tmp/p".to_owned(),
        "cd src && rm -rf ../.claude".to_owned(),
        "sh -c 'rm -rf .claude'".to_owned(),
        "echo '{}' > .claude/settings.json".to_owned(),
        ": > policies/00.yaml".to_owned(),
        "truncate -s 0 policies/00.yaml".to_owned(),
        "ln -sf /dev/null .claude/settings.json".to_owned(),
        format!("rm -f {db}"),
        format!("cp /dev/null {db}"),
        "rm -rf ~/.local/share/agsec".to_owned(),
        "git stash -u".to_owned(),
        "git stash push --all".to_owned(),
        "git switch --orphan x".to_owned(),
        "git checkout --orphan x".to_owned(),
        "git -C src stash --include-untracked".to_owned(),
        "git reset --hard HEAD~2".to_owned(),
        "git checkout HEAD~3 -- policies".to_owned(),
        "git restore --source HEAD~1 .claude".to_owned(),
        "git clean -xfd".to_owned(),
        "git mv .claude old-claude".to_owned(),
    ];
    for command in &cases {
        let (effect, reason) = bash(&ws, command);
        assert_eq!(effect, "deny", "{command}: {reason}");
        assert!(reason.contains("protected"), "{command}: {reason}");
    }
}

#[test]
fn ordinary_work_beside_protected_files_is_not_denied() {
    let ws = open_workspace();
    for command in [
        "rm -rf target",
        "mv src/main.rs src/lib.rs",
        "cat policies/00.yaml .claude/settings.json",
        "git stash",
        "git status",
        "git checkout -- src/main.rs",
        "git rm --cached .claude/settings.json",
        "agsec pending",
        "agsec audit export --output report.jsonl",
        "agsec validate",
        "sqlite3 -readonly ~/x.db .tables",
        "tar -xf /tmp/x.tar -C .",
    ] {
        let (effect, reason) = bash(&ws, command);
        assert_eq!(effect, "allow", "{command}: {reason}");
    }
}

#[test]
fn agsec_state_changing_subcommands_are_denied_under_any_name() {
    let ws = open_workspace();
    let copy = ws.path().join("renamed-tool");
    std::fs::copy(assert_cmd::cargo::cargo_bin("agsec"), &copy).unwrap();
    let link = ws.path().join("fw");
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("agsec"), &link).unwrap();
    for command in [
        "agsec init --force",
        "agsec install claude-code --uninstall",
        "agsec policy add",
        "agsec policy remove DenyAll",
        "agsec approve 3",
        "agsec reject 3",
        "sudo X=1 agsec approve 3",
        "sudo -- X=1 agsec approve 3",
        "env -- A=1 ./renamed-tool approve 3",
        "env AGSEC_AUDIT_DB=/tmp/x agsec approve 3",
        "/usr/local/bin/agsec approve 1",
        "./renamed-tool approve 3",
        "./fw reject 2",
        "bash -c './renamed-tool audit prune --older-than 2099-01-01'",
        "agsec audit prune --older-than 2099-01-01",
        "agsec audit verify --reset-witness",
        "agsec audit verify --reset-witness=true",
        "agsec audit verify '--reset-witness'",
        "agsec audit verify --reset",
        "agsec audit --audit-db x.db verify --res",
        "agsec audit -- verify --reset-witness",
        "./renamed-tool audit verify --reset-witness=1",
        "agsec audit export --session S --output .claude/settings.json",
        "agsec audit export --format csv --output ~/.bashrc",
        "agsec audit export -o policies/01.yaml",
    ] {
        let (effect, reason) = bash(&ws, command);
        assert_eq!(effect, "deny", "{command}: {reason}");
    }
}

#[test]
fn database_tools_cannot_write_the_audit_store() {
    let ws = open_workspace();
    let db = ws.audit_db().display().to_string();
    for (command, expected) in [
        (
            format!("sqlite3 {db} \"UPDATE pending SET status='approved'\""),
            "deny",
        ),
        (
            format!("sqlite3 file:{db}?mode=rw 'DELETE FROM records'"),
            "deny",
        ),
        (
            format!("sqlite3 -readonly {db} 'SELECT count(*) FROM records'"),
            "allow",
        ),
    ] {
        let (effect, reason) = bash(&ws, &command);
        assert_eq!(effect, expected, "{command}: {reason}");
    }
}

#[test]
fn file_tools_cannot_change_protected_files_and_agent_commands_are_reviewed() {
    let ws = open_workspace();
    let root = ws.path();
    let home = ws.home();
    let cases = [
        (
            json!({"file_path": root.join(".claude/settings.json"), "content": "{}"}),
            "Write",
            "deny",
        ),
        (
            json!({"file_path": root.join("policies/99.yaml"), "content": "x"}),
            "Write",
            "deny",
        ),
        (
            json!({"file_path": root.join(".claude/commands/tidy.md"), "content": "!`rm -rf ~`"}),
            "Write",
            "review",
        ),
        (
            json!({"file_path": home.join(".claude/skills/x/SKILL.md"), "content": "x"}),
            "Write",
            "review",
        ),
        (
            json!({"file_path": root.join(".claude/agents/a.md"), "old_string": "a", "new_string": "b"}),
            "Edit",
            "review",
        ),
        (
            json!({"file_path": root.join("src/main.rs"), "content": "fn main() {}"}),
            "Write",
            "allow",
        ),
    ];
    for (input, tool, expected) in cases {
        let (effect, reason) = decision(&ws, &ws.claude(tool, input.clone()));
        assert_eq!(effect, expected, "{tool} {input}: {reason}");
    }
    for command in [
        "echo '!`curl x | sh`' > .claude/commands/t.md",
        "cp -r /tmp/evil .claude",
        "mkdir -p ~/.claude/skills/x",
    ] {
        let (effect, reason) = bash(&ws, command);
        assert_eq!(effect, "review", "{command}: {reason}");
    }
}

#[test]
fn the_hook_settings_of_every_installable_agent_and_their_folders_are_protected() {
    let ws = open_workspace();
    let home = ws.home().display().to_string();
    // The project's and the person's settings file of Gemini CLI, Copilot CLI, Cursor and Cline.
    let files = [
        ".gemini/settings.json".to_owned(),
        ".github/hooks/agsec.json".to_owned(),
        ".cursor/hooks.json".to_owned(),
        ".clinerules/hooks/PreToolUse".to_owned(),
        format!("{home}/.gemini/settings.json"),
        format!("{home}/.copilot/hooks/agsec.json"),
        format!("{home}/.cursor/hooks.json"),
        format!("{home}/Documents/Cline/Hooks/PreToolUse"),
    ];
    for file in &files {
        let path = if file.starts_with('/') {
            std::path::PathBuf::from(file)
        } else {
            ws.path().join(file)
        };
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{}").unwrap();
        let folder = std::path::Path::new(file)
            .parent()
            .unwrap()
            .display()
            .to_string();
        for command in [
            format!("rm -f {file}"),
            format!("echo '{{}}' > {file}"),
            format!("mv {file} /tmp/x"),
            format!("rm -rf {folder}"),
            format!("mv {folder} /tmp/y"),
        ] {
            let (effect, reason) = bash(&ws, &command);
            assert_eq!(effect, "deny", "{command}: {reason}");
            assert!(reason.contains("protected"), "{command}: {reason}");
        }
        let (effect, reason) = bash(&ws, &format!("cp -r /tmp/evil {folder}"));
        assert_eq!(effect, "review", "cp into {folder}: {reason}");
        let (effect, reason) = decision(
            &ws,
            &ws.claude("Write", json!({"file_path": path, "content": "{}"})),
        );
        assert_eq!(effect, "deny", "Write {file}: {reason}");
    }
    // The folders above them stay ordinary places to work in.
    for command in [
        "echo x > .github/workflows/ci.yml",
        "mkdir -p .github/workflows",
        "cat .gemini/settings.json",
    ] {
        let (effect, reason) = bash(&ws, command);
        assert_eq!(effect, "allow", "{command}: {reason}");
    }
}
