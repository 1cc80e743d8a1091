//! The flat hook files of Copilot CLI (`.github/hooks/*.json`, `$COPILOT_HOME/hooks/*.json`) and
//! Cursor (`.cursor/hooks.json`): `{"version": 1, "hooks": {"<event>": [entry, …]}}`, with no
//! matcher groups (every entry sees every call of its event). For Copilot agsec writes its own
//! file, `agsec.json`; either way it merges: other entries and keys are kept, agsec's entry is
//! added or updated in place.

use super::{Change, HookCommand, ShapeError, expect_object, is_agsec_event_hook, shape};
use serde_json::{Map, Value, json};
use std::path::Path;

/// The events the flat files key their entry lists by (Copilot CLI's, then Cursor's).
const KEYS: [(super::HookEvent, &str); 7] = [
    (super::HookEvent::PreToolUse, "preToolUse"),
    (super::HookEvent::PostToolUse, "postToolUse"),
    (super::HookEvent::PreToolUse, "beforeShellExecution"),
    (super::HookEvent::PreToolUse, "beforeMCPExecution"),
    (super::HookEvent::PreToolUse, "beforeReadFile"),
    (super::HookEvent::PostToolUse, "afterShellExecution"),
    (super::HookEvent::PostToolUse, "afterMCPExecution"),
];

/// The lists agsec's entry goes into for an agent and event.
fn keys_for(hook: &HookCommand) -> Vec<&'static str> {
    match (hook.agent, hook.event) {
        (crate::agents::Agent::Cursor, super::HookEvent::PreToolUse) => {
            crate::agents::cursor::EVENTS.to_vec()
        }
        (crate::agents::Agent::Cursor, super::HookEvent::PostToolUse) => {
            crate::agents::cursor::POST_EVENTS.to_vec()
        }
        _ => vec![hook.event.key_for(hook.agent)],
    }
}

/// The flat lists must be arrays of objects (called from the shape check of every document).
pub(super) fn check_shape(hooks: &Map<String, Value>) -> Result<(), ShapeError> {
    for (_, key) in KEYS {
        let Some(entries) = hooks.get(key) else {
            continue;
        };
        let Value::Array(entries) = entries else {
            return Err(shape(format!("hooks.{key}"), entries, "an array"));
        };
        for (i, entry) in entries.iter().enumerate() {
            expect_object(entry, || format!("hooks.{key}[{i}]"))?;
        }
    }
    Ok(())
}

/// Adds or updates agsec's entry in the flat list of its event, removing extra agsec entries;
/// sets `version: 1` when absent. Call after the shape check.
pub(super) fn install(doc: &mut Value, hook: &HookCommand) -> Result<Change, ShapeError> {
    let mut changes = Vec::new();
    for key in keys_for(hook) {
        changes.push(install_key(doc, hook, key)?);
    }
    Ok(if changes.iter().all(|c| *c == Change::Unchanged) {
        Change::Unchanged
    } else if changes.iter().all(|c| *c == Change::Added) {
        Change::Added
    } else {
        Change::Updated
    })
}

fn install_key(doc: &mut Value, hook: &HookCommand, key: &str) -> Result<Change, ShapeError> {
    let entry = hook.entry();
    let wrong = |at: &str| ShapeError {
        at: at.to_owned(),
        found: "value of another type",
        expected: "an object",
    };
    let root = doc.as_object_mut().ok_or_else(|| wrong("(top level)"))?;
    let mut changed = false;
    if !root.contains_key("version") {
        root.insert("version".to_owned(), json!(1));
        changed = true;
    }
    let hooks = root
        .entry("hooks")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| wrong("hooks"))?;
    let entries = hooks
        .entry(key)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| wrong(key))?;
    let found: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| is_agsec_event_hook(e, hook.event, &hook.binary))
        .map(|(i, _)| i)
        .collect();
    let Some((&first, rest)) = found.split_first() else {
        entries.push(entry);
        return Ok(Change::Added);
    };
    for &i in rest.iter().rev() {
        entries.remove(i);
        changed = true;
    }
    if let Some(slot) = entries.get_mut(first)
        && *slot != entry
    {
        *slot = entry;
        changed = true;
    }
    Ok(if changed {
        Change::Updated
    } else {
        Change::Unchanged
    })
}

/// Removes agsec's entries from the flat lists, then the lists and the `hooks` object left empty
/// (and `version` when nothing else remains). Call after the shape check.
pub(super) fn uninstall(doc: &mut Value, binary: &Path) -> Change {
    let binary = binary.to_string_lossy();
    let Some(root) = doc.as_object_mut() else {
        return Change::Absent;
    };
    let Some(Value::Object(hooks)) = root.get_mut("hooks") else {
        return Change::Absent;
    };
    let mut change = Change::Absent;
    for (event, key) in KEYS {
        let Some(Value::Array(entries)) = hooks.get_mut(key) else {
            continue;
        };
        let before = entries.len();
        entries.retain(|e| !is_agsec_event_hook(e, event, &binary));
        if entries.len() != before {
            change = Change::Removed;
            if entries.is_empty() {
                hooks.shift_remove(key);
            }
        }
    }
    if change == Change::Removed && hooks.is_empty() {
        root.shift_remove("hooks");
        if root.len() == 1 && root.get("version") == Some(&json!(1)) {
            root.shift_remove("version");
        }
    }
    change
}

