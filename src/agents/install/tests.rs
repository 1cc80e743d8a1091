//! Tests of the settings merge: every case pins the whole resulting document.

use super::*;
use serde_json::json;
use std::path::PathBuf;

const BIN: &str = "/usr/local/bin/agsec";

fn claude(policy_dir: Option<&str>) -> HookCommand {
    HookCommand::new(Agent::ClaudeCode, Path::new(BIN), policy_dir.map(Path::new)).unwrap()
}

fn codex(policy_dir: Option<&str>) -> HookCommand {
    HookCommand::new(Agent::Codex, Path::new(BIN), policy_dir.map(Path::new)).unwrap()
}

fn claude_entry() -> Value {
    json!({"type": "command", "command": BIN,
           "args": ["check", "--agent", "claude-code", "--policy-dir", "/p/policies"],
           "timeout": 30, "onFailure": "block"})
}

#[test]
fn entries_per_agent() {
    let cases = [
        (claude(Some("/p/policies")), claude_entry()),
        (
            claude(None),
            json!({"type": "command", "command": BIN, "args": ["check", "--agent", "claude-code"],
                   "timeout": 30, "onFailure": "block"}),
        ),
        (
            codex(Some("/p/it's here")),
            json!({"type": "command",
                   "command": "'/usr/local/bin/agsec' check --agent codex --policy-dir '/p/it'\\''s here'",
                   "timeout": 30}),
        ),
        (
            codex(None),
            json!({"type": "command", "command": "'/usr/local/bin/agsec' check --agent codex", "timeout": 30}),
        ),
    ];
    for (hook, expected) in cases {
        assert_eq!(hook.entry(), expected);
    }
    // PostToolUse runs `scan`, and a Claude Code entry has no `onFailure` (nothing to block).
    let post = [
        (
            claude(Some("/p/policies")).for_event(HookEvent::PostToolUse),
            json!({"type": "command", "command": BIN,
                   "args": ["scan", "--agent", "claude-code", "--policy-dir", "/p/policies"],
                   "timeout": 30}),
        ),
        (
            codex(None).for_event(HookEvent::PostToolUse),
            json!({"type": "command", "command": "'/usr/local/bin/agsec' scan --agent codex", "timeout": 30}),
        ),
    ];
    for (hook, expected) in post {
        assert_eq!(hook.event(), HookEvent::PostToolUse);
        assert_eq!(hook.entry(), expected);
    }
    // The login shell Codex uses splits the command back into the intended words.
    let entry = codex(Some("/p/it's here")).entry();
    let words = shlex::split(entry["command"].as_str().unwrap()).unwrap();
    assert_eq!(
        words,
        [
            BIN,
            "check",
            "--agent",
            "codex",
            "--policy-dir",
            "/p/it's here"
        ]
    );
}

