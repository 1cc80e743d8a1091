//! Recording a decision cheaply without losing it. [`record_or_spool`] (what `check` calls)
//! appends the redacted entry to the journal next to the store (`<db>.spool.jsonl`): one `write`
//! under a lock, starting on a fresh line, no fsync, no SQLite. Readers import the journal into
//! the hash-chained store when they open it, and `check` imports it itself once it is large or
//! old, so it stays small. If the journal cannot be written the record goes straight into the
//! store (the journal and spools imported in the same transaction), else into a fallback spool
//! in agsec's cache directory; only when all three fail is the decision unrecorded (and denied).
//!
//! Import (in [`super::spool`] and the store) never stops at a bad line: a line that is not
//! UTF-8 or not a record is quarantined with its offset and the lines after it are imported.
//! Each record carries a unique id, so importing the same lines twice (a reader killed between
//! commit and truncation) never duplicates a row. Each commit moves the head witness forward
//! and, with [`Recorder::checkpoint_log`], appends a checkpoint line to the decision log.
//!
//! Durability: an agsec crash loses nothing (the line is in the kernel once `write` returns);
//! an OS crash or power cut can lose the journal lines the kernel had not yet written back (a
//! few seconds' worth); the store itself is never left corrupt, and journal lines are removed
//! only after the import that holds them is committed to disk.

use super::record::{Entry, NewRecord};
use super::spool::{self, Appended};
use super::{AuditStore, DEFAULT_BUSY_TIMEOUT, StoreError};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// `check` imports the journal once it reaches this size (about 500 typical lines; importing
/// them costs one store open and commit, so recording stays cheap on average).
pub const IMPORT_BYTES: u64 = 256 * 1024;

/// … or once its oldest line is this old, so a quiet journal does not linger.
pub(crate) const IMPORT_AGE: Duration = Duration::from_secs(5 * 60);

/// Where a record went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Appended to the journal (the normal case); in the store once the journal is imported.
    Journaled(PathBuf),
    /// The journal could not be written; appended to the store directly, with this row id.
    Stored(i64),
    /// Neither the journal nor the store could be written; the record waits in this spool.
    Spooled(PathBuf),
}

/// Records decisions for one store. [`record_or_spool`] is `Recorder::new(db).record(rec)`;
/// the builder exists for tests and callers that need other locations, lock waits or import
/// thresholds.
#[derive(Debug, Clone)]
pub struct Recorder {
    db: PathBuf,
    journal: PathBuf,
    fallbacks: Vec<PathBuf>,
    busy_timeout: Duration,
    import_bytes: u64,
    import_age: Duration,
    checkpoints: Option<PathBuf>,
}

/// Records `rec` for the store at `db`: in its journal, else in the store, else in a spool in
/// agsec's cache directory. Errors only when all fail; the caller must then treat the decision
/// as unrecorded (and deny).
pub fn record_or_spool(db: &Path, rec: &NewRecord) -> Result<Recorded, StoreError> {
    Recorder::new(db).record(rec)
}

impl Recorder {
    /// A recorder for `db` with the default journal (`<db>.spool.jsonl`), fallback spool, busy
    /// timeout and import thresholds.
    pub fn new(db: &Path) -> Self {
        Self {
            db: db.to_owned(),
            journal: spool::sibling_spool(db),
            fallbacks: spool::fallback_spool(db).into_iter().collect(),
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
            import_bytes: IMPORT_BYTES,
            import_age: IMPORT_AGE,
            checkpoints: None,
        }
    }

    /// How long a write to the store waits for other writers before spooling.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// Where [`Recorder::record`] appends.
    #[must_use]
    pub fn journal(mut self, path: PathBuf) -> Self {
        self.journal = path;
        self
    }

