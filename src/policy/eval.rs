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
#[cfg(test)]
pub(crate) fn evaluate_restrictions(set: &PolicySet, action: &Action) -> Option<Decision> {
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
pub(crate) fn evaluate_observed<O: Observer>(
    set: &PolicySet,
    action: &Action,
    with_allow: bool,
    observer: &mut O,
) -> Decision {
    let candidates = set.candidates(&action.name);
    observer.start(&action.name, set.len(), candidates.len(), with_allow);
    // The first match per effect (deny, review, allow): its ordinal among the statements
    // considered, and the statement.
    let mut first: [Option<(usize, &Statement)>; 3] = [None, None, None];
    let mut considered = 0;
    for index in candidates {
        // The effect comes first: a statement that cannot change the decision is not decoded.
        let Some(effect) = set.effect(index) else {
            continue;
        };
        let slot = match effect {
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
        let Some(statement) = set.statement(index) else {
            continue;
        };
        // A cached statement that cannot be read back stands in as a deny, whatever its table
        // said: it goes with the denies.
        let (slot, settled) = if statement.effect == effect {
            (slot, settled)
        } else {
            (0, first.first().is_some_and(Option::is_some))
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::glob::ActionGlob;
    use crate::policy::load::load_sources;
    use proptest::prelude::*;
    use serde_json::{Value, json};
    use std::path::PathBuf;

    /// The oracle: every statement of the set in load order, its action globs tried one by one
    /// (no index), IAM precedence.
    fn linear(set: &PolicySet, action: &Action, with_allow: bool) -> Decision {
        let mut first: [Option<&Statement>; 3] = [None, None, None];
        for s in set.statements() {
            if !s
                .actions
                .iter()
                .any(|p| ActionGlob::new(p).is_match(&action.name))
            {
                continue;
            }
            let slot = match s.effect {
                Effect::Deny => 0,
                Effect::Review => 1,
                Effect::Allow if with_allow => 2,
                Effect::Allow => continue,
            };
            if first[slot].is_some() {
                continue;
            }
            let holds: Vec<bool> = s
                .conditions
                .iter()
                .map(|c| counts_as_match(s.effect, c.evaluate(&action.params, &action.context)))
                .collect();
            let matched = match s.match_mode {
                MatchMode::All => holds.iter().all(|h| *h),
                MatchMode::Any => holds.is_empty() || holds.iter().any(|h| *h),
            };
            if matched {
                first[slot] = Some(s);
            }
        }
        let (statement, matched_by) = match first {
            [Some(s), _, _] => (s, MatchedBy::ExplicitDeny),
            [None, Some(s), _] => (s, MatchedBy::Review),
            [None, None, Some(s)] => (s, MatchedBy::ExplicitAllow),
            [None, None, None] => {
                return Decision {
                    effect: set.default_effect(),
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

    const PATTERN: &str = r"([ab.*?]|\[!?[ab]{1,2}\]){0,4}";
    const NAME: &str = "[ab.]{0,5}";
    const CONDITIONS: [&str; 6] = [
        "params.x: 1",
        "params.x: {op: '>', value: 1}",
        "params.y: {op: exists}",
        "params.x: {op: regex, value: '^[12]'}",
        "params.x: {op: in, value: [0, 2]}",
        "context.cwd: {op: starts_with, value: /w}",
    ];

    /// One policy file: `(effect, any, patterns, conditions)` per statement.
    fn policy(default: u8, statements: &[(u8, bool, Vec<String>, Vec<usize>)]) -> String {
        let effects = ["allow", "deny", "review"];
        let mut text = format!(
            "default: {}\nstatements:\n",
            effects.get(usize::from(default)).unwrap_or(&"deny")
        );
        for (i, (effect, any, patterns, conditions)) in statements.iter().enumerate() {
            text.push_str(&format!(
                "  - sid: S{i}\n    effect: {}\n    match: {}\n    actions: {}\n    reason: r{i}\n",
                effects.get(usize::from(*effect)).unwrap_or(&"deny"),
                if *any { "any" } else { "all" },
                serde_json::to_string(patterns).unwrap(),
            ));
            if !conditions.is_empty() {
                text.push_str("    conditions:\n");
                let mut seen = Vec::new();
                for c in conditions {
                    let line = CONDITIONS[c % CONDITIONS.len()];
                    let key = line.split(':').next().unwrap_or_default();
                    if !seen.contains(&key) {
                        seen.push(key);
                        text.push_str(&format!("      {line}\n"));
                    }
                }
            }
        }
        text
    }

    fn value(pick: u8) -> Option<Value> {
        match pick % 6 {
            0 => None,
            1 => Some(json!(0)),
            2 => Some(json!(1)),
            3 => Some(json!(2)),
            4 => Some(json!("2x")),
            _ => Some(json!(null)),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Indexed evaluation decides exactly as a linear scan of every statement, and a set
        /// reopened from the policy cache decides exactly as the set loaded from YAML.
        #[test]
        fn indexed_evaluation_equals_a_linear_scan(
            default in 0u8..3,
            statements in proptest::collection::vec(
                (0u8..3, any::<bool>(), proptest::collection::vec(PATTERN, 0..3),
                 proptest::collection::vec(0usize..6, 0..3)),
                0..16,
            ),
            actions in proptest::collection::vec(
                (prop_oneof![NAME, PATTERN], any::<u8>(), any::<bool>(), any::<bool>()),
                1..8,
            ),
        ) {
            let text = policy(default, &statements);
            let set = load_sources(&[(PathBuf::from("p.yaml"), text.clone())]).unwrap();
            let cached = crate::policy::cache::tests::reopened(&set);
            for (name, x, y, cwd) in actions {
                let mut action = Action::new(name);
                if let Some(x) = value(x) {
                    action = action.param("x", x);
                }
                if y {
                    action = action.param("y", "yes");
                }
                action = action.context("cwd", if cwd { "/w/a" } else { "/v" });
                let decision = evaluate(&set, &action);
                prop_assert_eq!(&decision, &linear(&set, &action, true), "{}", text);
                prop_assert_eq!(&decision, &evaluate(&cached, &action), "cached: {}", text);
                prop_assert_eq!(
                    evaluate_restrictions(&set, &action),
                    restriction(linear(&set, &action, false)),
                    "{}", text
                );
            }
        }
    }
}
