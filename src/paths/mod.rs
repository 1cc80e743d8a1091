//! Path resolution and classification: turns one path argument into a [`PathFact`] (absolute,
//! normalised, symlinks resolved) and says where it lies: workspace, home, system, temp, secrets,
//! agsec's own protected files, shell start-up files, `.git` internals. Knows nothing of shells
//! beyond `~`, `$HOME` and `$PWD` in [`resolve`]; the shell analysis passes already expanded text.

mod secret;

pub use secret::is_secret;
pub(crate) use secret::{is_secret_variable, service_hosts};

use globset::{GlobBuilder, GlobMatcher};
use serde::Serialize;
use std::path::{Component, Path, PathBuf};

/// Where a command runs and what is whose: the facts every path is classified against.
/// Paths should be absolute; they are compared both as given and with symlinks resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathContext {
    /// The working directory the command starts in.
    pub cwd: PathBuf,
    /// The user's home (`~`, `$HOME`).
    pub home: PathBuf,
    /// The project root the agent works in.
    pub workspace: PathBuf,
    /// agsec's own files (policies, config, hook settings, audit db, the binary).
    pub protected: Vec<PathBuf>,
}

/// One path argument, resolved and classified. Invariant: `path` is absolute unless the argument
/// could not be placed at all (then `dynamic` is true and `path` is the best-effort text).
/// For a `glob` or `dynamic` fact the flags describe its fixed leading folder.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PathFact {
    /// The argument as written (quotes removed).
    pub raw: String,
    /// Absolute, lexically normalised (`..`, `.`, `//`, `~`, `$HOME`), existing symlinks resolved.
    pub path: String,
    /// Could not be resolved statically (unknown `$VAR`, `$(…)`, xargs input …).
    pub dynamic: bool,
    /// Contains unquoted `*`, `?` or `[`.
    pub glob: bool,
    /// The workspace or below it (always false when `dynamic`).
    pub inside_workspace: bool,
    /// The workspace itself or one of its ancestors (deleting `/home/u` deletes the workspace);
    /// for a glob, only one that matches everything in such a folder (`*`, `**`).
    pub is_workspace_root: bool,
    /// The home folder or below it.
    pub in_home: bool,
    /// The home folder itself or one of its ancestors.
    pub is_home_root: bool,
    /// `/` itself.
    pub is_root: bool,
    /// `/` or under an OS folder (/etc /usr /bin /sbin /lib* /boot /dev /proc /sys /var except
    /// /var/tmp, /opt /root /srv /snap); never for paths inside the home or a workspace that is
    /// not itself such a folder.
    pub system: bool,
    /// Under /tmp, /var/tmp or `$TMPDIR` (always false when `dynamic`).
    pub temp: bool,
    /// Holds secrets (see [`is_secret`]).
    pub secret: bool,
    /// Equal to or under one of `PathContext::protected`.
    pub protected: bool,
    /// A folder that contains one of `PathContext::protected` (deleting it deletes them).
    pub contains_protected: bool,
    /// A shell start-up file (`~/.bashrc`, `~/.profile`, `/etc/profile*` …).
    pub shell_startup: bool,
    /// Inside (or is) a `.git` folder: hooks, config.
    pub git_internal: bool,
    /// The path relative to the workspace (`src/main.rs`, `.` for the root), when inside it.
    pub workspace_relative: Option<String>,
    /// The path relative to the home directory (`.ssh/id_rsa`), when inside it.
    pub home_relative: Option<String>,
}

