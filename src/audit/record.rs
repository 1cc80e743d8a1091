//! What one decision looks like in the log: [`NewRecord`] (what callers hand in), the redacted
//! [`Entry`] that is spooled, hashed and stored, and [`StoredRecord`] (what queries return).
//! Owns the summary of tool parameters (file contents become size + sha256) and the hash chain.

use super::redact::redact;
use crate::agents::CallMeta;
use crate::policy::{Effect, MatchedBy};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::fmt;

pub(crate) use crate::text::hex;
use crate::text::truncate_bytes as truncate;

/// The `prev_hash` of the first row of a store that was never pruned.
pub(crate) const GENESIS_HASH: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// Parameter keys whose values are file contents: stored as `{"bytes", "sha256"}`, never as text.
const CONTENT_KEYS: &[&str] = &["content", "new_string", "old_string", "edits", "new_source"];
/// Parameters that best summarise a call, in order of preference.
const SUMMARY_KEYS: &[&str] = &[
    "command",
    "cmd",
    "file_path",
    "notebook_path",
    "path",
    "url",
    "query",
    "pattern",
];
/// Longest string kept in `params` (bytes); longer ones are cut and their size noted.
const MAX_STRING: usize = 4096;
/// Longest summary kept (bytes).
const MAX_SUMMARY: usize = 1024;

/// One decision to record, as the caller knows it. `meta` names the call (its `action` is the
/// action judged); `params` is the raw tool input, which the store summarises and redacts before
/// anything is written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecord {
    /// When the call was judged.
    pub time: Timestamp,
    /// Who made the call and which call it is.
    pub meta: CallMeta,
    /// The raw tool input (never stored as is).
    pub params: Value,
    /// What the policies said.
    pub decision: Effect,
    /// What the agent was finally told (after any review).
    pub outcome: Outcome,
    /// The deciding statement, if one decided.
    pub sid: Option<String>,
    /// The one-line reason given with the decision (redacted before it is stored).
    pub reason: Option<String>,
    /// What decided: a statement of which effect, the default, or the analysis itself.
    pub matched_by: MatchedBy,
    /// How long the check took, in microseconds.
    pub duration_us: u64,
    /// How a `review` was resolved; `None` for decisions without review.
    pub review: Option<ReviewInfo>,
}

/// What the agent was told in the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The call ran.
    Allow,
    /// The call was blocked.
    Deny,
    /// Handed to the agent's own permission prompt.
    Ask,
}

impl Outcome {
    /// The lowercase name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allow => "allow",
            Outcome::Deny => "deny",
            Outcome::Ask => "ask",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a review was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInfo {
    /// Who or what resolved it.
    pub by: Reviewer,
    /// When it was resolved.
    pub at: Timestamp,
    /// The reviewer's comment, if any (redacted before it is stored).
    pub comment: Option<String>,
}

/// Who or what resolved a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reviewer {
    /// A person answered.
    Person,
    /// Nobody answered in time.
    Timeout,
    /// A standing grant covered the call.
    Grant,
    /// Handed to the agent's own prompt (the person answers there, unseen by agsec).
    AgentPrompt,
}

impl Reviewer {
    /// The kebab-case name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Reviewer::Person => "person",
            Reviewer::Timeout => "timeout",
            Reviewer::Grant => "grant",
            Reviewer::AgentPrompt => "agent-prompt",
        }
    }
}

/// A recorded decision as read back from the store. `time` is RFC 3339 UTC with microseconds;
/// `params` is the redacted summary of the tool input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRecord {
    /// The row id: its position in the hash chain (1 for the first record ever kept).
    pub id: i64,
    /// When the call was judged (RFC 3339 UTC, microseconds).
    pub time: String,
    /// The agent that made the call (`claude-code`, `codex` …).
    pub agent: String,
    /// The agent's session id, when the payload had one.
    pub session_id: Option<String>,
    /// The agent's id of this tool call, when the payload had one.
    pub tool_use_id: Option<String>,
    /// The working directory of the call, when known.
    pub cwd: Option<String>,
    /// The agent's tool name (`Bash`, `Write` …).
    pub tool_name: String,
    /// The agent-neutral action name (`bash.execute`, `file.write` …).
    pub action: String,
    /// One line: the command, path, URL … (redacted).
    pub summary: String,
    /// The redacted summary of the tool input (JSON; a string when it was not JSON).
    pub params: Value,
    /// What the policies said: `allow`, `deny` or `review`.
    pub decision: String,
    /// What the agent was told: `allow`, `deny` or `ask`.
    pub outcome: String,
    /// The deciding statement's `sid`, if one decided.
    pub sid: Option<String>,
    /// The reason given with the decision (redacted).
    pub reason: Option<String>,
    /// What decided, as [`MatchedBy::as_str`] names it (`explicit_deny`, `default` …).
    pub matched_by: String,
    /// How long the check took, in microseconds.
    pub duration_us: u64,
    /// How a review was resolved; `None` when there was none.
    pub review: Option<StoredReview>,
    /// The previous row's `hash` (or the genesis hash for the chain's first row).
    pub prev_hash: String,
    /// Hex SHA-256 over `prev_hash`, a newline and this row's canonical JSON content.
    pub hash: String,
}

