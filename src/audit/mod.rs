//! The audit trail: every decision kept in an SQLite store as one hash-chained, redacted row.
//! [`record_or_spool`] is what `check` calls: it appends the redacted entry to a journal next to
//! the store (microseconds, no SQLite), and never loses a record while the journal, the store or
//! a spool file can be written. [`AuditStore`] opens (and migrates) a store, importing the journal
//! first, so every reader sees every record; it records, queries, summarises, verifies and prunes.
//! This module is the only one that touches SQLite.

mod chain;
mod error;
mod export;
mod pending;
mod quarantine;
mod query;
mod record;
mod recorder;
pub mod redact;
mod schema;
mod spool;
mod witness;

pub use chain::{ChainProblem, ProblemKind, Verification};
pub use error::StoreError;
pub use export::ExportFormat;
pub(crate) use export::append_jsonl;
pub(crate) use pending::PendingRequest;
pub use pending::{DecideError, PendingRow, PendingStatus};
pub use quarantine::QuarantinedLine;
pub use query::{Bucket, Count, Filter, Stats, Timeline, parse_since};
pub(crate) use record::GENESIS_HASH;
pub use record::{NewRecord, Outcome, ReviewInfo, Reviewer, StoredRecord, StoredReview};
pub use recorder::{IMPORT_BYTES, Recorded, Recorder, record_or_spool};
pub(crate) use spool::store_files;
pub use witness::WitnessProblem;

use record::Entry;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a write waits for other writers before giving up (and spooling).
pub(crate) const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The environment variable that overrides where the store lives.
pub const DB_ENV: &str = "AGSEC_AUDIT_DB";

/// Where the store lives by default: `$AGSEC_AUDIT_DB` if set and non-empty, else `audit.db` in
/// the platform's data directory for agsec. `None` when neither is known (no home directory).
pub fn default_db_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "agsec").map(|dirs| dirs.data_dir().join("audit.db"))
}

/// An open audit store. Invariant: the schema is current and rows form one hash chain from the
/// anchor (or [`GENESIS_HASH`]) to the head recorded in `meta`; once opened, it holds every record
/// journaled or spooled before (they are imported on open).
#[derive(Debug)]
pub struct AuditStore {
    conn: Connection,
    path: PathBuf,
    busy_timeout: Duration,
    /// The decision log (`audit.jsonl_log`) that gets a checkpoint line whenever the head
    /// witness moves, and that `verify` compares too.
    checkpoints: Option<PathBuf>,
}

