//! A cache of loaded policy sets for `check`, which runs before every tool call: parsing YAML is
//! most of a check's cost, so a directory that loaded cleanly is saved as JSON (statements with
//! their conditions as written, locations and warnings), keyed by agsec's version and every policy
//! file's name and content. A changed file changes the key; a stale or unreadable cache is
//! ignored. The cache sits in agsec's cache directory, which the engine protects like the
//! policies themselves.

use super::decision::Effect;
use super::error::{LoadError, LoadErrors, Location};
use super::load::{self, Loader, condition};
use super::model::{MatchMode, PolicySet, Statement};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Serialize, Deserialize)]
struct CachedSet {
    key: String,
    files: Vec<PathBuf>,
    default: Effect,
    statements: Vec<CachedStatement>,
    warnings: Vec<LoadError>,
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
        match crate::files::read_text(file, crate::files::MAX_POLICY_BYTES) {
            Ok(text) => sources.push((file.clone(), text)),
            // Let the uncached path report it with its usual message.
            Err(_) => return load::load_dir(dir),
        }
    }
    let key = key(&sources);
    let cache_file = cache.map(|c| c.join(format!("{}.json", file_name_for(dir))));
    if let Some(set) = cache_file.as_deref().and_then(|f| read(f, &key)) {
        return Ok(set);
    }
    let set = load::load_sources(&sources)?;
    if let Some(file) = cache_file {
        write(&file, &key, &set);
    }
    Ok(set)
}

/// Identifies the exact policy texts. SipHash (std's fixed-key `DefaultHasher`) rather than
/// SHA-256: it only has to notice edits, and it is several times cheaper on every check; anyone
/// able to forge a collision can also just edit the policies.
fn key(sources: &[(PathBuf, String)]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    for (file, text) in sources {
        file.hash(&mut hasher);
        text.hash(&mut hasher);
    }
    format!(
        "{:016x}-{}",
        hasher.finish(),
        sources.iter().map(|(_, t)| t.len()).sum::<usize>()
    )
}

fn file_name_for(dir: &Path) -> String {
    let absolute = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    crate::text::hex(&Sha256::digest(absolute.as_os_str().as_encoded_bytes()))
        .chars()
        .take(32)
        .collect()
}

fn read(file: &Path, key: &str) -> Option<PolicySet> {
    let text = std::fs::read(file).ok()?;
    let cached: CachedSet = serde_json::from_slice(&text).ok()?;
    if cached.key != key {
        return None;
    }
    let mut loader = Loader::default();
    for s in cached.statements {
        let mut conditions = Vec::with_capacity(s.conditions.len());
        for (field, raw) in &s.conditions {
            conditions.push(condition(field, raw, false).ok()?);
        }
        loader.statements.push(Statement {
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
        });
    }
    loader.default = Some(cached.default);
    loader.warnings = cached.warnings;
    loader.finish(cached.files).ok()
}

fn write(file: &Path, key: &str, set: &PolicySet) {
    let cached = CachedSet {
        key: key.to_owned(),
        files: set.files().to_vec(),
        default: set.default_effect(),
        statements: set
            .statements()
            .iter()
            .map(|s| CachedStatement {
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
            })
            .collect(),
        warnings: set.warnings().to_vec(),
    };
    let Ok(text) = serde_json::to_vec(&cached) else {
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
    if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, file).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::policy::evaluate;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join("policies").join(name), text).unwrap();
        }
        dir
    }

    const POLICY: &str = "default: review\nstatements:\n  - sid: NoRm\n    effect: deny\n    actions: [bash.execute]\n    match: any\n    conditions:\n      params.command: {op: regex, value: '\\brm\\s'}\n      params.x: null\n    reason: no\n  - sid: Empty\n    effect: allow\n";

    #[test]
    fn a_cached_set_decides_like_a_fresh_one() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        let fresh = load::load_dir(&policies).unwrap();
        let first = load_dir_cached(&policies, Some(&cache)).unwrap();
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1, "written");
        let cached = load_dir_cached(&policies, Some(&cache)).unwrap();
        for set in [&first, &cached] {
            assert_eq!(set.statements().len(), fresh.statements().len());
            assert_eq!(set.warnings(), fresh.warnings());
            assert_eq!(set.default_effect(), fresh.default_effect());
            assert_eq!(set.statements()[0].location, fresh.statements()[0].location);
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
        assert_eq!(set.statements()[0].effect, Effect::Allow);
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

    #[test]
    fn a_corrupt_cache_is_ignored() {
        let dir = dir_with(&[("a.yaml", POLICY)]);
        let cache = dir.path().join("cache");
        let policies = dir.path().join("policies");
        load_dir_cached(&policies, Some(&cache)).unwrap();
        for entry in std::fs::read_dir(&cache).unwrap() {
            std::fs::write(entry.unwrap().path(), "{not json").unwrap();
        }
        assert_eq!(
            load_dir_cached(&policies, Some(&cache))
                .unwrap()
                .statements()
                .len(),
            2
        );
    }
}
