//! Never losing a record: when the store cannot be written (locked past the timeout, disk full,
//! read-only), the redacted entry goes to a JSONL spool file, and the next successful write
//! imports every spooled entry first, in order, into the chain. Spool files are guarded by
//! advisory file locks, so concurrent spoolers and importers never lose or duplicate a line.

use super::record::{Entry, NewRecord};
use super::{AuditStore, DEFAULT_BUSY_TIMEOUT, StoreError};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where a record went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Appended to the store, with this row id.
    Stored(i64),
    /// The store could not be written; the record waits in this spool file.
    Spooled(PathBuf),
}

/// Records decisions into one store, spooling when it cannot. [`record_or_spool`] is
/// `Recorder::new(db).record(rec)`; the builder exists for tests and callers that need a shorter
/// lock wait or other spool locations.
#[derive(Debug, Clone)]
pub struct Recorder {
    db: PathBuf,
    spools: Vec<PathBuf>,
    busy_timeout: Duration,
}

/// Records `rec` in the store at `db`, or, if the store cannot be written, in a spool (next to
/// the store, else in agsec's cache directory). Errors only when both fail; the caller must then
/// treat the decision as unrecorded (and deny).
pub fn record_or_spool(db: &Path, rec: &NewRecord) -> Result<Recorded, StoreError> {
    Recorder::new(db).record(rec)
}

impl Recorder {
    /// A recorder for `db` with the default spools and busy timeout.
    pub fn new(db: &Path) -> Self {
        let mut spools = vec![sibling_spool(db)];
        spools.extend(fallback_spool(db));
        Self {
            db: db.to_owned(),
            spools,
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
        }
    }

    /// How long to wait for other writers before spooling.
    #[must_use]
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// Where to spool, in order of preference (each is also imported from on success).
    #[must_use]
    pub fn spools(mut self, paths: Vec<PathBuf>) -> Self {
        self.spools = paths;
        self
    }

    /// The spool files, in order of preference.
    pub fn spool_paths(&self) -> &[PathBuf] {
        &self.spools
    }

    /// Records one decision: into the store (after importing any spooled ones), else into the
    /// first spool that accepts it.
    pub fn record(&self, rec: &NewRecord) -> Result<Recorded, StoreError> {
        let entry = Entry::new(rec);
        let stored =
            AuditStore::open_with_timeout(&self.db, self.busy_timeout).and_then(|mut store| {
                store.append_with_spools(std::slice::from_ref(&entry), &self.spools)
            });
        let store_err = match stored {
            Ok(ids) => {
                if let Some(id) = ids.last() {
                    return Ok(Recorded::Stored(*id));
                }
                StoreError::sqlite(&self.db, rusqlite::Error::QueryReturnedNoRows)
            }
            Err(e) => e,
        };
        let mut spool_err = None;
        for path in &self.spools {
            match append_entry(path, &entry) {
                Ok(()) => return Ok(Recorded::Spooled(path.clone())),
                Err(e) => spool_err = Some(e),
            }
        }
        let spool = spool_err.unwrap_or_else(|| {
            StoreError::io(
                &self.db,
                std::io::Error::other("no spool location is configured"),
            )
        });
        Err(StoreError::Unrecordable {
            store: Box::new(store_err),
            spool: Box::new(spool),
        })
    }
}

/// `<db>.spool.jsonl`.
pub(crate) fn sibling_spool(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".spool.jsonl");
    PathBuf::from(name)
}

/// A spool in agsec's cache directory, named after the store's path, for when the store's own
/// directory cannot be written.
fn fallback_spool(db: &Path) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "agsec")?;
    let digest = Sha256::digest(db.as_os_str().as_encoded_bytes());
    let tag = super::record::hex(digest.get(..8).unwrap_or_default());
    Some(
        dirs.cache_dir()
            .join("spool")
            .join(format!("{tag}.spool.jsonl")),
    )
}

/// Appends one entry as a JSON line, under an exclusive lock.
fn append_entry(path: &Path, entry: &Entry) -> Result<(), StoreError> {
    let io = |e| StoreError::io(path, e);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut line = serde_json::to_vec(entry).map_err(|e| io(e.into()))?;
    line.push(b'\n');
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io)?;
    file.lock().map_err(io)?;
    file.write_all(&line).map_err(io)?;
    file.sync_data().map_err(io)?;
    Ok(())
}

/// Spooled entries taken for import, with their files still locked.
pub(crate) struct Pending {
    /// In spool order (files in preference order, merged by time).
    pub(crate) entries: Vec<Entry>,
    files: Vec<(PathBuf, File)>,
}

impl Pending {
    /// Empties the spool files (call once the entries are committed); dropping unlocks them.
    /// An emptying failure leaves lines that will be imported again: a duplicate beats a loss.
    pub(crate) fn clear(self) {
        for (_, file) in &self.files {
            let _ = file.set_len(0);
        }
    }
}

