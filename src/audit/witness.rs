//! The head witness: a small file beside the store (`<db>.head`) naming the chain's anchor and
//! head as of the last write. The chain alone cannot show rows cut from its end, every row wiped,
//! or a prefix cut with the anchor moved by hand (a forged `prune`), because the `meta` values it
//! verifies against live in the same database; the witness lives outside it. Writers move the
//! witness forward after each commit (it may lag the store, never lead it), `prune` moves its
//! anchor before committing, and a witness that disagrees with the store is left as it is, as
//! evidence, until a person resets it (`agsec audit verify --reset-witness`).
//!
//! Where `audit.jsonl_log` is set, each move of the witness also appends a checkpoint line to that
//! log, and `verify` compares the last one with the store too. What it does not stop: someone who
//! can write the store, this file and the log can rewrite them to agree; only a copy of the log
//! shipped off the machine shows that.

use super::record::GENESIS_HASH;
use super::{StoreError, head, meta_link};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first line of a witness file.
const MAGIC: &str = "agsec audit head witness v1";

/// The `meta` key saying this store keeps a witness (so a missing file is news).
const META_KEY: &str = "witness";

/// A chain position: a row id and its hash (the anchor of a new store is 0 and genesis).
pub(crate) type Link = (i64, String);

/// What the witness file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Witness {
    pub(crate) anchor: Link,
    pub(crate) head: Link,
}

/// How the store disagrees with its witness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "witness")]
pub enum WitnessProblem {
    /// The store keeps a witness, but the file is gone.
    Missing,
    /// The file is there but is not a witness.
    Unreadable {
        /// Why it could not be read as a witness.
        error: String,
    },
    /// The witness names rows past the store's head: rows `first..=last` were cut from the end
    /// (all of them when `first` is 1 and the store is empty).
    TailRemoved {
        /// The first row id cut.
        first: i64,
        /// The last row id cut (the witness's head).
        last: i64,
    },
    /// The store's anchor is past the witness's: rows `first..=last` were cut from the start
    /// without `agsec audit prune`.
    PrefixRemoved {
        /// The first row id cut.
        first: i64,
        /// The last row id cut.
        last: i64,
    },
    /// The row the witness names has another hash in the store: the chain was rewritten.
    Rewritten {
        /// The row id the witness names.
        id: i64,
    },
}

impl std::fmt::Display for WitnessProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WitnessProblem::Missing => f.write_str("the head witness is missing"),
            WitnessProblem::Unreadable { error } => {
                write!(f, "the head witness cannot be read: {error}")
            }
            WitnessProblem::TailRemoved { first, last } => write!(
                f,
                "rows {first} to {last} were removed from the end (the head witness names row {last})"
            ),
            WitnessProblem::PrefixRemoved { first, last } => write!(
                f,
                "rows {first} to {last} were removed from the start without `agsec audit prune`"
            ),
            WitnessProblem::Rewritten { id } => {
                write!(
                    f,
                    "row {id} does not match the head witness: the chain was rewritten"
                )
            }
        }
    }
}

/// `<db>.head`.
pub(crate) fn path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".head");
    PathBuf::from(name)
}

/// The store's anchor and head, as `meta` records them.
pub(crate) fn current(conn: &Connection) -> rusqlite::Result<Witness> {
    Ok(Witness {
        anchor: meta_link(conn, "anchor")?.unwrap_or_else(|| (0, GENESIS_HASH.to_owned())),
        head: head(conn)?,
    })
}

/// Reads the witness: `Ok(None)` when there is no file.
pub(crate) fn read(db: &Path) -> Result<Option<Witness>, String> {
    let path = path(db);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let mut lines = text.lines();
    if lines.next() != Some(MAGIC) {
        return Err(format!("the first line is not `{MAGIC}`"));
    }
    let mut link = |name: &str| -> Result<Link, String> {
        let line = lines.next().unwrap_or_default();
        let mut words = line.split(' ');
        match (words.next(), words.next(), words.next(), words.next()) {
            (Some(key), Some(id), Some(hash), None) if key == name => id
                .parse()
                .map(|id| (id, hash.to_owned()))
                .map_err(|_| format!("`{line}` has no row id")),
            _ => Err(format!("expected `{name} <id> <hash>`, found `{line}`")),
        }
    };
    let anchor = link("anchor")?;
    let head = link("head")?;
    Ok(Some(Witness { anchor, head }))
}

