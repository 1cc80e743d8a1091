//! The git model: what a git command will do, not its flags. The subcommand after global options
//! (`-C`, `-c`, `--git-dir` …) or from a dashed binary (`git-push`, `…/git-core/git-push`);
//! aliases expanded from `-c alias.x=…`, `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`, a `git config
//! alias.x` earlier in the same command and the repository's and user's configuration files
//! (read at check time with includes, bounded, cached per analysed text); long options
//! abbreviated as git accepts them (`--har` → `--hard`); push destinations from refspecs,
//! `push.default`, `remote.<name>.push`, `remote.<name>.mirror` and `branch.<name>.merge`
//! (wildcard refspecs push every branch); force/delete/mirror; commands that discard the work
//! tree, delete refs or drop history (plumbing and maintenance included); configuration and
//! options that make git run commands (`core.pager`, `rebase -x`, `submodule foreach`, `ext::` …),
//! whose text is handed back to the walk to analyse; repositories and work trees elsewhere.

use super::super::analysis::SimpleCommand;
use super::super::effects::{Effects, Places, parse_opts};
use super::super::expand::{Field, Flow};
use super::super::quote::quote;
use super::{Cache, Input, Outcome, resolve_longs, split_words};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What a `git` command does, beyond its words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GitFacts {
    /// The subcommand after global options and alias expansion (`-C dir`, `-c k=v`,
    /// `--git-dir=` …; `git-push` → `push`; `git -c alias.r='reset --hard' r` → `reset`).
    pub subcommand: Option<String>,
    /// Aliases expanded to reach the subcommand, in order.
    pub aliases: Vec<String>,
    /// The subcommand's options after alias expansion, abbreviations resolved and normalised
    /// like `params.flags` (`git -c alias.c='clean -fdx' c` → `-f`, `-d`, `-x`).
    pub flags: Vec<String>,
    /// `key=value` from `-c k=v`, `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`, `GIT_CONFIG_PARAMETERS`
    /// and `git config k v`, keys lowercased (`-c k` alone → `k=true`).
    pub config: Vec<String>,
    /// The subset of `config` written to a configuration file (`git config k v`): it stays.
    pub config_writes: Vec<String>,
    /// push: the remote.
    pub remote: Option<String>,
    /// push: each refspec (from the command line, else `remote.<name>.push`).
    pub refspecs: Vec<Refspec>,
    /// push: destination branch names (`refs/heads/` stripped); without refspecs, from
    /// `push.default` and `branch.<name>.merge` (the current branch read from `.git/HEAD`).
    pub branches: Vec<String>,
    /// `-f`, `--force`, `--force-with-lease`, `--force-if-includes`, or a `+` refspec.
    pub force: bool,
    /// `--delete`, `-d` or a `:dst` refspec.
    pub delete: bool,
    /// `--mirror` or `remote.<name>.mirror`.
    pub mirror: bool,
    /// `--all`, `--branches`, a wildcard refspec (`refs/heads/*`) or `push.default=matching`.
    pub all: bool,
    /// `--prune`: remote refs without a local counterpart are deleted.
    pub prune: bool,
    /// `--tags`: every tag is pushed too.
    pub tags: bool,
    /// `reset --hard`, `--merge` or `--keep`.
    pub hard: bool,
    /// `checkout -- <paths>`, `checkout .`, `checkout -f`, `restore` without `--staged`,
    /// `switch --discard-changes`/`-f`, `stash clear`/`drop`, `read-tree -u --reset`,
    /// `checkout-index -f`, `worktree remove --force`.
    pub discards_worktree: bool,
    /// Refs deleted directly: `update-ref -d`, `update-ref --stdin` (unless its literal input
    /// only creates or updates), `symbolic-ref -d`.
    pub deletes_refs: bool,
    /// Recovery data destroyed: `reflog expire` with an immediate expiry, `reflog delete`,
    /// `gc --prune=now`, `prune`, `stash drop`/`clear`.
    pub drops_history: bool,
    /// Commands git will run: `source` (`core.pager`, `alias.x`, `rebase --exec`, `ext::` …),
    /// the command text, and whether it was written to a configuration file (`persistent`).
    pub runs: Vec<GitRun>,
    /// The repository or work tree (`-C`, `--git-dir`, `--work-tree`, `GIT_DIR`,
    /// `GIT_WORK_TREE`) is outside the workspace and not a temporary folder.
    pub elsewhere: bool,
    /// The subcommand only reads (`status`, `log`, `diff`, `show` …).
    pub read_only: bool,
    /// `commit`, `push`, `send-pack`, `send-email`: paths in the index (the next commit's content, whichever
    /// earlier call staged them) that look secret, relative to the top of the work tree; at most
    /// 32. An index that cannot be read (over 32 MiB, damaged) lists nothing.
    pub index_secrets: Vec<String>,
    /// A push destination could not be known (detached or unknown current branch, `$VAR`).
    pub dynamic: bool,
}

/// One push refspec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Refspec {
    /// The local side (empty for a deletion).
    pub src: String,
    /// The remote ref it updates.
    pub dst: String,
    /// A leading `+`.
    pub force: bool,
    /// An empty source (`:main`) or `--delete`.
    pub delete: bool,
}

/// A command git will run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GitRun {
    /// Where it comes from: a configuration key (`core.pager`), `alias.x`, `rebase --exec`,
    /// `submodule foreach`, `bisect run`, `ext::` …
    pub source: String,
    /// The command text git will run.
    pub command: String,
    /// Written to a configuration file: it runs again in later git commands.
    pub persistent: bool,
    /// The command text was analysed as a nested command (`via: program`); false when it runs
    /// later (`persistent`) or cannot be read as shell text (`--exec-path`, `fd::`, a hooks folder).
    pub analysed: bool,
}

/// Global options that take the next word as their value.
const GLOBAL_VALUES: &[&str] = &[
    "-C",
    "-c",
    "--git-dir",
    "--work-tree",
    "--namespace",
    "--exec-path",
    "--config-env",
    "--super-prefix",
    "--list-cmds",
    "--attr-source",
];

/// Subcommands that talk to a remote.
const NETWORK: &[&str] = &[
    "push",
    "fetch",
    "pull",
    "clone",
    "ls-remote",
    "remote",
    "submodule",
    "send-email",
    "request-pull",
    "svn",
    "send-pack",
    "fetch-pack",
    "archive",
];

/// git's own commands (an alias cannot replace them). Sorted.
pub(super) const BUILTINS: &[&str] = &[
    "add",
    "am",
    "annotate",
    "apply",
    "archive",
    "backfill",
    "bisect",
    "blame",
    "branch",
    "bugreport",
    "bundle",
    "cat-file",
    "check-attr",
    "check-ignore",
    "check-mailmap",
    "check-ref-format",
    "checkout",
    "checkout-index",
    "cherry",
    "cherry-pick",
    "citool",
    "clean",
    "clone",
    "column",
    "commit",
    "commit-graph",
    "commit-tree",
    "config",
    "count-objects",
    "credential",
    "credential-cache",
    "credential-store",
    "daemon",
    "describe",
    "diagnose",
    "diff",
    "diff-files",
    "diff-index",
    "diff-tree",
    "difftool",
    "fast-export",
    "fast-import",
    "fetch",
    "fetch-pack",
    "filter-branch",
    "fmt-merge-msg",
    "for-each-ref",
    "for-each-repo",
    "format-patch",
    "fsck",
    "gc",
    "get-tar-commit-id",
    "grep",
    "gui",
    "hash-object",
    "help",
    "hook",
    "http-backend",
    "imap-send",
    "index-pack",
    "init",
    "instaweb",
    "interpret-trailers",
    "log",
    "ls-files",
    "ls-remote",
    "ls-tree",
    "mailinfo",
    "mailsplit",
    "maintenance",
    "merge",
    "merge-base",
    "merge-file",
    "merge-index",
    "merge-tree",
    "mergetool",
    "mktag",
    "mktree",
    "multi-pack-index",
    "mv",
    "name-rev",
    "notes",
    "pack-objects",
    "pack-redundant",
    "pack-refs",
    "patch-id",
    "prune",
    "prune-packed",
    "pull",
    "push",
    "range-diff",
    "read-tree",
    "rebase",
    "receive-pack",
    "reflog",
    "refs",
    "remote",
    "repack",
    "replace",
    "replay",
    "request-pull",
    "rerere",
    "reset",
    "restore",
    "rev-list",
    "rev-parse",
    "revert",
    "rm",
    "send-email",
    "send-pack",
    "shortlog",
    "show",
    "show-branch",
    "show-index",
    "show-ref",
    "sparse-checkout",
    "stage",
    "stash",
    "status",
    "stripspace",
    "submodule",
    "svn",
    "switch",
    "symbolic-ref",
    "tag",
    "unpack-file",
    "unpack-objects",
    "update-index",
    "update-ref",
    "update-server-info",
    "upload-archive",
    "upload-pack",
    "var",
    "verify-commit",
    "verify-pack",
    "verify-tag",
    "version",
    "whatchanged",
    "worktree",
    "write-tree",
];

