//! What identifies the policy files' contents without reading them, for the policy cache's fast
//! path: each file's device, inode, size, modification and change times (nanoseconds), with
//! agsec's version and the file names. A check whose files all still carry the stamps the cache
//! was written with uses the cache without reading or hashing a byte of YAML; any other check
//! reads every file and compares the content key, as without stamps.
//!
//! Any write to a file changes its change time (which no program can set back) and normally its
//! modification time; a rename or a copy changes the inode. The one way two contents can share a
//! stamp is two writes of the same size within one tick of the file system's clock (up to 2 s on
//! FAT), with a check reading the file between them. So a file's stamp only counts once the file
//! has been left alone for [`SETTLE`] before the check that takes it (racy-git's rule): a later
//! write then lands on a later tick and a new stamp. Until then, and on systems without inodes,
//! checks read and hash the files. A file system whose clock runs more than [`SETTLE`] behind the
//! machine's (a network share) weakens this rule; README's Limits say so.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// How long a file must have been left alone before its stamp counts.
pub(super) const SETTLE: Duration = Duration::from_secs(5);

/// The stamps of a directory's policy files at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamps {
    /// What the cache stores and compares, byte for byte: whether the stamps were settled when
    /// taken (one byte), then agsec's version and each file's name and stamp. A cache written
    /// from files read before they settled holds unsettled stamps, which no check matches.
    pub(super) bytes: Vec<u8>,
    /// Whether every file was left alone for [`SETTLE`] (only then do the stamps count).
    pub(super) settled: bool,
}

/// The stamps of `files` at `now` (the time taken before the files are examined and read);
/// `None` where stamps are not available (not Unix, or a file that cannot be examined: the
/// normal load then reports it).
#[cfg(unix)]
pub(super) fn of(files: &[PathBuf], now: SystemTime) -> Option<Stamps> {
    use std::os::unix::fs::MetadataExt;
    let since = now
        .checked_sub(SETTLE)?
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?;
    let before = |s: i64, ns: i64| {
        u64::try_from(s).is_ok_and(|s| Duration::new(s, u32::try_from(ns).unwrap_or(0)) < since)
    };
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut bytes = Vec::with_capacity(9 + version.len() + files.len() * 128);
    bytes.push(0);
    bytes.extend_from_slice(&(version.len() as u64).to_le_bytes());
    bytes.extend_from_slice(version);
    let mut settled = true;
    for file in files {
        let meta = std::fs::metadata(file).ok()?;
        let name = file.as_os_str().as_encoded_bytes();
        bytes.extend_from_slice(&(name.len() as u64).to_le_bytes());
        bytes.extend_from_slice(name);
        for n in [
            meta.dev(),
            meta.ino(),
            meta.size(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
        ] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        settled &=
            before(meta.mtime(), meta.mtime_nsec()) && before(meta.ctime(), meta.ctime_nsec());
    }
    if let Some(flag) = bytes.first_mut() {
        *flag = u8::from(settled);
    }
    Some(Stamps { bytes, settled })
}

#[cfg(not(unix))]
pub(super) fn of(_files: &[PathBuf], _now: SystemTime) -> Option<Stamps> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_write_or_a_rename_changes_the_stamps_and_fresh_files_do_not_count() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, "statements: []\n").unwrap();
        let files = vec![file.clone()];
        let now = of(&files, SystemTime::now()).unwrap();
        assert!(!now.settled, "just written");
        let later = SystemTime::now() + SETTLE + Duration::from_secs(1);
        let settled = of(&files, later).unwrap();
        assert!(settled.settled);
        assert_eq!(
            settled.bytes[1..],
            now.bytes[1..],
            "the same file, the same stamps"
        );
        assert_ne!(settled.bytes, now.bytes, "but not settled then");
        // Same size, same content even: the change time moves.
        std::thread::sleep(Duration::from_millis(50));
        std::fs::write(&file, "statements: []\n").unwrap();
        let written = of(&files, later).unwrap();
        assert_ne!(written.bytes, now.bytes);
        let copy = dir.path().join("b.yaml");
        std::fs::copy(&file, &copy).unwrap();
        std::fs::rename(&copy, &file).unwrap();
        assert_ne!(of(&files, later).unwrap().bytes, written.bytes);
        assert!(of(&[dir.path().join("none.yaml")], later).is_none());
    }
}
