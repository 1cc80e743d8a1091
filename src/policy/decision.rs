//! The outcome of evaluating an action: an effect, the statement that decided it, why, and how.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a statement (or the default) says about an action. Ordered by severity:
/// `Allow < Review < Deny`, so the strictest of several effects is their maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// The call may run.
    Allow,
    /// A person must approve the call first.
    Review,
    /// The call is blocked.
    Deny,
}

impl Effect {
    /// The lowercase name used in policies, JSON output and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "allow",
            Effect::Review => "review",
            Effect::Deny => "deny",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a decision was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// A deny statement matched.
    ExplicitDeny,
    /// A review statement matched (and no deny did).
    Review,
    /// An allow statement matched (and no deny or review did).
    ExplicitAllow,
    /// No statement matched: the policy set's default decided.
    Default,
    /// The engine itself decided, before or beyond the policies: an analysis limit was hit or the
    /// command could not be known statically (see `reason`).
    Analysis,
}

impl MatchedBy {
    /// The snake_case name used in JSON output and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::ExplicitDeny => "explicit_deny",
            MatchedBy::Review => "review",
            MatchedBy::ExplicitAllow => "explicit_allow",
            MatchedBy::Default => "default",
            MatchedBy::Analysis => "analysis",
        }
    }
}

impl fmt::Display for MatchedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The policy decision for one action. Invariant: `sid` is `Some` exactly when a statement decided
/// (`matched_by` is one of the explicit kinds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// What is decided (serialised as `decision`).
    #[serde(rename = "decision")]
    pub effect: Effect,
    /// The deciding statement's id, when a statement decided.
    pub sid: Option<String>,
    /// One line saying why: the statement's `reason`, or the engine's own for analysis decisions.
    pub reason: Option<String>,
    /// What decided: which kind of statement, the default, or the analysis.
    pub matched_by: MatchedBy,
}

impl Decision {
    /// A decision made by the engine itself (limits, unknowable commands, load failures).
    pub(crate) fn by_analysis(effect: Effect, reason: impl Into<String>) -> Self {
        Self {
            effect,
            sid: None,
            reason: Some(reason.into()),
            matched_by: MatchedBy::Analysis,
        }
    }
}

/// The strictest of several decisions (deny > review > allow); the first among equals.
pub fn strictest<'a>(decisions: impl IntoIterator<Item = &'a Decision>) -> Option<Decision> {
    let mut best: Option<&Decision> = None;
    for d in decisions {
        if best.is_none_or(|b| d.effect > b.effect) {
            best = Some(d);
        }
    }
    best.cloned()
}
