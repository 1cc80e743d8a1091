//! A cache of loaded policy sets for `check`, which runs before every tool call: parsing YAML is
//! most of a check's cost, so a directory that loaded cleanly is saved, keyed by agsec's version and
//! every policy file's name and content (a changed file changes the key), in agsec's cache
//! directory, which the engine protects like the policies themselves. The cache also holds the
//! files' [`stamps`](super::stamps): while every file still carries its stamp and had settled
//! when it was read, a check opens the cache without reading the YAML; otherwise it reads and
//! hashes every file and compares the key (and stamps a current cache whose files have settled).
//!
//! The file is cheap to open whatever the number of statements: a fixed header (magic, key,
//! checksum, the lengths of the two parts), then the front part, read and checksummed at every
//! open: length-prefixed sections holding a small JSON head (files, default, warnings, count), the
//! [`ActionIndex`] table as it is searched, and a table of statement offsets, checksums and
//! effects. The statements follow, each in the compact binary form of [`super::encoding`], read
//! from the file (one positioned read), checked against its own checksum and decoded only when an
//! evaluation first needs it (its conditions compile then, once): a check reads and checksums
//! only the statements it can match, and skips without reading those whose effect can no longer
//! change the decision. A cache that is stale, short, damaged or malformed in its front part is
//! ignored and the YAML loaded instead; a statement that cannot be read back intact (damaged on disk, or forged) is a deny
//! statement, never a gap, and the cache file is removed so that the next check loads the YAML.

use super::decision::Effect;
use super::encoding;
use super::error::{LoadError, LoadErrors, Location};
use super::index::ActionIndex;
use super::load;
use super::model::{MatchMode, PolicySet, Statement, Statements};
use super::stamps;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

/// The first bytes of a cache file (the format's version is its last character).
const MAGIC: &[u8; 8] = b"agsecpc4";
/// Magic, key (16 bytes), checksum (8 bytes) of what follows it up to the statements: the front
/// part's length and the statements' length (4 bytes each), and the front part (head, index,
/// offset table, stamps).
const HEADER: usize = 40;
/// Bytes per statement in the offset table: offset into the statements, length, checksum,
/// effect.
const ENTRY: usize = 17;

/// The small part of a cache file decoded at every open.
#[derive(Serialize, Deserialize)]
struct Head {
    files: Vec<PathBuf>,
    default: Effect,
    warnings: Vec<LoadError>,
    count: usize,
}

/// agsec's cache directory for policy sets (`~/.cache/agsec/policies`), if there is a home.
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "agsec").map(|d| d.cache_dir().join("policies"))
}

/// Loads `dir` like [`load::load_dir`], through the cache in `cache` when it is current.
pub(crate) fn load_dir_cached(dir: &Path, cache: Option<&Path>) -> Result<PolicySet, LoadErrors> {
    load_at(dir, cache, std::time::SystemTime::now())
}

/// [`load_dir_cached`] at the time `now` (the files' stamps settle by then or not).
fn load_at(
    dir: &Path,
    cache: Option<&Path>,
    now: std::time::SystemTime,
) -> Result<PolicySet, LoadErrors> {
    let files = load::policy_files(dir)?;
    let stamps = stamps::of(&files, now);
    let cache_file = cache.map(|c| c.join(format!("{}.bin", file_name_for(dir))));
    let mut front = cache_file.as_deref().and_then(read_front);
    // The fast path: every file left alone since the cache was written (see `stamps`).
    let unchanged = |f: &Front| {
        stamps
            .as_ref()
            .is_some_and(|s| s.settled && f.stamps() == Some(s.bytes.as_slice()))
    };
    if front.as_ref().is_some_and(unchanged)
        && let Some(set) = front.take().and_then(Front::into_set)
    {
        return Ok(set);
    }
    let mut sources = Vec::with_capacity(files.len());
    for file in &files {
        match crate::files::read_bytes(file, crate::files::MAX_POLICY_BYTES) {
            Ok(bytes) => sources.push((file.clone(), bytes)),
            // Let the uncached path report it with its usual message.
            Err(_) => return load::load_dir(dir),
        }
    }
    let key = key(&sources);
    if let Some(front) = front.filter(|f| f.key == key) {
        // Current, but the files were touched or not yet settled: stamp them now if they are.
        if let (Some(file), Some(stamps)) = (&cache_file, &stamps)
            && stamps.settled
        {
            front.restamp(file, &stamps.bytes);
        }
        if let Some(set) = front.into_set() {
            return Ok(set);
        }
    }
    let mut texts = Vec::with_capacity(sources.len());
    for (file, bytes) in sources {
        match String::from_utf8(bytes) {
            Ok(text) => texts.push((file, text)),
            Err(_) => return load::load_dir(dir),
        }
    }
    let set = load::load_sources(&texts)?;
    if let Some(file) = cache_file {
        let stamps = stamps.map(|s| s.bytes).unwrap_or_default();
        write(&file, key, &set, &stamps);
    }
    Ok(set)
}

