//! Self-protection: the agent agsec guards cannot switch agsec off. One mechanism over paths,
//! applied by the engine to every action regardless of the policies (a policy set without the
//! default rules is protected all the same): the protected paths are those of
//! [`Environment::protected`] (policy directory, `agsec.yaml`, hook settings, audit store and
//! journal, spool, taint files, cache, the binary; every agent's hook settings, see
//! [`crate::environment::hook_settings_files`]); the folders above them (`.claude/`, `.codex/`,
//! `.gemini/`, `.cursor/`, `.github/hooks/`, `.clinerules/hooks/`, the workspace, the home) may
//! not be deleted or moved.
//!
//! Denied: deleting, moving, truncating, overwriting or replacing a protected path, or deleting
//! or moving a folder above one; git commands that remove or rewrite protected files across the
//! work tree (`stash -u/--all`, `switch|checkout --orphan`, `reset --hard`, `checkout REV --
//! policies`, `restore policies`); agsec's own state-changing subcommands run by the agent
//! (`init`, `install`, `policy add|remove`, `approve`, `reject`, `audit prune`,
//! `audit verify --reset-witness`, `--output` to a protected path or a shell start-up file), the binary recognised under any name by its
//! identity (same file, same content, or agsec's marker inside it); database tools opening a
//! protected file writable. Reviewed: writing into a folder holding hook settings (`.claude/`,
//! `.codex/`, `.gemini/`, `.github/hooks/` …: a copy into them could replace them), and creating or changing Claude Code's
//! commands, skills and agents (`.claude/commands|skills|agents/`), whose embedded shell lines
//! no PreToolUse hook sees, and deleting or rewriting a path known only at run time.

use crate::action::Action;
use crate::environment::Environment;
use crate::paths::{self, PathContext, PathFact};
use crate::policy::{Decision, Effect};
use crate::shell::SimpleCommand;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The reason every self-protection deny starts with.
const PROTECTED: &str = "agsec's policies, settings, hook configuration, audit trail and binary are protected from the agent";

/// Text compiled into every agsec binary: a copy under another name still holds it.
const MARKER: &str = "agsec-self-identity-3f9c2e71: the action firewall for AI coding agents";

/// Largest file searched for [`MARKER`] or hashed to compare with the running binary.
const MAX_IDENTITY_BYTES: u64 = 256 * 1024 * 1024;

/// Programs that open SQLite files (the audit store) and write to them unless told read-only.
const DB_TOOLS: &[&str] = &[
    "sqlite3",
    "sqlite",
    "sqlite-utils",
    "litecli",
    "sqlitebrowser",
    "sqldiff",
    "duckdb",
    "datasette",
];

/// The one option that makes a reading subcommand write state (`audit verify --reset-witness`):
/// kept among the operands [`state_changing`] looks at.
const RESET_WITNESS: &str = "--reset-witness";

/// Whether `word` is, or could be taken by an argument parser for, [`RESET_WITNESS`]: the word
/// itself, with an `=value`, or an abbreviation of it (`--reset`, `--res=1`). clap accepts only
/// the exact word today; this stays right if it ever infers long options.
fn is_reset_witness(word: &str) -> bool {
    let name = word.split_once('=').map_or(word, |(name, _)| name);
    name.starts_with("--r") && RESET_WITNESS.starts_with(name)
}

/// agsec subcommands that change its state (the second word for `policy` and `audit`).
fn state_changing(words: &[&str]) -> bool {
    match words {
        [] => false,
        ["policy", rest @ ..] => rest
            .first()
            .is_none_or(|w| matches!(*w, "add" | "remove" | "rm")),
        ["audit", rest @ ..] => rest.contains(&"prune") || rest.iter().any(|w| is_reset_witness(w)),
        [first, ..] => matches!(
            *first,
            "init" | "install" | "uninstall" | "approve" | "reject"
        ),
    }
}

fn context(env: &Environment) -> PathContext {
    env.path_context()
}

fn deny(what: impl std::fmt::Display) -> Decision {
    Decision::by_analysis(
        Effect::Deny,
        format!("{PROTECTED}: {what}; ask the person to do it"),
    )
}

