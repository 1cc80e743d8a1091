//! Traces of one evaluation (for `--explain` and for checking policy examples): every statement
//! whose actions match, each condition with the values its path reached and its truth, and the
//! decision. A trace is built by watching the one evaluation walk ([`evaluate_observed`]) with
//! a [`TraceBuilder`], so its decision is the one [`evaluate`](super::evaluate) gives by
//! construction.

use super::condition::{Condition, Operator, Truth};
use super::decision::{Decision, Effect};
use super::error::Location;
use super::eval::{Observer, evaluate_observed};
use super::model::{MatchMode, PolicySet, Statement};
use crate::action::Action;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::borrow::Cow;

/// The trace of evaluating one action against a policy set.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The action name the statements' action globs were matched against.
    pub action: String,
    /// Only deny and review statements were considered (the whole-text pass over a compound
    /// shell command, whose parts are each evaluated in full).
    pub restrictions_only: bool,
    /// The statements whose actions match, in load order (allow statements left out when
    /// `restrictions_only`).
    pub statements: Vec<StatementTrace>,
    /// How many statements of the set concern other actions.
    pub other_actions: usize,
    /// How many allow statements concern the action but were not considered
    /// (`restrictions_only`).
    pub allow_skipped: usize,
    /// The outcome: the first matching deny, else review, else allow statement, else the
    /// default. For a `restrictions_only` trace see [`Trace::restriction`].
    pub decision: Decision,
}

/// One statement as it was evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct StatementTrace {
    /// The statement's id.
    pub sid: String,
    /// What the statement decides when it matches.
    pub effect: Effect,
    /// Where the statement is written (`file:line:column`).
    #[serde(serialize_with = "display")]
    pub location: Location,
    /// `all` or `any` of the conditions must hold.
    #[serde(rename = "match", serialize_with = "match_mode_name")]
    pub match_mode: MatchMode,
    /// Each condition as evaluated, in policy order.
    pub conditions: Vec<ConditionTrace>,
    /// Whether the statement applies to the action.
    pub matched: bool,
    /// Whether this statement made the trace's decision.
    pub decided: bool,
}

/// One condition as it was evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct ConditionTrace {
    /// The field path as written (`params.deletes.*.inside_workspace`).
    pub field: String,
    /// The operator (serialised as written: `==`, `contains` …).
    #[serde(serialize_with = "display")]
    pub op: Operator,

    /// The value compared against (`None` for `exists` and `not_exists`).
    pub value: Option<Value>,
    /// Every value the path reached; empty when the field is absent (or null).
    pub found: Vec<Value>,
    /// `error`: the comparison had no meaning (a type mismatch, a regex out of budget).
    #[serde(serialize_with = "truth_name")]
    pub truth: Truth,
    /// Whether the condition counts as holding in its statement: an `error` holds in deny and
    /// review statements and not in allow statements ("never grants").
    pub holds: bool,
}

impl Trace {
    /// The decision as [`evaluate_restrictions`](super::evaluate_restrictions) gives it: only a
    /// matching deny or review statement (or a default that is not allow) restricts.
    #[cfg(test)]
    pub(crate) fn restriction(&self) -> Option<Decision> {
        super::eval::restriction(self.decision.clone())
    }

    /// The trace of a statement, if its actions matched (and it was considered).
    pub fn statement(&self, sid: &str) -> Option<&StatementTrace> {
        self.statements.iter().find(|s| s.sid == sid)
    }

    /// Whether the statement `sid` matched the action.
    pub fn matched(&self, sid: &str) -> bool {
        self.statement(sid).is_some_and(|s| s.matched)
    }
}

impl ConditionTrace {
    /// Whether the field was absent (no value reached).
    #[cfg(test)]
    pub(crate) fn is_absent(&self) -> bool {
        self.found.is_empty()
    }
}

/// Evaluates one action against a policy set, as [`evaluate`](super::evaluate) does, and keeps
/// the details.
pub fn trace(set: &PolicySet, action: &Action) -> Trace {
    trace_with(set, action, true)
}

/// Evaluates only the deny and review statements, as
/// [`evaluate_restrictions`](super::evaluate_restrictions) does; see [`Trace::restriction`].
#[cfg(test)]
pub(crate) fn trace_restrictions(set: &PolicySet, action: &Action) -> Trace {
    trace_with(set, action, false)
}