/// Resolve one path argument as the shell would see it (after quote removal), relative to `cwd`.
/// A leading `~`, `$HOME`, `${HOME}`, `$PWD` or `${PWD}` is expanded; any other `$` makes the
/// fact `dynamic` and `*`, `?`, `[` make it a `glob`.
pub fn resolve(raw: &str, cwd: &Path, ctx: &PathContext) -> PathFact {
    let home = ctx.home.to_string_lossy();
    let here = cwd.to_string_lossy();
    let value = expand_known_prefix(raw, &home, &here);
    let dynamic_at = value.find('$');
    let glob_at = value.find(['*', '?', '[']);
    let fixed = dynamic_at
        .into_iter()
        .chain(glob_at)
        .min()
        .unwrap_or(value.len());
    let arg = PathArg {
        raw,
        value: &value,
        fixed,
        dynamic: dynamic_at.is_some(),
        glob: glob_at.is_some(),
    };
    Classifier::new(ctx).fact(&arg, Some(cwd))
}

fn expand_known_prefix(raw: &str, home: &str, cwd: &str) -> String {
    let prefixes: [(&str, &str); 5] = [
        ("${HOME}", home),
        ("$HOME", home),
        ("${PWD}", cwd),
        ("$PWD", cwd),
        ("~", home),
    ];
    for (prefix, with) in prefixes {
        if let Some(rest) = raw.strip_prefix(prefix) {
            let ends_word = rest.is_empty() || rest.starts_with('/');
            if ends_word {
                return format!("{with}{rest}");
            }
        }
    }
    raw.to_owned()
}

/// A path argument as the shell analysis knows it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PathArg<'a> {
    /// As written.
    pub(crate) raw: &'a str,
    /// Expanded text; unknown parts left as written.
    pub(crate) value: &'a str,
    /// How many leading bytes of `value` are literal and not a glob.
    pub(crate) fixed: usize,
    pub(crate) dynamic: bool,
    pub(crate) glob: bool,
}

/// A [`PathContext`] prepared once (symlinks of its folders resolved) to classify many paths.
#[derive(Debug, Clone)]
pub(crate) struct Classifier {
    workspace: Vec<PathBuf>,
    home: Vec<PathBuf>,
    protected: Vec<PathBuf>,
    temp: Vec<PathBuf>,
    /// The workspace is a real project folder, not `/` or a top-level OS folder.
    workspace_exempts_system: bool,
}

/// Top-level OS folders (the `system` flag).
const SYSTEM_DIRS: &[&str] = &[
    "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/boot", "/dev", "/proc", "/sys",
    "/var", "/opt", "/root", "/srv", "/snap",
];

/// Start-up files relative to a home folder.
const HOME_STARTUP: &[&str] = &[
    ".bashrc",
    ".bash_profile",
    ".profile",
    ".zshrc",
    ".zprofile",
    ".zshenv",
    ".zlogin",
    ".zlogout",
    ".bash_login",
    ".bash_logout",
    ".config/fish/config.fish",
];

fn both_forms(p: &Path, resolver: &mut Resolver) -> Vec<PathBuf> {
    let given = normalize(Path::new("/"), &p.to_string_lossy());
    let real = resolver.prefix(&given);
    if real == given {
        vec![given]
    } else {
        vec![given, real]
    }
}

impl Classifier {
    pub(crate) fn new(ctx: &PathContext) -> Self {
        // The protected files share a few folders: each is resolved once.
        let mut resolver = Resolver::default();
        let mut temp = vec![PathBuf::from("/tmp"), PathBuf::from("/var/tmp")];
        if let Some(dir) = std::env::var_os("TMPDIR").filter(|d| !d.is_empty()) {
            temp.extend(both_forms(Path::new(&dir), &mut resolver));
        }
        temp.extend(both_forms(Path::new("/tmp"), &mut resolver));
        let workspace = both_forms(&ctx.workspace, &mut resolver);
        let workspace_exempts_system = workspace.iter().all(|w| w.components().count() > 2);
        Self {
            workspace,
            home: both_forms(&ctx.home, &mut resolver),
            protected: ctx
                .protected
                .iter()
                .flat_map(|p| both_forms(p, &mut resolver))
                .collect(),
            temp,
            workspace_exempts_system,
        }
    }

