//! The secret files a git command reads, judged on what git will really run: the subcommand
//! after aliases (`git -c alias.s=show s HEAD:.env`), in the repository and work tree it is
//! pointed at (`-C dir`, `--git-dir`, `--work-tree`, `GIT_DIR`, `GIT_WORK_TREE`,
//! `GIT_INDEX_FILE`). Two kinds: a secret path named in the command (`show REV:path`, `log -p --
//! path`, `hash-object -w .env`, `update-index --add .env`, `notes add -F .env`, `config -f
//! .env --list` …), for every subcommand but those that never read the contents of the paths
//! they name ([`NO_CONTENT`]: `rm --cached .env`, `reset .env`, `check-ignore .env` stay
//! allowed), and what staging commands would put into a commit (`add .`, `add -A`, `add DIR`,
//! `add -u`, `commit -a`; the walk is in `staged.rs`). A staging operand only known at run time
//! (`git add "$D"`) in a work tree holding a secret that could be staged is `dynamic_target`.

use super::super::super::concern::Concern;
use super::super::super::effects::{Effects, Places, SECRET_SAMPLES};
use super::super::super::expand::Field;
use super::staged::{self, Scope, Tree};
use crate::paths::is_secret;
use std::path::{Path, PathBuf};

/// Git subcommands that never read the contents of the paths they name (they list, compare
/// names, unstage, move or delete them; deletes and moves are file effects of the git model).
/// Every other subcommand, external ones (`git foo`) included, reads a secret path it names.
const NO_CONTENT: &[&str] = &[
    "branch",
    "check-attr",
    "check-ignore",
    "check-ref-format",
    "checkout",
    "clean",
    "clone",
    "fetch",
    "help",
    "init",
    "ls-files",
    "ls-remote",
    "mv",
    "pull",
    "push",
    "remote",
    "reset",
    "restore",
    "rm",
    "sparse-checkout",
    "status",
    "switch",
    "version",
    "worktree",
];

/// `ls-files` options that print object names (`git cat-file -p` of one prints the content).
const LS_FILES_OBJECTS: &[&str] = &["-s", "--stage", "--format"];

/// `update-index` options that change an entry's flags or drop it without reading the file.
const INDEX_FLAGS_ONLY: &[&str] = &[
    "--assume-unchanged",
    "--no-assume-unchanged",
    "--skip-worktree",
    "--no-skip-worktree",
    "--force-remove",
    "--remove",
];

/// Record the secret files `sub rest` reads into `fx.reads`.
pub(crate) fn reads(
    sub: &str,
    rest: &[Field],
    tree: &Tree,
    places: &Places<'_>,
    home: &Path,
    fx: &mut Effects,
) {
    let has = |names: &[&str]| {
        rest.iter().any(|a| {
            let v = a.value.as_str();
            names.contains(&v.split_once('=').map_or(v, |(n, _)| n))
        })
    };
    let objects = sub == "ls-files" && has(LS_FILES_OBJECTS);
    if (NO_CONTENT.contains(&sub) && !objects) || (sub == "update-index" && has(INDEX_FLAGS_ONLY)) {
        return;
    }
    let places = Places {
        cwd: tree.cwd.as_deref().or(places.cwd),
        ..*places
    };
    if matches!(sub, "add" | "stage" | "commit") {
        staging(sub, rest, tree, &places, home, fx);
    }
    for w in rest {
        let text = w.value.as_str();
        if text.starts_with('-') && !text.contains('=') {
            continue;
        }
        // An exclusion pathspec names what is left out.
        if text.starts_with(":!") || text.starts_with(":^") || text.starts_with(":(exclude") {
            continue;
        }
        // `REV:path` names a path in a revision (`HEAD:.env`, `main:config/.env`);
        // `--cacheinfo MODE,OBJECT,PATH` a path in the index.
        let path_part = match text.split_once(':') {
            Some((rev, _)) if !rev.contains('/') => w.tail(rev.len() + 1),
            _ => match text.rsplit_once(',') {
                Some((head, _)) if sub == "update-index" => w.tail(head.len() + 1),
                _ => w.clone(),
            },
        };
        let stripped = path_part.value.trim_start_matches("./");
        if stripped.is_empty()
            || !is_secret(stripped)
                && !places.fact(&path_part).secret
                && !pathspec_could_name_secret(stripped, tree)
        {
            continue;
        }
        let mut fact = places.fact(&path_part);
        fact.secret = true;
        w.value.clone_into(&mut fact.raw);
        add(fx, fact);
    }
}

