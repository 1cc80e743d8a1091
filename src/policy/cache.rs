//! A cache of loaded policy sets for `check`, which runs before every tool call: parsing YAML is
//! most of a check's cost, so a directory that loaded cleanly is saved, keyed by agsec's version and
//! every policy file's name and content (a changed file changes the key), in agsec's cache
//! directory, which the engine protects like the policies themselves.
//!
//! The file is cheap to open whatever the number of statements: a fixed header (magic, key,
//! checksum), then length-prefixed sections: a small JSON head (files, default, warnings, count),
//! the [`ActionIndex`] table as it is searched, a table of statement offsets, and the statements,
//! each a JSON document decoded only when an evaluation first needs it (its conditions compile
//! then, once). A cache that is stale, short, damaged (checksum) or malformed is ignored and the
//! YAML loaded instead; a statement that cannot be decoded (only a forged cache could hold one)
//! is a deny statement, never a gap.

use super::decision::Effect;
use super::error::{LoadError, LoadErrors, Location};
use super::index::ActionIndex;
use super::load::{self, condition};
use super::model::{MatchMode, PolicySet, Statement, Statements};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

/// The first bytes of a cache file (the format's version is its last character).
const MAGIC: &[u8; 8] = b"agsecpc2";
/// Magic, key (16 bytes), checksum of everything after the header (8 bytes).
const HEADER: usize = 32;

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
pub fn load_dir_cached(dir: &Path, cache: Option<&Path>) -> Result<PolicySet, LoadErrors> {
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

/// The statements of a cached set, decoded one by one on first use.
#[derive(Debug)]
pub(crate) struct LazyStatements {
    /// The whole cache file.
    bytes: Vec<u8>,
    /// Where the offset table starts (`count` pairs of u32: offset into `blob`, length).
    table: usize,
    /// Where the statements' JSON starts.
    blob: usize,
    decoded: Vec<OnceLock<Box<Statement>>>,
}

impl LazyStatements {
    pub(crate) fn len(&self) -> usize {
        self.decoded.len()
    }

    /// Statement `i`, decoded now if it was not yet.
    pub(crate) fn get(&self, i: usize) -> Option<&Statement> {
        let cell = self.decoded.get(i)?;
        Some(cell.get_or_init(|| Box::new(self.decode(i).unwrap_or_else(|| damaged(i)))))
    }

    fn decode(&self, i: usize) -> Option<Statement> {
        let at = self.table.checked_add(i.checked_mul(8)?)?;
        let offset = word(&self.bytes, at)?;
        let len = word(&self.bytes, at.checked_add(4)?)?;
        let start = self.blob.checked_add(offset)?;
        let s: CachedStatement =
            serde_json::from_slice(self.bytes.get(start..start.checked_add(len)?)?).ok()?;
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
pub const MAX_CACHE_BYTES: u64 = 64 * 1024 * 1024;

fn read(file: &Path, key: u128) -> Option<PolicySet> {
    open(crate::files::read_bytes(file, MAX_CACHE_BYTES).ok()?, key)
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
    let checksum = bytes
        .get(24..HEADER)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_le_bytes);
    if checksum.is_none() || bytes.get(HEADER..).map(xxh3_64) != checksum {
        return damaged("its checksum does not match its content");
    }
    if bytes.get(8..24) != Some(key.to_le_bytes().as_slice()) {
        return Ok(CacheState::Stale);
    }
    let fresh = fresh()?;
    let expected = encode(key, &fresh);
    let Some(set) = open(bytes.clone(), key) else {
        return damaged("its sections are malformed");
    };
    if let Statements::Cached(lazy) = &set.statements {
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

/// A cache file's set, `None` unless `bytes` are a whole, undamaged cache for `key`. Decodes the
/// head and checks the index; the statements stay undecoded.
fn open(bytes: Vec<u8>, key: u128) -> Option<PolicySet> {
    if bytes.get(..8)? != MAGIC || bytes.get(8..24)? != key.to_le_bytes() {
        return None;
    }
    let checksum = u64::from_le_bytes(bytes.get(24..HEADER)?.try_into().ok()?);
    if xxh3_64(bytes.get(HEADER..)?) != checksum {
        return None;
    }
    let mut at = HEADER;
    let head: Head = serde_json::from_slice(bytes.get(section(&bytes, &mut at)?)?).ok()?;
    let index = bytes.get(section(&bytes, &mut at)?)?.to_vec();
    let index = ActionIndex::from_bytes(index, head.count)?;
    let table = section(&bytes, &mut at)?;
    if table.len() != head.count.checked_mul(8)? {
        return None;
    }
    let blob = section(&bytes, &mut at)?;
    if at != bytes.len() {
        return None;
    }
    let statements = LazyStatements {
        table: table.start,
        blob: blob.start,
        decoded: std::iter::repeat_with(OnceLock::new)
            .take(head.count)
            .collect(),
        bytes,
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
    let mut table = Vec::with_capacity(set.len() * 8);
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
    }
    let mut bytes = Vec::with_capacity(HEADER + 16 + head.len() + table.len() + blob.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&[0; 8]);
    for part in [head.as_slice(), set.index.as_bytes(), &table, &blob] {
        bytes.extend_from_slice(&u32::try_from(part.len()).ok()?.to_le_bytes());
        bytes.extend_from_slice(part);
    }
    let checksum = xxh3_64(bytes.get(HEADER..)?);
    bytes
        .get_mut(24..HEADER)?
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
        open(encode(7, set).unwrap(), 7).unwrap()
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

    /// A damaged file (any byte changed, cut short, or garbage) is ignored: the YAML is loaded.
    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        load_dir_cached(&policies, Some(&cache)).unwrap();
        let file = cache_files(&cache).pop().unwrap();
        let good = std::fs::read(&file).unwrap();
        let sources = vec![(policies.join("a.yaml"), POLICY.as_bytes().to_vec())];
        assert!(open(good.clone(), key(&sources)).is_some());
        for at in (0..good.len()).step_by(7) {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            assert!(open(bad, key(&sources)).is_none(), "byte {at} changed");
        }
        for cut in 0..good.len() {
            assert!(
                open(good[..cut].to_vec(), key(&sources)).is_none(),
                "cut at {cut}"
            );
        }
        std::fs::write(&file, "{not a cache").unwrap();
        let set = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert!(matches!(set.statements, Statements::Loaded(_)));
        assert_eq!(set.len(), 2);
    }

    /// `bytes` with its checksum made valid again (what a forger does).
    fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
        let checksum = xxh3_64(&bytes[HEADER..]);
        bytes[24..HEADER].copy_from_slice(&checksum.to_le_bytes());
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
        let checksum = xxh3_64(&bytes[HEADER..]);
        bytes[24..HEADER].copy_from_slice(&checksum.to_le_bytes());
        let forged = open(bytes, 1).unwrap();
        let decision = evaluate(&forged, &Action::new("bash.execute").param("command", "ls"));
        assert_eq!(decision.effect, Effect::Deny);
        assert_eq!(decision.sid.as_deref(), Some("agsec-cache-damaged-0"));
    }
}