/// Subcommands that only read the repository.
pub(super) const READ_ONLY: &[&str] = &[
    "annotate",
    "blame",
    "cat-file",
    "check-attr",
    "check-ignore",
    "cherry",
    "count-objects",
    "describe",
    "diff",
    "diff-files",
    "diff-index",
    "diff-tree",
    "for-each-ref",
    "fsck",
    "grep",
    "help",
    "log",
    "ls-files",
    "ls-remote",
    "ls-tree",
    "merge-base",
    "name-rev",
    "range-diff",
    "rev-list",
    "rev-parse",
    "shortlog",
    "show",
    "show-branch",
    "show-ref",
    "status",
    "var",
    "verify-commit",
    "verify-pack",
    "verify-tag",
    "version",
    "whatchanged",
];

/// Long options per subcommand, to resolve abbreviations as git's parse-options does. Options
/// the model reads are all listed with their siblings, so a prefix is only resolved when git
/// would resolve it too.
const LONGS: &[(&str, &[&str])] = &[
    (
        "push",
        &[
            "--all",
            "--branches",
            "--mirror",
            "--delete",
            "--tags",
            "--follow-tags",
            "--dry-run",
            "--porcelain",
            "--force",
            "--force-with-lease",
            "--force-if-includes",
            "--prune",
            "--no-verify",
            "--verify",
            "--set-upstream",
            "--quiet",
            "--verbose",
            "--progress",
            "--recurse-submodules",
            "--atomic",
            "--push-option",
            "--repo",
            "--receive-pack",
            "--exec",
            "--thin",
            "--signed",
            "--ipv4",
            "--ipv6",
        ],
    ),
    (
        "reset",
        &[
            "--hard",
            "--soft",
            "--mixed",
            "--merge",
            "--keep",
            "--quiet",
            "--patch",
            "--recurse-submodules",
            "--no-refresh",
            "--refresh",
            "--intent-to-add",
            "--pathspec-from-file",
            "--pathspec-file-nul",
        ],
    ),
    (
        "checkout",
        &[
            "--force",
            "--quiet",
            "--progress",
            "--ours",
            "--theirs",
            "--track",
            "--guess",
            "--orphan",
            "--ignore-skip-worktree-bits",
            "--merge",
            "--conflict",
            "--patch",
            "--ignore-other-worktrees",
            "--overwrite-ignore",
            "--recurse-submodules",
            "--overlay",
            "--pathspec-from-file",
            "--pathspec-file-nul",
            "--detach",
        ],
    ),
    (
        "restore",
        &[
            "--source",
            "--patch",
            "--worktree",
            "--staged",
            "--quiet",
            "--progress",
            "--ours",
            "--theirs",
            "--merge",
            "--conflict",
            "--ignore-unmerged",
            "--ignore-skip-worktree-bits",
            "--recurse-submodules",
            "--overlay",
            "--pathspec-from-file",
            "--pathspec-file-nul",
        ],
    ),
    (
        "switch",
        &[
            "--create",
            "--force-create",
            "--detach",
            "--guess",
            "--force",
            "--discard-changes",
            "--merge",
            "--conflict",
            "--quiet",
            "--progress",
            "--track",
            "--orphan",
            "--ignore-other-worktrees",
            "--recurse-submodules",
        ],
    ),
    (
        "clean",
        &[
            "--force",
            "--dry-run",
            "--quiet",
            "--interactive",
            "--exclude",
        ],
    ),
    (
        "read-tree",
        &[
            "--reset",
            "--prefix",
            "--index-output",
            "--trivial",
            "--aggressive",
            "--dry-run",
            "--no-sparse-checkout",
            "--empty",
            "--quiet",
            "--recurse-submodules",
        ],
    ),
    (
        "checkout-index",
        &[
            "--all",
            "--force",
            "--quiet",
            "--no-create",
            "--index",
            "--stdin",
            "--temp",
            "--stage",
            "--prefix",
            "--ignore-skip-worktree-bits",
        ],
    ),
    (
        "add",
        &[
            "--all",
            "--update",
            "--force",
            "--dry-run",
            "--verbose",
            "--interactive",
            "--patch",
            "--edit",
            "--intent-to-add",
            "--refresh",
            "--ignore-errors",
            "--ignore-missing",
            "--ignore-removal",
            "--no-ignore-removal",
            "--renormalize",
            "--chmod",
            "--sparse",
            "--pathspec-from-file",
            "--pathspec-file-nul",
            "--no-warn-embedded-repo",
        ],
    ),
    (
        "commit",
        &[
            "--all",
            "--amend",
            "--author",
            "--allow-empty",
            "--allow-empty-message",
            "--branch",
            "--cleanup",
            "--date",
            "--dry-run",
            "--edit",
            "--file",
            "--fixup",
            "--gpg-sign",
            "--include",
            "--interactive",
            "--message",
            "--no-verify",
            "--only",
            "--patch",
            "--pathspec-from-file",
            "--pathspec-file-nul",
            "--porcelain",
            "--quiet",
            "--reedit-message",
            "--reset-author",
            "--reuse-message",
            "--short",
            "--signoff",
            "--squash",
            "--status",
            "--template",
            "--trailer",
            "--untracked-files",
            "--verbose",
        ],
    ),
    (
        "update-ref",
        &["--no-deref", "--stdin", "--create-reflog", "--message"],
    ),
    (
        "send-pack",
        &[
            "--all",
            "--mirror",
            "--dry-run",
            "--force",
            "--receive-pack",
            "--exec",
            "--remote",
            "--stdin",
            "--verbose",
            "--quiet",
            "--thin",
            "--atomic",
            "--signed",
            "--push-option",
            "--progress",
            "--force-with-lease",
            "--force-if-includes",
            "--stateless-rpc",
            "--helper-status",
        ],
    ),
    (
        "gc",
        &[
            "--aggressive",
            "--auto",
            "--quiet",
            "--prune",
            "--no-prune",
            "--force",
            "--keep-largest-pack",
            "--cruft",
            "--max-cruft-size",
            "--detach",
        ],
    ),
    (
        "reflog",
        &[
            "--expire",
            "--expire-unreachable",
            "--all",
            "--single-worktree",
            "--stale-fix",
            "--rewrite",
            "--updateref",
            "--dry-run",
            "--verbose",
        ],
    ),
    ("worktree", &["--force", "--detach", "--lock", "--reason"]),
    (
        "rebase",
        &[
            "--exec",
            "--onto",
            "--keep-base",
            "--continue",
            "--abort",
            "--quit",
            "--skip",
            "--edit-todo",
            "--interactive",
            "--root",
            "--autosquash",
            "--autostash",
            "--strategy",
            "--strategy-option",
            "--update-refs",
            "--rebase-merges",
            "--quiet",
            "--verbose",
            "--force-rebase",
        ],
    ),
    (
        "stash",
        &[
            "--keep-index",
            "--include-untracked",
            "--all",
            "--quiet",
            "--message",
            "--patch",
            "--staged",
            "--index",
        ],
    ),
    (
        "config",
        &[
            "--global",
            "--system",
            "--local",
            "--worktree",
            "--file",
            "--blob",
            "--get",
            "--get-all",
            "--get-regexp",
            "--get-urlmatch",
            "--replace-all",
            "--add",
            "--unset",
            "--unset-all",
            "--rename-section",
            "--remove-section",
            "--list",
            "--edit",
            "--get-color",
            "--get-colorbool",
            "--type",
            "--bool",
            "--int",
            "--bool-or-int",
            "--bool-or-str",
            "--path",
            "--expiry-date",
            "--null",
            "--name-only",
            "--includes",
            "--show-origin",
            "--show-scope",
            "--default",
            "--comment",
            "--fixed-value",
            "--all",
            "--regexp",
            "--value",
            "--url",
        ],
    ),
    (
        "clone",
        &[
            "--upload-pack",
            "--template",
            "--config",
            "--origin",
            "--branch",
            "--depth",
            "--bare",
            "--mirror",
            "--recurse-submodules",
            "--separate-git-dir",
        ],
    ),
    (
        "fetch",
        &[
            "--upload-pack",
            "--all",
            "--prune",
            "--prune-tags",
            "--tags",
            "--force",
            "--depth",
        ],
    ),
];