/// Identifies the exact policy texts: XXH3-128 over agsec's version and every file's name and
/// content, each prefixed with its length. A fast hash rather than SHA-256: it only has to notice
/// edits, it reads every byte of every policy on every check, and anyone able to forge a collision
/// can also just edit the policies.
fn key(sources: &[(PathBuf, Vec<u8>)]) -> u128 {
    let mut hasher = Xxh3Default::new();
    let mut piece = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    piece(env!("CARGO_PKG_VERSION").as_bytes());
    for (file, text) in sources {
        piece(file.as_os_str().as_encoded_bytes());
        piece(text);
    }
    hasher.digest128()
}

fn file_name_for(dir: &Path) -> String {
    let absolute = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    crate::text::hex(&Sha256::digest(absolute.as_os_str().as_encoded_bytes()))
        .chars()
        .take(32)
        .collect()
}

/// Where a cache's bytes are read from.
#[derive(Debug)]
enum Source {
    /// The open cache file (`check`: only what a call needs is read). A cache replaced meanwhile
    /// is renamed over the path: this stays the file opened.
    File {
        file: File,
        /// Removed when a statement turns out damaged.
        path: PathBuf,
    },
    /// The whole file, already read (`agsec doctor`).
    Bytes(Vec<u8>),
}

impl Source {
    fn len(&self) -> Option<u64> {
        match self {
            Source::File { file, .. } => file.metadata().ok().map(|m| m.len()),
            Source::Bytes(bytes) => Some(bytes.len() as u64),
        }
    }

    /// Exactly `len` bytes at `at`.
    fn read(&self, at: u64, len: usize) -> Option<Vec<u8>> {
        let mut buf = vec![0; len];
        self.read_into(at, &mut buf)?;
        Some(buf)
    }

    /// Fills `buf` with the bytes at `at`.
    fn read_into(&self, at: u64, buf: &mut [u8]) -> Option<()> {
        match self {
            Source::File { file, .. } => read_at(file, at, buf).ok(),
            Source::Bytes(bytes) => {
                let start = usize::try_from(at).ok()?;
                buf.copy_from_slice(bytes.get(start..start.checked_add(buf.len())?)?);
                Some(())
            }
        }
    }
}

/// Reads exactly `buf.len()` bytes of `file` at `at`.
fn read_at(file: &File, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = file;
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(buf)
    }
}

/// The statements of a cached set, read and decoded one by one on first use.
#[derive(Debug)]
pub(crate) struct LazyStatements {
    source: Source,
    /// The buffer holding the offset table (the cache's front part, shared with the index) and
    /// where in it the table is (`count` entries of [`ENTRY`] bytes).
    front: Arc<Vec<u8>>,
    table: std::ops::Range<usize>,
    /// Where the statements start in the file, and their total length.
    blob: u64,
    blob_len: usize,
    decoded: Vec<OnceLock<Box<Statement>>>,
}

impl LazyStatements {
    pub(crate) fn len(&self) -> usize {
        self.decoded.len()
    }

    /// Statement `i`, decoded now if it was not yet.
    pub(crate) fn get(&self, i: usize) -> Option<&Statement> {
        let cell = self.decoded.get(i)?;
        Some(cell.get_or_init(|| {
            Box::new(self.decode(i).unwrap_or_else(|| {
                if let Source::File { path, .. } = &self.source {
                    // The next check loads the YAML and writes a sound cache.
                    let _ = std::fs::remove_file(path);
                }
                damaged(i)
            }))
        }))
    }

    fn table(&self) -> &[u8] {
        self.front.get(self.table.clone()).unwrap_or_default()
    }

    /// The effect of statement `i`, from the offset table (no statement is read).
    pub(crate) fn effect(&self, i: usize) -> Option<Effect> {
        let at = i.checked_mul(ENTRY)?.checked_add(ENTRY - 1)?;
        encoding::effect_of(*self.table().get(at)?)
    }

    /// The bytes of statement `i`, `None` unless they are in bounds and match their checksum.
    fn bytes(&self, i: usize) -> Option<Vec<u8>> {
        let table = self.table();
        let at = i.checked_mul(ENTRY)?;
        let offset = word(table, at)?;
        let len = word(table, at.checked_add(4)?)?;
        let checksum = u64::from_le_bytes(
            table
                .get(at.checked_add(8)?..at.checked_add(16)?)?
                .try_into()
                .ok()?,
        );
        if offset.checked_add(len)? > self.blob_len {
            return None;
        }
        let bytes = self
            .source
            .read(self.blob.checked_add(offset as u64)?, len)?;
        (xxh3_64(&bytes) == checksum).then_some(bytes)
    }

    /// Statement `i` decoded, `None` unless it is intact and has the effect the table gives it.
    fn decode(&self, i: usize) -> Option<Statement> {
        let statement = encoding::decode(&self.bytes(i)?)?;
        (Some(statement.effect) == self.effect(i)).then_some(statement)
    }
}

