//! Tamper evidence: [`AuditStore::verify`] walks the hash chain and names the first row that was
//! altered, deleted or inserted; [`AuditStore::prune`] drops old rows and leaves an anchor so the
//! rest still verifies. Without a secret key this detects edits, not a forger who rewrites every
//! later hash and the head.

use super::query::{SELECT_ALL, read_row};
use super::record::GENESIS_HASH;
use super::witness::WitnessProblem;
use super::{AuditStore, StoreError, head, meta_link, set_meta_link};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::fmt;
use std::time::Instant;

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Rows checked.
    pub rows: u64,
    /// The first problem, if any (the walk stops there).
    pub problem: Option<ChainProblem>,
}

/// The first row where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainProblem {
    /// The row at fault; for [`ProblemKind::Deleted`], the first missing row.
    pub id: i64,
    /// What is wrong there.
    pub kind: ProblemKind,
}

/// How the chain was broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ProblemKind {
    /// The row's content no longer matches its hash (or it was re-hashed and the next row no
    /// longer links to it).
    Altered,
    /// The row does not belong to the chain.
    Inserted,
    /// Rows `id..=last` are missing.
    Deleted {
        /// The last missing row id (inclusive).
        last: i64,
    },
    /// The chain is whole but disagrees with the head witness kept outside the store (rows cut
    /// from its end or start, every row wiped, the witness gone); `id` is the store's head.
    Witness {
        /// How the store and the witness disagree.
        problem: WitnessProblem,
    },
    /// The chain and the witness agree, but the last checkpoint line of the decision log
    /// (`audit.jsonl_log`) does not.
    Checkpoint {
        /// The decision log's path, as displayed.
        log: String,
        /// How the store and that checkpoint disagree.
        problem: WitnessProblem,
    },
}

impl fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ProblemKind::Altered => write!(f, "row {} was altered", self.id),
            ProblemKind::Inserted => write!(f, "row {} was inserted", self.id),
            ProblemKind::Deleted { last } if last == self.id => {
                write!(f, "row {} was deleted", self.id)
            }
            ProblemKind::Deleted { last } => write!(f, "rows {} to {last} were deleted", self.id),
            ProblemKind::Witness { ref problem } => write!(f, "{problem}"),
            ProblemKind::Checkpoint {
                ref log,
                ref problem,
            } => write!(f, "by the last checkpoint in `{log}`: {problem}"),
        }
    }
}

/// A row as the walk needs it.
struct Link {
    id: i64,
    prev_hash: String,
    hash: String,
}