/// How a review was resolved, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReview {
    /// Who or what resolved it, as [`Reviewer::as_str`] names it.
    pub by: String,
    /// When it was resolved (RFC 3339), if recorded.
    pub at: Option<String>,
    /// The reviewer's comment (redacted).
    pub comment: Option<String>,
}

/// One row's content, redacted and ready to store: what is spooled and what the hash covers.
/// Invariant: nothing in it is secret (every string went through redaction; file contents are
/// digests). Field order is the canonical order of the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub(crate) time: String,
    pub(crate) agent: String,
    pub(crate) session_id: Option<String>,
    pub(crate) tool_use_id: Option<String>,
    pub(crate) cwd: Option<String>,
    pub(crate) tool_name: String,
    pub(crate) action: String,
    pub(crate) summary: String,
    /// Compact JSON text, exactly as stored.
    pub(crate) params: String,
    pub(crate) decision: String,
    pub(crate) outcome: String,
    pub(crate) sid: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) matched_by: String,
    pub(crate) duration_us: i64,
    pub(crate) review_by: Option<String>,
    pub(crate) review_at: Option<String>,
    pub(crate) review_comment: Option<String>,
    /// The record's unique id, made when it is first written: the store's `UNIQUE` index on it
    /// makes importing one line twice impossible. Absent only in rows and journal lines written
    /// before agsec kept ids (skipped when absent, so their hashes are unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) uid: Option<String>,
}

impl Entry {
    /// Summarises and redacts a new record.
    pub(crate) fn new(rec: &NewRecord) -> Self {
        let params = scrub(&rec.params, None);
        let summary = summarize(&params);
        let redact_opt = |s: &Option<String>| s.as_deref().map(|s| redact(s).into_owned());
        let meta = &rec.meta;
        Self {
            time: format_time(rec.time),
            agent: meta.agent.as_str().to_owned(),
            session_id: meta.session_id.clone(),
            tool_use_id: meta.tool_use_id.clone(),
            cwd: redact_opt(&meta.cwd),
            tool_name: meta.tool_name.clone(),
            action: meta.action.clone(),
            summary,
            params: params.to_string(),
            decision: rec.decision.as_str().to_owned(),
            outcome: rec.outcome.as_str().to_owned(),
            sid: rec.sid.clone(),
            reason: redact_opt(&rec.reason),
            matched_by: rec.matched_by.as_str().to_owned(),
            duration_us: i64::try_from(rec.duration_us).unwrap_or(i64::MAX),
            review_by: rec.review.as_ref().map(|r| r.by.as_str().to_owned()),
            review_at: rec.review.as_ref().map(|r| format_time(r.at)),
            review_comment: rec
                .review
                .as_ref()
                .and_then(|r| r.comment.as_deref())
                .map(|c| redact(c).into_owned()),
            uid: Some(new_uid()),
        }
    }

    /// The chain hash of this content after `prev_hash`: sha256 over the previous hash, a
    /// newline, and the entry's canonical JSON (fields in declaration order).
    pub(crate) fn chain_hash(&self, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(prev_hash.as_bytes());
        hasher.update(b"\n");
        // Serialising plain strings and integers cannot fail; an empty body would still hash
        // deterministically, so no error path is needed.
        hasher.update(serde_json::to_vec(self).unwrap_or_default());
        hex(&hasher.finalize())
    }

