//! What a whole-tree staging command would put into a commit: the secret files `git add .`,
//! `git add -A`, `git add DIR`, `git add -u` and `git commit -a` would stage, found by a bounded
//! walk of the work tree that skips what `.gitignore` files (and `.git/info/exclude`, the user's
//! `~/.config/git/ignore`) ignore, unless `-f`; `-u` and `commit -a` only take tracked files,
//! read from `.git/index` (versions 2 to 4). A walk that hits its bounds counts what it saw;
//! an index it cannot read counts every secret as tracked. The work tree, repository folder and
//! index are the ones git is pointed at ([`Tree`]).

use crate::paths::is_secret;
use globset::{GlobBuilder, GlobMatcher};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where git works: the top of the work tree, the repository folder and its index.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tree {
    /// The top of the work tree (`None`: unknown, or a bare repository).
    pub(crate) root: Option<PathBuf>,
    /// The repository folder (`.git`).
    pub(crate) git_dir: Option<PathBuf>,
    /// The index: `GIT_INDEX_FILE`, else `<git_dir>/index`.
    pub(crate) index: Option<PathBuf>,
    /// The folder pathspecs are relative to: the working folder when it is inside the work
    /// tree, else the top (git moves there).
    pub(crate) cwd: Option<PathBuf>,
}

impl Tree {
    /// The repository holding `dir`, found as git finds it: `.git` upward (a folder, or a file
    /// naming one), the work tree its parent.
    pub(crate) fn found(dir: &Path) -> Self {
        let root = work_tree(dir).map(Path::to_path_buf);
        let git_dir = root.as_deref().and_then(super::find_git_dir);
        Self {
            index: git_dir.as_ref().map(|g| g.join("index")),
            root,
            git_dir,
            cwd: Some(dir.to_path_buf()),
        }
    }
}

/// Entries visited per walk…
const MAX_ENTRIES: usize = 20_000;
/// …folder depth below the start…
const MAX_DEPTH: usize = 12;
/// …and the largest index read.
const MAX_INDEX: u64 = 32 * 1024 * 1024;

/// How files are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every file not ignored (`git add .`, `-A`).
    All,
    /// Every file, ignored ones too (`git add -f .`).
    Forced,
    /// Tracked files only (`git add -u`, `git commit -a`).
    Tracked,
}

/// The top folder of the work tree holding `dir`.
pub(crate) fn work_tree(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|d| d.join(".git").exists())
}

/// The secret files under `start` (a folder inside `tree`'s work tree) that `scope` would
/// stage, as absolute paths. Nothing when the work tree is unknown or `start` is outside it.
pub(crate) fn secrets(start: &Path, tree: &Tree, scope: Scope, home: &Path) -> Vec<PathBuf> {
    let Some(root) = tree.root.as_deref() else {
        return Vec::new();
    };
    if !start.starts_with(root) {
        return Vec::new();
    }
    let tracked = match scope {
        Scope::Tracked => tree.index.as_deref().map(tracked),
        _ => None,
    };
    let mut ignores = Ignores::default();
    if scope == Scope::All {
        if let Some(git_dir) = &tree.git_dir {
            ignores.load(root, &git_dir.join("info/exclude"));
        }
        ignores.load(root, &home.join(".config/git/ignore"));
        // The `.gitignore` files between the root and `start` apply too.
        let mut dir = root.to_path_buf();
        ignores.load(&dir, &dir.join(".gitignore"));
        if let Ok(rel) = start.strip_prefix(root) {
            for part in rel.components() {
                dir.push(part);
                ignores.load(&dir, &dir.join(".gitignore"));
            }
        }
    }
    let mut walk = Walk {
        root,
        scope,
        ignores,
        tracked,
        seen: 0,
        found: Vec::new(),
    };
    walk.dir(start, 0);
    walk.found
}