impl AuditStore {
    /// Recomputes the chain from the anchor (or genesis) to the head and reports the first row
    /// that was altered, deleted or inserted.
    pub fn verify(&self) -> Result<Verification, StoreError> {
        let db = |e| StoreError::sqlite(&self.path, e);
        // One read transaction: a consistent snapshot even while others append.
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .map_err(db)?;
        let (anchor_id, anchor_hash) = meta_link(&tx, "anchor")
            .map_err(db)?
            .unwrap_or((0, GENESIS_HASH.to_owned()));
        let (head_id, head_hash) = head(&tx).map_err(db)?;
        let mut stmt = tx
            .prepare(&format!("{SELECT_ALL} ORDER BY id"))
            .map_err(db)?;
        let mut rows = stmt
            .query_map([], |row| {
                let (id, entry, prev_hash, hash) = read_row(row)?;
                let is_intact = entry.chain_hash(&prev_hash) == hash;
                Ok((
                    Link {
                        id,
                        prev_hash,
                        hash,
                    },
                    is_intact,
                ))
            })
            .map_err(db)?
            .peekable();

        let mut checked = 0u64;
        // The last good link and the one before it.
        let mut prev = Link {
            id: anchor_id,
            prev_hash: String::new(),
            hash: anchor_hash,
        };
        let mut problem = None;
        while let Some(row) = rows.next() {
            let (row, is_intact) = row.map_err(db)?;
            checked += 1;
            let next_prev = match rows.peek() {
                Some(Ok((next, _))) => Some(next.prev_hash.clone()),
                Some(Err(_)) => None,
                None => Some(head_hash.clone()),
            };
            let found = if row.id > head_id || row.id <= anchor_id {
                Some((row.id, ProblemKind::Inserted))
            } else if row.prev_hash != prev.hash {
                Some(classify_break(&prev, &row, next_prev.as_deref()))
            } else if !is_intact {
                Some((row.id, ProblemKind::Altered))
            } else {
                None
            };
            if let Some((id, kind)) = found {
                problem = Some(ChainProblem { id, kind });
                break;
            }
            prev = row;
        }
        if problem.is_none() {
            problem = if head_id > prev.id {
                Some(ChainProblem {
                    id: prev.id + 1,
                    kind: ProblemKind::Deleted { last: head_id },
                })
            } else if head_hash != prev.hash {
                Some(ChainProblem {
                    id: prev.id,
                    kind: ProblemKind::Altered,
                })
            } else {
                None
            };
        }
        if problem.is_none() {
            problem = super::witness::check(&tx, &self.path)
                .map_err(db)?
                .map(|found| ChainProblem {
                    id: head_id,
                    kind: ProblemKind::Witness { problem: found },
                });
        }
        // The log named by the settings, else the one the store's writers last appended to.
        let log = match &self.checkpoints {
            Some(log) => Some(log.clone()),
            None => super::witness::remembered_log(&tx).map_err(db)?,
        };
        if problem.is_none()
            && let Some(log) = &log
        {
            problem = super::witness::check_log(&tx, log)
                .map_err(db)?
                .map(|found| ChainProblem {
                    id: head_id,
                    kind: ProblemKind::Checkpoint {
                        log: log.display().to_string(),
                        problem: found,
                    },
                });
        }
        Ok(Verification {
            rows: checked,
            problem,
        })
    }

    /// Compares the store with its head witness only (cheap: no walk of the chain).
    pub fn check_witness(&self) -> Result<Option<WitnessProblem>, StoreError> {
        super::witness::check(&self.conn, &self.path).map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Rewrites the head witness from the store as it is: what a person does after reading a
    /// witness problem, to accept the store as it now is.
    pub fn reset_witness(&self) -> Result<(), StoreError> {
        super::witness::reset(&self.conn, &self.path)
    }

    /// Deletes the oldest rows, up to the first row at or after `older_than` (a prefix of the
    /// chain, so a row is kept if any earlier-chained row is), and stores the last deleted row's
    /// hash as the anchor the remaining chain verifies from. Returns how many rows were deleted.
    pub fn prune(&mut self, older_than: Timestamp) -> Result<u64, StoreError> {
        let cutoff = super::record::format_time(older_than);
        let deadline = Instant::now() + self.busy_timeout;
        let conn = &self.conn;
        let path = &self.path;
        super::retry_store(deadline, || {
            let db = |e| StoreError::sqlite(path, e);
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
                .map_err(db)?;
            let first_kept: Option<i64> = tx
                .query_row(
                    "SELECT min(id) FROM decisions WHERE time >= ?1",
                    [&cutoff],
                    |r| r.get(0),
                )
                .map_err(db)?;
            let bound = first_kept.map_or_else(|| "".to_owned(), |_| " WHERE id < ?1".to_owned());
            let sql = format!("SELECT id, hash FROM decisions{bound} ORDER BY id DESC LIMIT 1");
            let last_pruned: Option<(i64, String)> = match first_kept {
                Some(id) => tx.query_row(&sql, [id], |r| Ok((r.get(0)?, r.get(1)?))),
                None => tx.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?))),
            }
            .optional()
            .map_err(db)?;
            let Some((last_id, last_hash)) = last_pruned else {
                return Ok(0);
            };
            // The witness learns the new anchor first, so a finished prune is never taken for
            // a cut prefix.
            super::witness::before_prune(&tx, path, (last_id, last_hash.clone()))?;
            let deleted = tx
                .execute("DELETE FROM decisions WHERE id <= ?1", [last_id])
                .map_err(db)?;
            set_meta_link(&tx, "anchor", last_id, &last_hash).map_err(db)?;
            tx.commit().map_err(db)?;
            Ok(u64::try_from(deleted).unwrap_or(0))
        })
    }
}

