//! Spool files: redacted entries as JSON lines, each appended with one `write` under an advisory
//! lock, so concurrent appenders and importers never interleave, lose or duplicate a line. The
//! journal (`<db>.spool.jsonl`) is where `check` records; a fallback spool in agsec's cache
//! directory takes what neither the journal nor the store can. This file owns appending, taking
//! lines for import (and removing them once imported), and the cheap size and age probe.
//!
//! The protocol: an importer removes a spool (truncates, then unlinks it) while holding its lock,
//! so an appender or importer that was waiting on that lock finds its file unlinked and starts
//! over on the path; the next appender creates a fresh file, whose birth time is the age of its
//! oldest line.

use super::StoreError;
use super::quarantine::Quarantined;
use super::record::Entry;
use sha2::{Digest, Sha256};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often an append starts over because an importer removed the file it had opened.
const MAX_REOPENS: usize = 16;

/// The database and its SQLite companions.
pub(crate) fn database_files(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}

/// `<db>.spool.jsonl`: the journal next to the store.
pub(crate) fn sibling_spool(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".spool.jsonl");
    PathBuf::from(name)
}

/// Every file the store at `db` may write: the database and its SQLite companions, the journal,
/// the fallback spool and the head witness (what self-protection must cover).
pub(crate) fn store_files(db: &Path) -> Vec<PathBuf> {
    let mut files = database_files(db);
    files.push(sibling_spool(db));
    files.extend(fallback_spool(db));
    files.push(super::witness::path(db));
    files
}

/// A spool in agsec's cache directory, named after the store's path, for when the store's own
/// directory cannot be written.
pub(crate) fn fallback_spool(db: &Path) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "agsec")?;
    let digest = Sha256::digest(db.as_os_str().as_encoded_bytes());
    let tag = super::record::hex(digest.get(..8).unwrap_or_default());
    Some(
        dirs.cache_dir()
            .join("spool")
            .join(format!("{tag}.spool.jsonl")),
    )
}

/// Every spool a store's readers import: the journal, then the fallback spool.
pub(crate) fn default_spools(db: &Path) -> Vec<PathBuf> {
    let mut spools = vec![sibling_spool(db)];
    spools.extend(fallback_spool(db));
    spools
}

/// The spool as the append left it: what the import trigger looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Appended {
    /// The file's size after the append, in bytes.
    pub(crate) len: u64,
    /// When the file was created, which is when its oldest line was written (`None` where the
    /// file system does not record birth times).
    pub(crate) created: Option<SystemTime>,
}

impl Appended {
    /// Whether the spool is due for import: at least `max_len` bytes, or its oldest line at
    /// least `max_age` old at `now`.
    pub(crate) fn is_due(&self, max_len: u64, max_age: Duration, now: SystemTime) -> bool {
        self.len >= max_len
            || self
                .created
                .and_then(|created| now.duration_since(created).ok())
                .is_some_and(|age| age >= max_age)
    }
}

/// The entry as one JSON line (JSON escapes newlines inside strings).
pub(crate) fn line(entry: &Entry) -> Result<Vec<u8>, serde_json::Error> {
    let mut line = serde_json::to_vec(entry)?;
    line.push(b'\n');
    Ok(line)
}

/// Appends `line` (one JSON line, newline included) to the spool at `path`, creating it and its
/// directory if needed, with one `write` on an `O_APPEND` file under an exclusive lock. `sync`
/// also waits for the disk (the journal does not: an agsec crash loses nothing, an OS crash may
/// lose the lines the kernel had not yet written back).
pub(crate) fn append(path: &Path, line: &[u8], sync: bool) -> Result<Appended, StoreError> {
    let io = |e| StoreError::io(path, e);
    for _ in 0..MAX_REOPENS {
        // A FIFO would block the open itself: refuse it before opening, and anything swapped in
        // since after.
        has_content(path)?;
        let mut file = open_append(path).map_err(io)?;
        ensure_regular(path, &file)?;
        file.lock().map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if is_removed(&meta) {
            // An importer took this file's lines and removed it while we waited for the lock.
            continue;
        }
        // A writer killed mid-line left no newline: start on a fresh line, so this record is
        // not glued onto the torn one.
        let fresh;
        let line = if ends_mid_line(&file, meta.len()) {
            fresh = [b"\n", line].concat();
            fresh.as_slice()
        } else {
            line
        };
        if let Err(e) = file.write_all(line) {
            // Disk full mid-line: take the partial line back so the next one stays parseable.
            let _ = file.set_len(meta.len());
            return Err(io(e));
        }
        if sync {
            file.sync_data().map_err(io)?;
        }
        let added = u64::try_from(line.len()).unwrap_or(u64::MAX);
        return Ok(Appended {
            len: meta.len().saturating_add(added),
            created: birth_time(&meta),
        });
    }
    Err(io(std::io::Error::other(
        "the spool kept being replaced while appending",
    )))
}

