//! The walk over a parsed script, in execution order, with what a shell would know at each point:
//! the current folder (`cd`), literal variables, files holding copies of secrets. It turns each
//! simple command into a [`SimpleCommand`], recursing into `$(…)`, `bash -c`, `eval`, `| sh` and
//! here-docs fed to shells, and enforces the depth and command-count limits.

use super::analysis::{Analysis, SimpleCommand};
use super::basename;
use super::concern::Concern;
use super::effects::{CodeSource, Effects, Emits, Places, SENSITIVE, code_source, effects};
use super::expand::{Field, Flow, Scope, Taint, Var, expand_all, expand_joined};
use super::models;
use super::normalize::{
    SHELLS, ShellInput, Xargs, command_text, flags, shell_input, split_string, unwrap,
};
use super::parse::{Group, Part, Pipeline, Redirect, Script, Simple, Stage, parse};
use super::secrets;
use super::wrappers;
use crate::paths::{Classifier, PathContext, PathFact};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

/// Nested shells deeper than this set `limit`.
pub(crate) const MAX_DEPTH: u32 = 8;
/// More commands than this set `limit`.
pub(crate) const MAX_COMMANDS: usize = 256;
/// Scripts on disk larger than this are not read (the command is `unknown`).
pub(crate) const MAX_SCRIPT_BYTES: usize = 64 * 1024;
/// At most this many scripts on disk are read for one command (more are `unknown`).
pub(crate) const MAX_SCRIPTS: usize = 8;
/// A known input of `xargs` with more words than this is treated as unknown.
const MAX_XARGS_WORDS: usize = 64;
/// A `for` loop over at most this many known words runs its body once per word; over more, once
/// with the variable unknown.
const MAX_LOOP_VALUES: usize = 16;

/// What the shell knows at one point of the script.
#[derive(Debug, Clone)]
struct State {
    /// `None` after `cd` to somewhere unknown.
    cwd: Option<PathBuf>,
    vars: HashMap<String, Var>,
    /// Files that received a copy of a secret (`cp .env /tmp/x`).
    secret_copies: Vec<PathBuf>,
    /// Variables holding secret data (`T=$(cat .env)`), with the secrets.
    secret_vars: HashMap<String, Vec<PathFact>>,
    /// Functions defined so far: name → body.
    functions: HashMap<String, Rc<Script>>,
    /// Files written or downloaded earlier in the command (running one is `runs_written_file`).
    written: Vec<PathBuf>,
    /// Symbolic links made earlier in the command: link → target.
    links: Vec<(PathBuf, PathBuf)>,
    /// The positional parameters (`$1`…), when known: in a function or script, after `set --`.
    positional: Option<Vec<Field>>,
}

impl State {
    /// Where two paths join (the branches of an `if`, a body that may not run, a `break`): what
    /// both know alike is kept; a variable, folder or positional list that differs is unknown;
    /// files, links and secrets of either are kept; a function defined differently is either body.
    fn merge(&mut self, other: State) {
        if self.cwd != other.cwd {
            self.cwd = None;
        }
        for (name, var) in &other.vars {
            if self.vars.get(name) != Some(var) {
                self.vars.insert(name.clone(), Var::Unknown);
            }
        }
        for (name, var) in &mut self.vars {
            if !other.vars.contains_key(name) {
                *var = Var::Unknown;
            }
        }
        for (name, carries) in other.secret_vars {
            let have = self.secret_vars.entry(name).or_default();
            for fact in carries {
                if !have.contains(&fact) {
                    have.push(fact);
                }
            }
        }
        union(&mut self.secret_copies, other.secret_copies);
        union(&mut self.written, other.written);
        union(&mut self.links, other.links);
        for (name, body) in other.functions {
            let merged = match self.functions.get(&name) {
                Some(old) if !Rc::ptr_eq(old, &body) => either(old, &body),
                Some(_) => continue,
                None => body,
            };
            self.functions.insert(name, merged);
        }
        let same_list = match (&self.positional, &other.positional) {
            (Some(a), Some(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.is_literal() && y.is_literal() && x.value == y.value)
            }
            _ => false,
        };
        if !same_list {
            self.positional = None;
        }
    }
}

/// Adds what `b` holds that `a` lacks.
fn union<T: PartialEq>(a: &mut Vec<T>, b: Vec<T>) {
    for x in b {
        if !a.contains(&x) {
            a.push(x);
        }
    }
}

/// A function body that is one of two (defined differently on two paths).
fn either(a: &Script, b: &Script) -> Rc<Script> {
    let group = Group {
        branches: vec![a.clone(), b.clone()],
        ..Group::default()
    };
    Rc::new(Script {
        pipelines: vec![Pipeline::of_group(group)],
    })
}

/// The states at `break`/`continue` (a loop's) or `return` (a function's), joined where the
/// loop turn or the call ends.
#[derive(Debug)]
struct Jumps {
    function: bool,
    states: Vec<State>,
}

/// How deep, and how a nested text was reached.
#[derive(Debug, Clone, Copy)]
struct Frame {
    depth: u32,
    via: Option<&'static str>,
}

/// Walks one command text and collects the [`Analysis`].
pub(crate) struct Walker {
    classifier: Classifier,
    home: String,
    pub(crate) analysis: Analysis,
    /// Nodes visited: stages, words, nested texts (bounded linearly by the input size).
    pub(crate) work: usize,
    /// Bodies of the functions being called (calling the same body again is recursion; a
    /// function that redefines its own name and calls that is not).
    functions_active: Vec<Rc<Script>>,
    /// Scripts on disk read so far (bounded by [`MAX_SCRIPTS`]).
    scripts_read: usize,
    /// What the per-program models keep for this text (git configuration files).
    models: models::Cache,
    /// The loops and function calls being walked, innermost last.
    jumps: Vec<Jumps>,
    /// The status of the pipeline just walked, when known: a plain `true`, `:` or `false`
    /// that no function or alias replaces.
    status: Option<bool>,
    /// An `alias` was defined: `true` may not be the builtin any more.
    aliases: bool,
}

impl Walker {
    pub(crate) fn new(ctx: &PathContext) -> Self {
        Self {
            classifier: Classifier::new(ctx),
            home: ctx.home.to_string_lossy().into_owned(),
            analysis: Analysis::default(),
            work: 0,
            functions_active: Vec::new(),
            scripts_read: 0,
            models: models::Cache::default(),
            jumps: Vec::new(),
            status: None,
            aliases: false,
        }
    }

