//! Secret taint tracking: a secret seen in a tool's output is remembered for that agent session as
//! a salted hash (never the value) by [`remember`]; [`check`] then tells whether a later call's
//! outgoing text (a command line, a URL, an MCP argument …) carries one of them. Where the hashes
//! live is [`TaintStore`] (`store.rs`); which texts of an action leave the session and where they
//! go is `outgoing.rs`. Knows nothing of hook protocols or policies beyond [`TaintConfig`].

mod outgoing;
mod store;

pub use outgoing::destinations;
pub(crate) use outgoing::outgoing_texts;
pub use store::TaintStore;

use crate::audit::redact::{SecretMatch, find_secrets, redact};
use crate::config::TaintConfig;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;

/// Secrets shorter than this (bytes) are not remembered: too likely to occur by chance.
pub(crate) const MIN_SECRET_LEN: usize = 8;

/// Secret kinds the redaction finds that taint does not track: an e-mail address in `git log`
/// output is personal data, not a credential, and would block every later commit by its author.
const UNTRACKED_KINDS: &[&str] = &["email"];

/// Longest summary of the source call kept (characters).
const MAX_SUMMARY_CHARS: usize = 120;

/// The tool call whose output held a secret: what a denial names instead of the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The agent's tool name (`Read`, `Bash`, `WebFetch` …).
    pub tool_name: String,
    /// The agent's id of that tool call, when it sends one.
    pub tool_use_id: Option<String>,
    /// The action (`file.read`, `web.fetch` …).
    pub action: String,
    /// What the call worked on (a path, a command, a URL), redacted and shortened.
    pub summary: String,
}

impl Source {
    /// The source of a call with `tool_input`: its summary is the first of `file_path`,
    /// `notebook_path`, `path`, `command`, `url`, `query`, `pattern` (else empty), redacted.
    pub fn new(
        tool_name: &str,
        tool_use_id: Option<&str>,
        action: &str,
        tool_input: &serde_json::Value,
    ) -> Self {
        let text = [
            "file_path",
            "notebook_path",
            "path",
            "command",
            "url",
            "query",
            "pattern",
        ]
        .iter()
        .find_map(|key| tool_input.get(*key).and_then(serde_json::Value::as_str))
        .unwrap_or_default();
        let one_line = crate::text::one_line(text);
        let redacted = redact(&one_line);
        let mut summary: String = redacted.chars().take(MAX_SUMMARY_CHARS).collect();
        if redacted.chars().count() > MAX_SUMMARY_CHARS {
            summary.push('…');
        }
        Self {
            tool_name: tool_name.to_owned(),
            tool_use_id: tool_use_id.map(str::to_owned),
            action: action.to_owned(),
            summary,
        }
    }
}

/// One remembered secret, as stored (one JSON line). Invariant: `hash` is the lowercase hex
/// SHA-256 of the store's salt followed by the secret; the secret itself is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Remembered {
    /// Salted SHA-256 of the secret, lowercase hex.
    pub hash: String,
    /// The redaction pattern that found it (`aws_access_key`, `github_token` …).
    pub kind: String,
    /// The tool call whose output held it.
    pub source: Source,
    /// When that output was screened.
    pub seen_at: Timestamp,
}

/// A remembered secret found in an outgoing text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Leak {
    /// The redaction pattern that found it.
    pub kind: String,
    /// The tool call whose output held it.
    pub source: Source,
    /// When that output was screened.
    pub seen_at: Timestamp,
}

impl Leak {
    /// The one-line reason given to the model: the kind and the call it came from, never the
    /// secret.
    pub(crate) fn reason(&self) -> String {
        let source = &self.source;
        let id = source
            .tool_use_id
            .as_deref()
            .map(|id| format!(" {id}"))
            .unwrap_or_default();
        let summary = if source.summary.is_empty() {
            String::new()
        } else {
            format!(" ({})", source.summary)
        };
        format!(
            "this call carries a secret ({}) first seen in the output of {}{id}{summary} earlier in this session; secrets must not leave the session (to allow a destination, add its host to `taint.allowed_destinations` in agsec.yaml)",
            self.kind, source.tool_name
        )
    }
}

/// Why taint state could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TaintError {
    /// A file of the store could not be read or written.
    #[error("taint store `{}`: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        error: std::io::Error,
    },
    #[error(
        "{}:{line}: not a taint entry: {message}\n  help: delete the file to forget what this session has seen",
        path.display()
    )]
    /// A line of a session file is not an entry.
    Corrupt {
        /// The session file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// Why it is not an entry.
        message: String,
    },
    #[error(
        "taint salt `{}` is missing or not 32 bytes, but the session has remembered secrets\n  help: delete the session files in `{}` to start over",
        path.display(),
        path.parent().map(|p| p.display().to_string()).unwrap_or_default()
    )]
    /// The salt is missing or damaged while secrets are remembered with it.
    Salt {
        /// The salt file.
        path: PathBuf,
    },
    /// The operating system gave no randomness for a new salt (what it said).
    #[error("no randomness for the taint salt: {0}")]
    Random(String),
}