/// The self-protection decision on a file action (`file.write`, `file.edit`, `file.delete`,
/// a Codex patch's moves), if any.
pub(crate) fn judge_action(action: &Action, env: &Environment) -> Option<Decision> {
    if !matches!(
        action.name.as_str(),
        "file.write" | "file.edit" | "file.delete"
    ) {
        return None;
    }
    let ctx = context(env);
    let mut decisions = Vec::new();
    for key in [
        "file_path",
        "notebook_path",
        "path",
        "moved_from",
        "moved_to",
    ] {
        let Some(raw) = action.param_str(key) else {
            continue;
        };
        let fact = paths::resolve(raw, &env.cwd, &ctx);
        if fact.protected || fact.contains_protected {
            decisions.push(deny(format_args!(
                "`{}` would change `{}`",
                action.name, fact.path
            )));
        } else if let Some(dir) = agent_config_dir(&fact) {
            decisions.push(review_config(&fact.path, dir));
        }
    }
    crate::policy::strictest(decisions.iter())
}

fn review_config(path: &str, dir: &str) -> Decision {
    Decision::by_analysis(
        Effect::Review,
        format!(
            "`{path}` is a Claude Code {dir} file: its embedded shell lines run without a PreToolUse hook, so a person must approve creating or changing it"
        ),
    )
}

/// Whether `path` is a folder holding an agent's hook settings file, at any depth below the
/// workspace or the home (`.claude`, `.codex`, `.gemini`, `.cursor`, `.github`, `.github/hooks`,
/// `.clinerules/hooks`, `$CODEX_HOME` …; see [`crate::environment::hook_settings_files`]): a copy or
/// an archive written into it could replace them. Writes into the workspace or the home as a
/// whole are left to the policies (a `tar -x` there is ordinary work).
fn holds_hook_settings(path: &str, env: &Environment) -> bool {
    let path = Path::new(path);
    if path == env.workspace || path == env.home {
        return false;
    }
    crate::environment::hook_settings_files(&env.workspace, &env.home)
        .iter()
        .any(|file| {
            let mut folders = file.ancestors().skip(1);
            match [&env.workspace, &env.home]
                .into_iter()
                .find(|root| file.starts_with(root))
            {
                // Below the workspace or the home: every folder down from it.
                Some(root) => folders.take_while(|dir| dir != root).any(|dir| dir == path),
                // Elsewhere (`$CODEX_HOME=/opt/codex`): the folder holding the file.
                None => folders.next() == Some(path),
            }
        })
}

/// `commands`, `skills` or `agents` when `fact` is in such a folder of a `.claude` folder.
fn agent_config_dir(fact: &PathFact) -> Option<&'static str> {
    let path = Path::new(&fact.path);
    let names: Vec<&str> = path
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    names.windows(2).find_map(|w| match w {
        [".claude", "commands"] => Some("command"),
        [".claude", "skills"] => Some("skill"),
        [".claude", "agents"] => Some("agent"),
        _ => None,
    })
}

/// The self-protection decisions on one simple command of a shell action.
pub(crate) fn judge_command(part: &SimpleCommand, env: &Environment) -> Vec<Decision> {
    let ctx = context(env);
    let cwd = part.cwd.clone().unwrap_or_else(|| env.cwd.clone());
    let mut out = Vec::new();
    for fact in &part.deletes {
        if fact.protected || fact.contains_protected {
            out.push(deny(format_args!(
                "`{}` deletes or moves `{}`",
                part.command, fact.path
            )));
        } else if fact.dynamic && !fact.path.starts_with('/') {
            // Not even its folder is known (`rm -rf $(pwd)`): it could be agsec's files.
            out.push(Decision::by_analysis(
                Effect::Review,
                format!(
                    "`{}` deletes or moves `{}`, a path known only when it runs: it could be agsec's protected files, so a person must approve it",
                    part.command, fact.raw
                ),
            ));
        }
    }
    for fact in &part.writes {
        if fact.protected {
            out.push(deny(format_args!(
                "`{}` writes or replaces `{}`",
                part.command, fact.path
            )));
        } else if fact.contains_protected && holds_hook_settings(&fact.path, env) {
            out.push(Decision::by_analysis(
                Effect::Review,
                format!(
                    "`{}` writes into `{}`, which holds agsec's protected files (it could replace them); a person must approve it",
                    part.command, fact.path
                ),
            ));
        } else if let Some(dir) = agent_config_dir(fact) {
            out.push(review_config(&fact.path, dir));
        }
    }
    let words = words(part);
    if let Some((program, args)) = words.split_first() {
        if looks_like_agsec_call(args) && is_agsec(program, locate(program, &cwd).as_deref()) {
            out.extend(judge_agsec(part, args, &cwd, &ctx));
        }
        if DB_TOOLS.contains(&basename(program)) {
            out.extend(judge_db_tool(part, args, &cwd, &ctx));
        }
        if basename(program) == "git" {
            out.extend(judge_git(part, args, &cwd, &ctx));
        }
    }
    out
}