/// Locks every non-empty spool and reads its entries. Unreadable spools are left for later;
/// lines that do not parse are moved to `<spool>.rejected` rather than dropped.
pub(crate) fn take_pending(spools: &[PathBuf]) -> Result<Pending, StoreError> {
    let mut pending = Pending {
        entries: Vec::new(),
        files: Vec::new(),
    };
    for path in spools {
        if !std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            continue;
        }
        let Ok(mut file) = OpenOptions::new().read(true).write(true).open(path) else {
            continue;
        };
        if file.lock().is_err() || file.seek(SeekFrom::Start(0)).is_err() {
            continue;
        }
        let mut rejected = Vec::new();
        for line in BufReader::new(&file).lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Entry>(&line) {
                Ok(entry) => pending.entries.push(entry),
                Err(_) => rejected.push(line),
            }
        }
        if !rejected.is_empty() {
            let mut name = path.as_os_str().to_owned();
            name.push(".rejected");
            let mut text = rejected.join("\n");
            text.push('\n');
            let saved = OpenOptions::new()
                .create(true)
                .append(true)
                .open(PathBuf::from(name))
                .and_then(|mut f| f.write_all(text.as_bytes()));
            if let Err(e) = saved {
                return Err(StoreError::io(path, e));
            }
        }
        pending.files.push((path.clone(), file));
    }
    // Stable: entries of one spool keep their order; several spools interleave by time.
    pending.entries.sort_by(|a, b| a.time.cmp(&b.time));
    Ok(pending)
}

#[cfg(test)]
mod tests {
    use super::super::record::tests::sample;
    use super::*;
    use rusqlite::Connection;

    fn summaries(db: &Path) -> Vec<String> {
        let store = AuditStore::open(db).unwrap();
        store
            .query(&super::super::Filter::default())
            .unwrap()
            .into_iter()
            .map(|r| r.summary)
            .collect()
    }

    #[test]
    fn an_unwritable_store_spools_then_imports_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        let db = dir.join("audit.db");
        let fallback = tmp.path().join("cache/fallback.spool.jsonl");
        let recorder = Recorder::new(&db).spools(vec![sibling_spool(&db), fallback.clone()]);
        assert_eq!(
            recorder.record(&sample("one")).unwrap(),
            Recorded::Stored(1)
        );

        // The store's directory disappears behind a regular file: neither the store nor its
        // sibling spool can be written (this holds for root too, unlike chmod).
        let aside = tmp.path().join("aside");
        std::fs::rename(&dir, &aside).unwrap();
        std::fs::write(&dir, "not a directory").unwrap();
        for cmd in ["two", "three"] {
            assert_eq!(
                recorder.record(&sample(cmd)).unwrap(),
                Recorded::Spooled(fallback.clone())
            );
        }
        let spooled = std::fs::read_to_string(&fallback).unwrap();
        assert_eq!(spooled.lines().count(), 2);

        std::fs::remove_file(&dir).unwrap();
        std::fs::rename(&aside, &dir).unwrap();
        assert_eq!(
            recorder.record(&sample("four")).unwrap(),
            Recorded::Stored(4)
        );
        assert_eq!(summaries(&db), ["one", "two", "three", "four"]);
        assert_eq!(std::fs::metadata(&fallback).unwrap().len(), 0);
        let store = AuditStore::open(&db).unwrap();
        assert_eq!(store.verify().unwrap().problem, None);
    }

    #[test]
    fn a_locked_store_spools_next_to_it() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("audit.db");
        let recorder = Recorder::new(&db)
            .busy_timeout(Duration::from_millis(50))
            .spools(vec![sibling_spool(&db)]);
        assert_eq!(
            recorder.record(&sample("one")).unwrap(),
            Recorded::Stored(1)
        );
        let holder = Connection::open(&db).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        assert_eq!(
            recorder.record(&sample("two")).unwrap(),
            Recorded::Spooled(sibling_spool(&db))
        );
        holder.execute_batch("COMMIT").unwrap();
        assert_eq!(
            recorder.record(&sample("three")).unwrap(),
            Recorded::Stored(3)
        );
        assert_eq!(summaries(&db), ["one", "two", "three"]);
    }

    #[test]
    fn spools_hold_no_secrets_and_bad_lines_are_kept_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = tmp.path().join("s.jsonl");
        append_entry(&spool, &Entry::new(&sample("mysql --password=hunter2"))).unwrap();
        let text = std::fs::read_to_string(&spool).unwrap();
        assert!(
            text.contains("--password=[REDACTED]") && !text.contains("hunter2"),
            "{text}"
        );
        std::fs::write(&spool, format!("{text}not json\n")).unwrap();
        let pending = take_pending(std::slice::from_ref(&spool)).unwrap();
        assert_eq!(pending.entries.len(), 1);
        pending.clear();
        assert_eq!(std::fs::metadata(&spool).unwrap().len(), 0);
        let rejected = std::fs::read_to_string(tmp.path().join("s.jsonl.rejected")).unwrap();
        assert_eq!(rejected, "not json\n");
    }

    #[test]
    fn when_nothing_can_be_written_the_caller_hears_it() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let db = file.join("audit.db");
        let err = Recorder::new(&db)
            .spools(vec![sibling_spool(&db), file.join("other.jsonl")])
            .record(&sample("x"))
            .unwrap_err();
        assert!(matches!(err, StoreError::Unrecordable { .. }), "{err}");
        assert!(
            err.to_string().starts_with("cannot record the decision: "),
            "{err}"
        );
    }

    #[test]
    fn default_spools() {
        let r = Recorder::new(Path::new("/data/audit.db"));
        assert_eq!(
            r.spool_paths().first().unwrap(),
            Path::new("/data/audit.db.spool.jsonl")
        );
        assert!(
            r.spool_paths()
                .iter()
                .skip(1)
                .all(|p| p.ends_with(p.file_name().unwrap())
                    && p.to_string_lossy().contains("spool"))
        );
    }
}