/// Whether the file's last byte (of `len`) is not a newline.
#[cfg(unix)]
fn ends_mid_line(file: &File, len: u64) -> bool {
    use std::os::unix::fs::FileExt;
    let mut last = [0u8; 1];
    len > 0 && file.read_at(&mut last, len - 1).is_ok() && last != [b'\n']
}

#[cfg(not(unix))]
fn ends_mid_line(_file: &File, _len: u64) -> bool {
    false
}

fn open_append(path: &Path) -> std::io::Result<File> {
    let open = || OpenOptions::new().create(true).append(true).open(path);
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            open()
        }
        other => other,
    }
}

/// Whether the open file was unlinked (by an importer that took its lines).
#[cfg(unix)]
fn is_removed(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() == 0
}

#[cfg(not(unix))]
fn is_removed(_meta: &Metadata) -> bool {
    false
}

/// The file's birth time. Importers only remove spools on Unix; elsewhere a spool is truncated
/// and keeps its birth time, which says nothing about its lines, so there is none.
#[cfg(unix)]
fn birth_time(meta: &Metadata) -> Option<SystemTime> {
    meta.created().ok()
}

#[cfg(not(unix))]
fn birth_time(_meta: &Metadata) -> Option<SystemTime> {
    None
}

/// Spooled entries taken for import, with their files still locked.
pub(crate) struct Pending {
    /// In spool order (files in preference order, merged by time).
    pub(crate) entries: Vec<Entry>,
    /// Lines that are not records, to keep in the store's quarantine.
    pub(crate) quarantined: Vec<Quarantined>,
    files: Vec<(PathBuf, File)>,
}

