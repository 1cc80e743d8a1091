//! git facts: the subcommand after global options, `-c`/`git config` settings, push remote,
//! refspecs and destination branches (the current branch read from `.git/HEAD` for a bare
//! `git push`), force/delete/mirror, `reset --hard`, commands that discard the work tree, and
//! what `git clean`/`git rm` delete.

use super::analysis::{GitFacts, Refspec};
use super::effects::{Effects, Places, parse_opts};
use super::expand::Field;
use std::path::{Path, PathBuf};

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
];

/// Analyse `git args…`: facts, plus deletes/writes/network into `fx`.
pub(crate) fn git(
    args: &[Field],
    cwd: Option<&Path>,
    p: &Places<'_>,
    fx: &mut Effects,
) -> GitFacts {
    let mut facts = GitFacts::default();
    let mut dir = cwd.map(Path::to_path_buf);
    let mut i = 0;
    while let Some(arg) = args.get(i) {
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
                args.get(i).map(|f| f.value.clone())
            }
            None => None,
        };
        match (name, value) {
            ("-c", Some(kv)) => facts.config.push(config_entry(&kv)),
            ("-C", Some(d)) => {
                let place = Places {
                    cwd: dir.as_deref(),
                    ..*p
                };
                let fact = place.fact(&Field::literal(&d));
                dir = (!fact.dynamic).then(|| PathBuf::from(fact.path));
            }
            _ => {}
        }
        i += 1;
    }
    let Some(sub) = args.get(i) else {
        return facts;
    };
    let rest = args.get(i + 1..).unwrap_or(&[]);
    facts.subcommand = Some(sub.value.clone());
    fx.network = NETWORK.contains(&sub.value.as_str());
    let place = Places {
        cwd: dir.as_deref(),
        ..*p
    };
    match sub.value.as_str() {
        "push" => push(rest, dir.as_deref(), &mut facts),
        "config" => config(rest, &mut facts),
        "reset" => {
            facts.hard = rest
                .iter()
                .any(|a| matches!(a.value.as_str(), "--hard" | "--merge" | "--keep"));
        }
        "checkout" => {
            let dashdash = rest.iter().position(|a| a.value == "--");
            let forced = rest
                .iter()
                .any(|a| matches!(a.value.as_str(), "-f" | "--force"));
            let pathlike = rest.iter().any(|a| {
                let v = a.value.as_str();
                v == "." || v.starts_with("./") || v.starts_with(":/") || v.contains('*')
            });
            let after = dashdash.is_some_and(|d| d + 1 < rest.len());
            facts.discards_worktree = forced || pathlike || after;
        }
        "restore" => {
            let staged = rest
                .iter()
                .any(|a| matches!(a.value.as_str(), "--staged" | "-S"));
            let worktree = rest
                .iter()
                .any(|a| matches!(a.value.as_str(), "--worktree" | "-W"));
            facts.discards_worktree = !staged || worktree;
        }
        "switch" => {
            facts.discards_worktree = rest
                .iter()
                .any(|a| matches!(a.value.as_str(), "--discard-changes" | "-f" | "--force"));
        }
        "stash" => {
            facts.discards_worktree = matches!(
                rest.first().map(|a| a.value.as_str()),
                Some("clear" | "drop")
            );
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
                    fx.delete(&place, &all);
                }
            }
        }
        "rm" => {
            let parsed = parse_opts(rest, "", &[]);
            if !parsed.has(&["--cached"]) {
                for f in &parsed.operands {
                    fx.delete(&place, f);
                }
            }
        }
        "mv" => {
            let parsed = parse_opts(rest, "", &[]);
            if let Some((dest, sources)) = parsed.operands.split_last() {
                for s in sources {
                    fx.delete(&place, s);
                }
                fx.write(&place, dest);
            }
        }
        _ => {}
    }
    facts
}

/// `key=value` with the key lowercased; `key` alone means `key=true`.
fn config_entry(text: &str) -> String {
    match text.split_once('=') {
        Some((k, v)) => format!("{}={v}", k.to_lowercase()),
        None => format!("{}=true", text.to_lowercase()),
    }
}

