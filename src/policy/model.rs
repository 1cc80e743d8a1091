//! The validated, compiled policy set: statements with compiled conditions and one glob set over
//! every statement's actions. No I/O and no serde here; `load` builds it, `eval` reads it.

use super::condition::Condition;
use super::decision::Effect;
use super::error::Location;
use super::glob::ActionGlob;

/// Whether all conditions of a statement must hold, or any one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    All,
    Any,
}

/// One policy statement. Invariant: `sid` is unique within its [`PolicySet`].
#[derive(Debug)]
pub struct Statement {
    pub sid: String,
    pub effect: Effect,
    /// The action globs as written (empty: the statement matches nothing).
    pub actions: Vec<String>,
    pub match_mode: MatchMode,
    pub conditions: Vec<Condition>,
    pub reason: Option<String>,
    /// Free text for people reading the policy.
    pub description: Option<String>,
    pub location: Location,
    /// Calls the statement must or must not trigger on (`agsec test`, `agsec validate`).
    pub examples: Vec<Example>,
}

/// One example of a statement: a Bash command (a string) or a tool call (an object).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// `true` for `match:` (the statement must trigger), `false` for `not_match:`.
    pub should_match: bool,
    pub call: serde_json::Value,
    pub location: Location,
}

/// The merged policies of a directory, in load order (file name, then position in the file).
#[derive(Debug)]
pub struct PolicySet {
    pub(crate) statements: Vec<Statement>,
    pub(crate) default: Effect,
    pub(crate) files: Vec<std::path::PathBuf>,
    /// One glob per (statement, action pattern), with the index of its statement.
    pub(crate) globs: Vec<(ActionGlob, usize)>,
    /// Problems that do not stop loading (a statement that can never match …).
    pub(crate) warnings: Vec<super::error::LoadError>,
}

impl PolicySet {
    /// The statements in evaluation order.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// The effect when no statement matches (the strictest `default:` of all files; deny if none).
    pub fn default_effect(&self) -> Effect {
        self.default
    }

    /// The files the set was loaded from, in load order.
    pub fn files(&self) -> &[std::path::PathBuf] {
        &self.files
    }

    /// Problems worth fixing that did not prevent loading.
    pub fn warnings(&self) -> &[super::error::LoadError] {
        &self.warnings
    }

    /// Indexes of the statements whose action globs match `action`, in load order.
    pub(crate) fn candidates(&self, action: &str) -> Vec<usize> {
        let text: Vec<char> = action.chars().collect();
        let mut owners: Vec<usize> = self
            .globs
            .iter()
            .filter(|(glob, _)| glob.is_match_chars(&text))
            .map(|(_, owner)| *owner)
            .collect();
        owners.sort_unstable();
        owners.dedup();
        owners
    }

    /// Compiles every lazily compiled regex now; returns the problems found (for `validate`).
    pub fn compile_all(&self) -> Vec<super::error::LoadError> {
        let mut errors = Vec::new();
        for statement in &self.statements {
            for condition in &statement.conditions {
                if let Some(regex) = &condition.regex
                    && let Err(e) = regex.compile_now()
                {
                    errors.push(super::error::LoadError::new(
                        statement.location.clone(),
                        format!(
                            "regex of condition `{}` in statement `{}` does not compile: {e}",
                            condition.field, statement.sid
                        ),
                    ));
                }
            }
        }
        errors
    }
}