#[test]
fn hook_commands_need_an_installable_agent_and_absolute_utf8_paths() {
    let cases = [
        (
            Agent::Plain,
            BIN,
            None,
            "agsec has no installer for `plain`\n  help: installable agents: claude-code, codex, gemini, copilot, cursor, cline",
        ),
        (
            Agent::Codex,
            "agsec",
            None,
            "path `agsec` is relative; hooks need absolute paths",
        ),
        (
            Agent::ClaudeCode,
            BIN,
            Some("policies"),
            "path `policies` is relative; hooks need absolute paths",
        ),
    ];
    for (agent, binary, dir, expected) in cases {
        let err = HookCommand::new(agent, Path::new(binary), dir.map(Path::new)).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
}

#[test]
fn recognises_agsec_hooks() {
    let cases = [
        (
            json!({"command": BIN, "args": ["check", "--agent", "claude-code"]}),
            true,
        ),
        (
            json!({"command": "/opt/old/agsec", "args": ["check"]}),
            true,
        ),
        (
            json!({"command": "C:\\tools\\agsec.exe", "args": ["check"]}),
            cfg!(windows),
        ),
        (
            json!({"command": "/usr/local/bin/agsec check --agent codex"}),
            true,
        ),
        (
            json!({"command": "'/home/a b/agsec' check --agent codex --policy-dir '/x'"}),
            true,
        ),
        (json!({"command": BIN, "args": ["validate"]}), false),
        (
            json!({"command": "/usr/bin/other", "args": ["check"]}),
            false,
        ),
        (json!({"command": "/bin/agsec-helper check"}), false),
        (json!({"command": "/usr/local/bin/agsec"}), false),
        (json!({"command": "echo agsec check"}), false),
        (json!({"args": ["check"]}), false),
        (json!({"command": 7}), false),
        (json!({"command": "'unterminated"}), false),
    ];
    for (hook, expected) in cases {
        assert_eq!(is_agsec_hook(&hook, BIN), expected, "{hook}");
    }
    // A binary of another name is recognised by its exact path.
    let renamed = json!({"command": "/opt/fw/firewall", "args": ["check"]});
    assert!(is_agsec_hook(&renamed, "/opt/fw/firewall"));
    assert!(!is_agsec_hook(&renamed, BIN));
}

#[test]
fn recognises_agsec_hooks_per_event() {
    let check = json!({"command": BIN, "args": ["check"]});
    let scan = json!({"command": "'/x/agsec' scan --agent codex"});
    let cases = [
        (&check, HookEvent::PreToolUse, true),
        (&check, HookEvent::PostToolUse, false),
        (&scan, HookEvent::PreToolUse, false),
        (&scan, HookEvent::PostToolUse, true),
    ];
    for (hook, event, expected) in cases {
        assert_eq!(
            is_agsec_event_hook(hook, event, BIN),
            expected,
            "{hook} {event}"
        );
    }
}

#[test]
fn installs_and_uninstalls_every_event() {
    let hooks = claude(Some("/p/policies")).every_event();
    let post_entry = hooks[1].entry();
    let both = json!({"hooks": {
        "PreToolUse": [{"matcher": "*", "hooks": [claude_entry()]}],
        "PostToolUse": [{"matcher": "*", "hooks": [post_entry.clone()]}],
    }});
    let foreign = json!({"type": "command", "command": "/bin/fmt"});
    let cases: Vec<(&str, Value, Change, Value)> = vec![
        ("empty document", json!({}), Change::Added, both.clone()),
        (
            "already installed",
            both.clone(),
            Change::Unchanged,
            both.clone(),
        ),
        (
            "an install from before PostToolUse is completed",
            json!({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [claude_entry()]}]}}),
            Change::Updated,
            both.clone(),
        ),
        (
            "foreign PostToolUse hooks kept, ours in a group of its own",
            json!({"hooks": {"PostToolUse": [{"matcher": "Write", "hooks": [foreign.clone()]}]}}),
            Change::Added,
            json!({"hooks": {
                "PostToolUse": [{"matcher": "Write", "hooks": [foreign.clone()]},
                                {"matcher": "*", "hooks": [post_entry.clone()]}],
                "PreToolUse": [{"matcher": "*", "hooks": [claude_entry()]}],
            }}),
        ),
    ];
    for (name, mut doc, change, expected) in cases {
        assert_eq!(install_all(&mut doc, &hooks), Ok(change), "{name}");
        assert_eq!(doc.to_string(), expected.to_string(), "{name}");
        assert_eq!(
            install_all(&mut doc, &hooks),
            Ok(Change::Unchanged),
            "{name}"
        );
        assert_eq!(
            uninstall(&mut doc, Path::new(BIN)),
            Ok(Change::Removed),
            "{name}"
        );
        let left = doc.pointer("/hooks/PostToolUse").cloned();
        assert!(doc.pointer("/hooks/PreToolUse").is_none(), "{name}");
        assert_eq!(
            left.is_some(),
            name.starts_with("foreign"),
            "{name}: only foreign PostToolUse hooks remain"
        );
    }
    // A bad PostToolUse array is refused before anything changes.
    let mut doc = json!({"hooks": {"PostToolUse": [{"hooks": "x"}]}});
    let err = install_all(&mut doc, &hooks).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`hooks.PostToolUse[0].hooks` is a JSON string, expected an array"
    );
    assert_eq!(doc, json!({"hooks": {"PostToolUse": [{"hooks": "x"}]}}));
}