    /// The record as returned by queries.
    pub(crate) fn into_stored(self, id: i64, prev_hash: String, hash: String) -> StoredRecord {
        let params = serde_json::from_str(&self.params).unwrap_or(Value::String(self.params));
        let review = self.review_by.map(|by| StoredReview {
            by,
            at: self.review_at,
            comment: self.review_comment,
        });
        StoredRecord {
            id,
            time: self.time,
            agent: self.agent,
            session_id: self.session_id,
            tool_use_id: self.tool_use_id,
            cwd: self.cwd,
            tool_name: self.tool_name,
            action: self.action,
            summary: self.summary,
            params,
            decision: self.decision,
            outcome: self.outcome,
            sid: self.sid,
            reason: self.reason,
            matched_by: self.matched_by,
            duration_us: u64::try_from(self.duration_us).unwrap_or(0),
            review,
            prev_hash,
            hash,
        }
    }
}

/// A fresh record id: 128 random bits from the OS as hex; where the OS has no randomness, a
/// digest of the time, the process id and a per-process counter (unique all the same).
fn new_uid() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_ok() {
        return hex(&bytes);
    }
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let seed = format!(
        "{} {} {n}",
        Timestamp::now().as_nanosecond(),
        std::process::id()
    );
    hex(Sha256::digest(seed.as_bytes())
        .get(..16)
        .unwrap_or_default())
}

/// RFC 3339 in UTC with exactly six fractional digits: fixed width, so text order is time order.
pub(crate) fn format_time(time: Timestamp) -> String {
    format!("{time:.6}")
}

