//! A cache of loaded policy sets for `check`, which runs before every tool call: parsing YAML is
//! most of a check's cost, so a directory that loaded cleanly is saved, keyed by agsec's version and
//! every policy file's name and content (a changed file changes the key), in agsec's cache
//! directory, which the engine protects like the policies themselves.
//!
//! The file is cheap to open whatever the number of statements: a fixed header (magic, key,
//! checksum, the lengths of the two parts), then the front part, read and checksummed at every
//! open: length-prefixed sections holding a small JSON head (files, default, warnings, count), the
//! [`ActionIndex`] table as it is searched, and a table of statement offsets and checksums. The
//! statements follow, each a JSON document read from the file (one positioned read), checked
//! against its own checksum and decoded only when an evaluation first needs it (its conditions
//! compile then, once): a check reads and checksums only the statements it can match. A cache
//! that is stale, short, damaged or malformed in its front part is ignored and the YAML loaded
//! instead; a statement that cannot be read back intact (damaged on disk, or forged) is a deny
//! statement, never a gap, and the cache file is removed so that the next check loads the YAML.

use super::decision::Effect;
use super::error::{LoadError, LoadErrors, Location};
use super::index::ActionIndex;
use super::load::{self, condition};
use super::model::{MatchMode, PolicySet, Statement, Statements};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

/// The first bytes of a cache file (the format's version is its last character).
const MAGIC: &[u8; 8] = b"agsecpc3";
/// Magic, key (16 bytes), checksum (8 bytes) of what follows it up to the statements: the front
/// part's length and the statements' length (4 bytes each), and the front part.
const HEADER: usize = 40;
/// Bytes per statement in the offset table: offset into the statements, length, checksum.
const ENTRY: usize = 16;

/// The small part of a cache file decoded at every open.
#[derive(Serialize, Deserialize)]
struct Head {
    files: Vec<PathBuf>,
    default: Effect,
    warnings: Vec<LoadError>,
    count: usize,
}

#[derive(Serialize, Deserialize)]
struct CachedStatement {
    sid: String,
    effect: Effect,
    actions: Vec<String>,
    any: bool,
    /// Each condition as `{op, value}`, the form the loader reads.
    conditions: Vec<(String, Value)>,
    reason: Option<String>,
    description: Option<String>,
    location: Location,
}

/// agsec's cache directory for policy sets (`~/.cache/agsec/policies`), if there is a home.
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "agsec").map(|d| d.cache_dir().join("policies"))
}