    /// Analyse the top-level text.
    pub(crate) fn run(&mut self, text: &str, ctx: &PathContext) {
        let mut state = State {
            cwd: Some(crate::paths::canonicalize_prefix(&crate::paths::normalize(
                std::path::Path::new("/"),
                &ctx.cwd.to_string_lossy(),
            ))),
            vars: HashMap::new(),
            secret_copies: Vec::new(),
            secret_vars: HashMap::new(),
            functions: HashMap::new(),
            written: Vec::new(),
            links: Vec::new(),
            positional: None,
        };
        let frame = Frame {
            depth: 0,
            via: None,
        };
        if let Err(e) = self.run_text(text, frame, &mut state) {
            self.analysis.parse_error = Some(e);
        }
    }

    fn stopped(&self) -> bool {
        self.analysis.limit.is_some()
    }

    fn set_limit(&mut self, why: String) {
        if self.analysis.limit.is_none() {
            self.analysis.limit = Some(why);
        }
    }

    /// The frame one level deeper, or `None` (and `limit`) past [`MAX_DEPTH`].
    fn deeper(&mut self, frame: Frame, via: &'static str) -> Option<Frame> {
        if frame.depth >= MAX_DEPTH {
            self.set_limit(format!("nesting depth over {MAX_DEPTH}"));
            return None;
        }
        Some(Frame {
            depth: frame.depth + 1,
            via: Some(via),
        })
    }

    fn run_text(&mut self, text: &str, frame: Frame, state: &mut State) -> Result<Flow, String> {
        self.work += 1;
        if self.stopped() {
            return Ok(Flow::default());
        }
        let script = parse(text).inspect_err(|e| {
            if e.starts_with("nesting") {
                self.set_limit(e.clone());
            }
        })?;
        Ok(self.walk_script(&script, frame, state))
    }

    fn walk_script(&mut self, script: &Script, frame: Frame, state: &mut State) -> Flow {
        let mut flow = Flow::default();
        for pipeline in &script.pipelines {
            if self.stopped() {
                break;
            }
            let before = self.status;
            flow = self.walk_pipeline(pipeline, frame, state);
            self.status = match pipeline.stages.as_slice() {
                // What follows `&&`/`||`: when it ran for sure its body's status (left by the
                // walk of the body), when it was skipped for sure the status before.
                [
                    Stage::Group(Group {
                        runs_if: Some(runs_if),
                        ..
                    }),
                ] if !pipeline.negated => match before {
                    Some(b) if b == *runs_if => self.status,
                    Some(b) => Some(b),
                    None => None,
                },
                _ => self.known_status(pipeline, state),
            };
        }
        flow
    }

    /// The status of a pipeline known without running it: `true`, `:`, `false`, `! true` …
    fn known_status(&self, pipeline: &Pipeline, state: &State) -> Option<bool> {
        let [Stage::Simple(simple)] = pipeline.stages.as_slice() else {
            return None;
        };
        let [word] = simple.words.as_slice() else {
            return None;
        };
        if self.aliases || !simple.assignments.is_empty() || !simple.redirects.is_empty() {
            return None;
        }
        let [Part::Text { text, .. }] = word.parts.as_slice() else {
            return None;
        };
        if state.functions.contains_key(text.as_str()) {
            return None;
        }
        let status = match text.as_str() {
            "true" | ":" => true,
            "false" => false,
            _ => return None,
        };
        Some(status != pipeline.negated)
    }

    fn walk_pipeline(&mut self, pipeline: &Pipeline, frame: Frame, state: &mut State) -> Flow {
        let mut flow = Flow::Nothing;
        let piped = pipeline.stages.len() > 1;
        for stage in &pipeline.stages {
            self.work += 1;
            if self.stopped() {
                break;
            }
            let via = if matches!(flow, Flow::Nothing) {
                None
            } else {
                Some("pipe")
            };
            if piped {
                let mut own = state.clone();
                flow = self.walk_stage(stage, frame, &mut own, flow, via);
                // With `shopt -s lastpipe` the last stage runs in this shell: functions it
                // defines are kept (a call of one that does not exist at run time only fails);
                // a name defined both here and before is either body.
                for (name, body) in own.functions {
                    let merged = match state.functions.get(&name) {
                        Some(old) if !Rc::ptr_eq(old, &body) => either(old, &body),
                        _ => body,
                    };
                    state.functions.insert(name, merged);
                }
            } else {
                flow = self.walk_stage(stage, frame, state, flow, via);
            }
        }
        flow
    }

    fn walk_stage(
        &mut self,
        stage: &Stage,
        frame: Frame,
        state: &mut State,
        stdin: Flow,
        stdin_via: Option<&'static str>,
    ) -> Flow {
        match stage {
            Stage::Simple(simple) => self.walk_simple(simple, frame, state, stdin, stdin_via),
            Stage::Group(group) => {
                self.walk_group(group, frame, state);
                Flow::data(Taint::None, Vec::new())
            }
        }
    }

    fn walk_group(&mut self, group: &Group, frame: Frame, state: &mut State) {
        // `true && …` runs what follows; `false || …` too.
        let certain = group.runs_if.is_some() && group.runs_if == self.status;
        let mut cmd = SimpleCommand::default();
        let mut scope = Ctx::new(self, state, frame);
        let fields = expand_all(&group.words, &mut scope);
        let mut stdin = Flow::Nothing;
        let mut fx = Effects::default();
        scope.redirects(&group.redirects, &mut fx, &mut stdin);
        let pending = std::mem::take(&mut scope.pending);
        cmd.concerns.extend(pending.iter().copied());
        cmd.dynamic = fields.iter().any(|f| f.dynamic);
        if !fx.reads.is_empty() || !fx.writes.is_empty() || !cmd.concerns.is_empty() {
            cmd.reads = fx.reads;
            cmd.writes = fx.writes;
            self.push(cmd, frame);
        }
        // `for X in a b`: the body runs once per known word with X holding it (a glob word: one
        // of its matches); over unknown or too many words, once with X unknown.
        let mut enumerated = false;
        let iterations: Vec<Option<(Var, Vec<PathFact>)>> = match group.loop_vars.first() {
            None => vec![None],
            Some(_) => {
                let values = if group.loop_over_args {
                    state.positional.clone()
                } else {
                    Some(fields)
                };
                match values {
                    Some(values) if values.len() <= MAX_LOOP_VALUES => {
                        enumerated = true;
                        values
                            .into_iter()
                            .map(|f| {
                                let var = if f.taint != Taint::None || f.dynamic {
                                    Var::Unknown
                                } else if f.glob {
                                    Var::Glob(f.value.clone())
                                } else {
                                    Var::Literal(f.value.clone())
                                };
                                Some((var, f.carries))
                            })
                            .collect()
                    }
                    _ => vec![Some((Var::Unknown, Vec::new()))],
                }
            }
        };
        if let Some(name) = &group.function {
            // A definition runs nothing: the body is analysed at each call, with its arguments.
            state
                .functions
                .insert(name.clone(), Rc::new(group.body.clone()));
        } else if group.subshell {
            let mut own = state.clone();
            self.walk_script(&group.body, frame, &mut own);
        } else {
            let may_skip = group.conditional && !certain;
            self.walk_body(group, iterations, enumerated, may_skip, frame, state);
        }
    }