struct Walk<'a> {
    root: &'a Path,
    scope: Scope,
    ignores: Ignores,
    /// Tracked paths relative to the root (`None`: every file counts as tracked).
    tracked: Option<Option<HashSet<String>>>,
    seen: usize,
    found: Vec<PathBuf>,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let loaded = self.ignores.rules.len();
        if self.scope == Scope::All && depth > 0 {
            self.ignores.load(dir, &dir.join(".gitignore"));
        }
        for entry in entries.flatten() {
            self.seen += 1;
            if self.seen > MAX_ENTRIES {
                break;
            }
            let name = entry.file_name();
            if name == ".git" {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let is_dir = kind.is_dir();
            if self.scope == Scope::All && self.ignores.ignored(&path, is_dir) {
                continue;
            }
            if is_dir {
                self.dir(&path, depth + 1);
            } else if is_secret(&path.to_string_lossy()) && self.counts(&path) {
                self.found.push(path);
            }
        }
        self.ignores.rules.truncate(loaded);
    }

    fn counts(&self, path: &Path) -> bool {
        match &self.tracked {
            Some(Some(set)) => path
                .strip_prefix(self.root)
                .is_ok_and(|rel| set.contains(rel.to_string_lossy().as_ref())),
            _ => true,
        }
    }
}

/// One `.gitignore` line.
struct Rule {
    /// The folder of the file it came from.
    base: PathBuf,
    glob: GlobMatcher,
    /// Matched against the path relative to `base` (it had a `/` before its end), else against
    /// the name alone.
    anchored: bool,
    negated: bool,
    dir_only: bool,
}

#[derive(Default)]
struct Ignores {
    rules: Vec<Rule>,
}

impl Ignores {
    fn load(&mut self, base: &Path, file: &Path) {
        let Ok(meta) = std::fs::metadata(file) else {
            return;
        };
        if !meta.is_file() || meta.len() > 256 * 1024 {
            return;
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            return;
        };
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (negated, line) = match line.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, line.strip_prefix('\\').unwrap_or(line)),
            };
            let (dir_only, line) = match line.strip_suffix('/') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let anchored = line.contains('/');
            let pattern = line.strip_prefix('/').unwrap_or(line);
            let Ok(glob) = GlobBuilder::new(pattern).literal_separator(true).build() else {
                continue;
            };
            self.rules.push(Rule {
                base: base.to_path_buf(),
                glob: glob.compile_matcher(),
                anchored,
                negated,
                dir_only,
            });
        }
    }

    /// Whether git ignores `path`: the last rule that matches decides.
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        for rule in self.rules.iter().rev() {
            if rule.dir_only && !is_dir {
                continue;
            }
            let Ok(rel) = path.strip_prefix(&rule.base) else {
                continue;
            };
            let hit = if rule.anchored {
                rule.glob.is_match(rel)
            } else {
                path.file_name()
                    .is_some_and(|n| rule.glob.is_match(Path::new(n)))
            };
            if hit {
                return !rule.negated;
            }
        }
        false
    }
}

/// The paths `.git/index` lists (`None` when it cannot be read: every file then counts).
fn tracked(index: &Path) -> Option<HashSet<String>> {
    index_paths(index)
}