#[cfg(test)]
mod tests {
    use crate::agents::Agent;
    use crate::agents::install::{Change, HookCommand, install_all, uninstall};
    use serde_json::{Value, json};
    use std::path::Path;

    const BIN: &str = "/opt/agsec";

    fn hook(dir: Option<&str>) -> HookCommand {
        HookCommand::new(Agent::Copilot, Path::new(BIN), dir.map(Path::new)).unwrap()
    }

    #[test]
    fn writes_merges_and_removes_the_flat_entry() {
        let mut doc = json!({});
        let change = install_all(&mut doc, &hook(Some("/p/policies")).every_event()).unwrap();
        assert_eq!(change, Change::Added);
        insta::assert_snapshot!(serde_json::to_string_pretty(&doc).unwrap(), @r#"
        {
          "version": 1,
          "hooks": {
            "preToolUse": [
              {
                "type": "command",
                "bash": "'/opt/agsec' check --agent copilot --policy-dir '/p/policies'",
                "timeoutSec": 30
              }
            ],
            "postToolUse": [
              {
                "type": "command",
                "bash": "'/opt/agsec' scan --agent copilot --policy-dir '/p/policies'",
                "timeoutSec": 30
              }
            ]
          }
        }
        "#);
        let again = install_all(&mut doc, &hook(Some("/p/policies")).every_event()).unwrap();
        assert_eq!(again, Change::Unchanged);
        // Another person's entry stays, in its place; agsec's is updated in place.
        if let Some(entries) = doc["hooks"]["preToolUse"].as_array_mut() {
            entries.insert(0, json!({"type": "command", "bash": "./audit.sh"}));
        }
        let updated = install_all(&mut doc, &hook(None).every_event()).unwrap();
        assert_eq!(updated, Change::Updated);
        assert_eq!(doc["hooks"]["preToolUse"][0]["bash"], "./audit.sh");
        assert_eq!(
            doc["hooks"]["preToolUse"][1]["bash"],
            "'/opt/agsec' check --agent copilot"
        );
        assert_eq!(
            uninstall(&mut doc, Path::new(BIN)).unwrap(),
            Change::Removed
        );
        assert_eq!(
            doc,
            json!({"version": 1, "hooks": {"preToolUse": [{"type": "command", "bash": "./audit.sh"}]}})
        );
        let mut only_ours = json!({});
        install_all(&mut only_ours, &hook(None).every_event()).unwrap();
        assert_eq!(
            uninstall(&mut only_ours, Path::new(BIN)).unwrap(),
            Change::Removed
        );
        assert_eq!(only_ours, Value::Object(Default::default()));
    }

    #[test]
    fn cursor_gets_every_before_event_with_fail_closed_and_the_after_events() {
        let hook = HookCommand::new(Agent::Cursor, Path::new(BIN), None).unwrap();
        let mut doc = json!({"version": 1, "hooks": {"afterFileEdit": [{"command": "./fmt.sh"}]}});
        assert_eq!(
            install_all(&mut doc, &hook.every_event()).unwrap(),
            Change::Added
        );
        insta::assert_snapshot!(serde_json::to_string(&doc).unwrap(), @r#"{"version":1,"hooks":{"afterFileEdit":[{"command":"./fmt.sh"}],"beforeShellExecution":[{"command":"'/opt/agsec' check --agent cursor","failClosed":true}],"beforeMCPExecution":[{"command":"'/opt/agsec' check --agent cursor","failClosed":true}],"beforeReadFile":[{"command":"'/opt/agsec' check --agent cursor","failClosed":true}],"preToolUse":[{"command":"'/opt/agsec' check --agent cursor","failClosed":true}],"afterShellExecution":[{"command":"'/opt/agsec' scan --agent cursor"}],"afterMCPExecution":[{"command":"'/opt/agsec' scan --agent cursor"}],"postToolUse":[{"command":"'/opt/agsec' scan --agent cursor"}]}}"#);
        assert_eq!(
            install_all(&mut doc, &hook.every_event()).unwrap(),
            Change::Unchanged
        );
        assert_eq!(
            uninstall(&mut doc, Path::new(BIN)).unwrap(),
            Change::Removed
        );
        assert_eq!(
            doc,
            json!({"version": 1, "hooks": {"afterFileEdit": [{"command": "./fmt.sh"}]}})
        );
    }

    #[test]
    fn refuses_a_list_that_is_not_one() {
        let mut doc = json!({"hooks": {"preToolUse": {"bash": "x"}}});
        let err = install_all(&mut doc, &hook(None).every_event()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`hooks.preToolUse` is a JSON object, expected an array"
        );
    }
}