    /// The body of a compound command in this shell: once, or once per loop value; then one of
    /// its branches. A body that may not run (a loop, after `&&`/`||`) ends merged with the state
    /// before it.
    fn walk_body(
        &mut self,
        group: &Group,
        iterations: Vec<Option<(Var, Vec<PathFact>)>>,
        enumerated: bool,
        may_skip: bool,
        frame: Frame,
        state: &mut State,
    ) {
        let before = may_skip.then(|| state.clone());
        if group.repeats {
            self.jumps.push(Jumps {
                function: false,
                states: Vec::new(),
            });
        }
        for iteration in iterations {
            if self.stopped() {
                break;
            }
            if let (Some((var, carries)), Some(name)) = (iteration, group.loop_vars.first()) {
                state.secret_vars.insert(name.clone(), carries);
                state.vars.insert(name.clone(), var);
            }
            self.walk_script(&group.body, frame, state);
            if group.repeats {
                self.rejoin(state);
            }
        }
        // A loop over unknown words, `while`, `until`: the next turn sees what this one
        // assigned, so the body is walked again with every variable it changed unknown.
        if group.repeats
            && !enumerated
            && let Some(before) = &before
        {
            let changed: Vec<String> = state
                .vars
                .iter()
                .filter(|(name, var)| before.vars.get(*name) != Some(*var))
                .map(|(name, _)| name.clone())
                .collect();
            if !changed.is_empty() && !self.stopped() {
                for name in changed {
                    state.vars.insert(name, Var::Unknown);
                }
                self.walk_script(&group.body, frame, state);
                self.rejoin(state);
            }
        }
        if group.repeats {
            self.jumps.pop();
        }
        if !group.branches.is_empty() {
            let start = state.clone();
            for (i, branch) in group.branches.iter().enumerate() {
                if self.stopped() {
                    break;
                }
                let mut own = start.clone();
                self.walk_script(branch, frame, &mut own);
                if i == 0 {
                    *state = own;
                } else {
                    state.merge(own);
                }
            }
        }
        // A body that may not run: what it set or changed is unknown after it; so is the loop
        // variable (a `break` may leave any of its values).
        if let Some(before) = before {
            let after = std::mem::replace(state, before);
            state.merge(after);
            for name in &group.loop_vars {
                state.vars.insert(name.clone(), Var::Unknown);
            }
        }
    }

    /// Joins the states recorded at `break`/`continue`/`return` in the innermost loop or call
    /// into `state`.
    fn rejoin(&mut self, state: &mut State) {
        if let Some(top) = self.jumps.last_mut() {
            for jumped in std::mem::take(&mut top.states) {
                state.merge(jumped);
            }
        }
    }

    fn push(&mut self, mut cmd: SimpleCommand, frame: Frame) -> Option<usize> {
        if self.analysis.commands.len() >= MAX_COMMANDS {
            self.set_limit(format!("more than {MAX_COMMANDS} commands"));
            return None;
        }
        cmd.depth = frame.depth;
        if cmd.via.is_none() {
            cmd.via = frame.via.map(str::to_owned);
        }
        self.analysis.commands.push(cmd);
        Some(self.analysis.commands.len() - 1)
    }

    fn add_concern(&mut self, index: Option<usize>, tag: Concern) {
        if let Some(cmd) = index.and_then(|i| self.analysis.commands.get_mut(i))
            && !cmd.concerns.contains(&tag)
        {
            cmd.concerns.push(tag);
        }
    }

    fn walk_simple(
        &mut self,
        simple: &Simple,
        frame: Frame,
        state: &mut State,
        stdin: Flow,
        stdin_via: Option<&'static str>,
    ) -> Flow {
        let mut scope = Ctx::new(self, state, frame);
        let bare = simple.words.is_empty();
        let mut assigned = Vec::new();
        let mut env = Vec::new();
        for a in &simple.assignments {
            let value = a.value.as_ref().map(|w| expand_joined(w, &mut scope));
            for w in &a.elements {
                expand_joined(w, &mut scope);
            }
            let literal = value.as_ref().filter(|v| v.is_literal());
            env.push((a.name.clone(), literal.map(|v| v.value.clone())));
            if bare {
                assigned.push(format!(
                    "{}={}",
                    a.name,
                    value.as_ref().map_or("(…)", |v| &v.arg)
                ));
                let carries = value
                    .as_ref()
                    .map(|v| v.carries.clone())
                    .unwrap_or_default();
                scope.state.secret_vars.insert(a.name.clone(), carries);
                let var = match value {
                    Some(v)
                        if v.is_literal() && v.taint == Taint::None && a.elements.is_empty() =>
                    {
                        Var::Literal(v.value)
                    }
                    _ => Var::Unknown,
                };
                scope.state.vars.insert(a.name.clone(), var);
            }
        }
        let fields = expand_all(&simple.words, &mut scope);
        let mut prepared = Prepared {
            fields,
            assigned,
            env,
            stdin,
            stdin_via,
            ..Prepared::default()
        };
        if scope.redirects(
            &simple.redirects,
            &mut prepared.redirects,
            &mut prepared.stdin,
        ) {
            prepared.stdin_via = Some("heredoc");
        }
        prepared.pending = std::mem::take(&mut scope.pending);
        self.run_command(prepared, frame, state)
    }