/// A settings file as people have them: other keys, other hooks, in their own order.
fn busy_settings() -> Value {
    json!({
        "permissions": {"allow": ["Bash(ls:*)"], "deny": []},
        "hooks": {
            "PostToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "/bin/fmt"}]}],
            "PreToolUse": [
                {"matcher": "Bash", "hooks": [{"type": "command", "command": "/bin/lint-bash"}]},
                {"hooks": [{"type": "command", "command": "/bin/log", "timeout": 5}]}
            ],
            "Stop": []
        },
        "env": {"A": "1"},
        "model": "opus"
    })
}

#[test]
fn install_results() {
    let ours = || json!({"matcher": "*", "hooks": [claude_entry()]});
    let old = json!({"type": "command", "command": "/opt/old/agsec", "args": ["check", "--agent", "claude-code"], "timeout": 10});
    let foreign = json!({"type": "command", "command": "/bin/other"});
    let cases: Vec<(&str, Value, Change, Value)> = vec![
        (
            "empty document",
            json!({}),
            Change::Added,
            json!({"hooks": {"PreToolUse": [ours()]}}),
        ),
        (
            "other keys and hooks kept, in order",
            busy_settings(),
            Change::Added,
            {
                let mut expected = busy_settings();
                expected["hooks"]["PreToolUse"]
                    .as_array_mut()
                    .unwrap()
                    .push(ours());
                expected
            },
        ),
        (
            "empty hooks object",
            json!({"hooks": {}, "x": 1}),
            Change::Added,
            json!({"hooks": {"PreToolUse": [ours()]}, "x": 1}),
        ),
        (
            "already installed",
            json!({"hooks": {"PreToolUse": [ours()]}}),
            Change::Unchanged,
            json!({"hooks": {"PreToolUse": [ours()]}}),
        ),
        (
            "old entry updated in place, its neighbours kept",
            json!({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [foreign.clone(), old.clone(), foreign.clone()]}]}}),
            Change::Updated,
            json!({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [foreign.clone(), claude_entry(), foreign.clone()]}]}}),
        ),
        (
            "old entry under an empty matcher stays there",
            json!({"hooks": {"PreToolUse": [{"matcher": "", "hooks": [old.clone()]}]}}),
            Change::Updated,
            json!({"hooks": {"PreToolUse": [{"matcher": "", "hooks": [claude_entry()]}]}}),
        ),
        (
            "entry under a narrower matcher moves to its own `*` group",
            json!({"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [old.clone()]}, {"matcher": "Write", "hooks": [foreign.clone(), old.clone()]}]}}),
            Change::Updated,
            json!({"hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [foreign.clone()]}, ours()]}}),
        ),
        (
            "duplicates removed",
            json!({"hooks": {"PreToolUse": [ours(), {"matcher": "*", "hooks": [old.clone()]}, {"hooks": [foreign.clone(), claude_entry()]}]}}),
            Change::Updated,
            json!({"hooks": {"PreToolUse": [ours(), {"hooks": [foreign.clone()]}]}}),
        ),
    ];
    for (name, mut doc, change, expected) in cases {
        assert_eq!(
            install(&mut doc, &claude(Some("/p/policies"))),
            Ok(change),
            "{name}"
        );
        assert_eq!(doc, expected, "{name}");
        // Key order is part of the result (serde_json's preserve_order).
        assert_eq!(doc.to_string(), expected.to_string(), "{name}");
        // Installing again changes nothing.
        assert_eq!(
            install(&mut doc, &claude(Some("/p/policies"))),
            Ok(Change::Unchanged),
            "{name}"
        );
        assert_eq!(doc, expected, "{name} (twice)");
    }
}

/// Exact for every document except one holding an empty `hooks` or `PreToolUse` of its own: after
/// a round trip those are gone too (nothing in the file says they predate agsec).
#[test]
fn install_then_uninstall_returns_the_original_document() {
    let originals = [
        json!({}),
        busy_settings(),
        json!({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "/bin/x"}]}]}}),
        json!({"hooks": {"PostToolUse": []}, "z": null}),
        json!({"a": {"hooks": "not ours"}}),
    ];
    for original in originals {
        for hook in [claude(Some("/p/policies")), codex(None)] {
            let mut doc = original.clone();
            assert_eq!(install(&mut doc, &hook), Ok(Change::Added));
            assert_ne!(doc, original);
            assert_eq!(uninstall(&mut doc, Path::new(BIN)), Ok(Change::Removed));
            assert_eq!(doc.to_string(), original.to_string(), "{:?}", hook.agent());
        }
    }
}

