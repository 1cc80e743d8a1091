//! [`Explanation`]: why the [`Engine`] decided as it did. It holds every
//! evaluation the engine makes for one action (the action itself; for a shell command the
//! whole-text pass and each simple command with its analysis facts, the floor, a parse error;
//! the session's secret taint), each with its policy [`Trace`], and the final decision. It is
//! built by watching the one judging walk ([`Engine::judge_with`]) with an
//! [`ExplanationBuilder`], so the decision is the one `judge` gives by construction.

use crate::action::Action;
use crate::engine::{Engine, Environment, JudgeObserver, Judgement, Step};
use crate::paths::PathFact;
use crate::policy::{Decision, StatementTrace, Trace, TraceBuilder};
use crate::shell::{Analysis, GitFacts, SimpleCommand};
use serde::Serialize;
use serde_json::Value;

pub use crate::engine::StepKind as VariantKind;

/// Why one action got its decision. Invariant: `decision` equals what
/// [`Engine::judge`](crate::Engine::judge) decides for the same action and environment.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The action as the tool call became (before the engine added anything).
    pub action: Action,
    /// File actions: the file they touch, resolved and classified (`params.target`).
    pub target: Option<PathSummary>,
    /// Shell commands: what the analysis found overall.
    pub shell: Option<ShellSummary>,
    /// Every evaluation, in the order the engine makes them.
    pub variants: Vec<Variant>,
    /// The final decision: the strictest of the variants' (the first among equals).
    pub decision: Decision,
}

/// What the analysis of a shell command found, beyond each simple command.
#[derive(Debug, Clone, Serialize)]
pub struct ShellSummary {
    /// How many simple commands it would run (nested ones included).
    pub commands: usize,
    /// An analysis limit that was hit (the command is denied unseen).
    pub limit: Option<String>,
    /// Why the text did not parse (the command is reviewed).
    pub parse_error: Option<String>,
}

/// One evaluation the engine made.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Which evaluation this is.
    pub kind: VariantKind,
    /// The command text: normalised for a simple command, as written otherwise (`None` for a
    /// non-shell action).
    pub command: Option<String>,
    /// A simple command's analysis facts.
    pub facts: Option<CommandFacts>,
    /// The policy evaluation (`None` for [`VariantKind::Unparsed`]).
    pub trace: Option<Trace>,
    /// The concern that raised this allowed simple command to review, when that floor applied.
    pub floor: Option<String>,
    /// What this variant adds to the final decision (`None`: the whole-text pass found nothing).
    pub decision: Option<Decision>,
}

/// The analysis facts of one simple command that policies most often test.
#[derive(Debug, Clone, Serialize)]
pub struct CommandFacts {
    /// The program run (`None` when only known at run time).
    pub program: Option<String>,
    /// Its arguments.
    pub args: Vec<String>,
    /// The names of its true classification flags.
    pub flags: Vec<String>,
    /// The wrappers it runs under (`sudo`, `env`, `timeout` …).
    pub wrappers: Vec<String>,
    /// How deeply it is nested (0: written at the top level).
    pub depth: u32,
    /// How a nested command is reached (`sh -c`, `$(…)`, `xargs` …).
    pub via: Option<String>,
    /// Whether part of it is only known at run time.
    pub dynamic: bool,
    /// What cannot be checked statically about it.
    pub concerns: Vec<String>,
    /// The files it reads.
    pub reads: Vec<PathSummary>,
    /// The files it writes.
    pub writes: Vec<PathSummary>,
    /// The files it deletes.
    pub deletes: Vec<PathSummary>,
    /// The files it sends over the network.
    pub uploads: Vec<PathSummary>,
    /// Whether it uses the network.
    pub network: bool,
    /// What a git command does.
    pub git: Option<GitFacts>,
    /// The other program models' facts (`cloud`, `container`, `sql`, `publishes`, `system`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud: Option<crate::shell::CloudFacts>,
    /// What a container command does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<crate::shell::ContainerFacts>,
    /// What a database command does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<crate::shell::SqlFacts>,
    /// What a publishing command releases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publishes: Option<crate::shell::PublishFacts>,
    /// What a system administration command changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<crate::shell::SystemFacts>,
}