fn config(rest: &[Field], facts: &mut GitFacts) {
    let parsed = parse_opts(
        rest,
        "f",
        &["--file", "--type", "--blob", "--default", "--comment"],
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
        facts.config.push(format!("{}={value}", key.to_lowercase()));
    }
}

fn push(rest: &[Field], dir: Option<&Path>, facts: &mut GitFacts) {
    let parsed = parse_opts(
        rest,
        "o",
        &["--push-option", "--repo", "--receive-pack", "--exec"],
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
    if specs.iter().any(|f| !f.is_literal())
        || facts.remote.as_deref().is_some_and(|r| r.contains('$'))
    {
        facts.dynamic = true;
    }
    let current = || current_branch(dir);
    for spec in &specs {
        let refspec = parse_refspec(&spec.value, facts.delete);
        facts.force |= refspec.force;
        facts.delete |= refspec.delete;
        let dst = if refspec.dst == "HEAD" || refspec.dst == "@" {
            current()
        } else {
            Some(refspec.dst.clone())
        };
        match dst {
            Some(b) if !b.is_empty() => facts.branches.push(b),
            _ => facts.dynamic = true,
        }
        facts.refspecs.push(refspec);
    }
    let pushes_all = facts.all || facts.mirror || facts.tags;
    if specs.is_empty() && !pushes_all {
        match current() {
            Some(b) => facts.branches.push(b),
            None => facts.dynamic = true,
        }
    }
}

fn strip_ref(name: &str) -> String {
    name.strip_prefix("refs/heads/").unwrap_or(name).to_owned()
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

/// The current branch: find `.git` upward from `dir`, follow a `gitdir:` file (worktrees), read
/// `HEAD`. `None` when unknown or detached.
pub(crate) fn current_branch(dir: Option<&Path>) -> Option<String> {
    let dir = dir?;
    let dot_git = dir
        .ancestors()
        .map(|d| d.join(".git"))
        .find(|g| g.exists())?;
    let git_dir = if dot_git.is_file() {
        let text = std::fs::read_to_string(&dot_git).ok()?;
        let target = text.trim().strip_prefix("gitdir:")?.trim().to_owned();
        let target = PathBuf::from(target);
        if target.is_absolute() {
            target
        } else {
            dot_git.parent()?.join(target)
        }
    } else {
        dot_git
    };
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    head.trim()
        .strip_prefix("ref:")
        .map(|r| strip_ref(r.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refspec_table() {
        let cases: &[(&str, &str, &str, bool, bool)] = &[
            ("main", "main", "main", false, false),
            ("+main", "main", "main", true, false),
            ("HEAD:main", "HEAD", "main", false, false),
            ("HEAD:refs/heads/main", "HEAD", "main", false, false),
            (":main", "", "main", false, true),
            ("+a:b", "a", "b", true, false),
        ];
        for (text, src, dst, force, delete) in cases {
            let r = parse_refspec(text, false);
            assert_eq!(
                (r.src.as_str(), r.dst.as_str(), r.force, r.delete),
                (*src, *dst, *force, *delete),
                "{text}"
            );
        }
    }

    #[test]
    fn current_branch_from_head_and_worktree_file() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("src/deep")).unwrap();
        std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/feature-x\n").unwrap();
        assert_eq!(
            current_branch(Some(&repo.join("src/deep"))).as_deref(),
            Some("feature-x")
        );
        let wt = dir.path().join("wt");
        std::fs::create_dir_all(wt.join("meta")).unwrap();
        std::fs::write(wt.join("meta/HEAD"), "ref: refs/heads/other\n").unwrap();
        std::fs::write(wt.join(".git"), "gitdir: meta\n").unwrap();
        assert_eq!(current_branch(Some(&wt)).as_deref(), Some("other"));
        std::fs::write(repo.join(".git/HEAD"), "0123abcd\n").unwrap();
        assert_eq!(current_branch(Some(&repo)), None);
    }

    #[test]
    fn config_entry_table() {
        assert_eq!(
            config_entry("core.hooksPath=/dev/null"),
            "core.hookspath=/dev/null"
        );
        assert_eq!(config_entry("alias.nuke=!rm -rf /"), "alias.nuke=!rm -rf /");
        assert_eq!(config_entry("core.bare"), "core.bare=true");
    }
}