fn trace_with(set: &PolicySet, action: &Action, with_allow: bool) -> Trace {
    let mut builder = TraceBuilder::default();
    evaluate_observed(set, action, with_allow, &mut builder);
    builder.finish()
}

/// The [`Observer`] that builds a [`Trace`] of the one evaluation walk.
#[derive(Debug, Default)]
pub struct TraceBuilder {
    action: String,
    restrictions_only: bool,
    statements: Vec<StatementTrace>,
    other_actions: usize,
    allow_skipped: usize,
    decision: Option<Decision>,
}

impl TraceBuilder {
    /// The trace of the evaluation watched.
    pub fn finish(self) -> Trace {
        Trace {
            action: self.action,
            restrictions_only: self.restrictions_only,
            statements: self.statements,
            other_actions: self.other_actions,
            allow_skipped: self.allow_skipped,
            decision: self.decision.unwrap_or_else(|| {
                Decision::by_analysis(Effect::Deny, "the evaluation did not finish")
            }),
        }
    }
}

impl Observer for TraceBuilder {
    const EXHAUSTIVE: bool = true;

    fn start(&mut self, action: &str, total: usize, candidates: usize, with_allow: bool) {
        self.action = action.to_owned();
        self.restrictions_only = !with_allow;
        self.other_actions = total.saturating_sub(candidates);
    }

    fn allow_skipped(&mut self) {
        self.allow_skipped += 1;
    }

    fn statement(&mut self, statement: &Statement) {
        self.statements.push(StatementTrace {
            sid: statement.sid.clone(),
            effect: statement.effect,
            location: statement.location.clone(),
            match_mode: statement.match_mode,
            conditions: Vec::with_capacity(statement.conditions.len()),
            matched: false,
            decided: false,
        });
    }

    fn condition(&mut self, condition: &Condition, action: &Action, truth: Truth, holds: bool) {
        let found = condition
            .path
            .resolve(&action.params, &action.context)
            .into_iter()
            .map(Cow::into_owned)
            .collect();
        if let Some(statement) = self.statements.last_mut() {
            statement.conditions.push(ConditionTrace {
                field: condition.field.clone(),
                op: condition.op,
                value: condition.value.clone(),
                found,
                truth,
                holds,
            });
        }
    }

    fn matched(&mut self, matched: bool) {
        if let Some(statement) = self.statements.last_mut() {
            statement.matched = matched;
        }
    }

    fn decided(&mut self, by: Option<usize>, decision: &Decision) {
        if let Some(statement) = by.and_then(|i| self.statements.get_mut(i)) {
            statement.decided = true;
        }
        self.decision = Some(decision.clone());
    }
}

fn display<T: std::fmt::Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

fn match_mode_name<S: Serializer>(mode: &MatchMode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match mode {
        MatchMode::All => "all",
        MatchMode::Any => "any",
    })
}