    /// Turn expanded words (after redirections) into a command: unwrap, effects, nesting.
    fn run_command(&mut self, prepared: Prepared, frame: Frame, state: &mut State) -> Flow {
        let Prepared {
            fields,
            assigned,
            mut env,
            stdin,
            stdin_via,
            redirects: redirect_fx,
            pending,
        } = prepared;
        let mut inv = unwrap(fields);
        let scripts = std::mem::take(&mut inv.scripts);
        let stdin_script = inv.stdin_script;
        let nested_argv = inv.nested.take();
        let mut pending = pending;
        pending.append(&mut inv.concerns);
        let Some(program_field) = inv.program.take() else {
            let cmd = SimpleCommand {
                command: assigned.join(" "),
                reads: redirect_fx.reads,
                writes: redirect_fx.writes,
                concerns: pending.to_vec(),
                ..SimpleCommand::default()
            };
            let index = self.push(cmd, frame);
            self.command_variables(&env, index, state, frame);
            return Flow::Nothing;
        };
        let cwd = match &inv.chdir {
            Some(dir) => self.resolve_dir(dir, state),
            None => state.cwd.clone(),
        };
        let dynamic_program = !program_field.is_literal();
        let program = if dynamic_program {
            program_field.arg.clone()
        } else {
            basename(&program_field.value).to_owned()
        };
        let mut args = inv.args;
        let mut via = None;
        if let Some(mode) = &inv.xargs {
            via = Some("xargs");
            match mode {
                Xargs::Append => match &stdin {
                    // `echo ~ | xargs rm -rf`: the words of a known input.
                    Flow::Literal(text) if !inv.xargs_arg_file => {
                        let words = split_string(&Field::literal(text));
                        if words.len() <= MAX_XARGS_WORDS {
                            args.extend(words);
                        } else {
                            args.push(xargs_input(&stdin));
                        }
                    }
                    _ => args.push(xargs_input(&stdin)),
                },
                Xargs::Replace(r) => {
                    for a in args.iter_mut().filter(|a| a.value.contains(r.as_str())) {
                        a.dynamic = true;
                        a.fixed.get_or_insert(a.value.find(r.as_str()).unwrap_or(0));
                        a.from_input = true;
                        a.listing = stdin.names();
                        a.carries
                            .extend(stdin.files().iter().filter(|f| f.secret).cloned());
                    }
                }
            }
        }
        let arg_texts: Vec<String> = args.iter().map(|a| a.arg.clone()).collect();
        let mut cmd = SimpleCommand {
            command: command_text(&program, &arg_texts),
            program: Some(program.clone()),
            flags: flags(&program, &args),
            args: arg_texts,
            wrappers: inv.wrappers,
            via: via.map(str::to_owned),
            dynamic: dynamic_program || args.iter().any(|a| a.dynamic),
            dynamic_program,
            program_word: (!dynamic_program).then(|| program_field.value.clone()),
            cwd: cwd.clone(),
            ..SimpleCommand::default()
        };
        cmd.concerns.extend(pending.iter().copied());
        cmd.reads = redirect_fx.reads;
        cmd.writes = redirect_fx.writes;
        if wrappers::unparsed_shell(&program) {
            cmd.concerns.push(Concern::Unknown);
        }
        if dynamic_program {
            cmd.concerns.push(Concern::DynamicProgram);
            self.push(cmd, frame);
            return Flow::data(program_field.taint, Vec::new());
        }
        let places = Places {
            classifier: &self.classifier,
            cwd: cwd.as_deref(),
            secret_copies: &state.secret_copies,
            links: &state.links,
        };
        let mut fx = effects(&program, &args, &stdin, &places);
        env.append(&mut inv.env);
        let model_input = models::Input {
            program: &program,
            args: &args,
            env: &env,
            cwd: cwd.as_deref(),
            places: &places,
            stdin: &stdin,
            earlier: &self.analysis.commands,
            home: &self.home,
        };
        let modelled = models::apply(&model_input, &mut self.models, &mut cmd, &mut fx);
        let secret = secrets::apply(&model_input, &mut cmd, &mut fx);
        // Symbolic links made here are followed by later paths.
        let link = (program == "ln").then(|| symlink(&args, &places)).flatten();
        // Files it runs: written earlier in this command, a shell script to read, or a fact.
        let run_facts: Vec<(PathFact, bool)> = run_files(&program, &program_field, &args)
            .into_iter()
            .map(|(file, shell)| (places.fact(&file), shell))
            .collect();
        let tee_secret = program == "tee" && stdin.files().iter().any(|f| f.secret);
        if fx.copies_secret || tee_secret {
            state.secret_copies.extend(
                fx.writes
                    .iter()
                    .filter(|w| !w.dynamic)
                    .map(|w| PathBuf::from(&w.path)),
            );
        }
        let sensitive = SENSITIVE.contains(&program.as_str());
        let dynamic_target = fx.deletes.iter().chain(&fx.uploads).any(|f| f.dynamic)
            || (sensitive && fx.writes.iter().any(|f| f.dynamic && !f.temp));
        if dynamic_target {
            fx.concerns.push(Concern::DynamicTarget);
        }
        for c in &fx.concerns {
            if !cmd.concerns.iter().any(|have| have == c) {
                cmd.concerns.push(*c);
            }
        }
        cmd.reads.extend(fx.reads.iter().cloned());
        // `cat "$f"`, `cat list | xargs cat`: a file whose name is only known at run time could
        // be any file, a secret. A glob too large to list is unknown the same way. A name from
        // a listing (`wc -l $(git ls-files)`, `find . | xargs cat`) is one of the listed files:
        // a secret when the listing was of secrets.
        let mut any_file = false;
        for r in cmd.reads.iter_mut().filter(|r| r.dynamic) {
            let source = args.iter().find(|a| a.arg == r.raw);
            match source {
                Some(a) if a.listing => r.secret |= !a.carries.is_empty(),
                Some(a) if a.from_input => any_file = true,
                _ => any_file |= r.glob || name_unknown(&r.raw),
            }
        }
        if any_file && !cmd.concerns.contains(&Concern::DynamicTarget) {
            cmd.concerns.push(Concern::DynamicTarget);
        }
        cmd.writes.extend(fx.writes);
        cmd.deletes = fx.deletes;
        cmd.uploads = fx.uploads;
        cmd.network = fx.network;
        let mut scripts_to_read = Vec::new();
        for (fact, shell) in run_facts {
            if !fact.dynamic
                && state
                    .written
                    .iter()
                    .any(|w| w.as_path() == std::path::Path::new(&fact.path))
            {
                cmd.concerns.push(Concern::RunsWrittenFile);
                continue;
            }
            match self.read_script(&fact, shell) {
                Ok(Some(text)) => scripts_to_read.push(text),
                Ok(None) => cmd.runs_files.push(fact),
                Err(()) => {
                    cmd.concerns.push(Concern::Unknown);
                    cmd.runs_files.push(fact);
                }
            }
        }
        let written: Vec<PathBuf> = cmd
            .writes
            .iter()
            .filter(|w| !w.dynamic)
            .map(|w| PathBuf::from(&w.path))
            .collect();
        state.written.extend(written);
        state.links.extend(link);
        let recursive = state
            .functions
            .get(&program)
            .is_some_and(|body| self.functions_active.iter().any(|a| Rc::ptr_eq(a, body)));
        if recursive {
            cmd.concerns.push(Concern::Recursion);
        }
        let index = self.push(cmd, frame);
        if !recursive && state.functions.contains_key(&program) {
            self.call_function(&program, &args, state, frame);
        }
        if matches!(
            program.as_str(),
            "export" | "declare" | "typeset" | "local" | "readonly"
        ) {
            for a in args.iter().filter(|a| !a.value.starts_with('-')) {
                if let Some((name, value)) = a.value.split_once('=') {
                    env.push((name.to_owned(), a.is_literal().then(|| value.to_owned())));
                }
            }
        }
        self.command_variables(&env, index, state, frame);
        self.builtins(&program, &args, state);
        self.nested(
            &program,
            &args,
            &stdin,
            stdin_via,
            state,
            frame,
            index,
            inv.xargs.is_some(),
        );
        for text in scripts_to_read {
            if let Some(inner) = self.deeper(frame, "script") {
                let mut own = state.clone();
                set_positional(&mut own, script_args(&program, &program_field, &args));
                if self.run_text(&text, inner, &mut own).is_err() {
                    self.add_concern(index, Concern::Unparsable);
                }
            }
        }
        for (code, via) in &scripts {
            self.run_string(code, via, index, state, frame);
        }
        if stdin_script {
            self.fed_to(&stdin, stdin_via, false, state, frame, index);
        }
        if let Some((words, via)) = nested_argv
            && let Some(inner) = self.deeper(frame, via)
        {
            let mut own = state.clone();
            let prepared = Prepared {
                fields: words,
                ..Prepared::default()
            };
            self.run_command(prepared, inner, &mut own);
        }
        if let Some(words) = fx.exec {
            self.find_exec(words, state, frame);
        }
        for code in &fx.carried {
            self.run_string(code, "option", index, state, frame);
        }
        for text in modelled.nested {
            if let Some(inner) = self.deeper(frame, "program") {
                let mut own = state.clone();
                if self.run_text(&text, inner, &mut own).is_err() {
                    self.add_concern(index, Concern::Unparsable);
                }
            }
        }
        let out = secrets::with_origins(
            output(fx.emits, &program, stdin, fx.reads, fx.listed),
            secret.origins,
        );
        if out.files().iter().any(|f| f.secret) {
            state.secret_copies.extend(secret.redirect_writes);
        }
        out
    }