/// The paths an index file lists: empty when there is no index yet, `None` when it cannot be
/// read. The format is parsed by hand (a bounded walk over the entries' fixed headers and
/// names, versions 2 to 4) rather than with gix or git2: only the names are needed, and those
/// crates would bring a large dependency tree (or C libgit2) into every check.
pub(crate) fn index_paths(index: &Path) -> Option<HashSet<String>> {
    let meta = match std::fs::metadata(index) {
        Ok(meta) => meta,
        // No index yet: nothing is tracked.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(HashSet::new()),
        Err(_) => return None,
    };
    if meta.len() > MAX_INDEX {
        return None;
    }
    let bytes = std::fs::read(index).ok()?;
    parse_index(&bytes)
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_be_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

/// Entry paths of an index file (versions 2, 3 and 4's prefix-compressed names).
fn parse_index(bytes: &[u8]) -> Option<HashSet<String>> {
    if bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = be32(bytes, 4)?;
    let count = be32(bytes, 8)?;
    let mut out = HashSet::new();
    let mut at = 12usize;
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let flags = u16::from_be_bytes([*bytes.get(at + 60)?, *bytes.get(at + 61)?]);
        let mut name_at = at + 62;
        if version >= 3 && flags & 0x4000 != 0 {
            name_at += 2;
        }
        let name: Vec<u8> = if version >= 4 {
            let (strip, used) = varint(bytes.get(name_at..)?)?;
            let rest = bytes.get(name_at + used..)?;
            let end = rest.iter().position(|b| *b == 0)?;
            let keep = previous.len().checked_sub(usize::try_from(strip).ok()?)?;
            let mut name = previous.get(..keep)?.to_vec();
            name.extend_from_slice(rest.get(..end)?);
            at = name_at + used + end + 1;
            name
        } else {
            let rest = bytes.get(name_at..)?;
            let end = rest.iter().position(|b| *b == 0)?;
            let len = name_at - at + end;
            at += (len + 8) / 8 * 8;
            rest.get(..end)?.to_vec()
        };
        out.insert(String::from_utf8_lossy(&name).into_owned());
        previous = name;
    }
    Some(out)
}

/// git's offset varint: the value and the bytes it used.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut used = 0;
    let mut c = *bytes.first()?;
    let mut value = u64::from(c & 0x7f);
    while c & 0x80 != 0 {
        used += 1;
        c = *bytes.get(used)?;
        value = value.checked_add(1)?.checked_shl(7)? | u64::from(c & 0x7f);
    }
    Some((value, used + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) -> bool {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn names(found: &[PathBuf], root: &Path) -> Vec<String> {
        let mut out: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn ignored_secrets_are_not_staged_unless_forced() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = tmp.path();
        std::fs::create_dir_all(root.join(".git")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join("app/keys")).unwrap_or_else(|e| panic!("{e}"));
        for (rel, text) in [
            (".env", "A=1"),
            (".env.example", "A="),
            ("app/.env.production", "A=1"),
            ("app/keys/id_rsa", "k"),
            ("app/main.rs", ""),
            (".gitignore", "/.env\n*.production\n!keep.production\n"),
            ("app/.gitignore", "keys/\n"),
        ] {
            std::fs::write(root.join(rel), text).unwrap_or_else(|e| panic!("{e}"));
        }
        let home = root.join("nohome");
        assert!(secrets(root, &Tree::found(root), Scope::All, &home).is_empty());
        assert_eq!(
            names(
                &secrets(root, &Tree::found(root), Scope::Forced, &home),
                root
            ),
            [".env", "app/.env.production", "app/keys/id_rsa"]
        );
        // Without the ignore files every secret is staged.
        std::fs::remove_file(root.join(".gitignore")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            names(
                &secrets(&root.join("app"), &Tree::found(root), Scope::All, &home),
                root
            ),
            ["app/.env.production"]
        );
        assert_eq!(
            names(&secrets(root, &Tree::found(root), Scope::All, &home), root),
            [".env", "app/.env.production"]
        );
    }

    #[test]
    fn tracked_files_come_from_the_index() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = tmp.path();
        if !git(root, &["init", "-q"]) {
            return; // no git on this machine: the parser is covered below
        }
        for (rel, text) in [(".env", "A=1"), ("id_rsa", "k"), ("src.rs", "")] {
            std::fs::write(root.join(rel), text).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(git(root, &["add", "-f", ".env", "src.rs"]));
        let home = root.join("nohome");
        assert_eq!(
            names(
                &secrets(root, &Tree::found(root), Scope::Tracked, &home),
                root
            ),
            [".env"]
        );
        assert!(git(root, &["update-index", "--index-version", "4"]));
        assert_eq!(
            names(
                &secrets(root, &Tree::found(root), Scope::Tracked, &home),
                root
            ),
            [".env"]
        );
        assert!(parse_index(b"DIRC\0\0\0\x02\0\0\0\x05").is_none());
        assert!(parse_index(b"nope").is_none());
    }
}