/// A pathspec with wildcards (`'*.env'`, `':(glob)**/id_*'`, `'*env'`) that could name a secret:
/// its last segment tested against typical secret names and the secret-looking paths of the
/// index. Git's wildcards match dot files and, without `:(glob)`, cross `/`. A pattern of
/// wildcards alone (`*`) is every file, like no pathspec.
fn pathspec_could_name_secret(spec: &str, tree: &Tree) -> bool {
    // Magic signatures: `:(glob,icase)pattern`, `:!pattern` (an exclusion names nothing).
    let spec = match spec.strip_prefix(":(") {
        Some(rest) => rest.split_once(')').map_or(rest, |(_, p)| p),
        None if spec.starts_with(":!") || spec.starts_with(":^") => return false,
        None => spec.strip_prefix(":/").unwrap_or(spec),
    };
    if !spec.contains(['*', '?', '[']) {
        return false;
    }
    let last = spec.rsplit('/').next().unwrap_or(spec);
    if last.chars().filter(|c| !"*?[]!".contains(*c)).count() < 2 {
        return false;
    }
    let Ok(glob) = globset::GlobBuilder::new(last)
        .case_insensitive(true)
        .build()
    else {
        // A pattern globset cannot read: assume it could.
        return true;
    };
    let matcher = glob.compile_matcher();
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    let indexed = tree
        .index
        .as_deref()
        .and_then(staged::index_paths)
        .unwrap_or_default();
    SECRET_SAMPLES
        .iter()
        .map(|s| name(s))
        .chain(indexed.iter().filter(|p| is_secret(p)).map(|p| name(p)))
        .any(|n| matcher.is_match(&n))
}

fn add(fx: &mut Effects, fact: crate::paths::PathFact) {
    if !fx.reads.iter().any(|r| r.path == fact.path) {
        fx.reads.push(fact);
    }
}

/// `git add .`, `git add -A`, `git add DIR`, `git add -u`, `git commit -a`: the secret files of
/// the work tree they would stage are read by git.
fn staging(
    name: &str,
    rest: &[Field],
    tree: &Tree,
    places: &Places<'_>,
    home: &Path,
    fx: &mut Effects,
) {
    let mut operands: Vec<&Field> = Vec::new();
    let (mut all, mut update, mut force, mut from_file) = (false, false, false, false);
    let mut options = true;
    let mut skip_value = false;
    for a in rest {
        let v = a.value.as_str();
        if skip_value {
            skip_value = false;
            continue;
        }
        if !options || !v.starts_with('-') || v == "-" {
            operands.push(a);
            continue;
        }
        if v == "--" {
            options = false;
            continue;
        }
        let long = v.split('=').next().unwrap_or(v);
        match (name, long) {
            (_, "--all" | "--no-ignore-removal") => all = true,
            (_, "--update") => update = true,
            ("add" | "stage", "--force") => force = true,
            (_, "--pathspec-from-file") => from_file = true,
            (
                "commit",
                "--message" | "--file" | "--reuse-message" | "--reedit-message" | "--template"
                | "--author" | "--date" | "--fixup" | "--squash" | "--trailer" | "--cleanup",
            ) if !v.contains('=') => skip_value = true,
            (_, l) if l.starts_with("--") => {}
            _ => {
                // A cluster of short options: a value-taking letter ends it.
                let takes: &[char] = if name == "commit" {
                    &['m', 'F', 'c', 'C', 't']
                } else {
                    &[]
                };
                for c in v.chars().skip(1) {
                    match c {
                        'A' if name != "commit" => all = true,
                        'a' if name == "commit" => all = true,
                        'u' if name != "commit" => update = true,
                        'f' if name != "commit" => force = true,
                        c if takes.contains(&c) => {
                            skip_value = v.ends_with(c);
                            break;
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    let scope = if name == "commit" || update {
        Scope::Tracked
    } else if force {
        Scope::Forced
    } else {
        Scope::All
    };
    let Some(root) = tree.root.as_deref() else {
        return;
    };
    let mut starts: Vec<PathBuf> = Vec::new();
    // `:/` and `:(top)` name the top of the work tree.
    let top = operands
        .iter()
        .any(|o| o.value.starts_with(":/") || o.value.starts_with(":(top"));
    let mut unknown = false;
    for o in &operands {
        let fact = places.fact(o);
        let path = PathBuf::from(&fact.path);
        if fact.dynamic {
            unknown = true;
        } else if path.is_dir() {
            starts.push(path);
        }
    }
    if unknown && !staged::secrets(root, tree, scope, home).is_empty() {
        // `git add "$D"`: what it stages is known at run time only, and it could be a secret.
        fx.concerns.push(Concern::DynamicTarget);
    }
    let whole = match name {
        "commit" => all,
        _ => from_file || top || ((all || update) && operands.is_empty()),
    };
    if whole {
        starts.push(root.to_path_buf());
    }
    for start in starts {
        for path in staged::secrets(&start, tree, scope, home) {
            let text = path.to_string_lossy();
            let mut fact = places.fact(&Field::literal(&text));
            fact.secret = true;
            add(fx, fact);
        }
    }
}

/// The paths of the index that look secret (relative to the top of the work tree): what a
/// commit records and a push sends, whichever earlier call staged them.
pub(crate) fn index_secrets(tree: &Tree) -> Vec<String> {
    let Some(index) = tree.index.as_deref() else {
        return Vec::new();
    };
    let mut found: Vec<String> = staged::index_paths(index)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| is_secret(p))
        .collect();
    found.sort();
    found.truncate(32);
    found
}
