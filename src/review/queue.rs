//! Reviews nobody can answer during the call: a one-time grant approved earlier lets exactly the
//! same call through; otherwise the request is queued and the call is either denied at once with
//! the command that approves it, or held (polling, not spinning) until a person decides.

use super::Answer;
use crate::audit::{AuditStore, PendingRequest, PendingStatus, StoreError};
use crate::config::Headless;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

/// How often a held call looks at the queue.
const POLL: Duration = Duration::from_millis(250);

/// Identifies one call: tool name, tool input (keys sorted) and working directory.
pub(crate) fn fingerprint(tool_name: &str, tool_input: &Value, cwd: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(tool_name.as_bytes());
    hasher.update([0]);
    hasher.update(canonical(tool_input).as_bytes());
    hasher.update([0]);
    hasher.update(cwd.unwrap_or_default().as_bytes());
    crate::text::hex(&hasher.finalize())
}

/// JSON with object keys sorted, so the same input always hashes the same.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), canonical(v)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

/// The result of handing a review to the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Queued {
    /// An approval given earlier covered this exact call (and is now used up).
    Granted {
        /// The queue entry whose approval was used.
        id: i64,
        /// What the person wrote with the approval, if anything.
        comment: Option<String>,
    },
    /// Queued; the call is denied now and `agsec approve <id>` lets the same call through once.
    Denied {
        /// The queue entry to approve or reject.
        id: i64,
    },
    /// Held until a person decided (or the timeout passed).
    Decided {
        /// The queue entry that was decided.
        id: i64,
        /// The person's answer, or why there was none.
        answer: Answer,
    },
}

/// Uses a grant if there is one, else queues the request and handles it per `mode`.
pub(crate) fn handle(
    store: &mut AuditStore,
    request: &PendingRequest,
    mode: Headless,
    timeout: Duration,
) -> Result<Queued, StoreError> {
    if let Some(grant) = store.take_grant(request)? {
        return Ok(Queued::Granted {
            id: grant.id,
            comment: grant.comment,
        });
    }
    let id = store.enqueue(request)?;
    if mode == Headless::Deny {
        return Ok(Queued::Denied { id });
    }
    let deadline = Instant::now() + timeout;
    loop {
        let row = store.pending_request(id)?;
        match row.as_ref().map(|r| r.status) {
            Some(PendingStatus::Approved) => {
                // Use the grant now so it cannot let a second identical call through.
                let comment = store.take_grant(request)?.and_then(|r| r.comment);
                return Ok(Queued::Decided {
                    id,
                    answer: Answer::Approved { comment },
                });
            }
            Some(PendingStatus::Rejected) => {
                return Ok(Queued::Decided {
                    id,
                    answer: Answer::Rejected {
                        comment: row.and_then(|r| r.comment),
                    },
                });
            }
            Some(PendingStatus::Pending) if Instant::now() < deadline => std::thread::sleep(POLL),
            _ => {
                return Ok(Queued::Decided {
                    id,
                    answer: Answer::TimedOut,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprints_ignore_key_order_but_not_content_or_place() {
        let a = fingerprint("Bash", &json!({"command": "ls", "timeout": 5}), Some("/ws"));
        let b = fingerprint("Bash", &json!({"timeout": 5, "command": "ls"}), Some("/ws"));
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint(
                "Bash",
                &json!({"command": "ls -a", "timeout": 5}),
                Some("/ws")
            )
        );
        assert_ne!(
            a,
            fingerprint(
                "Bash",
                &json!({"command": "ls", "timeout": 5}),
                Some("/other")
            )
        );
    }
}