impl AuditStore {
    /// Opens the store at `path`, creating it (and its directory) if needed, and imports its
    /// journal and spool.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with_timeout(path, DEFAULT_BUSY_TIMEOUT)
    }

    /// Opens the store (see [`AuditStore::open`]), waiting at most `busy_timeout` for other
    /// writers on each write.
    pub(crate) fn open_with_timeout(
        path: &Path,
        busy_timeout: Duration,
    ) -> Result<Self, StoreError> {
        let mut store = Self::connect(path, busy_timeout)?;
        store.import()?;
        Ok(store)
    }

    /// Opens the store as [`AuditStore::open`] does if anything was recorded for it (the store
    /// or its journal or spool exists); `None` otherwise, creating nothing.
    pub fn open_existing(path: &Path) -> Result<Option<Self>, StoreError> {
        Self::open_existing_keeping(path, None)
    }

    /// As [`AuditStore::open_existing`], keeping checkpoints in the decision log `checkpoints`
    /// (see [`AuditStore::keep_checkpoints`]) from the import on open.
    pub fn open_existing_keeping(
        path: &Path,
        checkpoints: Option<PathBuf>,
    ) -> Result<Option<Self>, StoreError> {
        if !path.exists() && !spool::has_lines(&spool::default_spools(path)) {
            return Ok(None);
        }
        let mut store = Self::connect(path, DEFAULT_BUSY_TIMEOUT)?;
        store.keep_checkpoints(checkpoints);
        store.import()?;
        Ok(Some(store))
    }

    /// Imports what was journaled or spooled since the store was opened (for readers that stay
    /// open); returns how many records moved into the store.
    pub fn import(&mut self) -> Result<usize, StoreError> {
        let spools = spool::default_spools(&self.path);
        self.import_from(&spools)
    }

    /// Imports the entries of `spools` (in order, chained, in one transaction); returns how
    /// many. Costs a `stat` per spool when they are empty.
    pub(crate) fn import_from(&mut self, spools: &[PathBuf]) -> Result<usize, StoreError> {
        if !spool::has_lines(spools) {
            return Ok(0);
        }
        self.append_with_spools(&[], spools)
            .map(|(imported, _)| imported)
    }

    /// Opens (creating and migrating) the store without importing anything.
    pub(crate) fn connect(path: &Path, busy_timeout: Duration) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        // SQLite would block reading a FIFO (or read a device): refuse them at once.
        for file in spool::database_files(path) {
            if spool::is_not_a_file(&file) {
                let meta = std::fs::metadata(&file).map_err(|e| StoreError::io(&file, e))?;
                return Err(StoreError::not_a_file(&file, &meta));
            }
        }
        let conn = Connection::open(path).map_err(|e| StoreError::sqlite(path, e))?;
        schema::prepare(&conn, busy_timeout).map_err(|e| StoreError::schema(path, e))?;
        witness::start(&conn, path);
        Ok(Self {
            conn,
            path: path.to_owned(),
            busy_timeout,
            checkpoints: None,
        })
    }

    /// Also keep checkpoint lines in the decision log `log` (`audit.jsonl_log`), and compare
    /// the last one in [`AuditStore::verify`].
    pub(crate) fn keep_checkpoints(&mut self, log: Option<PathBuf>) {
        self.checkpoints = log;
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one decision (summarised and redacted) to the chain; returns its row id.
    pub fn record(&mut self, rec: &NewRecord) -> Result<i64, StoreError> {
        let ids = self.append(&[Entry::new(rec)])?;
        ids.last()
            .copied()
            .ok_or_else(|| StoreError::sqlite(&self.path, rusqlite::Error::QueryReturnedNoRows))
    }

    /// Appends several decisions, in order, in one transaction (imports, bulk loads); returns
    /// their row ids.
    pub fn record_batch(&mut self, recs: &[NewRecord]) -> Result<Vec<i64>, StoreError> {
        let entries: Vec<Entry> = recs.iter().map(Entry::new).collect();
        self.append(&entries)
    }

    /// Appends entries (each with a fresh id) in order, chained, in one immediate transaction
    /// (so concurrent writers serialise and the chain stays linear); retried while busy, up to
    /// the busy timeout.
    fn append(&mut self, entries: &[Entry]) -> Result<Vec<i64>, StoreError> {
        let deadline = Instant::now() + self.busy_timeout;
        let conn = &self.conn;
        let ids = schema::retry_busy(deadline, || {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let ids = append_in(&tx, entries)?;
            tx.commit()?;
            Ok(ids.into_iter().flatten().collect::<Vec<i64>>())
        })
        .map_err(|e| StoreError::sqlite(&self.path, e))?;
        if !ids.is_empty() {
            witness::advance(&self.conn, &self.path, self.checkpoints.as_deref());
        }
        Ok(ids)
    }

    /// Appends `entries` after importing the spooled entries of `spools`, all in one
    /// transaction (lines that are not records go to the quarantine table in it); the spool
    /// files are emptied only once that transaction is committed (to disk: the store syncs every
    /// commit). Entries already in the store (a reader killed between commit and emptying) are
    /// skipped. Returns how many spooled entries were imported and the row ids of `entries`.
    pub(crate) fn append_with_spools(
        &mut self,
        entries: &[Entry],
        spools: &[PathBuf],
    ) -> Result<(usize, Vec<i64>), StoreError> {
        let deadline = Instant::now() + self.busy_timeout;
        let conn = &self.conn;
        let path = &self.path;
        let checkpoints = self.checkpoints.as_deref();
        let run = || -> Result<(usize, Vec<i64>), StoreError> {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
                .map_err(|e| StoreError::sqlite(path, e))?;
            // Locked spools stay locked (other spoolers wait) until they are emptied.
            let mut pending = spool::take_pending(spools)?;
            let mut all = std::mem::take(&mut pending.entries);
            let spooled = all.len();
            all.extend_from_slice(entries);
            let sql = |e| StoreError::sqlite(path, e);
            let ids = append_in(&tx, &all).map_err(sql)?;
            quarantine::insert(&tx, &pending.quarantined).map_err(sql)?;
            tx.commit().map_err(sql)?;
            pending.clear();
            if ids.iter().any(Option::is_some) {
                witness::advance(conn, path, checkpoints);
            }
            let imported = ids.iter().take(spooled).flatten().count();
            let own = ids.iter().skip(spooled).flatten().copied().collect();
            Ok((imported, own))
        };
        retry_store(deadline, run)
    }

    /// Number of rows in the store.
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM decisions", [], |r| r.get::<_, i64>(0))
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Proves the store takes writes, as `record` needs them (an immediate transaction, a
    /// committed write), without adding a decision: it sets the `meta` value `doctor_checked_at`
    /// to `now`, which nothing in the chain depends on.
    pub fn check_writable(&mut self, now: jiff::Timestamp) -> Result<(), StoreError> {
        let deadline = Instant::now() + self.busy_timeout;
        let conn = &self.conn;
        schema::retry_busy(deadline, || {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('doctor_checked_at', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [now.to_string()],
            )?;
            tx.commit()
        })
        .map_err(|e| StoreError::sqlite(&self.path, e))
    }
}

/// Runs `op` until it succeeds, fails with something other than a busy store, or `deadline`
/// passes (as [`schema::retry_busy`], for operations that also touch files).
fn retry_store<T>(
    deadline: Instant,
    mut op: impl FnMut() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut pause = Duration::from_millis(1);
    loop {
        match op() {
            Err(StoreError::Sqlite { ref error, .. })
                if schema::is_busy(error) && Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// The chain head: the last row's id and hash (after pruning everything: the anchor; in a new
/// store: 0 and [`GENESIS_HASH`]).
fn head(conn: &Connection) -> rusqlite::Result<(i64, String)> {
    Ok(meta_link(conn, "head")?
        .or(meta_link(conn, "anchor")?)
        .unwrap_or_else(|| (0, GENESIS_HASH.to_owned())))
}

/// A `meta` value of the form `<id> <hash>`.
fn meta_link(conn: &Connection, key: &str) -> rusqlite::Result<Option<(i64, String)>> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| {
        let (id, hash) = v.split_once(' ')?;
        Some((id.parse().ok()?, hash.to_owned()))
    }))
}

fn set_meta_link(conn: &Connection, key: &str, id: i64, hash: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, format!("{id} {hash}")),
    )?;
    Ok(())
}

