//! The store's schema and connection settings: WAL, full sync, busy timeout, and versioned migrations
//! tracked in `PRAGMA user_version`. The only file with SQL DDL.

use rusqlite::{Connection, ErrorCode, TransactionBehavior};
use std::time::{Duration, Instant};

/// The schema version this build writes; `user_version` of an up-to-date store.
pub(crate) const VERSION: i64 = 3;

/// Migration `n` (1-based) takes the schema from version `n - 1` to `n`.
const MIGRATIONS: &[&str] = &[
    // 1: the decisions table, the chain's meta values and the indexes `query` and `stats` use.
    "CREATE TABLE decisions (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        time           TEXT    NOT NULL,  -- RFC 3339, UTC, microseconds, fixed width: sorts as text
        agent          TEXT    NOT NULL,
        session_id     TEXT,
        tool_use_id    TEXT,
        cwd            TEXT,
        tool_name      TEXT    NOT NULL,
        action         TEXT    NOT NULL,
        summary        TEXT    NOT NULL,  -- one redacted line: the command, path or URL
        params         TEXT    NOT NULL,  -- redacted JSON; file contents as size + sha256
        decision       TEXT    NOT NULL,  -- allow | deny | review
        outcome        TEXT    NOT NULL,  -- allow | deny | ask: what the agent was told
        sid            TEXT,
        reason         TEXT,
        matched_by     TEXT    NOT NULL,
        duration_us    INTEGER NOT NULL,
        review_by      TEXT,              -- person | timeout | grant | agent-prompt
        review_at      TEXT,
        review_comment TEXT,
        prev_hash      TEXT    NOT NULL,
        hash           TEXT    NOT NULL
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX decisions_time ON decisions (time);
    CREATE INDEX decisions_decision ON decisions (decision);
    CREATE INDEX decisions_action ON decisions (action);
    CREATE INDEX decisions_agent ON decisions (agent);
    CREATE INDEX decisions_sid ON decisions (sid);
    CREATE INDEX decisions_session ON decisions (session_id);
    CREATE INDEX decisions_blocked ON decisions (summary) WHERE outcome = 'deny';",
    // 2: the pending-review queue (`agsec pending`, `approve`, `reject`).
    "CREATE TABLE pending (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        created     TEXT NOT NULL,
        agent       TEXT NOT NULL,
        session_id  TEXT,
        cwd         TEXT,
        tool_name   TEXT NOT NULL,
        action      TEXT NOT NULL,
        summary     TEXT NOT NULL,       -- redacted
        fingerprint TEXT NOT NULL,       -- sha256 of tool name, tool input and cwd
        sid         TEXT,
        reason      TEXT,
        status      TEXT NOT NULL,       -- pending | approved | rejected | used
        decided_at  TEXT,
        comment     TEXT,
        expires_at  TEXT
    );
    CREATE INDEX pending_fingerprint ON pending (fingerprint, status);",
    // 3: record ids (a unique index: one journal line can never become two rows; rows from
    // before keep NULL, which the index allows) and the quarantine of journal lines that are not
    // records, each with the spool it came from and its byte offset there.
    "ALTER TABLE decisions ADD COLUMN uid TEXT;
    CREATE UNIQUE INDEX decisions_uid ON decisions (uid);
    CREATE TABLE quarantine (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        time    TEXT    NOT NULL,     -- when the import set it aside
        spool   TEXT    NOT NULL,     -- the journal or spool file
        offset  INTEGER NOT NULL,     -- byte offset of the line in that file
        error   TEXT    NOT NULL,     -- why it is not a record
        line    BLOB    NOT NULL      -- the bytes, exactly as found
    );",
];

/// What can go wrong while preparing a connection.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SchemaError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the audit store has schema version {found}, newer than this agsec understands ({VERSION})"
    )]
    TooNew { found: i64 },
}

/// Sets the connection up (busy timeout, WAL, `synchronous=FULL`: a commit is on disk before it
/// returns, so the journal lines an import committed can be removed; `check` seldom writes the
/// store itself, so the fsync is paid per import, not per decision) and migrates the schema to
/// [`VERSION`]. Safe to call from many processes at once: migration runs in an
/// immediate transaction and re-reads the version inside it.
pub(crate) fn prepare(conn: &Connection, busy_timeout: Duration) -> Result<(), SchemaError> {
    conn.busy_timeout(busy_timeout)?;
    let deadline = Instant::now() + busy_timeout;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // Switching needs an exclusive moment; a concurrent opener can make it report busy
        // without consulting the busy handler, so retry until the timeout.
        retry_busy(deadline, || {
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
        })?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    let version = user_version(conn)?;
    if version > VERSION {
        return Err(SchemaError::TooNew { found: version });
    }
    if version < VERSION {
        retry_busy(deadline, || migrate(conn))?;
    }
    let version = user_version(conn)?;
    if version > VERSION {
        return Err(SchemaError::TooNew { found: version });
    }
    Ok(())
}

/// The schema version recorded in the database file.
pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every migration past the current version, in one immediate transaction.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let target = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1);
        if target > current {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", target)?;
        }
    }
    tx.commit()
}

/// Runs `op` until it succeeds, fails with something other than "busy/locked", or `deadline`
/// passes (then the last busy error is returned).
pub(crate) fn retry_busy<T>(
    deadline: Instant,
    mut op: impl FnMut() -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let mut pause = Duration::from_millis(1);
    loop {
        match op() {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Whether `err` means another connection holds a lock (worth retrying).
pub(crate) fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_idempotent_and_sets_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        for _ in 0..2 {
            let conn = Connection::open(&path).unwrap();
            prepare(&conn, Duration::from_secs(1)).unwrap();
            assert_eq!(user_version(&conn).unwrap(), VERSION);
            let mode: String = conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "wal");
            let tables: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('decisions', 'meta')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(tables, 2);
        }
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        let err = prepare(&conn, Duration::from_secs(1)).unwrap_err();
        assert!(matches!(err, SchemaError::TooNew { found } if found == VERSION + 1));
    }

    #[test]
    fn retry_gives_up_at_the_deadline() {
        let busy = || {
            Err::<(), _>(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                None,
            ))
        };
        let start = Instant::now();
        let err = retry_busy(start + Duration::from_millis(20), busy).unwrap_err();
        assert!(is_busy(&err));
        assert!(start.elapsed() >= Duration::from_millis(20));
        let mut calls = 0;
        let other = retry_busy(start + Duration::from_secs(5), || {
            calls += 1;
            Err::<(), _>(rusqlite::Error::InvalidQuery)
        });
        assert!(other.is_err());
        assert_eq!(calls, 1);
    }
}