impl Pending {
    /// Empties and removes the spool files (call once the entries are committed); dropping
    /// unlocks them. A failure leaves lines that will be imported again: a duplicate beats a
    /// loss.
    pub(crate) fn clear(self) {
        for (path, file) in &self.files {
            if file.set_len(0).is_ok() && is_same_file(path, file) {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Whether `path` still names the open `file` (so removing the path removes nothing else).
#[cfg(unix)]
fn is_same_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_path: &Path, _file: &File) -> bool {
    false
}

/// Locks every non-empty spool and reads its entries. Unreadable spools are left for later; a
/// line that is not a record (not UTF-8, not JSON, a torn write) goes to `quarantined` with its
/// offset, and every line after it is still read. A spool that is not a regular file (a FIFO,
/// a device, a directory) is an error at once, never a read that hangs.
pub(crate) fn take_pending(spools: &[PathBuf]) -> Result<Pending, StoreError> {
    let mut pending = Pending {
        entries: Vec::new(),
        quarantined: Vec::new(),
        files: Vec::new(),
    };
    for path in spools {
        if !has_content(path)? {
            continue;
        }
        let Ok(mut file) = OpenOptions::new().read(true).write(true).open(path) else {
            continue;
        };
        ensure_regular(path, &file)?;
        if file.lock().is_err() || file.seek(SeekFrom::Start(0)).is_err() {
            continue;
        }
        if file.metadata().map_or(true, |m| is_removed(&m)) {
            // Another importer took these lines while we waited for the lock.
            continue;
        }
        let mut bytes = Vec::new();
        if file.read_to_end(&mut bytes).is_err() {
            // Left for later: nothing is removed that was not read.
            continue;
        }
        let mut offset = 0u64;
        for line in bytes.split(|b| *b == b'\n') {
            parse_line(path, offset, line, &mut pending);
            offset = offset.saturating_add(u64::try_from(line.len()).unwrap_or(u64::MAX) + 1);
        }
        pending.files.push((path.clone(), file));
    }
    // Stable: entries of one spool keep their order; several spools interleave by time.
    pending.entries.sort_by(|a, b| a.time.cmp(&b.time));
    Ok(pending)
}

/// Where a record starts: its first field (records are written with `time` first).
const RECORD_START: &[u8] = b"{\"time\":";

/// Reads one journal line at `offset` into `pending`: a record, or a quarantined line. A line
/// that does not parse but ends in a whole record (a torn write that an older writer glued the
/// next record onto) gives that record, and only the torn part is quarantined.
fn parse_line(spool: &Path, offset: u64, line: &[u8], pending: &mut Pending) {
    if line.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    let quarantine = |pending: &mut Pending, at: usize, bytes: &[u8], error: String| {
        pending.quarantined.push(Quarantined {
            spool: spool.to_owned(),
            offset: offset.saturating_add(u64::try_from(at).unwrap_or(u64::MAX)),
            error,
            bytes: bytes.to_vec(),
        });
    };
    let error = match parse_entry(line) {
        Ok(entry) => {
            pending.entries.push(entry);
            return;
        }
        Err(error) => error,
    };
    let glued = (1..line.len())
        .rev()
        .filter(|&at| {
            line.get(at..)
                .is_some_and(|rest| rest.starts_with(RECORD_START))
        })
        .find_map(|at| {
            let rest = line.get(at..)?;
            parse_entry(rest).ok().map(|entry| (at, entry))
        });
    match glued {
        Some((at, entry)) => {
            let torn = line.get(..at).unwrap_or_default();
            quarantine(pending, 0, torn, "a torn record".to_owned());
            pending.entries.push(entry);
        }
        None => quarantine(pending, 0, line, error),
    }
}

/// A journal line as a record. A line written before records carried ids gets one derived from
/// its bytes, so importing that line twice still gives the same id (and the unique index
/// refuses the second).
fn parse_entry(line: &[u8]) -> Result<Entry, String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut entry: Entry = serde_json::from_str(text).map_err(|e| format!("not a record: {e}"))?;
    if entry.uid.is_none() {
        let digest = Sha256::digest(line);
        entry.uid = Some(format!(
            "line-{}",
            super::record::hex(digest.get(..16).unwrap_or_default())
        ));
    }
    Ok(entry)
}

/// Whether any of `spools` holds lines (or is not a regular file, which the import reports).
pub(crate) fn has_lines(spools: &[PathBuf]) -> bool {
    spools.iter().any(|p| has_content(p).unwrap_or(true))
}

/// Whether the spool at `path` holds lines; one that is not a regular file is an error.
fn has_content(path: &Path) -> Result<bool, StoreError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(meta.len() > 0),
        Ok(meta) => Err(StoreError::not_a_file(path, &meta)),
        Err(_) => Ok(false),
    }
}

/// Whether `path` exists and is not a regular file (a FIFO, a device, a directory).
pub(crate) fn is_not_a_file(path: &Path) -> bool {
    has_content(path).is_err()
}

/// Refuses an open file that is not a regular file (it may have been swapped in after a check
/// by path).
fn ensure_regular(path: &Path, file: &File) -> Result<(), StoreError> {
    let meta = file.metadata().map_err(|e| StoreError::io(path, e))?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(StoreError::not_a_file(path, &meta))
    }
}

#[cfg(test)]
mod tests {
    use super::super::record::tests::sample;
    use super::*;

    #[test]
    fn store_files_name_everything_the_store_writes() {
        let files = store_files(Path::new("/d/audit.db"));
        for name in [
            "/d/audit.db",
            "/d/audit.db-wal",
            "/d/audit.db-shm",
            "/d/audit.db.spool.jsonl",
            "/d/audit.db.head",
        ] {
            assert!(
                files.contains(&PathBuf::from(name)),
                "{name} missing from {files:?}"
            );
        }
    }
    use std::collections::BTreeSet;

    fn append_sample(path: &Path, command: &str) -> Appended {
        append(path, &line(&Entry::new(&sample(command))).unwrap(), false).unwrap()
    }