/// Whether `args` would change agsec's state or write a file if the program were agsec: only
/// then is the program's identity looked into (it may mean reading the file).
fn looks_like_agsec_call(args: &[String]) -> bool {
    let operands: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-') || is_reset_witness(a))
        .collect();
    state_changing(&operands)
        || args
            .iter()
            .any(|a| a.starts_with("--output") || a.starts_with("-o") || a.contains('$'))
}

/// Program and arguments (the shell analysis already took `sudo X=1 cmd`'s assignment out).
fn words(part: &SimpleCommand) -> Vec<String> {
    let Some(program) = part.program_word.clone().or_else(|| part.program.clone()) else {
        return Vec::new();
    };
    std::iter::once(program)
        .chain(part.args.iter().cloned())
        .collect()
}

fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// The file a program word runs: a path relative to `cwd`, or the first match on `$PATH`.
fn locate(program: &str, cwd: &Path) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(paths::normalize(cwd, program));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Whether `program` (found at `path`) is agsec: named `agsec`, the running binary (same file),
/// a byte-for-byte copy of it, or any build holding agsec's [`MARKER`].
fn is_agsec(program: &str, path: Option<&Path>) -> bool {
    let name = basename(program);
    if name == "agsec" || name.starts_with("agsec.") {
        return true;
    }
    let Some(path) = path else {
        return false;
    };
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() > MAX_IDENTITY_BYTES {
        return false;
    }
    if let Some(own) = own_metadata() {
        if same_file(&meta, own) {
            return true;
        }
        if meta.len() == own.len()
            && let Some(digest) = file_digest(path)
            && own_digest().is_some_and(|d| d == digest)
        {
            return true;
        }
    }
    // Another build of agsec (another version, a debug build) holds the marker too. Only large
    // executables outside the OS folders are searched, so an ordinary `ls` costs nothing.
    let system = ["/usr/", "/bin/", "/sbin/", "/lib", "/etc/", "/nix/store/"];
    let path_text = path.to_string_lossy();
    if meta.len() >= 256 * 1024 && !system.iter().any(|s| path_text.starts_with(s)) {
        return contains_marker(path);
    }
    false
}

fn own_metadata() -> Option<&'static std::fs::Metadata> {
    static OWN: OnceLock<Option<std::fs::Metadata>> = OnceLock::new();
    OWN.get_or_init(|| std::fs::metadata(std::env::current_exe().ok()?).ok())
        .as_ref()
}

fn own_digest() -> Option<[u8; 32]> {
    static OWN: OnceLock<Option<[u8; 32]>> = OnceLock::new();
    *OWN.get_or_init(|| file_digest(&std::env::current_exe().ok()?))
}

fn file_digest(path: &Path) -> Option<[u8; 32]> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut reader = std::io::BufReader::new(file.take(MAX_IDENTITY_BYTES));
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n)?);
    }
    Some(hasher.finalize().into())
}

fn contains_marker(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut bytes = Vec::new();
    if file
        .take(MAX_IDENTITY_BYTES)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return false;
    }
    let marker = std::hint::black_box(MARKER.as_bytes());
    regex::bytes::Regex::new(&regex::escape(MARKER))
        .map(|re| re.is_match(&bytes))
        .unwrap_or_else(|_| bytes.windows(marker.len()).any(|w| w == marker))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_a: &std::fs::Metadata, _b: &std::fs::Metadata) -> bool {
    false
}

