//! Where remembered secrets live: a directory (by default `taint/` beside the audit store) with
//! the salt (32 random bytes, mode 0600, created once) and one JSON-lines file per agent session,
//! named by the SHA-256 of the session id. A small file per session, not SQLite: `check` runs on
//! every tool call, and for a session that has seen no secret its whole cost is one failed
//! `open`; with secrets it reads a few lines under a shared lock instead of opening a database.
//! Writers take an exclusive lock on the session file; pruning rewrites it in place under it.

use super::{Remembered, TaintError};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Bytes of salt.
const SALT_LEN: usize = 32;

/// The directory of taint state. Nothing is created until a secret is remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaintStore {
    dir: PathBuf,
}

impl TaintStore {
    /// A store in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The store beside the audit store `db`: `<db's directory>/taint`.
    pub fn beside_audit_db(db: &Path) -> Self {
        let parent = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Self::new(parent.join("taint"))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file holding what `session_id` has seen.
    pub(crate) fn session_path(&self, session_id: &str) -> PathBuf {
        let name = format!("{:x}.jsonl", Sha256::digest(session_id.as_bytes()));
        self.dir.join(name)
    }

    fn salt_path(&self) -> PathBuf {
        self.dir.join("salt")
    }

    /// The salt; an error when it is missing or malformed.
    pub(super) fn salt(&self) -> Result<Vec<u8>, TaintError> {
        let path = self.salt_path();
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() == SALT_LEN => Ok(bytes),
            Ok(_) => Err(TaintError::Salt { path }),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(TaintError::Salt { path }),
            Err(error) => Err(TaintError::Io { path, error }),
        }
    }

    /// The salt, created (with the directory) when absent. Two processes creating it at once
    /// agree: each writes a private temp file and links it into place only if none is there.
    pub(super) fn salt_or_create(&self) -> Result<Vec<u8>, TaintError> {
        let path = self.salt_path();
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() == SALT_LEN => return Ok(bytes),
            Ok(_) => return Err(TaintError::Salt { path }),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(error) => return Err(TaintError::Io { path, error }),
        }
        self.create_dir()?;
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| TaintError::Random(e.to_string()))?;
        let io = |error| TaintError::Io {
            path: path.clone(),
            error,
        };
        // NamedTempFile is created with mode 0600 on unix.
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir).map_err(io)?;
        temp.write_all(&salt).map_err(io)?;
        temp.as_file().sync_all().map_err(io)?;
        match temp.persist_noclobber(&path) {
            Ok(_) => Ok(salt.to_vec()),
            Err(e) if e.error.kind() == ErrorKind::AlreadyExists => self.salt(),
            Err(e) => Err(io(e.error)),
        }
    }

    fn create_dir(&self) -> Result<(), TaintError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&self.dir).map_err(|error| TaintError::Io {
            path: self.dir.clone(),
            error,
        })
    }

    /// The entries of `session_id` seen at or after `cutoff`; none when there is no file.
    pub(super) fn load(
        &self,
        session_id: &str,
        cutoff: Timestamp,
    ) -> Result<Vec<Remembered>, TaintError> {
        let path = self.session_path(session_id);
        let mut file = match File::open(&path) {
            Ok(file) => file,
            // No file, or no directory for it (its parent is not a directory): nothing remembered.
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Ok(Vec::new());
            }
            Err(error) => return Err(TaintError::Io { path, error }),
        };
        let io = |error| TaintError::Io {
            path: path.clone(),
            error,
        };
        file.lock_shared().map_err(io)?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(io)?;
        let (entries, _) = parse(&path, &text, cutoff)?;
        Ok(entries)
    }

    /// Adds `new` entries whose hash `session_id` has not remembered yet, drops entries seen
    /// before `cutoff`, and returns how many were added. Appends when nothing is dropped.
    pub(super) fn add(
        &self,
        session_id: &str,
        new: Vec<Remembered>,
        cutoff: Timestamp,
    ) -> Result<usize, TaintError> {
        self.create_dir()?;
        let path = self.session_path(session_id);
        let io = |error| TaintError::Io {
            path: path.clone(),
            error,
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(io)?;
        file.lock().map_err(io)?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(io)?;
        let (mut kept, dropped) = parse(&path, &text, cutoff)?;
        let mut known: HashSet<String> = kept.iter().map(|r| r.hash.clone()).collect();
        let added: Vec<Remembered> = new
            .into_iter()
            .filter(|r| known.insert(r.hash.clone()))
            .collect();
        let count = added.len();
        if count == 0 && dropped == 0 {
            return Ok(0);
        }
        if dropped == 0 {
            file.seek(std::io::SeekFrom::End(0)).map_err(io)?;
            file.write_all(render(&added).as_bytes()).map_err(io)?;
        } else {
            kept.extend(added);
            file.set_len(0).map_err(io)?;
            file.seek(std::io::SeekFrom::Start(0)).map_err(io)?;
            file.write_all(render(&kept).as_bytes()).map_err(io)?;
        }
        file.sync_data().map_err(io)?;
        Ok(count)
    }
}

/// The entries of a session file seen at or after `cutoff`, and how many older ones there were.
/// Blank lines are skipped; any other line that is not an entry is an error (a damaged file
/// could hide a secret, so it is not silently read as empty).
fn parse(
    path: &Path,
    text: &str,
    cutoff: Timestamp,
) -> Result<(Vec<Remembered>, usize), TaintError> {
    let mut kept = Vec::new();
    let mut dropped = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let entry: Remembered = serde_json::from_str(line).map_err(|e| TaintError::Corrupt {
            path: path.to_path_buf(),
            line: index + 1,
            message: e.to_string(),
        })?;
        if entry.seen_at < cutoff {
            dropped += 1;
        } else {
            kept.push(entry);
        }
    }
    Ok((kept, dropped))
}

fn render(entries: &[Remembered]) -> String {
    let mut out = String::new();
    for entry in entries {
        if let Ok(line) = serde_json::to_string(entry) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