    /// Classify one argument; `cwd` is `None` when an earlier `cd` went somewhere unknown.
    pub(crate) fn fact(&self, arg: &PathArg<'_>, cwd: Option<&Path>) -> PathFact {
        let mut fact = self.classify(arg, cwd);
        if !fact.dynamic {
            let relative = |roots: &[PathBuf]| {
                roots.iter().find_map(|root| {
                    let rest = fact.path.strip_prefix(root.to_str()?)?;
                    let rest = if rest.is_empty() {
                        "."
                    } else {
                        rest.strip_prefix('/')?
                    };
                    Some(rest.to_owned())
                })
            };
            fact.workspace_relative = relative(&self.workspace);
            fact.home_relative = relative(&self.home);
        }
        fact
    }

    fn classify(&self, arg: &PathArg<'_>, cwd: Option<&Path>) -> PathFact {
        let mut fact = PathFact {
            raw: arg.raw.to_owned(),
            path: arg.value.to_owned(),
            dynamic: arg.dynamic,
            glob: arg.glob,
            ..PathFact::empty()
        };
        if arg.value.is_empty() || (arg.dynamic && arg.fixed == 0) {
            // Nothing known, not even whether it is absolute.
            return fact;
        }
        let base = if arg.value.starts_with('/') {
            Path::new("/")
        } else if let Some(cwd) = cwd {
            cwd
        } else {
            fact.dynamic = true;
            return fact;
        };
        if !arg.dynamic && !arg.glob {
            let path = canonicalize_prefix(&normalize(base, arg.value));
            fact.path = path.to_string_lossy().into_owned();
            self.classify_exact(&path, &mut fact);
            return fact;
        }
        // Split at the last `/` of the literal prefix: `dir` is known, `rest` is not.
        let known = arg.value.get(..arg.fixed).unwrap_or("");
        let split = known.rfind('/').map_or(0, |i| i + 1);
        let (dir_text, rest) = arg.value.split_at(split.min(arg.value.len()));
        let dir = canonicalize_prefix(&normalize(base, dir_text));
        // `rest` is unknown or a pattern: only `.` and empty segments are dropped.
        let segments: Vec<&str> = rest
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        let mut text = dir.to_string_lossy().into_owned();
        if !text.ends_with('/') {
            text.push('/');
        }
        text.push_str(&segments.join("/"));
        fact.path = text;
        let matches_all = arg.dynamic || segments.iter().all(|s| matches!(*s, "*" | "**" | ".*"));
        self.classify_under(&dir, matches_all, &mut fact);
        if arg.dynamic {
            fact.inside_workspace = false;
            fact.temp = false;
        }
        fact
    }

    fn classify_exact(&self, path: &Path, fact: &mut PathFact) {
        let under = |roots: &[PathBuf]| roots.iter().any(|r| path.starts_with(r));
        let above = |roots: &[PathBuf]| roots.iter().any(|r| r.starts_with(path));
        fact.inside_workspace = under(&self.workspace);
        fact.is_workspace_root = above(&self.workspace);
        fact.in_home = under(&self.home);
        fact.is_home_root = above(&self.home);
        fact.is_root = path == Path::new("/");
        // A home or workspace that happens to live under /tmp is not scratch space.
        fact.temp = under(&self.temp) && !fact.in_home && !fact.inside_workspace;
        fact.protected = under(&self.protected);
        fact.contains_protected = above(&self.protected) && !fact.protected;
        fact.system = self.is_system(path, fact.in_home, fact.inside_workspace);
        fact.secret = is_secret(&fact.path);
        fact.shell_startup = self.is_shell_startup(path);
        fact.git_internal = path.components().any(|c| match c {
            Component::Normal(name) => name.eq_ignore_ascii_case(".git"),
            _ => false,
        });
    }