/// agsec run by the agent: state-changing subcommands are denied, and so is `--output` to a
/// protected path or a shell start-up file.
fn judge_agsec(
    part: &SimpleCommand,
    args: &[String],
    cwd: &Path,
    ctx: &PathContext,
) -> Vec<Decision> {
    let mut out = Vec::new();
    if args.iter().any(|a| a.contains('$') || a.contains('`')) {
        out.push(deny(format_args!(
            "`{}` runs agsec with arguments only known at run time",
            part.command
        )));
        return out;
    }
    let mut operands = Vec::new();
    let mut outputs = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(value) = arg.strip_prefix("--output=") {
            outputs.push(value.to_owned());
        } else if arg == "--output" || arg == "-o" {
            if let Some(value) = iter.next() {
                outputs.push(value.clone());
            }
        } else if let Some(value) = arg.strip_prefix("-o").filter(|v| !v.is_empty()) {
            outputs.push(value.to_owned());
        } else if !arg.starts_with('-') || is_reset_witness(arg) {
            operands.push(arg.as_str());
        }
    }
    if state_changing(&operands) {
        out.push(deny(format_args!(
            "`{}` changes agsec's state (only the person may initialise, install, edit policies, approve or reject reviews and prune the audit trail)",
            part.command
        )));
    }
    for output in outputs {
        let fact = paths::resolve(&output, cwd, ctx);
        if fact.protected || fact.contains_protected || fact.shell_startup || fact.dynamic {
            out.push(deny(format_args!(
                "`{}` writes its output to `{}`",
                part.command, fact.path
            )));
        }
    }
    out
}

/// A database tool given a protected file: denied unless opened read-only.
fn judge_db_tool(
    part: &SimpleCommand,
    args: &[String],
    cwd: &Path,
    ctx: &PathContext,
) -> Vec<Decision> {
    let read_only = args
        .iter()
        .any(|a| matches!(a.as_str(), "-readonly" | "--readonly" | "-r"));
    let opens_protected = args.iter().any(|a| {
        let uri = a.strip_prefix("file:").unwrap_or(a);
        let file = uri.split('?').next().unwrap_or(uri);
        let fact = paths::resolve(file, cwd, ctx);
        fact.protected && !a.starts_with('-')
    });
    if opens_protected && !read_only {
        vec![deny(format_args!(
            "`{}` opens agsec's audit store or another protected file for writing",
            part.command
        ))]
    } else {
        Vec::new()
    }
}

/// git global options that take the next word as their value.
const GIT_GLOBAL_VALUES: &[&str] = &[
    "-C",
    "-c",
    "--git-dir",
    "--work-tree",
    "--namespace",
    "--exec-path",
    "--config-env",
    "--super-prefix",
];