    fn resolve_dir(&self, dir: &Field, state: &State) -> Option<PathBuf> {
        let places = Places {
            classifier: &self.classifier,
            cwd: state.cwd.as_deref(),
            secret_copies: &[],
            links: &state.links,
        };
        let fact = places.fact(dir);
        (!fact.dynamic && !fact.glob).then(|| PathBuf::from(fact.path))
    }

    /// The text of a script on disk to analyse as shell: `Ok(None)` when it is not a readable
    /// shell script (left to policies as a `runs_files` fact), `Err` when a bound was hit.
    fn read_script(&mut self, fact: &PathFact, shell: bool) -> Result<Option<String>, ()> {
        if fact.dynamic || fact.glob {
            return Ok(None);
        }
        let path = std::path::Path::new(&fact.path);
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(None);
        };
        if !meta.is_file() {
            return Ok(None);
        }
        if meta.len() > MAX_SCRIPT_BYTES as u64 {
            return Err(());
        }
        if self.scripts_read >= MAX_SCRIPTS {
            return Err(());
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            return Ok(None);
        };
        let first = text.lines().next().unwrap_or("");
        let by_shebang = first.starts_with("#!")
            && SHELLS
                .iter()
                .any(|s| first.split([' ', '/']).any(|w| w == *s));
        let by_name = fact.path.ends_with(".sh") || fact.path.ends_with(".bash");
        let interpreted = first.starts_with("#!") && !by_shebang;
        if !(by_shebang || ((shell || by_name) && !interpreted)) {
            return Ok(None);
        }
        self.scripts_read += 1;
        Ok(Some(text))
    }

    /// Builtins that change what the shell knows: `cd`, `export X=…`, `read X`, `unset X`.
    fn builtins(&mut self, program: &str, args: &[Field], state: &mut State) {
        match program {
            "cd" | "pushd" => {
                let target = args
                    .iter()
                    .find(|a| !a.value.starts_with('-') || a.value == "-");
                state.cwd = match target {
                    None => Some(PathBuf::from(&self.home)),
                    Some(t) if t.value == "-" => None,
                    Some(t) => self.resolve_dir(t, state),
                };
            }
            "popd" => state.cwd = None,
            // The state here also reaches the end of the loop turn or of the function call.
            "break" | "continue" | "return" => {
                let function = program == "return";
                if let Some(target) = self.jumps.iter_mut().rev().find(|j| j.function == function) {
                    target.states.push(state.clone());
                }
            }
            "export" | "declare" | "typeset" | "local" | "readonly" => {
                for a in args.iter().filter(|a| !a.value.starts_with('-')) {
                    if let Some((name, _)) = a.value.split_once('=') {
                        let value = a.tail(name.len() + 1);
                        state
                            .secret_vars
                            .insert(name.to_owned(), value.carries.clone());
                        let var = if value.is_literal() && value.taint == Taint::None {
                            Var::Literal(value.value)
                        } else {
                            Var::Unknown
                        };
                        state.vars.insert(name.to_owned(), var);
                    }
                }
            }
            // `set -- a b`, `set a b`: the positional parameters become these words.
            "set" if sets_positional(args) => set_positional(state, positional_words(args)),
            // `shift [N]`: the first N go (a shift past the end fails and changes nothing).
            "shift" => {
                let n = match args.first() {
                    None => Some(1),
                    Some(a) if a.is_literal() => a.value.parse::<usize>().ok(),
                    Some(_) => None,
                };
                match (n, state.positional.clone()) {
                    (Some(n), Some(list)) => {
                        if let Some(rest) = list.get(n..) {
                            set_positional(state, rest);
                        }
                    }
                    _ => unknown_positional(state),
                }
            }
            "read" | "mapfile" | "readarray" | "unset" | "getopts" | "printf" => {
                let names = args.iter().filter(|a| !a.value.starts_with('-'));
                for a in names {
                    if program != "printf" || args.iter().any(|x| x.value == "-v") {
                        state.vars.insert(a.value.clone(), Var::Unknown);
                    }
                }
            }
            _ => {}
        }
    }

    /// Nested code: shells (`-c`, stdin, script), `eval`, `source`, interpreters.
    #[allow(
        clippy::too_many_arguments,
        reason = "one call site; the walk's context"
    )]
    fn nested(
        &mut self,
        program: &str,
        args: &[Field],
        stdin: &Flow,
        stdin_via: Option<&'static str>,
        state: &mut State,
        frame: Frame,
        index: Option<usize>,
        from_xargs: bool,
    ) {
        match program {
            // `trap 'cmd' EXIT`: runs later in this shell.
            "trap" => {
                let code = args
                    .iter()
                    .find(|a| a.value != "--")
                    .filter(|a| !matches!(a.value.as_str(), "-p" | "-l" | "-P"));
                if let Some(code) = code.filter(|_| args.len() > 1) {
                    self.run_string(code, "trap", index, state, frame);
                }
            }
            // `alias x='rm -rf ~'`: the text runs wherever `x` is used.
            "alias" => {
                self.aliases = true;
                for a in args.iter().filter(|a| !a.value.starts_with('-')) {
                    if let Some((name, _)) = a.value.split_once('=') {
                        let code = a.tail(name.len() + 1);
                        self.run_string(&code, "alias", index, state, frame);
                    }
                }
            }
            _ => {}
        }
        let is_shell = SHELLS.contains(&program) || program == "su";
        let source = match program {
            _ if is_shell => shell_input(program, args),
            "eval" => {
                let text: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
                let mut joined = Field::literal(&text.join(" "));
                joined.dynamic = args.iter().any(|a| a.dynamic);
                joined.taint = args.iter().map(|a| a.taint).max().unwrap_or_default();
                Some(ShellInput::Command(joined))
            }
            "source" | "." => match args.first() {
                Some(f) if f.value == "/dev/stdin" => Some(ShellInput::Stdin),
                Some(f) if f.proc_subst => Some(ShellInput::File(f.clone())),
                _ => None,
            },
            _ => None,
        };
        let taint_concern = |taint: Taint, interp: bool| match taint {
            Taint::Download if interp => Some(Concern::DownloadToInterpreter),
            Taint::Download => Some(Concern::DownloadToShell),
            Taint::Decoded => Some(Concern::DecodedToShell),
            Taint::None => None,
        };
        match source {
            Some(ShellInput::Command(code)) => {
                let via = if program == "eval" { "eval" } else { "bash -c" };
                if code.dynamic || from_xargs {
                    self.add_concern(index, Concern::EvalDynamic);
                }
                if let Some(c) = taint_concern(code.taint, false) {
                    self.add_concern(index, c);
                }
                if let Some(inner) = self.deeper(frame, via) {
                    let result = if program == "eval" {
                        self.run_text(&code.value, inner, state)
                    } else {
                        let mut own = state.clone();
                        self.run_text(&code.value, inner, &mut own)
                    };
                    if result.is_err() {
                        self.add_concern(index, Concern::Unparsable);
                    }
                }
            }
            Some(ShellInput::Stdin) => self.fed_to(stdin, stdin_via, false, state, frame, index),
            Some(ShellInput::File(f)) if f.proc_subst || f.dynamic => {
                self.add_concern(index, Concern::PipeToShell);
                if let Some(c) = taint_concern(f.taint, false) {
                    self.add_concern(index, c);
                }
            }
            Some(ShellInput::File(_)) | None => {}
        }
        if is_shell
            && from_xargs
            && !matches!(shell_input(program, args), Some(ShellInput::Command(_)))
        {
            self.add_concern(index, Concern::EvalDynamic);
        }
        match code_source(program, args) {
            Some(CodeSource::Inline(code)) => {
                if let Some(c) = taint_concern(code.taint, true) {
                    self.add_concern(index, c);
                }
            }
            Some(CodeSource::Script(f)) if f.proc_subst => {
                self.add_concern(index, Concern::InlineCode);
                if let Some(c) = taint_concern(f.taint, true) {
                    self.add_concern(index, c);
                }
            }
            Some(CodeSource::Stdin) => self.fed_to(stdin, stdin_via, true, state, frame, index),
            _ => {}
        }
    }

    /// A call of a function defined earlier: its body runs here with the arguments as `$1`…, `$@`.
    fn call_function(&mut self, name: &str, args: &[Field], state: &mut State, frame: Frame) {
        let Some(body) = state.functions.get(name).cloned() else {
            return;
        };
        let Some(inner) = self.deeper(frame, "function") else {
            return;
        };
        let mut names: Vec<String> = (1..=9).map(|i| i.to_string()).collect();
        names.push("@".to_owned());
        let saved: Vec<(String, Option<Var>)> = names
            .iter()
            .map(|n| (n.clone(), state.vars.remove(n)))
            .collect();
        let saved_list = state.positional.take();
        set_positional(state, args);
        self.functions_active.push(Rc::clone(&body));
        self.jumps.push(Jumps {
            function: true,
            states: Vec::new(),
        });
        self.walk_script(&body, inner, state);
        self.rejoin(state);
        self.jumps.pop();
        self.functions_active.pop();
        state.positional = saved_list;
        for (n, old) in saved {
            match old {
                Some(v) => state.vars.insert(n, v),
                None => state.vars.remove(&n),
            };
        }
    }

    /// Variables that make programs run a command or load code ([`wrappers::COMMAND_VARIABLES`],
    /// [`wrappers::CODE_VARIABLES`]): the command is analysed nested, loaded code is `unknown`.
    fn command_variables(
        &mut self,
        env: &[(String, Option<String>)],
        index: Option<usize>,
        state: &State,
        frame: Frame,
    ) {
        for (name, value) in env {
            let name = name.as_str();
            let loads_code = wrappers::CODE_VARIABLES.contains(&name)
                || (name == "NODE_OPTIONS"
                    && value.as_deref().is_none_or(|v| {
                        v.split([' ', '='])
                            .any(|o| wrappers::NODE_LOADING_OPTIONS.contains(&o))
                    }));
            let options_of = wrappers::OPTION_VARIABLES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, program)| *program);
            if loads_code {
                self.add_concern(index, Concern::Unknown);
            } else if let Some(program) = options_of {
                let Some(v) = value else {
                    self.add_concern(index, Concern::Unknown);
                    continue;
                };
                let words = split_string(&Field::literal(v));
                for carried in super::carriers::commands(program, &words, &Flow::Nothing) {
                    match carried {
                        super::carriers::Carried::Shell(code) => {
                            self.run_string(&code, "environment", index, state, frame);
                        }
                        super::carriers::Carried::Unknown => {
                            self.add_concern(index, Concern::InlineCode);
                        }
                    }
                }
            } else if wrappers::COMMAND_VARIABLES.contains(&name) {
                match value {
                    Some(v) => {
                        let code = Field::literal(v.trim_start_matches('|'));
                        self.run_string(&code, "environment", index, state, frame);
                    }
                    None => self.add_concern(index, Concern::EvalDynamic),
                }
            }
        }
    }

    /// A command string another program runs in a shell (`flock -c`, `ssh host '…'`, `trap`).
    fn run_string(
        &mut self,
        code: &Field,
        via: &'static str,
        index: Option<usize>,
        state: &State,
        frame: Frame,
    ) {
        if code.dynamic {
            self.add_concern(index, Concern::EvalDynamic);
        }
        match code.taint {
            Taint::Download => self.add_concern(index, Concern::DownloadToShell),
            Taint::Decoded => self.add_concern(index, Concern::DecodedToShell),
            Taint::None => {}
        }
        if let Some(inner) = self.deeper(frame, via) {
            let mut own = state.clone();
            if self.run_text(&code.value, inner, &mut own).is_err() {
                self.add_concern(index, Concern::Unparsable);
            }
        }
    }

    /// A shell or interpreter reading its code from standard input.
    fn fed_to(
        &mut self,
        stdin: &Flow,
        stdin_via: Option<&'static str>,
        interpreter: bool,
        state: &State,
        frame: Frame,
        index: Option<usize>,
    ) {
        match stdin {
            Flow::Nothing => {}
            Flow::Literal(text) if !interpreter => {
                if let Some(inner) = self.deeper(frame, stdin_via.unwrap_or("pipe")) {
                    let mut own = state.clone();
                    if self.run_text(text, inner, &mut own).is_err() {
                        self.add_concern(index, Concern::Unparsable);
                    }
                }
            }
            Flow::Literal(_) => self.add_concern(index, Concern::InlineCode),
            Flow::Unknown { taint, .. } => {
                self.add_concern(
                    index,
                    if interpreter {
                        Concern::InlineCode
                    } else {
                        Concern::PipeToShell
                    },
                );
                match taint {
                    Taint::Download if interpreter => {
                        self.add_concern(index, Concern::DownloadToInterpreter);
                    }
                    Taint::Download => self.add_concern(index, Concern::DownloadToShell),
                    Taint::Decoded => self.add_concern(index, Concern::DecodedToShell),
                    Taint::None => {}
                }
            }
        }
    }

    /// `find … -exec CMD {} ;`: CMD runs once per found file; `{}` is only known at run time.
    fn find_exec(&mut self, words: Vec<Field>, state: &mut State, frame: Frame) {
        let fields = words
            .into_iter()
            .map(|w| {
                if w.value.contains("{}") {
                    found_file(&w)
                } else {
                    w
                }
            })
            .collect();
        let frame = Frame {
            depth: frame.depth,
            via: Some("find -exec"),
        };
        let mut own = state.clone();
        let prepared = Prepared {
            fields,
            ..Prepared::default()
        };
        self.run_command(prepared, frame, &mut own);
    }
}

