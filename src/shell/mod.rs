//! Static analysis of shell commands: what a `bash.execute` would really run. [`analyze`] parses
//! the text with a real shell parser, follows `;`, `&&`, pipes, subshells, substitutions, nested
//! shells, `eval` and here-docs, unwraps `sudo`/`env`/`xargs`…, and describes every simple
//! command with its files ([`crate::paths::PathFact`]) and what cannot be known statically.
//! Knows nothing of policies.

mod analysis;
mod carriers;
mod concern;
mod effects;
mod expand;
mod models;
mod normalize;
mod parse;
mod query;
mod quote;
mod secrets;
mod sinks;
mod sources;
mod walk;
mod wrappers;

pub use analysis::{
    Analysis, CloudFacts, ContainerFacts, Credential, GitFacts, GitRun, PublishFacts, Refspec,
    SecretFlow, SecretSource, SimpleCommand, Sink, SqlFacts, SystemFacts,
};
pub use concern::Concern;

use crate::paths::PathContext;

/// The last path component of a program word (`/bin/rm` → `rm`).
pub(crate) fn basename(text: &str) -> &str {
    text.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(text)
}

/// Longer input is not analysed (`limit`).
pub const MAX_INPUT: usize = 64 * 1024;

/// Analyse one command text. Never fails or panics: what cannot be judged is reported in
/// [`Analysis::limit`] (deny), [`Analysis::parse_error`] (review) or per-command concerns.
pub fn analyze(command: &str, ctx: &PathContext) -> Analysis {
    analyze_counted(command, ctx).0
}

/// [`analyze`], plus the number of nodes visited (for the linear-work property test).
pub(crate) fn analyze_counted(command: &str, ctx: &PathContext) -> (Analysis, usize) {
    if command.len() > MAX_INPUT {
        let analysis = Analysis {
            limit: Some(format!("command longer than {} KiB", MAX_INPUT / 1024)),
            ..Analysis::default()
        };
        return (analysis, 0);
    }
    let mut walker = walk::Walker::new(ctx);
    walker.run(command, ctx);
    (walker.analysis, walker.work)
}

/// The path context of the shell tests: the current folder is the workspace `ws`.
#[cfg(test)]
pub(crate) fn test_context(
    ws: impl Into<std::path::PathBuf>,
    home: impl Into<std::path::PathBuf>,
) -> PathContext {
    let ws = ws.into();
    PathContext {
        cwd: ws.clone(),
        home: home.into(),
        workspace: ws,
        protected: Vec::new(),
    }
}

#[cfg(test)]
pub(crate) mod compose;
#[cfg(test)]
mod tests;