/// What stands for a statement the cache cannot give back: a deny on every action it was
/// indexed under.
fn damaged(i: usize) -> Statement {
    Statement {
        sid: format!("agsec-cache-damaged-{i}"),
        effect: Effect::Deny,
        actions: vec!["*".to_owned()],
        match_mode: MatchMode::All,
        conditions: Vec::new(),
        reason: Some(
            "the policy cache is damaged: delete agsec's policy cache (`~/.cache/agsec/policies`) \
             and run `agsec validate`"
                .to_owned(),
        ),
        description: None,
        location: Location::file(Path::new("policy cache")),
        examples: Vec::new(),
    }
}

fn word(bytes: &[u8], at: usize) -> Option<usize> {
    let word: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(word)).ok()
}

/// The next length-prefixed section at `*at`: its range, and `*at` moved past it.
fn section(bytes: &[u8], at: &mut usize) -> Option<std::ops::Range<usize>> {
    let len = word(bytes, *at)?;
    let start = at.checked_add(4)?;
    let end = start.checked_add(len)?;
    (end <= bytes.len()).then_some(())?;
    *at = end;
    Some(start..end)
}

/// Largest cache file read, in bytes: a larger one is ignored (the YAML is loaded), and a set
/// whose cache would be larger is not cached.
pub(crate) const MAX_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The front part of the cache file at `path`, if it is a whole cache.
fn read_front(path: &Path) -> Option<Front> {
    let (file, _) = crate::files::open_regular(path, MAX_CACHE_BYTES).ok()?;
    Front::read(Source::File {
        file,
        path: path.to_path_buf(),
    })
}

/// What the cache file of a policy directory holds, as `agsec doctor` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheState {
    /// No cache file: the next check writes one.
    Absent,
    /// The cache is exactly what the policies compile to.
    Current,
    /// A whole cache for other policy texts (edited since the last check, or another agsec
    /// version): ignored, and replaced by the next check.
    Stale,
    /// Not a whole, undamaged cache (what is wrong): ignored, the YAML is loaded instead. Only
    /// something other than agsec (or a disk fault) leaves one.
    Damaged(String),
    /// A cache with a valid key and checksum whose content is not what the policies compile to
    /// (what differs): `check` would use it, so it was forged.
    Forged(String),
}

/// The cache file for the policy directory `dir` in `cache`, and what it holds compared with
/// what the policies compile to now. Errors are the policies' own load errors.
pub fn inspect(dir: &Path, cache: &Path) -> Result<(PathBuf, CacheState), LoadErrors> {
    let file = cache.join(format!("{}.bin", file_name_for(dir)));
    let bytes = match crate::files::read_bytes(&file, MAX_CACHE_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::files::ReadError::NotFound) => return Ok((file, CacheState::Absent)),
        Err(e) => return Ok((file, CacheState::Damaged(e.to_string()))),
    };
    let mut texts = Vec::new();
    let mut sources = Vec::new();
    for path in load::policy_files(dir)? {
        let text = crate::files::read_text(&path, crate::files::MAX_POLICY_BYTES)
            .map_err(|e| LoadErrors::from(LoadError::new(Location::file(&path), e.to_string())))?;
        sources.push((path.clone(), text.clone().into_bytes()));
        texts.push((path, text));
    }
    let key = key(&sources);
    let state = inspect_bytes(bytes, key, || load::load_sources(&texts))?;
    Ok((file, state))
}

/// [`inspect`] of the bytes of a cache file, against the policies' `key` and their `fresh` set.
fn inspect_bytes(
    bytes: Vec<u8>,
    key: u128,
    fresh: impl FnOnce() -> Result<PolicySet, LoadErrors>,
) -> Result<CacheState, LoadErrors> {
    let damaged = |why: &str| Ok(CacheState::Damaged(why.to_owned()));
    if bytes.get(..8) != Some(MAGIC.as_slice()) {
        return damaged("not an agsec policy cache of this version");
    }
    if !front_is_intact(&bytes).unwrap_or(false) {
        return damaged("its checksum does not match its content");
    }
    if bytes.get(8..24) != Some(key.to_le_bytes().as_slice()) {
        return Ok(CacheState::Stale);
    }
    let fresh = fresh()?;
    let Some(front) = Front::read(Source::Bytes(bytes.clone())) else {
        return damaged("its sections are malformed");
    };
    // The stamps record when the files were read, not what they compile to: the cache's own.
    let expected = encode(key, &fresh, front.stamps().unwrap_or_default());
    let Some(set) = front.into_set() else {
        return damaged("its sections are malformed");
    };
    if let Statements::Cached(lazy) = &set.statements {
        if (0..lazy.len()).any(|i| lazy.bytes(i).is_none()) {
            return damaged("its checksum does not match its content");
        }
        for i in 0..lazy.len() {
            if lazy.decode(i).is_none() {
                return Ok(CacheState::Forged(format!(
                    "statement {} cannot be decoded (`check` denies in its place)",
                    i + 1
                )));
            }
        }
    }
    if expected.as_deref() != Some(bytes.as_slice()) {
        let sids = |set: &PolicySet| -> Vec<(String, Effect)> {
            set.statements()
                .map(|s| (s.sid.clone(), s.effect))
                .collect()
        };
        let (theirs, ours) = (sids(&set), sids(&fresh));
        let what = match theirs.iter().zip(&ours).position(|(a, b)| a != b) {
            Some(i) => format!(
                "statement {} is `{}` ({}) in the cache but `{}` ({}) in the policies",
                i + 1,
                theirs.get(i).map_or("", |s| s.0.as_str()),
                theirs.get(i).map_or(Effect::Deny, |s| s.1),
                ours.get(i).map_or("", |s| s.0.as_str()),
                ours.get(i).map_or(Effect::Deny, |s| s.1),
            ),
            None if theirs.len() != ours.len() => format!(
                "it holds {} statements, the policies {}",
                theirs.len(),
                ours.len()
            ),
            None => {
                "its statements differ from the policies' (conditions, reasons or index)".to_owned()
            }
        };
        return Ok(CacheState::Forged(what));
    }
    Ok(CacheState::Current)
}