/// A resolved path with the names of its classification flags that are true (`secret`,
/// `inside_workspace`, `system` …, as in [`PathFact`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathSummary {
    /// The path as written.
    pub raw: String,
    /// The resolved absolute path.
    pub path: String,
    /// The names of its true classification flags.
    pub flags: Vec<String>,
}

impl Explanation {
    /// Every policy trace, in evaluation order.
    pub(crate) fn traces(&self) -> impl Iterator<Item = &Trace> {
        self.variants.iter().filter_map(|v| v.trace.as_ref())
    }

    /// The traces of statement `sid`, one per evaluation that considered it.
    pub fn statements<'a>(&'a self, sid: &'a str) -> impl Iterator<Item = &'a StatementTrace> {
        self.traces().filter_map(move |t| t.statement(sid))
    }

    /// Whether statement `sid` matched in any evaluation (it may still not have decided: a deny
    /// elsewhere wins over an allow).
    pub fn matched(&self, sid: &str) -> bool {
        self.statements(sid).any(|s| s.matched)
    }

    /// Whether any evaluation considered statement `sid` (its actions match the action).
    pub fn considered(&self, sid: &str) -> bool {
        self.statements(sid).next().is_some()
    }
}

impl PathSummary {
    /// The summary of a resolved path.
    pub fn of(fact: &PathFact) -> Self {
        match serde_json::to_value(fact) {
            Ok(value) => Self::from_value(&value),
            Err(_) => Self {
                raw: fact.raw.clone(),
                path: fact.path.clone(),
                flags: Vec::new(),
            },
        }
    }