    #[test]
    fn each_append_is_one_line_and_the_probe_reports_size_and_birth() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = tmp.path().join("sub/dir/a.db.spool.jsonl");
        let before = SystemTime::now();
        let mut lens = Vec::new();
        for cmd in ["one", "two", "three"] {
            lens.push(append_sample(&spool, cmd));
        }
        let text = std::fs::read_to_string(&spool).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        for (line, cmd) in lines.iter().zip(["one", "two", "three"]) {
            let entry: Entry = serde_json::from_str(line).unwrap();
            assert_eq!(entry.summary, cmd);
        }
        let sizes: Vec<u64> = lens.iter().map(|a| a.len).collect();
        let mut total = 0;
        let expected: Vec<u64> = lines
            .iter()
            .map(|l| {
                total += l.len() as u64 + 1;
                total
            })
            .collect();
        assert_eq!(sizes, expected);
        if let Some(created) = lens[0].created {
            assert!(created + Duration::from_secs(5) >= before, "{created:?}");
            assert_eq!(lens[2].created, Some(created));
        }
    }

    #[test]
    fn due_by_size_or_by_age() {
        let now = SystemTime::now();
        let minute = Duration::from_secs(60);
        let cases = [
            (100, Some(now), false),
            (1000, Some(now), true),
            (5000, None, true),
            (100, None, false),
            (100, Some(now - 2 * minute), false),
            (100, Some(now - 5 * minute), true),
            (100, Some(now - 60 * minute), true),
            // A birth in the future (a clock step) is not an age.
            (100, Some(now + 60 * minute), false),
        ];
        for (len, created, due) in cases {
            let appended = Appended { len, created };
            assert_eq!(appended.is_due(1000, 5 * minute, now), due, "{appended:?}");
        }
    }

    #[test]
    fn taking_removes_the_file_and_a_waiting_appender_starts_a_new_one() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = tmp.path().join("j.jsonl");
        append_sample(&spool, "one");
        append_sample(&spool, "two");
        let pending = take_pending(std::slice::from_ref(&spool)).unwrap();
        let summaries: Vec<&str> = pending.entries.iter().map(|e| e.summary.as_str()).collect();
        assert_eq!(summaries, ["one", "two"]);
        // An appender that opened the file before the import waits on the lock …
        let waiting = {
            let spool = spool.clone();
            std::thread::spawn(move || append_sample(&spool, "three"))
        };
        std::thread::sleep(Duration::from_millis(50));
        pending.clear();
        waiting.join().unwrap();
        // … and its line lands in the new file, not in the removed one.
        let text = std::fs::read_to_string(&spool).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("\"summary\":\"three\""), "{text}");
        let again = take_pending(std::slice::from_ref(&spool)).unwrap();
        assert_eq!(again.entries.len(), 1);
    }

    #[test]
    fn concurrent_appenders_never_interleave_or_lose_lines() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = tmp.path().join("j.jsonl");
        // Long lines (past a pipe buffer and a page) make torn writes visible if they happen.
        let long = "x".repeat(3000);
        let threads: Vec<_> = (0..16)
            .map(|t| {
                let spool = spool.clone();
                let long = long.clone();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        append_sample(&spool, &format!("{t}-{i} {long}"));
                    }
                })
            })
            .collect();
        // An importer takes lines while they are appended.
        let mut imported = Vec::new();
        for _ in 0..5 {
            let pending = take_pending(std::slice::from_ref(&spool)).unwrap();
            imported.extend(pending.entries.iter().map(|e| e.summary.clone()));
            pending.clear();
            std::thread::sleep(Duration::from_millis(5));
        }
        for t in threads {
            t.join().unwrap();
        }
        let pending = take_pending(std::slice::from_ref(&spool)).unwrap();
        imported.extend(pending.entries.iter().map(|e| e.summary.clone()));
        assert!(pending.quarantined.is_empty(), "{:?}", pending.quarantined);
        let unique: BTreeSet<String> = imported
            .iter()
            .map(|s| s.split(' ').next().unwrap().to_owned())
            .collect();
        assert_eq!(imported.len(), 16 * 25);
        assert_eq!(unique.len(), 16 * 25);
    }

    #[test]
    fn spools_hold_no_secrets() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = tmp.path().join("s.jsonl");
        append_sample(&spool, "mysql --password=hunter2");
        let text = std::fs::read_to_string(&spool).unwrap();
        assert!(
            text.contains("--password=[REDACTED]") && !text.contains("hunter2"),
            "{text}"
        );
    }

    #[test]
    fn bad_lines_are_quarantined_with_their_offsets_and_later_records_still_read() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = tmp.path().join("s.jsonl");
        let one = line(&Entry::new(&sample("one"))).unwrap();
        let two = line(&Entry::new(&sample("two"))).unwrap();
        let three = line(&Entry::new(&sample("three"))).unwrap();
        let four = line(&Entry::new(&sample("four"))).unwrap();
        let torn = one.get(..one.len() / 2).unwrap().to_vec();
        // A good line, a line that is not UTF-8, one that is not JSON, a torn record with the
        // next one glued on (as an older writer left it), a good line, and a torn last line.
        let parts: Vec<Vec<u8>> = vec![
            one.clone(),
            b"\xff\xfe not utf-8\n".to_vec(),
            b"{\"not\": \"a record\"}\n".to_vec(),
            [torn.as_slice(), two.as_slice()].concat(),
            three.clone(),
            torn.clone(),
        ];
        std::fs::write(&spool, parts.concat()).unwrap();
        let pending = take_pending(std::slice::from_ref(&spool)).unwrap();
        let summaries: Vec<&str> = pending.entries.iter().map(|e| e.summary.as_str()).collect();
        assert_eq!(summaries, ["one", "two", "three"]);
        let offsets: Vec<(u64, &str)> = pending
            .quarantined
            .iter()
            .map(|q| (q.offset, q.error.split(':').next().unwrap()))
            .collect();
        let at = |i: usize| parts[..i].iter().map(Vec::len).sum::<usize>() as u64;
        assert_eq!(
            offsets,
            [
                (at(1), "not UTF-8"),
                (at(2), "not a record"),
                (at(3), "a torn record"),
                (at(5), "not a record"),
            ]
        );
        assert_eq!(pending.quarantined[0].bytes, b"\xff\xfe not utf-8");
        assert_eq!(pending.quarantined[2].bytes, torn);
        assert!(pending.quarantined.iter().all(|q| q.spool == spool));
        drop(pending);

        // The writer starts the next record on a fresh line after the torn one.
        append(&spool, &four, false).unwrap();
        let pending = take_pending(std::slice::from_ref(&spool)).unwrap();
        let summaries: Vec<&str> = pending.entries.iter().map(|e| e.summary.as_str()).collect();
        assert_eq!(summaries, ["one", "two", "three", "four"]);
        assert_eq!(pending.quarantined.len(), 4);
    }

    #[test]
    fn lines_without_ids_get_one_from_their_bytes() {
        let mut entry = Entry::new(&sample("old"));
        entry.uid = None;
        let old = serde_json::to_vec(&entry).unwrap();
        assert!(!String::from_utf8_lossy(&old).contains("uid"));
        let a = parse_entry(&old).unwrap().uid.unwrap();
        assert_eq!(parse_entry(&old).unwrap().uid.unwrap(), a);
        entry.duration_us += 1;
        let other = parse_entry(&serde_json::to_vec(&entry).unwrap()).unwrap();
        assert_ne!(other.uid.unwrap(), a);
        // New entries carry distinct random ids.
        let ids: BTreeSet<String> = (0..100)
            .map(|_| Entry::new(&sample("x")).uid.unwrap())
            .collect();
        assert_eq!(ids.len(), 100);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_is_an_error_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("j.jsonl");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let line = line(&Entry::new(&sample("x"))).unwrap();
        for path in [fifo.as_path(), Path::new("/dev/null"), tmp.path()] {
            let err = append(path, &line, false).unwrap_err();
            assert!(matches!(err, StoreError::NotAFile { .. }), "{err}");
            let err = take_pending(&[path.to_owned()]).err().unwrap();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
    }

    #[test]
    fn an_unwritable_location_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let err = append(&file.join("j.jsonl"), b"{}\n", false).unwrap_err();
        assert!(matches!(err, StoreError::Io { .. }), "{err}");
    }

    #[test]
    fn default_spool_paths() {
        let spools = default_spools(Path::new("/data/audit.db"));
        assert_eq!(
            spools.first().unwrap(),
            Path::new("/data/audit.db.spool.jsonl")
        );
        assert!(
            spools.iter().skip(1).all(|p| {
                p.to_string_lossy().ends_with(".spool.jsonl") && !p.starts_with("/data")
            })
        );
    }
}