/// A simple command's words after expansion, with what its redirections did.
#[derive(Default)]
struct Prepared {
    fields: Vec<Field>,
    /// `NAME=value` texts of a bare assignment.
    assigned: Vec<String>,
    /// `NAME=value` assignments in front of a command (`None`: not literal).
    env: Vec<(String, Option<String>)>,
    stdin: Flow,
    stdin_via: Option<&'static str>,
    redirects: Effects,
    pending: Vec<Concern>,
}

/// The files a command runs as code, each with whether it is run by a shell: `./x.sh`,
/// `bash x.sh`, `source x`, `python x.py`.
fn run_files(program: &str, program_field: &Field, args: &[Field]) -> Vec<(Field, bool)> {
    let mut out = Vec::new();
    if program_field.value.contains('/') {
        out.push((program_field.clone(), false));
    }
    if SHELLS.contains(&program) {
        if let Some(ShellInput::File(f)) = shell_input(program, args)
            && !f.proc_subst
        {
            out.push((f, true));
        }
    } else if matches!(program, "source" | ".") {
        if let Some(f) = args
            .first()
            .filter(|f| !f.proc_subst && f.value != "/dev/stdin")
        {
            out.push((f.clone(), true));
        }
    } else if let Some(CodeSource::Script(f)) = code_source(program, args)
        && !f.proc_subst
    {
        out.push((f, false));
    }
    out
}