fn truth_name<S: Serializer>(truth: &Truth, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match truth {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Error => "error",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::load::load_sources;
    use crate::policy::{evaluate, evaluate_restrictions};
    use serde_json::json;
    use std::path::PathBuf;

    const POLICY: &str = "\
default: deny
statements:
  - sid: DenyRoot
    effect: deny
    actions: [bash.execute]
    conditions:
      params.deletes.*.is_root: true
    reason: never the root
  - sid: ReviewCurl
    effect: review
    actions: [bash.execute]
    match: any
    conditions:
      params.program: curl
      params.tool: wget
  - sid: AllowLs
    effect: allow
    actions: [bash.execute]
    conditions:
      params.program: {op: in, value: [ls, cat]}
  - sid: AllowSmall
    effect: allow
    actions: [tool.count]
    conditions:
      params.count: {op: '<', value: 10}
  - sid: ReviewBig
    effect: review
    actions: [tool.count]
    conditions:
      params.count: {op: '>=', value: 10}
  - sid: Files
    effect: allow
    actions: ['file.*']
";

    fn set() -> PolicySet {
        load_sources(&[(PathBuf::from("p.yaml"), POLICY.to_owned())]).unwrap()
    }

    fn actions() -> Vec<Action> {
        vec![
            Action::new("bash.execute").param("program", "ls"),
            Action::new("bash.execute").param("program", "curl"),
            Action::new("bash.execute").param("program", "rm"),
            Action::new("bash.execute")
                .param("program", "ls")
                .param("deletes", json!([{"is_root": false}, {"is_root": true}])),
            Action::new("tool.count").param("count", 3),
            Action::new("tool.count").param("count", 30),
            Action::new("tool.count").param("count", "many"),
            Action::new("tool.count"),
            Action::new("file.read"),
            Action::new("web.fetch"),
        ]
    }

    #[test]
    fn decides_as_evaluate_does() {
        let set = set();
        for action in actions() {
            assert_eq!(
                trace(&set, &action).decision,
                evaluate(&set, &action),
                "{action:?}"
            );
            assert_eq!(
                trace_restrictions(&set, &action).restriction(),
                evaluate_restrictions(&set, &action),
                "{action:?}"
            );
        }
    }

    #[test]
    fn records_statements_conditions_and_counts() {
        let set = set();
        // (action, statements considered and whether they matched, others, deciding sid)
        type Case = (
            Action,
            &'static [(&'static str, bool)],
            usize,
            Option<&'static str>,
        );
        let cases: [Case; 4] = [
            (
                Action::new("bash.execute").param("program", "curl"),
                &[
                    ("DenyRoot", false),
                    ("ReviewCurl", true),
                    ("AllowLs", false),
                ],
                3,
                Some("ReviewCurl"),
            ),
            (
                Action::new("tool.count").param("count", "many"),
                // `<` and `>=` between text and a number are errors: never grants.
                &[("AllowSmall", false), ("ReviewBig", true)],
                4,
                Some("ReviewBig"),
            ),
            (
                Action::new("file.write"),
                &[("Files", true)],
                5,
                Some("Files"),
            ),
            (Action::new("web.fetch"), &[], 6, None),
        ];
        for (action, statements, others, decided) in cases {
            let trace = trace(&set, &action);
            let got: Vec<(&str, bool)> = trace
                .statements
                .iter()
                .map(|s| (s.sid.as_str(), s.matched))
                .collect();
            assert_eq!(got, statements, "{action:?}");
            assert_eq!(trace.other_actions, others, "{action:?}");
            let got_decided: Vec<&str> = trace
                .statements
                .iter()
                .filter(|s| s.decided)
                .map(|s| s.sid.as_str())
                .collect();
            assert_eq!(got_decided, decided.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn condition_details() {
        let set = set();
        let action = Action::new("tool.count").param("count", "many");
        let trace = trace(&set, &action);
        let small = trace.statement("AllowSmall").unwrap();
        let c = &small.conditions[0];
        assert_eq!(
            (c.field.as_str(), c.op, c.truth, c.holds),
            ("params.count", Operator::Lt, Truth::Error, false)
        );
        assert_eq!(c.found, vec![json!("many")]);
        assert_eq!(c.value, Some(json!(10)));
        let big = trace.statement("ReviewBig").unwrap();
        assert_eq!(
            (big.conditions[0].truth, big.conditions[0].holds),
            (Truth::Error, true)
        );

        let absent = super::trace(&set, &Action::new("tool.count"));
        let c = &absent.statement("AllowSmall").unwrap().conditions[0];
        assert!(c.is_absent());
        assert_eq!(c.truth, Truth::False);
    }

    #[test]
    fn restrictions_leave_allow_statements_out() {
        let set = set();
        let action = Action::new("bash.execute").param("program", "ls");
        let trace = trace_restrictions(&set, &action);
        assert!(trace.restrictions_only);
        assert_eq!(trace.allow_skipped, 1);
        assert!(trace.statement("AllowLs").is_none());
        assert_eq!(trace.restriction(), None);
        assert!(!trace.matched("AllowLs"));
    }

    #[test]
    fn serialises_names_not_variants() {
        let set = set();
        let trace = trace(&set, &Action::new("tool.count").param("count", "many"));
        let value = serde_json::to_value(&trace).unwrap();
        let statement = &value["statements"][0];
        assert_eq!(statement["location"], json!("p.yaml:21:5"));
        assert_eq!(statement["match"], json!("all"));
        assert_eq!(statement["conditions"][0]["op"], json!("<"));
        assert_eq!(statement["conditions"][0]["truth"], json!("error"));
        assert_eq!(value["decision"]["matched_by"], json!("review"));
    }
}