/// Writes the witness atomically (a synced temporary file renamed over it).
fn write(db: &Path, witness: &Witness) -> Result<(), StoreError> {
    let target = path(db);
    let mut tmp_name = target.as_os_str().to_owned();
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp_name);
    let io = |e| StoreError::io(&target, e);
    let text = format!(
        "{MAGIC}\nanchor {} {}\nhead {} {}\n",
        witness.anchor.0, witness.anchor.1, witness.head.0, witness.head.1
    );
    let written = std::fs::File::create(&tmp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &target)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// Compares the witness with the store (inside the caller's read transaction): `None` when they
/// agree, which includes a witness that lags behind the head or leads the anchor (a write or a
/// `prune` that did not finish).
pub(crate) fn check(conn: &Connection, db: &Path) -> rusqlite::Result<Option<WitnessProblem>> {
    let kept = conn
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [META_KEY], |_| Ok(()))
        .optional()?
        .is_some();
    match read(db) {
        Ok(Some(witness)) => compare(conn, &witness),
        Ok(None) if kept => Ok(Some(WitnessProblem::Missing)),
        Ok(None) => Ok(None),
        Err(error) => Ok(Some(WitnessProblem::Unreadable { error })),
    }
}

/// Compares a witness (the file's, or a checkpoint's) with the store.
fn compare(conn: &Connection, witness: &Witness) -> rusqlite::Result<Option<WitnessProblem>> {
    let store = current(conn)?;
    if witness.head.0 > store.head.0 {
        return Ok(Some(WitnessProblem::TailRemoved {
            first: store.head.0 + 1,
            last: witness.head.0,
        }));
    }
    if store.anchor.0 > witness.anchor.0 {
        return Ok(Some(WitnessProblem::PrefixRemoved {
            first: witness.anchor.0 + 1,
            last: store.anchor.0,
        }));
    }
    for link in [&witness.head, &witness.anchor] {
        if !is_on_chain(conn, &store, link)? {
            return Ok(Some(WitnessProblem::Rewritten { id: link.0 }));
        }
    }
    Ok(None)
}

/// Whether `link` is the store's anchor or head, a row with that hash, or a row pruned away.
fn is_on_chain(conn: &Connection, store: &Witness, link: &Link) -> rusqlite::Result<bool> {
    if *link == store.anchor || *link == store.head {
        return Ok(true);
    }
    if link.0 < store.anchor.0 {
        return Ok(true);
    }
    let hash: Option<String> = conn
        .query_row("SELECT hash FROM decisions WHERE id = ?1", [link.0], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(hash.as_deref() == Some(link.1.as_str()))
}

/// Makes a store keep a witness, on its first open by an agsec that keeps them: writes the
/// witness from the store as it is, unless a witness file is already there (a store deleted and
/// recreated under it: the old witness is the evidence). Best effort: a store in a directory
/// that cannot be written still opens.
pub(crate) fn start(conn: &Connection, db: &Path) {
    let kept = conn
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [META_KEY], |_| Ok(()))
        .optional();
    if !matches!(kept, Ok(None)) {
        return;
    }
    let written = match read(db) {
        Ok(None) => current(conn)
            .map_err(|e| StoreError::sqlite(db, e))
            .and_then(|now| write(db, &now)),
        _ => Ok(()),
    };
    if written.is_ok() {
        let _ = mark_kept(conn);
    }
}

/// Writes the witness from the store as it is and marks the store as keeping one (what a person
/// does after reading a report, to accept the store as it now is).
pub(crate) fn reset(conn: &Connection, db: &Path) -> Result<(), StoreError> {
    let sql = |e| StoreError::sqlite(db, e);
    write(db, &current(conn).map_err(sql)?)?;
    mark_kept(conn).map_err(sql)
}

fn mark_kept(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, 'kept') ON CONFLICT (key) DO NOTHING",
        [META_KEY],
    )
    .map(|_| ())
}