/// Whether the checksum in the header of the cache file `bytes` matches its front part (`None`:
/// too short to tell).
fn front_is_intact(bytes: &[u8]) -> Option<bool> {
    let checksum = u64::from_le_bytes(bytes.get(24..32)?.try_into().ok()?);
    let end = HEADER.checked_add(word(bytes, 32)?)?;
    Some(xxh3_64(bytes.get(32..end)?) == checksum)
}

/// The checked front part of a cache file: header, head, index, offset table and stamps.
struct Front {
    source: Source,
    /// The content key the cache was written for.
    key: u128,
    /// The bytes from the front part's length (offset 32) to the statements.
    front: Vec<u8>,
    /// The sections, as ranges of `front`.
    sections: [std::ops::Range<usize>; 4],
    /// Where the statements start in the file, and their total length.
    blob: u64,
    blob_len: usize,
}

impl Front {
    /// Reads and checks the header and the front part: `None` unless the magic, the size and the
    /// checksum are right and the sections fit.
    fn read(source: Source) -> Option<Self> {
        let header = source.read(0, HEADER)?;
        if header.get(..8)? != MAGIC {
            return None;
        }
        let key = u128::from_le_bytes(header.get(8..24)?.try_into().ok()?);
        let checksum = u64::from_le_bytes(header.get(24..32)?.try_into().ok()?);
        let front_len = word(&header, 32)?;
        let blob_len = word(&header, 36)?;
        let size = (HEADER as u64)
            .checked_add(front_len as u64)?
            .checked_add(blob_len as u64)?;
        if source.len()? != size {
            return None;
        }
        let mut front = vec![0; front_len.checked_add(HEADER - 32)?];
        front
            .get_mut(..HEADER - 32)?
            .copy_from_slice(header.get(32..)?);
        source.read_into(HEADER as u64, front.get_mut(HEADER - 32..)?)?;
        if xxh3_64(&front) != checksum {
            return None;
        }
        let mut at = HEADER - 32;
        let sections = [
            section(&front, &mut at)?,
            section(&front, &mut at)?,
            section(&front, &mut at)?,
            section(&front, &mut at)?,
        ];
        (at == front.len()).then_some(Self {
            source,
            key,
            front,
            sections,
            blob: size.checked_sub(blob_len as u64)?,
            blob_len,
        })
    }

    fn part(&self, i: usize) -> Option<&[u8]> {
        self.front.get(self.sections.get(i)?.clone())
    }

    /// The stamps the cache was written with.
    fn stamps(&self) -> Option<&[u8]> {
        self.part(3)
    }

    /// The set, its statements unread; `None` when the sections are malformed.
    fn into_set(self) -> Option<PolicySet> {
        let head: Head = serde_json::from_slice(self.part(0)?).ok()?;
        let [_, index, table, _] = self.sections;
        if table.len() != head.count.checked_mul(ENTRY)? {
            return None;
        }
        let front = Arc::new(self.front);
        let index = ActionIndex::from_bytes(Arc::clone(&front), index)?;
        let statements = LazyStatements {
            source: self.source,
            front,
            table,
            blob: self.blob,
            blob_len: self.blob_len,
            decoded: std::iter::repeat_with(OnceLock::new)
                .take(head.count)
                .collect(),
        };
        Some(PolicySet {
            statements: Statements::Cached(statements),
            default: head.default,
            files: head.files,
            index,
            warnings: head.warnings,
        })
    }

    /// Rewrites the cache file `path` with `stamps` in place of its own, when they differ and
    /// have the same length (the same files: the content key matched).
    fn restamp(&self, path: &Path, stamps: &[u8]) {
        let Some(range) = self.sections.get(3).cloned() else {
            return;
        };
        if self.front.get(range.clone()) == Some(stamps) || range.len() != stamps.len() {
            return;
        }
        let Some(mut bytes) = self
            .source
            .len()
            .and_then(|len| usize::try_from(len).ok())
            .and_then(|len| self.source.read(0, len))
        else {
            return;
        };
        let start = 32 + range.start;
        let Some(slot) = bytes.get_mut(start..start + stamps.len()) else {
            return;
        };
        slot.copy_from_slice(stamps);
        if seal(&mut bytes).is_some() {
            replace(path, &bytes);
        }
    }
}