/// git commands that remove or rewrite files across the work tree, or named paths in it.
fn judge_git(
    part: &SimpleCommand,
    args: &[String],
    cwd: &Path,
    ctx: &PathContext,
) -> Vec<Decision> {
    let mut dir = cwd.to_path_buf();
    let mut work_tree: Option<PathBuf> = None;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        if !arg.starts_with('-') {
            break;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if arg.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let value = match inline {
            Some(v) => Some(v),
            None if GIT_GLOBAL_VALUES.contains(&name) => {
                i += 1;
                args.get(i).cloned()
            }
            None => None,
        };
        match (name, value) {
            ("-C", Some(d)) => dir = paths::normalize(&dir, &expand_home(&d, ctx)),
            ("--work-tree", Some(d)) => {
                work_tree = Some(paths::normalize(&dir, &expand_home(&d, ctx)));
            }
            _ => {}
        }
        i += 1;
    }
    let Some(sub) = args.get(i) else {
        return Vec::new();
    };
    let rest: Vec<&str> = args
        .get(i + 1..)
        .unwrap_or(&[])
        .iter()
        .map(String::as_str)
        .collect();
    // git's option parser takes any unambiguous prefix of a long option (`--include-unt`,
    // `--orph=x`): a prefix counts here whether or not it is ambiguous (an ambiguous one is an
    // error in git, so over-matching only denies a call that would fail).
    let has = |names: &[&str]| {
        rest.iter().any(|a| {
            let long = a.split_once('=').map_or(*a, |(name, _)| name);
            names.contains(a)
                || names.iter().any(|n| {
                    (n.len() == 2 && n.starts_with('-') && is_short_cluster(a, n))
                        || (n.starts_with("--") && long.len() > 2 && n.starts_with(long))
                })
        })
    };
    let whole_tree = match sub.as_str() {
        "stash" => {
            // A first word that is not one of stash's other subcommands is a pathspec of an
            // implied `push` (`git stash -u PATH`, or a word known only at run time, such as
            // xargs' input): the untracked files it stashes could be agsec's.
            let action = rest.iter().find(|a| !a.starts_with('-')).copied();
            let other = matches!(
                action,
                Some(
                    "list"
                        | "show"
                        | "drop"
                        | "pop"
                        | "apply"
                        | "branch"
                        | "clear"
                        | "create"
                        | "store"
                )
            );
            !other && has(&["-u", "--include-untracked", "-a", "--all"])
        }
        "switch" | "checkout" => has(&["--orphan"]),
        "reset" => has(&["--hard", "--merge", "--keep"]),
        "clean" => !has(&["-n", "--dry-run"]) && rest.iter().all(|a| a.starts_with('-')),
        _ => false,
    };
    let tree = work_tree.unwrap_or_else(|| worktree_root(&dir));
    let mut out = Vec::new();
    if whole_tree {
        let fact = paths::resolve(&tree.to_string_lossy(), &dir, ctx);
        if fact.protected || fact.contains_protected {
            out.push(deny(format_args!(
                "`{}` removes or rewrites files across the work tree `{}`, which holds agsec's files",
                part.command, fact.path
            )));
        }
        return out;
    }
    let paths: Vec<&str> = match sub.as_str() {
        "checkout" | "restore" => {
            if sub == "restore" && has(&["--staged", "-S"]) && !has(&["--worktree", "-W"]) {
                Vec::new()
            } else {
                match rest.iter().position(|a| *a == "--") {
                    Some(at) => rest.get(at + 1..).unwrap_or(&[]).to_vec(),
                    None => operands_without_values(&rest, &["--source", "-s", "--conflict"]),
                }
            }
        }
        "rm" | "mv" | "clean" => {
            if sub == "rm" && has(&["--cached"]) {
                Vec::new()
            } else {
                operands_without_values(&rest, &["-e", "--exclude"])
            }
        }
        _ => Vec::new(),
    };
    for path in paths {
        let fact = paths::resolve(path, &dir, ctx);
        let exists = Path::new(&fact.path).exists() || fact.glob;
        if (fact.protected || fact.contains_protected) && (exists || sub != "checkout") {
            out.push(deny(format_args!(
                "`{}` removes or rewrites `{}`",
                part.command, fact.path
            )));
        } else if fact.dynamic && !fact.path.starts_with('/') {
            out.push(Decision::by_analysis(
                Effect::Review,
                format!(
                    "`{}` rewrites `{path}`, a path known only when it runs: it could be agsec's protected files, so a person must approve it",
                    part.command
                ),
            ));
        }
    }
    out
}

/// `-xfd` holds `-x`.
fn is_short_cluster(arg: &str, flag: &str) -> bool {
    let Some(letter) = flag.strip_prefix('-') else {
        return false;
    };
    arg.starts_with('-')
        && !arg.starts_with("--")
        && arg.len() > 2
        && arg.get(1..).is_some_and(|l| l.contains(letter))
}

fn operands_without_values<'a>(rest: &[&'a str], valued: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut skip = false;
    for arg in rest {
        if skip {
            skip = false;
        } else if valued.contains(arg) {
            skip = true;
        } else if !arg.starts_with('-') {
            out.push(*arg);
        }
    }
    out
}

fn expand_home(text: &str, ctx: &PathContext) -> String {
    match text.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", ctx.home.display())
        }
        _ => text.to_owned(),
    }
}

/// The nearest folder at or above `dir` holding `.git` (else `dir`).
fn worktree_root(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(dir)
        .to_path_buf()
}

#[cfg(test)]
mod props;