/// Inserts `entries` after the current head, inside the caller's transaction; returns each
/// one's row id, `None` for an entry whose id is already in the store (a line imported before:
/// it is skipped, not chained twice).
fn append_in(conn: &Connection, entries: &[Entry]) -> rusqlite::Result<Vec<Option<i64>>> {
    let (mut head_id, mut head_hash) = head(conn)?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO decisions (time, agent, session_id, tool_use_id, cwd, tool_name, action,
            summary, params, decision, outcome, sid, reason, matched_by, duration_us, review_by,
            review_at, review_comment, prev_hash, hash, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21)
         ON CONFLICT (uid) DO NOTHING",
    )?;
    let mut ids = Vec::with_capacity(entries.len());
    let mut moved = false;
    for e in entries {
        let hash = e.chain_hash(&head_hash);
        let inserted = insert.execute(rusqlite::params![
            e.time,
            e.agent,
            e.session_id,
            e.tool_use_id,
            e.cwd,
            e.tool_name,
            e.action,
            e.summary,
            e.params,
            e.decision,
            e.outcome,
            e.sid,
            e.reason,
            e.matched_by,
            e.duration_us,
            e.review_by,
            e.review_at,
            e.review_comment,
            head_hash,
            hash,
            e.uid,
        ])?;
        if inserted == 0 {
            ids.push(None);
            continue;
        }
        head_id = conn.last_insert_rowid();
        head_hash = hash;
        moved = true;
        ids.push(Some(head_id));
    }
    if moved {
        set_meta_link(conn, "head", head_id, &head_hash)?;
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::record::tests::sample;
    use super::recorder::IMPORT_AGE;
    use super::*;

    #[test]
    fn records_chain_from_genesis() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AuditStore::open(&dir.path().join("sub/a.db")).unwrap();
        let ids: Vec<i64> = ["ls", "pwd", "id"]
            .iter()
            .map(|c| store.record(&sample(c)).unwrap())
            .collect();
        assert_eq!(ids, [1, 2, 3]);
        let batch = store.record_batch(&[sample("a"), sample("b")]).unwrap();
        assert_eq!(batch, [4, 5]);
        assert_eq!(store.count().unwrap(), 5);
        let rows = store.query(&Filter::default()).unwrap();
        assert_eq!(rows.first().unwrap().prev_hash, GENESIS_HASH);
        for pair in rows.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
        assert_eq!(head(&store.conn).unwrap(), (5, rows[4].hash.clone()));
        assert_eq!(store.verify().unwrap().problem, None);
    }

    #[test]
    fn checking_writability_adds_no_decision() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AuditStore::open(&dir.path().join("a.db")).unwrap();
        store.record(&sample("ls")).unwrap();
        let now: jiff::Timestamp = "2025-05-01T12:00:00Z".parse().unwrap();
        store.check_writable(now).unwrap();
        store.check_writable(now).unwrap();
        let value: String = store
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'doctor_checked_at'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(value, "2025-05-01T12:00:00Z");
        assert_eq!(store.count().unwrap(), 1);
        assert_eq!(store.verify().unwrap().problem, None);
        store.record(&sample("pwd")).unwrap();
        assert_eq!(store.verify().unwrap().problem, None);
        // A store opened read-only refuses.
        let read_only = Connection::open_with_flags(
            dir.path().join("a.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let mut store = AuditStore {
            conn: read_only,
            path: dir.path().join("a.db"),
            busy_timeout: Duration::from_millis(100),
            checkpoints: None,
        };
        let err = store.check_writable(now).unwrap_err().to_string();
        assert!(err.contains("readonly"), "{err}");
    }

    #[test]
    fn default_path_honours_the_environment() {
        // Only reads the variable; the test process may run others in parallel, so compare
        // against what the function must derive rather than setting the variable.
        let expected = std::env::var_os(DB_ENV)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "agsec")
                    .map(|d| d.data_dir().join("audit.db"))
            });
        assert_eq!(default_db_path(), expected);
        if std::env::var_os(DB_ENV).is_none() {
            assert!(default_db_path().is_some_and(|p| p.ends_with("agsec/audit.db")));
        }
    }

    #[test]
    fn concurrent_writers_keep_one_chain() {
        // Threads journaling (one of them importing now and then, as `check` does once the
        // journal is due) and threads writing the store directly.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let threads: Vec<_> = (0..200)
            .map(|i| {
                let path = path.clone();
                let fallback = dir.path().join("fallback.jsonl");
                std::thread::spawn(move || {
                    let recorder = Recorder::new(&path)
                        .busy_timeout(Duration::from_secs(60))
                        .fallback_spools(vec![fallback])
                        .import_when(8 * 1024, IMPORT_AGE);
                    let rec = sample(&format!("echo {i}"));
                    if i % 4 == 0 {
                        recorder.record_direct(&rec).unwrap()
                    } else {
                        recorder.record(&rec).unwrap()
                    }
                })
            })
            .collect();
        for (i, t) in threads.into_iter().enumerate() {
            match t.join().unwrap() {
                Recorded::Stored(_) => assert_eq!(i % 4, 0),
                Recorded::Journaled(_) => assert_ne!(i % 4, 0),
                Recorded::Spooled(p) => panic!("spooled to {}", p.display()),
            }
        }
        let store = AuditStore::open(&path).unwrap();
        assert_eq!(store.count().unwrap(), 200);
        let v = store.verify().unwrap();
        assert_eq!(v.problem, None);
        assert_eq!(v.rows, 200);
        let mut commands: Vec<String> = store
            .query(&Filter::default())
            .unwrap()
            .into_iter()
            .map(|r| r.summary)
            .collect();
        commands.sort();
        commands.dedup();
        assert_eq!(commands.len(), 200);
        assert!(!spool::sibling_spool(&path).exists());
    }

    #[test]
    fn opening_imports_and_open_existing_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        assert!(AuditStore::open_existing(&path).unwrap().is_none());
        assert!(!path.exists());
        let recorder = Recorder::new(&path);
        recorder.record(&sample("one")).unwrap();
        let mut store = AuditStore::open_existing(&path).unwrap().unwrap();
        assert_eq!(store.count().unwrap(), 1);
        recorder.record(&sample("two")).unwrap();
        recorder.record(&sample("three")).unwrap();
        assert_eq!(store.count().unwrap(), 1, "an open store sees imports only");
        assert_eq!(store.import().unwrap(), 2);
        assert_eq!(store.import().unwrap(), 0);
        assert_eq!(store.count().unwrap(), 3);
        assert_eq!(store.verify().unwrap().problem, None);
    }

    #[test]
    fn importing_a_journal_twice_adds_nothing_and_bad_lines_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let journal = spool::sibling_spool(&path);
        let recorder = Recorder::new(&path).fallback_spools(vec![]);
        recorder.record(&sample("one")).unwrap();
        let mut text = std::fs::read(&journal).unwrap();
        text.extend_from_slice(b"\xc3\x28 not UTF-8\n");
        std::fs::write(&journal, &text).unwrap();
        recorder.record(&sample("two")).unwrap();
        // A reader killed after its commit, before it emptied the journal: the next reader finds
        // the same lines again.
        let copy = std::fs::read(&journal).unwrap();
        let mut store = AuditStore::open(&path).unwrap();
        assert_eq!(store.count().unwrap(), 2);
        std::fs::write(&journal, &copy).unwrap();
        assert_eq!(store.import().unwrap(), 0);
        assert_eq!(store.count().unwrap(), 2);
        assert!(!journal.exists(), "the journal is emptied once held");
        assert_eq!(store.verify().unwrap().problem, None);
        let summaries: Vec<String> = store
            .query(&Filter::default())
            .unwrap()
            .into_iter()
            .map(|r| r.summary)
            .collect();
        assert_eq!(summaries, ["one", "two"]);
        let kept = store.quarantined().unwrap();
        let first = u64::try_from(text.len()).unwrap() - 13;
        let got: Vec<(u64, u64, bool)> = kept
            .iter()
            .map(|q| (q.offset, q.len, q.error.starts_with("not UTF-8")))
            .collect();
        // Seen twice (once per import), each time at its offset, never lost.
        assert_eq!(got, [(first, 12, true), (first, 12, true)]);
        assert!(kept.iter().all(|q| q.spool == journal.to_string_lossy()));
        // The unique index refuses a copied row outright.
        let err = store
            .conn
            .execute(
                "INSERT INTO decisions (time, agent, tool_name, action, summary, params, decision,
                 outcome, matched_by, duration_us, prev_hash, hash, uid)
                 SELECT time, agent, tool_name, action, summary, params, decision, outcome,
                 matched_by, duration_us, prev_hash, hash, uid FROM decisions WHERE id = 1",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("UNIQUE"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_store_that_is_a_fifo_or_device_is_an_error_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.db");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let wal = dir.path().join("b.db-wal");
        std::os::unix::fs::symlink("/dev/zero", &wal).unwrap();
        for db in [
            fifo.clone(),
            dir.path().join("b.db"),
            PathBuf::from("/dev/null"),
        ] {
            let err = AuditStore::open(&db).unwrap_err();
            assert!(matches!(err, StoreError::NotAFile { .. }), "{err}");
            assert!(err.to_string().contains("help: "), "{err}");
        }
        // A FIFO journal: readers say so; the recorder still gets the record into the store.
        let db = dir.path().join("c.db");
        let journal = spool::sibling_spool(&db);
        let made = std::process::Command::new("mkfifo").arg(&journal).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let recorder = Recorder::new(&db).fallback_spools(vec![]);
        assert_eq!(recorder.record(&sample("x")).unwrap(), Recorded::Stored(1));
        let err = AuditStore::open(&db).unwrap_err();
        assert!(
            err.to_string().contains("is a FIFO, not a regular file"),
            "{err}"
        );
    }

    #[test]
    fn a_store_from_before_ids_is_migrated_and_still_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        {
            let store = AuditStore::open(&path).unwrap();
            // Make it what an older agsec left: version 2, rows without ids (hashed without
            // them), no quarantine table, no witness.
            let old: Vec<Entry> = ["one", "two"]
                .iter()
                .map(|c| Entry {
                    uid: None,
                    ..Entry::new(&sample(c))
                })
                .collect();
            append_in(&store.conn, &old).unwrap();
            store
                .conn
                .execute_batch(
                    "DROP INDEX decisions_uid; ALTER TABLE decisions DROP COLUMN uid;
                     DROP TABLE quarantine; DELETE FROM meta WHERE key = 'witness';
                     PRAGMA user_version = 2;",
                )
                .unwrap();
            std::fs::remove_file(witness::path(&path)).unwrap();
        }
        let mut store = AuditStore::open(&path).unwrap();
        assert_eq!(schema::user_version(&store.conn).unwrap(), schema::VERSION);
        assert!(witness::path(&path).exists());
        store.record(&sample("new")).unwrap();
        let v = store.verify().unwrap();
        assert_eq!((v.rows, v.problem), (3, None));
    }
}