    fn classify_under(&self, dir: &Path, matches_all: bool, fact: &mut PathFact) {
        let pattern = fact.path.clone();
        self.classify_exact(dir, fact);
        fact.path = pattern;
        if !matches_all {
            fact.is_workspace_root = false;
            fact.is_home_root = false;
            fact.is_root = false;
            fact.contains_protected = false;
        }
        let stripped: String = fact
            .path
            .chars()
            .filter(|c| !matches!(c, '*' | '?'))
            .collect();
        fact.secret |= is_secret(&fact.path) || is_secret(&stripped);
        if fact.glob
            && let Some(matcher) = glob_matcher(&fact.path)
        {
            fact.protected |= self.protected.iter().any(|p| matcher.is_match(p));
            let (under, above) = glob_reaches(&fact.path, &self.protected);
            fact.protected |= under;
            fact.contains_protected |= above && !fact.protected;
            fact.shell_startup |= self
                .home
                .iter()
                .flat_map(|h| HOME_STARTUP.iter().map(move |f| h.join(f)))
                .any(|p| matcher.is_match(p));
        }
    }

    fn is_system(&self, path: &Path, in_home: bool, inside_workspace: bool) -> bool {
        if path == Path::new("/") {
            return true;
        }
        if in_home || (inside_workspace && self.workspace_exempts_system) {
            return false;
        }
        if path.starts_with("/var/tmp") {
            return false;
        }
        SYSTEM_DIRS.iter().any(|d| path.starts_with(d))
    }

    fn is_shell_startup(&self, path: &Path) -> bool {
        if path == Path::new("/etc/bash.bashrc") || path.starts_with("/etc/profile.d") {
            return true;
        }
        if path.parent() == Some(Path::new("/etc"))
            && path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("profile"))
        {
            return true;
        }
        let in_a_home = |home: &Path| {
            path.strip_prefix(home)
                .is_ok_and(|rel| HOME_STARTUP.iter().any(|f| rel == Path::new(f)))
        };
        if self.home.iter().any(|h| in_a_home(h)) || in_a_home(Path::new("/root")) {
            return true;
        }
        // Another user's home: /home/<user>/<file>.
        let mut parts = path.components();
        parts.next();
        matches!(parts.next(), Some(Component::Normal(n)) if n == "home")
            && parts.next().is_some()
            && HOME_STARTUP.iter().any(|f| parts.as_path() == Path::new(f))
    }
}

/// Whether the absolute glob `pattern` can match one of `protected` or a file that exists below
/// one (first), or a folder above one (second). Below a protected folder, what exists is
/// listed (at most [`MAX_GLOB_LISTING`] entries; past that, it is taken to match): a glob can
/// only delete or overwrite what is there.
fn glob_reaches(pattern: &str, protected: &[PathBuf]) -> (bool, bool) {
    let Some(matcher) = glob_matcher(pattern) else {
        return (false, false);
    };
    let segments: Vec<&str> = pattern.split('/').collect();
    let deep = segments.iter().position(|s| s.contains("**"));
    let (mut under, mut above) = (false, false);
    for p in protected {
        if p.ancestors().skip(1).any(|a| matcher.is_match(a)) {
            above = true;
        }
        let Some(text) = p.to_str() else { continue };
        let parts: Vec<&str> = text.trim_end_matches('/').split('/').collect();
        // The pattern's leading segments must match the protected path to reach below it.
        let n = parts.len().min(segments.len());
        let n = deep.map_or(n, |d| n.min(d));
        let leads_there = segments
            .get(..n)
            .zip(parts.get(..n))
            .and_then(|(head, path_head)| {
                glob_matcher(&head.join("/")).map(|m| m.is_match(path_head.join("/")))
            })
            .unwrap_or(false);
        if leads_there && (segments.len() > parts.len() || deep.is_some()) && p.is_dir() {
            under |= lists_a_match(p, &matcher);
        }
    }
    (under, above)
}

/// Most entries listed below a protected folder to see whether a glob matches one.
const MAX_GLOB_LISTING: usize = 2000;