/// Row `row` does not link to the last good row `prev`: was `row` inserted or replaced, was
/// `prev` slipped in or altered and re-hashed, or are rows missing in between? `next_prev` is
/// what the row after `row` links to (for the last row: the head).
fn classify_break(prev: &Link, row: &Link, next_prev: Option<&str>) -> (i64, ProblemKind) {
    if next_prev == Some(prev.hash.as_str()) {
        // The next row links over `row` to `prev`.
        (row.id, ProblemKind::Inserted)
    } else if row.id == prev.id + 1 {
        if row.prev_hash == prev.prev_hash {
            // `row` links to what came before `prev`: `prev` was slipped in.
            (prev.id, ProblemKind::Inserted)
        } else if next_prev == Some(row.hash.as_str()) {
            // The chain goes on through `row`, so `prev` was rewritten.
            (prev.id, ProblemKind::Altered)
        } else {
            (row.id, ProblemKind::Altered)
        }
    } else {
        (
            prev.id + 1,
            ProblemKind::Deleted {
                last: row.id.saturating_sub(1).max(prev.id + 1),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::record::tests::sample;
    use super::*;
    use std::path::Path;

    /// A store with rows 1..=n.
    fn store(dir: &Path, n: usize) -> AuditStore {
        let mut store = AuditStore::open(&dir.join("a.db")).unwrap();
        for i in 0..n {
            let mut rec = sample(&format!("echo {i}"));
            rec.time = Timestamp::from_second(1_700_000_000 + i as i64 * 3600).unwrap();
            store.record(&rec).unwrap();
        }
        store
    }

    /// A raw-SQL change to the store.
    type Tamper = dyn Fn(&rusqlite::Connection);

    fn problem(store: &AuditStore) -> Option<String> {
        store.verify().unwrap().problem.map(|p| p.to_string())
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), 5);
        assert_eq!(
            s.verify().unwrap(),
            Verification {
                rows: 5,
                problem: None
            }
        );
        let empty = store(&dir.path().join("e"), 0);
        assert_eq!(empty.verify().unwrap().problem, None);
    }

    #[test]
    fn tampering_is_found_and_named() {
        let copy_row = "INSERT INTO decisions (id, time, agent, session_id, tool_use_id, cwd,
            tool_name, action, summary, params, decision, outcome, sid, reason, matched_by,
            duration_us, review_by, review_at, review_comment, prev_hash, hash, uid)
            SELECT ?1, time, agent, session_id, tool_use_id, cwd, tool_name, action, summary,
            params, decision, outcome, sid, reason, matched_by, duration_us, review_by,
            review_at, review_comment, prev_hash, hash, uid || '-copy' FROM decisions
            WHERE id = ?2";
        let cases: &[(&str, &Tamper, &str)] = &[
            (
                "edit a field",
                &|c| {
                    c.execute(
                        "UPDATE decisions SET decision = 'allow', summary = 'ls' WHERE id = 3",
                        [],
                    )
                    .unwrap();
                },
                "row 3 was altered",
            ),
            (
                "edit and re-hash",
                &|c| {
                    let (prev, mut entry): (String, _) = c
                        .query_row(&format!("{SELECT_ALL} WHERE id = 3"), [], |r| {
                            let (_, e, p, _) = read_row(r)?;
                            Ok((p, e))
                        })
                        .unwrap();
                    entry.decision = "deny".into();
                    c.execute(
                        "UPDATE decisions SET decision = 'deny', hash = ?1 WHERE id = 3",
                        [entry.chain_hash(&prev)],
                    )
                    .unwrap();
                },
                "row 3 was altered",
            ),
            (
                "delete a middle row",
                &|c| {
                    c.execute("DELETE FROM decisions WHERE id = 3", []).unwrap();
                },
                "row 3 was deleted",
            ),
            (
                "delete two rows",
                &|c| {
                    c.execute("DELETE FROM decisions WHERE id IN (2, 3)", [])
                        .unwrap();
                },
                "rows 2 to 3 were deleted",
            ),
            (
                "delete the first row",
                &|c| {
                    c.execute("DELETE FROM decisions WHERE id = 1", []).unwrap();
                },
                "row 1 was deleted",
            ),
            (
                "delete the last rows",
                &|c| {
                    c.execute("DELETE FROM decisions WHERE id >= 4", [])
                        .unwrap();
                },
                "rows 4 to 5 were deleted",
            ),
            (
                "append a copy",
                &|c| {
                    c.execute(copy_row, [6, 5]).unwrap();
                },
                "row 6 was inserted",
            ),
            (
                "insert before the first row",
                &|c| {
                    c.execute(copy_row, [0, 1]).unwrap();
                },
                "row 0 was inserted",
            ),
            (
                "replace a row by a copy of another",
                &|c| {
                    c.execute("DELETE FROM decisions WHERE id = 3", []).unwrap();
                    c.execute(copy_row, [3, 1]).unwrap();
                },
                "row 3 was altered",
            ),
            (
                "slip a re-hashed copy in after row 2",
                &|c| {
                    c.execute("UPDATE decisions SET id = id + 100 WHERE id >= 3", [])
                        .unwrap();
                    c.execute("UPDATE decisions SET id = id - 99 WHERE id >= 100", [])
                        .unwrap();
                    let (hash2, mut entry2) = c
                        .query_row(&format!("{SELECT_ALL} WHERE id = 2"), [], |r| {
                            let (_, e, _, h) = read_row(r)?;
                            Ok((h, e))
                        })
                        .unwrap();
                    c.execute(copy_row, [3, 2]).unwrap();
                    entry2.uid = entry2.uid.map(|u| format!("{u}-copy"));
                    c.execute(
                        "UPDATE decisions SET prev_hash = ?1, hash = ?2 WHERE id = 3",
                        [hash2.clone(), entry2.chain_hash(&hash2)],
                    )
                    .unwrap();
                },
                "row 3 was inserted",
            ),
        ];
        for (name, tamper, expected) in cases {
            let dir = tempfile::tempdir().unwrap();
            let s = store(dir.path(), 5);
            tamper(&s.conn);
            assert_eq!(problem(&s).as_deref(), Some(*expected), "{name}");
        }
    }

    #[test]
    fn prune_keeps_the_rest_verifiable() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path(), 6);
        // Rows are an hour apart from 1_700_000_000: keep rows 4.. (hours 3, 4, 5).
        let cutoff = Timestamp::from_second(1_700_000_000 + 3 * 3600).unwrap();
        assert_eq!(s.prune(cutoff).unwrap(), 3);
        assert_eq!(s.count().unwrap(), 3);
        assert_eq!(
            s.verify().unwrap(),
            Verification {
                rows: 3,
                problem: None
            }
        );
        assert_eq!(s.prune(cutoff).unwrap(), 0);
        // Appending after a prune continues the chain; deleting the new first row is caught.
        s.record(&sample("later")).unwrap();
        assert_eq!(problem(&s), None);
        s.conn
            .execute("DELETE FROM decisions WHERE id = 4", [])
            .unwrap();
        assert_eq!(problem(&s).as_deref(), Some("row 4 was deleted"));
    }

    #[test]
    fn pruning_everything_then_appending_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path(), 3);
        assert_eq!(s.prune(Timestamp::now()).unwrap(), 3);
        assert_eq!(
            s.verify().unwrap(),
            Verification {
                rows: 0,
                problem: None
            }
        );
        assert_eq!(s.record(&sample("x")).unwrap(), 4);
        assert_eq!(
            s.verify().unwrap(),
            Verification {
                rows: 1,
                problem: None
            }
        );
    }

    /// A change to the store's files on disk.
    type FileTamper = dyn Fn(&Path);

    /// What `verify` says of a store tampered by `tamper` (raw SQL) and `files` (on disk).
    fn after(tamper: &Tamper, files: &FileTamper) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), 6);
        tamper(&s.conn);
        drop(s);
        files(&dir.path().join("a.db"));
        let s = AuditStore::open(&dir.path().join("a.db")).unwrap();
        problem(&s)
    }

    #[test]
    fn the_head_witness_catches_cuts_the_chain_cannot_see() {
        const SET_HEAD: &str = "UPDATE meta SET value = (SELECT id || ' ' || hash FROM decisions WHERE id = 4) WHERE key = 'head'";
        let none: &FileTamper = &|_| {};
        let cases: &[(&str, &Tamper, &FileTamper, Option<&str>)] = &[
            ("untouched", &|_| {}, none, None),
            (
                "cut the tail and move the head",
                &|c| {
                    c.execute("DELETE FROM decisions WHERE id > 4", []).unwrap();
                    c.execute(SET_HEAD, []).unwrap();
                },
                none,
                Some("rows 5 to 6 were removed from the end (the head witness names row 6)"),
            ),
            (
                "wipe every row and the meta values",
                &|c| {
                    c.execute_batch(
                        "DELETE FROM decisions; DELETE FROM meta WHERE key IN ('head', 'anchor')",
                    )
                    .unwrap();
                },
                none,
                Some("rows 1 to 6 were removed from the end (the head witness names row 6)"),
            ),
            (
                "delete the store's files",
                &|_| {},
                &|db| {
                    for f in super::super::spool::database_files(db) {
                        let _ = std::fs::remove_file(f);
                    }
                },
                Some("rows 1 to 6 were removed from the end (the head witness names row 6)"),
            ),
            (
                "cut a prefix and forge the anchor",
                &|c| {
                    c.execute(
                        "INSERT INTO meta (key, value) SELECT 'anchor', id || ' ' || hash FROM decisions WHERE id = 2",
                        [],
                    )
                    .unwrap();
                    c.execute("DELETE FROM decisions WHERE id <= 2", [])
                        .unwrap();
                },
                none,
                Some("rows 1 to 2 were removed from the start without `agsec audit prune`"),
            ),
            (
                "rewrite the last row and re-hash",
                &|c| {
                    c.execute_batch(
                        "UPDATE decisions SET hash = 'ff' WHERE id = 6;
                         UPDATE meta SET value = '6 ff' WHERE key = 'head'",
                    )
                    .unwrap();
                },
                none,
                Some("row 6 was altered"),
            ),
            (
                "delete the witness",
                &|_| {},
                &|db| std::fs::remove_file(super::super::witness::path(db)).unwrap(),
                Some("the head witness is missing"),
            ),
            (
                "garble the witness",
                &|_| {},
                &|db| std::fs::write(super::super::witness::path(db), "x").unwrap(),
                Some(
                    "the head witness cannot be read: the first line is not `agsec audit head witness v1`",
                ),
            ),
        ];
        for (name, tamper, files, expected) in cases {
            assert_eq!(after(tamper, files).as_deref(), *expected, "{name}");
        }
    }

    #[test]
    fn a_witness_problem_stays_until_reset_and_prune_keeps_the_witness_in_step() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path(), 6);
        let cutoff = Timestamp::from_second(1_700_000_000 + 3 * 3600).unwrap();
        assert_eq!(s.prune(cutoff).unwrap(), 3);
        assert_eq!(problem(&s), None, "a real prune is not a cut prefix");
        s.conn
            .execute_batch("DELETE FROM decisions WHERE id > 5; UPDATE meta SET value = (SELECT id || ' ' || hash FROM decisions WHERE id = 5) WHERE key = 'head'")
            .unwrap();
        let cut = Some("rows 6 to 6 were removed from the end (the head witness names row 6)");
        assert_eq!(problem(&s).as_deref(), cut);
        // Later writes do not paper over it.
        s.record(&sample("later")).unwrap();
        assert_eq!(
            problem(&s).as_deref(),
            Some("row 6 does not match the head witness: the chain was rewritten")
        );
        s.reset_witness().unwrap();
        assert_eq!(problem(&s), None);
        s.record(&sample("after the reset")).unwrap();
        assert_eq!(problem(&s), None);
    }
}