/// A secret taint tracks, found in a text. Invariant: `value` is at least [`MIN_SECRET_LEN`]
/// bytes; it must never be stored or printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackedSecret<'t> {
    /// The redaction pattern that found it (`aws_access_key` …).
    pub kind: &'static str,
    /// The secret itself, borrowed from the text it was found in.
    pub value: &'t str,
}

/// The secrets of `text` that taint tracks: what the audit redaction finds, except kinds that
/// are not credentials (e-mail addresses) and values shorter than [`MIN_SECRET_LEN`]; each
/// value once, in order.
pub fn find_tracked(text: &str) -> Vec<TrackedSecret<'_>> {
    tracked_among(text, &find_secrets(text))
}

/// [`find_tracked`] over matches already found in `text` by `audit::redact::find_secrets`
/// (`agsec scan` searches for secrets on a second thread while it screens the same text).
pub fn tracked_among<'t>(text: &'t str, found: &[SecretMatch]) -> Vec<TrackedSecret<'t>> {
    tracked(text, found)
        .into_iter()
        .map(|(kind, value)| TrackedSecret { kind, value })
        .collect()
}

/// Remembers `secrets` (found in a tool's output by [`find_tracked`]) for `session_id`, as
/// seen by `source` at `now`. Secrets already remembered keep their first source. Returns how
/// many were new. Without secrets nothing is read or written.
pub fn remember(
    store: &TaintStore,
    session_id: &str,
    secrets: &[TrackedSecret<'_>],
    source: &Source,
    config: &TaintConfig,
    now: Timestamp,
) -> Result<usize, TaintError> {
    if secrets.is_empty() {
        return Ok(0);
    }
    let salt = store.salt_or_create()?;
    let entries = secrets.iter().map(|secret| Remembered {
        hash: salted_hash(&salt, secret.value),
        kind: secret.kind.to_owned(),
        source: source.clone(),
        seen_at: now,
    });
    store.add(session_id, entries.collect(), retention_cutoff(config, now))
}

/// The first remembered secret of `session_id` that one of `texts` carries, unless every
/// destination of that text is in `config.allowed_destinations`. Entries older than
/// `config.retention` seconds are ignored. A session with nothing remembered costs one failed
/// `open`.
pub(crate) fn check(
    store: &TaintStore,
    session_id: &str,
    texts: &[String],
    config: &TaintConfig,
    now: Timestamp,
) -> Result<Option<Leak>, TaintError> {
    if texts.is_empty() {
        return Ok(None);
    }
    let remembered = store.load(session_id, retention_cutoff(config, now))?;
    if remembered.is_empty() {
        return Ok(None);
    }
    let salt = store.salt()?;
    let by_hash: HashMap<&str, &Remembered> =
        remembered.iter().map(|r| (r.hash.as_str(), r)).collect();
    for text in texts {
        let hit = outgoing::candidates(text)
            .into_iter()
            .find_map(|candidate| by_hash.get(salted_hash(&salt, candidate).as_str()).copied());
        let Some(hit) = hit else {
            continue;
        };
        if is_allowed_destination(text, &config.allowed_destinations) {
            continue;
        }
        return Ok(Some(Leak {
            kind: hit.kind.clone(),
            source: hit.source.clone(),
            seen_at: hit.seen_at,
        }));
    }
    Ok(None)
}

/// The secrets taint tracks among `found` in `text`: `(kind, value)`, long enough and of a
/// tracked kind, each value once.
fn tracked<'t>(text: &'t str, found: &[SecretMatch]) -> Vec<(&'static str, &'t str)> {
    let mut out: Vec<(&'static str, &'t str)> = Vec::new();
    for m in found {
        let Some(value) = text.get(m.start..m.end) else {
            continue;
        };
        if value.len() < MIN_SECRET_LEN
            || UNTRACKED_KINDS.contains(&m.kind)
            || out.iter().any(|(_, v)| *v == value)
        {
            continue;
        }
        out.push((m.kind, value));
    }
    out
}

/// Lowercase hex SHA-256 of `salt ‖ value`.
fn salted_hash(salt: &[u8], value: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(value.as_bytes());
    format!("{:x}", hasher.finalize())
}

/// Entries seen before this are forgotten.
fn retention_cutoff(config: &TaintConfig, now: Timestamp) -> Timestamp {
    let seconds = i64::try_from(config.retention).unwrap_or(i64::MAX);
    now.checked_sub(jiff::SignedDuration::from_secs(seconds))
        .unwrap_or(Timestamp::MIN)
}

/// Whether `text` names at least one destination and every one is allowed (parsed by
/// [`crate::network`], so `http://2852039166/` is `169.254.169.254` however it is spelled).
fn is_allowed_destination(text: &str, allowed: &[String]) -> bool {
    if allowed.is_empty() {
        return false;
    }
    let found = crate::network::urls_in(text);
    !found.is_empty()
        && found.iter().all(|d| {
            allowed
                .iter()
                .any(|pattern| crate::network::host_allowed(d, pattern))
        })
}

/// `pattern` is a host (exact, any case, any spelling of the same address) or `*.domain` (any
/// subdomain).
#[cfg(test)]
fn host_matches(host: &str, pattern: &str) -> bool {
    crate::network::parse_host(host).is_some_and(|d| crate::network::host_allowed(&d, pattern))
}

#[cfg(test)]
mod tests;