/// Configuration keys (lowercased; `*` stands for a subsection) whose value is a command git
/// runs, or that makes git run or load something.
const RUNS_KEYS: &[&str] = &[
    "alias.*",
    "browser.*.cmd",
    "browser.*.path",
    "core.alternaterefscommand",
    "core.askpass",
    "core.editor",
    "core.fsmonitor",
    "core.gitproxy",
    "core.hookspath",
    "core.pager",
    "core.sshcommand",
    "credential.*.helper",
    "credential.helper",
    "diff.*.command",
    "diff.*.textconv",
    "diff.external",
    "difftool.*.cmd",
    "filter.*.clean",
    "filter.*.process",
    "filter.*.smudge",
    "gpg.*.program",
    "gpg.program",
    "include.path",
    "includeif.*.path",
    "init.templatedir",
    "man.*.cmd",
    "merge.*.driver",
    "mergetool.*.cmd",
    "pager.*",
    "protocol.allow",
    "protocol.ext.allow",
    "remote.*.receivepack",
    "remote.*.uploadpack",
    "remote.*.url",
    "remote.*.pushurl",
    "sendemail.cccmd",
    "sendemail.tocmd",
    "sequence.editor",
    "uploadpack.packobjectshook",
    "web.browser",
];

/// The subcommands for which git runs what a [`RUNS_KEYS`] key names. `*` is every subcommand
/// that is not read-only; `@network` every one that talks to a remote. Keys not listed (aliases,
/// includes, `protocol.allow`) are handled where they apply.
const KEY_USERS: &[(&str, &[&str])] = &[
    ("browser.*.cmd", &["help", "instaweb", "web--browse"]),
    ("browser.*.path", &["help", "instaweb", "web--browse"]),
    ("core.alternaterefscommand", &["*", "@network"]),
    ("core.askpass", &["@network"]),
    (
        "core.editor",
        &[
            "commit",
            "rebase",
            "merge",
            "tag",
            "revert",
            "cherry-pick",
            "am",
            "notes",
            "config",
            "add",
            "pull",
            "var",
        ],
    ),
    (
        "core.fsmonitor",
        &[
            "*", "status", "diff", "ls-files", "grep", "stash", "describe",
        ],
    ),
    ("core.gitproxy", &["@network"]),
    ("core.hookspath", &["*"]),
    (
        "core.pager",
        &[
            "log",
            "show",
            "diff",
            "grep",
            "blame",
            "annotate",
            "shortlog",
            "branch",
            "tag",
            "help",
            "reflog",
            "whatchanged",
            "config",
            "stash",
            "cherry",
            "range-diff",
            "var",
        ],
    ),
    ("core.sshcommand", &["@network"]),
    ("credential.*.helper", &["@network", "credential"]),
    ("credential.helper", &["@network", "credential"]),
    (
        "diff.*.command",
        &[
            "log",
            "show",
            "diff",
            "whatchanged",
            "stash",
            "format-patch",
        ],
    ),
    (
        "diff.*.textconv",
        &[
            "log",
            "show",
            "diff",
            "whatchanged",
            "stash",
            "format-patch",
            "blame",
            "annotate",
            "grep",
            "cat-file",
        ],
    ),
    (
        "diff.external",
        &[
            "log",
            "show",
            "diff",
            "whatchanged",
            "stash",
            "format-patch",
        ],
    ),
    ("difftool.*.cmd", &["difftool"]),
    ("filter.*.clean", &["*", "status", "diff", "archive"]),
    ("filter.*.process", &["*", "status", "diff", "archive"]),
    ("filter.*.smudge", &["*", "archive"]),
    (
        "gpg.*.program",
        &["*", "log", "show", "verify-commit", "verify-tag"],
    ),
    (
        "gpg.program",
        &["*", "log", "show", "verify-commit", "verify-tag"],
    ),
    ("man.*.cmd", &["help"]),
    (
        "merge.*.driver",
        &[
            "merge",
            "rebase",
            "pull",
            "cherry-pick",
            "revert",
            "stash",
            "am",
            "checkout",
            "switch",
        ],
    ),
    ("mergetool.*.cmd", &["mergetool"]),
    ("pager.*", &[]),
    ("remote.*.receivepack", &["@network"]),
    ("remote.*.uploadpack", &["@network"]),
    ("remote.*.url", &["@network"]),
    ("remote.*.pushurl", &["push"]),
    ("sendemail.cccmd", &["send-email"]),
    ("sendemail.tocmd", &["send-email"]),
    ("sequence.editor", &["rebase"]),
    ("uploadpack.packobjectshook", &["@network"]),
    ("web.browser", &["help", "instaweb", "web--browse"]),
];

/// Whether `sub` makes git run what `key` (matching `pattern`) names.
fn key_used_by(pattern: &str, key: &str, sub: &str) -> bool {
    if pattern == "pager.*" {
        // `pager.log = CMD` pages `git log` only.
        return key.get(6..) == Some(sub);
    }
    let Some((_, users)) = KEY_USERS.iter().find(|(p, _)| *p == pattern) else {
        return false;
    };
    users.iter().any(|u| match *u {
        "*" => READ_ONLY.binary_search(&sub).is_err(),
        "@network" => NETWORK.contains(&sub),
        u => u == sub,
    })
}

/// Commands the system's, user's and repository's configuration files make this subcommand
/// run (`core.pager`, `core.fsmonitor`, `core.sshCommand`, filters, `diff.external` …): shell
/// text is analysed as a nested command; what cannot be (a hooks folder outside the workspace,
/// an `ext::` remote, a template folder) is a run that is not analysed. One-shot settings of the
/// same key win, as in git.
#[allow(
    clippy::too_many_arguments,
    reason = "one call site; the model's context"
)]
fn file_runs(
    sub: &str,
    input: &Input<'_>,
    cache: &mut Cache,
    place: &Places<'_>,
    repo: &Repo,
    one_shot: &[(String, String)],
    facts: &mut GitFacts,
    out: &mut Outcome,
) {
    let files = cache.git.config(place.cwd, repo, input);
    let mut done: Vec<&str> = Vec::new();
    for (key, value) in files.entries.iter().rev() {
        if done.contains(&key.as_str()) || one_shot.iter().any(|(k, _)| k == key) {
            continue;
        }
        done.push(key);
        let Some(pattern) = RUNS_KEYS.iter().find(|p| key_matches(p, key)) else {
            continue;
        };
        if pattern.starts_with("alias.")
            || pattern.starts_with("include")
            || !key_used_by(pattern, key, sub)
            || !value_runs(key, value)
        {
            continue;
        }
        if key == "core.hookspath" {
            let hooks = place.fact(&Field::literal(value.trim()));
            if !hooks.dynamic && hooks.inside_workspace {
                // The project's own hooks, trusted like `.git/hooks`.
                continue;
            }
        }
        let text = match run_text(key, value) {
            // `credential.helper = /usr/local/bin/git-credential-manager`: a program.
            None if key.starts_with("credential") => Some(value.trim().to_owned()),
            text => text,
        };
        // A git helper outside git's own commands (`git-lfs filter-process`, `git-crypt
        // smudge`, `git-credential-manager`): the git model would only come back here.
        let helper = text
            .as_deref()
            .and_then(|t| split_words(t).into_iter().next())
            .is_some_and(|first| {
                let name = super::super::basename(&first);
                name.strip_prefix("git-")
                    .is_some_and(|rest| BUILTINS.binary_search(&rest).is_err())
            });
        if helper {
            continue;
        }
        let source = format!("{key} (configuration file)");
        match text {
            Some(text) => run(facts, out, &source, &text, false, true),
            None => run(facts, out, &source, value, false, false),
        }
    }
}

