//! Evaluation: explicit deny wins, then review, then allow, then the default. The decision names
//! the first matching statement (in load order) of the winning effect. Evaluation cannot fail: a
//! condition that has no meaning counts as a match in deny/review statements and as no match in
//! allow statements ("never grants").

use super::condition::Truth;
use super::decision::{Decision, Effect, MatchedBy};
use super::model::{MatchMode, PolicySet, Statement};
use crate::action::Action;

/// Evaluates one action against a policy set.
pub fn evaluate(set: &PolicySet, action: &Action) -> Decision {
    evaluate_with(set, action, true)
}

/// Evaluates only the deny and review statements: `None` when none matches. Used for the whole
/// text of a compound shell command, whose parts are each evaluated in full.
pub fn evaluate_restrictions(set: &PolicySet, action: &Action) -> Option<Decision> {
    let decision = evaluate_with(set, action, false);
    (decision.effect != Effect::Allow && decision.matched_by != MatchedBy::Default)
        .then_some(decision)
}

fn evaluate_with(set: &PolicySet, action: &Action, with_allow: bool) -> Decision {
    let mut first: [Option<&Statement>; 3] = [None, None, None];
    for index in set.candidates(&action.name) {
        let Some(statement) = set.statements.get(index) else {
            continue;
        };
        let slot = match statement.effect {
            Effect::Deny => 0,
            Effect::Review => 1,
            Effect::Allow if with_allow => 2,
            Effect::Allow => continue,
        };
        if first.get(slot).is_some_and(Option::is_some) {
            continue;
        }
        if matches(statement, action) {
            if let Some(s) = first.get_mut(slot) {
                *s = Some(statement);
            }
            if slot == 0 {
                break;
            }
        }
    }
    let [deny, review, allow] = first;
    let (statement, matched_by) = match (deny, review, allow) {
        (Some(s), _, _) => (s, MatchedBy::ExplicitDeny),
        (None, Some(s), _) => (s, MatchedBy::Review),
        (None, None, Some(s)) => (s, MatchedBy::ExplicitAllow),
        (None, None, None) => {
            return Decision {
                effect: set.default,
                sid: None,
                reason: None,
                matched_by: MatchedBy::Default,
            };
        }
    };
    Decision {
        effect: statement.effect,
        sid: Some(statement.sid.clone()),
        reason: statement.reason.clone(),
        matched_by,
    }
}

/// Whether a statement's conditions hold for an action (its actions already matched).
pub(crate) fn matches(statement: &Statement, action: &Action) -> bool {
    let results = statement.conditions.iter().map(|c| {
        counts_as_match(
            statement.effect,
            c.evaluate(&action.params, &action.context),
        )
    });
    combine(
        statement.match_mode,
        statement.conditions.is_empty(),
        results,
    )
}

/// Whether a condition's truth counts as holding in a statement of `effect`: an error holds in
/// deny and review statements and not in allow statements ("never grants").
#[inline]
pub(crate) fn counts_as_match(effect: Effect, truth: Truth) -> bool {
    match truth {
        Truth::True => true,
        Truth::False => false,
        Truth::Error => effect != Effect::Allow,
    }
}

/// Whether a statement holds, given whether each of its conditions holds (evaluated lazily, so
/// `all` stops at the first miss and `any` at the first hit). No condition: the statement holds.
#[inline]
pub(crate) fn combine(
    mode: MatchMode,
    is_empty: bool,
    mut holds: impl Iterator<Item = bool>,
) -> bool {
    match mode {
        MatchMode::All => holds.all(|b| b),
        MatchMode::Any => is_empty || holds.any(|b| b),
    }
}