/// Loads `dir` like [`load::load_dir`], through the cache in `cache` when it is current.
pub(crate) fn load_dir_cached(dir: &Path, cache: Option<&Path>) -> Result<PolicySet, LoadErrors> {
    let files = load::policy_files(dir)?;
    let mut sources = Vec::with_capacity(files.len());
    for file in &files {
        match crate::files::read_bytes(file, crate::files::MAX_POLICY_BYTES) {
            Ok(bytes) => sources.push((file.clone(), bytes)),
            // Let the uncached path report it with its usual message.
            Err(_) => return load::load_dir(dir),
        }
    }
    let key = key(&sources);
    let cache_file = cache.map(|c| c.join(format!("{}.bin", file_name_for(dir))));
    if let Some(set) = cache_file.as_deref().and_then(|f| read(f, key)) {
        return Ok(set);
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
        write(&file, key, &set);
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
        match self {
            Source::File { file, .. } => {
                let mut buf = vec![0; len];
                read_at(file, at, &mut buf).ok()?;
                Some(buf)
            }
            Source::Bytes(bytes) => {
                let start = usize::try_from(at).ok()?;
                Some(bytes.get(start..start.checked_add(len)?)?.to_vec())
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
    /// The offset table (`count` entries of [`ENTRY`] bytes).
    table: Vec<u8>,
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

    /// The bytes of statement `i`, `None` unless they are in bounds and match their checksum.
    fn bytes(&self, i: usize) -> Option<Vec<u8>> {
        let at = i.checked_mul(ENTRY)?;
        let offset = word(&self.table, at)?;
        let len = word(&self.table, at.checked_add(4)?)?;
        let checksum = u64::from_le_bytes(
            self.table
                .get(at.checked_add(8)?..at.checked_add(ENTRY)?)?
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

    fn decode(&self, i: usize) -> Option<Statement> {
        let s: CachedStatement = serde_json::from_slice(&self.bytes(i)?).ok()?;
        let mut conditions = Vec::with_capacity(s.conditions.len());
        for (field, raw) in &s.conditions {
            conditions.push(condition(field, raw, false).ok()?);
        }
        Some(Statement {
            sid: s.sid,
            effect: s.effect,
            actions: s.actions,
            match_mode: if s.any {
                MatchMode::Any
            } else {
                MatchMode::All
            },
            conditions,
            reason: s.reason,
            description: s.description,
            location: s.location,
            // Examples only matter to `validate` and `test`, which load without the cache.
            examples: Vec::new(),
        })
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

fn read(path: &Path, key: u128) -> Option<PolicySet> {
    let (file, _) = crate::files::open_regular(path, MAX_CACHE_BYTES).ok()?;
    open(
        Source::File {
            file,
            path: path.to_path_buf(),
        },
        key,
    )
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
    let expected = encode(key, &fresh);
    let Some(set) = open(Source::Bytes(bytes.clone()), key) else {
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

/// The set of a cache, `None` unless `source` is a whole cache for `key` with an undamaged front
/// part. Reads the header and the front part and decodes the head; the statements stay unread.
fn open(source: Source, key: u128) -> Option<PolicySet> {
    let header = source.read(0, HEADER)?;
    if header.get(..8)? != MAGIC || header.get(8..24)? != key.to_le_bytes() {
        return None;
    }
    let checksum = u64::from_le_bytes(header.get(24..32)?.try_into().ok()?);
    let front_len = word(&header, 32)?;
    let blob_len = word(&header, 36)?;
    let size = (HEADER as u64)
        .checked_add(front_len as u64)?
        .checked_add(blob_len as u64)?;
    if source.len()? != size {
        return None;
    }
    let front = source.read(HEADER as u64, front_len)?;
    let mut hasher = Xxh3Default::new();
    hasher.update(header.get(32..)?);
    hasher.update(&front);
    if hasher.digest() != checksum {
        return None;
    }
    let mut at = 0;
    let head: Head = serde_json::from_slice(front.get(section(&front, &mut at)?)?).ok()?;
    let index = ActionIndex::from_bytes(front.get(section(&front, &mut at)?)?.to_vec())?;
    let table = front.get(section(&front, &mut at)?)?.to_vec();
    if table.len() != head.count.checked_mul(ENTRY)? || at != front.len() {
        return None;
    }
    let statements = LazyStatements {
        source,
        table,
        blob: size.checked_sub(blob_len as u64)?,
        blob_len,
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

/// The cache file's bytes for `set`, `None` when it is too large for the format's 32-bit
/// offsets.
fn encode(key: u128, set: &PolicySet) -> Option<Vec<u8>> {
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
        let cached = CachedStatement {
            sid: s.sid.clone(),
            effect: s.effect,
            actions: s.actions.clone(),
            any: s.match_mode == MatchMode::Any,
            conditions: s
                .conditions
                .iter()
                .map(|c| {
                    let raw = match (&c.value, c.op) {
                        (Some(v), op) => json!({"op": op.as_str(), "value": v}),
                        (None, op) => json!({"op": op.as_str()}),
                    };
                    (c.field.clone(), raw)
                })
                .collect(),
            reason: s.reason.clone(),
            description: s.description.clone(),
            location: s.location.clone(),
        };
        let start = blob.len();
        serde_json::to_writer(&mut blob, &cached).ok()?;
        table.extend_from_slice(&u32::try_from(start).ok()?.to_le_bytes());
        table.extend_from_slice(&u32::try_from(blob.len() - start).ok()?.to_le_bytes());
        table.extend_from_slice(&xxh3_64(blob.get(start..)?).to_le_bytes());
    }
    let mut front = Vec::with_capacity(12 + head.len() + set.index.as_bytes().len() + table.len());
    for part in [head.as_slice(), set.index.as_bytes(), &table] {
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
    let checksum = xxh3_64(bytes.get(32..HEADER.checked_add(front.len())?)?);
    bytes
        .get_mut(24..32)?
        .copy_from_slice(&checksum.to_le_bytes());
    Some(bytes)
}

fn write(file: &Path, key: u128, set: &PolicySet) {
    let Some(bytes) = encode(key, set).filter(|b| b.len() as u64 <= MAX_CACHE_BYTES) else {
        return;
    };
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

    /// `set` written to a cache and opened again (what a later check gets).
    pub(crate) fn reopened(set: &PolicySet) -> PolicySet {
        opened(encode(7, set).unwrap(), 7).unwrap()
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
            bytes[entry + 8..entry + ENTRY].copy_from_slice(&checksum.to_le_bytes());
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
        let good = encode(k, &set).unwrap();
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
        let find = |needle: &[u8]| {
            good.windows(needle.len())
                .position(|w| w == needle)
                .unwrap()
        };
        let mut forged = good.clone();
        let at = find(b"\"sid\":\"NoRm\"") + 7;
        forged[at..at + 4].copy_from_slice(b"Gone");
        match state(resealed(forged)) {
            CacheState::Forged(what) => assert!(
                what.contains("statement 1 is `Gone` (deny) in the cache but `NoRm` (deny)"),
                "{what}"
            ),
            other => panic!("{other:?}"),
        }
        let mut forged = good.clone();
        let at = find(b"\"reason\":\"no\"") + 10;
        forged[at..at + 2].copy_from_slice(b"ok");
        assert!(matches!(state(resealed(forged)), CacheState::Forged(_)));
        let mut undecodable = good.clone();
        let at = find(b"\"sid\":\"NoRm\"");
        undecodable[at] = b'[';
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

    /// A statement that cannot be decoded (a forged cache with a valid checksum) denies.
    #[test]
    fn an_undecodable_statement_denies() {
        let set = load::load_sources(&[(PathBuf::from("a.yaml"), POLICY.to_owned())]).unwrap();
        let mut bytes = encode(1, &set).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let at = text.find("\"sid\":\"NoRm\"").unwrap();
        bytes[at] = b'[';
        let forged = opened(resealed(bytes), 1).unwrap();
        let decision = evaluate(&forged, &Action::new("bash.execute").param("command", "ls"));
        assert_eq!(decision.effect, Effect::Deny);
        assert_eq!(decision.sid.as_deref(), Some("agsec-cache-damaged-0"));
    }
}