/// Whether a (lowercased) key matches a [`RUNS_KEYS`] pattern.
fn key_matches(pattern: &str, key: &str) -> bool {
    let pat: Vec<&str> = pattern.split('.').collect();
    let (Some(first), Some(last)) = (key.find('.'), key.rfind('.')) else {
        return false;
    };
    let (section, name) = (
        key.get(..first).unwrap_or(""),
        key.get(last + 1..).unwrap_or(""),
    );
    let has_sub = first != last;
    match pat.as_slice() {
        [s, "*"] => *s == section,
        [s, n] => *s == section && *n == name && !has_sub,
        [s, "*", n] => *s == section && *n == name && has_sub,
        _ => false,
    }
}

/// Whether a value set for a [`RUNS_KEYS`] key runs something (not a plain boolean, not a
/// built-in credential helper, an `ext::`/`fd::` URL for `remote.*.url`, a `!` alias).
fn value_runs(key: &str, value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if key.starts_with("remote.") && (key.ends_with(".url") || key.ends_with(".pushurl")) {
        return lower.starts_with("ext::") || lower.starts_with("fd::");
    }
    if key.starts_with("alias.") {
        return v.starts_with('!');
    }
    if key.starts_with("credential.") {
        return v.starts_with('!') || v.starts_with('/');
    }
    if key.starts_with("protocol.") {
        return lower == "always";
    }
    !(v.is_empty()
        || matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "1" | "0"
        ))
}

/// The shell text a runs-value executes (`!cmd` aliases without the `!`; URLs as they are).
fn run_text(key: &str, value: &str) -> Option<String> {
    let v = value.trim();
    if key.starts_with("alias.") || key.starts_with("credential.") {
        return v.strip_prefix('!').map(str::to_owned);
    }
    if key.starts_with("remote.") || key.starts_with("protocol.") || key.starts_with("include") {
        return None;
    }
    if key == "core.hookspath" || key == "init.templatedir" {
        return None;
    }
    Some(v.to_owned())
}

/// Analyse a git command: facts, plus deletes/writes/network into `fx` and commands git will
/// run into `out`.
pub(crate) fn git(
    input: &Input<'_>,
    cache: &mut Cache,
    fx: &mut Effects,
    out: &mut Outcome,
) -> GitFacts {
    let mut facts = GitFacts::default();
    let mut one_shot: Vec<(String, String)> = Vec::new();
    env_config(input, &mut one_shot);
    let mut dir = input.cwd.map(Path::to_path_buf);
    let mut repo = Repo::default();
    if let Some(d) = var(input, "GIT_DIR") {
        repo.git_dir = place(input.places, dir.as_deref(), &d);
        repo.redirected = true;
    }
    if let Some(d) = var(input, "GIT_WORK_TREE") {
        repo.work_tree = place(input.places, dir.as_deref(), &d);
        repo.redirected = true;
    }
    if let Some(count) = var(input, "GIT_CONFIG_COUNT")
        && count.trim().parse::<usize>().map_or(true, |n| n > 64)
    {
        // Settings agsec cannot list: what they make git run is unknown.
        facts.runs.push(GitRun {
            source: "GIT_CONFIG_COUNT".to_owned(),
            command: count,
            ..GitRun::default()
        });
    }
    for name in [
        "GIT_SSH_COMMAND",
        "GIT_SSH",
        "GIT_PAGER",
        "GIT_EDITOR",
        "GIT_SEQUENCE_EDITOR",
        "GIT_EXTERNAL_DIFF",
        "GIT_ASKPASS",
        "GIT_PROXY_COMMAND",
        "GIT_EXEC_PATH",
    ] {
        if let Some(v) = input.env(name) {
            run(&mut facts, out, name, v, false, name != "GIT_EXEC_PATH");
        }
    }
    // `git-push args` is `git push args`.
    let dashed = input
        .program
        .strip_prefix("git-")
        .filter(|s| !s.is_empty())
        .map(Field::literal);
    let mut words: Vec<Field> = dashed.into_iter().collect();
    words.extend(input.args.iter().cloned());
    let mut aliases_left = 8;
    let (sub, rest) = loop {
        let i = global_options(
            &words,
            input,
            &mut dir,
            &mut repo,
            &mut one_shot,
            &mut facts,
        );
        let Some(sub) = words.get(i).cloned() else {
            finish_config(&mut facts, &one_shot, out);
            return facts;
        };
        let rest: Vec<Field> = words.get(i + 1..).unwrap_or(&[]).to_vec();
        let name = sub.value.as_str();
        if BUILTINS.binary_search(&name).is_ok() || !sub.is_literal() || aliases_left == 0 {
            break (sub, rest);
        }
        aliases_left -= 1;
        let key = format!("alias.{}", name.to_lowercase());
        let value = lookup(&key, &one_shot, input, cache, dir.as_deref(), &repo);
        let Some(value) = value else {
            break (sub, rest);
        };
        facts.aliases.push(name.to_owned());
        if let Some(shell) = value.trim().strip_prefix('!') {
            let mut text = shell.to_owned();
            for a in &rest {
                text.push(' ');
                text.push_str(&quote(&a.value));
            }
            facts.runs.push(GitRun {
                source: key,
                command: text.clone(),
                persistent: false,
                analysed: true,
            });
            out.nested.push(text);
            facts.subcommand = Some(name.to_owned());
            finish_config(&mut facts, &one_shot, out);
            return facts;
        }
        let mut expanded: Vec<Field> = split_words(&value)
            .iter()
            .map(|w| Field::literal(w))
            .collect();
        expanded.extend(rest);
        words = expanded;
    };
    // `stage` is `add` under another name.
    let lookup_name = if sub.value == "stage" {
        "add"
    } else {
        &sub.value
    };
    let known: &[&str] = LONGS
        .iter()
        .find(|(s, _)| *s == lookup_name)
        .map_or(&[], |(_, l)| *l);
    let rest = resolve_longs(&rest, known);
    facts.flags = super::super::normalize::flags("git", &rest);
    facts.subcommand = Some(sub.value.clone());
    facts.read_only = READ_ONLY.binary_search(&sub.value.as_str()).is_ok();
    fx.network = NETWORK.contains(&sub.value.as_str());
    facts.elsewhere = repo.redirected
        && [&repo.git_dir, &repo.work_tree, &repo.chdir]
            .into_iter()
            .flatten()
            .any(|f| f.dynamic || (!f.inside_workspace && !f.temp));
    let place = Places {
        cwd: dir.as_deref(),
        ..*input.places
    };
    subcommand(
        &sub.value, &rest, input, cache, &place, &mut repo, &one_shot, &mut facts, fx, out,
    );
    file_runs(
        &sub.value, input, cache, &place, &repo, &one_shot, &mut facts, out,
    );
    let tree = tree(&repo, dir.as_deref(), input);
    reads::reads(
        &sub.value,
        &rest,
        &tree,
        input.places,
        Path::new(input.home),
        fx,
    );
    if matches!(
        sub.value.as_str(),
        "commit" | "push" | "send-pack" | "send-email"
    ) {
        facts.index_secrets = reads::index_secrets(&tree);
    }
    for a in &rest {
        let lower = a.value.to_ascii_lowercase();
        if lower.starts_with("ext::") || lower.starts_with("fd::") {
            let command = ext_command(&a.value);
            run(
                &mut facts,
                out,
                "ext::",
                &command,
                false,
                lower.starts_with("ext::"),
            );
        }
    }
    finish_config(&mut facts, &one_shot, out);
    facts
}