#[test]
fn uninstall_results() {
    let ours = || json!({"matcher": "*", "hooks": [claude_entry()]});
    let foreign = json!({"type": "command", "command": "/bin/other"});
    let cases: Vec<(&str, Value, Change, Value)> = vec![
        ("no file content", json!({}), Change::Absent, json!({})),
        (
            "foreign hooks only",
            busy_settings(),
            Change::Absent,
            busy_settings(),
        ),
        (
            "empty PreToolUse left alone",
            json!({"hooks": {"PreToolUse": []}}),
            Change::Absent,
            json!({"hooks": {"PreToolUse": []}}),
        ),
        (
            "only ours",
            json!({"a": 1, "hooks": {"PreToolUse": [ours()]}, "b": 2}),
            Change::Removed,
            json!({"a": 1, "b": 2}),
        ),
        (
            "ours beside a foreign hook in one group",
            json!({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [foreign.clone(), claude_entry()]}]}}),
            Change::Removed,
            json!({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [foreign.clone()]}]}}),
        ),
        (
            "other events and empty foreign groups kept",
            json!({"hooks": {"PreToolUse": [{"matcher": "X", "hooks": []}, ours()], "Stop": []}}),
            Change::Removed,
            json!({"hooks": {"PreToolUse": [{"matcher": "X", "hooks": []}], "Stop": []}}),
        ),
        (
            "every agsec entry, codex's shell form too",
            json!({"hooks": {"PreToolUse": [ours(), {"matcher": "*", "hooks": [{"type": "command", "command": "'/x/agsec' check --agent codex"}]}]}}),
            Change::Removed,
            json!({}),
        ),
    ];
    for (name, mut doc, change, expected) in cases {
        assert_eq!(uninstall(&mut doc, Path::new(BIN)), Ok(change), "{name}");
        assert_eq!(doc.to_string(), expected.to_string(), "{name}");
    }
}

#[test]
fn refuses_unexpected_shapes_and_leaves_them_untouched() {
    let cases = [
        (
            json!([]),
            "`(top level)` is a JSON array, expected an object",
        ),
        (
            json!("x"),
            "`(top level)` is a JSON string, expected an object",
        ),
        (
            json!({"hooks": []}),
            "`hooks` is a JSON array, expected an object",
        ),
        (
            json!({"hooks": {"PreToolUse": {}}}),
            "`hooks.PreToolUse` is a JSON object, expected an array",
        ),
        (
            json!({"hooks": {"PreToolUse": [{}, "x"]}}),
            "`hooks.PreToolUse[1]` is a JSON string, expected an object",
        ),
        (
            json!({"hooks": {"PreToolUse": [{"hooks": {"type": "command"}}]}}),
            "`hooks.PreToolUse[0].hooks` is a JSON object, expected an array",
        ),
        (
            json!({"hooks": {"PreToolUse": [{"hooks": [{}, null]}]}}),
            "`hooks.PreToolUse[0].hooks[1]` is a JSON null, expected an object",
        ),
    ];
    for (original, expected) in cases {
        let mut doc = original.clone();
        let err = install(&mut doc, &claude(None)).unwrap_err();
        assert_eq!(err.to_string(), expected);
        assert_eq!(doc, original);
        let err = uninstall(&mut doc, Path::new(BIN)).unwrap_err();
        assert_eq!(err.to_string(), expected);
        assert_eq!(doc, original);
    }
}

