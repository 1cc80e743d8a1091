//! The pending-review queue: requests a policy sent to `review` when no person could be asked
//! during the call (Codex, headless runs). `agsec pending` lists them, `agsec approve` / `reject`
//! decide them from another terminal; an approval is a one-time grant for exactly that call
//! (same tool input, same directory) until it expires.

use super::redact::redact;
use super::schema::retry_busy;
use super::{AuditStore, StoreError};
use crate::agents::CallMeta;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use std::time::Instant;

/// What is queued for a person to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PendingRequest {
    /// The call held (its `tool_use_id` is not kept: an approval is for any identical call).
    pub meta: CallMeta,
    /// One line saying what the call does (redacted before it is stored).
    pub summary: String,
    /// Identifies exactly this call: the grant matches only an identical one.
    pub fingerprint: String,
    pub sid: Option<String>,
    pub reason: Option<String>,
}

/// The state of a queued request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PendingStatus {
    /// Waiting for `agsec approve` or `agsec reject`.
    Pending,
    /// Approved and not used yet: the next identical call runs (until `expires_at`).
    Approved,
    /// Rejected: the call stays denied.
    Rejected,
    /// An approval that has let its call through.
    Used,
}

impl PendingStatus {
    fn as_str(self) -> &'static str {
        match self {
            PendingStatus::Pending => "pending",
            PendingStatus::Approved => "approved",
            PendingStatus::Rejected => "rejected",
            PendingStatus::Used => "used",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "approved" => PendingStatus::Approved,
            "rejected" => PendingStatus::Rejected,
            "used" => PendingStatus::Used,
            _ => PendingStatus::Pending,
        }
    }
}

/// One queued request as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PendingRow {
    /// The request's id (what `agsec approve ID` takes).
    pub id: i64,
    /// When the call was held.
    pub created: Timestamp,
    /// The agent that made the call (`claude-code`, `codex` …).
    pub agent: String,
    /// The agent's session id, when the payload had one.
    pub session_id: Option<String>,
    /// The working directory of the call, when known.
    pub cwd: Option<String>,
    /// The agent's tool name (`Bash`, `shell` …).
    pub tool_name: String,
    /// The agent-neutral action name (`bash.execute` …).
    pub action: String,
    /// One line saying what the call does (redacted).
    pub summary: String,
    /// The `sid` of the policy that asked for review, if one did.
    pub sid: Option<String>,
    /// Why review was asked for.
    pub reason: Option<String>,
    /// Where the request stands.
    pub status: PendingStatus,
    /// When it was approved or rejected.
    pub decided_at: Option<Timestamp>,
    /// The reviewer's comment (`--reason`).
    pub comment: Option<String>,
    /// Until when an approval lets the identical call through; unset while pending.
    pub expires_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, created, agent, session_id, cwd, tool_name, action, summary, sid, reason, \
                       status, decided_at, comment, expires_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PendingRow> {
    let time = |i: usize| -> rusqlite::Result<Option<Timestamp>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|t| t.parse().ok()))
    };
    Ok(PendingRow {
        id: r.get(0)?,
        created: time(1)?.unwrap_or(Timestamp::UNIX_EPOCH),
        agent: r.get(2)?,
        session_id: r.get(3)?,
        cwd: r.get(4)?,
        tool_name: r.get(5)?,
        action: r.get(6)?,
        summary: r.get(7)?,
        sid: r.get(8)?,
        reason: r.get(9)?,
        status: PendingStatus::parse(&r.get::<_, String>(10)?),
        decided_at: time(11)?,
        comment: r.get(12)?,
        expires_at: time(13)?,
    })
}

/// Why a decision on a queued request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecideError {
    /// No request has this id.
    #[error("no pending review with id {0}")]
    NotFound(i64),
    /// The request is no longer pending.
    #[error("review {id} was already {status}")]
    AlreadyDecided {
        /// The request's id.
        id: i64,
        /// Its status (`approved`, `rejected`, `used`).
        status: &'static str,
    },
}