/// Where git is pointed: `--git-dir`/`GIT_DIR`, `--work-tree`/`GIT_WORK_TREE`, `-C`.
#[derive(Debug, Default)]
struct Repo {
    git_dir: Option<crate::paths::PathFact>,
    work_tree: Option<crate::paths::PathFact>,
    chdir: Option<crate::paths::PathFact>,
    redirected: bool,
}

fn place(places: &Places<'_>, cwd: Option<&Path>, text: &str) -> Option<crate::paths::PathFact> {
    let p = Places { cwd, ..*places };
    Some(p.fact(&Field::literal(text)))
}

/// A variable of the environment git will run in: the command's own assignments, else agsec's
/// environment (the agent's, which its commands inherit). Used for the variables that say where
/// the repository and configuration are, not for the commands git runs.
fn var(input: &Input<'_>, name: &str) -> Option<String> {
    match input.env.iter().rev().find(|(n, _)| n == name) {
        // A value that is not literal is unknown, not absent.
        Some((_, value)) => Some(value.clone().unwrap_or_else(|| format!("${name}"))),
        None => std::env::var(name).ok(),
    }
}

/// The work tree, repository folder and index git is pointed at: `-C` (already in `dir`),
/// `--git-dir`/`GIT_DIR` (without a work tree the working folder is its top),
/// `--work-tree`/`GIT_WORK_TREE`, `GIT_INDEX_FILE`; otherwise found upward from `dir`. Paths
/// that are not literal are unknown (`None`).
fn tree(repo: &Repo, dir: Option<&Path>, input: &Input<'_>) -> staged::Tree {
    let literal = |f: &Option<crate::paths::PathFact>| {
        f.as_ref()
            .filter(|f| !f.dynamic)
            .map(|f| PathBuf::from(&f.path))
    };
    let mut tree = if repo.git_dir.is_none() && repo.work_tree.is_none() {
        dir.map(staged::Tree::found).unwrap_or_default()
    } else {
        let git_dir = match &repo.git_dir {
            Some(_) => literal(&repo.git_dir),
            None => dir.and_then(find_git_dir),
        };
        let root = match &repo.work_tree {
            Some(_) => literal(&repo.work_tree),
            None if repo.git_dir.is_some() => dir.map(Path::to_path_buf),
            None => dir.and_then(staged::work_tree).map(Path::to_path_buf),
        };
        staged::Tree {
            index: git_dir.as_ref().map(|g| g.join("index")),
            root,
            git_dir,
            cwd: None,
        }
    };
    // Pathspecs are relative to the working folder inside the work tree, else to its top.
    tree.cwd = match (dir, &tree.root) {
        (Some(d), Some(root)) if d.starts_with(root) => Some(d.to_path_buf()),
        (_, root) => root.clone(),
    };
    if let Some(index) = var(input, "GIT_INDEX_FILE") {
        tree.index = place(input.places, dir, &index)
            .filter(|f| !f.dynamic)
            .map(|f| PathBuf::from(f.path));
    }
    tree
}

/// `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n` and `GIT_CONFIG_PARAMETERS`.
fn env_config(input: &Input<'_>, one_shot: &mut Vec<(String, String)>) {
    let count = var(input, "GIT_CONFIG_COUNT")
        .and_then(|c| c.trim().parse::<usize>().ok())
        .unwrap_or(0);
    for n in 0..count.min(64) {
        if let Some(key) = var(input, &format!("GIT_CONFIG_KEY_{n}")) {
            let value = var(input, &format!("GIT_CONFIG_VALUE_{n}")).unwrap_or_default();
            one_shot.push((normalize_key(&key), value));
        }
    }
    if let Some(params) = var(input, "GIT_CONFIG_PARAMETERS") {
        for word in split_words(&params) {
            let (k, v) = word.split_once('=').unwrap_or((&word, "true"));
            one_shot.push((normalize_key(k), v.to_owned()));
        }
    }
}

