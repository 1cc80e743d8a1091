//! [`Engine`]: a loaded policy set plus the analysis that turns a raw action into what the
//! policies judge. Shell commands are split into every simple command they would run (each
//! evaluated with its program, flags and resolved paths); file paths are resolved and classified.
//! This is what the `check` command and embedding programs call.

use crate::action::Action;
pub use crate::environment::Environment;
use crate::paths;
use crate::policy::{self, Decision, Effect, LoadErrors, PolicySet, strictest};
use crate::shell::{self, Analysis, Concern, SimpleCommand};
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A loaded, ready-to-use firewall.
#[derive(Debug)]
pub struct Engine {
    policies: PolicySet,
}

/// One simple command of a shell action and what the policies said about it.
#[derive(Debug, Clone)]
pub struct PartDecision {
    /// The normalised command text (`rm -rf /`), or the whole command for whole-text rules.
    pub command: String,
    /// The decision.
    pub decision: Decision,
}

/// The decision for an action with the per-part decisions that led to it (for `--explain`).
#[derive(Debug, Clone)]
pub struct Judgement {
    /// The decision.
    pub decision: Decision,
    /// The action as the policies saw it (with `params.target` and the like filled in).
    pub action: Action,
    /// The action's parameters as the agent sent them (what the audit log summarises).
    pub original_params: Map<String, Value>,
    /// The decisions of each simple command of a shell action (empty otherwise).
    pub parts: Vec<PartDecision>,
}

/// Param keys that hold the file a file action works on, in order of preference.
const FILE_KEYS: [&str; 3] = ["file_path", "notebook_path", "path"];

impl Engine {
    /// Loads every policy file of `dir`.
    pub fn load(dir: &Path) -> Result<Self, LoadErrors> {
        Ok(Self::new(policy::load_dir(dir)?))
    }

    /// An engine over an already loaded policy set.
    pub fn new(policies: PolicySet) -> Self {
        Self { policies }
    }

    /// The policy set.
    pub fn policies(&self) -> &PolicySet {
        &self.policies
    }

    /// Gives the policy set back.
    pub fn into_policies(self) -> PolicySet {
        self.policies
    }

    /// Judges one action made in `env`.
    pub fn check(&self, action: &Action, env: &Environment) -> Decision {
        self.judge(action, env).decision
    }

    /// Judges one action and keeps the details.
    pub fn judge(&self, action: &Action, env: &Environment) -> Judgement {
        self.judge_with(action, env, &mut ())
    }

    /// Judges one action, showing every step to `observer` (`()` on the hot path; the
    /// explanation builder for `--explain`). There is one judging walk: an observer sees it but
    /// cannot change it.
    pub(crate) fn judge_with<O: JudgeObserver>(
        &self,
        action: &Action,
        env: &Environment,
        observer: &mut O,
    ) -> Judgement {
        let env = effective_env(action, env);
        if action.name == "bash.execute"
            && let Some(command) = action.param_str("command")
        {
            return self.judge_shell(action, command, &env, observer);
        }
        if action.name == crate::skills::ACTION {
            return self.judge_skill(action, &env, observer);
        }
        let enriched = enrich_paths(action, &env);
        observer.target(&enriched);
        let decision = self.evaluate(&enriched, observer, StepKind::Action, None, None);
        let guard = crate::protect::judge_action(action, &env);
        if let Some(guard) = &guard {
            protection_step(observer, None, guard);
        }
        Judgement {
            decision: strictest(std::iter::once(&decision).chain(&guard)).unwrap_or(decision),
            action: enriched,
            original_params: action.params.clone(),
            parts: Vec::new(),
        }
    }

    /// One full policy evaluation, shown to the observer as one step.
    fn evaluate<O: JudgeObserver>(
        &self,
        action: &Action,
        observer: &mut O,
        kind: StepKind,
        command: Option<&str>,
        part: Option<&SimpleCommand>,
    ) -> Decision {
        let mut policy = observer.policy();
        let evaluated = policy::evaluate_observed(&self.policies, action, true, &mut policy);
        let decision = match part {
            Some(part) => floor(evaluated.clone(), part),
            None => evaluated.clone(),
        };
        let floored = part
            .filter(|_| decision != evaluated)
            .and_then(floor_concern)
            .map(Concern::as_str);
        observer.step(
            Step {
                kind,
                command,
                part,
                floor: floored,
                decision: Some(&decision),
            },
            Some(policy),
        );
        decision
    }