/// The arguments a script gets: after the script operand (`bash x.sh a b` → `a b`).
fn script_args<'a>(program: &str, program_field: &Field, args: &'a [Field]) -> &'a [Field] {
    if program_field.value.contains('/') && !SHELLS.contains(&program) {
        return args;
    }
    let at = args
        .iter()
        .position(|a| !a.value.starts_with('-'))
        .map_or(args.len(), |i| i + 1);
    args.get(at..).unwrap_or(&[])
}

/// The words `set` gives the positional parameters: after `--` or `-`, else from the first
/// word that is not an option (`-o NAME`/`+o NAME` take a value).
fn positional_words(args: &[Field]) -> &[Field] {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let w = a.value.as_str();
        match w {
            "--" | "-" => return args.get(i + 1..).unwrap_or(&[]),
            // `-o NAME`, `-euo NAME`: an `o` in the cluster takes the next word.
            _ if a.is_literal() && w.len() > 1 && (w.starts_with('-') || w.starts_with('+')) => {
                i += if w.contains('o') { 2 } else { 1 };
            }
            _ => return args.get(i..).unwrap_or(&[]),
        }
    }
    &[]
}

/// Whether `set ARGS` assigns positional parameters: a `--` or `-`, or an operand after the
/// options; `set -euo pipefail` does not.
fn sets_positional(args: &[Field]) -> bool {
    args.iter().any(|a| matches!(a.value.as_str(), "--" | "-"))
        || !positional_words(args).is_empty()
}

/// `$1`…`$9` and `$@` of a function or script, or after `set --`/`shift`.
fn set_positional(state: &mut State, args: &[Field]) {
    let mut names: Vec<(String, Var)> = (1..=9)
        .map(|i| {
            let var = match args.get(i - 1) {
                Some(a) if a.is_literal() => Var::Literal(a.value.clone()),
                _ => Var::Unknown,
            };
            (i.to_string(), var)
        })
        .collect();
    let all = if args.iter().all(Field::is_literal) {
        let words: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
        Var::Literal(words.join(" "))
    } else {
        Var::Unknown
    };
    names.push(("@".to_owned(), all));
    state.vars.extend(names);
    state.positional = Some(args.to_vec());
}

/// The positional parameters now hold what only the run time knows.
fn unknown_positional(state: &mut State) {
    for i in 1..=9 {
        state.vars.insert(i.to_string(), Var::Unknown);
    }
    state.vars.insert("@".to_owned(), Var::Unknown);
    state.positional = None;
}

/// Whether the file name of a path as written (its last component) is only known at run time:
/// `"$f"`, `"$d/"`, `$(ls)`, `log-$x.txt`, `~user`: any name, a secret one included. `"$d/main.rs"`
/// names a known file (classified by its name); xargs input and `find`'s `{}` are modelled by
/// the programs that produce them.
fn name_unknown(raw: &str) -> bool {
    let mut depth = 0usize;
    let mut last = None;
    for (i, c) in raw.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    let tail = last.map_or(raw, |i| raw.get(i + 1..).unwrap_or(""));
    tail.is_empty() || tail.contains(['$', '`']) || raw.starts_with('~')
}