/// Whether `matcher` matches anything below `dir` (true past [`MAX_GLOB_LISTING`] entries).
fn lists_a_match(dir: &Path, matcher: &GlobMatcher) -> bool {
    let mut pending = vec![dir.to_path_buf()];
    let mut seen = 0;
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_GLOB_LISTING {
                return true;
            }
            let path = entry.path();
            if matcher.is_match(&path) {
                return true;
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            }
        }
    }
    false
}

fn glob_matcher(pattern: &str) -> Option<GlobMatcher> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .ok()
        .map(|g| g.compile_matcher())
}

impl PathFact {
    /// A fact with every flag false and empty texts.
    pub(crate) fn empty() -> Self {
        Self {
            raw: String::new(),
            path: String::new(),
            dynamic: false,
            glob: false,
            inside_workspace: false,
            is_workspace_root: false,
            in_home: false,
            is_home_root: false,
            is_root: false,
            system: false,
            temp: false,
            secret: false,
            protected: false,
            contains_protected: false,
            shell_startup: false,
            git_internal: false,
            workspace_relative: None,
            home_relative: None,
        }
    }
}

/// Join `value` onto `base` and normalise lexically: `.`, `..` (never above `/`) and `//`.
pub(crate) fn normalize(base: &Path, value: &str) -> PathBuf {
    let mut parts: Vec<&str> = Vec::new();
    let start = if value.starts_with('/') {
        ""
    } else {
        base.to_str().unwrap_or("/")
    };
    for part in start.split('/').chain(value.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut out = String::with_capacity(value.len() + start.len() + 1);
    for part in &parts {
        out.push('/');
        out.push_str(part);
    }
    if out.is_empty() {
        out.push('/');
    }
    PathBuf::from(out)
}

/// Resolve symlinks of the longest existing prefix of an absolute, normalised path.
pub(crate) fn canonicalize_prefix(path: &Path) -> PathBuf {
    Resolver::default().prefix(path)
}

/// Resolves symlinks of path prefixes, remembering every folder it looked at: resolving many
/// paths under the same few folders costs one `lstat` per distinct prefix (a `realpath` of each
/// path and of each of its ancestors in turn cost a `readlink` per component, each time).
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    /// A given prefix and what it resolves to (`None`: it does not exist or cannot be resolved).
    /// Keyed by the prefix's bytes: `given` is built component by component, so equal bytes are
    /// equal paths, and hashing bytes costs a fraction of `Path`'s component-wise hash.
    known: std::collections::HashMap<std::ffi::OsString, Option<PathBuf>>,
}

impl Resolver {
    /// Resolve symlinks of the longest existing prefix of an absolute, normalised path: what
    /// `realpath` gives for that prefix, the rest appended as written.
    pub(crate) fn prefix(&mut self, path: &Path) -> PathBuf {
        let mut parts = path.components();
        if parts.next() != Some(Component::RootDir) {
            return path.to_path_buf();
        }
        let mut real = PathBuf::from("/");
        let mut given = PathBuf::from("/");
        while let Some(part) = parts.next() {
            given.push(part);
            let resolved = match (part, self.known.get(given.as_os_str())) {
                (_, Some(known)) => known.clone(),
                (Component::Normal(name), None) => {
                    let candidate = real.join(name);
                    let resolved = match std::fs::symlink_metadata(&candidate) {
                        Ok(meta) if meta.file_type().is_symlink() => {
                            std::fs::canonicalize(&candidate).ok()
                        }
                        Ok(_) => Some(candidate),
                        Err(_) => None,
                    };
                    self.known
                        .insert(given.as_os_str().to_owned(), resolved.clone());
                    resolved
                }
                // Not normalised (`..`, `.`): left as written from here.
                _ => None,
            };
            match resolved {
                Some(next) => real = next,
                None => {
                    real.push(part);
                    real.extend(parts);
                    return real;
                }
            }
        }
        real
    }
}

#[cfg(test)]
mod tests;
