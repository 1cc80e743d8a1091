//! The validated, compiled policy set: statements with compiled conditions and an index from action
//! names to the statements that can match them. No I/O and no serde here; `load` builds it, `eval`
//! reads it.

use super::condition::Condition;
use super::decision::Effect;
use super::error::Location;
use super::index::ActionIndex;

/// Whether all conditions of a statement must hold, or any one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// Every condition must hold (`match: all`, the default).
    All,
    /// At least one condition must hold (`match: any`).
    Any,
}

/// One policy statement. Invariant: `sid` is unique within its [`PolicySet`].
#[derive(Debug)]
pub struct Statement {
    /// The statement's id, unique in its set (reported in decisions and the audit log).
    pub sid: String,
    /// What the statement decides when it matches.
    pub effect: Effect,
    /// The action globs as written (empty: the statement matches nothing).
    pub actions: Vec<String>,
    /// Whether all conditions or any one must hold.
    pub match_mode: MatchMode,
    /// The compiled conditions (none: the statement matches on its actions alone).
    pub conditions: Vec<Condition>,
    /// The one line shown to the agent (and recorded) when the statement decides.
    pub reason: Option<String>,
    /// Free text for people reading the policy.
    pub description: Option<String>,
    /// Where the statement starts in its file.
    pub location: Location,
    /// Calls the statement must or must not trigger on (`agsec test`, `agsec validate`).
    pub examples: Vec<Example>,
}

/// One example of a statement: a Bash command (a string) or a tool call (an object).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// `true` for `match:` (the statement must trigger), `false` for `not_match:`.
    pub should_match: bool,
    /// The example as written: a command string or a tool-call object.
    pub call: serde_json::Value,
    /// Where the example is written.
    pub location: Location,
}

/// A set's statements: compiled at load, or decoded from the policy cache one by one when first
/// needed.
#[derive(Debug)]
pub(crate) enum Statements {
    Loaded(Vec<Statement>),
    Cached(super::cache::LazyStatements),
}

/// The merged policies of a directory, in load order (file name, then position in the file).
#[derive(Debug)]
pub struct PolicySet {
    pub(crate) statements: Statements,
    pub(crate) default: Effect,
    pub(crate) files: Vec<std::path::PathBuf>,
    /// The statements each action name can match.
    pub(crate) index: ActionIndex,
    /// Problems that do not stop loading (a statement that can never match …).
    pub(crate) warnings: Vec<super::error::LoadError>,
}

impl PolicySet {
    /// The statements in evaluation order (a cached set decodes each on first use).
    pub fn statements(&self) -> StatementIter<'_> {
        StatementIter {
            set: self,
            range: 0..self.len(),
        }
    }

    /// Statement `i` in evaluation order.
    pub fn statement(&self, i: usize) -> Option<&Statement> {
        match &self.statements {
            Statements::Loaded(all) => all.get(i),
            Statements::Cached(lazy) => lazy.get(i),
        }
    }

    /// The effect of statement `i`, without decoding it (a cached set reads it from its table).
    pub(crate) fn effect(&self, i: usize) -> Option<Effect> {
        match &self.statements {
            Statements::Loaded(all) => all.get(i).map(|s| s.effect),
            Statements::Cached(lazy) => lazy.effect(i),
        }
    }

    /// How many statements the set has.
    pub fn len(&self) -> usize {
        match &self.statements {
            Statements::Loaded(all) => all.len(),
            Statements::Cached(lazy) => lazy.len(),
        }
    }

    /// Whether the set has no statement.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        self.index.candidates(action)
    }

    /// Compiles every lazily compiled regex now; returns the problems found (for `validate`).
    pub fn compile_all(&self) -> Vec<super::error::LoadError> {
        let mut errors = Vec::new();
        for statement in self.statements() {
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

/// The statements of a [`PolicySet`] in evaluation order.
#[derive(Debug)]
pub struct StatementIter<'a> {
    set: &'a PolicySet,
    range: std::ops::Range<usize>,
}

impl<'a> Iterator for StatementIter<'a> {
    type Item = &'a Statement;

    fn next(&mut self) -> Option<&'a Statement> {
        // Every index below `len()` has a statement.
        self.range.find_map(|i| self.set.statement(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl ExactSizeIterator for StatementIter<'_> {}