    /// A skill or slash command invoked by the model: the action against the policies, and every
    /// shell command its files would run ([`crate::skills`]) judged as a Bash call; a skill that
    /// cannot be read is reviewed (what agsec cannot see is never harmless).
    fn judge_skill<O: JudgeObserver>(
        &self,
        action: &Action,
        env: &Environment,
        observer: &mut O,
    ) -> Judgement {
        observer.target(action);
        let mut parts = vec![PartDecision {
            command: action.name.clone(),
            decision: self.evaluate(action, observer, StepKind::Action, None, None),
        }];
        let lines = match crate::skills::invocation(action) {
            Some((name, args)) => {
                crate::skills::shell_lines(&name, &args, &env.cwd, &env.workspace, &env.home)
            }
            None => Err("the call names no skill".to_owned()),
        };
        match lines {
            Ok(lines) => {
                for line in lines {
                    let mut params = Map::new();
                    params.insert("command".to_owned(), Value::String(line.command.clone()));
                    params.insert(
                        "skill_file".to_owned(),
                        Value::String(line.file.display().to_string()),
                    );
                    let shell = Action {
                        name: "bash.execute".to_owned(),
                        params,
                        context: action.context.clone(),
                    };
                    let judged = self.judge_shell(&shell, &line.command, env, observer);
                    if judged.parts.is_empty() {
                        parts.push(PartDecision {
                            command: line.command,
                            decision: judged.decision,
                        });
                    } else {
                        parts.extend(judged.parts);
                    }
                }
            }
            Err(why) => {
                let decision = Decision::by_analysis(
                    Effect::Review,
                    format!(
                        "{why}; agsec cannot see the shell lines this skill would run, so a person must approve it"
                    ),
                );
                protection_step(observer, None, &decision);
                parts.push(PartDecision {
                    command: action.name.clone(),
                    decision,
                });
            }
        }
        Judgement::of_parts(action, parts)
    }

    fn judge_shell<O: JudgeObserver>(
        &self,
        action: &Action,
        command: &str,
        env: &Environment,
        observer: &mut O,
    ) -> Judgement {
        let analysis = shell::analyze(command, &env.path_context());
        observer.shell(&analysis);
        if let Some(limit) = &analysis.limit {
            return Judgement {
                decision: limit_decision(limit),
                action: action.clone(),
                original_params: action.params.clone(),
                parts: Vec::new(),
            };
        }
        let mut parts = Vec::new();
        let mut whole_text = observer.policy();
        let restriction = policy::restriction(policy::evaluate_observed(
            &self.policies,
            action,
            false,
            &mut whole_text,
        ));
        observer.step(
            Step {
                kind: StepKind::WholeText,
                command: Some(command),
                part: None,
                floor: None,
                decision: restriction.as_ref(),
            },
            Some(whole_text),
        );
        if let Some(decision) = restriction {
            parts.push(PartDecision {
                command: command.to_owned(),
                decision,
            });
        }
        if analysis.commands.is_empty() {
            let decision = self.evaluate(action, observer, StepKind::Action, Some(command), None);
            parts.push(PartDecision {
                command: command.to_owned(),
                decision,
            });
        }
        for part in &analysis.commands {
            let part_action = part_action(action, command, part);
            let decision = self.evaluate(
                &part_action,
                observer,
                StepKind::Command,
                Some(&part.command),
                Some(part),
            );
            parts.push(PartDecision {
                command: part.command.clone(),
                decision,
            });
            for decision in crate::protect::judge_command(part, env) {
                protection_step(observer, Some(&part.command), &decision);
                parts.push(PartDecision {
                    command: part.command.clone(),
                    decision,
                });
            }
        }
        if let Some(error) = &analysis.parse_error {
            let decision = parse_error_decision(error);
            observer.step(
                Step {
                    kind: StepKind::Unparsed,
                    command: Some(command),
                    part: None,
                    floor: None,
                    decision: Some(&decision),
                },
                None,
            );
            parts.push(PartDecision {
                command: command.to_owned(),
                decision,
            });
        }
        Judgement::of_parts(action, parts)
    }
}

/// Shows a self-protection decision to the observer.
fn protection_step<O: JudgeObserver>(observer: &mut O, command: Option<&str>, decision: &Decision) {
    observer.step(
        Step {
            kind: StepKind::Protection,
            command,
            part: None,
            floor: None,
            decision: Some(decision),
        },
        None,
    );
}

/// Which evaluation of an action a [`Step`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The action as a whole, against every statement (any action but a shell command with
    /// simple commands).
    Action,
    /// The whole text of a shell command, against deny and review statements only.
    WholeText,
    /// One simple command of a shell command, its analysis facts as `params`.
    Command,
    /// A shell command that did not parse: reviewed by the engine, no statement evaluated.
    Unparsed,
    /// Self-protection: the engine's own rule on agsec's files and state, applied whatever the
    /// policies say (see [`crate::protect`]).
    Protection,
    /// The session's secret taint: the action carries a secret an earlier tool's output showed
    /// this session, so it is denied over any policy (applied by [`crate::hook`]).
    Taint,
}

/// One step of judging an action, as a [`JudgeObserver`] sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step<'a> {
    /// Which evaluation this is.
    pub kind: StepKind,
    /// The command text: normalised for a simple command, as written otherwise (`None` for a
    /// non-shell action).
    pub command: Option<&'a str>,
    /// The simple command judged ([`StepKind::Command`]).
    pub part: Option<&'a SimpleCommand>,
    /// The concern that raised this allowed simple command to review, when that floor applied.
    pub floor: Option<&'a str>,
    /// What this step adds to the decision (`None`: the whole-text pass found nothing).
    pub decision: Option<&'a Decision>,
}