/// `ln -s TARGET LINK` (or `ln -s TARGET` into the current folder): link path → target path.
fn symlink(args: &[Field], places: &Places<'_>) -> Option<(PathBuf, PathBuf)> {
    let parsed = super::effects::parse_opts(args, "tS", &["--target-directory", "--suffix"]);
    if !parsed.has(&["-s", "--symbolic"]) {
        return None;
    }
    let (target, link) = match parsed.operands.as_slice() {
        [target, link] => (target, places.fact(link)),
        [target] => (target, places.fact(&Field::literal("."))),
        _ => return None,
    };
    if target.dynamic || link.dynamic {
        return None;
    }
    let mut link_path = PathBuf::from(&link.path);
    let target_path = if target.value.starts_with('/') || target.value.starts_with('~') {
        PathBuf::from(places.fact(target).path)
    } else {
        let base = link_path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        crate::paths::normalize(&base, &target.value)
    };
    if link_path.is_dir() {
        link_path = link_path.join(basename(&target.value));
    }
    Some((link_path, target_path))
}

/// The run-time word xargs appends: a name from a listing (`find . | xargs`), else any word.
fn xargs_input(stdin: &Flow) -> Field {
    Field {
        arg: "<xargs input>".to_owned(),
        value: "<xargs input>".to_owned(),
        fixed: Some(0),
        dynamic: true,
        from_input: true,
        listing: stdin.names(),
        carries: stdin.files().iter().filter(|f| f.secret).cloned().collect(),
        ..Field::default()
    }
}

fn found_file(w: &Field) -> Field {
    let mut f = w.clone();
    f.dynamic = true;
    f.fixed.get_or_insert(w.value.find("{}").unwrap_or(0));
    f
}

/// What a command prints, given what it emits, its input and the files it read.
fn output(
    emits: Emits,
    program: &str,
    stdin: Flow,
    reads: Vec<PathFact>,
    listed: Vec<PathFact>,
) -> Flow {
    match emits {
        Emits::Literal(text) => Flow::Literal(text),
        Emits::Passthrough if reads.is_empty() && matches!(program, "cat" | "tee") => stdin,
        Emits::Passthrough => {
            // Lines selected from a listing are still names (`find . | grep x | sort`).
            let names = stdin.names()
                && reads.is_empty()
                && matches!(
                    program,
                    "grep" | "egrep" | "fgrep" | "head" | "tail" | "sort" | "uniq" | "tac"
                );
            let mut files = stdin.files().to_vec();
            files.extend(reads);
            Flow::Unknown {
                taint: stdin.taint(),
                files,
                names,
            }
        }
        Emits::Names => Flow::Unknown {
            taint: Taint::None,
            files: listed,
            names: true,
        },
        Emits::Download => Flow::data(Taint::Download, Vec::new()),
        Emits::Decoded => Flow::data(Taint::Decoded, reads),
        Emits::Data => Flow::data(Taint::None, reads),
    }
}

/// The walker seen from word expansion: variables, home, and nested substitutions.
struct Ctx<'w, 's> {
    walker: &'w mut Walker,
    state: &'s mut State,
    frame: Frame,
    /// Concerns found while expanding, for the command being built.
    pending: Vec<Concern>,
}

impl<'w, 's> Ctx<'w, 's> {
    fn new(walker: &'w mut Walker, state: &'s mut State, frame: Frame) -> Self {
        walker.work += 1;
        Self {
            walker,
            state,
            frame,
            pending: Vec::new(),
        }
    }

    /// Apply redirections: file facts into `fx`, standard input into `stdin`. Returns whether
    /// standard input is a here-document or here-string.
    fn redirects(&mut self, redirects: &[Redirect], fx: &mut Effects, stdin: &mut Flow) -> bool {
        let mut heredoc = false;
        for r in redirects {
            match r {
                Redirect::Read { fd, target } => {
                    let field = expand_joined(target, self);
                    let places = self.places();
                    let before = fx.reads.len();
                    fx.read(&places, &field);
                    if *fd == 0 {
                        *stdin =
                            Flow::data(field.taint, fx.reads.get(before..).unwrap_or(&[]).to_vec());
                    }
                }
                Redirect::Write { target } => {
                    let field = expand_joined(target, self);
                    let places = self.places();
                    fx.write(&places, &field);
                }
                Redirect::Input { body } => {
                    let field = expand_joined(body, self);
                    heredoc = true;
                    *stdin = if field.dynamic {
                        Flow::data(field.taint, field.carries)
                    } else {
                        Flow::Literal(field.value)
                    };
                }
                Redirect::Sub { script } => {
                    let flow = self.process_substitute(script);
                    *stdin = flow;
                }
                Redirect::Other => {}
            }
        }
        heredoc
    }

    fn places(&self) -> Places<'_> {
        Places {
            classifier: &self.walker.classifier,
            cwd: self.state.cwd.as_deref(),
            secret_copies: &self.state.secret_copies,
            links: &self.state.links,
        }
    }
}

impl Scope for Ctx<'_, '_> {
    fn var(&self, name: &str) -> Var {
        if let Some(v) = self.state.vars.get(name) {
            return v.clone();
        }
        match name {
            "HOME" => Var::Env(self.walker.home.clone()),
            "PWD" => self
                .state
                .cwd
                .as_ref()
                .map_or(Var::Unknown, |c| Var::Env(c.to_string_lossy().into_owned())),
            _ => Var::Unknown,
        }
    }

    fn carried(&self, name: &str) -> Vec<PathFact> {
        match self.state.secret_vars.get(name) {
            Some(carries) => carries.clone(),
            None => super::sources::variable_origin(name, self.var(name))
                .into_iter()
                .collect(),
        }
    }

    fn home(&self) -> String {
        match self.state.vars.get("HOME") {
            Some(Var::Literal(h)) => h.clone(),
            _ => self.walker.home.clone(),
        }
    }

    fn substitute(&mut self, script: &str) -> Flow {
        let Some(inner) = self.walker.deeper(self.frame, "substitution") else {
            return Flow::default();
        };
        let mut own = self.state.clone();
        match self.walker.run_text(script, inner, &mut own) {
            Ok(flow) => flow,
            Err(_) => {
                self.pending.push(Concern::Unparsable);
                Flow::data(Taint::None, Vec::new())
            }
        }
    }

    fn process_substitute(&mut self, script: &Script) -> Flow {
        let Some(inner) = self.walker.deeper(self.frame, "substitution") else {
            return Flow::default();
        };
        let mut own = self.state.clone();
        let flow = self.walker.walk_script(script, inner, &mut own);
        match flow {
            Flow::Nothing | Flow::Literal(_) => Flow::data(Taint::None, Vec::new()),
            other => other,
        }
    }
}
