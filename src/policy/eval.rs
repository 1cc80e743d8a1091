//! Evaluation: explicit deny wins, then review, then allow, then the default. The decision names
//! the first matching statement (in load order) of the winning effect. Evaluation cannot fail: a
//! condition that has no meaning counts as a match in deny/review statements and as no match in
//! allow statements ("never grants").

use super::condition::{Condition, Truth};
use super::decision::{Decision, Effect, MatchedBy};
use super::model::{MatchMode, PolicySet, Statement};
use crate::action::Action;

/// Evaluates one action against a policy set.
pub fn evaluate(set: &PolicySet, action: &Action) -> Decision {
    evaluate_observed(set, action, true, &mut ())
}

/// Evaluates only the deny and review statements: `None` when none matches. Used for the whole
/// text of a compound shell command, whose parts are each evaluated in full.
pub fn evaluate_restrictions(set: &PolicySet, action: &Action) -> Option<Decision> {
    restriction(evaluate_observed(set, action, false, &mut ()))
}

/// The decision of a restrictions-only evaluation as a restriction: only a matching deny or
/// review statement (or a default that is not allow) restricts.
pub(crate) fn restriction(decision: Decision) -> Option<Decision> {
    (decision.effect != Effect::Allow && decision.matched_by != MatchedBy::Default)
        .then_some(decision)
}

/// Watches one evaluation: the statements considered, each condition's truth, the decision.
/// `()` watches nothing (the hot path); [`TraceBuilder`](super::TraceBuilder) builds a
/// [`Trace`](super::Trace). There is one evaluation walk, [`evaluate_observed`]; an observer
/// cannot change its decision.
pub trait Observer {
    /// Whether every statement whose actions match and every one of its conditions is evaluated
    /// (for a trace). Otherwise the walk skips what cannot change the decision: the statements
    /// of an effect that already matched, everything after the first deny, and the conditions
    /// after the first that settles a statement.
    const EXHAUSTIVE: bool = false;

    /// The evaluation starts: the action name, how many statements the set has and how many
    /// concern the action, and whether allow statements count.
    fn start(&mut self, _action: &str, _total: usize, _candidates: usize, _with_allow: bool) {}

    /// An allow statement concerns the action but is not considered (a restrictions-only walk).
    fn allow_skipped(&mut self) {}

    /// A statement is considered; its conditions and whether it matched follow.
    fn statement(&mut self, _statement: &Statement) {}

    /// A condition of the current statement was evaluated.
    fn condition(&mut self, _condition: &Condition, _action: &Action, _truth: Truth, _holds: bool) {
    }

    /// Whether the current statement matched.
    fn matched(&mut self, _matched: bool) {}

    /// The decision, and which considered statement (counted from 0) made it (`None`: the
    /// default).
    fn decided(&mut self, _by: Option<usize>, _decision: &Decision) {}
}

/// Watches nothing.
impl Observer for () {}

/// The evaluation walk: explicit deny wins, then review, then allow (only when `with_allow`),
/// then the default; the first matching statement of the winning effect decides.
pub fn evaluate_observed<O: Observer>(
    set: &PolicySet,
    action: &Action,
    with_allow: bool,
    observer: &mut O,
) -> Decision {
    let candidates = set.candidates(&action.name);
    observer.start(
        &action.name,
        set.statements.len(),
        candidates.len(),
        with_allow,
    );
    // The first match per effect (deny, review, allow): its ordinal among the statements
    // considered, and the statement.
    let mut first: [Option<(usize, &Statement)>; 3] = [None, None, None];
    let mut considered = 0;
    for index in candidates {
        let Some(statement) = set.statements.get(index) else {
            continue;
        };
        let slot = match statement.effect {
            Effect::Deny => 0,
            Effect::Review => 1,
            Effect::Allow if with_allow => 2,
            Effect::Allow => {
                observer.allow_skipped();
                continue;
            }
        };
        let settled = first.get(slot).is_some_and(Option::is_some);
        if settled && !O::EXHAUSTIVE {
            continue;
        }
        observer.statement(statement);
        let ordinal = considered;
        considered += 1;
        let matched = statement_matches(statement, action, observer);
        observer.matched(matched);
        if matched && !settled {
            if let Some(s) = first.get_mut(slot) {
                *s = Some((ordinal, statement));
            }
            if slot == 0 && !O::EXHAUSTIVE {
                break;
            }
        }
    }
    let [deny, review, allow] = first;
    let (decided, matched_by) = match (deny, review, allow) {
        (Some(s), _, _) => (Some(s), MatchedBy::ExplicitDeny),
        (None, Some(s), _) => (Some(s), MatchedBy::Review),
        (None, None, Some(s)) => (Some(s), MatchedBy::ExplicitAllow),
        (None, None, None) => (None, MatchedBy::Default),
    };
    let decision = match decided {
        Some((_, statement)) => Decision {
            effect: statement.effect,
            sid: Some(statement.sid.clone()),
            reason: statement.reason.clone(),
            matched_by,
        },
        None => Decision {
            effect: set.default,
            sid: None,
            reason: None,
            matched_by: MatchedBy::Default,
        },
    };
    observer.decided(decided.map(|(ordinal, _)| ordinal), &decision);
    decision
}

/// Whether a statement's conditions hold for an action (its actions already matched).
fn statement_matches<O: Observer>(
    statement: &Statement,
    action: &Action,
    observer: &mut O,
) -> bool {
    let results = statement.conditions.iter().map(|c| {
        let truth = c.evaluate(&action.params, &action.context);
        let holds = counts_as_match(statement.effect, truth);
        observer.condition(c, action, truth, holds);
        holds
    });
    let empty = statement.conditions.is_empty();
    if O::EXHAUSTIVE {
        let all: Vec<bool> = results.collect();
        combine(statement.match_mode, empty, all.into_iter())
    } else {
        combine(statement.match_mode, empty, results)
    }
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