/// Watches [`Engine::judge_with`]: the resolved target of a file action, the analysis of a shell
/// command, each evaluation step with its policy observer, a taint override. `()` watches
/// nothing and costs nothing.
pub(crate) trait JudgeObserver {
    /// The observer of each policy evaluation.
    type Policy: policy::Observer;

    /// A fresh policy observer for the next evaluation.
    fn policy(&mut self) -> Self::Policy;

    /// A file action with its `params.target` filled in (any non-shell action, in fact).
    fn target(&mut self, _enriched: &Action) {}

    /// The analysis of a shell command.
    fn shell(&mut self, _analysis: &Analysis) {}

    /// One evaluation step, with the observer of its policy evaluation (`None`: no policy was
    /// evaluated).
    fn step(&mut self, _step: Step<'_>, _policy: Option<Self::Policy>) {}

    /// The session's secret taint replaced the decision with this deny.
    fn taint(&mut self, _decision: &Decision) {}
}

/// Watches nothing.
impl JudgeObserver for () {
    type Policy = ();

    fn policy(&mut self) -> Self::Policy {}
}

/// The environment of one action: `env`, in the action's own `context.cwd` when it names another
/// absolute directory.
fn effective_env<'a>(action: &Action, env: &'a Environment) -> Cow<'a, Environment> {
    // A shell tool's own working directory (Codex `exec_command` has `workdir`) wins over the
    // session's: relative paths in the command are relative to it.
    let cwd = action
        .param_str("workdir")
        .filter(|_| action.name == "bash.execute")
        .or_else(|| action.context_str("cwd"));
    match cwd {
        Some(cwd) if Path::new(cwd).is_absolute() && Path::new(cwd) != env.cwd => {
            let mut env = env.clone();
            env.cwd = PathBuf::from(cwd);
            Cow::Owned(env)
        }
        _ => Cow::Borrowed(env),
    }
}

/// The decision on a command over an analysis limit.
fn limit_decision(limit: &str) -> Decision {
    Decision::by_analysis(
        Effect::Deny,
        format!(
            "the command is too large or nested too deeply to check ({limit}); split it into simpler commands"
        ),
    )
}

/// The decision on a command text that did not parse.
fn parse_error_decision(error: &str) -> Decision {
    Decision::by_analysis(
        Effect::Review,
        format!("the command could not be parsed ({error}), so what it runs is unknown"),
    )
}

impl Judgement {
    /// The judgement of an action judged part by part (shell commands, a skill's shell lines):
    /// the strictest part's decision, or a deny when there were no parts.
    fn of_parts(action: &Action, parts: Vec<PartDecision>) -> Self {
        let decision =
            strictest(parts.iter().map(|p| &p.decision)).unwrap_or_else(nothing_to_evaluate);
        Judgement {
            decision,
            action: action.clone(),
            original_params: action.params.clone(),
            parts,
        }
    }
}

/// The decision when a command gave nothing to evaluate.
fn nothing_to_evaluate() -> Decision {
    Decision::by_analysis(Effect::Deny, "the command produced nothing to evaluate")
}

/// The action one simple command is judged as: its analysis facts as `params` (program, args,
/// flags, reads, writes …), plus the agent's other parameters and the whole text as `raw_command`.
fn part_action(action: &Action, whole: &str, part: &SimpleCommand) -> Action {
    let mut params: Map<String, Value> = match serde_json::to_value(part) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for (key, value) in &action.params {
        if key != "command" {
            params.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    params.insert("raw_command".to_owned(), Value::String(whole.to_owned()));
    Action {
        name: action.name.clone(),
        params,
        context: action.context.clone(),
    }
}

/// What cannot be known statically is never silently allowed: a part with a concern (other than
/// inline code, which the policies judge) is at least reviewed.
fn floor(decision: Decision, part: &SimpleCommand) -> Decision {
    if decision.effect != Effect::Allow {
        return decision;
    }
    let Some(concern) = floor_concern(part) else {
        return decision;
    };
    Decision::by_analysis(
        Effect::Review,
        format!(
            "`{}` cannot be checked statically ({}); a person must approve it, or rewrite it with literal commands and paths",
            part.command,
            concern.describe()
        ),
    )
}

/// The concern that raises an allowed part to review, if any.
fn floor_concern(part: &SimpleCommand) -> Option<Concern> {
    part.concerns
        .iter()
        .copied()
        .find(|c| *c != Concern::InlineCode)
}

/// File actions get `params.target`: the resolved, classified path of the file they touch
/// (the working directory for a Glob or Grep without a path); `web.fetch` gets
/// `params.network.destinations` (its URL's host, parsed).
fn enrich_paths(action: &Action, env: &Environment) -> Action {
    if action.name == "web.fetch" {
        return crate::network::enrich_web(action);
    }
    if !action.name.starts_with("file.") {
        return action.clone();
    }
    let raw = FILE_KEYS
        .iter()
        .find_map(|k| action.param_str(k))
        .unwrap_or(".");
    let fact = paths::resolve(raw, &env.cwd, &env.path_context());
    let mut action = action.clone();
    if let Ok(value) = serde_json::to_value(fact) {
        action.params.insert("target".to_owned(), value);
    }
    action
}