/// Moves the witness forward to the store's state after a commit, unless it disagrees with the
/// store (then it stays, as evidence), and appends a checkpoint line to the decision log
/// `checkpoints` if one is set. Best effort: a witness that lags is not a problem.
pub(crate) fn advance(conn: &Connection, db: &Path, checkpoints: Option<&Path>) {
    if let Ok(None) = check(conn, db)
        && let Ok(now) = current(conn)
    {
        let _ = write(db, &now);
        if let Some(log) = checkpoints
            && append_checkpoint(log, &now).is_ok()
        {
            let _ = remember_log(conn, log);
        }
    }
}

/// The `meta` key naming the decision log that holds the store's checkpoints, so `verify` finds
/// it whatever the directory it runs in.
const LOG_KEY: &str = "checkpoint_log";

/// Records `log` as the store's checkpoint log (a write only when it changed).
fn remember_log(conn: &Connection, log: &Path) -> rusqlite::Result<()> {
    let Some(log) = log.to_str() else {
        return Ok(());
    };
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value != excluded.value",
        [LOG_KEY, log],
    )
    .map(|_| ())
}

/// The decision log the store's checkpoints were last appended to, if any.
pub(crate) fn remembered_log(conn: &Connection) -> rusqlite::Result<Option<PathBuf>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [LOG_KEY], |r| {
        r.get::<_, String>(0)
    })
    .optional()
    .map(|v| v.map(PathBuf::from))
}

/// The key of a checkpoint line in the decision log (`audit.jsonl_log`).
const CHECKPOINT: &str = "agsec_checkpoint";

/// Appends `{"agsec_checkpoint": {"anchor": [id, hash], "head": [id, hash]}}` to the decision
/// log, with one `write`.
fn append_checkpoint(log: &Path, witness: &Witness) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(&serde_json::json!({
        CHECKPOINT: {"anchor": witness.anchor, "head": witness.head}
    }))?;
    line.push(b'\n');
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?
        .write_all(&line)
}

/// The last checkpoint line of the decision log (`Ok(None)`: no log or no checkpoint yet).
fn last_checkpoint(log: &Path) -> Result<Option<Witness>, String> {
    let bytes = match std::fs::read(log) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let needle = CHECKPOINT.as_bytes();
    let line = bytes
        .split(|b| *b == b'\n')
        .rev()
        .find(|line| line.windows(needle.len()).any(|w| w == needle));
    let Some(line) = line else {
        return Ok(None);
    };
    #[derive(serde::Deserialize)]
    struct Line {
        agsec_checkpoint: Point,
    }
    #[derive(serde::Deserialize)]
    struct Point {
        anchor: Link,
        head: Link,
    }
    let parsed: Line = serde_json::from_slice(line)
        .map_err(|e| format!("its last checkpoint line is not one: {e}"))?;
    Ok(Some(Witness {
        anchor: parsed.agsec_checkpoint.anchor,
        head: parsed.agsec_checkpoint.head,
    }))
}

/// Compares the last checkpoint of the decision log with the store.
pub(crate) fn check_log(conn: &Connection, log: &Path) -> rusqlite::Result<Option<WitnessProblem>> {
    match last_checkpoint(log) {
        Ok(Some(point)) => compare(conn, &point),
        Ok(None) => Ok(None),
        Err(error) => Ok(Some(WitnessProblem::Unreadable { error })),
    }
}

/// Moves the witness's anchor to `anchor` before a prune commits (inside its transaction), so a
/// finished prune never looks like a prefix cut.
pub(crate) fn before_prune(conn: &Connection, db: &Path, anchor: Link) -> Result<(), StoreError> {
    let sql = |e| StoreError::sqlite(db, e);
    if check(conn, db).map_err(sql)?.is_some() {
        // Leave the evidence; `verify` reports it.
        return Ok(());
    }
    let head = head(conn).map_err(sql)?;
    write(db, &Witness { anchor, head })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        assert_eq!(read(&db), Ok(None));
        let w = Witness {
            anchor: (0, GENESIS_HASH.to_owned()),
            head: (7, "ab".repeat(32)),
        };
        write(&db, &w).unwrap();
        assert_eq!(read(&db), Ok(Some(w)));
        for bad in [
            "",
            "hello\n",
            "agsec audit head witness v1\nanchor x y\nhead 1 a\n",
        ] {
            std::fs::write(path(&db), bad).unwrap();
            assert!(read(&db).is_err(), "{bad:?}");
        }
    }
}