/// The cache file's bytes for `set`, `None` when it is too large for the format's 32-bit
/// offsets.
fn encode(key: u128, set: &PolicySet, stamps: &[u8]) -> Option<Vec<u8>> {
    let head = serde_json::to_vec(&Head {
        files: set.files().to_vec(),
        default: set.default_effect(),
        warnings: set.warnings().to_vec(),
        count: set.len(),
    })
    .ok()?;
    let mut table = Vec::with_capacity(set.len() * ENTRY);
    let mut blob = Vec::new();
    for s in set.statements() {
        let start = blob.len();
        encoding::encode(s, &mut blob)?;
        table.extend_from_slice(&u32::try_from(start).ok()?.to_le_bytes());
        table.extend_from_slice(&u32::try_from(blob.len() - start).ok()?.to_le_bytes());
        table.extend_from_slice(&xxh3_64(blob.get(start..)?).to_le_bytes());
        table.push(encoding::effect_byte(s.effect));
    }
    let mut front = Vec::with_capacity(
        16 + head.len() + set.index.as_bytes().len() + table.len() + stamps.len(),
    );
    for part in [head.as_slice(), set.index.as_bytes(), &table, stamps] {
        front.extend_from_slice(&u32::try_from(part.len()).ok()?.to_le_bytes());
        front.extend_from_slice(part);
    }
    let mut bytes = Vec::with_capacity(HEADER + front.len() + blob.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&[0; 8]);
    bytes.extend_from_slice(&u32::try_from(front.len()).ok()?.to_le_bytes());
    bytes.extend_from_slice(&u32::try_from(blob.len()).ok()?.to_le_bytes());
    bytes.extend_from_slice(&front);
    bytes.extend_from_slice(&blob);
    seal(&mut bytes)?;
    Some(bytes)
}

/// Sets the checksum in the header of the cache file `bytes` to that of its front part.
fn seal(bytes: &mut [u8]) -> Option<()> {
    let end = HEADER.checked_add(word(bytes, 32)?)?;
    let checksum = xxh3_64(bytes.get(32..end)?);
    bytes
        .get_mut(24..32)?
        .copy_from_slice(&checksum.to_le_bytes());
    Some(())
}

fn write(file: &Path, key: u128, set: &PolicySet, stamps: &[u8]) {
    if let Some(bytes) = encode(key, set, stamps).filter(|b| b.len() as u64 <= MAX_CACHE_BYTES) {
        replace(file, &bytes);
    }
}