/// The redacted copy of a tool input: contents become digests, patches keep only their file
/// headers, other strings are redacted and cut at [`MAX_STRING`].
fn scrub(value: &Value, key: Option<&str>) -> Value {
    if key.is_some_and(|k| CONTENT_KEYS.contains(&k)) {
        return digest(value);
    }
    match value {
        Value::String(s) if s.starts_with("*** Begin Patch") => Value::String(scrub_patch(s)),
        Value::String(s) => Value::String(truncate(&redact(s), MAX_STRING)),
        Value::Array(items) => Value::Array(items.iter().map(|v| scrub(v, None)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), scrub(v, Some(k))))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

/// `{"bytes": n, "sha256": "…"}` of a content value (a string's bytes, else its JSON).
fn digest(value: &Value) -> Value {
    let bytes = match value {
        Value::String(s) => s.as_bytes().to_vec(),
        other => serde_json::to_vec(other).unwrap_or_default(),
    };
    serde_json::json!({"bytes": bytes.len(), "sha256": hex(&Sha256::digest(&bytes))})
}

/// A patch (`*** Begin Patch` … `*** End Patch`, as Codex's `apply_patch` sends) reduced to its
/// `***` header lines (which name the files) and a digest of the whole text.
fn scrub_patch(patch: &str) -> String {
    let mut out: Vec<String> = patch
        .lines()
        .filter(|line| line.starts_with("*** "))
        .map(|line| redact(line).into_owned())
        .collect();
    out.push(format!(
        "[patch: {} bytes, sha256 {}]",
        patch.len(),
        hex(&Sha256::digest(patch.as_bytes()))
    ));
    truncate(&out.join("\n"), MAX_STRING)
}

/// The one-line summary of scrubbed params: the first of [`SUMMARY_KEYS`] present (arrays joined
/// by spaces), else the params' compact JSON.
fn summarize(params: &Value) -> String {
    let picked = SUMMARY_KEYS
        .iter()
        .find_map(|k| params.get(k))
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(|parts| parts.join(" ")),
            _ => None,
        });
    let text = picked.unwrap_or_else(|| match params {
        Value::Object(map) if map.is_empty() => String::new(),
        other => other.to_string(),
    });
    truncate(&text, MAX_SUMMARY)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::agents::Agent;
    use serde_json::json;

    /// A record for tests: `bash.execute` of `command`, allowed by `sid`.
    pub(crate) fn sample(command: &str) -> NewRecord {
        NewRecord {
            time: "2025-03-01T10:00:00.5Z".parse().unwrap(),
            meta: CallMeta {
                agent: Agent::ClaudeCode,
                session_id: Some("s1".into()),
                tool_use_id: Some("toolu_1".into()),
                cwd: Some("/home/dev/project".into()),
                tool_name: "Bash".into(),
                action: "bash.execute".into(),
            },
            params: json!({"command": command, "description": "run it"}),
            decision: Effect::Allow,
            outcome: Outcome::Allow,
            sid: Some("allow-safe".into()),
            reason: None,
            matched_by: MatchedBy::ExplicitAllow,
            duration_us: 120,
            review: None,
        }
    }

    #[test]
    fn contents_become_digests() {
        let cases = [
            (json!({"file_path": "/p/a", "content": "abc"}), "content"),
            (
                json!({"file_path": "/p/a", "old_string": "x", "new_string": "y"}),
                "new_string",
            ),
            (
                json!({"file_path": "/p/a", "edits": [{"old_string": "a", "new_string": "b"}]}),
                "edits",
            ),
            (
                json!({"notebook_path": "/p/n.ipynb", "new_source": "print(1)"}),
                "new_source",
            ),
        ];
        for (params, key) in cases {
            let scrubbed = scrub(&params, None);
            let d = &scrubbed[key];
            assert!(
                d["bytes"].is_u64() && d["sha256"].as_str().unwrap().len() == 64,
                "{key}: {scrubbed}"
            );
            assert_eq!(
                scrubbed["file_path"]
                    .as_str()
                    .or(scrubbed["notebook_path"].as_str())
                    .map(|p| p.starts_with("/p/")),
                Some(true)
            );
        }
        let d = digest(&json!("abc"));
        assert_eq!(
            d,
            json!({"bytes": 3, "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})
        );
    }

    #[test]
    fn secrets_in_params_are_redacted_everywhere() {
        let params = json!({"command": "curl -u x https://bob:hunter2@h.io", "env": ["TOKEN=abc123"], "n": 3});
        let scrubbed = scrub(&params, None);
        assert_eq!(
            scrubbed,
            json!({"command": "curl -u x https://bob:[REDACTED]@h.io", "env": ["TOKEN=[REDACTED]"], "n": 3})
        );
        let text = scrubbed.to_string();
        assert!(!text.contains("hunter2") && !text.contains("abc123"));
    }

    #[test]
    fn patches_keep_only_headers() {
        let patch = "*** Begin Patch\n*** Update File: /p/f\n@@\n-hello\n+sk-abcdefghijklmnopqrstuvwxyz\n*** End Patch";
        let out = scrub_patch(patch);
        assert!(
            out.starts_with("*** Begin Patch\n*** Update File: /p/f\n*** End Patch\n[patch: "),
            "{out}"
        );
        assert!(!out.contains("hello") && !out.contains("sk-"));
    }

    #[test]
    fn summaries() {
        let cases = [
            (
                json!({"command": "git status", "description": "d"}),
                "git status",
            ),
            (json!({"command": ["bash", "-lc", "ls"]}), "bash -lc ls"),
            (json!({"file_path": "/p/a", "content": "x"}), "/p/a"),
            (
                json!({"url": "https://x.io", "prompt": "p"}),
                "https://x.io",
            ),
            (
                json!({"channel": "c", "text": "hi"}),
                r#"{"channel":"c","text":"hi"}"#,
            ),
            (json!({}), ""),
        ];
        for (params, expected) in cases {
            assert_eq!(summarize(&scrub(&params, None)), expected, "{params}");
        }
    }

    #[test]
    fn long_strings_are_cut_on_char_boundaries() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcdef", 3), "abc… [3 more bytes]");
        assert_eq!(truncate("ééé", 3), "é… [4 more bytes]");
    }

    #[test]
    fn entries_hash_deterministically_and_sensitively() {
        let a = Entry::new(&sample("ls"));
        let mut same = Entry::new(&sample("ls"));
        assert_ne!(a.uid, same.uid, "every record has its own id");
        assert_ne!(a.chain_hash(GENESIS_HASH), same.chain_hash(GENESIS_HASH));
        same.uid.clone_from(&a.uid);
        assert_eq!(a.chain_hash(GENESIS_HASH), same.chain_hash(GENESIS_HASH));
        assert_ne!(a.chain_hash(GENESIS_HASH), a.chain_hash(&"1".repeat(64)));
        let mut b = a.clone();
        b.duration_us += 1;
        assert_ne!(a.chain_hash(GENESIS_HASH), b.chain_hash(GENESIS_HASH));
        assert_eq!(a.time, "2025-03-01T10:00:00.500000Z");
        assert_eq!(a.chain_hash(GENESIS_HASH).len(), 64);
    }
}
