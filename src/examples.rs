//! Tests inside policies: a statement's `examples` say which calls must (`match`) and must not
//! (`not_match`) trigger it. A string is a Bash command; an object is a tool call, either
//! `{tool: Write, input: {…}}` (Claude Code tool names) or `{action: file.write, params: {…}}`.
//! "Triggers" means the statement's actions and conditions match the call (or one simple command
//! of it), whatever other statements decide. Examples run in a fixed, imaginary checkout so they
//! mean the same everywhere: `{WS}` is the workspace `/ws` (also the working directory), `{HOME}` is
//! `/home/user`, and agsec's own files (`/ws/policies`, `/ws/agsec.yaml`, the hook settings) are
//! protected.

use crate::action::Action;
use crate::agents::{self, Agent};
use crate::engine::{Engine, Environment};
use crate::policy::Location;
use serde::Serialize;
use serde_json::{Value, json};
use std::path::PathBuf;

/// The workspace examples run in.
pub(crate) const EXAMPLE_WORKSPACE: &str = "/ws";
/// The home directory examples run with.
pub(crate) const EXAMPLE_HOME: &str = "/home/user";

/// The outcome of one example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExampleResult {
    /// The statement the example belongs to.
    pub sid: String,
    /// Where the example is written.
    pub location: Location,
    /// The example as written (a command or a tool call).
    pub example: Value,
    /// Whether the statement is meant to match it (`match` or `no_match`).
    pub should_match: bool,
    /// Whether the statement decided it.
    pub did_match: bool,
    /// Why the example could not be run (a malformed tool call); it then fails.
    pub error: Option<String>,
}

impl ExampleResult {
    /// Whether the statement behaved as the example says.
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.did_match == self.should_match
    }

    /// One line for people: what was expected and what happened.
    pub fn describe(&self) -> String {
        let shown = match &self.example {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if let Some(error) = &self.error {
            return format!(
                "example `{shown}` of statement `{}` cannot run: {error}",
                self.sid
            );
        }
        let (want, got) = if self.should_match {
            ("trigger", "it does not")
        } else {
            ("not trigger", "it does")
        };
        format!(
            "example `{shown}` should {want} statement `{}`, but {got}",
            self.sid
        )
    }
}

/// The environment examples run in.
pub(crate) fn example_environment() -> Environment {
    let ws = PathBuf::from(EXAMPLE_WORKSPACE);
    let home = PathBuf::from(EXAMPLE_HOME);
    let mut protected = vec![ws.join("policies"), ws.join("agsec.yaml")];
    protected.extend(crate::environment::hook_settings_files(&ws, &home));
    Environment {
        cwd: ws.clone(),
        home,
        workspace: ws,
        protected,
    }
}

/// Runs every example of every statement of the engine's policies, in load order.
pub fn run_examples(engine: &Engine) -> Vec<ExampleResult> {
    let env = example_environment();
    let mut results = Vec::new();
    for statement in engine.policies().statements() {
        for example in &statement.examples {
            let mut result = ExampleResult {
                sid: statement.sid.clone(),
                location: example.location.clone(),
                example: example.call.clone(),
                should_match: example.should_match,
                did_match: false,
                error: None,
            };
            match actions_of(&example.call) {
                Ok(actions) => {
                    result.did_match = actions
                        .iter()
                        .any(|action| engine.explain(action, &env).matched(&statement.sid));
                }
                Err(e) => result.error = Some(e),
            }
            results.push(result);
        }
    }
    results
}

/// The actions an example stands for.
fn actions_of(example: &Value) -> Result<Vec<Action>, String> {
    let example = substitute(example);
    let payload = match &example {
        Value::String(command) => json!({"tool_name": "Bash", "tool_input": {"command": command}}),
        Value::Object(map) if map.contains_key("action") => {
            return agents::parse(&example.to_string(), Some(Agent::Plain))
                .map(|call| call.actions)
                .map_err(|e| e.to_string());
        }
        Value::Object(map) => {
            let tool = map.get("tool").and_then(Value::as_str).ok_or(
                "a tool-call example needs `tool` (and `input`) or `action` (and `params`)",
            )?;
            json!({"tool_name": tool, "tool_input": map.get("input").cloned().unwrap_or_else(|| json!({}))})
        }
        _ => return Err("an example is a command string or a tool-call object".to_owned()),
    };
    let mut payload = payload;
    if let Some(object) = payload.as_object_mut() {
        object.insert("cwd".to_owned(), json!(EXAMPLE_WORKSPACE));
        object.insert("session_id".to_owned(), json!("example"));
        object.insert("hook_event_name".to_owned(), json!("PreToolUse"));
    }
    agents::parse(&payload.to_string(), Some(Agent::ClaudeCode))
        .map(|call| call.actions)
        .map_err(|e| e.to_string())
}

/// `{WS}` and `{HOME}` in every string of an example.
fn substitute(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(
            s.replace("{WS}", EXAMPLE_WORKSPACE)
                .replace("{HOME}", EXAMPLE_HOME),
        ),
        Value::Array(items) => Value::Array(items.iter().map(substitute).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Preset, load_defaults, load_sources};

    #[test]
    fn every_default_example_holds() {
        for preset in Preset::ALL {
            let engine = Engine::new(load_defaults(preset).unwrap());
            let results = run_examples(&engine);
            assert!(results.len() > 100, "{} examples", results.len());
            let failed: Vec<String> = results
                .iter()
                .filter(|r| !r.passed())
                .map(ExampleResult::describe)
                .collect();
            assert!(failed.is_empty(), "{}: {failed:#?}", preset.as_str());
        }
    }

    #[test]
    fn a_wrong_example_fails_and_says_why() {
        let text = "statements:\n  - sid: NoPush\n    effect: deny\n    actions: [bash.execute]\n    conditions:\n      params.git.subcommand: push\n    examples:\n      match: [\"git push\", \"git pull\"]\n      not_match: [\"git push -f\", {tool: Write, input: {file_path: \"{WS}/x\", content: y}}]\n";
        let set = load_sources(&[(PathBuf::from("p.yaml"), text.to_owned())]).unwrap();
        let results = run_examples(&Engine::new(set));
        let outcome: Vec<(bool, bool)> = results
            .iter()
            .map(|r| (r.should_match, r.passed()))
            .collect();
        assert_eq!(
            outcome,
            [(true, true), (true, false), (false, false), (false, true)]
        );
        assert_eq!(
            results[1].describe(),
            "example `git pull` should trigger statement `NoPush`, but it does not"
        );
        assert_eq!(results[1].location.line, 8);
    }
}
