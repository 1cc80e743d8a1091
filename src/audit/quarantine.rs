//! The quarantine: journal and spool lines that are not records (not UTF-8, not JSON, a write
//! torn by a killed process), kept in the store with the file and byte offset they came from.
//! The import puts them here in the transaction that imports the records around them, so the
//! journal is never emptied of a line the store does not hold in one form or the other.

use super::{AuditStore, StoreError};
use rusqlite::Connection;
use serde::Serialize;
use std::path::PathBuf;

/// A journal line that is not a record, as the import found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quarantined {
    pub(crate) spool: PathBuf,
    /// Byte offset of the line in the spool.
    pub(crate) offset: u64,
    pub(crate) error: String,
    pub(crate) bytes: Vec<u8>,
}

/// A quarantined line as stored (its bytes are not returned; `len` says how many).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarantinedLine {
    /// Row id in the store's quarantine table.
    pub id: i64,
    /// When the import set it aside.
    pub time: String,
    /// The spool or journal file the line came from.
    pub spool: String,
    /// Byte offset of the line in that file.
    pub offset: u64,
    /// Why the line could not be imported (one line).
    pub error: String,
    /// Length of the line in bytes.
    pub len: u64,
}

/// Keeps `lines`, inside the caller's transaction.
pub(crate) fn insert(conn: &Connection, lines: &[Quarantined]) -> rusqlite::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let now = super::record::format_time(jiff::Timestamp::now());
    let mut insert = conn.prepare_cached(
        "INSERT INTO quarantine (time, spool, offset, error, line) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for q in lines {
        insert.execute(rusqlite::params![
            now,
            q.spool.to_string_lossy(),
            i64::try_from(q.offset).unwrap_or(i64::MAX),
            q.error,
            q.bytes,
        ])?;
    }
    Ok(())
}

impl AuditStore {
    /// The quarantined journal lines, oldest first.
    pub fn quarantined(&self) -> Result<Vec<QuarantinedLine>, StoreError> {
        let db = |e| StoreError::sqlite(&self.path, e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, time, spool, offset, error, length(line) FROM quarantine ORDER BY id",
            )
            .map_err(db)?;
        stmt.query_map([], |r| {
            Ok(QuarantinedLine {
                id: r.get(0)?,
                time: r.get(1)?,
                spool: r.get(2)?,
                offset: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                error: r.get(4)?,
                len: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
            })
        })
        .and_then(Iterator::collect)
        .map_err(db)
    }
}