impl AuditStore {
    /// Queues a request; an identical request from the same session still pending is reused
    /// (its id returned).
    pub(crate) fn enqueue(&mut self, request: &PendingRequest) -> Result<i64, StoreError> {
        let deadline = Instant::now() + self.busy_timeout;
        let conn = &self.conn;
        retry_busy(deadline, || {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM pending WHERE fingerprint = ?1 AND session_id IS ?2 \
                     AND status = 'pending' ORDER BY id LIMIT 1",
                    params![request.fingerprint, request.meta.session_id],
                    |r| r.get(0),
                )
                .optional()?;
            let id = match existing {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO pending (created, agent, session_id, cwd, tool_name, action, summary, \
                         fingerprint, sid, reason, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending')",
                        params![
                            Timestamp::now().to_string(),
                            request.meta.agent.as_str(),
                            request.meta.session_id,
                            request.meta.cwd,
                            request.meta.tool_name,
                            request.meta.action,
                            redact(&request.summary).as_ref(),
                            request.fingerprint,
                            request.sid,
                            request.reason,
                        ],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            tx.commit()?;
            Ok(id)
        })
        .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Queued requests, newest first; only undecided ones unless `all`.
    pub fn pending(&self, all: bool) -> Result<Vec<PendingRow>, StoreError> {
        let sql = if all {
            format!("SELECT {COLUMNS} FROM pending ORDER BY id DESC")
        } else {
            format!("SELECT {COLUMNS} FROM pending WHERE status = 'pending' ORDER BY id DESC")
        };
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let rows = stmt
            .query_map([], row)
            .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        Ok(rows)
    }

    /// One queued request.
    pub fn pending_request(&self, id: i64) -> Result<Option<PendingRow>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM pending WHERE id = ?1"),
                [id],
                row,
            )
            .optional()
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Approves (a grant valid for `expiry`) or rejects a pending request. Atomic: of two
    /// decisions racing on one request (two approvals, or an approval and a rejection), exactly
    /// one succeeds; the other gets [`DecideError::AlreadyDecided`] naming what happened.
    pub fn decide(
        &mut self,
        id: i64,
        approve: bool,
        comment: Option<&str>,
        expiry: SignedDuration,
    ) -> Result<Result<PendingRow, DecideError>, StoreError> {
        let deadline = Instant::now() + self.busy_timeout;
        let conn = &self.conn;
        let decided = retry_busy(deadline, || {
            // The status is read and changed under one write lock.
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let status: Option<String> = tx
                .query_row("SELECT status FROM pending WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(status) = status else {
                return Ok(Err(DecideError::NotFound(id)));
            };
            let status = PendingStatus::parse(&status);
            if status != PendingStatus::Pending {
                return Ok(Err(DecideError::AlreadyDecided {
                    id,
                    status: status.as_str(),
                }));
            }
            let now = Timestamp::now();
            let (status, expires) = if approve {
                (
                    PendingStatus::Approved,
                    now.checked_add(expiry).ok().map(|t| t.to_string()),
                )
            } else {
                (PendingStatus::Rejected, None)
            };
            tx.execute(
                "UPDATE pending SET status = ?2, decided_at = ?3, comment = ?4, expires_at = ?5 \
                 WHERE id = ?1 AND status = 'pending'",
                params![
                    id,
                    status.as_str(),
                    now.to_string(),
                    comment.map(|c| redact(c).into_owned()),
                    expires
                ],
            )?;
            let row = tx.query_row(
                &format!("SELECT {COLUMNS} FROM pending WHERE id = ?1"),
                [id],
                row,
            )?;
            tx.commit()?;
            Ok(Ok(row))
        })
        .map_err(|e| StoreError::sqlite(&self.path, e))?;
        Ok(decided)
    }

    /// Uses up an unexpired approval for exactly this call (same tool input and directory, the
    /// fingerprint) in the same session, if there is one.
    pub(crate) fn take_grant(
        &mut self,
        request: &PendingRequest,
    ) -> Result<Option<PendingRow>, StoreError> {
        let now = Timestamp::now().to_string();
        let deadline = Instant::now() + self.busy_timeout;
        let conn = &self.conn;
        let id: Option<i64> = retry_busy(deadline, || {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM pending WHERE fingerprint = ?1 AND session_id IS ?3 \
                     AND status = 'approved' AND expires_at > ?2 ORDER BY id LIMIT 1",
                    params![request.fingerprint, now, request.meta.session_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = id {
                tx.execute("UPDATE pending SET status = 'used' WHERE id = ?1", [id])?;
            }
            tx.commit()?;
            Ok(id)
        })
        .map_err(|e| StoreError::sqlite(&self.path, e))?;
        match id {
            Some(id) => self.pending_request(id),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(fingerprint: &str) -> PendingRequest {
        PendingRequest {
            meta: CallMeta {
                agent: crate::agents::Agent::Codex,
                session_id: Some("s".into()),
                tool_use_id: None,
                cwd: Some("/ws".into()),
                tool_name: "Bash".into(),
                action: "bash.execute".into(),
            },
            summary: "command: curl -H 'Authorization: Bearer ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' x".into(),
            fingerprint: fingerprint.into(),
            sid: Some("ReviewX".into()),
            reason: Some("why".into()),
        }
    }

    fn store() -> (tempfile::TempDir, AuditStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = AuditStore::open(&dir.path().join("a.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn approve_grants_exactly_one_identical_call() {
        let (_dir, mut store) = store();
        let id = store.enqueue(&request("fp1")).unwrap();
        assert_eq!(
            store.enqueue(&request("fp1")).unwrap(),
            id,
            "identical requests are not queued twice"
        );
        assert_eq!(store.pending(false).unwrap().len(), 1);
        assert!(
            store.take_grant(&request("fp1")).unwrap().is_none(),
            "no grant before approval"
        );
        let row = store
            .decide(id, true, Some("ok"), SignedDuration::from_secs(60))
            .unwrap()
            .unwrap();
        assert_eq!(row.status, PendingStatus::Approved);
        assert!(store.take_grant(&request("other")).unwrap().is_none());
        assert_eq!(store.take_grant(&request("fp1")).unwrap().unwrap().id, id);
        assert!(
            store.take_grant(&request("fp1")).unwrap().is_none(),
            "a grant is used once"
        );
        assert!(store.pending(false).unwrap().is_empty());
    }

    #[test]
    fn rejected_and_expired_requests_grant_nothing() {
        let (_dir, mut store) = store();
        let a = store.enqueue(&request("a")).unwrap();
        let b = store.enqueue(&request("b")).unwrap();
        store
            .decide(a, false, None, SignedDuration::from_secs(60))
            .unwrap()
            .unwrap();
        store
            .decide(b, true, None, SignedDuration::from_secs(-1))
            .unwrap()
            .unwrap();
        assert!(store.take_grant(&request("a")).unwrap().is_none());
        assert!(
            store.take_grant(&request("b")).unwrap().is_none(),
            "expired"
        );
        assert_eq!(
            store
                .decide(a, true, None, SignedDuration::from_secs(60))
                .unwrap(),
            Err(DecideError::AlreadyDecided {
                id: a,
                status: "rejected"
            })
        );
        assert_eq!(
            store
                .decide(99, true, None, SignedDuration::from_secs(60))
                .unwrap(),
            Err(DecideError::NotFound(99))
        );
    }

    #[test]
    fn summaries_are_redacted() {
        let (_dir, mut store) = store();
        let id = store.enqueue(&request("x")).unwrap();
        let row = store.pending_request(id).unwrap().unwrap();
        assert!(!row.summary.contains("ghp_aaaa"), "{}", row.summary);
    }

    #[test]
    fn a_grant_is_bound_to_its_session() {
        let (_dir, mut store) = store();
        let id = store.enqueue(&request("fp")).unwrap();
        let in_session = |session: Option<&str>| {
            let mut r = request("fp");
            r.meta.session_id = session.map(str::to_owned);
            r
        };
        let elsewhere = in_session(Some("other session"));
        let no_session = in_session(None);
        assert_ne!(store.enqueue(&elsewhere).unwrap(), id, "queued apart");
        store
            .decide(id, true, None, SignedDuration::from_secs(60))
            .unwrap()
            .unwrap();
        assert!(store.take_grant(&elsewhere).unwrap().is_none());
        assert!(store.take_grant(&no_session).unwrap().is_none());
        assert_eq!(store.take_grant(&request("fp")).unwrap().unwrap().id, id);
    }

    #[test]
    fn racing_decisions_give_exactly_one_success() {
        for round in 0..20 {
            let (dir, mut store) = store();
            let id = store.enqueue(&request("race")).unwrap();
            let path = dir.path().join("a.db");
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
            let racers: Vec<_> = [true, round % 2 == 0]
                .into_iter()
                .map(|approve| {
                    let path = path.clone();
                    let barrier = barrier.clone();
                    std::thread::spawn(move || {
                        let mut store = AuditStore::open(&path).unwrap();
                        barrier.wait();
                        store
                            .decide(id, approve, None, SignedDuration::from_secs(60))
                            .unwrap()
                    })
                })
                .collect();
            let results: Vec<_> = racers.into_iter().map(|t| t.join().unwrap()).collect();
            let wins: Vec<&PendingRow> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
            assert_eq!(wins.len(), 1, "round {round}: {results:?}");
            let final_status = store.pending_request(id).unwrap().unwrap().status;
            assert_eq!(wins[0].status, final_status);
            let loss = results.iter().find_map(|r| r.as_ref().err()).unwrap();
            assert_eq!(
                loss.to_string(),
                format!("review {id} was already {}", final_status.as_str())
            );
        }
    }
}