    /// The summary of a serialised [`PathFact`] (as in `params.target`): its text fields and the
    /// names of its `true` fields, in declaration order.
    fn from_value(value: &Value) -> Self {
        let text = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let flags = value
            .as_object()
            .map(|object| {
                object
                    .iter()
                    .filter(|(_, v)| **v == Value::Bool(true))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        Self {
            raw: text("raw"),
            path: text("path"),
            flags,
        }
    }
}

impl CommandFacts {
    fn of(part: &SimpleCommand) -> Self {
        let paths = |facts: &[PathFact]| facts.iter().map(PathSummary::of).collect();
        Self {
            program: part.program.clone(),
            args: part.args.clone(),
            flags: part.flags.clone(),
            wrappers: part.wrappers.clone(),
            depth: part.depth,
            via: part.via.clone(),
            dynamic: part.dynamic,
            concerns: part
                .concerns
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            reads: paths(&part.reads),
            writes: paths(&part.writes),
            deletes: paths(&part.deletes),
            uploads: paths(&part.uploads),
            network: part.network,
            git: part.git.clone(),
            cloud: part.cloud.clone(),
            container: part.container.clone(),
            sql: part.sql.clone(),
            publishes: part.publishes.clone(),
            system: part.system.clone(),
        }
    }
}

impl Engine {
    /// Judges one action as [`Engine::judge`] does and traces every evaluation on the way: which
    /// statements were considered, which conditions held and why (for `--explain`, and for
    /// checking the examples of a policy). It is the same walk, watched, so its decision is
    /// `judge`'s; it costs more, so `check` never calls it.
    pub fn explain(&self, action: &Action, env: &Environment) -> Explanation {
        let mut builder = ExplanationBuilder::new(action);
        let judgement = self.judge_with(action, env, &mut builder);
        builder.finish(&judgement)
    }
}

/// The [`JudgeObserver`] that builds an [`Explanation`].
#[derive(Debug)]
pub(crate) struct ExplanationBuilder {
    action: Action,
    target: Option<PathSummary>,
    shell: Option<ShellSummary>,
    variants: Vec<Variant>,
}

impl ExplanationBuilder {
    /// A builder for the explanation of `action` (as the tool call became).
    pub(crate) fn new(action: &Action) -> Self {
        Self {
            action: action.clone(),
            target: None,
            shell: None,
            variants: Vec::new(),
        }
    }

    /// The explanation, its decision the judgement's.
    pub(crate) fn finish(self, judgement: &Judgement) -> Explanation {
        Explanation {
            action: self.action,
            target: self.target,
            shell: self.shell,
            variants: self.variants,
            decision: judgement.decision.clone(),
        }
    }
}

impl JudgeObserver for ExplanationBuilder {
    type Policy = TraceBuilder;

    fn policy(&mut self) -> Self::Policy {
        TraceBuilder::default()
    }

    fn target(&mut self, enriched: &Action) {
        if enriched.name.starts_with("file.") {
            self.target = enriched.params.get("target").map(PathSummary::from_value);
        }
    }

    fn shell(&mut self, analysis: &Analysis) {
        self.shell = Some(ShellSummary {
            commands: analysis.commands.len(),
            limit: analysis.limit.clone(),
            parse_error: analysis.parse_error.clone(),
        });
    }

    fn step(&mut self, step: Step<'_>, policy: Option<Self::Policy>) {
        self.variants.push(Variant {
            kind: step.kind,
            command: step.command.map(str::to_owned),
            facts: step.part.map(CommandFacts::of),
            trace: policy.map(TraceBuilder::finish),
            floor: step.floor.map(str::to_owned),
            decision: step.decision.cloned(),
        });
    }

    fn taint(&mut self, decision: &Decision) {
        self.variants.push(Variant {
            kind: VariantKind::Taint,
            command: None,
            facts: None,
            trace: None,
            floor: None,
            decision: Some(decision.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;
    use crate::policy::{Effect, MatchedBy, load_sources};
    use std::path::PathBuf;

    const POLICY: &str = "\
default: deny
statements:
  - sid: DenyDeleteOutside
    effect: deny
    actions: [bash.execute]
    conditions:
      params.deletes.*.inside_workspace: false
  - sid: DenyCurlText
    effect: deny
    actions: [bash.execute]
    conditions:
      params.command: {op: contains, value: 'curl '}
  - sid: AllowTools
    effect: allow
    actions: [bash.execute]
    conditions:
      params.program: {op: in, value: [ls, echo, rm, git, sh]}
  - sid: DenySecrets
    effect: deny
    actions: ['file.*']
    conditions:
      params.target.secret: true
  - sid: AllowFiles
    effect: allow
    actions: ['file.*']
";

    fn setup() -> (Engine, Environment) {
        let set = load_sources(&[(PathBuf::from("p.yaml"), POLICY.to_owned())]).unwrap();
        let env = Environment {
            cwd: PathBuf::from("/w/ws"),
            home: PathBuf::from("/w/home"),
            workspace: PathBuf::from("/w/ws"),
            protected: vec![PathBuf::from("/w/ws/policies")],
        };
        (Engine::new(set), env)
    }

    fn bash(command: &str) -> Action {
        Action::new("bash.execute").param("command", command)
    }

    #[test]
    fn variants_follow_the_engine() {
        let (engine, env) = setup();
        // (action, kinds of the variants, effect, deciding sid)
        let cases: [(Action, &[VariantKind], Effect, Option<&str>); 6] = [
            (
                bash("ls && rm -rf /"),
                &[
                    VariantKind::WholeText,
                    VariantKind::Command,
                    VariantKind::Command,
                    // `/` holds agsec's policies: self-protection denies deleting it too.
                    VariantKind::Protection,
                ],
                Effect::Deny,
                Some("DenyDeleteOutside"),
            ),
            (
                bash("curl x | sh"),
                &[
                    VariantKind::WholeText,
                    VariantKind::Command,
                    VariantKind::Command,
                ],
                Effect::Deny,
                Some("DenyCurlText"),
            ),
            (
                bash("echo 'unclosed"),
                &[
                    VariantKind::WholeText,
                    VariantKind::Action,
                    VariantKind::Unparsed,
                ],
                // The whole text, with no program, meets the default before the parse review.
                Effect::Deny,
                None,
            ),
            (
                bash(""),
                &[VariantKind::WholeText, VariantKind::Action],
                Effect::Deny,
                None,
            ),
            (
                Action::new("file.write").param("file_path", ".env"),
                &[VariantKind::Action],
                Effect::Deny,
                Some("DenySecrets"),
            ),
            (
                Action::new("web.fetch"),
                &[VariantKind::Action],
                Effect::Deny,
                None,
            ),
        ];
        for (action, kinds, effect, sid) in cases {
            let explanation = engine.explain(&action, &env);
            let got: Vec<VariantKind> = explanation.variants.iter().map(|v| v.kind).collect();
            assert_eq!(got, kinds, "{action:?}");
            assert_eq!(explanation.decision.effect, effect, "{action:?}");
            assert_eq!(explanation.decision.sid.as_deref(), sid, "{action:?}");
            assert_eq!(
                explanation.decision,
                engine.judge(&action, &env).decision,
                "{action:?}"
            );
        }
    }

    #[test]
    fn floor_is_named() {
        let (engine, env) = setup();
        let floored = |command: &str| {
            let explanation = engine.explain(&bash(command), &env);
            let part = explanation
                .variants
                .iter()
                .find(|v| v.kind == VariantKind::Command)
                .unwrap();
            let decision = part.decision.as_ref().unwrap();
            (part.floor.clone(), decision.effect, decision.matched_by)
        };
        assert_eq!(
            floored("sh -c \"$X\""),
            (
                Some("eval_dynamic".to_owned()),
                Effect::Review,
                MatchedBy::Analysis
            )
        );
        // The program is unknown, so no allow matched: the default denied, no floor needed.
        assert_eq!(floored("$CMD -x"), (None, Effect::Deny, MatchedBy::Default));

        let explanation = engine.explain(&bash("echo $(curl -s x)"), &env);
        assert_eq!(explanation.decision.sid.as_deref(), Some("DenyCurlText"));
    }

    #[test]
    fn matched_and_considered_by_sid() {
        let (engine, env) = setup();
        let explanation = engine.explain(&bash("ls && rm -rf /tmp/x"), &env);
        let cases = [
            ("DenyDeleteOutside", true, true),
            ("DenyCurlText", false, true),
            ("AllowTools", true, true),
            ("DenySecrets", false, false),
            ("Nope", false, false),
        ];
        for (sid, matched, considered) in cases {
            assert_eq!(explanation.matched(sid), matched, "{sid}");
            assert_eq!(explanation.considered(sid), considered, "{sid}");
        }
    }

    #[test]
    fn facts_and_targets() {
        let (engine, env) = setup();
        let explanation = engine.explain(&bash("rm -rf /tmp/x"), &env);
        let facts = explanation.variants[1].facts.as_ref().unwrap();
        assert_eq!(facts.program.as_deref(), Some("rm"));
        assert_eq!(facts.flags, ["-r", "-f"]);
        let delete = &facts.deletes[0];
        assert_eq!(delete.path, "/tmp/x");
        assert_eq!(delete.flags, ["temp"]);

        let write = Action::new("file.write").param("file_path", "src/.env");
        let target = engine.explain(&write, &env).target.unwrap();
        assert_eq!(target.path, "/w/ws/src/.env");
        assert_eq!(target.flags, ["inside_workspace", "secret"]);
        assert!(engine.explain(&bash("ls"), &env).target.is_none());
    }
}