/// Parse global options from `words`; returns the index of the subcommand.
fn global_options(
    words: &[Field],
    input: &Input<'_>,
    dir: &mut Option<PathBuf>,
    repo: &mut Repo,
    one_shot: &mut Vec<(String, String)>,
    facts: &mut GitFacts,
) -> usize {
    let mut i = 0;
    while let Some(arg) = words.get(i) {
        let text = arg.value.as_str();
        if !text.starts_with('-') {
            break;
        }
        let (name, inline) = match text.split_once('=') {
            Some((n, v)) if text.starts_with("--") => (n, Some(v.to_owned())),
            _ => (text, None),
        };
        let value = match inline {
            Some(v) => Some(v),
            None if GLOBAL_VALUES.contains(&name) => {
                i += 1;
                words.get(i).map(|f| f.value.clone())
            }
            None => None,
        };
        match (name, value) {
            ("-c", Some(kv)) => {
                let (k, v) = kv.split_once('=').unwrap_or((&kv, "true"));
                one_shot.push((normalize_key(k), v.to_owned()));
            }
            ("--config-env", Some(kv)) => {
                let (k, var) = kv.split_once('=').unwrap_or((&kv, ""));
                let v = input
                    .env(var)
                    .map_or_else(|| format!("${var}"), str::to_owned);
                one_shot.push((normalize_key(k), v));
            }
            ("-C", Some(d)) => {
                let fact = place(input.places, dir.as_deref(), &d);
                *dir = fact
                    .as_ref()
                    .filter(|f| !f.dynamic)
                    .map(|f| PathBuf::from(&f.path));
                repo.chdir = fact;
                repo.redirected = true;
            }
            ("--git-dir", Some(d)) => {
                repo.git_dir = place(input.places, dir.as_deref(), &d);
                repo.redirected = true;
            }
            ("--work-tree", Some(d)) => {
                repo.work_tree = place(input.places, dir.as_deref(), &d);
                repo.redirected = true;
            }
            ("--exec-path", Some(d)) => {
                facts.runs.push(GitRun {
                    source: "--exec-path".to_owned(),
                    command: d,
                    ..GitRun::default()
                });
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Record the one-shot configuration in `facts.config` and the commands it runs.
fn finish_config(facts: &mut GitFacts, one_shot: &[(String, String)], out: &mut Outcome) {
    let mut entries: Vec<String> = one_shot.iter().map(|(k, v)| format!("{k}={v}")).collect();
    entries.append(&mut facts.config);
    facts.config = entries;
    for (k, v) in one_shot {
        if RUNS_KEYS.iter().any(|p| key_matches(p, k)) && value_runs(k, v) {
            let nest = !k.starts_with("alias.") && run_text(k, v).is_some();
            let text = run_text(k, v).unwrap_or_else(|| v.clone());
            run(facts, out, k, &text, false, nest);
        }
    }
}

fn run(
    facts: &mut GitFacts,
    out: &mut Outcome,
    source: &str,
    command: &str,
    persistent: bool,
    nest: bool,
) {
    facts.runs.push(GitRun {
        source: source.to_owned(),
        command: command.to_owned(),
        persistent,
        analysed: nest && !persistent,
    });
    if nest && !persistent {
        out.nested.push(command.to_owned());
    }
}

/// `ext::cmd% arg %S` → `cmd arg <service>`: `% ` is a space, `%%` a percent sign.
fn ext_command(url: &str) -> String {
    let body = url.get(5..).unwrap_or("");
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => match chars.next() {
                Some(' ') => current.push(' '),
                Some('%') => current.push('%'),
                Some('S') => current.push_str("git-upload-pack"),
                Some('s') => current.push_str("upload-pack"),
                Some('G' | 'V') => {}
                Some(o) => current.push(o),
                None => {}
            },
            ' ' => words.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    words.push(current);
    words
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| quote(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Section.Sub.Key` → `section.Sub.key` (section and name are case-insensitive).
fn normalize_key(key: &str) -> String {
    let key = key.trim();
    match (key.find('.'), key.rfind('.')) {
        (Some(first), Some(last)) if first != last => format!(
            "{}{}{}",
            key.get(..first).unwrap_or("").to_lowercase(),
            key.get(first..last).unwrap_or(""),
            key.get(last..).unwrap_or("").to_lowercase()
        ),
        _ => key.to_lowercase(),
    }
}

/// The last value of `key`: one-shot settings, then `git config` earlier in the same command,
/// then the repository's and user's files.
fn lookup(
    key: &str,
    one_shot: &[(String, String)],
    input: &Input<'_>,
    cache: &mut Cache,
    dir: Option<&Path>,
    repo: &Repo,
) -> Option<String> {
    if let Some((_, v)) = one_shot.iter().rev().find(|(k, _)| k == key) {
        return Some(v.clone());
    }
    if let Some(v) = earlier_write(input.earlier, key) {
        return Some(v);
    }
    let files = cache.git.config(dir, repo, input);
    files.get(key).map(str::to_owned)
}

/// A `git config key value` earlier in the same command.
fn earlier_write(earlier: &[SimpleCommand], key: &str) -> Option<String> {
    earlier
        .iter()
        .rev()
        .filter_map(|c| c.git.as_ref())
        .flat_map(|g| g.config_writes.iter().rev())
        .find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (normalize_key(k) == key).then(|| v.to_owned())
        })
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site; the model's context"
)]
fn subcommand(
    sub: &str,
    rest: &[Field],
    input: &Input<'_>,
    cache: &mut Cache,
    place: &Places<'_>,
    repo: &mut Repo,
    one_shot: &[(String, String)],
    facts: &mut GitFacts,
    fx: &mut Effects,
    out: &mut Outcome,
) {
    let is = |names: &[&str]| rest.iter().any(|a| names.contains(&a.value.as_str()));
    let parsed = || parse_opts(rest, "", &[]);
    match sub {
        "push" | "send-pack" => push(sub, rest, input, cache, place.cwd, repo, one_shot, facts),
        "config" => config(rest, facts, out),
        "reset" => facts.hard = is(&["--hard", "--merge", "--keep"]),
        "checkout" => {
            let dashdash = rest.iter().position(|a| a.value == "--");
            let forced = parsed().has(&["-f", "--force"]);
            let pathlike = rest.iter().any(|a| {
                let v = a.value.as_str();
                v == "." || v.starts_with("./") || v.starts_with(":/") || v.contains('*')
            });
            let after = dashdash.is_some_and(|d| d + 1 < rest.len());
            facts.discards_worktree = forced || pathlike || after;
        }
        "restore" => {
            let p = parsed();
            let staged = p.has(&["--staged", "-S"]);
            let worktree = p.has(&["--worktree", "-W"]);
            facts.discards_worktree = !staged || worktree;
        }
        "switch" => facts.discards_worktree = parsed().has(&["--discard-changes", "-f", "--force"]),
        "stash" => {
            let verb = parse_opts(rest, "m", &["--message"])
                .operands
                .first()
                .map(|f| f.value.clone());
            let dropping = matches!(verb.as_deref(), Some("clear" | "drop"));
            facts.discards_worktree = dropping;
            facts.drops_history = dropping;
        }
        "read-tree" => {
            let p = parsed();
            facts.discards_worktree = p.has(&["-u"]) && p.has(&["--reset"]);
        }
        "checkout-index" => facts.discards_worktree = parsed().has(&["-f", "--force"]),
        "worktree" => {
            let p = parsed();
            facts.discards_worktree = p.operands.first().is_some_and(|o| o.value == "remove")
                && p.has(&["-f", "--force"]);
        }
        "update-ref" => {
            let p = parsed();
            if p.has(&["-d"]) {
                facts.deletes_refs = true;
            } else if p.has(&["--stdin"]) {
                facts.deletes_refs = match input.stdin {
                    Flow::Literal(text) => text.lines().any(|l| {
                        !matches!(
                            l.split_whitespace().next(),
                            Some(
                                "create"
                                    | "update"
                                    | "verify"
                                    | "start"
                                    | "prepare"
                                    | "commit"
                                    | "option"
                            ) | None
                        )
                    }),
                    _ => true,
                };
            }
        }
        "symbolic-ref" => facts.deletes_refs = parsed().has(&["-d", "--delete"]),
        "reflog" => {
            let p = parse_opts(rest, "", &[]);
            let verb = p.operands.first().map(|f| f.value.as_str());
            let immediate = rest.iter().any(|a| {
                let v = a.value.as_str();
                (v.starts_with("--expire=") || v.starts_with("--expire-unreachable="))
                    && expires_now(v.split_once('=').map_or("", |(_, x)| x))
            });
            facts.drops_history = verb == Some("delete") || (verb == Some("expire") && immediate);
        }
        "gc" => {
            facts.drops_history = rest
                .iter()
                .any(|a| a.value.strip_prefix("--prune=").is_some_and(expires_now));
        }
        "prune" => {
            let expire = rest
                .iter()
                .position(|a| a.value == "--expire")
                .and_then(|i| rest.get(i + 1))
                .map(|f| f.value.clone())
                .or_else(|| {
                    rest.iter()
                        .find_map(|a| a.value.strip_prefix("--expire=").map(str::to_owned))
                });
            let dry = parsed().has(&["-n", "--dry-run"]);
            facts.drops_history = !dry && expire.as_deref().is_none_or(expires_now);
        }
        "rebase" => {
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                let v = a.value.as_str();
                let cmd = if v == "-x" || v == "--exec" {
                    it.next().map(|f| f.value.clone())
                } else if let Some(c) = v.strip_prefix("--exec=") {
                    Some(c.to_owned())
                } else if v.starts_with("-x") && !v.starts_with("--") && v.len() > 2 {
                    v.get(2..).map(str::to_owned)
                } else {
                    None
                };
                if let Some(c) = cmd {
                    run(facts, out, "rebase --exec", &c, false, true);
                }
            }
        }
        "submodule" => {
            let p = parse_opts(rest, "", &[]);
            if let Some(pos) = rest.iter().position(|a| a.value == "foreach")
                && p.operands.first().is_some_and(|o| o.value == "foreach")
            {
                let words: Vec<&str> = rest
                    .get(pos + 1..)
                    .unwrap_or(&[])
                    .iter()
                    .map(|a| a.value.as_str())
                    .skip_while(|w| w.starts_with("--") || *w == "-q")
                    .collect();
                if !words.is_empty() {
                    run(
                        facts,
                        out,
                        "submodule foreach",
                        &words.join(" "),
                        false,
                        true,
                    );
                }
            }
        }
        "bisect" if rest.first().is_some_and(|a| a.value == "run") => {
            let words: Vec<String> = rest.iter().skip(1).map(|a| quote(&a.value)).collect();
            if !words.is_empty() {
                run(facts, out, "bisect run", &words.join(" "), false, true);
            }
        }
        "filter-branch" => {
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                if a.value.ends_with("-filter")
                    && a.value.starts_with("--")
                    && let Some(code) = it.next()
                {
                    run(
                        facts,
                        out,
                        &format!("filter-branch {}", a.value),
                        &code.value,
                        false,
                        true,
                    );
                }
            }
        }
        "difftool" | "grep" | "clone" | "fetch" | "ls-remote" | "pull" | "archive" => {
            let names: &[&str] = match sub {
                "difftool" => &["-x", "--extcmd"],
                "grep" => &["-O", "--open-files-in-pager"],
                _ => &["-u", "--upload-pack", "--exec"],
            };
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                let v = a.value.as_str();
                let cmd = if names.contains(&v) && !(sub == "grep" && v == "-O") {
                    it.next().map(|f| f.value.clone())
                } else {
                    names
                        .iter()
                        .find_map(|n| {
                            v.strip_prefix(n)
                                .and_then(|r| r.strip_prefix('='))
                                .map(str::to_owned)
                        })
                        .or_else(|| {
                            (sub == "grep")
                                .then(|| {
                                    v.strip_prefix("-O")
                                        .filter(|r| !r.is_empty())
                                        .map(str::to_owned)
                                })
                                .flatten()
                        })
                };
                if let Some(c) = cmd {
                    run(
                        facts,
                        out,
                        &format!("{sub} {}", names.last().copied().unwrap_or("")),
                        &c,
                        false,
                        true,
                    );
                }
            }
            if sub == "clone" || sub == "fetch" {
                // `clone -c k=v` / `--config k=v` writes the new repository's configuration.
                let mut it = rest.iter();
                while let Some(a) = it.next() {
                    let kv = match a.value.as_str() {
                        "-c" | "--config" => it.next().map(|f| f.value.clone()),
                        v => v.strip_prefix("--config=").map(str::to_owned),
                    };
                    if let Some(kv) = kv {
                        let (k, v) = kv.split_once('=').unwrap_or((&kv, "true"));
                        let k = normalize_key(k);
                        facts.config.push(format!("{k}={v}"));
                        facts.config_writes.push(format!("{k}={v}"));
                        if RUNS_KEYS.iter().any(|p| key_matches(p, &k)) && value_runs(&k, v) {
                            run(facts, out, &k, v, true, false);
                        }
                    }
                }
            }
        }
        "remote" => {
            let p = parse_opts(rest, "tm", &[]);
            let ops: Vec<&str> = p.operands.iter().map(|f| f.value.as_str()).collect();
            if let ["add" | "set-url", name, url, ..] = ops.as_slice() {
                let key = format!("remote.{name}.url");
                if value_runs(&key, url) {
                    run(facts, out, &key, url, true, false);
                }
            }
        }
        "clean" => {
            let parsed = parse_opts(rest, "eE", &["--exclude"]);
            let dry = parsed.has(&["-n", "--dry-run"]);
            if !dry {
                let roots = if parsed.operands.is_empty() {
                    vec![Field::literal(".")]
                } else {
                    parsed.operands.clone()
                };
                for root in roots {
                    let mut all = root.clone();
                    all.fixed.get_or_insert(all.value.len());
                    all.value = format!("{}/**", all.value.trim_end_matches('/'));
                    all.glob = true;
                    fx.delete(place, &all);
                }
            }
        }
        "rm" => {
            let parsed = parsed();
            if !parsed.has(&["--cached"]) {
                for f in &parsed.operands {
                    fx.delete(place, f);
                }
            }
        }
        "mv" => {
            let parsed = parsed();
            if let Some((dest, sources)) = parsed.operands.split_last() {
                for s in sources {
                    fx.delete(place, s);
                }
                fx.write(place, dest);
            }
        }
        _ => {}
    }
}

/// An expiry that removes everything at once: `now`, `all`, `0`, a date in the past given as a
/// number of seconds, `never` excepted.
fn expires_now(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    matches!(v.as_str(), "now" | "all" | "0" | "") || v.starts_with("now") || v.starts_with('@')
}

fn config(rest: &[Field], facts: &mut GitFacts, out: &mut Outcome) {
    let parsed = parse_opts(
        rest,
        "f",
        &[
            "--file",
            "--type",
            "--blob",
            "--default",
            "--comment",
            "--value",
        ],
    );
    let reading = parsed.has(&[
        "--get",
        "--get-all",
        "--get-regexp",
        "--get-urlmatch",
        "--list",
        "-l",
        "--unset",
        "--unset-all",
        "--remove-section",
        "--rename-section",
        "-e",
        "--edit",
        "--get-color",
        "--get-colorbool",
    ]);
    let mut ops: Vec<&str> = parsed.operands.iter().map(|f| f.value.as_str()).collect();
    if ops.first() == Some(&"set") {
        ops.remove(0);
    } else if matches!(
        ops.first(),
        Some(&("get" | "list" | "unset" | "edit" | "rename-section" | "remove-section"))
    ) {
        return;
    }
    if !reading && let [key, value, ..] = ops.as_slice() {
        let k = normalize_key(key);
        facts.config.push(format!("{k}={value}"));
        facts.config_writes.push(format!("{k}={value}"));
        if RUNS_KEYS.iter().any(|p| key_matches(p, &k)) && value_runs(&k, value) {
            let text = run_text(&k, value).unwrap_or_else(|| (*value).to_owned());
            run(facts, out, &k, &text, true, false);
        }
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site; the model's context"
)]
fn push(
    sub: &str,
    rest: &[Field],
    input: &Input<'_>,
    cache: &mut Cache,
    dir: Option<&Path>,
    repo: &Repo,
    one_shot: &[(String, String)],
    facts: &mut GitFacts,
) {
    let parsed = parse_opts(
        rest,
        "o",
        &[
            "--push-option",
            "--repo",
            "--receive-pack",
            "--exec",
            "--remote",
        ],
    );
    for opt in &parsed.opts {
        match opt.name.as_str() {
            "-f" | "--force" | "--force-with-lease" | "--force-if-includes" => facts.force = true,
            "-d" | "--delete" => facts.delete = true,
            "--mirror" => facts.mirror = true,
            "--all" | "--branches" => facts.all = true,
            "--prune" => facts.prune = true,
            "--tags" => facts.tags = true,
            "--repo" => facts.remote = opt.value.as_ref().map(|v| v.value.clone()),
            _ => {}
        }
    }
    let mut operands = parsed.operands.iter();
    if facts.remote.is_none() {
        facts.remote = operands.next().map(|f| f.value.clone());
    }
    let specs: Vec<&Field> = operands.collect();
    if specs
        .iter()
        .any(|f| !f.is_literal() && !f.value.contains('*'))
        || facts.remote.as_deref().is_some_and(|r| r.contains('$'))
    {
        facts.dynamic = true;
    }
    let current = current_branch(dir);
    let mut get = |key: &str| lookup(key, one_shot, input, cache, dir, repo);
    let remote_name = match &facts.remote {
        Some(r) => r.clone(),
        None => current
            .as_ref()
            .and_then(|b| get(&format!("branch.{b}.pushremote")))
            .or_else(|| get("remote.pushdefault"))
            .or_else(|| {
                current
                    .as_ref()
                    .and_then(|b| get(&format!("branch.{b}.remote")))
            })
            .unwrap_or_else(|| "origin".to_owned()),
    };
    if sub == "push" && get(&format!("remote.{remote_name}.mirror")).is_some_and(|v| truthy(&v)) {
        facts.mirror = true;
    }
    let mut texts: Vec<String> = specs.iter().map(|f| f.value.clone()).collect();
    let pushes_all = facts.all || facts.mirror || facts.tags;
    if texts.is_empty() && !pushes_all && sub == "push" {
        if let Some(configured) = get(&format!("remote.{remote_name}.push")) {
            texts.push(configured);
        } else {
            let mode = get("push.default").unwrap_or_else(|| "simple".to_owned());
            match mode.to_ascii_lowercase().as_str() {
                "matching" => facts.all = true,
                "nothing" => {}
                "upstream" | "tracking" => {
                    let merge = current
                        .as_ref()
                        .and_then(|b| get(&format!("branch.{b}.merge")));
                    match merge.or_else(|| current.clone()) {
                        Some(b) => facts.branches.push(strip_ref(&b)),
                        None => facts.dynamic = true,
                    }
                }
                _ => match &current {
                    Some(b) => facts.branches.push(b.clone()),
                    None => facts.dynamic = true,
                },
            }
        }
    }
    for text in &texts {
        let refspec = parse_refspec(text, facts.delete);
        facts.force |= refspec.force;
        facts.delete |= refspec.delete;
        if refspec.src.contains('*') || refspec.dst.contains('*') {
            facts.all = true;
        }
        let dst = if refspec.dst == "HEAD" || refspec.dst == "@" {
            current.clone()
        } else {
            Some(refspec.dst.clone())
        };
        match dst {
            Some(b) if !b.is_empty() => facts.branches.push(b),
            _ => facts.dynamic = true,
        }
        facts.refspecs.push(refspec);
    }
}

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "on" | "1" | ""
    )
}

fn strip_ref(name: &str) -> String {
    let name = name.strip_prefix("refs/heads/").unwrap_or(name);
    name.strip_prefix("heads/").unwrap_or(name).to_owned()
}

fn parse_refspec(text: &str, delete: bool) -> Refspec {
    let (force, body) = match text.strip_prefix('+') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let (src, dst) = match body.split_once(':') {
        Some((s, d)) => (s, d),
        None => (body, body),
    };
    Refspec {
        src: src.to_owned(),
        dst: strip_ref(dst),
        force,
        delete: delete || (src.is_empty() && !dst.is_empty()),
    }
}

/// The `.git` folder for `dir`: found upward, following a `gitdir:` file (worktrees).
fn find_git_dir(dir: &Path) -> Option<PathBuf> {
    let dot_git = dir
        .ancestors()
        .map(|d| d.join(".git"))
        .find(|g| g.exists())?;
    if !dot_git.is_file() {
        return Some(dot_git);
    }
    let text = read_bounded(&dot_git)?;
    let target = PathBuf::from(text.trim().strip_prefix("gitdir:")?.trim());
    Some(if target.is_absolute() {
        target
    } else {
        dot_git.parent()?.join(target)
    })
}

/// The current branch: find `.git` upward from `dir`, follow a `gitdir:` file, read `HEAD`.
/// `None` when unknown or detached.
pub(crate) fn current_branch(dir: Option<&Path>) -> Option<String> {
    let git_dir = find_git_dir(dir?)?;
    let head = read_bounded(&git_dir.join("HEAD"))?;
    head.trim()
        .strip_prefix("ref:")
        .map(|r| strip_ref(r.trim()))
}

/// Configuration files are read up to this size…
const MAX_FILE: u64 = 256 * 1024;
/// …and this many per lookup (includes counted).
const MAX_FILES: usize = 16;

fn read_bounded(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Parsed configuration: `key → values` in file order (the last value wins).
#[derive(Debug, Default)]
pub(crate) struct ConfigFiles {
    entries: Vec<(String, String)>,
}

impl ConfigFiles {
    fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The configuration files read during one analysis, by repository folder and the system and
/// user files in effect (a command's own `GIT_CONFIG_GLOBAL=…` reads other files).
#[derive(Debug, Default)]
pub(crate) struct ConfigCache {
    by_repo: HashMap<(Option<PathBuf>, Vec<PathBuf>), Rc<ConfigFiles>>,
}

impl ConfigCache {
    /// The system's, the user's and the repository's configuration (`/etc/gitconfig` or
    /// `GIT_CONFIG_SYSTEM`, `~/.gitconfig`, `$XDG_CONFIG_HOME/git/config` or
    /// `GIT_CONFIG_GLOBAL`, then `.git/config` and `config.worktree`), includes followed.
    fn config(&mut self, dir: Option<&Path>, repo: &Repo, input: &Input<'_>) -> Rc<ConfigFiles> {
        let git_dir = match &repo.git_dir {
            Some(f) if !f.dynamic => Some(PathBuf::from(&f.path)),
            Some(_) => None,
            None => dir.and_then(find_git_dir),
        };
        let home = PathBuf::from(input.home);
        let mut outer = system_files(input);
        match var(input, "GIT_CONFIG_GLOBAL") {
            Some(g) => outer.push(PathBuf::from(g)),
            None => {
                let xdg = var(input, "XDG_CONFIG_HOME")
                    .map_or_else(|| home.join(".config"), PathBuf::from);
                outer.push(xdg.join("git/config"));
                outer.push(home.join(".gitconfig"));
            }
        }
        let key = (git_dir, outer);
        if let Some(hit) = self.by_repo.get(&key) {
            return Rc::clone(hit);
        }
        let (git_dir, outer) = key;
        let mut files = ConfigFiles::default();
        let mut budget = MAX_FILES;
        for path in &outer {
            read_config(path, &home, 0, &mut budget, &mut files);
        }
        if let Some(g) = &git_dir {
            // A linked worktree keeps its configuration in the common folder.
            let common = read_bounded(&g.join("commondir"))
                .map(|c| g.join(c.trim()))
                .unwrap_or_else(|| g.clone());
            read_config(&common.join("config"), &home, 0, &mut budget, &mut files);
            read_config(
                &g.join("config.worktree"),
                &home,
                0,
                &mut budget,
                &mut files,
            );
        }
        let files = Rc::new(files);
        self.by_repo.insert((git_dir, outer), Rc::clone(&files));
        files
    }
}

/// The system-wide configuration files: `GIT_CONFIG_SYSTEM`, else every file git may have been
/// built to read (`/etc/gitconfig`, `/usr/local/etc/gitconfig`, Homebrew's); none with
/// `GIT_CONFIG_NOSYSTEM`. The command's own assignments come before agsec's environment.
fn system_files(input: &Input<'_>) -> Vec<PathBuf> {
    if var(input, "GIT_CONFIG_NOSYSTEM").is_some_and(|v| truthy(&v)) {
        return Vec::new();
    }
    match var(input, "GIT_CONFIG_SYSTEM") {
        Some(path) => vec![PathBuf::from(path)],
        None => [
            "/etc/gitconfig",
            "/usr/local/etc/gitconfig",
            "/opt/homebrew/etc/gitconfig",
        ]
        .iter()
        .map(PathBuf::from)
        .collect(),
    }
}

/// Read one configuration file into `files`, following `include.path` and every
/// `includeIf.*.path` (whether its condition holds or not: a superset).
fn read_config(path: &Path, home: &Path, depth: u32, budget: &mut usize, files: &mut ConfigFiles) {
    if *budget == 0 || depth > 8 {
        return;
    }
    *budget -= 1;
    let Some(text) = read_bounded(path) else {
        return;
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    for (key, value) in parse_config(&text) {
        let include =
            key == "include.path" || (key.starts_with("includeif.") && key.ends_with(".path"));
        if include {
            let target = if let Some(rest) = value.strip_prefix("~/") {
                home.join(rest)
            } else {
                base.join(&value)
            };
            read_config(&target, home, depth + 1, budget, files);
        }
        files.entries.push((key, value));
    }
}

/// Parse git's configuration syntax: `[section]`, `[section "sub"]`, `[section.sub]`,
/// `key = value`, a bare `key` (true), `#`/`;` comments, quotes, `\"` `\\` `\n` `\t` escapes and
/// `\` line continuations.
fn parse_config(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        if line.starts_with('[') {
            let Some(end) = line.find(']') else { continue };
            let inner = line.get(1..end).unwrap_or("").trim();
            section = match inner.split_once(char::is_whitespace) {
                Some((s, sub)) => {
                    let sub = sub.trim().trim_matches('"').replace("\\\"", "\"");
                    format!("{}.{sub}", s.to_lowercase())
                }
                None => match inner.split_once('.') {
                    Some((s, sub)) => format!("{}.{}", s.to_lowercase(), sub.to_lowercase()),
                    None => inner.to_lowercase(),
                },
            };
            // `[alias] x = y` on the same line as the header.
            let after = line.get(end + 1..).unwrap_or("").trim();
            if after.is_empty() || after.starts_with('#') || after.starts_with(';') {
                continue;
            }
            if let Some(entry) = entry(&section, after, &mut lines) {
                out.push(entry);
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') || section.is_empty() {
            continue;
        }
        if let Some(entry) = entry(&section, line, &mut lines) {
            out.push(entry);
        }
    }
    out
}

fn entry<'a>(
    section: &str,
    line: &str,
    lines: &mut impl Iterator<Item = &'a str>,
) -> Option<(String, String)> {
    let (name, raw) = match line.split_once('=') {
        Some((n, v)) => (n.trim(), Some(v)),
        None => (line.trim(), None),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let key = format!("{section}.{}", name.to_lowercase());
    let Some(raw) = raw else {
        return Some((key, "true".to_owned()));
    };
    let mut value = String::new();
    let mut spaces = 0usize;
    let mut quoted = false;
    let mut current = raw.to_owned();
    loop {
        let mut continued = false;
        let mut chars = current.chars();
        while let Some(c) = chars.next() {
            let piece = match c {
                '"' => {
                    quoted = !quoted;
                    continue;
                }
                '\\' => match chars.next() {
                    None => {
                        continued = true;
                        break;
                    }
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some(o) => o,
                },
                '#' | ';' if !quoted => break,
                c if c.is_whitespace() && !quoted => {
                    if !value.is_empty() {
                        spaces += 1;
                    }
                    continue;
                }
                c => c,
            };
            value.extend(std::iter::repeat_n(' ', spaces));
            spaces = 0;
            value.push(piece);
        }
        if !continued {
            break;
        }
        match lines.next() {
            Some(next) => current = next.to_owned(),
            None => break,
        }
    }
    Some((key, value))
}

pub(crate) mod reads;
pub(crate) mod staged;

#[cfg(test)]
mod tests;