/// Puts `bytes` at `file` (written beside it, then renamed over it, so a concurrent check never
/// reads half a file); errors leave things as they were.
fn replace(file: &Path, bytes: &[u8]) {
    let Some(parent) = file.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    // Write then rename, so a concurrent check never reads half a file.
    let tmp = parent.join(format!(
        ".{}.{}.tmp",
        std::process::id(),
        file_name_for(file)
    ));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, file).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::action::Action;
    use crate::policy::evaluate;

    /// The set of a cache, `None` unless `source` is a whole cache for `key` with an undamaged
    /// front part (what a check that reads the YAML opens).
    fn open(source: Source, key: u128) -> Option<PolicySet> {
        Front::read(source)
            .filter(|f| f.key == key)
            .and_then(Front::into_set)
    }

    /// `set` written to a cache and opened again (what a later check gets).
    pub(crate) fn reopened(set: &PolicySet) -> PolicySet {
        opened(encode(7, set, &[]).unwrap(), 7).unwrap()
    }

    /// `bytes` written to a file, opened as `check` opens a cache file.
    fn opened(bytes: Vec<u8>, key: u128) -> Option<PolicySet> {
        use std::io::Write;
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&bytes).unwrap();
        let (file, path) = file.keep().unwrap();
        let set = open(
            Source::File {
                file,
                path: path.clone(),
            },
            key,
        );
        let _ = std::fs::remove_file(&path);
        set
    }

    /// Where the statements start in the cache file `bytes`.
    fn blob_start(bytes: &[u8]) -> usize {
        HEADER + word(bytes, 32).unwrap()
    }

    fn damaged_sids(set: &PolicySet) -> Vec<String> {
        set.statements()
            .map(|s| s.sid.clone())
            .filter(|sid| sid.starts_with("agsec-cache-damaged-"))
            .collect()
    }

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join("policies").join(name), text).unwrap();
        }
        dir
    }

    const POLICY: &str = "default: review\nstatements:\n  - sid: NoRm\n    effect: deny\n    actions: [bash.execute]\n    match: any\n    conditions:\n      params.command: {op: regex, value: '\\brm\\s'}\n      params.x: null\n    reason: no\n  - sid: Empty\n    effect: allow\n";

    fn cache_files(cache: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }

    #[test]
    fn a_cached_set_decides_like_a_fresh_one() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        let fresh = load::load_dir(&policies).unwrap();
        let first = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert_eq!(cache_files(&cache).len(), 1, "written");
        let cached = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert!(matches!(cached.statements, Statements::Cached(_)));
        for set in [&first, &cached] {
            assert_eq!(set.len(), fresh.len());
            assert_eq!(set.warnings(), fresh.warnings());
            assert_eq!(set.default_effect(), fresh.default_effect());
            assert_eq!(set.files(), fresh.files());
            assert_eq!(set.index, fresh.index);
            for (a, b) in set.statements().zip(fresh.statements()) {
                assert_eq!(
                    (&a.sid, a.effect, &a.actions),
                    (&b.sid, b.effect, &b.actions)
                );
                assert_eq!((&a.reason, &a.description), (&b.reason, &b.description));
                assert_eq!((a.match_mode, &a.location), (b.match_mode, &b.location));
                assert_eq!(a.conditions.len(), b.conditions.len());
            }
            for command in ["rm -rf x", "ls"] {
                let action = Action::new("bash.execute").param("command", command);
                assert_eq!(
                    evaluate(set, &action),
                    evaluate(&fresh, &action),
                    "{command}"
                );
            }
            let absent = Action::new("bash.execute").param("command", "ls");
            assert_eq!(
                evaluate(set, &absent).sid.as_deref(),
                Some("NoRm"),
                "bare null is not_exists"
            );
        }
    }

    #[test]
    fn only_the_candidates_are_decoded() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        load_dir_cached(&policies, Some(&cache)).unwrap();
        let set = load_dir_cached(&policies, Some(&cache)).unwrap();
        let decoded = |set: &PolicySet| match &set.statements {
            Statements::Cached(lazy) => lazy.decoded.iter().filter(|c| c.get().is_some()).count(),
            Statements::Loaded(_) => usize::MAX,
        };
        assert_eq!(decoded(&set), 0, "opening decodes no statement");
        evaluate(&set, &Action::new("bash.execute").param("command", "ls"));
        assert_eq!(decoded(&set), 1, "NoRm only: Empty has no actions");
    }

    #[test]
    fn a_changed_file_is_never_served_from_the_cache() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        load_dir_cached(&policies, Some(&cache)).unwrap();
        std::fs::write(
            policies.join("a.yaml"),
            POLICY.replace("effect: deny", "effect: allow"),
        )
        .unwrap();
        let set = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert_eq!(set.statement(0).unwrap().effect, Effect::Allow);
        std::fs::write(policies.join("b.yaml"), "statements: []\n").unwrap();
        assert_eq!(
            load_dir_cached(&policies, Some(&cache))
                .unwrap()
                .files()
                .len(),
            2
        );
        std::fs::write(
            policies.join("a.yaml"),
            "statements:\n  - sid: X\n    efect: deny\n",
        )
        .unwrap();
        assert!(
            load_dir_cached(&policies, Some(&cache)).is_err(),
            "errors are never cached away"
        );
    }

    /// A cache written from files that had not settled is never opened by its stamps; a later
    /// check that finds it current stamps it, later checks open it by the stamps alone, and a
    /// write of the same size is still noticed.
    #[test]
    fn settled_files_are_stamped_and_every_write_is_still_noticed() {
        use std::time::{Duration, SystemTime};
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        let later = SystemTime::now() + stamps::SETTLE + Duration::from_secs(1);
        load_at(&policies, Some(&cache), SystemTime::now()).unwrap();
        let file = cache_files(&cache).pop().unwrap();
        let stamps_of = || read_front(&file).unwrap().stamps().unwrap().to_vec();
        assert_eq!(stamps_of()[0], 0, "not settled when read");
        let files = load::policy_files(&policies).unwrap();
        let settled = stamps::of(&files, later).unwrap();
        assert!(settled.settled);
        assert_ne!(stamps_of(), settled.bytes);
        let set = load_at(&policies, Some(&cache), later).unwrap();
        assert!(matches!(set.statements, Statements::Cached(_)));
        assert_eq!(
            stamps_of(),
            settled.bytes,
            "stamped once current and settled"
        );
        assert_eq!(inspect(&policies, &cache).unwrap().1, CacheState::Current);
        let set = load_at(&policies, Some(&cache), later).unwrap();
        assert_eq!(set.statement(0).unwrap().reason.as_deref(), Some("no"));
        std::thread::sleep(Duration::from_millis(50));
        std::fs::write(
            policies.join("a.yaml"),
            POLICY.replace("reason: no", "reason: ok"),
        )
        .unwrap();
        let set = load_at(&policies, Some(&cache), later).unwrap();
        assert_eq!(set.statement(0).unwrap().reason.as_deref(), Some("ok"));
        let edited = stamps::of(&files, later).unwrap();
        assert_ne!(edited.bytes, settled.bytes);
        assert_eq!(stamps_of(), edited.bytes, "rewritten with the new stamps");
    }

    /// A damaged front part (any byte changed, cut short, or garbage) is ignored: the YAML is
    /// loaded. A changed byte in a statement makes that statement a deny.
    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        load_dir_cached(&policies, Some(&cache)).unwrap();
        let file = cache_files(&cache).pop().unwrap();
        let good = std::fs::read(&file).unwrap();
        let sources = vec![(policies.join("a.yaml"), POLICY.as_bytes().to_vec())];
        let key = key(&sources);
        let set = opened(good.clone(), key).unwrap();
        assert!(damaged_sids(&set).is_empty());
        let blob = blob_start(&good);
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            match opened(bad, key) {
                None => assert!(at < blob, "byte {at}, in a statement, refused the cache"),
                Some(set) => {
                    assert!(at >= blob, "byte {at} changed, the cache opened");
                    assert_eq!(damaged_sids(&set).len(), 1, "byte {at}");
                }
            }
        }
        for cut in 0..good.len() {
            assert!(opened(good[..cut].to_vec(), key).is_none(), "cut at {cut}");
        }
        std::fs::write(&file, "{not a cache").unwrap();
        let set = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert!(matches!(set.statements, Statements::Loaded(_)));
        assert_eq!(set.len(), 2);
    }

    /// A statement damaged on disk denies the call and removes the cache, so the next check
    /// loads the YAML (and writes a sound cache).
    #[test]
    fn a_damaged_statement_denies_and_drops_the_cache() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        load_dir_cached(&policies, Some(&cache)).unwrap();
        let file = cache_files(&cache).pop().unwrap();
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 3;
        bytes[last] ^= 0x01;
        std::fs::write(&file, &bytes).unwrap();
        let set = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert!(matches!(set.statements, Statements::Cached(_)));
        assert_eq!(damaged_sids(&set).len(), 1);
        assert!(!file.exists(), "the damaged cache is removed");
        let again = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert!(matches!(again.statements, Statements::Loaded(_)));
        let third = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert!(matches!(third.statements, Statements::Cached(_)));
        assert!(damaged_sids(&third).is_empty());
    }

    /// `bytes` with its checksum made valid again (what a forger does).
    fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
        let blob = blob_start(&bytes);
        let mut at = HEADER;
        for _ in 0..2 {
            at += 4 + word(&bytes, at).unwrap();
        }
        let table = at + 4;
        for entry in (table..table + word(&bytes, at).unwrap()).step_by(ENTRY) {
            let (offset, len) = (
                word(&bytes, entry).unwrap(),
                word(&bytes, entry + 4).unwrap(),
            );
            let statement = bytes.get(blob + offset..blob + offset + len);
            let checksum = xxh3_64(statement.unwrap_or_default());
            bytes[entry + 8..entry + 16].copy_from_slice(&checksum.to_le_bytes());
        }
        let checksum = xxh3_64(&bytes[32..blob]);
        bytes[24..32].copy_from_slice(&checksum.to_le_bytes());
        bytes
    }

    /// `agsec doctor`'s view: every way a cache file can differ from the policies is told apart.
    #[test]
    fn inspect_tells_stale_damaged_and_forged_caches_apart() {
        let source = (PathBuf::from("a.yaml"), POLICY.to_owned());
        let set = load::load_sources(std::slice::from_ref(&source)).unwrap();
        let k = key(&[(source.0.clone(), POLICY.as_bytes().to_vec())]);
        let fresh = || load::load_sources(std::slice::from_ref(&source));
        let good = encode(k, &set, &[]).unwrap();
        let state = |bytes: Vec<u8>| inspect_bytes(bytes, k, fresh).unwrap();
        assert_eq!(state(good.clone()), CacheState::Current);
        assert_eq!(
            inspect_bytes(good.clone(), k ^ 1, fresh).unwrap(),
            CacheState::Stale
        );
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(
            state(flipped),
            CacheState::Damaged("its checksum does not match its content".to_owned())
        );
        assert!(matches!(
            state(b"{not a cache".to_vec()),
            CacheState::Damaged(_)
        ));
        assert!(matches!(
            state(resealed(good[..good.len() - 3].to_vec())),
            CacheState::Damaged(_)
        ));
        // Same length, valid checksum, other meaning: NoRm renamed and its reason changed.
        let blob = blob_start(&good);
        let find = |needle: &[u8]| {
            blob + good[blob..]
                .windows(needle.len())
                .position(|w| w == needle)
                .unwrap()
        };
        let mut forged = good.clone();
        let at = find(b"\x04\0\0\0NoRm") + 4;
        forged[at..at + 4].copy_from_slice(b"Gone");
        match state(resealed(forged)) {
            CacheState::Forged(what) => assert!(
                what.contains("statement 1 is `Gone` (deny) in the cache but `NoRm` (deny)"),
                "{what}"
            ),
            other => panic!("{other:?}"),
        }
        let mut forged = good.clone();
        let at = find(b"\x01\x02\0\0\0no") + 5;
        forged[at..at + 2].copy_from_slice(b"ok");
        assert!(matches!(state(resealed(forged)), CacheState::Forged(_)));
        // The effect byte after the sid: not an effect.
        let mut undecodable = good.clone();
        let at = find(b"\x04\0\0\0NoRm") + 8;
        undecodable[at] = 7;
        assert_eq!(
            state(resealed(undecodable)),
            CacheState::Forged(
                "statement 1 cannot be decoded (`check` denies in its place)".to_owned()
            )
        );
    }

    /// A cache file over [`MAX_CACHE_BYTES`] is not read (the YAML is loaded).
    #[test]
    fn an_oversized_cache_is_ignored() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        load_dir_cached(&policies, Some(&cache)).unwrap();
        let file = cache_files(&cache).pop().unwrap();
        assert!(matches!(
            load_dir_cached(&policies, Some(&cache)).unwrap().statements,
            Statements::Cached(_)
        ));
        let f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
        f.set_len(MAX_CACHE_BYTES + 1).unwrap();
        let set = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert!(matches!(set.statements, Statements::Loaded(_)));
        assert_eq!(
            inspect(&policies, &cache).unwrap().1,
            CacheState::Current,
            "rewritten by the load above"
        );
        let f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
        f.set_len(MAX_CACHE_BYTES + 1).unwrap();
        assert!(matches!(
            inspect(&policies, &cache).unwrap().1,
            CacheState::Damaged(why) if why.contains("over agsec's limit")
        ));
        // A FIFO in its place is refused at once (an uncapped read would wait for a writer).
        #[cfg(unix)]
        {
            std::fs::remove_file(&file).unwrap();
            let made = std::process::Command::new("mkfifo").arg(&file).status();
            assert!(made.unwrap().success());
            let set = load_dir_cached(&policies, Some(&cache)).unwrap();
            assert!(matches!(set.statements, Statements::Loaded(_)));
            std::fs::remove_file(&file).unwrap();
            let made = std::process::Command::new("mkfifo").arg(&file).status();
            assert!(made.unwrap().success());
            assert_eq!(
                inspect(&policies, &cache).unwrap().1,
                CacheState::Damaged("a FIFO, not a regular file".to_owned())
            );
        }
    }

    /// An allow statement that cannot be read back denies too (its table said allow; the walk
    /// files the stand-in with the denies), and an allow statement the walk does not need is
    /// not read at all.
    #[test]
    fn a_damaged_allow_statement_denies() {
        let policy = "statements:\n  - sid: Ok\n    effect: allow\n    actions: [bash.execute]\n  - sid: Rev\n    effect: review\n    actions: [bash.execute]\n    conditions:\n      params.command: {op: contains, value: deploy}\n";
        let set = load::load_sources(&[(PathBuf::from("a.yaml"), policy.to_owned())]).unwrap();
        let mut bytes = encode(1, &set, &[]).unwrap();
        let blob = blob_start(&bytes);
        assert_eq!(&bytes[blob + 4..blob + 6], b"Ok");
        bytes[blob + 6] = 1; // the effect byte after `Ok`: review, where the table says allow
        let forged = opened(resealed(bytes), 1).unwrap();
        let ls = Action::new("bash.execute").param("command", "ls");
        let decision = evaluate(&forged, &ls);
        assert_eq!(decision.effect, Effect::Deny);
        assert_eq!(decision.sid.as_deref(), Some("agsec-cache-damaged-0"));
        let fresh = opened(encode(1, &set, &[]).unwrap(), 1).unwrap();
        let deploy = Action::new("bash.execute").param("command", "deploy");
        let restriction = crate::policy::evaluate_restrictions(&fresh, &deploy);
        assert_eq!(restriction.unwrap().sid.as_deref(), Some("Rev"));
        match &fresh.statements {
            Statements::Cached(lazy) => assert!(lazy.decoded[0].get().is_none(), "allow not read"),
            Statements::Loaded(_) => panic!("not cached"),
        }
        assert_eq!(evaluate(&fresh, &ls).sid.as_deref(), Some("Ok"));
    }

    /// A statement that cannot be decoded (a forged cache with a valid checksum) denies.
    #[test]
    fn an_undecodable_statement_denies() {
        let set = load::load_sources(&[(PathBuf::from("a.yaml"), POLICY.to_owned())]).unwrap();
        let mut bytes = encode(1, &set, &[]).unwrap();
        let blob = blob_start(&bytes);
        let at = blob + 8; // the effect byte of the first statement, after `NoRm`
        assert_eq!(&bytes[blob + 4..blob + 8], b"NoRm");
        bytes[at] = 7;
        let forged = opened(resealed(bytes), 1).unwrap();
        let decision = evaluate(&forged, &Action::new("bash.execute").param("command", "ls"));
        assert_eq!(decision.effect, Effect::Deny);
        assert_eq!(decision.sid.as_deref(), Some("agsec-cache-damaged-0"));
    }
}