    /// Where records go when neither the journal nor the store can take them, in order of
    /// preference.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn fallback_spools(mut self, paths: Vec<PathBuf>) -> Self {
        self.fallbacks = paths;
        self
    }

    /// Import the journal during [`Recorder::record`] once it holds `bytes` or its oldest line
    /// is `age` old.
    #[must_use]
    pub fn import_when(mut self, bytes: u64, age: Duration) -> Self {
        self.import_bytes = bytes;
        self.import_age = age;
        self
    }

    /// The decision log (`audit.jsonl_log`) that gets a checkpoint line whenever an import or a
    /// direct write moves the store's head.
    #[must_use]
    pub(crate) fn checkpoint_log(mut self, log: Option<PathBuf>) -> Self {
        self.checkpoints = log;
        self
    }

    /// The store, set up as this recorder writes it.
    fn connect(&self, busy_timeout: Duration) -> Result<AuditStore, StoreError> {
        let mut store = AuditStore::connect(&self.db, busy_timeout)?;
        store.keep_checkpoints(self.checkpoints.clone());
        Ok(store)
    }

    /// The journal, then the fallback spools: every file imported into the store.
    pub(crate) fn spool_paths(&self) -> Vec<PathBuf> {
        let mut paths = vec![self.journal.clone()];
        paths.extend(self.fallbacks.iter().cloned());
        paths
    }

    /// Records one decision: appends it to the journal (importing the journal if that made it
    /// due); if the journal cannot be written, as [`Recorder::record_direct`].
    pub fn record(&self, rec: &NewRecord) -> Result<Recorded, StoreError> {
        let entry = Entry::new(rec);
        let journaled = spool::line(&entry)
            .map_err(|e| StoreError::io(&self.journal, e.into()))
            .and_then(|line| spool::append(&self.journal, &line, false));
        match journaled {
            Ok(appended) => {
                self.import_if_due(appended);
                Ok(Recorded::Journaled(self.journal.clone()))
            }
            Err(journal_err) => self.store_or_spool(&entry, Some(journal_err)),
        }
    }

    /// Records one decision in the store itself (after importing the journal and spools, in
    /// the same transaction), else in the first spool that accepts it. Costs a store open and
    /// a commit to disk: what [`Recorder::record`] falls back to.
    pub fn record_direct(&self, rec: &NewRecord) -> Result<Recorded, StoreError> {
        self.store_or_spool(&Entry::new(rec), None)
    }

    /// Imports the journal and spools into the store now; returns how many records moved.
    pub fn import(&self) -> Result<usize, StoreError> {
        let mut store = self.connect(self.busy_timeout)?;
        store.import_from(&self.spool_paths())
    }

    /// Imports once the append made the journal due. Best effort and without waiting: the
    /// record is safe in the journal, and if another process holds the store (most likely
    /// importing the same lines), the next due append or reader imports.
    fn import_if_due(&self, appended: Appended) {
        if appended.is_due(self.import_bytes, self.import_age, SystemTime::now()) {
            let _ = self
                .connect(Duration::ZERO)
                .and_then(|mut store| store.import_from(&self.spool_paths()));
        }
    }

    /// The store (importing the spools first), else the journal (unless it just failed) and
    /// then the fallback spools, synced to disk.
    fn store_or_spool(
        &self,
        entry: &Entry,
        journal_err: Option<StoreError>,
    ) -> Result<Recorded, StoreError> {
        // A spool that is not a regular file is the readers' error to report; the record
        // still goes into the store.
        let spools: Vec<PathBuf> = self
            .spool_paths()
            .into_iter()
            .filter(|p| !spool::is_not_a_file(p))
            .collect();
        let stored = self.connect(self.busy_timeout).and_then(|mut store| {
            store
                .append_with_spools(std::slice::from_ref(entry), &spools)
                .map(|(_, ids)| ids)
        });
        let store_err = match stored {
            Ok(ids) => match ids.last() {
                Some(id) => return Ok(Recorded::Stored(*id)),
                None => StoreError::sqlite(&self.db, rusqlite::Error::QueryReturnedNoRows),
            },
            Err(e) => e,
        };
        let line = spool::line(entry).map_err(|e| StoreError::io(&self.db, e.into()))?;
        let journal = journal_err.is_none().then_some(&self.journal);
        let mut spool_err = journal_err;
        for path in journal.into_iter().chain(&self.fallbacks) {
            match spool::append(path, &line, true) {
                Ok(_) => return Ok(Recorded::Spooled(path.clone())),
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

#[cfg(test)]
mod tests {
    use super::super::Filter;
    use super::super::record::tests::sample;
    use super::*;
    use rusqlite::Connection;

    fn summaries(db: &Path) -> Vec<String> {
        AuditStore::open(db)
            .unwrap()
            .query(&Filter::default())
            .unwrap()
            .into_iter()
            .map(|r| r.summary)
            .collect()
    }

    /// Rows in the store without importing anything (what `check` left there).
    fn rows_in_store(db: &Path) -> u64 {
        AuditStore::connect(db, DEFAULT_BUSY_TIMEOUT)
            .unwrap()
            .count()
            .unwrap()
    }

    fn recorder(tmp: &Path) -> (PathBuf, Recorder) {
        let db = tmp.join("store/audit.db");
        let recorder = Recorder::new(&db).fallback_spools(vec![tmp.join("cache/fallback.jsonl")]);
        (db, recorder)
    }

    #[test]
    fn records_go_to_the_journal_and_readers_import_them_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let (db, recorder) = recorder(tmp.path());
        let journal = spool::sibling_spool(&db);
        for cmd in ["one", "two", "three"] {
            assert_eq!(
                recorder.record(&sample(cmd)).unwrap(),
                Recorded::Journaled(journal.clone())
            );
        }
        assert!(!db.exists(), "the journal path opens no store");
        assert_eq!(
            std::fs::read_to_string(&journal).unwrap().lines().count(),
            3
        );

        let store = AuditStore::open(&db).unwrap();
        assert!(!journal.exists());
        let rows = store.query(&Filter::default()).unwrap();
        let got: Vec<(&str, i64)> = rows.iter().map(|r| (r.summary.as_str(), r.id)).collect();
        assert_eq!(got, [("one", 1), ("two", 2), ("three", 3)]);
        assert_eq!(store.verify().unwrap().problem, None);
        drop(store);

        // Later records chain on after the imported ones.
        recorder.record(&sample("four")).unwrap();
        assert_eq!(summaries(&db), ["one", "two", "three", "four"]);
        assert_eq!(AuditStore::open(&db).unwrap().verify().unwrap().rows, 4);
    }

    #[test]
    fn a_large_or_old_journal_is_imported_by_the_recording_call() {
        let cases = [
            // (bytes, age, records, rows in the store after them)
            (u64::MAX, Duration::MAX, 3, 0),
            (1, Duration::MAX, 3, 3),
            (u64::MAX, Duration::ZERO, 3, 3),
        ];
        for (bytes, age, n, stored) in cases {
            let tmp = tempfile::tempdir().unwrap();
            // Without birth times (some file systems) there is no age trigger.
            let has_birth = std::fs::metadata(tmp.path())
                .and_then(|m| m.created())
                .is_ok();
            let stored = if bytes == u64::MAX && !has_birth {
                0
            } else {
                stored
            };
            let (db, recorder) = recorder(tmp.path());
            let recorder = recorder.import_when(bytes, age);
            for i in 0..n {
                recorder.record(&sample(&format!("echo {i}"))).unwrap();
            }
            let in_store = if db.exists() { rows_in_store(&db) } else { 0 };
            assert_eq!(in_store, stored, "{bytes} {age:?}");
            assert_eq!(spool::sibling_spool(&db).exists(), stored < n);
            assert_eq!(AuditStore::open(&db).unwrap().count().unwrap(), n);
        }
    }

    #[test]
    fn the_size_trigger_waits_for_the_threshold() {
        let tmp = tempfile::tempdir().unwrap();
        let (db, recorder) = recorder(tmp.path());
        let one = spool::line(&Entry::new(&sample("echo 0"))).unwrap().len() as u64;
        let recorder = recorder.import_when(one * 3, Duration::MAX);
        let mut in_store = Vec::new();
        for i in 0..7 {
            recorder.record(&sample(&format!("echo {i}"))).unwrap();
            in_store.push(if db.exists() { rows_in_store(&db) } else { 0 });
        }
        assert_eq!(in_store, [0, 0, 3, 3, 3, 6, 6]);
        let store = AuditStore::open(&db).unwrap();
        assert_eq!(store.count().unwrap(), 7);
        assert_eq!(store.verify().unwrap().problem, None);
    }

    #[test]
    fn an_unwritable_journal_falls_back_to_the_store_then_to_the_spool() {
        let tmp = tempfile::tempdir().unwrap();
        let (db, recorder) = recorder(tmp.path());
        let fallback = tmp.path().join("cache/fallback.jsonl");
        let journal = spool::sibling_spool(&db);
        recorder.record(&sample("one")).unwrap();

        // The journal's path becomes a directory: it cannot be appended to (for root too,
        // unlike chmod), while the store can still be written.
        let journal_aside = tmp.path().join("journal-aside");
        std::fs::rename(&journal, &journal_aside).unwrap();
        std::fs::create_dir(&journal).unwrap();
        assert_eq!(
            recorder.record(&sample("two")).unwrap(),
            Recorded::Stored(1)
        );
        std::fs::remove_dir(&journal).unwrap();
        std::fs::rename(&journal_aside, &journal).unwrap();

        // The store's directory disappears behind a regular file: neither the journal nor the
        // store can be written.
        let dir = db.parent().unwrap().to_owned();
        let aside = tmp.path().join("aside");
        std::fs::rename(&dir, &aside).unwrap();
        std::fs::write(&dir, "not a directory").unwrap();
        for cmd in ["three", "four"] {
            assert_eq!(
                recorder.record(&sample(cmd)).unwrap(),
                Recorded::Spooled(fallback.clone())
            );
        }
        assert_eq!(
            std::fs::read_to_string(&fallback).unwrap().lines().count(),
            2
        );

        std::fs::remove_file(&dir).unwrap();
        std::fs::rename(&aside, &dir).unwrap();
        // "one" waited in the journal, "two" went straight to the store, "three" and "four"
        // in the fallback spool; the import orders the waiting ones by time.
        assert_eq!(recorder.import().unwrap(), 3);
        assert!(!fallback.exists() && !journal.exists());
        let store = AuditStore::connect(&db, DEFAULT_BUSY_TIMEOUT).unwrap();
        let rows = store.query(&Filter::default()).unwrap();
        let got: Vec<&str> = rows.iter().map(|r| r.summary.as_str()).collect();
        assert_eq!(got, ["two", "one", "three", "four"]);
        assert_eq!(store.verify().unwrap().problem, None);
    }

    #[test]
    fn a_locked_store_does_not_slow_the_journal() {
        let tmp = tempfile::tempdir().unwrap();
        let (db, recorder) = recorder(tmp.path());
        let recorder = recorder.busy_timeout(Duration::from_millis(50));
        assert_eq!(
            recorder.record_direct(&sample("one")).unwrap(),
            Recorded::Stored(1)
        );
        let holder = Connection::open(&db).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        // Due at once, but the import does not wait for the lock (it would wait 20 s here).
        let eager = recorder
            .clone()
            .busy_timeout(Duration::from_secs(20))
            .import_when(0, Duration::ZERO);
        let started = std::time::Instant::now();
        assert!(matches!(
            eager.record(&sample("two")).unwrap(),
            Recorded::Journaled(_)
        ));
        assert!(started.elapsed() < Duration::from_secs(10));
        // The direct write waits, then spools next to the store.
        assert_eq!(
            recorder.record_direct(&sample("three")).unwrap(),
            Recorded::Spooled(spool::sibling_spool(&db))
        );
        holder.execute_batch("COMMIT").unwrap();
        assert_eq!(
            recorder.record_direct(&sample("four")).unwrap(),
            Recorded::Stored(4)
        );
        assert_eq!(summaries(&db), ["one", "two", "three", "four"]);
    }

    #[test]
    fn when_nothing_can_be_written_the_caller_hears_it() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let db = file.join("audit.db");
        let err = Recorder::new(&db)
            .fallback_spools(vec![file.join("other.jsonl")])
            .record(&sample("x"))
            .unwrap_err();
        assert!(matches!(err, StoreError::Unrecordable { .. }), "{err}");
        assert!(
            err.to_string().starts_with("cannot record the decision: "),
            "{err}"
        );
    }

    #[test]
    fn default_locations() {
        let r = Recorder::new(Path::new("/data/audit.db"));
        assert_eq!(
            r.spool_paths(),
            spool::default_spools(Path::new("/data/audit.db"))
        );
    }
}
