//! Secrets from sources to sinks, per simple command: [`apply`] runs after the file effects and
//! the per-program models, fills `params.sources`, `params.sinks`, `params.flows` and
//! `params.network`, and says what the command's output carries (for the next pipeline stage,
//! `$(…)` and files it redirects into). The tables are in `sources.rs` and `sinks.rs`.

use super::analysis::{SecretFlow, SecretSource, SimpleCommand};
use super::effects::Effects;
use super::expand::Flow;
use super::models::Input;
use super::sinks;
use super::sources::{self, source_of};
use crate::network::NetworkFacts;
use crate::paths::PathFact;
use std::path::PathBuf;

/// What the walk keeps from [`apply`].
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Secrets the command's output carries besides the files it reads.
    pub(crate) origins: Vec<PathFact>,
    /// Files its redirections write (they receive its output).
    pub(crate) redirect_writes: Vec<PathBuf>,
}

/// Sources, sinks, flows and destinations of one command. `cmd` holds its redirections' reads
/// and writes and the models' facts; `fx` its program's effects.
pub(crate) fn apply(input: &Input<'_>, cmd: &mut SimpleCommand, fx: &mut Effects) -> Outcome {
    let origins = sources::apply(input, fx);
    let found = sinks::apply(input, cmd, fx);
    let mut secrets: Vec<PathFact> = Vec::new();
    let own = cmd.reads.iter().chain(&fx.reads).filter(|f| f.secret);
    for fact in own.chain(&origins) {
        add(&mut secrets, fact);
    }
    let git = input.program == "git" || input.program.starts_with("git-");
    let source = |f: &PathFact| {
        let mut s = source_of(f);
        if git && s.kind == "file" {
            s.kind = "git";
            f.raw.clone_into(&mut s.name);
        }
        s
    };
    cmd.sources = unique(secrets.iter().map(source));
    if !found.sinks.is_empty() {
        let mut sent = secrets.clone();
        for fact in fx.uploads.iter().filter(|f| f.secret).chain(&found.carried) {
            add(&mut sent, fact);
        }
        if found.sends_stdin {
            for fact in input.stdin.files().iter().filter(|f| f.secret) {
                add(&mut sent, fact);
            }
        }
        let sources = unique(sent.iter().map(source));
        for sink in &found.sinks {
            for source in &sources {
                cmd.flows.push(SecretFlow {
                    source: source.clone(),
                    sink: sink.clone(),
                });
            }
        }
    }
    if fx.network || !found.destinations.is_empty() {
        cmd.network_facts = Some(NetworkFacts {
            destinations: found.destinations,
        });
    }
    cmd.sinks = found.sinks;
    Outcome {
        origins,
        redirect_writes: cmd
            .writes
            .iter()
            .filter(|w| !w.dynamic)
            .map(|w| PathBuf::from(&w.path))
            .collect(),
    }
}

/// `flow` with `origins` added to what it derives from.
pub(crate) fn with_origins(flow: Flow, origins: Vec<PathFact>) -> Flow {
    if origins.is_empty() {
        return flow;
    }
    match flow {
        Flow::Unknown { taint, mut files } => {
            files.extend(origins);
            Flow::Unknown { taint, files }
        }
        Flow::Nothing | Flow::Literal(_) => Flow::Unknown {
            taint: super::expand::Taint::None,
            files: origins,
        },
    }
}

fn add(list: &mut Vec<PathFact>, fact: &PathFact) {
    if !list
        .iter()
        .any(|f| f.path == fact.path && f.raw == fact.raw)
    {
        list.push(fact.clone());
    }
}

fn unique(items: impl Iterator<Item = SecretSource>) -> Vec<SecretSource> {
    let mut out: Vec<SecretSource> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