#[test]
fn settings_paths() {
    let project = Scope::Project(PathBuf::from("/p"));
    let user = Scope::User {
        home: PathBuf::from("/h"),
        codex_home: None,
    };
    let codex_home = Scope::User {
        home: PathBuf::from("/h"),
        codex_home: Some(PathBuf::from("/c")),
    };
    let cases = [
        (Agent::ClaudeCode, &project, "/p/.claude/settings.json"),
        (Agent::ClaudeCode, &user, "/h/.claude/settings.json"),
        (Agent::ClaudeCode, &codex_home, "/h/.claude/settings.json"),
        (Agent::Codex, &project, "/p/.codex/hooks.json"),
        (Agent::Codex, &user, "/h/.codex/hooks.json"),
        (Agent::Codex, &codex_home, "/c/hooks.json"),
    ];
    for (agent, scope, expected) in cases {
        assert_eq!(
            settings_path(agent, scope).unwrap(),
            PathBuf::from(expected)
        );
    }
    assert!(settings_path(Agent::Plain, &project).is_err());
}

#[test]
fn gemini_settings_get_before_and_after_tool_groups() {
    let hook = HookCommand::new(
        Agent::Gemini,
        Path::new(BIN),
        Some(Path::new("/p/policies")),
    )
    .unwrap();
    let mut doc = json!({"model": {"name": "gemini-2.5-pro"},
                         "hooks": {"BeforeTool": [{"matcher": "write_file", "hooks": [{"type": "command", "command": "./lint.sh"}]}]}});
    let original = doc.clone();
    assert_eq!(
        install_all(&mut doc, &hook.every_event()).unwrap(),
        Change::Added
    );
    insta::assert_snapshot!(serde_json::to_string_pretty(&doc["hooks"]).unwrap(), @r#"
    {
      "BeforeTool": [
        {
          "matcher": "write_file",
          "hooks": [
            {
              "type": "command",
              "command": "./lint.sh"
            }
          ]
        },
        {
          "matcher": "*",
          "hooks": [
            {
              "name": "agsec check",
              "type": "command",
              "command": "'/usr/local/bin/agsec' check --agent gemini --policy-dir '/p/policies'",
              "timeout": 30000
            }
          ]
        }
      ],
      "AfterTool": [
        {
          "matcher": "*",
          "hooks": [
            {
              "name": "agsec scan",
              "type": "command",
              "command": "'/usr/local/bin/agsec' scan --agent gemini --policy-dir '/p/policies'",
              "timeout": 30000
            }
          ]
        }
      ]
    }
    "#);
    assert_eq!(
        install_all(&mut doc, &hook.every_event()).unwrap(),
        Change::Unchanged
    );
    assert_eq!(
        uninstall(&mut doc, Path::new(BIN)).unwrap(),
        Change::Removed
    );
    assert_eq!(doc, original);
}

#[test]
fn written_files_name_every_installer_file_and_backup() {
    let project = Scope::Project(PathBuf::from("/p"));
    let names: Vec<String> = written_files(&project)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "/p/.claude/settings.json",
            "/p/.claude/settings.json.agsec-backup",
            "/p/.codex/hooks.json",
            "/p/.codex/hooks.json.agsec-backup",
            "/p/.gemini/settings.json",
            "/p/.gemini/settings.json.agsec-backup",
            "/p/.github/hooks/agsec.json",
            "/p/.github/hooks/agsec.json.agsec-backup",
            "/p/.cursor/hooks.json",
            "/p/.cursor/hooks.json.agsec-backup",
            "/p/.clinerules/hooks/PreToolUse",
            "/p/.clinerules/hooks/PreToolUse.agsec-backup",
        ]
    );
}
